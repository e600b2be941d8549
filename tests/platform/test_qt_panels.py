"""Panels in the shell engine, offscreen: parented to the main window and visible."""

import sys

from toolkit.platform import start_engine


def test_toolkit_does_not_import_qt_until_a_panel_is_shown():
    import subprocess
    code = ("import sys, toolkit, toolkit.platform, toolkit.bootstrap, toolkit.platform.launch;"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('qtpy', 'PySide2', 'PySide6', 'toolkit.qt')))")
    out = subprocess.check_output([sys.executable, "-c", code])
    assert out.strip() == b"[]"


def test_show_panel_docks_in_the_shell_main_window(qtbot, shot):
    from toolkit import qt
    project, context = shot
    engine = start_engine("shell", context, project)

    class Panel(qt.QtWidgets.QLabel):
        def __init__(self, text):
            super(Panel, self).__init__(text)

    panel = engine.show_panel(Panel, "Demo", "demo_panel", "hi")
    window = engine.host.main_window()
    assert isinstance(window, qt.QtWidgets.QMainWindow)
    assert panel.window() is window and panel.text() == "hi"
    qtbot.waitUntil(panel.isVisible)
    assert engine.show_panel(Panel, "Demo", "demo_panel", "again") is panel
    dialog_widget = engine.show_dialog("Dialog", None, Panel, "d")
    assert dialog_widget.window().parent() is window and dialog_widget.isVisible()
    engine.destroy()


def test_errors_show_a_message_box_when_qt_is_up(qtbot, shot):
    from toolkit import qt
    qt.ensure_application()
    project, context = shot
    engine = start_engine("recorder", context, project)
    engine.find_command("Broken demo").callback()
    boxes = [w for w in engine._windows if isinstance(w, qt.QtWidgets.QMessageBox)]
    assert boxes and "command failed on purpose" in boxes[0].text()
    engine.destroy()


def test_qt_facade():
    from toolkit import qt
    assert qt.ensure_application() is qt.QtWidgets.QApplication.instance()
    assert qt.Signal is qt.QtCore.Signal and qt.API_NAME in ("PySide2", "PySide6")
