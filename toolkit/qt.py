"""The only door to Qt: a thin facade over qtpy.

Import this module inside the function that shows a panel, never at the top
of a core or app module: ``import toolkit`` must not load Qt. qtpy picks the
binding (``QT_API``, else whatever binding the host already imported), so the
same code runs with PySide2 (Maya 2020-2024, Nuke 13, Houdini 19) and PySide6.
"""

import os
import sys

if os.environ.get("QT_API") == "":  # set but empty makes qtpy raise
    del os.environ["QT_API"]

try:
    from qtpy import API_NAME, QtCore, QtGui, QtWidgets  # noqa: E402
except Exception as exc:  # qtpy raises its own errors, not ImportError, when no binding loads
    from toolkit.errors import QtUnavailableError
    raise QtUnavailableError(
        "panels need a Qt binding and none could be imported (%s). Inside a host, its own Qt "
        "is used; outside, install one: pip install 'reelkit[qt]' (PySide6 on Python 3.11+, "
        "PySide2 5.15 before)" % (exc or type(exc).__name__))

Signal = QtCore.Signal
Slot = QtCore.Slot

__all__ = ["API_NAME", "QtCore", "QtGui", "QtWidgets", "Signal", "Slot", "ensure_application"]


def ensure_application():
    """The running QApplication; one is created when the process has none (a shell)."""
    app = QtWidgets.QApplication.instance()
    if app is None:
        app = QtWidgets.QApplication(sys.argv[:1] or ["reelkit"])
    return app
