"""The Breakdown in real Blender (``bpy``, Python 3.11 only): link v001, publish v002,
update all, save, reopen; and ``reelkit breakdown scene.blend`` in background mode."""

import json
import os

import bpy

from apps.breakdown.session import BreakdownSession
from engines.blender.host import BlenderHost
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


def test_cli_in_blender_background_mode(made, tmpdir, capsys):
    folder, publisher = made[0], made[3]
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


def _tri_abc(path):
    """An Alembic file holding one triangle, written by Blender's own exporter."""
    bpy.ops.wm.read_factory_settings(use_empty=True)
    mesh = bpy.data.meshes.new("tri_mesh")
    mesh.from_pydata([(0, 0, 0), (1, 0, 0), (0, 1, 0)], [], [(0, 1, 2)])
    bpy.context.scene.collection.objects.link(bpy.data.objects.new("tri", mesh))
    assert bpy.ops.wm.alembic_export(filepath=path, start=1, end=1) == {"FINISHED"}
    bpy.ops.wm.read_factory_settings(use_empty=True)
    return path


def _png(path):
    image = bpy.data.images.new("swatch", 4, 4)
    image.filepath_raw = path
    image.file_format = "PNG"
    image.save()
    bpy.data.images.remove(image)
    return path


def test_images_and_caches_are_references_too(publisher, store, project, tmpdir):
    caches = [publisher.publish("SH010", "blender_shot_cache", "Alembic Cache", name="crowd",
                                step="anim", source=_tri_abc(str(tmpdir.join("tri%d.abc" % i))))
              for i in range(2)]
    plates = [publisher.publish("SH010", "blender_shot_render", "Rendered Image",
                                step="lighting", frames=[1001, 1002]) for _ in range(2)]
    for record in plates:  # real PNG bytes behind the .exr names are enough for Blender
        for frame in (1001, 1002):
            frame_path = record["path"] % frame
            os.chmod(frame_path, 0o644)
            _png(frame_path)
    host = BlenderHost()
    host.new_scene()
    # a cache reader (MeshSequenceCache) keeps the file live, as pipelines load caches
    assert bpy.ops.wm.alembic_import(filepath=caches[0]["path"], always_add_cache_reader=True) \
        == {"FINISHED"}
    image = bpy.data.images.load(plates[0]["path"] % 1001)
    image.source = "SEQUENCE"
    references = dict((r.node, r) for r in host.list_references())
    cache_node, image_node = "cache:" + bpy.data.cache_files[0].name, "image:" + image.name
    assert references[cache_node].kind == "cache" and references[image_node].kind == "image"

    session = BreakdownSession(store, host, project.templates)
    inventory = session.scan()
    assert [(inventory.item(n).status, inventory.item(n).version)
            for n in (cache_node, image_node)] == [("out_of_date", 1), ("out_of_date", 1)]
    session.select_in_scene([cache_node])
    assert [o.name for o in bpy.context.view_layer.objects.selected] == ["tri"]

    report = session.update_all()
    assert report.ok, report.summary()
    assert bpy.data.cache_files[0].filepath == caches[1]["path"]
    assert image.filepath == plates[1]["path"] % 1001  # still names its first frame
    assert [i.status for i in session.inventory] == ["latest", "latest"]
