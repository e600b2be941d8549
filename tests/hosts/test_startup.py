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
    ("houdini", "123.py"),
] + [("houdini", os.path.join("python%slibs" % v, "pythonrc.py"))  # what Houdini really runs
     for v in ("2.7", "3.7", "3.9", "3.10", "3.11")]


def run_startup(engine, script):
    runpy.run_path(os.path.join(ENGINES, engine, "startup", script), run_name="__main__")
    if engine == "maya":  # userSetup.py defers the start until Maya is idle
        import maya.utils
        assert current_engine() is None
        maya.utils._process_idle_events()


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


def test_houdini_runs_both_scripts_and_keeps_one_engine(fake_hosts, reelkit_env):
    run_startup("houdini", "pythonrc.py")
    first = current_engine()
    run_startup("houdini", "123.py")
    assert current_engine() is first


@pytest.mark.parametrize("engine, script", SCRIPTS)
def test_startup_without_environment_logs_and_returns(engine, script, fake_hosts,
                                                      monkeypatch, caplog):
    monkeypatch.delenv("REELKIT_CONTEXT", raising=False)
    monkeypatch.delenv("REELKIT_PROJECT", raising=False)
    with caplog.at_level(logging.ERROR, logger="reelkit"):
        run_startup(engine, script)
    assert current_engine() is None
    assert "REELKIT_" in caplog.text
