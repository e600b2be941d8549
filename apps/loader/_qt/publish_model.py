"""Qt item model over the headless :class:`apps.loader.model.PublishList`.

Rows arrive a page at a time through ``canFetchMore``/``fetchMore``, so a view
over 100,000 publishes creates nothing per row and reads only what it shows.
"""

from .._qt import QtCore, QtGui

PUBLISH_ROLE = QtCore.Qt.UserRole + 1

# data() runs for every painted cell and role: compare plain ints, not enums
# (PySide6 enums are Python enums, slow to compare).
_DISPLAY = int(QtCore.Qt.DisplayRole)
_DECORATION = int(QtCore.Qt.DecorationRole)
_TOOLTIP = int(QtCore.Qt.ToolTipRole)
_PUBLISH = int(PUBLISH_ROLE)
_FLAGS = QtCore.Qt.ItemIsEnabled | QtCore.Qt.ItemIsSelectable

def _link_text(link):
    if not link:
        return ""
    return link.get("code") or link.get("content") or link.get("login") or link.get("name") or ""


def _date_text(value):
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else ""


# (header, function(publish) -> display text)
COLUMNS = [
    ("Name", lambda p: p.get("name") or p.get("code") or ""),
    ("Version", lambda p: "v%03d" % (p.get("version_number") or 0)),
    ("Type", lambda p: p.get("published_file_type") or ""),
    ("Entity", lambda p: _link_text(p.get("entity"))),
    ("Step", lambda p: _link_text(p.get("step"))),
    ("Author", lambda p: _link_text(p.get("created_by"))),
    ("Date (UTC)", lambda p: _date_text(p.get("created_at"))),
]


class PublishTableModel(QtCore.QAbstractTableModel):
    """One row per publish of the current filter; column 0 carries the thumbnail.

    The grid view shows column 0 only, with the thumbnail as its icon.
    """

    def __init__(self, publish_list, thumbnails=None, parent=None):
        super(PublishTableModel, self).__init__(parent)
        self.publish_list = publish_list
        self.thumbnails = thumbnails
        self._rows_by_thumbnail = {}
        self._texts = {}  # row -> display texts, built when first painted
        self._placeholder = None
        if thumbnails is not None:
            thumbnails.ready.connect(self._on_thumbnail_ready)

    # -- filter ----------------------------------------------------------------

    def set_filter(self, publish_filter):
        """Show ``publish_filter``'s publishes, from the first page (also a refresh)."""
        self.beginResetModel()
        self.publish_list.set_filter(publish_filter)
        self._rows_by_thumbnail = {}
        self._texts = {}
        if self.thumbnails is not None:
            self.thumbnails.cancel_pending()
        self.endResetModel()
        self.fetchMore(QtCore.QModelIndex())

    def publish(self, row):
        return self.publish_list.rows[row]

    # -- Qt model --------------------------------------------------------------

    def rowCount(self, parent=QtCore.QModelIndex()):
        return 0 if parent.isValid() else len(self.publish_list.rows)

    def columnCount(self, parent=QtCore.QModelIndex()):
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=QtCore.Qt.DisplayRole):
        if orientation == QtCore.Qt.Horizontal and role == QtCore.Qt.DisplayRole:
            return COLUMNS[section][0]
        return None

    def flags(self, index):
        return _FLAGS

    def data(self, index, role=QtCore.Qt.DisplayRole):
        role = int(role)
        if role == _DISPLAY:
            row = index.row()
            texts = self._texts.get(row)
            if texts is None:
                publish = self.publish_list.rows[row]
                texts = self._texts[row] = [text(publish) for _, text in COLUMNS]
            return texts[index.column()]
        if role == _DECORATION:
            if index.column() == 0 and self.thumbnails is not None:
                return self._thumbnail(self.publish_list.rows[index.row()])
            return None
        if role == _PUBLISH:
            return self.publish_list.rows[index.row()]
        if role == _TOOLTIP:
            publish = self.publish_list.rows[index.row()]
            return "%s\n%s" % (publish.get("path") or "", publish.get("description") or "")
        return None

    def _thumbnail(self, publish):
        pixmap = self.thumbnails.pixmap(publish.get("thumbnail_path"))
        if pixmap is not None:
            return pixmap
        if self._placeholder is None:
            size = self.thumbnails.size
            self._placeholder = QtGui.QPixmap(size, size * 9 // 16)
            self._placeholder.fill(QtGui.QColor(70, 70, 70))
        return self._placeholder

    def canFetchMore(self, parent):
        return not parent.isValid() and self.publish_list.can_fetch_more

    def fetchMore(self, parent):
        if parent.isValid():
            return
        # With latest-only a page may add nothing new; read on until something shows.
        added = []
        while not added and self.publish_list.can_fetch_more:
            added = self.publish_list.read_page()
        if not added:
            return
        first = len(self.publish_list.rows)
        self.beginInsertRows(QtCore.QModelIndex(), first, first + len(added) - 1)
        self.publish_list.rows.extend(added)
        for offset, publish in enumerate(added):
            path = publish.get("thumbnail_path")
            if path:
                self._rows_by_thumbnail.setdefault(path, []).append(first + offset)
        self.endInsertRows()

    def _on_thumbnail_ready(self, path):
        for row in self._rows_by_thumbnail.get(path, ()):
            index = self.index(row, 0)
            self.dataChanged.emit(index, index, [QtCore.Qt.DecorationRole])
