"""The dialog shown before a bulk update: every node that will change, from -> to."""

from .._qt import QtCore, QtWidgets


class ChangePreview(QtWidgets.QDialog):
    """Lists planned :class:`~..updating.Change` s; "Update" accepts, "Cancel" rejects.

    Opened window-modal with :meth:`open` (never a blocking ``exec_`` loop inside
    a host); the panel applies the changes on ``accepted``.
    """

    def __init__(self, changes, parent=None):
        super(ChangePreview, self).__init__(parent)
        self.changes = list(changes)
        self.setWindowTitle("Update %d reference%s" % (
            len(self.changes), "" if len(self.changes) == 1 else "s"))
        self.table = QtWidgets.QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(["Node", "From", "To", "New path"])
        for change in self.changes:
            row = QtWidgets.QTreeWidgetItem(self.table, [
                change.node, _version(change.from_version), _version(change.to_version),
                change.to_path])
            row.setToolTip(3, change.to_path)
        for column in range(3):
            self.table.resizeColumnToContents(column)
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.Ok | QtWidgets.QDialogButtonBox.Cancel)
        self.update_button = self.buttons.button(QtWidgets.QDialogButtonBox.Ok)
        self.update_button.setText("Update")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(QtWidgets.QLabel("These references will change (one undo step):"))
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.setWindowModality(QtCore.Qt.WindowModal)
        self.resize(640, 300)

    def rows(self):
        """``[(node, from, to)]`` as shown."""
        return [tuple(self.table.topLevelItem(i).text(c) for c in range(3))
                for i in range(self.table.topLevelItemCount())]


def _version(version):
    return "v%03d" % version if version is not None else "?"
