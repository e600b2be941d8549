"""The Breakdown in a running shell engine (notice on scene open) and its command line."""

import io
import json
import logging
import os

import pytest

from toolkit.cli import main
from toolkit.platform import start_engine


def _reload(folder):
    from toolkit.config import load_project
    return load_project(folder)


def _shell_scene(path, references):
    """Write a shell scene loading ``references`` ({node: path})."""
    with io.open(path, "w", encoding="utf-8") as handle:
        handle.write(u"%s" % json.dumps({
            "version": 1, "selection": [], "frame_range": [1001, 1100],
            "references": [{"node": node, "path": ref, "kind": "reference"}
                           for node, ref in sorted(references.items())]}))
    return path


@pytest.fixture
def stale_scene(made, tmpdir):
    folder, project, store, publisher = made
    comp = [publisher.publish("SH010", "nuke_shot_publish", "Nuke Script") for _ in range(3)]
    model = publisher.publish("prop1", "maya_asset_publish", "Maya Scene")
    scene = _shell_scene(str(tmpdir.join("scene.json")),
                         {"compRN": comp[0]["path"], "modelRN": model["path"]})
    return scene, comp, model


class Capture(logging.Handler):
    def __init__(self):
        logging.Handler.__init__(self)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def captured():
    handler = Capture()
    logger = logging.getLogger("reelkit")
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


def test_opening_a_stale_scene_logs_one_line_and_marks_the_menu(made, stale_scene, captured):
    project = made[1]
    from toolkit.context import Context
    engine = start_engine("shell", Context(project=project), project)
    command = engine.find_command("breakdown")
    assert command.label == "Breakdown..."
    engine.host.open_scene(stale_scene[0])
    notices = [line for line in captured if line.startswith("Breakdown:")]
    assert len(notices) == 1 and "1 of 2 references" in notices[0] and "compRN" in notices[0]
    assert command.label == "Breakdown... [1 out of date]"
    assert command in engine.host.menus["Reelkit"]  # the shell's menu was rebuilt
    engine.host.new_scene()
    assert command.label == "Breakdown..."
    engine.destroy()


def test_a_current_scene_says_nothing(made, stale_scene, captured, tmpdir):
    project = made[1]
    latest = _shell_scene(str(tmpdir.join("current.json")),
                          {"compRN": stale_scene[1][2]["path"]})
    from toolkit.context import Context
    engine = start_engine("shell", Context(project=project), project)
    engine.host.open_scene(latest)
    assert not [line for line in captured if line.startswith("Breakdown:")]
    assert engine.find_command("breakdown").mark is None
    engine.destroy()


def test_the_setting_turns_the_notice_off(made, stale_scene, captured):
    folder = made[0]
    common = os.path.join(folder, "config", "env", "includes", "common.yml")
    with io.open(common, encoding="utf-8") as handle:
        text = handle.read()
    assert "notify_on_open: true" in text
    with io.open(common, "w", encoding="utf-8") as handle:
        handle.write(text.replace("notify_on_open: true", "notify_on_open: false"))
    project = _reload(folder)
    from toolkit.context import Context
    engine = start_engine("shell", Context(project=project), project)
    engine.host.open_scene(stale_scene[0])
    assert not [line for line in captured if line.startswith("Breakdown:")]
    assert engine.find_command("breakdown").mark is None
    engine.destroy()


def test_cli_breakdown_json(made, stale_scene, capsys):
    folder = made[0]
    scene, comp, model = stale_scene
    assert main(["breakdown", scene, "--json", "--project", folder]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scene"] == scene
    assert [(r["node"], r["status"], r["version"], r["latest_version"])
            for r in data["references"]] == [("compRN", "out_of_date", 1, 3),
                                             ("modelRN", "latest", 1, 1)]
    assert data["counts"]["out_of_date"] == 1


def test_cli_breakdown_update_all_saves_the_scene(made, stale_scene, capsys):
    folder = made[0]
    scene, comp, model = stale_scene
    assert main(["breakdown", scene, "--update-all", "--project", folder]) == 0
    out = capsys.readouterr().out
    assert "update: 1 updated" in out
    with io.open(scene, encoding="utf-8") as handle:
        saved = json.load(handle)
    assert dict((r["node"], r["path"]) for r in saved["references"])["compRN"] == comp[2]["path"]
    assert main(["breakdown", scene, "--project", folder]) == 0
    table = capsys.readouterr().out
    assert "compRN" in table and "out of date" not in table and "2 latest" in table


def test_cli_breakdown_of_a_missing_scene_is_one_clear_error(made, capsys, tmpdir):
    missing = str(tmpdir.join("nope.json"))
    assert main(["breakdown", missing, "--project", made[0]]) == 1
    assert "no scene at %s" % missing in capsys.readouterr().err


def test_cli_usage_lists_who_recorded_a_dependency(made, capsys):
    folder, project, store, publisher = made
    plate = publisher.publish("SH010", "nuke_shot_publish", "Nuke Script", name="plate")
    comp = publisher.publish("SH010", "nuke_shot_publish", "Nuke Script", dependencies=[plate])
    assert main(["usage", plate["path"], "--project", folder]) == 0
    out = capsys.readouterr().out
    assert "is used by 1 publish" in out and comp["path"] in out
    assert main(["usage", "#%d" % plate["id"], "--json", "--project", folder]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in data["used_by"]] == [comp["id"]]
    assert main(["usage", str(comp["id"]), "--project", folder]) == 0
    assert "is used by 0 publishes" in capsys.readouterr().out
    assert main(["usage", "/nowhere/x.nk", "--project", folder]) == 1
    assert "/nowhere/x.nk is no publish" in capsys.readouterr().err
    assert main(["usage", "999", "--project", folder]) == 1
    assert "no publish with id 999" in capsys.readouterr().err


def test_the_notice_never_looks_at_the_files(made, stale_scene, captured, monkeypatch):
    """On a network share a stat per reference would hold up opening the scene."""
    from toolkit.publish import resolve

    def no_disk(*args):
        raise AssertionError("the notice on open looked at the file system")
    monkeypatch.setattr(resolve, "_exists", no_disk)
    project = made[1]
    from toolkit.context import Context
    engine = start_engine("shell", Context(project=project), project)
    engine.host.open_scene(stale_scene[0])
    assert engine.find_command("breakdown").mark == "1 out of date"
    engine.destroy()


def test_a_failing_check_warns_and_never_breaks_opening(made, stale_scene, captured,
                                                        monkeypatch):
    project = made[1]
    from toolkit.context import Context
    engine = start_engine("shell", Context(project=project), project)

    def broken(*args, **kwargs):
        raise RuntimeError("store unreachable")
    monkeypatch.setattr(type(engine.store), "publishes_by_paths", broken)
    engine.host.open_scene(stale_scene[0])  # no exception reaches the host
    assert engine.host.current_scene_path() == stale_scene[0]
    assert any("could not check" in line and "store unreachable" in line for line in captured)
    assert engine.find_command("breakdown").mark is None
    engine.destroy()


def test_a_wrong_group_by_setting_is_named(made, captured):
    folder = made[0]
    common = os.path.join(folder, "config", "env", "includes", "common.yml")
    with io.open(common, encoding="utf-8") as handle:
        text = handle.read()
    with io.open(common, "w", encoding="utf-8") as handle:
        handle.write(text.replace("group_by: entity", "group_by: colour"))
    project = _reload(folder)
    from toolkit.context import Context
    engine = start_engine("shell", Context(project=project), project)
    assert engine.find_command("breakdown") is None  # the app did not start
    assert any("group_by" in line and "'colour'" in line for line in captured), captured
    engine.destroy()
