"""The host contract: every engine's HostAdapter behaves the same through the uniform API.

Runs against each host available here (``drivers.available()``): the Maya, Nuke
and Houdini fakes and the shell everywhere, real Blender in Python 3.11. Each
test drives ``engine.host`` only and checks the result in the host's own state.
"""

import logging
import os
import shutil

from toolkit.platform import Reference


def same_qobject(a, b):
    """True when two Python wrappers hold the same C++ object."""
    return _address(a) == _address(b)


def _address(widget):
    try:
        from qtpy import shiboken
    except ImportError:
        import shiboken2 as shiboken
    return shiboken.getCppPointer(widget)[0]


def test_scene_save_as_new_open_round_trip(driver):
    host = driver.engine.host
    host.new_scene()
    assert host.current_scene_path() is None
    made = driver.create_nodes()
    path = driver.path("shot_v001" + driver.scene_ext)
    host.save_scene_as(path)
    assert os.path.isfile(path)
    assert os.path.normcase(host.current_scene_path()) == os.path.normcase(path)
    if driver.clean_after_save:
        assert not host.is_modified()

    host.new_scene()
    assert host.current_scene_path() is None
    host.open_scene(path)
    assert os.path.normcase(host.current_scene_path()) == os.path.normcase(path)
    driver.select(made)  # the nodes came back with the file
    assert host.selection() == made


def test_reference_list_and_update(driver):
    host = driver.engine.host
    asset = driver.reference_asset()
    node = host.reference_file(asset)
    assert node
    listed = [r for r in host.list_references() if r.node == node]
    assert len(listed) == 1
    assert isinstance(listed[0], Reference)
    assert os.path.normcase(listed[0].path) == os.path.normcase(asset)

    new_path = asset.replace(".", "_v2.", 1)
    if os.path.isfile(asset):
        shutil.copy(asset, new_path)
    host.update_reference(node, new_path)
    paths = [r.path for r in host.list_references() if r.node == node]
    assert [os.path.normcase(p) for p in paths] == [os.path.normcase(new_path)]


def test_import_returns_the_new_nodes(driver):
    host = driver.engine.host
    nodes = host.import_file(driver.import_asset())
    assert nodes and all(nodes)


def test_frame_range(driver):
    host = driver.engine.host
    host.set_frame_range(1001, 1100)
    assert tuple(host.get_frame_range()) == (1001, 1100)


def test_selection(driver):
    host = driver.engine.host
    made = driver.create_nodes()
    driver.select(made[1:])
    assert host.selection() == made[1:]


def test_undo_chunk_makes_one_step(driver):
    host = driver.engine.host
    before = driver.undo_labels()
    with host.undo_chunk("Reelkit load"):
        host.set_frame_range(10, 20)
        host.reference_file(driver.reference_asset())
    after = driver.undo_labels()
    if before is not None:  # a host without an undo queue only has to accept the block
        assert after == before + ["Reelkit load"]
    assert tuple(host.get_frame_range()) == (10, 20)


def test_supported_actions_name_what_the_host_does(driver):
    actions = driver.engine.host.supported_actions()
    assert {"reference", "import"} <= set(actions)


def test_menu_lists_commands_and_runs_them(driver):
    engine = driver.engine
    assert driver.menu_labels() == ["Probe", "Explode"]
    driver.invoke_menu("Probe")
    assert engine.apps["probe"].calls == ["probe"]

    engine.register_command("Late", lambda: None)
    assert driver.menu_labels() == ["Probe", "Explode", "Late"]


def test_a_failing_command_is_reported_not_raised(driver, caplog):
    with caplog.at_level(logging.ERROR, logger="reelkit"):
        driver.invoke_menu("Explode")
    assert "exploded on purpose" in caplog.text


def test_destroy_removes_the_menu(driver):
    driver.engine.destroy()
    assert driver.menu_labels() is None


def test_panels_parent_to_the_main_window(driver):
    from toolkit import qt
    host = driver.engine.host
    widget = driver.engine.show_panel(qt.QtWidgets.QLabel, "Probe panel", "probe_panel")
    if driver.has_main_window:
        # Maya hands out a new wrapper (a QWidget) of the same C++ window.
        assert same_qobject(host.main_window(), driver.window)
        assert widget.window().parentWidget() is driver.window
    elif driver.engine.host.name == "blender":
        assert host.main_window() is None
        assert widget.window().parentWidget() is None  # a top-level window
    assert widget.isVisible()
