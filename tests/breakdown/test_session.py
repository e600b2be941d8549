"""The Breakdown's headless session on the shell host: scan, pin, plan, update."""

import json
import os

import pytest

from apps.breakdown.inventory import NO_ENTITY
from apps.breakdown.pins import PINS_KEY, read_pins
from apps.breakdown.session import BreakdownSession
from apps.breakdown.updating import BreakdownError
from engines.shell.host import ShellHost
from toolkit.errors import ReelkitError


@pytest.fixture
def session(scene, store, project):
    return BreakdownSession(store, scene[0], project.templates)


def test_scan_reports_every_reference_with_its_status(session, scene):
    host, nodes, records = scene
    inventory = session.scan()
    assert [(i.node, i.status) for i in inventory] == [
        (nodes["comp"], "out_of_date"), (nodes["model"], "latest"),
        (nodes["render"], "out_of_date"), (nodes["loose"], "not_a_publish"),
        (nodes["gone"], "missing")]
    comp = inventory.item(nodes["comp"])
    assert (comp.version, comp.latest_version, comp.behind) == (1, 3, 2)
    assert comp.entity_label == "Shot SH010" and comp.type_label == "Nuke Script"
    assert inventory.item(nodes["loose"]).entity_label == NO_ENTITY
    assert inventory.summary() == ("5 references: 2 out of date, 1 missing, 1 latest, "
                                   "1 not a publish")
    with pytest.raises(KeyError) as error:
        inventory.item("nope")
    assert "nope" in str(error.value) and nodes["comp"] in str(error.value)


def test_groups_by_entity_or_type(session, scene):
    nodes = scene[1]
    inventory = session.scan()
    by_entity = [(label, [i.node for i in items]) for label, items in inventory.groups("entity")]
    assert by_entity == [("Asset prop1", [nodes["model"]]),
                         ("Shot SH010", [nodes["comp"], nodes["render"]]),
                         (NO_ENTITY, [nodes["loose"], nodes["gone"]])]
    by_type = [label for label, _ in inventory.groups("type")]
    assert by_type[:3] == ["Maya Scene", "Nuke Script", "Rendered Image"]
    assert set(by_type[3:]) == set(["(import, no publish)", "(reference, no publish)"])
    with pytest.raises(ValueError):
        inventory.groups("colour")


def test_update_all_runs_in_one_undo_chunk_and_keeps_frame_spelling(session, scene):
    host, nodes, records = scene
    plan = session.plan_all()
    assert [c.describe() for c in plan] == ["%s: v001 -> v003" % nodes["comp"],
                                            "%s: v001 -> v002" % nodes["render"]]
    report = session.apply(plan)
    assert report.ok and len(report.updated) == 2
    assert len(host.chunks) == 1 and all(chunk == host.chunks[0] for _, chunk in host.updates)
    paths = dict((r.node, r.path) for r in host.list_references())
    assert paths[nodes["comp"]] == records["comp"][2]["path"]
    assert paths[nodes["render"]] == records["renders"][1]["path"].replace("%04d", "####")
    assert session.inventory.out_of_date() == []
    assert session.inventory.item(nodes["render"]).status == "latest"


def test_a_failing_reference_is_reported_and_the_others_update(session, scene):
    host, nodes, records = scene
    host.refuse.add(nodes["comp"])
    report = session.update_all()
    assert not report.ok
    assert [(c.node, "cannot read" in m) for c, m in report.failed] == [(nodes["comp"], True)]
    assert [c.node for c in report.updated] == [nodes["render"]]
    assert "1 updated, 1 failed" in report.summary()
    assert session.inventory.item(nodes["comp"]).status == "out_of_date"


def test_pinned_references_are_left_alone_by_update_all(session, scene, tmpdir):
    host, nodes, records = scene
    session.pin([nodes["comp"]])
    assert read_pins(host) == {nodes["comp"]: 1}
    assert session.inventory.item(nodes["comp"]).status == "pinned"
    assert [c.node for c in session.plan_all()] == [nodes["render"]]
    session.update_all()
    assert session.inventory.item(nodes["comp"]).version == 1
    # the pin travels with the scene file
    host.save_scene()
    other = ShellHost()
    other.open_scene(host.current_scene_path())
    assert other.read_scene_data(PINS_KEY) == {nodes["comp"]: {
        "version": 1, "path": session.inventory.item(nodes["comp"]).path}}
    session.pin([nodes["comp"]], pinned=False)
    assert read_pins(host) == {} and host.read_scene_data(PINS_KEY) is None


