"""The questions Workfiles asks the artist, as message boxes."""

from .._qt import QtWidgets
from ..session import CANCEL, DISCARD, SAVE


def ask_unsaved(parent=None):
    """Save / Don't save / Cancel before the scene is replaced; returns SAVE, DISCARD or CANCEL."""
    box = QtWidgets.QMessageBox(parent)
    box.setObjectName("workfilesUnsaved")
    box.setIcon(QtWidgets.QMessageBox.Warning)
    box.setWindowTitle("Unsaved changes")
    box.setText("The scene has unsaved changes.")
    box.setInformativeText("Save them before going on?")
    buttons = QtWidgets.QMessageBox
    box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
    box.setDefaultButton(buttons.Save)
    box.button(buttons.Discard).setText("Don't save")
    clicked = box.exec_()
    if clicked == buttons.Save:
        return SAVE
    if clicked == buttons.Discard:
        return DISCARD
    return CANCEL


def ask_open_newest(version, newest, newest_path, parent=None):
    """True when the artist wants the newest version instead of the older one just opened."""
    box = QtWidgets.QMessageBox(parent)
    box.setObjectName("workfilesOlderVersion")
    box.setIcon(QtWidgets.QMessageBox.Information)
    box.setWindowTitle("Older version")
    box.setText("You opened v%03d; the newest version is v%03d." % (version, newest))
    box.setInformativeText("Open v%03d instead?\n%s" % (newest, newest_path))
    box.setStandardButtons(QtWidgets.QMessageBox.Open | QtWidgets.QMessageBox.Ignore)
    box.button(QtWidgets.QMessageBox.Open).setText("Open v%03d" % newest)
    box.button(QtWidgets.QMessageBox.Ignore).setText("Keep v%03d" % version)
    box.setDefaultButton(QtWidgets.QMessageBox.Open)
    return box.exec_() == QtWidgets.QMessageBox.Open


def show_error(parent, title, error):
    """A non-blocking error box (the panel stays usable)."""
    box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Critical, title, str(error),
                                QtWidgets.QMessageBox.Ok, parent)
    box.setObjectName("workfilesError")
    box.show()
    return box
