"""The Workfiles session, headless: every panel action without Qt, on the shell host."""

import os

import pytest

from apps.workfiles.session import CANCEL, DISCARD, SAVE, WorkfilesSession
from apps.workfiles.tasks import my_tasks
from tests.workfiles.conftest import shell_scene, shell_work, shot_context
from toolkit.errors import FieldError
from toolkit.workfiles import WorkfilesError


class Switches(object):
    """Records the contexts the session asks the engine to switch to."""

    def __init__(self, fail=False):
        self.calls = []
        self.fail = fail

    def __call__(self, context):
        if self.fail:
            raise WorkfilesError("engine refused")
        self.calls.append(context)


def make_session(show, host, login="alice", code="SH010", answer=None, switch=None,
                 engine="shell"):
    project, store, _ = show
    return WorkfilesSession(project, host, store, shot_context(project, store, code, login),
                            engine, switch_context=switch,
                            ask_unsaved=(lambda: answer) if answer else None)


def test_work_files_of_every_sandbox_mine_first(show, host):
    project = show[0]
    for user, version in (("bob", 3), ("alice", 1), ("alice", 2), ("carol", 5)):
        shell_scene(shell_work(project, "SH010", version, user))
    shell_scene(shell_work(project, "SH020", 9, "alice"))  # another shot: not listed
    session = make_session(show, host)
    files = session.work_files()
    assert [(f.user, f.version) for f in files] == [("alice", 2), ("alice", 1), ("bob", 3),
                                                    ("carol", 5)]
    assert files[0].size > 0 and files[0].extension is None
    assert [f.version for f in session.work_files(user="bob")] == [3]


def test_opening_another_shots_file_switches_context_and_offers_the_newest(show, host):
    project = show[0]
    old = shell_scene(shell_work(project, "SH020", 1, "bob"), "old")
    newest = shell_scene(shell_work(project, "SH020", 4, "alice"), "new")
    switch = Switches()
    session = make_session(show, host, switch=switch)
    result = session.open_file(old, read_only=True)
    assert result.path == old and result.context_changed and result.newer == newest
    assert host.current_scene_path() == old
    (context,) = switch.calls
    assert context.entity["code"] == "SH020" and context.user["login"] == "alice"
    assert session.context is context
    # read-only: saving over bob's file is refused, version up goes to my sandbox
    with pytest.raises(WorkfilesError):
        session.snapshot()
    assert session.version_up() == shell_work(project, "SH020", 5, "alice")


def test_only_work_files_are_offered_as_newer(show, host):
    """A newer publish is continued from, never opened in place: it is not 'newer' here."""
    project = show[0]
    maya = dict(template="maya_shot_work", extension="ma")
    mine = shell_scene(shell_work(project, "SH010", 1, "alice", **maya))
    bobs = shell_scene(shell_work(project, "SH010", 3, "bob", extension="mb",
                                  template="maya_shot_work"))
    shell_scene(project.templates["maya_shot_publish"].apply_fields(
        {"Sequence": "SQ010", "Shot": "SH010", "Step": "anim", "Task": "blocking",
         "name": "main", "version": 5}))
    result = make_session(show, host, engine="maya").open_file(mine)
    assert (result.newer, result.newer_version) == (bobs, 3)


def test_a_refused_context_switch_opens_nothing(show, host):
    path = shell_scene(shell_work(show[0], "SH020", 1, "alice"))
    session = make_session(show, host, switch=Switches(fail=True))
    with pytest.raises(WorkfilesError):
        session.open_file(path)
    assert host.current_scene_path() is None
    assert session.context.entity["code"] == "SH010"


def test_opening_in_the_same_context_does_not_switch(show, host):
    path = shell_scene(shell_work(show[0], "SH010", 1, "bob"))
    switch = Switches()
    result = make_session(show, host, switch=switch).open_file(path)
    assert not result.context_changed and switch.calls == [] and result.newer is None


