"""Each engine pins the Qt binding its host ships before qtpy is imported.

qtpy 1.x (the Python 2.7 hosts) tries PyQt5 first when ``QT_API`` is unset, and
qtpy follows ``QT_API`` when it is set; the engines wrap host windows with the
host's own shiboken, so a PyQt5 pick breaks every panel.
"""

import logging
import sys
import types

import pytest

from toolkit.platform.host import pin_qt_binding


@pytest.fixture
def modules(monkeypatch):
    """Pretend bindings are imported / importable without touching the real ones."""
    import toolkit.platform.host as host_module
    importable = set()
    monkeypatch.setattr(host_module, "_importable",
                        lambda name: name in importable or name in sys.modules)
    monkeypatch.delitem(sys.modules, "qtpy", raising=False)
    for name in ("PySide6", "PySide2", "PyQt5"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    return importable


def test_a_binding_the_host_already_imported_wins(modules, monkeypatch):
    modules.update(["PySide6", "PyQt5"])
    monkeypatch.setitem(sys.modules, "PySide2", types.ModuleType("PySide2"))
    environ = {"QT_API": "pyside6"}  # even over QT_API: qtpy would follow the import
    assert pin_qt_binding(("PySide6", "PySide2"), environ) == "PySide2"
    assert environ == {"QT_API": "pyside2"}


def test_pyqt5_is_never_picked_for_a_pyside_host(modules):
    modules.update(["PyQt5", "PySide2"])
    environ = {}
    assert pin_qt_binding(("PySide6", "PySide2"), environ) == "PySide2"
    assert environ["QT_API"] == "pyside2"


def test_a_qt_api_naming_a_host_binding_is_kept(modules):
    modules.update(["PySide6", "PySide2"])
    environ = {"QT_API": "pyside2"}
    assert pin_qt_binding(("PySide6", "PySide2"), environ) == "PySide2"
    assert environ["QT_API"] == "pyside2"


def test_a_qt_api_naming_another_binding_is_replaced(modules):
    modules.update(["PySide6", "PyQt5"])
    environ = {"QT_API": "pyqt5"}
    assert pin_qt_binding(("PySide6", "PySide2"), environ) == "PySide6"
    assert environ["QT_API"] == "pyside6"


def test_too_late_when_qtpy_runs_another_binding(modules, monkeypatch, caplog):
    modules.add("PySide2")
    qtpy = types.ModuleType("qtpy")
    qtpy.API_NAME = "PyQt5"
    monkeypatch.setitem(sys.modules, "qtpy", qtpy)
    environ = {}
    with caplog.at_level(logging.WARNING, logger="reelkit.platform"):
        assert pin_qt_binding(("PySide2",), environ) is None
    assert environ == {}
    assert "PyQt5" in caplog.text


def test_nothing_importable_leaves_qt_api_alone(modules):
    environ = {"QT_API": "pyqt5"}
    assert pin_qt_binding(("PySide6", "PySide2"), environ) is None
    assert environ == {"QT_API": "pyqt5"}


@pytest.mark.parametrize("name", ["maya", "nuke", "houdini"])
def test_engines_pin_the_binding_at_start(name, fake_hosts, reelkit_env, monkeypatch):
    """Started with QT_API naming PyQt5, the engine points it at the PySide it runs."""
    from toolkit.platform import start_engine
    project, context = reelkit_env
    monkeypatch.setenv("QT_API", "pyqt5")
    engine = start_engine(name, context, project)
    try:
        import qtpy
        assert engine.host.qt_bindings == ("PySide6", "PySide2")
        import os
        assert os.environ["QT_API"] == qtpy.API_NAME.lower()  # the one running here
    finally:
        engine.destroy()
