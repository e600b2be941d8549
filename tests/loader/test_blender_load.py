"""The Loader brings a published .blend into a real Blender scene (bpy, Python 3.11 only)."""

import os

import bpy
import pytest

from apps.loader.session import LoaderSession
from engines.blender.host import BlenderHost


@pytest.fixture
def published_blend(tmpdir, store):
    """A .blend holding collection ``hero_geo`` (one mesh), published as a Blender File."""
    bpy.ops.wm.read_factory_settings(use_empty=True)
    collection = bpy.data.collections.new("hero_geo")
    bpy.context.scene.collection.children.link(collection)
    mesh = bpy.data.meshes.new("hero_mesh")
    collection.objects.link(bpy.data.objects.new("hero_body", mesh))
    path = str(tmpdir.join("hero_model.v001.blend"))
    bpy.ops.wm.save_as_mainfile(filepath=path)
    bpy.ops.wm.read_factory_settings(use_empty=True)  # back to an empty scene
    asset = store.find_one("Asset", [["code", "is", "hero"]])
    return store.register_publish({"name": "hero_model", "path": path,
                                   "published_file_type": "Blender File", "entity": asset})


def test_default_action_links_the_published_collection(store, published_blend):
    host = BlenderHost()
    session = LoaderSession(store, host=host)
    actions = session.catalog.actions_for(published_blend)
    assert [(a.name, a.label) for a in actions] == [
        ("reference", "Link"), ("import", "Append"), ("open", "Open")]
    report = session.load([published_blend])
    assert report.ok, report.error_lines()
    library_name = report.loaded[0][1]
    library = bpy.data.libraries[library_name]
    assert os.path.normcase(bpy.path.abspath(library.filepath)) == \
        os.path.normcase(published_blend["path"])
    linked = bpy.data.collections["hero_geo"]
    assert linked.library == library
    instances = [o for o in bpy.context.scene.objects if o.instance_collection == linked]
    assert len(instances) == 1 and instances[0].name == "hero_model"
    assert [r.path for r in host.list_references()] == [published_blend["path"]]


def test_append_and_a_missing_file_in_one_batch(store, published_blend):
    session = LoaderSession(store, host=BlenderHost())
    missing = dict(published_blend, id=-1, path=published_blend["path"] + ".gone")
    report = session.load([missing, published_blend], "import")
    assert [p["path"] for p, _ in report.failed] == [missing["path"]]
    assert report.loaded[0][1] == ["hero_geo"]
    appended = bpy.data.collections["hero_geo"]
    assert appended.library is None and "hero_body" in appended.objects
    assert all(c.library is None for c in bpy.data.collections)
