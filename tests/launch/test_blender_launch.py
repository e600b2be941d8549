"""Real Blender, launched as a TD would: ``reelkit launch blender -- -b ...``.

Debian's ``blender`` runs its own embedded Python 3.11 (no virtualenv), so this
checks what only a real host shows: the clean environment, the dependencies
found in the prepared host-Python folder, the engine started by the startup
script, the menu built, and the Loader's default actions: a published .blend
linked, an image sequence loaded as a strip.
``tests/run`` installs Blender where apt is available; without it this fails.
"""

import io
import json
import os
import subprocess

import pytest

from tests.blender_binary import blender, host_python_root as shared_host_python_root

from toolkit.cli import main

from .conftest import REPO

CHECK = u'''
import json, sys
import bpy
from toolkit.platform import current_engine
engine = current_engine()
report = {"engine": engine and engine.name, "python": "%d.%d" % sys.version_info[:2]}
if engine is not None:
    args = sys.argv[sys.argv.index("--") + 1:]
    report["menu"] = list(bpy.types.REELKIT_MT_main.command_names)
    import fileseq  # from the prepared folder: Debian's Python has neither it nor qtpy
    import importlib.util
    report["fileseq"] = fileseq.__file__
    report["qtpy"] = importlib.util.find_spec("qtpy").origin
    # Through the Loader, as an artist's double-click: each type's default action.
    publishes = [engine.store.find_one("PublishedFile", [["id", "is", int(i)]])
                 for i in args[:2]]
    loader = engine.apps["loader"]
    report["actions"] = [[a.name for a in loader.actions_for(p)] for p in publishes]
    load = loader.load(publishes)
    report["failed"] = [str(message) for publish, message in load.failed]
    report["libraries"] = [r.path for r in engine.host.list_references()]
    editor = bpy.context.scene.sequence_editor
    strips = getattr(editor, "strips", None) or editor.sequences
    report["frames"] = [strips[0].frame_final_start, len(strips[0].elements)]
    report["sys_path"] = sys.path
with open(args[2] if engine else sys.argv[-1], "w") as handle:
    json.dump(report, handle)
'''


@pytest.fixture(scope="module")
def host_python_root():
    """Prepared once and kept between runs (the point of the folders)."""
    return shared_host_python_root()


def test_reelkit_launch_blender_background(studio, tmpdir, host_python_root, monkeypatch,
                                           capsys):
    blender()
    project, publishes = studio
    monkeypatch.setenv("REELKIT_HOST_PYTHON", host_python_root)
    monkeypatch.setenv("REELKIT_LOG_DIR", str(tmpdir.join("logs")))
    # What went wrong before: a virtualenv's packages leaking into Blender.
    monkeypatch.setenv("PYTHONPATH", os.path.join(REPO, ".venvs", "py311", "lib"))
    monkeypatch.setenv("VIRTUAL_ENV", os.path.join(REPO, ".venvs", "py311"))
    script = str(tmpdir.join("check.py"))
    io.open(script, "w", encoding="utf-8").write(CHECK)
    result = str(tmpdir.join("result.json"))
    code = main(["launch", "blender", "--context", "Asset hero surfacing", "--wait",
                 "--project", project.root, "--", "-b", "--factory-startup",
                 "--python", script, "--", str(publishes["blend"]["id"]),
                 str(publishes["render"]["id"]), result])
    err = capsys.readouterr().err
    log = err.strip().splitlines()[-1].split("log: ")[1]
    assert code == 0, io.open(log).read()
    with open(result) as handle:
        report = json.load(handle)
    assert report["engine"] == "blender", io.open(log).read()
    assert report["python"] == "3.11"
    assert report["menu"][:1] == ["Loader..."]
    for module in ("fileseq", "qtpy"):
        assert report[module].startswith(os.path.join(host_python_root, "py3.11")), module
    assert report["failed"] == []
    assert report["actions"] == [["reference", "import", "open"], ["read_node"]]
    assert report["libraries"] == [publishes["blend"]["path"]]
    assert report["frames"] == [1001, 3]
    assert not [p for p in report["sys_path"] if ".venvs" in p and "host-python" not in p]


def test_blender_alone_has_no_reelkit_dependencies():
    """The baseline the launch fixes: Debian's Blender cannot import fileseq or qtpy."""
    output = subprocess.check_output(
        [blender(), "-b", "--factory-startup", "--python-expr",
         "import importlib.util as u; print('FOUND', [m for m in ('fileseq', 'qtpy') "
         "if u.find_spec(m)])"], env={"PATH": "/usr/bin:/bin", "HOME": os.environ["HOME"]},
        stderr=subprocess.STDOUT).decode("utf-8", "replace")
    assert "FOUND []" in output


