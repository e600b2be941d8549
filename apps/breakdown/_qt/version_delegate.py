"""The version drop-down of a row: every version of its publish, newest first."""

from .._qt import QtCore, QtWidgets

#: Item data role holding a row's node name (None on group rows).
NODE_ROLE = QtCore.Qt.UserRole + 1


class VersionDelegate(QtWidgets.QStyledItemDelegate):
    """Edits the Version column with a combo box of the publish's history.

    The history is read when the drop-down opens (one store request), never
    while the tree fills. Picking another version calls
    ``panel.set_version(node, record)`` once the editor has closed, since the
    update rebuilds the tree the editor lives in.
    """

    def __init__(self, panel):
        super(VersionDelegate, self).__init__(panel)
        self.panel = panel

    def createEditor(self, parent, option, index):
        node = index.data(NODE_ROLE)
        if not node:
            return None
        history = self.panel.session.history(node)
        if not history:
            return None
        combo = QtWidgets.QComboBox(parent)
        newest = history[0].get("version_number")
        for record in history:
            version = record.get("version_number")
            combo.addItem("v%03d%s" % (version, " (latest)" if version == newest else ""),
                          record)
        combo.setProperty("node", node)
        combo.activated.connect(lambda _: self._commit(combo))
        return combo

    def setEditorData(self, editor, index):
        current = self.panel.session.inventory.item(editor.property("node")).version
        for row in range(editor.count()):
            if editor.itemData(row).get("version_number") == current:
                editor.setCurrentIndex(row)
                break

    def setModelData(self, editor, model, index):
        record = editor.itemData(editor.currentIndex())
        node = editor.property("node")
        item = self.panel.session.inventory.item(node)
        if record and record.get("version_number") != item.version:
            QtCore.QTimer.singleShot(0, lambda: self.panel.set_version(node, record))

    def _commit(self, combo):
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QtWidgets.QAbstractItemDelegate.NoHint)
