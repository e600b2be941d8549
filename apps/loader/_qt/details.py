"""Right-hand pane: the selected publish's details and its version history."""

from .._qt import QtCore, QtWidgets
from .._qt.publish_model import PUBLISH_ROLE, _date_text, _link_text


class DetailsWidget(QtWidgets.QWidget):
    """Thumbnail, fields and version history of one publish.

    ``versionActivated(publish)`` fires when a history row is double-clicked.
    """

    versionActivated = QtCore.Signal(object)

    FIELDS = [
        ("Name", lambda p: p.get("name") or ""),
        ("Version", lambda p: "v%03d" % (p.get("version_number") or 0)),
        ("Type", lambda p: p.get("published_file_type") or ""),
        ("Entity", lambda p: _link_text(p.get("entity"))),
        ("Task", lambda p: _link_text(p.get("task"))),
        ("Author", lambda p: _link_text(p.get("created_by"))),
        ("Date (UTC)", lambda p: _date_text(p.get("created_at"))),
        ("Frames", lambda p: "" if p.get("first_frame") is None
         else "%s-%s" % (p.get("first_frame"), p.get("last_frame"))),
        ("Path", lambda p: p.get("path") or ""),
        ("Comment", lambda p: p.get("description") or ""),
    ]

    def __init__(self, thumbnails=None, parent=None):
        super(DetailsWidget, self).__init__(parent)
        self.thumbnails = thumbnails
        self.publish = None
        self.thumbnail = QtWidgets.QLabel()
        self.thumbnail.setAlignment(QtCore.Qt.AlignCenter)
        self.thumbnail.setMinimumHeight(120)
        form = QtWidgets.QFormLayout()
        self.values = {}
        for label, _ in self.FIELDS:
            value = QtWidgets.QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
            self.values[label] = value
            form.addRow(label, value)
        self.history = QtWidgets.QTreeWidget()
        self.history.setHeaderLabels(["Version", "Date (UTC)", "Author", "Comment"])
        self.history.setRootIsDecorated(False)
        self.history.itemDoubleClicked.connect(self._on_history_activated)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.thumbnail)
        layout.addLayout(form)
        layout.addWidget(QtWidgets.QLabel("History"))
        layout.addWidget(self.history, 1)
        if thumbnails is not None:
            thumbnails.ready.connect(self._on_thumbnail_ready)
        self.show_publish(None, [])

    def show_publish(self, publish, history):
        """Show ``publish`` (None clears) and ``history`` (its versions, newest first)."""
        self.publish = publish
        for label, text in self.FIELDS:
            self.values[label].setText(text(publish) if publish else "")
        self._show_thumbnail()
        self.history.clear()
        for version in history:
            item = QtWidgets.QTreeWidgetItem([
                "v%03d" % (version.get("version_number") or 0),
                _date_text(version.get("created_at")),
                _link_text(version.get("created_by")),
                (version.get("description") or "").split("\n")[0],
            ])
            item.setData(0, PUBLISH_ROLE, version)
            if publish is not None and version.get("id") == publish.get("id"):
                font = item.font(0)
                font.setBold(True)
                for column in range(4):
                    item.setFont(column, font)
            self.history.addTopLevelItem(item)

    def _show_thumbnail(self):
        pixmap = None
        if self.publish is not None and self.thumbnails is not None:
            pixmap = self.thumbnails.pixmap(self.publish.get("thumbnail_path"))
        if pixmap is None:
            self.thumbnail.clear()
            self.thumbnail.setText("No thumbnail" if self.publish else "Select a publish")
        else:
            self.thumbnail.setPixmap(pixmap)

    def _on_thumbnail_ready(self, path):
        if self.publish is not None and self.publish.get("thumbnail_path") == path:
            self._show_thumbnail()

    def _on_history_activated(self, item, column):
        self.versionActivated.emit(item.data(0, PUBLISH_ROLE))
