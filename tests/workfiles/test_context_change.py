"""The engine's context change as one step: environment, apps, folders, or nothing."""

import os

import pytest

from tests.platform.conftest import make_project, shot_env  # noqa: F401 (fixture)
from toolkit.context import Context
from toolkit.platform import start_engine
from toolkit.platform.errors import ContextChangeError


def _engine(make_project, asset_apps):  # noqa: F811
    project = make_project(envs={
        "shot_step": shot_env(),
        "asset_step": shot_env(apps=asset_apps),
        "project": shot_env()})
    shot = Context.from_string("Shot SH010 comp", project=project)
    return project, shot, start_engine("recorder", shot, project)


def test_an_app_failing_in_the_new_context_brings_the_old_one_back(make_project):  # noqa: F811
    project, shot, engine = _engine(
        make_project, "{other: {location: demo, label: fine}, bad: {location: demo, label: explode}}")
    with pytest.raises(ContextChangeError) as caught:
        engine.change_context(Context.from_string("Asset hero model", project=project))
    message = str(caught.value)
    assert "starting 'bad'" in message and "stays in" in message
    assert engine.context == shot and engine.env_name == "shot_step"
    assert list(engine.apps) == ["demo"] and engine.apps["demo"].started_in == shot
    assert "fine" not in engine.commands and "hello" in engine.commands
    assert engine.host.calls[-1] == ("build_menu", "Studio",
                                     ["Engine info", "hello", "Broken demo"])


def test_an_app_that_cannot_be_imported_stops_nothing(make_project):  # noqa: F811
    project, shot, engine = _engine(make_project, "{ghost: {location: no_such_bundle}}")
    running = engine.apps["demo"]
    with pytest.raises(Exception) as caught:
        engine.change_context(Context.from_string("Asset hero model", project=project))
    assert "no_such_bundle" in str(caught.value)
    assert engine.apps["demo"] is running and engine.context == shot


@pytest.fixture
def store_project(tmpdir):
    """The default config with a store holding SQ010/SH010 and SH020, step anim, tasks."""
    from toolkit.cli.project_commands import init_project
    from toolkit.store import open_store
    project = init_project(str(tmpdir.join("show")))
    store = open_store(project)
    link = store.project
    step = store.create("Step", {"code": "anim", "entity_type": "Shot"})
    seq = store.create("Sequence", {"code": "SQ010", "project": link})
    shots = {}
    for code in ("SH010", "SH020"):
        shot = store.create("Shot", {"code": code, "project": link,
                                     "sequence": {"type": "Sequence", "id": seq["id"]}})
        store.create("Task", {"content": "blocking", "project": link, "step": step,
                              "entity": {"type": "Shot", "id": shot["id"]}})
        shots[code] = shot
    store.close()
    return project


def test_the_new_contexts_folders_are_created(store_project):
    from toolkit.store import open_store
    store = open_store(store_project)
    try:
        first = Context.from_string("Shot SH010 anim/blocking", store_project, store)
        second = Context.from_string("Shot SH020 anim/blocking", store_project, store)
    finally:
        store.close()
    engine = start_engine("shell", first, store_project)
    engine.change_context(second)
    work = os.path.join(store_project.root, "sequences", "SQ010", "SH020", "anim", "work")
    assert os.path.isdir(work) and engine.context == second


def test_a_folder_that_cannot_be_made_keeps_the_old_context(store_project):
    from toolkit.store import open_store
    store = open_store(store_project)
    try:
        first = Context.from_string("Shot SH010 anim/blocking", store_project, store)
        second = Context.from_string("Shot SH020 anim/blocking", store_project, store)
    finally:
        store.close()
    engine = start_engine("shell", first, store_project)
    apps = dict(engine.apps)
    blocker = os.path.join(store_project.root, "sequences", "SQ010", "SH020")
    os.makedirs(os.path.dirname(blocker))
    with open(blocker, "w") as handle:  # a file where the shot's folder belongs
        handle.write("in the way")
    with pytest.raises(ContextChangeError) as caught:
        engine.change_context(second)
    assert "creating the folders" in str(caught.value) and "SH020" in str(caught.value)
    assert engine.context == first and engine.apps == apps


def test_an_app_missing_in_both_contexts_does_not_block_the_switch(make_project):  # noqa: F811
    """A bundle this interpreter lacks is left out at start; it cannot stop a switch."""
    apps = "{demo: {location: demo}, ghost: {location: no_such_bundle}}"
    project = make_project(envs={"shot_step": shot_env(apps=apps),
                                 "asset_step": shot_env(apps=apps), "project": shot_env()})
    engine = start_engine("recorder", Context.from_string("Shot SH010 comp", project=project),
                          project)
    assert list(engine.apps) == ["demo"]
    asset = Context.from_string("Asset hero model", project=project)
    engine.change_context(asset)
    assert engine.context == asset and list(engine.apps) == ["demo"]