IMAGES = u'''
import json, sys
from toolkit.platform import current_engine
from toolkit.errors import ReelkitError
host = current_engine().host
args = sys.argv[sys.argv.index("--") + 1:]
report = {"imported": host.import_file(args[0])}
for call in (lambda: host.import_file(args[0] + ".missing.jpg"),
             lambda: host.load_image_sequence(args[1], 1001, 1005)):
    try:
        call()
    except ReelkitError as exc:
        report.setdefault("errors", []).append(str(exc))
import bpy
report["images"] = sorted(image.name for image in bpy.data.images)
with open(args[2], "w") as handle:
    json.dump(report, handle)
'''


def test_blender_imports_stills_and_refuses_missing_frames(studio, tmpdir, host_python_root,
                                                           monkeypatch, capsys):
    blender()
    project, publishes = studio
    monkeypatch.setenv("REELKIT_HOST_PYTHON", host_python_root)
    monkeypatch.setenv("REELKIT_LOG_DIR", str(tmpdir.join("logs")))
    still = str(tmpdir.join("reference.jpg"))
    with open(os.path.join(REPO, "docs", "images", "loader.png"), "rb") as source:
        open(still, "wb").write(source.read())  # Blender reads the format from the bytes
    script = str(tmpdir.join("images.py"))
    io.open(script, "w", encoding="utf-8").write(IMAGES)
    result = str(tmpdir.join("result.json"))
    code = main(["launch", "blender", "--context", "Shot SQ010/SH010 comp", "--wait",
                 "--project", project.root, "--", "-b", "--factory-startup", "--python",
                 script, "--", still, publishes["render"]["path"], result])
    log = capsys.readouterr().err.strip().splitlines()[-1].split("log: ")[1]
    assert code == 0 and os.path.exists(result), io.open(log).read()
    with open(result) as handle:
        report = json.load(handle)
    assert report["imported"] == ["reference.jpg"] and "reference.jpg" in report["images"]
    assert "no such image file" in report["errors"][0]  # not "no such .blend file"
    assert "2 of 5 frames missing" in report["errors"][1]


LOADER_PANEL = u'''
import importlib.util, json, sys
from toolkit.platform import current_engine
engine = current_engine()
panel = engine.find_command("loader").function()  # the Reelkit menu's "Loader..."
import qtpy
from toolkit import qt
qt.QtWidgets.QApplication.instance().processEvents()
with open(sys.argv[-1], "w") as handle:
    json.dump({"pyqt5_importable": importlib.util.find_spec("PyQt5") is not None,
               "api": qtpy.API_NAME, "panel": type(panel).__name__,
               "visible": panel.isVisible()}, handle)
'''


def test_loader_opens_in_blender_with_pyqt5_importable(studio, tmpdir, host_python_root,
                                                      monkeypatch, capsys):
    """Blender ships no Qt; with Debian's PySide2 and PyQt5 both importable, qtpy alone
    would pick PyQt5 (and an unkept QApplication aborted Blender, exit 134). The
    engine pins its binding and the Loader opens."""
    blender()
    project, publishes = studio
    monkeypatch.setenv("REELKIT_HOST_PYTHON", host_python_root)
    monkeypatch.setenv("REELKIT_LOG_DIR", str(tmpdir.join("logs")))
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    script = str(tmpdir.join("loader.py"))
    io.open(script, "w", encoding="utf-8").write(LOADER_PANEL)
    result = str(tmpdir.join("result.json"))
    code = main(["launch", "blender", "--context", "Shot SQ010/SH010 comp", "--wait",
                 "--project", project.root, "--", "-b", "--factory-startup", "--python",
                 script, "--", result])
    log = capsys.readouterr().err.strip().splitlines()[-1].split("log: ")[1]
    assert code == 0 and os.path.exists(result), io.open(log).read()
    with open(result) as handle:
        report = json.load(handle)
    assert report["pyqt5_importable"], "tests/run installs python3-pyqt5 for this test"
    assert report == {"pyqt5_importable": True, "api": "PySide2", "panel": "LoaderPanel",
                      "visible": True}


def test_launch_open_makes_blender_open_the_file_once_the_engine_runs(studio, tmpdir,
                                                                      host_python_root,
                                                                      monkeypatch, capsys):
    blender()
    project, publishes = studio
    monkeypatch.setenv("REELKIT_HOST_PYTHON", host_python_root)
    monkeypatch.setenv("REELKIT_LOG_DIR", str(tmpdir.join("logs")))
    result = str(tmpdir.join("result.json"))
    check = ("import bpy, json, sys; from toolkit.platform import current_engine; "
             "json.dump([bpy.data.filepath, current_engine() is not None], open(sys.argv[-1], 'w'))")
    code = main(["launch", "blender", "--context", "Asset hero surfacing", "--wait",
                 "--open", publishes["blend"]["path"], "--project", project.root, "--", "-b",
                 "--factory-startup", "--python-expr", check, "--", result])
    log = capsys.readouterr().err.strip().splitlines()[-1].split("log: ")[1]
    assert code == 0 and os.path.exists(result), io.open(log).read()
    with open(result) as handle:
        assert json.load(handle) == [publishes["blend"]["path"], True]