@pytest.mark.parametrize("answer", [CANCEL, DISCARD, SAVE])
def test_unsaved_changes_are_settled_before_open(show, host, answer):
    project = show[0]
    mine = shell_scene(shell_work(project, "SH010", 1, "alice"), "mine")
    other = shell_scene(shell_work(project, "SH010", 2, "bob"), "other")
    host.open_scene(mine)
    host.import_file("/lib/extra.abc")
    session = make_session(show, host, answer=answer)
    result = session.open_file(other)
    with open(mine) as handle:
        saved = "extra.abc" in handle.read()
    assert saved == (answer == SAVE)
    assert (result.path is None) == (answer == CANCEL)
    assert host.current_scene_path() == (mine if answer == CANCEL else other)


def test_saving_a_read_only_file_goes_to_my_sandbox(show, host):
    project = show[0]
    bobs = shell_scene(shell_work(project, "SH010", 2, "bob"), "bobs")
    other = shell_scene(shell_work(project, "SH010", 1, "alice"), "mine")
    session = make_session(show, host, answer=SAVE)
    session.open_file(bobs, read_only=True)
    host.import_file("/lib/extra.abc")
    session.open_file(other)
    with open(bobs) as handle:
        assert "extra.abc" not in handle.read()  # bob's file untouched
    with open(shell_work(project, "SH010", 3, "alice")) as handle:
        assert "extra.abc" in handle.read()  # my changes: my sandbox, next version


def test_without_an_answer_unsaved_changes_are_refused(show, host):
    host.import_file("/lib/extra.abc")
    with pytest.raises(WorkfilesError) as caught:
        make_session(show, host).new_file()
    assert "unsaved changes" in str(caught.value)


def test_continue_from_a_publish(show, host):
    project = show[0]
    maya = dict(template="maya_shot_work", extension="ma")
    shell_scene(shell_work(project, "SH010", 6, "bob", **maya))
    publish = project.templates["maya_shot_publish"].apply_fields(
        {"Sequence": "SQ010", "Shot": "SH010", "Step": "anim", "Task": "blocking",
         "name": "main", "version": 9})
    shell_scene(publish, "published")  # a shell scene under a Maya name: the host reads JSON
    session = make_session(show, host, engine="maya")
    result = session.continue_from_publish(publish)  # the publish's own context
    assert result.path == shell_work(project, "SH010", 10, "alice", **maya)
    assert not result.context_changed
    assert host.current_scene_path() == result.path
    assert [r.node for r in host.list_references()] == ["published"]


def test_a_file_of_another_kind_cannot_be_continued(show, host, tmpdir):
    cache = str(tmpdir.join("hero_v001.abc"))
    shell_scene(cache)
    session = make_session(show, host)
    with pytest.raises(WorkfilesError) as caught:
        session.continue_from_publish(cache, context=session.context)
    assert "shell_shot_work" in str(caught.value)
    assert not os.path.isdir(os.path.dirname(shell_work(show[0], "SH010", 1, "alice")))


def test_a_copy_whose_context_cannot_be_entered_is_removed(show, host):
    project = show[0]
    bobs = shell_scene(shell_work(project, "SH020", 2, "bob"), "bobs")
    session = make_session(show, host, switch=Switches(fail=True))
    with pytest.raises(WorkfilesError):
        session.copy_to_sandbox(bobs)
    assert not os.path.exists(shell_work(project, "SH020", 3, "alice"))
    assert host.current_scene_path() is None and session.context.entity["code"] == "SH010"


def test_copy_another_users_file_into_my_sandbox(show, host):
    project = show[0]
    bobs = shell_scene(shell_work(project, "SH010", 2, "bob"), "bobs")
    result = make_session(show, host).copy_to_sandbox(bobs)
    assert result.path == shell_work(project, "SH010", 3, "alice")
    with open(bobs) as mine, open(result.path) as copy:
        assert mine.read() == copy.read()


def test_new_file_from_the_start_file(show, host):
    project = show[0]
    session = make_session(show, host)
    session.start_file = os.path.join(project.config_dir, "start_files", "empty.json")
    path = session.new_file(name="layout")
    assert path == shell_work(project, "SH010", 1, "alice", name="layout")
    assert host.current_scene_path() == path and host.list_references() == []


