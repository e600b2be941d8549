"""The store sub-commands, run through the real ``reelkit`` entry point on a copied project."""

import io
import json
import os
import shutil

import pytest

from toolkit.cli import main

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_CONFIG = os.path.join(os.path.dirname(os.path.dirname(HERE)), "config")


@pytest.fixture
def show(tmpdir, store_settings):
    """A project folder with a copy of the default config, its store on the backend."""
    folder = str(tmpdir.join("show"))
    shutil.copytree(REPO_CONFIG, os.path.join(folder, "config"))
    if store_settings["backend"] == "postgres":
        project_yml = os.path.join(folder, "config", "project.yml")
        with io.open(project_yml, encoding="utf-8") as handle:
            text = handle.read()
        text = text.replace("store:\n  backend: sqlite\n", "store:\n" + "".join(
            "  %s: %s\n" % item for item in sorted(store_settings.items())) + "#", 1)
        with io.open(project_yml, "w", encoding="utf-8") as handle:
            handle.write(text)
    return folder


def run(show, *argv):
    return main(list(argv) + ["--project", show])


def test_create_folders_publish_and_list(show, tmpdir, capsys):
    assert run(show, "create", "Sequence", "SQ01") == 0
    assert run(show, "create", "Shot", "SH010", "--sequence", "SQ01") == 0
    assert run(show, "create", "Step", "comp", "--entity-type", "Shot") == 0
    assert run(show, "create", "Task", "comp", "--entity", "Shot SH010", "--step", "comp") == 0
    assert run(show, "create", "Asset", "hero", "--asset-type", "Character") == 0
    assert run(show, "create", "User", "jdoe", "--name", "Jane Doe") == 0
    capsys.readouterr()

    assert run(show, "folders", "Shot", "SH010", "--dry-run") == 0
    assert "would create" in capsys.readouterr().out
    assert not os.path.isdir(os.path.join(show, "sequences", "SQ01", "SH010"))
    assert run(show, "folders", "Shot", "SH010") == 0
    assert os.path.isdir(os.path.join(show, "sequences", "SQ01", "SH010", "comp", "work"))

    source = str(tmpdir.join("scene.ma"))
    with io.open(source, "w", encoding="utf-8") as handle:
        handle.write(u"//Maya ASCII")
    for _ in range(2):
        assert run(show, "publish", source, "--context", "Shot SH010 comp", "--template",
                   "maya_shot_publish", "--name", "main", "--type", "Maya Scene",
                   "--comment", "blocking") == 0
    out = capsys.readouterr().out
    assert "published main v002" in out
    assert run(show, "publishes", "--entity", "Shot SH010", "--latest", "--json") == 0
    listed = json.loads(capsys.readouterr().out)
    assert [p["version_number"] for p in listed] == [2]
    assert os.path.isfile(listed[0]["path"]) and listed[0]["description"] == "blocking"
    assert run(show, "publishes", "--type", "Maya Scene") == 0
    assert capsys.readouterr().out.count("Maya Scene") == 2


