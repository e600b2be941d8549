"""Store.publishes_by_paths and Store.publishes_using, on SQLite and PostgreSQL.

The store suite's fixtures (a private PostgreSQL server, a fresh store per test)
are reused so both backends answer the same questions.
"""

import pytest

from tests.store.conftest import (backend, postgres_server, roots, shot,  # noqa: F401
                                  store, store_settings)
from toolkit.store import StoreError
from toolkit.store.base import Store


def _publish(store, entity, version, name="comp", upstream=(), task=None, root="/show"):
    return store.register_publish({
        "path": "%s/%s_v%03d.nk" % (root, name, version), "name": name,
        "published_file_type": "Nuke Script", "version_number": version,
        "entity": entity, "task": task, "upstream": list(upstream)})


def _statements(store):
    """Count the statements the backend runs (each execute of each cursor)."""
    executed = []
    original = store._transaction

    class Counting(object):
        def __init__(self, cursor):
            self._cursor = cursor

        def execute(self, sql, *args):
            executed.append(sql)
            return self._cursor.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self._cursor, name)

    import contextlib

    @contextlib.contextmanager
    def counting(*args, **kwargs):
        with original(*args, **kwargs) as cur:
            yield Counting(cur)
    store._transaction = counting
    return executed


def test_publishes_by_paths_gives_each_record_and_its_latest(store, shot):
    v1, v2, v3 = [_publish(store, shot, v) for v in (1, 2, 3)]
    other = _publish(store, shot, 1, name="bg")
    executed = _statements(store)
    found = store.publishes_by_paths([v1["path"], v3["path"], other["path"], "/show/none.nk",
                                      "/show/x/../comp_v002.nk"])
    assert len([s for s in executed if "SELECT" in s]) == 1
    assert sorted(found) == sorted([v1["path"], v2["path"], v3["path"], other["path"]])
    assert found[v1["path"]][0]["id"] == v1["id"] and found[v1["path"]][1]["id"] == v3["id"]
    assert found[v2["path"]][1]["version_number"] == 3
    assert found[v3["path"]][0]["id"] == found[v3["path"]][1]["id"] == v3["id"]
    assert found[other["path"]][1]["id"] == other["id"]


def test_publishes_by_paths_keeps_tasks_apart(store, shot):
    step = store.create("Step", {"code": "comp", "entity_type": "Shot"})
    task = store.create("Task", {"content": "roto", "entity": shot, "step": step})
    no_task = _publish(store, shot, 1)
    _publish(store, shot, 5, task=task, root="/show/roto")
    assert store.publishes_by_paths([no_task["path"]])[no_task["path"]][1]["id"] == no_task["id"]


def test_publishes_by_paths_of_nothing_asks_nothing(store):
    executed = _statements(store)
    assert store.publishes_by_paths([]) == {}
    assert executed == []


def test_publishes_by_paths_refuses_a_single_string(store):
    with pytest.raises(StoreError) as error:
        store.publishes_by_paths("/show/a.nk")
    assert "/show/a.nk" in str(error.value)


def test_publishes_using_is_the_reverse_of_upstream(store, shot):
    plate = _publish(store, shot, 1, name="plate")
    plate2 = _publish(store, shot, 2, name="plate")
    comp = _publish(store, shot, 1, upstream=[plate])
    both = _publish(store, shot, 1, name="both", upstream=[plate2, plate])
    _publish(store, shot, 1, name="alone")
    assert [p["id"] for p in store.publishes_using([plate])] == [comp["id"], both["id"]]
    assert [p["id"] for p in store.publishes_using([plate2["id"]])] == [both["id"]]
    assert store.publishes_using([comp]) == []
    assert store.publishes_using([]) == []
    with pytest.raises(StoreError):
        store.publishes_using(["plate"])


def test_the_default_implementations_agree_with_sql(store, shot):
    """A backend without its own statement (ShotGrid) gets the same answers."""
    v1, v2 = [_publish(store, shot, v) for v in (1, 2)]
    user = _publish(store, shot, 1, name="user", upstream=[v1])
    paths = [v1["path"], v2["path"], "/show/none.nk"]
    sql = store.publishes_by_paths(paths)
    default = Store.publishes_by_paths(store, paths)
    assert dict((k, (a["id"], b["id"])) for k, (a, b) in sql.items()) == \
        dict((k, (a["id"], b["id"])) for k, (a, b) in default.items())
    assert [p["id"] for p in Store.publishes_using(store, [v1])] == [user["id"]]
