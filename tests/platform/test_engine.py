"""Engine life cycle, commands and menu, error isolation, context switches."""

import logging

import pytest

from toolkit.context import Context
from toolkit.platform import change_context, current_engine, start_engine
from toolkit.platform.errors import EngineError

from .conftest import shot_env


def test_start_and_destroy(shot):
    project, context = shot
    engine = start_engine("recorder", context, project)
    assert current_engine() is engine
    assert engine.host.name == "recorder" and engine.host.engine is engine
    assert engine.context == context and engine.project is project
    assert list(engine.apps) == ["demo"] and engine.env_name == "shot_step"
    assert engine.apps["demo"].engine is engine
    with pytest.raises(EngineError):
        start_engine("recorder", context, project)
    engine.destroy()
    assert current_engine() is None
    assert engine.host.calls[-1] == ("clear_menu", "Studio")
    assert engine.host.handler not in logging.getLogger("reelkit").handlers


def test_register_command_builds_the_host_menu_once(shot):
    project, context = shot
    engine = start_engine("recorder", context, project)
    builds = [c for c in engine.host.calls if c[0] == "build_menu"]
    assert builds == [("build_menu", "Studio", ["Engine info", "hello", "Broken demo"])]
    assert engine.find_command("demo").callback() == 42
    assert engine.find_command("info").callback() == "engine"
    engine.register_command("Later", lambda: None)
    assert engine.host.calls[-1] == ("build_menu", "Studio",
                                     ["Engine info", "hello", "Broken demo", "Later"])


def test_a_failing_command_is_logged_and_the_engine_lives(shot):
    project, context = shot
    engine = start_engine("recorder", context, project)
    assert engine.find_command("Broken demo").callback() is None
    messages = [r.getMessage() for r in engine.host.handler.records]
    assert "command 'Broken demo' of 'demo' failed" in messages
    assert engine.host.handler.records[-1].exc_info[0] is ValueError
    assert current_engine() is engine and engine.find_command("demo").callback() == 42


def test_an_app_failing_to_start_is_logged_and_skipped(make_project):
    env = shot_env(apps="{demo: {location: demo}, bad: {location: demo, label: explode}}")
    project = make_project(envs={"shot_step": env})
    engine = start_engine("recorder", Context.from_string("Shot SH010", project=project),
                          project)
    assert list(engine.apps) == ["demo"]
    records = engine.host.handler.records
    assert any(r.getMessage() == "app 'bad' failed to start" and r.exc_info for r in records)
    assert [c.name for c in engine.commands.values()] == ["Engine info", "hello",
                                                          "Broken demo"]


def test_same_app_twice_gets_distinct_command_names(make_project):
    env = shot_env(apps="{demo: {location: demo}, demo2: {location: demo}}")
    project = make_project(envs={"shot_step": env})
    engine = start_engine("recorder", Context.from_string("Shot SH010", project=project),
                          project)
    # which instance starts first follows the mapping order (arbitrary on Python 2)
    assert set(["hello", "Broken demo"]) <= set(engine.commands)
    assert set(engine.commands) & set(["hello (demo)", "hello (demo2)"])


def test_change_context_restarts_the_apps(make_project):
    project = make_project(envs={
        "shot_step": shot_env(),
        "asset_step": shot_env(apps="{other: {location: demo, label: asset work}}"),
        "project": shot_env()})
    shot = Context.from_string("Shot SH010 comp", project=project)
    asset = Context.from_string("Asset hero model", project=project)
    engine = start_engine("recorder", shot, project)
    first = engine.apps["demo"]
    assert change_context(asset) is engine
    assert engine.context == asset and engine.env_name == "asset_step"
    assert list(engine.apps) == ["other"] and engine.apps["other"].started_in == asset
    assert "demo" not in engine.apps and first is not engine.apps["other"]
    assert engine.host.calls[-2:] == [("clear_menu", "Studio"),
                                      ("build_menu", "Studio", ["Engine info", "asset work",
                                                                "Broken demo"])]


def test_change_context_to_a_broken_environment_keeps_the_old_one(make_project):
    project = make_project(envs={
        "shot_step": shot_env(),
        "asset_step": shot_env(apps="{demo: {location: demo, count: x}}"),
        "project": shot_env()})
    engine = start_engine("recorder", Context.from_string("Shot SH010", project=project),
                          project)
    app = engine.apps["demo"]
    with pytest.raises(Exception) as err:
        engine.change_context(Context.from_string("Asset hero", project=project))
    assert "count" in str(err.value)
    assert engine.apps["demo"] is app and engine.env_name == "shot_step"


def test_hooks_resolve_self_config_engine(make_project):
    project = make_project(envs={"shot_step": shot_env(
        apps="{demo: {location: demo, hook_scan: '{self}/scan.py:{config}/scan.py'}}")},
        hooks={"scan.py": "class S(HookBaseClass):\n"
                          "    def execute(self):\n"
                          "        return super(S, self).execute() + [self.parent.name]\n"})
    engine = start_engine("recorder", Context.from_string("Shot SH010", project=project),
                          project)
    hook = engine.apps["demo"].create_hook("hook_scan")
    assert hook.execute() == ["default", "demo"] and hook.parent is engine.apps["demo"]
    assert engine.create_hook("hook_scene").execute() == "engine default"


def test_shell_engine_with_the_repo_loader(shot):
    project, context = shot
    engine = start_engine("shell", context, project)
    host = engine.host
    assert host.name == "shell" and host.get_frame_range() == (1001, 1100)
    assert host.menus["Reelkit"] == list(engine.commands.values())
    engine.destroy()
    assert host.menus == {}