@pytest.mark.parametrize("argv, message", [
    (["create", "Shot", "SH010", "--sequence", "SQ99"], "no Sequence 'SQ99'"),
    (["create", "Task", "comp"], "needs --entity"),
    (["folders", "Shoot", "SH010"], "unknown entity type 'Shoot'"),
    (["folders", "Shot", "SH404"], "no Shot 'SH404'"),
    (["publishes", "--entity", "Shot"], 'expected "TYPE CODE"'),
])
def test_errors_exit_1_with_a_message(show, capsys, argv, message):
    assert run(show, *argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("reelkit: error: ") and message in err


def test_duplicate_is_refused(show, capsys):
    assert run(show, "create", "Sequence", "SQ01") == 0
    assert run(show, "create", "Sequence", "SQ01") == 1
    assert "already exists" in capsys.readouterr().err


def test_usage_errors_exit_2(show):
    with pytest.raises(SystemExit) as info:
        run(show, "create", "Planet", "X")
    assert info.value.code == 2


def test_codes_shared_across_sequences_are_named_by_their_sequence(show, capsys):
    for sequence in ("SQ01", "SQ02"):
        assert run(show, "create", "Sequence", sequence) == 0
        assert run(show, "create", "Shot", "SH010", "--sequence", sequence) == 0
    capsys.readouterr()
    # Ambiguous: refused, with the forms to type instead.
    assert run(show, "folders", "Shot", "SH010", "--dry-run") == 1
    err = capsys.readouterr().err
    assert "2 Shots are named 'SH010'" in err and "'Shot SQ02/SH010'" in err
    # Qualified: the one shot, for every command that names an entity.
    assert run(show, "folders", "Shot", "SQ02/SH010", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "SQ02" in out and "SQ01" not in out
    assert run(show, "create", "Task", "comp", "--entity", "Shot SQ01/SH010") == 0
    assert "created Task comp" in capsys.readouterr().out
    assert run(show, "publishes", "--entity", "Shot SQ02/SH010", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []
    assert run(show, "publishes", "--entity", "Shot SQ03/SH010") == 1
    assert "no Shot 'SQ03/SH010'" in capsys.readouterr().err


def test_create_a_shot_with_its_cut_and_a_task_with_its_artists(show, capsys):
    for argv in (["create", "Sequence", "SQ010"],
                 ["create", "Shot", "SH010", "--sequence", "SQ010", "--cut", "1001-1096"],
                 ["create", "User", "ada"], ["create", "User", "bob"],
                 ["create", "Step", "anim", "--entity-type", "Shot"],
                 ["create", "Task", "anim", "--entity", "Shot SH010", "--step", "anim",
                  "--assignee", "ada", "--assignee", "bob"]):
        assert run(show, *argv) == 0, capsys.readouterr().err
    from toolkit.config import load_project
    from toolkit.store import open_store
    store = open_store(load_project(show))
    try:
        shot = store.find_one("Shot", [["code", "is", "SH010"]], ["sg_cut_in", "sg_cut_out"])
        assert (shot["sg_cut_in"], shot["sg_cut_out"]) == (1001, 1096)
        task = store.find_one("Task", [["content", "is", "anim"]], ["task_assignees"])
        assert sorted(u["login"] for u in task["task_assignees"]) == ["ada", "bob"]
    finally:
        store.close()
    capsys.readouterr()
    assert run(show, "create", "Shot", "SH020", "--cut", "1096-1001") == 1
    assert "--cut takes FIRST-LAST" in capsys.readouterr().err
    assert run(show, "create", "Task", "fx", "--entity", "Shot SH010", "--assignee", "zed") == 1
    assert "zed" in capsys.readouterr().err


def test_publishes_and_contexts_see_this_project_in_a_shared_store(show, tmpdir, capsys):
    # another project's shot of the same code and its publish, in the same store
    from toolkit.config import load_project
    from toolkit.store import ensure_project, open_store
    assert run(show, "create", "Sequence", "SQ01") == 0
    assert run(show, "create", "Shot", "SH010", "--sequence", "SQ01") == 0
    with open_store(load_project(show)) as store:
        other = ensure_project(store, "other")
        sequence = store.create("Sequence", {"code": "SQ01", "project": other})
        shot = store.create("Shot", {"code": "SH010", "project": other, "sequence": sequence})
        store.register_publish({"path": str(tmpdir.join("elsewhere", "x_v001.ma")),
                                "name": "theirs", "published_file_type": "Maya Scene",
                                "entity": shot, "project": other})
    capsys.readouterr()
    source = str(tmpdir.join("scene.ma"))
    with io.open(source, "w", encoding="utf-8") as handle:
        handle.write(u"//Maya ASCII")
    # "Shot SH010" names this project's shot: not ambiguous
    assert run(show, "publish", source, "--context", "Shot SH010", "--template",
               "maya_shot_publish", "--name", "main", "--type", "Maya Scene",
               "--field", "Step=anim") == 0, capsys.readouterr().err
    capsys.readouterr()
    assert run(show, "publishes", "--json") == 0
    assert [p["name"] for p in json.loads(capsys.readouterr().out)] == ["main"]
