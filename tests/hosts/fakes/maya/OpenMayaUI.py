"""Fake ``maya.OpenMayaUI``: ``MQtUtil.mainWindow()`` returns a pointer to a real QWidget.

The test hands its own QMainWindow to ``_set_main_window``; the engine gets its
address exactly as in Maya and wraps it back with shiboken.
"""

_main_window = [None]


def _set_main_window(widget):
    _main_window[0] = widget


def _shiboken():
    import importlib

    import qtpy
    return importlib.import_module({"PySide2": "shiboken2", "PySide6": "shiboken6"}[qtpy.API_NAME])


class MQtUtil(object):
    """Access to Maya's Qt objects."""

    @staticmethod
    def mainWindow(*args, **kwargs):
        """The address of Maya's main window (None when there is no UI)."""
        widget = _main_window[0]
        if widget is None:
            return None
        return _shiboken().getCppPointer(widget)[0]
