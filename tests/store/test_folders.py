"""create_folders from the default schema (config/schema/folders.yml), on both backends."""

import os

import pytest

from toolkit.errors import ConfigError
from toolkit.folders import FolderError, create_folders, parse_schema
from toolkit.config.yamlfile import load_yaml_text


def _rel(root, paths):
    return [os.path.relpath(p, root).replace(os.sep, "/") for p in paths]


@pytest.fixture
def comp_task(store, shot):
    step = store.create("Step", {"code": "comp", "entity_type": "Shot"})
    return store.create("Task", {"content": "comp", "entity": shot, "step": step})


def test_shot_folders_and_path_cache(project, store, shot, comp_task, roots):
    created = create_folders(project, store, shot)
    root = roots["primary"]
    assert _rel(root, created) == [
        "sequences", "sequences/SQ01", "sequences/SQ01/SH010", "sequences/SQ01/SH010/comp",
        "sequences/SQ01/SH010/comp/work", "sequences/SQ01/SH010/comp/publish",
        "sequences/SQ01/SH010/comp/render", "sequences/SQ01/SH010/comp/cache"]
    assert all(os.path.isdir(p) for p in created)
    lookup = store.path_cache_lookup(os.path.join(root, "sequences/SQ01/SH010/comp/work/a.nk"))
    assert (lookup["type"], lookup["id"]) == ("Shot", shot["id"])
    assert store.path_cache_lookup(os.path.join(root, "sequences/SQ01/x"))["type"] == "Sequence"
    assert store.path_cache_lookup(os.path.join(root, "assets"))["type"] == "Project"
    assert create_folders(project, store, shot) == []  # re-running is a no-op
    # a host starting creates its deferred folders only
    assert _rel(root, create_folders(project, store, comp_task, engine="nuke")) == [
        "sequences/SQ01/SH010/comp/work/nuke", "sequences/SQ01/SH010/comp/publish/nuke"]


def test_dry_run_creates_nothing(project, store, shot, roots):
    planned = create_folders(project, store, shot, dry_run=True)
    assert _rel(roots["primary"], planned)[-1] == "sequences/SQ01/SH010"
    assert not os.path.exists(os.path.join(roots["primary"], "sequences"))
    assert store.path_cache_entries(shot) == []


def test_asset_folders_under_asset_type(project, store, roots):
    asset = store.create("Asset", {"code": "hero", "sg_asset_type": "Character"})
    step = store.create("Step", {"code": "model", "entity_type": "Asset"})
    store.create("Task", {"content": "model", "entity": asset, "step": step})
    created = _rel(roots["primary"], create_folders(project, store, asset, engine="maya"))
    assert "assets/Character/hero/model/work/maya" in created
    assert "assets/Character/hero/model/work/nuke" not in created
    found = store.path_cache_lookup(os.path.join(roots["primary"], "assets/Character/hero/model"))
    assert found["code"] == "hero"


def test_folder_cached_for_another_entity_is_an_error(project, store, shot):
    create_folders(project, store, shot)
    impostor = store.create("Shot", {"code": "SH010", "sequence": shot["sequence"]})
    with pytest.raises(FolderError) as info:
        create_folders(project, store, impostor)
    assert "already the folder of Shot SH010" in str(info.value)
    assert store.path_cache_entries(impostor) == []


def test_renamed_entity_is_an_error(project, store, shot, roots):
    create_folders(project, store, shot)
    store.update("Shot", shot["id"], {"code": "SH011"})
    with pytest.raises(FolderError) as info:
        create_folders(project, store, shot)
    assert "renamed" in str(info.value)
    assert not os.path.exists(os.path.join(roots["primary"], "sequences", "SQ01", "SH011"))


def test_entity_without_its_parent_is_an_error(project, store, roots):
    orphan = store.create("Shot", {"code": "SH999"})
    with pytest.raises(FolderError) as info:
        create_folders(project, store, orphan)
    assert "has no sequence" in str(info.value)
    assert not os.path.exists(os.path.join(roots["primary"], "sequences"))


def test_unknown_entity_is_an_error(project, store):
    with pytest.raises(FolderError):
        create_folders(project, store, {"type": "Shot", "id": 404})


@pytest.mark.parametrize("text, message", [
    ("folders: [{name: a, type: magic}]", "unknown folder type 'magic'"),
    ("folders: [{name: a/b}]", "without path separators"),
    ("folders: [{type: entity, entity_type: Shoot}]", "entity_type must be one of"),
    ("folders: [{type: list, entity_type: Asset}]", "needs 'field'"),
    ("folders: [{name: a, colour: red}]", "unknown key"),
    ("folders: [{type: entity, entity_type: Shot, filter: {sequence: parent}}]", "$parent"),
])
def test_schema_mistakes_name_file_and_line(text, message):
    with pytest.raises(ConfigError) as info:
        parse_schema(load_yaml_text(u"root: primary\n" + text, "folders.yml"), "folders.yml")
    assert message in str(info.value)
    assert str(info.value).startswith("folders.yml:2")