def test_selected_update_includes_a_pinned_reference_and_skips_current_ones(session, scene):
    host, nodes, records = scene
    session.pin([nodes["comp"]])
    plan = session.plan_selected([nodes["comp"], nodes["model"], nodes["loose"]])
    assert [c.node for c in plan] == [nodes["comp"]]
    session.apply(plan)
    assert session.inventory.item(nodes["comp"]).version == 3
    assert session.inventory.item(nodes["comp"]).status == "pinned"  # the pin stays


def test_update_to_a_chosen_version(session, scene):
    host, nodes, records = scene
    assert [p["version_number"] for p in session.history(nodes["comp"])] == [3, 2, 1]
    report = session.update_to_version(nodes["comp"], 2)
    assert report.ok and session.inventory.item(nodes["comp"]).version == 2
    assert session.inventory.item(nodes["comp"]).behind == 1
    with pytest.raises(BreakdownError) as error:
        session.plan_version(nodes["comp"], 7)
    assert "v001" in str(error.value) and "7" in str(error.value)
    with pytest.raises(BreakdownError):
        session.plan_version(nodes["comp"], records["model"])  # another publish
    with pytest.raises(BreakdownError):
        session.plan_version(nodes["loose"], 1)
    assert session.history(nodes["loose"]) == []


def test_select_in_scene(session, scene):
    host, nodes, _ = scene
    session.select_in_scene([nodes["comp"], nodes["model"]])
    assert host.selection() == [nodes["comp"], nodes["model"]]


def test_nested_references_sit_under_their_parent(session, store, project, publisher, tmpdir):
    host = session.host
    inner = publisher.publish("prop2", "maya_asset_publish", "Maya Scene")
    nested_scene = str(tmpdir.join("set.json"))
    with open(nested_scene, "w") as handle:
        json.dump({"version": 1, "references": [
            {"node": "propRN", "path": inner["path"], "kind": "reference"}],
            "selection": [], "frame_range": [1, 2]}, handle)
    outer = host.reference_file(nested_scene, "set")
    inventory = session.scan()
    parent = inventory.item(outer)
    assert [c.path for c in parent.children] == [inner["path"]]
    assert parent.children[0] not in inventory.top and parent in inventory.top


def test_a_pins_value_written_by_hand_is_a_clear_error(session, scene):
    host = scene[0]
    host.write_scene_data(PINS_KEY, ["comp"])
    with pytest.raises(ReelkitError) as error:
        session.scan()
    assert PINS_KEY in str(error.value)
    host.write_scene_data(PINS_KEY, {"compRN": "one"})
    with pytest.raises(ReelkitError) as error:
        session.scan()
    assert "compRN" in str(error.value)


def test_relative_paths_are_read_from_the_scene_folder(session, scene):
    host, nodes, records = scene
    folder = os.path.dirname(host.current_scene_path())
    host.update_reference(nodes["gone"], os.path.relpath(records["comp"][1]["path"], folder))
    item = session.scan().item(nodes["gone"])
    assert item.version == 2 and item.status == "out_of_date"


def _rename(host, old, new):
    # what renaming the node in the host does: the reference keeps its file
    for entry in host._scene["references"]:
        if entry["node"] == old:
            entry["node"] = new


def test_a_pin_follows_its_reference_when_the_node_is_renamed(session, scene):
    host, nodes, records = scene
    session.pin([nodes["comp"]])
    _rename(host, nodes["comp"], "hero_compRN")
    inventory = session.scan()
    assert inventory.item("hero_compRN").status == "pinned"
    assert [c.node for c in session.plan_all()] == [nodes["render"]]  # never the renamed one
    session.update_all()
    assert session.inventory.item("hero_compRN").version == 1
    # the next pin or unpin stores it under the name it has now
    session.pin([nodes["render"]])
    assert sorted(host.read_scene_data(PINS_KEY)) == sorted(["hero_compRN", nodes["render"]])
    session.pin(["hero_compRN"], pinned=False)
    assert list(host.read_scene_data(PINS_KEY)) == [nodes["render"]]


def test_a_pin_whose_file_two_references_load_stays_unclaimed(session, scene):
    host, nodes, records = scene
    session.pin([nodes["comp"]])
    path = session.inventory.item(nodes["comp"]).path
    _rename(host, nodes["comp"], "first")
    second = host.reference_file(path, "second")
    inventory = session.scan()
    assert not inventory.item("first").pinned and not inventory.item(second).pinned


def test_pins_of_older_scenes_hold_the_version_alone_and_still_count(session, scene):
    host, nodes, records = scene
    host.write_scene_data(PINS_KEY, {nodes["comp"]: 1})
    assert session.scan().item(nodes["comp"]).status == "pinned"
    assert read_pins(host) == {nodes["comp"]: 1}
