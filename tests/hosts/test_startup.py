"""Each engine's startup script, run the way its host runs it, starts the engine
in the context of ``REELKIT_CONTEXT``; a broken environment is logged, never raised."""

import logging
import os
import runpy

import pytest

from toolkit.platform import current_engine

ENGINES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "engines")

SCRIPTS = [
    ("maya", "userSetup.py"),
    ("nuke", "menu.py"),
    ("houdini", "pythonrc.py"),
] + [("houdini", os.path.join("python%slibs" % v, "pythonrc.py"))  # what Houdini really runs
     for v in ("2.7", "3.7", "3.9", "3.10", "3.11")]


@pytest.fixture(autouse=True)
def nuke_path_on_sys_path(monkeypatch):
    """Nuke puts every NUKE_PATH folder on sys.path before it runs init.py/menu.py."""
    monkeypatch.syspath_prepend(os.path.join(ENGINES, "nuke", "startup"))


def run_startup(engine, script):
    """Run a startup script as its host does, then let the host's UI become idle."""
    runpy.run_path(os.path.join(ENGINES, engine, "startup", script), run_name="__main__")
    if engine == "maya":  # userSetup.py defers the start until Maya is idle
        import maya.utils
        assert current_engine() is None
        maya.utils._process_idle_events()
    elif engine == "houdini":  # pythonrc.py runs before the UI: the start is deferred
        import hdefereval
        assert current_engine() is None
        hdefereval._process_events()


@pytest.mark.parametrize("engine, script", SCRIPTS)
def test_startup_script_starts_the_engine_in_the_context(engine, script, fake_hosts,
                                                        reelkit_env):
    project, context = reelkit_env
    import maya.OpenMayaUI
    from toolkit import qt
    qt.ensure_application()
    window = qt.QtWidgets.QMainWindow()
    maya.OpenMayaUI._set_main_window(window)  # Maya builds menus only with a UI
    run_startup(engine, script)
    running = current_engine()
    assert running is not None and running.name == engine
    assert running.context == context
    assert "Probe" in running.commands


def test_houdini_running_pythonrc_twice_keeps_one_engine(fake_hosts, reelkit_env):
    import hdefereval
    run_startup("houdini", "pythonrc.py")
    first = current_engine()
    runpy.run_path(os.path.join(ENGINES, "houdini", "startup", "python3.11libs",
                                "pythonrc.py"), run_name="__main__")
    hdefereval._process_events()
    assert current_engine() is first


def test_houdini_ships_no_123_or_456_to_shadow_houdinis_own():
    """The first 123.py/456.py on HOUDINI_SCRIPT_PATH hides Houdini's 123.cmd and a
    studio's own; the engine puts nothing there."""
    startup = os.path.join(ENGINES, "houdini", "startup")
    shipped = [name for name in os.listdir(startup)
               if os.path.splitext(name)[0] in ("123", "456")]
    assert shipped == []
    with open(os.path.join(ENGINES, "houdini", "manifest.yml")) as handle:
        assert "HOUDINI_SCRIPT_PATH" not in handle.read()


def test_houdini_starts_at_once_without_a_ui(fake_hosts, reelkit_env):
    """hython and hbatch run pythonrc.py and have no UI event loop to defer to."""
    import hou
    hou._state.ui = False
    runpy.run_path(os.path.join(ENGINES, "houdini", "startup", "python3.11libs",
                                "pythonrc.py"), run_name="__main__")
    running = current_engine()
    assert running is not None and running.name == "houdini"
    assert hou._state.shelves == {}  # hython has no shelves: none built
    running.destroy()  # and clear_menu must not touch them (NotAvailable)
    assert current_engine() is None


def test_houdini_with_a_ui_waits_for_it(fake_hosts, reelkit_env):
    """With a UI, pythonrc.py runs before the main window and shelf sets exist."""
    import hdefereval
    runpy.run_path(os.path.join(ENGINES, "houdini", "startup", "pythonrc.py"),
                   run_name="__main__")
    assert current_engine() is None
    hdefereval._process_events()
    assert current_engine() is not None


def test_maya_batch_and_mayapy_start_at_once(fake_hosts, reelkit_env):
    """maya -batch and mayapy have no idle events: a deferred start would never run."""
    from maya import cmds
    cmds._state.batch = True
    runpy.run_path(os.path.join(ENGINES, "maya", "startup", "userSetup.py"),
                   run_name="__main__")
    running = current_engine()
    assert running is not None and running.name == "maya"


def test_nuke_terminal_starts_from_init_py(fake_hosts, reelkit_env):
    """nuke -t runs init.py and never menu.py."""
    import nuke
    nuke.GUI = False
    runpy.run_path(os.path.join(ENGINES, "nuke", "startup", "init.py"), run_name="__main__")
    running = current_engine()
    assert running is not None and running.name == "nuke"


def test_nuke_init_py_leaves_the_ui_start_to_menu_py(fake_hosts, reelkit_env):
    runpy.run_path(os.path.join(ENGINES, "nuke", "startup", "init.py"), run_name="__main__")
    assert current_engine() is None  # nuke.GUI: menu.py starts it once the menus exist
    run_startup("nuke", "menu.py")
    assert current_engine() is not None


@pytest.mark.parametrize("engine, script", SCRIPTS)
def test_startup_without_environment_logs_and_returns(engine, script, fake_hosts,
                                                      monkeypatch, caplog):
    monkeypatch.delenv("REELKIT_CONTEXT", raising=False)
    monkeypatch.delenv("REELKIT_PROJECT", raising=False)
    with caplog.at_level(logging.ERROR, logger="reelkit"):
        run_startup(engine, script)
    assert current_engine() is None
    assert "REELKIT_" in caplog.text
