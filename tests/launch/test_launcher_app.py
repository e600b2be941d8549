"""The Launcher app: project -> entity -> task, the hosts the context allows, the
latest work file, headless (LauncherSession) and as a panel (pytest-qt)."""

import io
import os
import time

import pytest

from apps.launcher.session import LauncherSession
from toolkit.config import load_project
from toolkit.errors import ReelkitError
from toolkit.platform import start_engine

from .conftest import write_executable
from .test_launcher import set_launchers


@pytest.fixture
def launcher(studio, tmpdir, clean_launch_env):
    """A session on the studio project where only Blender is installed."""
    from toolkit.store import open_store
    project, publishes = studio
    blender = write_executable(str(tmpdir.mkdir("blender-4.2").join("blender")))
    project = set_launchers(project, u"launchers:\n  blender: {linux: %s, darwin: %s, "
                                     u"windows: %s}\n  maya: {linux: /nowhere/maya, darwin: "
                                     u"/nowhere/maya, windows: /nowhere/maya.exe}\n"
                            % ((blender,) * 3))
    with open_store(project) as store:
        shot = store.find_one("Shot", [["code", "is", "SH010"]], ["code"])
        comp = store.find_one("Step", [["code", "is", "comp"]], ["code"])
        store.create("Task", {"content": "comp", "entity": shot, "step": comp})
    session = LauncherSession(project)
    yield session, blender
    session.close()


def write_work_file(project, context, version, age):
    template = project.templates["blender_shot_work"]
    fields = context.as_template_fields()
    fields.pop("User", None)
    fields.update({"name": "main", "version": version})
    path = template.apply_fields(fields)
    if not os.path.isdir(os.path.dirname(path)):
        os.makedirs(os.path.dirname(path))
    io.open(path, "wb").write(b"BLENDER")
    stamp = time.time() - age
    os.utime(path, (stamp, stamp))
    return path


def shot_task_context(session):
    shot = [e for e in session.entities() if e["type"] == "Shot"][0]
    task = session.tasks(shot)[0]
    return session.context_for(shot, task)


def test_entities_are_those_of_this_project_only(launcher):
    # a studio store shared by several projects (PostgreSQL, a tracker)
    session, _ = launcher
    store = session.store
    other = store.create("Project", {"code": "other", "name": "other"})
    store.create("Shot", {"code": "SH900", "project": other})
    store.create("Asset", {"code": "villain", "project": other, "sg_asset_type": "Character"})
    assert [(e["type"], e["code"]) for e in session.entities()] == [("Shot", "SH010"),
                                                                    ("Asset", "hero")]


def test_entities_tasks_and_the_hosts_a_context_allows(launcher):
    session, blender = launcher
    labels = [(e["type"], e["code"]) for e in session.entities()]
    assert labels == [("Shot", "SH010"), ("Asset", "hero")]
    context = shot_task_context(session)
    assert context.task["content"] == "comp" and context.step["code"] == "comp"
    hosts = dict((c.engine, c) for c in session.hosts(context))
    assert "shell" not in hosts
    assert hosts["blender"].available and hosts["blender"].detail == blender
    assert not hosts["maya"].available and "/nowhere/maya not found" in hosts["maya"].detail
    assert not hosts["nuke"].available  # configured nowhere on this machine


def test_launch_opens_the_latest_work_file(launcher):
    session, blender = launcher
    context = shot_task_context(session)
    with pytest.raises(ReelkitError) as error:
        session.launch("blender", context, open_latest=True)
    assert "no blender work file" in str(error.value)
    write_work_file(session.project, context, 3, age=100)
    newest = write_work_file(session.project, context, 2, age=10)  # saved last
    assert session.latest_work_file("blender", context) == newest
    plan = session.launch("blender", context, open_latest=True)
    plan.process.wait()
    log = io.open(plan.log_path, encoding="utf-8").read()
    assert "REELKIT_OPEN_FILE=%s" % newest in log
    plan = session.launch("blender", context)
    plan.process.wait()
    assert "REELKIT_OPEN_FILE=<unset>" in io.open(plan.log_path, encoding="utf-8").read()


def test_panel_picks_entity_task_host_and_launches(launcher, qtbot):
    from apps.launcher._qt.panel import LauncherPanel
    from toolkit.qt import QtCore
    session, blender = launcher
    context = shot_task_context(session)
    newest = write_work_file(session.project, context, 1, age=0)
    panel = LauncherPanel(session)
    qtbot.addWidget(panel)
    panel.select_entity("Shot SQ010/SH010")
    assert [panel.task_list.item(r).text() for r in range(panel.task_list.count())] == [
        "(no task)", "comp"]
    panel.select_task("comp")
    hosts = dict((panel.host_list.item(r).text(), panel.host_list.item(r))
                 for r in range(panel.host_list.count()))
    assert not hosts["maya"].flags() & QtCore.Qt.ItemIsEnabled  # greyed out
    panel.select_host("maya")
    assert panel.launch_selected() is None and "Pick a host" in panel.status.text()
    panel.select_host("blender")
    panel.open_latest.setChecked(True)
    with qtbot.waitSignal(panel.launched, timeout=10000) as signal:
        qtbot.mouseClick(panel.launch_button, QtCore.Qt.LeftButton)
    plan = signal.args[0]
    plan.process.wait()
    assert plan.log_path in panel.status.text()
    assert "REELKIT_OPEN_FILE=%s" % newest in io.open(plan.log_path, encoding="utf-8").read()
    panel.search.setText("hero")
    visible = [panel.entity_list.item(r).text() for r in range(1, panel.entity_list.count())
               if not panel.entity_list.item(r).isHidden()]
    assert visible == ["Asset hero"]


def test_the_shell_engine_offers_the_launcher(launcher, qtbot):
    from toolkit.context import Context
    session, blender = launcher
    project = load_project(session.project.root)
    engine = start_engine("shell", Context.from_string("project", project=project), project)
    try:
        command = engine.find_command("launcher")
        assert command is not None and command.name == "Launcher..."
        panel = command.function()
        assert panel.project_box.currentText() == project.name
        assert panel.entity_list.item(0).text() == "Project %s" % project.name
    finally:
        engine.destroy()

