"""The Breakdown in Maya (reference nodes), Nuke (Read nodes) and Houdini (file parms),
through the checked fakes of tests/hosts/fakes (they follow the public stubs)."""

import json
import os

import pytest

from apps.breakdown.pins import PINS_KEY
from apps.breakdown.session import BreakdownSession
from tests.hosts.conftest import fake_hosts  # noqa: F401 -- fixture


def _maya_file(references=()):
    """What the fake ``maya.cmds`` reads from a scene file."""
    return json.dumps({"nodes": {"geo": "mesh"}, "references": list(references),
                       "minTime": 1, "maxTime": 24})


def _new_steps(labels, before):
    return labels[len(before):]


def test_maya_reference_nodes(fake_hosts, publisher, store, project):  # noqa: F811
    from maya import cmds
    from engines.maya.host import MayaHost
    chair = [publisher.publish("chair", "maya_asset_publish", "Maya Scene",
                               content=_maya_file()) for _ in range(2)]
    host = MayaHost()
    node = host.reference_file(chair[0]["path"])
    session = BreakdownSession(store, host, project.templates)
    item = session.scan().item(node)
    assert (item.status, item.version, item.latest_version) == ("out_of_date", 1, 2)
    before = list(cmds._state.undo_steps)
    report = session.update_all()
    assert report.ok
    assert cmds.referenceQuery(node, filename=True, withoutCopyNumber=True) == chair[1]["path"]
    assert _new_steps(cmds._state.undo_steps, before) == ["Reelkit: update 1 reference"]
    assert session.inventory.item(node).status == "latest"


def test_maya_nested_references_and_pins_in_the_scene(fake_hosts, publisher, store,  # noqa: F811
                                                      project, tmpdir):
    from maya import cmds
    from engines.maya.host import MayaHost
    prop = [publisher.publish("prop1", "maya_asset_publish", "Maya Scene",
                              content=_maya_file()) for _ in range(2)]
    set_file = publisher.publish("set1", "maya_asset_publish", "Maya Scene",
                                 content=_maya_file([{"path": prop[0]["path"],
                                                     "namespace": "prop", "node": "propRN"}]))
    host = MayaHost()
    outer = host.reference_file(set_file["path"])
    session = BreakdownSession(store, host, project.templates)
    inventory = session.scan()
    top = inventory.item(outer)
    assert [c.path for c in top.children] == [prop[0]["path"]]
    nested = top.children[0]
    assert nested.status == "out_of_date" and nested.parent == outer
    session.pin([nested.node])
    assert host.read_scene_data(PINS_KEY) == {nested.node: {"version": 1,
                                                            "path": nested.path}}
    assert session.plan_all() == []
    assert session.inventory.item(nested.node).status == "pinned"
    scene = str(tmpdir.join("shot.ma"))
    host.save_scene_as(scene)
    host.new_scene()
    host.open_scene(scene)
    assert BreakdownSession(store, host, project.templates).scan().item(nested.node).pinned
    assert cmds.objExists(outer)


def test_nuke_read_nodes_keep_their_frame_spelling(fake_hosts, publisher, store,  # noqa: F811
                                                   project):
    import nuke
    from engines.nuke.host import NukeHost
    plates = [publisher.publish("SH010", "nuke_shot_render", "Rendered Image",
                                frames=[1001, 1002, 1003]) for _ in range(3)]
    host = NukeHost()
    read = host.load_image_sequence(plates[0]["path"].replace("%04d", "####"), 1001, 1003)
    session = BreakdownSession(store, host, project.templates)
    item = session.scan().item(read)
    assert (item.kind, item.status, item.behind) == ("read", "out_of_date", 2)
    before = list(nuke._state.undo_steps)
    report = session.update_to_version(read, 2)
    assert report.ok
    assert nuke.toNode(read)["file"].value() == plates[1]["path"].replace("%04d", "####")
    assert _new_steps(nuke._state.undo_steps, before) == ["Reelkit: update 1 reference"]
    session.select_in_scene([read])
    assert [n.name() for n in nuke.selectedNodes()] == [read]


