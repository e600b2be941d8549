"""File Save: name, extension, a live preview of the path, and the next free version."""

from toolkit.errors import ReelkitError

from .._qt import QtCore, QtWidgets
from .prompts import show_error


class FileSavePanel(QtWidgets.QWidget):
    """Save the open scene as the next free version of a name, in my sandbox.

    Every keystroke re-renders the path through the work template: a name a key
    refuses shows the key's rule in red and disables Save, so nothing is ever
    written for a bad name. ``saved(path)`` fires after a save.
    """

    saved = QtCore.Signal(str)

    def __init__(self, session, parent=None):
        super(FileSavePanel, self).__init__(parent)
        self.session = session
        self.last_saved = None
        self.name = QtWidgets.QLineEdit(self._initial_name())
        self.name.setObjectName("name")
        self.extension = QtWidgets.QComboBox()
        self.extension.setObjectName("extension")
        self.preview = QtWidgets.QLabel()
        self.preview.setObjectName("preview")
        self.preview.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.preview.setWordWrap(True)
        self.version = QtWidgets.QLabel()
        self.version.setObjectName("version")
        self.problem = QtWidgets.QLabel()
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #e0584b;")
        self.problem.setWordWrap(True)
        self.save_button = QtWidgets.QPushButton("Save")
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        cancel = QtWidgets.QPushButton("Cancel")

        form = QtWidgets.QFormLayout()
        form.addRow("Context", QtWidgets.QLabel(str(session.context)))
        form.addRow("Name", self.name)
        form.addRow("Extension", self.extension)
        form.addRow("Version", self.version)
        form.addRow("Path", self.preview)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.resize(640, 220)

        try:
            extensions = session.extensions()
        except ReelkitError as exc:
            extensions = []
            self._area_problem = exc
        else:
            self._area_problem = None
        self.extension.addItems(extensions)
        self.extension.setEnabled(bool(extensions))
        self.name.textChanged.connect(self.update_preview)
        self.extension.currentIndexChanged.connect(self.update_preview)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(lambda: self.window().close())
        self.update_preview()

    def _initial_name(self):
        """The open scene's name when it is a work file, else the default name."""
        path = self.session.host.current_scene_path()
        if path:
            template, fields = self.session.project.templates.match_path(path)
            if fields and fields.get("name"):
                return fields["name"]
        return self.session.default_name

    def current_extension(self):
        return self.extension.currentText() or None

    def update_preview(self, *args):
        """Render the path for the name typed; show the rule when a key refuses it."""
        if self._area_problem is not None:
            return self._show_problem(self._area_problem)
        try:
            preview = self.session.preview_save_as(self.name.text(), self.current_extension())
        except ReelkitError as exc:
            return self._show_problem(exc)
        self.preview.setText(preview.path)
        self.version.setText("v%03d (next free, across every sandbox and the publishes)"
                             % preview.version)
        self.problem.clear()
        self.save_button.setEnabled(True)
        return preview

    def _show_problem(self, error):
        self.preview.clear()
        self.version.clear()
        self.problem.setText(str(error))
        self.save_button.setEnabled(False)
        return None

    def save(self):
        """Save as the previewed name (the version is claimed at this moment); return the path."""
        if self.update_preview() is None:
            return None
        try:
            path = self.session.save_as(self.name.text(), self.current_extension())
        except ReelkitError as exc:
            show_error(self, "File Save", exc)
            return None
        self.last_saved = path
        self.saved.emit(path)
        self.window().close()
        return path
