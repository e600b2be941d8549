"""Real Blender (bpy, Python 3.11): a scene with a mesh and a frame range publishes its
.blend and an Alembic export with its loaded publishes as dependencies; a plan saved
there runs headless in a background Blender process."""

import io
import json
import os
import subprocess
import sys

import bpy
import pytest

from apps.publisher.instances import add_instance, make_instance, read_instances
from toolkit.platform import start_engine

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def blender_work_path(project, context, version=1):
    fields = dict(context.as_template_fields(), name="main", version=version)
    fields.pop("User", None)
    return project.templates["blender_shot_work"].apply_fields(fields)


@pytest.fixture
def library(shot_project, tmpdir):
    """A published .blend holding collection ``propGeo``: what the scene links."""
    from toolkit.publish import publish_file
    project, store, context = shot_project
    bpy.ops.wm.read_factory_settings(use_empty=True)
    collection = bpy.data.collections.new("propGeo")
    bpy.context.scene.collection.children.link(collection)
    collection.objects.link(bpy.data.objects.new("propBody", bpy.data.meshes.new("prop")))
    path = str(tmpdir.join("prop.blend"))
    bpy.ops.wm.save_as_mainfile(filepath=path)
    bpy.ops.wm.read_factory_settings(use_empty=True)
    return publish_file(project, context, path, project.templates["blender_shot_publish"],
                        {"name": "prop"}, "Blender File", store=store)


@pytest.fixture
def blender_scene(shot_project, library):
    """The Blender engine in the shot, its scene: a mesh, 1001-1003, the prop linked."""
    project, store, context = shot_project
    engine = start_engine("blender", context, project)
    host = engine.host
    mesh = bpy.data.meshes.new("hero")
    mesh.from_pydata([(0, 0, 0), (1, 0, 0), (0, 1, 0)], [], [(0, 1, 2)])
    hero = bpy.data.objects.new("heroGeo", mesh)
    bpy.context.scene.collection.objects.link(hero)
    hero.location = (0, 0, 0)
    hero.keyframe_insert("location", frame=1001)
    hero.location = (0, 0, 5)
    hero.keyframe_insert("location", frame=1003)
    host.set_frame_range(1001, 1003)
    host.reference_file(library["path"])
    add_instance(host, make_instance("heroCache", "pointcache", ["heroGeo"],
                                     frame_range=(1001, 1003)))
    path = blender_work_path(project, context)
    os.makedirs(os.path.dirname(path))
    host.save_scene_as(path)
    yield engine
    engine.destroy()


def test_blender_publishes_the_blend_and_an_alembic_with_dependencies(shot_project,
                                                                      blender_scene, library):
    project, store, context = shot_project
    host = blender_scene.host
    scene = host.current_scene_path()
    host.new_scene()                      # the instance lives in the .blend: gone...
    assert read_instances(host) == []
    host.open_scene(scene)                # ...and back with the file
    assert [(i["name"], i["members"]) for i in read_instances(host)] == [
        ("heroCache", ["heroGeo"])]
    session = blender_scene.apps["publisher"].session
    session.comment = "hero animated"
    report = session.publish()
    assert report.ok, report.error_lines()
    by_type = dict((r["published_file_type"], r) for r in report.records)
    assert sorted(by_type) == ["Alembic Cache", "Blender File"]
    blend, cache = by_type["Blender File"], by_type["Alembic Cache"]
    assert blend["path"].endswith("/publish/blender/SH010_comp_main_v001.blend")
    assert cache["path"].endswith("/cache/blender/heroCache/v001/SH010_heroCache_v001.abc")
    assert os.path.getsize(cache["path"]) > 0
    for record in (blend, cache):
        assert [link["id"] for link in record["upstream"]] == [library["id"]]
    # The published .blend is the scene as checked: it links the prop and holds the mesh.
    with bpy.data.libraries.load(blend["path"]) as (source, _):
        assert "heroGeo" in source.objects
    # Finalize saved the work file as v002.
    assert bpy.data.filepath == blender_work_path(project, context, 2)


def test_a_plan_saved_in_blender_runs_in_background_blender(shot_project, blender_scene,
                                                           tmpdir):
    project, store, context = shot_project
    session = blender_scene.apps["publisher"].session
    session.comment = "on the farm"
    session.set_plugin_enabled("FinalizeVersionUp", False)
    plan = session.make_plan()
    plan_path = plan.save(str(tmpdir.join("plan.json")))
    report_path = str(tmpdir.join("report.json"))
    env = dict(os.environ, PYTHONPATH=ROOT)
    proc = subprocess.Popen(
        [sys.executable, "-c", "import bpy, sys; assert bpy.app.background; "
         "from toolkit.cli import main; sys.exit(main(sys.argv[1:]))",
         "publish-scene", plan.scene, "--plan", plan_path, "--report", report_path],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=str(tmpdir))
    out, err = proc.communicate()
    assert proc.returncode == 0, err.decode("utf-8", "replace")[-3000:]
    data = json.load(io.open(report_path, encoding="utf-8"))
    assert sorted(r["published_file_type"] for r in data["published"]) == [
        "Alembic Cache", "Blender File"]
    assert all(r["upstream"] for r in data["published"])
    assert store.count("PublishedFile", [["description", "is", "on the farm"]]) == 2
