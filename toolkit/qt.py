"""The only door to Qt: a thin facade over qtpy.

Import this module inside the function that shows a panel, never at the top
of a core or app module: ``import toolkit`` must not load Qt. qtpy picks the
binding (``QT_API``, else whatever binding the host already imported), so the
same code runs with PySide2 (Maya 2020-2024, Nuke 13, Houdini 19) and PySide6.
"""

import logging
import os
import sys

if os.environ.get("QT_API") == "":  # set but empty makes qtpy raise
    del os.environ["QT_API"]

if "qtpy" not in sys.modules:
    # qtpy 1.x tries PyQt5 first when QT_API is unset, while every host ships
    # PySide (engines pin their own binding at start, see HostAdapter.pin_qt_binding):
    # outside an engine, prefer an importable PySide too.
    from toolkit.platform.host import pin_qt_binding
    pin_qt_binding(("PySide6", "PySide2"))

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


# The QApplication Reelkit made, kept for the life of the process: PyQt deletes
# an unreferenced one at once, and the next widget then aborts the host (Blender
# exit 134, "Must construct a QApplication before a QWidget").
_made = []


def ensure_application():
    """The running QApplication; one is created (and kept) when the process has none.

    Hosts with a Qt UI (Maya, Nuke, Houdini) have one already. Hosts without
    (Blender, a shell) get one made with the binding qtpy picked. A process
    running a QCoreApplication cannot show widgets: that is one clear
    :class:`~toolkit.errors.QtUnavailableError`, never an abort.
    """
    app = QtWidgets.QApplication.instance()  # a QCoreApplication too, when that runs
    if not isinstance(app, QtWidgets.QApplication):
        from toolkit.errors import QtUnavailableError
        if app is not None:
            raise QtUnavailableError(
                "this process runs a QCoreApplication (no widgets): Reelkit panels cannot "
                "open here (Qt binding %s)" % API_NAME)
        try:
            app = QtWidgets.QApplication(sys.argv[:1] or ["reelkit"])
        except Exception as exc:
            raise QtUnavailableError("could not create a QApplication with %s: %s" % (
                API_NAME, exc))
        _made.append(app)
        logging.getLogger("reelkit.qt").info(
            "created a QApplication with %s (Qt %s): the host had none", API_NAME,
            QtCore.qVersion())
    return app
