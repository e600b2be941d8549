"""The Store contract, on every backend (parametrised in conftest.py)."""

import datetime

import pytest

from toolkit.errors import ReelkitError
from toolkit.store import (ConflictError, PathCacheConflict, StoreError, open_store_from_settings,
                           publish_key)
from toolkit.store import migrations


def test_create_and_find_with_links(store, shot):
    assert shot["sequence"]["code"] == "SQ01"
    assert shot["project"] == store.project
    found = store.find("Shot", [["code", "is", "SH010"]])
    assert found == [shot]
    assert store.find("Shot", [["sequence", "is", shot["sequence"]]], ["code"]) == [
        {"type": "Shot", "id": shot["id"], "code": "SH010"}]


def test_every_operator(store):
    seq = store.create("Sequence", {"code": "SQ01"})
    for code in ("SH010", "SH020", "sh030_x"):
        store.create("Shot", {"code": code, "sequence": seq})
    store.create("Shot", {"code": "SH040"})

    def codes(filters):
        return sorted(s["code"] for s in store.find("Shot", filters, ["code"]))
    assert codes([["code", "is_not", "SH010"]]) == ["SH020", "SH040", "sh030_x"]
    assert codes([["code", "in", ["SH010", "SH040"]]]) == ["SH010", "SH040"]
    assert codes([["code", "not_in", ["SH010", "SH040"]]]) == ["SH020", "sh030_x"]
    assert codes([["code", "contains", "030_"]]) == ["sh030_x"]
    assert codes([["code", "contains", "_"]]) == ["sh030_x"]  # _ is not a wildcard
    assert codes([["code", "starts_with", "SH0"]]) == ["SH010", "SH020", "SH040", "sh030_x"]
    assert codes([["code", "greater_than", "SH015"], ["code", "less_than", "SH030"]]) == ["SH020"]
    assert codes([["sequence", "is", None]]) == ["SH040"]
    assert codes([["sequence", "is_not", None]]) == ["SH010", "SH020", "sh030_x"]
    assert codes([["sequence", "in", [seq]]]) == ["SH010", "SH020", "sh030_x"]
    assert codes([["sequence", "not_in", [seq]]]) == ["SH040"]
    assert codes([["sequence", "is_not", seq]]) == ["SH040"]
    assert codes([["sequence.Sequence.code", "is", "SQ01"], ["code", "is_not", "SH020"]]) == [
        "SH010", "sh030_x"]
    assert codes([["id", "greater_than", 0]]) == ["SH010", "SH020", "SH040", "sh030_x"]
    assert store.count("Shot", [["code", "starts_with", "SH"]]) == 4
    assert [s["code"] for s in store.find("Shot", order=[("code", "desc")], limit=2)] == [
        "sh030_x", "SH040"]
    assert [s["code"] for s in store.find("Shot", order=[{"field_name": "code",
                                                           "direction": "asc"}])][0] == "SH010"


@pytest.mark.parametrize("call, message", [
    (lambda s: s.find("Shoot", []), "unknown entity type 'Shoot'"),
    (lambda s: s.find("Shot", [["colour", "is", "red"]]), "Shot has no field 'colour'"),
    (lambda s: s.find("Shot", [["code", "like", "SH"]]), "unknown filter operator 'like'"),
    (lambda s: s.find("Shot", [["sequence", "contains", "SQ"]]), "does not apply to the link"),
    (lambda s: s.find("Shot", [["entity.Shot.code", "is", "x"]]), "no link field 'entity'"),
    (lambda s: s.find("Task", [["entity.Step.code", "is", "x"]]), "cannot link to 'Step'"),
    (lambda s: s.find("Task", [["entity.Shot.colour", "is", "x"]]), "no field 'colour'"),
    (lambda s: s.find("Shot", [["id", "is", "3"]]), "id must be an integer"),
    (lambda s: s.find("Shot", fields=["code", "nope"]), "no field 'nope'"),
    (lambda s: s.find("Shot", order=[("nope", "asc")]), "no sortable field 'nope'"),
    (lambda s: s.count("Asset", [["sg_asset_type", "in", "Prop"]]), "needs a list"),
    (lambda s: s.create("Shot", {"code": 10}), "expected text"),
    (lambda s: s.create("Shot", {"code": "X", "colour": "red"}), "no field 'colour'"),
    (lambda s: s.create("Shot", {"code": "X", "sequence": {"type": "Shot", "id": 1}}),
     "cannot link to a Shot"),
    (lambda s: s.create("Shot", {"code": "X", "sequence": {"type": "Sequence", "id": 999}}),
     "Sequence 999 does not exist"),
    (lambda s: s.create("Nope", {"code": "X"}), "unknown entity type 'Nope'"),
    (lambda s: s.update("Shot", 999, {"code": "X"}), "no Shot with id 999"),
])
def test_bad_requests_are_refused_and_change_nothing(store, shot, call, message):
    before = store.count("Shot")
    with pytest.raises(StoreError) as info:
        call(store)
    assert message in str(info.value)
    assert isinstance(info.value, ReelkitError)
    assert store.count("Shot") == before
    assert store.find_one("Shot", [["id", "is", shot["id"]]]) == shot


