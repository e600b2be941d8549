"""Folder creation bugs found in the pre-release review (both backends)."""

import os

import pytest

from toolkit.folders import FolderError, create_folders


def test_an_entity_without_a_code_gets_no_folder_named_none(project, store, roots):
    """A Shot created without a code must not become sequences/SQ01/None."""
    seq = store.create("Sequence", {"code": "SQ01"})
    nameless = store.create("Shot", {"sequence": seq})
    with pytest.raises(FolderError) as info:
        create_folders(project, store, nameless)
    assert "{code}" in str(info.value)
    assert not os.path.exists(os.path.join(roots["primary"], "sequences"))
    assert store.path_cache_entries(nameless) == []


def test_a_step_without_a_code_gets_no_folder_named_none(project, store, shot, roots):
    step = store.create("Step", {"entity_type": "Shot"})
    store.create("Task", {"content": "comp", "entity": shot, "step": step})
    with pytest.raises(FolderError):
        create_folders(project, store, shot)
    assert not os.path.exists(os.path.join(roots["primary"], "sequences"))
