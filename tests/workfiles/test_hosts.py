"""Workfiles in each host engine: Maya, Nuke and Houdini through the checked fakes
(tests/hosts/fakes), Blender for real (``bpy``, Python 3.11), on the default config.

Each host: Save As, the Version Up menu command, and opening a file of another
shot, which switches the engine's context (environment, apps, folders) as one step.
"""

import os
import sys

import pytest

from tests.hosts.conftest import fake_hosts  # noqa: F401 (fixture)
from tests.workfiles.conftest import shot_context
from toolkit.platform import start_engine

HOSTS = ["maya", "nuke", "houdini"]
if sys.version_info[:2] == (3, 11):
    HOSTS.append("blender")

#: The file each host's work template ends with, as the Save dialog's default.
EXTENSIONS = {"maya": "ma", "nuke": "nk", "houdini": "hip", "blender": "blend"}


@pytest.fixture
def engine(request, show, fake_hosts):  # noqa: F811
    name = request.param
    project, store, _ = show
    if name == "blender":
        import bpy
        bpy.ops.wm.read_homefile(use_empty=True)
    running = start_engine(name, shot_context(project, store, "SH010"), project)
    yield running
    running.destroy()


def work(project, host, shot, version):
    fields = {"Sequence": "SQ010", "Shot": shot, "Step": "anim", "Task": "blocking",
              "name": "main", "version": version, "HumanUser": "alice"}
    if host in ("maya", "houdini"):
        fields["extension"] = EXTENSIONS[host]
    return project.templates["%s_shot_work" % host].apply_fields(fields)


@pytest.mark.parametrize("engine", HOSTS, indirect=True)
def test_save_as_version_up_and_open_another_shot(engine, show):
    project = show[0]
    host_name = engine.name
    app = engine.apps["workfiles"]
    first = app.session.save_as("main")
    assert first == work(project, host_name, "SH010", 1)
    assert engine.host.current_scene_path() == first and os.path.isfile(first)

    engine.find_command("version-up").callback()  # the menu item
    second = work(project, host_name, "SH010", 2)
    assert engine.host.current_scene_path() == second and os.path.isfile(second)

    engine.find_command("snapshot").callback()  # a timestamped copy beside the versions
    (snapshot_path, fields), = app.session.snapshots()
    assert fields["version"] == 2 and os.path.getsize(snapshot_path) == os.path.getsize(second)
    assert os.path.dirname(snapshot_path) == os.path.join(os.path.dirname(second), "snapshots")

    # a file of SH020 (made by the host, as another session would have)
    other = work(project, host_name, "SH020", 1)
    os.makedirs(os.path.dirname(other))
    engine.host.save_scene_as(other)
    engine.host.open_scene(second)
    # bpy as a module keeps its "unsaved" flag after a save (tests/hosts/drivers.py,
    # clean_after_save): answer the question as the artist would, discarding nothing real
    from apps.workfiles.session import DISCARD
    app.session.ask_unsaved = lambda: DISCARD
    result = app.session.open_file(other)
    assert result.context_changed and engine.host.current_scene_path() == other
    assert engine.context.entity["code"] == "SH020" and engine.context.user["login"] == "alice"
    assert engine.apps["workfiles"] is not app  # the apps were restarted for the new context
    published = os.path.join(project.root, "sequences", "SQ010", "SH020", "anim", "publish",
                             host_name)
    assert os.path.isdir(published)  # the folders deferred to this host were created
    # the restarted app versions up the other shot
    assert engine.apps["workfiles"].version_up() == work(project, host_name, "SH020", 2)


@pytest.mark.parametrize("engine", ["maya"], indirect=True)
def test_a_context_that_cannot_be_entered_opens_nothing(engine, show):
    """The folders of SH020 cannot be made: the engine, its apps and the scene stay put."""
    from toolkit.platform.errors import ContextChangeError
    project = show[0]
    app = engine.apps["workfiles"]
    mine = app.session.save_as("main")
    other = work(project, "maya", "SH020", 1)
    os.makedirs(os.path.dirname(other))
    engine.host.save_scene_as(other)
    engine.host.open_scene(mine)
    blocker = os.path.join(project.root, "sequences", "SQ010", "SH020", "anim", "cache")
    with open(blocker, "w") as handle:  # a file where the schema puts a folder
        handle.write("in the way")
    with pytest.raises(ContextChangeError) as caught:
        app.session.open_file(other)
    assert "creating the folders" in str(caught.value) and blocker in str(caught.value)
    assert engine.context.entity["code"] == "SH010" and engine.apps["workfiles"] is app
    assert engine.host.current_scene_path() == mine


def test_follow_a_scene_opened_outside_workfiles(show):
    """``follow_scene_context``: the host's own open switches the context too."""
    from toolkit.platform.engine import load_project_config
    project, store, _ = show
    common = os.path.join(project.config_dir, "env", "includes", "common.yml")
    with open(common) as handle:
        text = handle.read()
    with open(common, "w") as handle:
        handle.write(text.replace("_workfiles_shell:\n  location: workfiles\n",
                                  "_workfiles_shell:\n  location: workfiles\n"
                                  "  follow_scene_context: true\n"))
    project = load_project_config(project.root)
    engine = start_engine("shell", shot_context(project, store, "SH010"), project)
    try:
        first = engine.apps["workfiles"]
        other = work(project, "shell", "SH020", 1)
        os.makedirs(os.path.dirname(other))
        engine.host.save_scene_as(other)
        assert engine.context.entity["code"] == "SH010"  # saving is not opening
        engine.host.open_scene(other)  # as File > Open would
        assert engine.context.entity["code"] == "SH020"
        second = engine.apps["workfiles"]
        assert second is not first
        engine.host.open_scene(other)  # the same context again: nothing restarts
        assert engine.apps["workfiles"] is second
    finally:
        engine.destroy()


@pytest.mark.parametrize("engine", HOSTS, indirect=True)
def test_every_save_of_a_work_file_is_told_to_the_store(engine, show):
    """What a tracker lists as working files (Kitsu): each save, named and versioned,
    under the file's task, heard from the host's own save callback."""
    told = []
    store = engine.apps["workfiles"].session.store
    store.record_work_file = lambda *args: told.append(args)  # the stores' hook, watched
    engine.apps["workfiles"].session.save_as("main")
    engine.find_command("version-up").callback()
    assert [(os.path.basename(path), entity["code"], task["content"], name, version)
            for path, entity, task, name, version, _ in told][-2:] == [
        (os.path.basename(work(show[0], engine.name, "SH010", 1)), "SH010", "blocking",
         "main", 1),
        (os.path.basename(work(show[0], engine.name, "SH010", 2)), "SH010", "blocking",
         "main", 2)]