def test_update_renames_every_link(store, shot):
    task = store.create("Task", {"content": "comp", "entity": shot})
    store.path_cache_add(store.roots["primary"] + "/sequences/SQ01/SH010", shot)
    updated = store.update("Shot", shot["id"], {"code": "SH011", "description": "hero"})
    assert updated["code"] == "SH011" and updated["description"] == "hero"
    assert store.find_one("Task", [["id", "is", task["id"]]])["entity"]["code"] == "SH011"
    assert store.path_cache_lookup(store.roots["primary"] + "/sequences/SQ01/SH010/x.ma")[
        "code"] == "SH011"


def _publish(store, entity, path, name="main", ptype="Maya Scene", task=None, **extra):
    data = dict(path=path, name=name, published_file_type=ptype, entity=entity, task=task)
    data.update(extra)
    return store.register_publish(data)


def test_register_publish_allocates_versions_per_key(store, shot, roots):
    root = roots["primary"]
    task = store.create("Task", {"content": "anim", "entity": shot})
    assert _publish(store, shot, root + "/a1.ma")["version_number"] == 1
    assert _publish(store, shot, root + "/a2.ma")["version_number"] == 2
    assert _publish(store, shot, root + "/b1.ma", name="other")["version_number"] == 1
    assert _publish(store, shot, root + "/c1.exr", ptype="Rendered Image")["version_number"] == 1
    assert _publish(store, shot, root + "/t1.ma", task=task)["version_number"] == 1
    explicit = _publish(store, shot, root + "/a9.ma", version_number=9)
    assert explicit["version_number"] == 9
    assert _publish(store, shot, root + "/a10.ma")["version_number"] == 10


def test_publish_record_fields(store, shot, roots):
    user = store.create("User", {"login": "jdoe", "name": "Jane Doe"})
    step = store.create("Step", {"code": "comp", "entity_type": "Shot"})
    first = _publish(store, shot, roots["primary"] + "/plate.%04d.exr", ptype="Rendered Image",
                     first_frame=1001, last_frame=1100, created_by=user, step=step,
                     description="first pass", thumbnail_path="/t/thumb.png")
    second = _publish(store, shot, roots["primary"] + "/comp.nk", name="comp",
                      ptype="Nuke Script", upstream=[first])
    got = store.find_one("PublishedFile", [["id", "is", first["id"]]])
    assert got == first
    assert got["created_by"] == {"type": "User", "id": user["id"], "login": "jdoe"}
    assert got["code"] == "plate.%04d.exr" and got["first_frame"] == 1001
    assert isinstance(got["created_at"], datetime.datetime)
    assert store.find_one("PublishedFile", [["id", "is", second["id"]]])["upstream"] == [
        {"type": "PublishedFile", "id": first["id"], "code": "plate.%04d.exr"}]
    assert store.count("PublishedFile", [["created_at", "greater_than",
                                          datetime.datetime(2000, 1, 1)]]) == 2


def test_second_publish_to_a_path_is_refused(store, shot, roots):
    _publish(store, shot, roots["primary"] + "/a.ma")
    with pytest.raises(ConflictError) as info:
        _publish(store, shot, roots["primary"] + "/a.ma")
    assert "already published" in str(info.value)
    with pytest.raises(ConflictError):
        _publish(store, shot, roots["primary"] + "/other.ma", version_number=1)
    assert store.count("PublishedFile") == 1
    assert _publish(store, shot, roots["primary"] + "/b.ma")["version_number"] == 2


def test_latest_versions_in_one_call(store, roots):
    shots = [store.create("Shot", {"code": "SH%03d" % i}) for i in range(5)]
    for shot in shots:
        for version in range(shot["id"] % 3 + 1):
            _publish(store, shot, "%s/%s_%d.ma" % (roots["primary"], shot["code"], version))
    keys = [("main", "Maya Scene", shot, None) for shot in shots]
    keys.append(("main", "Maya Scene", {"type": "Shot", "id": 999}, None))
    latest = store.latest_versions(keys)
    assert len(latest) == 5
    for shot in shots:
        record = latest[publish_key("main", "Maya Scene", shot)]
        assert record["version_number"] == shot["id"] % 3 + 1
        assert record["entity"]["code"] == shot["code"]
    assert store.latest_versions([]) == {}
    with pytest.raises(StoreError):
        store.latest_versions([("main", "Maya Scene", "SH010", None)])