def test_new_file_without_a_start_file_saves_an_empty_scene(show, host):
    path = make_session(show, host).new_file(name="fx")
    assert path == shell_work(show[0], "SH010", 1, "alice", name="fx")
    assert os.path.getsize(path) > 0


def test_save_as_preview_and_refusal_before_anything_is_written(show, host):
    project = show[0]
    shell_scene(shell_work(project, "SH010", 4, "bob", name="cloth"))
    session = make_session(show, host)
    preview = session.preview_save_as("cloth")
    assert preview == (shell_work(project, "SH010", 5, "alice", name="cloth"), 5)
    assert not os.path.exists(os.path.dirname(preview.path))  # alice's sandbox: not made
    with pytest.raises(FieldError) as caught:
        session.preview_save_as("hero_cloth")
    assert "name" in str(caught.value) and "alphanumeric" in str(caught.value)
    with pytest.raises(FieldError):
        session.save_as("hero cloth")
    assert not os.path.exists(os.path.dirname(preview.path))
    assert session.save_as("cloth") == preview.path and os.path.isfile(preview.path)


def test_snapshots_are_listed_newest_first(show, host):
    import datetime
    project = show[0]
    host.save_scene_as(shell_scene(shell_work(project, "SH010", 1, "alice")))
    session = make_session(show, host)
    from toolkit.workfiles import snapshot
    first = snapshot(host, project, now=datetime.datetime(2026, 1, 2, 3, 4, 5))
    second = snapshot(host, project, now=datetime.datetime(2026, 1, 2, 3, 4, 6))
    assert [p for p, _ in session.snapshots()] == [second, first]
    with pytest.raises(WorkfilesError):  # the same second twice: never overwritten
        snapshot(host, project, now=datetime.datetime(2026, 1, 2, 3, 4, 6))


def test_publishes_grouped_by_name_and_my_tasks(show, host, tmpdir):
    from toolkit.publish import publish_file
    project, store, entities = show
    context = shot_context(project, store, "SH010", "alice")
    source = str(tmpdir.join("src.ma"))
    with open(source, "w") as handle:
        handle.write("x")
    template = project.templates["maya_shot_publish"]
    for name in ("main", "main", "cloth"):
        publish_file(project, context, source, template, {"name": name}, "Maya Scene",
                     comment="take", store=store, user="alice")
    grouped = make_session(show, host).publishes()
    assert list(grouped) == ["cloth", "main"]
    assert [p["version_number"] for p in grouped["main"]] == [2, 1]
    assert grouped["main"][0]["description"] == "take"
    tasks = my_tasks(store, store.project, "alice")
    assert [t["id"] for t in tasks] == [entities["SH010"][1]["id"]]  # published for
    assert my_tasks(store, store.project, "bob") == []
    # once the project records assignments, "my tasks" are the assigned ones
    bob = store.find_one("User", [["login", "is", "bob"]]) or store.create(
        "User", {"login": "bob", "name": "Bob"})
    blocking = entities["SH020"][1]
    store.update("Task", blocking["id"], {"task_assignees": [bob]})
    assert [t["id"] for t in my_tasks(store, store.project, "bob")] == [blocking["id"]]
    assert my_tasks(store, store.project, "alice") == []
    # the File Open panel's tree is the project's entity tree, with tasks
    from toolkit.entity_tree import build_entity_tree
    tree = build_entity_tree(store, store.project, tasks=True)
    sequences = tree.children[0]
    assert [n.label for n in sequences.children] == ["SQ010"]
    assert [s.label for s in sequences.children[0].children] == ["SH010", "SH020"]
    blocking_node = sequences.children[0].children[1].children[0]
    assert blocking_node.kind == "task" and blocking_node.task["content"] == "blocking"


def test_reelkit_run_workfiles_version_up(show):
    from toolkit.cli import main
    project = show[0]
    scene = shell_scene(shell_work(project, "SH010", 1, "alice"))
    assert main(["run", "workfiles", "version-up", "--scene", scene,
                 "--project", project.root]) == 0
    assert os.path.isfile(shell_work(project, "SH010", 2, "alice"))
    assert main(["run", "version-up", "--scene", scene, "--project", project.root]) == 0
    assert os.path.isfile(shell_work(project, "SH010", 3, "alice"))
