"""``reelkit breakdown`` inside a real Blender in background mode (Debian's ``blender -b``,
its own embedded Python), launched as a TD would with ``reelkit launch``.

Inside Blender: link v001 of a published .blend (v002 exists) and save; then
``reelkit breakdown SCENE --json`` reports v001 out of date, ``--update-all``
relinks to v002 and saves, and a third run on the saved scene finds it current.
``tests/run`` installs Blender where apt is available; without it this fails.
"""

import io
import json
import os
import shutil

from toolkit.cli import main

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


def _blender():
    for candidate in ("/usr/bin/blender", "/usr/local/bin/blender"):
        if os.access(candidate, os.X_OK):
            return candidate
    raise RuntimeError("Debian's blender is required (apt-get install blender; tests/run "
                       "installs it)")


def test_breakdown_in_blender_background_mode(made, tmpdir, monkeypatch, capsys):
    _blender()
    folder, project, store, publisher = made
    versions = []
    for number in (1, 2):
        source = str(tmpdir.join("hero%d.blend" % number))
        shutil.copyfile(BLEND_SAMPLE, source)
        versions.append(publisher.publish("hero", "blender_asset_publish", "Blender File",
                                          source=source))
    monkeypatch.setenv("REELKIT_HOST_PYTHON", os.environ.get("REELKIT_TEST_HOST_PYTHON") or
                       os.path.join(REPO, ".venvs", "host-python"))
    monkeypatch.setenv("REELKIT_LOG_DIR", str(tmpdir.join("logs")))
    script = str(tmpdir.join("inside.py"))
    io.open(script, "w", encoding="utf-8").write(INSIDE_BLENDER)
    scene, result = str(tmpdir.join("shot.blend")), str(tmpdir.join("result.json"))
    capsys.readouterr()
    code = main(["launch", "blender", "--wait", "--project", folder, "--", "-b",
                 "--factory-startup", "--python", script, "--", versions[0]["path"], scene,
                 result])
    err = capsys.readouterr().err
    log = err.strip().splitlines()[-1].split("log: ")[-1] if err.strip() else ""
    details = io.open(log).read() if os.path.isfile(log) else err
    assert code == 0, details
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
