"""The Breakdown in real Blender (``bpy``, Python 3.11 only): link v001, publish v002,
update all, save, reopen; and ``reelkit breakdown scene.blend`` in background mode."""

import json
import os

import bpy
import pytest

from apps.breakdown.session import BreakdownSession
from engines.blender.host import BlenderHost
from tests.breakdown.conftest import Publisher
from toolkit.cli import main


def _prop_blend(path, objects):
    """Save a .blend at ``path`` holding collection ``prop_geo`` with mesh ``objects``."""
    bpy.ops.wm.read_factory_settings(use_empty=True)
    collection = bpy.data.collections.new("prop_geo")
    bpy.context.scene.collection.children.link(collection)
    for name in objects:
        collection.objects.link(bpy.data.objects.new(name, bpy.data.meshes.new(name + "_mesh")))
    bpy.ops.wm.save_as_mainfile(filepath=path)
    bpy.ops.wm.read_factory_settings(use_empty=True)
    return path


def _publish_prop(publisher, tmpdir, objects):
    source = _prop_blend(str(tmpdir.join("prop_%d.blend" % len(objects))), objects)
    return publisher.publish("prop1", "blender_asset_publish", "Blender File", source=source)


def _linked_objects():
    return sorted(o.name for o in bpy.data.collections["prop_geo"].objects)


def test_link_v1_publish_v2_update_all_save_reopen(publisher, store, project, tmpdir):
    v1 = _publish_prop(publisher, tmpdir, ["body"])
    host = BlenderHost()
    host.new_scene()
    library = host.reference_file(v1["path"], "prop")
    scene = str(tmpdir.join("shot.blend"))
    host.save_scene_as(scene)
    assert _linked_objects() == ["body"]

    v2 = _publish_prop(publisher, tmpdir, ["body", "lid"])
    host.open_scene(scene)  # _publish_prop left Blender on an empty file
    session = BreakdownSession(store, host, project.templates)
    item = session.scan().item(library)
    assert (item.kind, item.status, item.version, item.latest_version) == \
        ("library", "out_of_date", 1, 2)

    report = session.update_all()
    assert report.ok, report.summary()
    assert os.path.normcase(bpy.path.abspath(bpy.data.libraries[library].filepath)) == \
        os.path.normcase(v2["path"])
    assert _linked_objects() == ["body", "lid"]  # the library really was reloaded
    host.save_scene()

    host.new_scene()
    assert host.list_references() == []
    host.open_scene(scene)
    reopened = BreakdownSession(store, host, project.templates).scan()
    assert [(i.version, i.status) for i in reopened] == [(2, "latest")]
    assert _linked_objects() == ["body", "lid"]


def test_pins_survive_a_blender_save(publisher, store, project, tmpdir):
    v1 = _publish_prop(publisher, tmpdir, ["body"])
    _publish_prop(publisher, tmpdir, ["body", "lid"])  # saving it resets Blender's file
    host = BlenderHost()
    host.new_scene()
    library = host.reference_file(v1["path"], "prop")
    session = BreakdownSession(store, host, project.templates)
    session.scan()
    session.pin([library])
    scene = str(tmpdir.join("pinned.blend"))
    host.save_scene_as(scene)
    host.new_scene()
    host.open_scene(scene)
    session = BreakdownSession(store, host, project.templates)
    assert session.scan().item(library).status == "pinned"
    assert session.update_all().updated == []


@pytest.fixture
def made(tmpdir):
    from toolkit.config import load_project
    from toolkit.store import open_store
    folder = str(tmpdir.join("proj"))
    assert main(["init", folder]) == 0
    project = load_project(folder)
    store = open_store(project)
    yield folder, Publisher(project, store, str(tmpdir))
    store.close()


def test_cli_in_blender_background_mode(made, tmpdir, capsys):
    folder, publisher = made
    v1 = _publish_prop(publisher, tmpdir, ["body"])
    host = BlenderHost()
    host.new_scene()
    host.reference_file(v1["path"], "prop")
    scene = str(tmpdir.join("cli.blend"))
    host.save_scene_as(scene)
    v2 = _publish_prop(publisher, tmpdir, ["body", "lid"])
    capsys.readouterr()

    assert main(["breakdown", scene, "--json", "--project", folder]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(r["kind"], r["status"], r["latest_path"]) for r in data["references"]] == [
        ("library", "out_of_date", v2["path"])]

    assert main(["breakdown", scene, "--update-all", "--json", "--project", folder]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["update"]["failed"] == [] and len(data["update"]["updated"]) == 1
    bpy.ops.wm.open_mainfile(filepath=scene)  # what was saved
    assert [os.path.normcase(bpy.path.abspath(lib.filepath)) for lib in bpy.data.libraries] \
        == [os.path.normcase(v2["path"])]
