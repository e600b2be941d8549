"""Qt model of the entity tree, with the headless search as a filter proxy."""

from .._qt import QtCore, QtGui
from toolkit.entity_tree import search

NODE_ROLE = QtCore.Qt.UserRole + 1


def build_entity_model(root, parent=None):
    """A ``QStandardItemModel`` mirroring the :class:`EntityNode` tree ``root``."""
    model = QtGui.QStandardItemModel(parent)
    model.setHorizontalHeaderLabels(["Entity"])

    def add(node, parent_item):
        item = QtGui.QStandardItem(node.label)
        item.setEditable(False)
        item.setData(node, NODE_ROLE)
        parent_item.appendRow(item)
        for child in node.children:
            add(child, item)

    add(root, model.invisibleRootItem())
    return model


class EntitySearchProxy(QtCore.QSortFilterProxyModel):
    """Shows the nodes :func:`toolkit.entity_tree.search` keeps for the typed text."""

    def __init__(self, root, parent=None):
        super(EntitySearchProxy, self).__init__(parent)
        self.root = root
        self.text = ""
        self._visible = None

    def set_text(self, text):
        if hasattr(self, "endFilterChange"):  # Qt >= 6.10 deprecates invalidateFilter
            self.beginFilterChange()
        self.text = text
        self._visible = search(self.root, text) if text else None
        if hasattr(self, "endFilterChange"):
            self.endFilterChange()
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, row, parent):
        if self._visible is None:
            return True
        index = self.sourceModel().index(row, 0, parent)
        return id(index.data(NODE_ROLE)) in self._visible

    def node(self, index):
        return index.data(NODE_ROLE) if index.isValid() else None
