"""How each status looks: a colour, an icon from the style, and the words shown."""

from .._qt import QtGui, QtWidgets
from ..inventory import LATEST, MISSING, NOT_A_PUBLISH, OUT_OF_DATE, PINNED

#: status -> (text, colour, standard icon name)
STATUS_LOOK = {
    LATEST: ("latest", "#5fb760", "SP_DialogApplyButton"),
    OUT_OF_DATE: ("out of date", "#e89b2c", "SP_MessageBoxWarning"),
    PINNED: ("pinned", "#5b9bd5", "SP_DialogSaveButton"),
    NOT_A_PUBLISH: ("not a publish", "#9a9a9a", "SP_FileIcon"),
    MISSING: ("missing file", "#e0524f", "SP_MessageBoxCritical"),
}


def status_text(item):
    """``out of date (2 behind)``, ``pinned at v003``, ``latest``..."""
    text = STATUS_LOOK[item.status][0]
    if item.status == OUT_OF_DATE:
        text += " (%d behind)" % item.behind
    elif item.status == PINNED and item.pinned_version is not None:
        text += " at v%03d" % item.pinned_version
    return text


def status_colour(status):
    """The QColor of ``status``."""
    return QtGui.QColor(STATUS_LOOK[status][1])


def status_icon(status, style=None):
    """The icon of ``status``, from the application's style (what the host's Qt draws)."""
    style = style or QtWidgets.QApplication.style()
    return style.standardIcon(getattr(QtWidgets.QStyle, STATUS_LOOK[status][2]))
