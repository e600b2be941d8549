"""A studio store shared by several projects (PostgreSQL, a tracker): a store
opened for one project finds that project's entities by code, never another's."""

import pytest

from toolkit.store.errors import AmbiguousError, NotFoundError
from toolkit.store.lookup import find_by_code


@pytest.fixture
def two_projects(store):
    from toolkit.store import ensure_project
    ours = store.project
    other = ensure_project(store, "other")
    made = {}
    for project, label in ((ours, "ours"), (other, "other")):
        sequence = store.create("Sequence", {"code": "SQ010", "project": project})
        made[label] = store.create("Shot", {"code": "SH010", "project": project,
                                            "sequence": sequence})
    made["other only"] = store.create("Shot", {"code": "SH900", "project": other})
    made["unlinked"] = store.create("Shot", {"code": "SH500"})  # made before projects were linked
    return made


def test_a_code_names_this_projects_entity(store, two_projects):
    found = find_by_code(store, "Shot", "SH010")
    assert found["id"] == two_projects["ours"]["id"]
    assert find_by_code(store, "Shot", "SH010", "SQ010")["id"] == two_projects["ours"]["id"]
    assert find_by_code(store, "Shot", "SH500")["id"] == two_projects["unlinked"]["id"]


def test_another_projects_entity_is_not_found_and_the_error_says_where_it_is(store,
                                                                            two_projects):
    with pytest.raises(NotFoundError) as info:
        find_by_code(store, "Shot", "SH900")
    assert "no Shot 'SH900'" in str(info.value) and "project other has one" in str(info.value)


def test_without_a_project_every_project_is_searched(store, two_projects):
    store.project = None
    with pytest.raises(AmbiguousError):
        find_by_code(store, "Shot", "SH010")
    assert find_by_code(store, "Shot", "SH900")["id"] == two_projects["other only"]["id"]