def test_reserve_and_release_versions(store, shot, roots):
    assert store.reserve_version("main", "Maya Scene", shot) == 1
    assert store.reserve_version("main", "Maya Scene", shot) == 2
    assert store.release_version("main", "Maya Scene", shot, None, 1) is False  # not the last
    assert store.release_version("main", "Maya Scene", shot, None, 2) is True
    assert store.reserve_version("main", "Maya Scene", shot) == 2
    _publish(store, shot, roots["primary"] + "/a.ma", version_number=2)
    assert store.release_version("main", "Maya Scene", shot, None, 2) is False  # registered


def test_path_cache(store, shot, roots):
    root = roots["primary"]
    seq = shot["sequence"]
    assert store.path_cache_add(root + "/sequences/SQ01", seq) is True
    assert store.path_cache_add(root + "/sequences/SQ01/SH010", shot) is True
    assert store.path_cache_add(root + "/sequences/SQ01/SH010/", shot) is False
    assert store.path_cache_lookup(root + "/sequences/SQ01/SH010/comp/work/x.nk") == {
        "type": "Shot", "id": shot["id"], "code": "SH010"}
    assert store.path_cache_lookup(root + "/sequences/SQ01/SH010")["type"] == "Shot"
    assert store.path_cache_lookup(root + "/sequences/SQ01/other")["type"] == "Sequence"
    assert store.path_cache_lookup(root + "/sequences/SQ01_b") is None
    assert store.path_cache_lookup("/elsewhere/file.ma") is None
    assert store.path_cache_entries(shot) == [root + "/sequences/SQ01/SH010"]
    other = store.create("Shot", {"code": "SH020"})
    with pytest.raises(PathCacheConflict) as info:
        store.path_cache_add(root + "/sequences/SQ01/SH010", other)
    assert "SH010" in str(info.value)
    with pytest.raises(StoreError) as info:
        store.path_cache_add("/elsewhere/SH020", other)
    assert "outside every storage root" in str(info.value)
    assert store.path_cache_entries(other) == []


def test_path_cache_is_relative_to_roots(store_settings, roots, tmpdir, shot, store):
    store.path_cache_add(roots["primary"] + "/sequences/SQ01/SH010", shot)
    moved = str(tmpdir.join("mounted_elsewhere"))
    other = open_store_from_settings(store_settings, roots={"primary": moved})
    try:
        assert other.path_cache_lookup(moved + "/sequences/SQ01/SH010/a.ma")["id"] == shot["id"]
        assert other.path_cache_entries(shot) == [moved + "/sequences/SQ01/SH010"]
    finally:
        other.close()


def test_schema_is_migrated_and_versioned(store, store_settings):
    assert store.schema_version() == migrations.LATEST
    again = open_store_from_settings(store_settings)  # opening again migrates nothing
    try:
        assert again.schema_version() == migrations.LATEST
    finally:
        again.close()


def test_newer_schema_is_refused(store, store_settings):
    with store._transaction(write=True) as cur:
        cur.execute("INSERT INTO rk_schema_version (version, description, applied_at) "
                    "VALUES (99, 'future', 'x')")
    with pytest.raises(StoreError) as info:
        open_store_from_settings(store_settings)
    assert "newer than this Reelkit" in str(info.value)


def test_unknown_backend():
    with pytest.raises(StoreError) as info:
        open_store_from_settings({"backend": "mongo"})
    assert "unknown store backend 'mongo'" in str(info.value)


def test_shot_cut_ranges_and_task_assignees(store, shot):
    """What the Publisher checks a scene's range against, and whose "My tasks" a task is."""
    store.update("Shot", shot["id"], {"sg_cut_in": 1001, "sg_cut_out": 1096})
    found = store.find_one("Shot", [["id", "is", shot["id"]]], ["sg_cut_in", "sg_cut_out"])
    assert (found["sg_cut_in"], found["sg_cut_out"]) == (1001, 1096)
    ada = store.create("User", {"login": "ada", "name": "Ada"})
    bob = store.create("User", {"login": "bob", "name": "Bob"})
    task = store.create("Task", {"content": "anim", "entity": shot, "task_assignees": [ada]})
    assert [u["login"] for u in store.find_one(
        "Task", [["id", "is", task["id"]]], ["task_assignees"])["task_assignees"]] == ["ada"]
    store.update("Task", task["id"], {"task_assignees": [ada, bob]})
    assert sorted(u["login"] for u in store.find_one(
        "Task", [["id", "is", task["id"]]], ["task_assignees"])["task_assignees"]) == [
        "ada", "bob"]
