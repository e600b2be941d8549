"""Qt views of the Launcher. Imported only when a panel is shown."""

from toolkit.qt import QtCore, QtGui, QtWidgets  # noqa: F401 -- re-exported for the views
