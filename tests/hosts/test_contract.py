"""The host contract: every engine's HostAdapter behaves the same through the uniform API.

Runs against each host available here (``drivers.available()``): the Maya, Nuke
and Houdini fakes and the shell everywhere, real Blender in Python 3.11. Each
test drives ``engine.host`` only and checks the result in the host's own state.
"""

import logging
import os
import shutil
import threading

import pytest

from toolkit.errors import ReelkitError
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


# -- scene data, selection, listeners, nesting, threads ------------------------

PUBLISH_STATE = {
    "instances": [{"name": "chairMain", "active": True, "frames": [1001, 1100], "scale": 0.5}],
    "note": u"caf\u00e9 [expr] {braces} $F4 \"quoted\" back\\slash\nsecond line",
    "empty": None,
}


def test_scene_data_is_saved_with_the_scene(driver):
    host = driver.engine.host
    host.new_scene()
    driver.create_nodes()
    host.write_scene_data("publish.instances", PUBLISH_STATE)
    host.write_scene_data("breakdown", ["pin"])
    assert host.read_scene_data("publish.instances") == PUBLISH_STATE
    assert host.read_scene_data("never.written") is None
    path = driver.path("data_v001" + driver.scene_ext)
    host.save_scene_as(path)

    host.new_scene()
    assert host.read_scene_data("publish.instances") is None  # a new scene has none
    host.open_scene(path)
    assert host.read_scene_data("publish.instances") == PUBLISH_STATE
    assert host.read_scene_data("breakdown") == ["pin"]

    host.write_scene_data("breakdown", None)  # None removes the key
    assert host.read_scene_data("breakdown") is None
    assert host.read_scene_data("publish.instances") == PUBLISH_STATE
    if driver.clean_after_save:
        assert host.is_modified()  # an edit like any other


def test_scene_data_refuses_what_json_cannot_hold_and_keeps_the_old_value(driver):
    host = driver.engine.host
    host.write_scene_data("publish.instances", {"a": 1})
    with pytest.raises(ReelkitError):
        host.write_scene_data("publish.instances", {"a": object()})
    with pytest.raises(ReelkitError):
        host.write_scene_data("", 1)
    assert host.read_scene_data("publish.instances") == {"a": 1}


def test_writing_scene_data_is_one_undo_step(driver):
    host = driver.engine.host
    before = driver.undo_labels()
    host.write_scene_data("pins", {"chair": 1})
    host.write_scene_data("pins", {"chair": 2})
    if before is not None:
        assert len(driver.undo_labels()) == len(before) + 2


def test_scene_data_read_returns_a_copy(driver):
    host = driver.engine.host
    host.write_scene_data("pins", {"chair": [1]})
    host.read_scene_data("pins")["chair"].append(2)
    assert host.read_scene_data("pins") == {"chair": [1]}


def test_select_nodes_replaces_the_selection(driver):
    host = driver.engine.host
    made = driver.create_nodes()
    host.select_nodes(made[:1])
    assert host.selection() == made[:1]
    host.select_nodes(made[1:])
    assert host.selection() == made[1:]
    host.select_nodes([])
    assert host.selection() == []
    with pytest.raises(ReelkitError):
        host.select_nodes([made[0], "no_such_node"])
    assert host.selection() == []  # nothing half done


def test_scene_listeners_hear_new_save_open_and_reference_changes(driver):
    host = driver.engine.host
    events = []
    token = host.add_scene_listener(events.append)
    host.new_scene()
    assert events[-1:] == ["new"]
    path = driver.path("listened" + driver.scene_ext)
    host.save_scene_as(path)
    assert events[-1:] == ["saved"]
    host.new_scene()
    host.open_scene(path)
    assert events[-1:] == ["opened"]
    before = len(events)
    host.reference_file(driver.reference_asset())
    assert "references_changed" in events[before:]

    host.remove_scene_listener(token)
    del events[:]
    host.new_scene()
    host.save_scene_as(path)
    assert events == []


def test_a_failing_listener_is_logged_and_the_others_still_hear(driver, caplog):
    host = driver.engine.host
    heard = []

    def broken(event):
        raise ValueError("listener broke on purpose")

    host.add_scene_listener(broken)
    host.add_scene_listener(heard.append)
    with caplog.at_level(logging.ERROR):
        host.new_scene()
    assert heard[-1:] == ["new"]
    assert "listener broke on purpose" in caplog.text


def test_destroy_removes_the_hosts_scene_callbacks(driver):
    host = driver.engine.host
    events = []
    host.add_scene_listener(events.append)
    driver.engine.destroy()
    host.new_scene()
    assert events == []


def test_references_at_the_top_have_no_parent(driver):
    host = driver.engine.host
    node = host.reference_file(driver.reference_asset())
    assert [r.parent for r in host.list_references() if r.node == node] == [None]


def test_nested_references_name_their_parent(driver):
    host = driver.engine.host
    inner_path, parent = driver.nested_reference()
    inner = [r for r in host.list_references()
             if os.path.normcase(r.path) == os.path.normcase(inner_path)]
    assert len(inner) == 1
    assert inner[0].parent == parent


def _in_worker(function):
    """Run ``function`` in a worker thread; return what it returned or raised."""
    outcome = {}

    def work():
        try:
            outcome["result"] = function()
        except Exception as exc:
            outcome["error"] = exc
    worker = threading.Thread(target=work, name="reelkit-test-worker")
    return worker, outcome


def test_host_calls_from_a_worker_thread_are_refused(driver):
    host = driver.engine.host
    worker, outcome = _in_worker(host.list_references)
    worker.start()
    worker.join()
    assert "error" in outcome, "the host answered a worker thread"


def test_a_worker_reaches_the_host_through_run_in_main_thread(driver):
    host = driver.engine.host
    made = driver.create_nodes()
    worker, outcome = _in_worker(
        lambda: host.run_in_main_thread(host.select_nodes, made[:1]) or "done")
    worker.start()
    if driver.main_loop:
        driver.run_main_loop_until(lambda: not worker.is_alive())
        worker.join()
        assert outcome == {"result": "done"}
        assert host.selection() == made[:1]
    else:
        worker.join()
        assert isinstance(outcome.get("error"), ReelkitError)


def test_run_in_main_thread_on_the_main_thread_calls_at_once(driver):
    host = driver.engine.host
    assert host.run_in_main_thread(lambda a, b=0: a + b, 1, b=2) == 3


def test_run_in_main_thread_raises_the_callers_error_in_the_worker(driver):
    host = driver.engine.host

    def fail():
        raise KeyError("from the main thread")
    worker, outcome = _in_worker(lambda: host.run_in_main_thread(fail))
    worker.start()
    if driver.main_loop:
        driver.run_main_loop_until(lambda: not worker.is_alive())
    worker.join()
    expected = KeyError if driver.main_loop else ReelkitError  # no main loop: refused
    assert isinstance(outcome.get("error"), expected)
