"""One small item model for every list and tree of the File Open panel.

Rows are :class:`Row` objects served by ``data()``, so filling a view with
10,000 work files costs one model reset, not 10,000 item insertions. (It also
keeps the per-row work out of the binding: with PySide6 6.12 on Python 3.11,
``QTreeWidgetItem.setData`` and ``QTreeWidget.addTopLevelItem`` called once per
file lose references to ``None`` until the process aborts with
``none_dealloc``, which a panel of 10,000 items reached.)
"""

from .._qt import QtCore, QtGui

class Row(object):
    """One row: ``columns`` (texts, or a function returning them, called when the row
    is first shown: a row's file is only read from disk if it is painted),
    ``payload`` (what the row stands for: read it with :meth:`RowModel.row_of`),
    ``children`` (rows), ``dimmed`` (greyed text)."""

    __slots__ = ("_columns", "payload", "children", "parent", "dimmed")

    def __init__(self, columns, payload=None, children=None, dimmed=False):
        self._columns = columns
        self.payload = payload
        self.children = children or []
        self.parent = None
        self.dimmed = dimmed
        for child in self.children:
            child.parent = self

    @property
    def columns(self):
        """The row's texts (computed on first use when given as a function)."""
        if not isinstance(self._columns, list):
            self._columns = list(self._columns() if callable(self._columns) else self._columns)
        return self._columns


class RowModel(QtCore.QAbstractItemModel):
    """A read-only tree (or list) of :class:`Row` under ``headers``."""

    def __init__(self, headers, parent=None):
        super(RowModel, self).__init__(parent)
        self.headers = list(headers)
        self.root = Row([])
        self._dim = QtGui.QBrush(QtGui.QColor(150, 150, 150))

    def set_rows(self, rows):
        """Replace every row (one reset)."""
        self.beginResetModel()
        self.root = Row([], children=rows)
        self.endResetModel()

    def row_of(self, index):
        """The :class:`Row` at ``index`` (None for an invalid index)."""
        if not index.isValid():
            return None
        return index.internalPointer()

    def index_of(self, row, column=0):
        """The model index of ``row``."""
        siblings = (row.parent or self.root).children
        return self.createIndex(siblings.index(row), column, row)

    # -- QAbstractItemModel ------------------------------------------------------

    def index(self, row, column, parent=QtCore.QModelIndex()):
        owner = self.row_of(parent) or self.root
        if 0 <= row < len(owner.children) and 0 <= column < len(self.headers):
            return self.createIndex(row, column, owner.children[row])
        return QtCore.QModelIndex()

    def parent(self, index):
        row = self.row_of(index)
        if row is None or row.parent is None or row.parent is self.root:
            return QtCore.QModelIndex()
        return self.index_of(row.parent)

    def rowCount(self, parent=QtCore.QModelIndex()):
        if parent.isValid() and parent.column() != 0:
            return 0
        return len((self.row_of(parent) or self.root).children)

    def columnCount(self, parent=QtCore.QModelIndex()):
        return len(self.headers)

    def data(self, index, role=QtCore.Qt.DisplayRole):
        row = self.row_of(index)
        if row is None:
            return None
        if role == QtCore.Qt.DisplayRole:
            column = index.column()
            texts = row.columns
            return texts[column] if column < len(texts) else ""
        if role == QtCore.Qt.ForegroundRole and row.dimmed:
            return self._dim
        return None

    def headerData(self, section, orientation, role=QtCore.Qt.DisplayRole):
        if orientation == QtCore.Qt.Horizontal and role == QtCore.Qt.DisplayRole \
                and section < len(self.headers):
            return self.headers[section]
        return None

    def walk(self):
        """Every row, depth first."""
        stack = list(reversed(self.root.children))
        while stack:
            row = stack.pop()
            yield row
            stack.extend(reversed(row.children))
