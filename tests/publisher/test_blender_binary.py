"""``reelkit publish-scene`` inside a real Blender in background mode: Debian's
``blender -b`` with its own embedded Python, launched as a TD would with ``reelkit launch``.

Inside Blender the artist's scene is made (a mesh animated over 1001-1003) and
saved as the shot's work file v001; ``reelkit publish-scene`` runs the
Publisher's plugins there and publishes the .blend. Then a pointcache instance
is added: Debian builds Blender without Alembic, so that publish must fail in
one clear line and publish nothing (the .blend and Alembic together are
published in tests/publisher/test_blender.py, on bpy, which has Alembic).
``tests/run`` installs Blender where apt is available; without it this fails.
"""

import json
import os

from tests.blender_binary import launch_script

INSIDE_BLENDER = u'''
import contextlib, io, json, os, sys
import bpy
from toolkit.cli import main
from toolkit.platform import current_engine, discovery
scene, result = sys.argv[sys.argv.index("--") + 1:]
engine = current_engine()
instances = discovery.import_bundle_module("publisher", "instances")
mesh = bpy.data.meshes.new("hero")
mesh.from_pydata([(0, 0, 0), (1, 0, 0), (0, 1, 0)], [], [(0, 1, 2)])
hero = bpy.data.objects.new("heroGeo", mesh)
bpy.context.scene.collection.objects.link(hero)
engine.host.set_frame_range(1001, 1003)
os.makedirs(os.path.dirname(scene))
engine.host.save_scene_as(scene)
report = {"engine": engine.name}


def publish(label, *extra):
    out = io.StringIO()
    with contextlib.redirect_stderr(out):
        code = main(["publish-scene", scene, "--comment", "from blender -b"] + list(extra))
    report[label] = {"code": code, "stderr": out.getvalue()}


publish("workfile")
report["after"] = engine.host.current_scene_path()  # the work file, versioned up
instances.add_instance(engine.host, instances.make_instance(
    "heroCache", "pointcache", ["heroGeo"], frame_range=(1001, 1003)))
engine.host.save_scene()
scene = engine.host.current_scene_path()
publish("alembic")
with open(result, "w") as handle:
    json.dump(report, handle)
'''


def test_publish_scene_in_blender_background_mode(shot_project, tmpdir, monkeypatch, capsys):
    project, store, context = shot_project
    fields = dict(context.as_template_fields(), name="main", version=1)
    fields.pop("User", None)
    scene = project.templates["blender_shot_work"].apply_fields(fields)
    result = str(tmpdir.join("result.json"))
    code, details = launch_script(project.root, INSIDE_BLENDER, [scene, result], tmpdir,
                                  monkeypatch, capsys, context="Shot SQ010/SH010 comp")
    assert code == 0, details
    assert os.path.isfile(result), details  # Blender exits 0 when a --python script fails
    with open(result) as handle:
        report = json.load(handle)
    assert report["engine"] == "blender", details
    assert report["workfile"]["code"] == 0, report["workfile"]["stderr"] + details
    records = store.find("PublishedFile", [])
    assert [r["published_file_type"] for r in records] == ["Blender File"], records
    blend = records[0]
    assert blend["path"].endswith("/publish/blender/SH010_comp_main_v001.blend")
    assert os.path.isfile(blend["path"]) and blend["description"] == "from blender -b"
    assert report["after"].endswith("SH010_comp_main_v002.blend")  # finalize versioned up
    # Debian's Blender has no Alembic: one clear line, and nothing more published
    failed = report["alembic"]
    assert failed["code"] == 1, failed
    assert "built without Alembic" in failed["stderr"], failed["stderr"]
    assert "nothing was published" in failed["stderr"]
    assert store.count("PublishedFile") == 1
