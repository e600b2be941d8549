"""``reelkit breakdown`` inside a real Blender in background mode (Debian's ``blender -b``,
its own embedded Python), launched as a TD would with ``reelkit launch``.

Inside Blender: link v001 of a published .blend (v002 exists) and save; then
``reelkit breakdown SCENE --json`` reports v001 out of date, ``--update-all``
relinks to v002 and saves, and a third run on the saved scene finds it current.
``tests/run`` installs Blender where apt is available; without it this fails.
"""

import json
import os
import shutil

from tests.blender_binary import launch_script

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BLEND_SAMPLE = os.path.join(REPO, "toolkit", "demo", "data", "asset.blend")

INSIDE_BLENDER = u'''
import contextlib, io, json, sys
from toolkit.cli import main
from toolkit.platform import current_engine
v001, scene, result = sys.argv[sys.argv.index("--") + 1:]
engine = current_engine()
engine.host.reference_file(v001, "hero")
engine.host.save_scene_as(scene)
report = {"engine": engine.name}
for name, extra in (("before", []), ("update", ["--update-all"]), ("after", [])):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["breakdown", scene, "--json"] + extra)
    report[name] = {"code": code, "output": json.loads(out.getvalue())}
report["libraries"] = [r.path for r in engine.host.list_references()]
with open(result, "w") as handle:
    json.dump(report, handle)
'''


def test_breakdown_in_blender_background_mode(made, tmpdir, monkeypatch, capsys):
    folder, project, store, publisher = made
    versions = []
    for number in (1, 2):
        source = str(tmpdir.join("hero%d.blend" % number))
        shutil.copyfile(BLEND_SAMPLE, source)
        versions.append(publisher.publish("hero", "blender_asset_publish", "Blender File",
                                          source=source))
    scene, result = str(tmpdir.join("shot.blend")), str(tmpdir.join("result.json"))
    code, details = launch_script(folder, INSIDE_BLENDER, [versions[0]["path"], scene, result],
                                  tmpdir, monkeypatch, capsys)
    assert code == 0, details
    assert os.path.isfile(result), details  # Blender exits 0 when a --python script fails
    with open(result) as handle:
        report = json.load(handle)
    assert report["engine"] == "blender", details
    before = report["before"]["output"]["references"]
    assert [(r["kind"], r["status"], r["version"], r["latest_version"]) for r in before] == [
        ("library", "out_of_date", 1, 2)]
    assert report["update"]["code"] == 0
    assert report["update"]["output"]["update"]["failed"] == []
    after = report["after"]["output"]["references"]
    assert [(r["status"], r["version"], r["path"]) for r in after] == [
        ("latest", 2, versions[1]["path"])]
    assert report["libraries"] == [versions[1]["path"]]
