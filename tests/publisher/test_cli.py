"""``reelkit publish-scene``, plans run elsewhere, and the default farm submitter."""

import io
import json
import os

import pytest

from apps.publisher.instances import add_instance, make_instance
from tests.publisher.conftest import work_path, write_frames
from toolkit.cli import main


@pytest.fixture
def scene(shot_project, tmpdir):
    """A saved shell work file holding a plate instance; no engine left running."""
    from toolkit.platform import start_engine
    project, store, context = shot_project
    engine = start_engine("shell", context, project)
    try:
        path = work_path(project, context)
        os.makedirs(os.path.dirname(path))
        plate = write_frames(str(tmpdir.join("plates")), range(1001, 1004))
        add_instance(engine.host, make_instance("bg", "plate", [plate],
                                                frame_range=(1001, 1003)))
        engine.host.save_scene_as(path)
    finally:
        engine.destroy()
    return path


def test_publish_scene_publishes_and_exits_0(shot_project, scene, tmpdir, capsys):
    project, store, context = shot_project
    report = str(tmpdir.join("report.json"))
    code = main(["publish-scene", scene, "--project", project.root, "--report", report,
                 "--comment", "from the farm"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "published main v001" in out and "published bg v001" in out
    data = json.load(io.open(report, encoding="utf-8"))
    assert data["status"] == "published"
    assert sorted(r["name"] for r in data["published"]) == ["bg", "main"]
    assert store.count("PublishedFile", [["description", "is", "from the farm"]]) == 2


def test_publish_scene_with_failures_exits_1_with_them_on_stderr(shot_project, scene, tmpdir,
                                                                  capsys):
    project, store, context = shot_project
    os.remove(os.path.join(str(tmpdir.join("plates")), "plate.1002.exr"))
    code = main(["publish-scene", scene, "--project", project.root])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Frames on disk [bg]: Missing frames:" in err
    assert "lacks 1 frame(s) of 1001-1003: 1002" in err
    assert "nothing was published" in err
    assert store.count("PublishedFile") == 0


def test_instance_option_limits_the_run(shot_project, scene, capsys):
    project, store, context = shot_project
    assert main(["publish-scene", scene, "--project", project.root, "--instance",
                 "nothing-by-this-name"]) == 0
    assert [p["name"] for p in store.find("PublishedFile", [], ["name"])] == ["main"]


def test_a_saved_plan_runs_elsewhere_and_gives_the_same_publishes(shot_project, scene, tmpdir,
                                                                 capsys):
    from toolkit.platform import start_engine
    project, store, context = shot_project
    engine = start_engine("shell", context, project)
    try:
        engine.host.open_scene(scene)
        session = engine.apps["publisher"].session
        session.comment = "plan"
        session.set_plugin_enabled("FinalizeVersionUp", False)
        plan_path = session.make_plan().save(str(tmpdir.join("plan.json")))
    finally:
        engine.destroy()
    # The scene changes after the plan was saved: the plan's instances still rule.
    engine = start_engine("shell", context, project)
    try:
        engine.host.open_scene(scene)
        engine.host.write_scene_data("reelkit.publish.instances", None)
        engine.host.save_scene()
    finally:
        engine.destroy()
    assert main(["publish-scene", scene, "--plan", plan_path]) == 0, capsys.readouterr()[1]
    records = store.find("PublishedFile", [], ["name", "description"])
    assert sorted((r["name"], r["description"]) for r in records) == [
        ("bg", "plan"), ("main", "plan")]
    assert not os.path.exists(work_path(project, context, version=2))  # version-up was off


def test_a_plan_refuses_a_different_plugin_set(shot_project, scene, tmpdir, capsys):
    from toolkit.platform import start_engine
    project, store, context = shot_project
    engine = start_engine("shell", context, project)
    try:
        engine.host.open_scene(scene)
        plan = engine.apps["publisher"].session.make_plan()
    finally:
        engine.destroy()
    plan.data["plugins"].append("ValidateSomethingElse")
    plan_path = plan.save(str(tmpdir.join("plan.json")))
    assert main(["publish-scene", scene, "--plan", plan_path]) == 1
    assert "missing: ValidateSomethingElse" in capsys.readouterr()[1]


def test_the_default_submitter_runs_the_plan_in_the_background(shot_project, scene, tmpdir):
    from toolkit.platform import start_engine
    project, store, context = shot_project
    engine = start_engine("shell", context, project)
    try:
        engine.host.open_scene(scene)
        session = engine.apps["publisher"].session
        plan_path = session.make_plan().save(str(tmpdir.join("plan.json")))
        job = session.submit(plan_path)
    finally:
        engine.destroy()
    assert job["command"][1:4] == ["-m", "toolkit.cli", "publish-scene"]
    assert job["process"].wait() == 0, io.open(job["log"], encoding="utf-8").read()
    data = json.load(io.open(job["report"], encoding="utf-8"))
    assert data["status"] == "published"
    assert store.count("PublishedFile") == 2