def test_houdini_file_parms_in_houdini_spelling(fake_hosts, publisher, store,  # noqa: F811
                                                project):
    import hou
    from engines.houdini.host import HoudiniHost
    caches = [publisher.publish("SH010", "houdini_shot_cache", "Alembic Cache", name="rock",
                                step="fx") for _ in range(2)]
    plates = [publisher.publish("SH010", "nuke_shot_render", "Rendered Image",
                                frames=[1, 2]) for _ in range(2)]
    host = HoudiniHost()
    cache_parm = host.reference_file(caches[0]["path"])
    plate_parm = host.load_image_sequence(plates[0]["path"], 1, 2)
    assert "$F4" in hou.parm(plate_parm).unexpandedString()
    session = BreakdownSession(store, host, project.templates)
    inventory = session.scan()
    assert sorted((i.node, i.status) for i in inventory) == sorted(
        [(cache_parm, "out_of_date"), (plate_parm, "out_of_date")])
    before = list(hou._state.undo_steps)
    report = session.update_all()
    assert report.ok, report.summary()
    assert hou.parm(cache_parm).unexpandedString() == caches[1]["path"]
    assert hou.parm(plate_parm).unexpandedString() == plates[1]["path"].replace("%04d", "$F4")
    assert _new_steps(hou._state.undo_steps, before) == ["Reelkit: update 2 references"]
    assert [i.status for i in session.inventory] == ["latest", "latest"]


def _stale_maya_scene(publisher, host, folder):
    chair = [publisher.publish("chair", "maya_asset_publish", "Maya Scene",
                               content=_maya_file()) for _ in range(2)]
    host.reference_file(chair[0]["path"])
    path = os.path.join(folder, "shot.ma")
    host.save_scene_as(path)
    return path


def _stale_nuke_script(publisher, host, folder):
    plates = [publisher.publish("SH010", "nuke_shot_render", "Rendered Image",
                                frames=[1, 2]) for _ in range(2)]
    host.load_image_sequence(plates[0]["path"], 1, 2)
    path = os.path.join(folder, "comp.nk")
    host.save_scene_as(path)
    return path


def _stale_hip(publisher, host, folder):
    caches = [publisher.publish("SH010", "houdini_shot_cache", "Alembic Cache", name="rock",
                                step="fx") for _ in range(3)]
    host.reference_file(caches[0]["path"])
    path = os.path.join(folder, "fx.hip")
    host.save_scene_as(path)
    return path


@pytest.mark.parametrize("host_name, make_scene", [
    ("maya", _stale_maya_scene), ("nuke", _stale_nuke_script), ("houdini", _stale_hip)])
def test_opening_a_stale_scene_marks_the_hosts_menu(fake_hosts, made, tmpdir,  # noqa: F811
                                                    host_name, make_scene):
    from tests.hosts import drivers
    from toolkit.context import Context
    from toolkit.platform import start_engine
    folder, project, store, publisher = made
    driver = drivers.make(host_name, str(tmpdir))
    driver.setup()  # a main window: the host draws its menu
    engine = start_engine(host_name, Context(project=project), project)
    try:
        assert "Breakdown..." in driver.menu_labels()
        scene = make_scene(publisher, engine.host, str(tmpdir))
        engine.host.new_scene()
        engine.host.open_scene(scene)  # the host's own callback tells the app
        labels = driver.menu_labels()
        assert [label for label in labels if label.startswith("Breakdown")] == [
            "Breakdown... [1 out of date]"]
        engine.host.new_scene()
        assert "Breakdown..." in driver.menu_labels()
    finally:
        engine.destroy()
        driver.teardown()


def test_update_all_leaves_nested_references_to_their_updated_parent(
        fake_hosts, publisher, store, project):  # noqa: F811
    from maya import cmds
    from engines.maya.host import MayaHost
    prop = [publisher.publish("prop1", "maya_asset_publish", "Maya Scene",
                              content=_maya_file()) for _ in range(2)]
    sets = [publisher.publish("set1", "maya_asset_publish", "Maya Scene",
                              content=_maya_file([{"path": prop[i]["path"], "namespace": "prop",
                                                   "node": "propRN"}])) for i in range(2)]
    host = MayaHost()
    outer = host.reference_file(sets[0]["path"])
    session = BreakdownSession(store, host, project.templates)
    inventory = session.scan()
    nested = inventory.item(outer).children[0]
    assert [i.status for i in (inventory.item(outer), nested)] == ["out_of_date"] * 2
    assert [c.node for c in session.plan_all()] == [outer]
    assert [c.node for c in session.plan_selected([nested.node, outer])] == [outer]
    assert [c.node for c in session.plan_selected([nested.node])] == [nested.node]
    report = session.update_all()
    assert report.ok, report.summary()
    # the set's new version brings the prop's new version with it
    assert sorted((i.path, i.status) for i in session.inventory) == sorted([
        (sets[1]["path"], "latest"), (prop[1]["path"], "latest")])
    assert cmds.referenceQuery(outer, filename=True, withoutCopyNumber=True) == sets[1]["path"]
