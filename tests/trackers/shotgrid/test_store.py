"""What only the ShotGrid backend has to prove: tk-shaped records, version claims
under concurrency, and credentials that never leak."""

import threading
import time

import pytest

from toolkit.store import StoreError, open_store_from_settings
from toolkit.store import shotgrid


class SerialSite(object):
    """A Mockgun behind a lock, each request atomic as on a real site.

    Before each request the thread yields, so concurrent publishers interleave
    between requests, where a real site lets them interleave.
    """

    def __init__(self, site):
        self._site = site
        self._lock = threading.Lock()
        self.requests = 0

    def __getattr__(self, name):
        method = getattr(self._site, name)

        def call(*args, **kwargs):
            time.sleep(0.0005)
            with self._lock:
                self.requests += 1
                return method(*args, **kwargs)
        return call


def _site_id(store, type_name, local_id):
    """The site's id of an entity the store returned (the read cache keeps its own ids)."""
    remote_id = getattr(store, "remote_id", None)
    return local_id if remote_id is None else int(remote_id(type_name, local_id))


def _publish(store, shot, roots, name, version=None):
    data = {"path": "%s/%s_v%s.ma" % (roots["primary"], name, version or "x"), "name": name,
            "published_file_type": "Maya Scene", "entity": shot}
    if version is not None:
        data["version_number"] = version
    return store.register_publish(data)


def test_records_are_shaped_as_shotgrid_toolkit_writes_them(store, site, shot, roots):
    upstream = _publish(store, shot, roots, "rig")
    record = store.register_publish({
        "path": roots["primary"] + "/seq/SH010/anim_v001.ma", "name": "anim",
        "published_file_type": "Maya Scene", "entity": shot, "upstream": [upstream],
        "first_frame": 1001, "last_frame": 1010})
    row = site.find_one("PublishedFile", [["id", "is", _site_id(store, "PublishedFile",
                                                                  record["id"])]],
                        ["path", "path_cache", "path_cache_storage", "published_file_type",
                         "upstream_published_files", "sg_status_list", "version_number",
                         "sg_first_frame", "entity"])
    assert row["path"]["local_path"] == roots["primary"] + "/seq/SH010/anim_v001.ma"
    assert row["path_cache"] == "seq/SH010/anim_v001.ma"
    storage = site.find_one("LocalStorage", [["id", "is", row["path_cache_storage"]["id"]]],
                            ["code"])
    assert storage["code"] == "primary"
    ptype = site.find_one("PublishedFileType", [["id", "is", row["published_file_type"]["id"]]],
                          ["code"])
    assert ptype["code"] == "Maya Scene"
    assert row["upstream_published_files"] == [
        {"type": "PublishedFile", "id": _site_id(store, "PublishedFile", upstream["id"])}]
    assert row["entity"] == {"type": "Shot", "id": _site_id(store, "Shot", shot["id"])}
    assert (row["version_number"], row["sg_first_frame"], row["sg_status_list"]) == (1, 1001,
                                                                                     "cmpt")
    project = site.find_one("Project", [["id", "is", _site_id(store, "Project",
                                                              store.project["id"])]],
                            ["tank_name"])
    assert project["tank_name"] == "demo"
    # one PublishedFileType per code, however many publishes use it
    assert len(site.find("PublishedFileType", [["code", "is", "Maya Scene"]])) == 1


def test_path_cache_is_filesystem_locations(store, site, shot, roots):
    assert store.path_cache_add(roots["primary"] + "/seq/SH010", shot) is True
    rows = site.find("FilesystemLocation", [], ["path_cache", "entity", "linked_entity_type",
                                                "linked_entity_id"])
    site_shot = _site_id(store, "Shot", shot["id"])
    assert [(r["path_cache"], r["entity"]["id"], r["linked_entity_type"], r["linked_entity_id"])
            for r in rows] == [("seq/SH010", site_shot, "Shot", site_shot)]


def test_users_are_human_users(store, site, shot, roots):
    user = store.create("User", {"login": "ada", "name": "Ada Lovelace"})
    assert site.find_one("HumanUser", [["login", "is", "ada"]], ["name"])["name"] == "Ada Lovelace"
    record = store.register_publish({
        "path": roots["primary"] + "/a.ma", "name": "a", "published_file_type": "Maya Scene",
        "entity": shot, "created_by": user})
    found = store.find_one("PublishedFile", [["id", "is", record["id"]]], ["created_by"])
    assert found["created_by"] == {"type": "User", "id": user["id"], "login": "ada"}


def test_a_claim_is_invisible_until_registered(store, shot, roots):
    version = store.reserve_version("anim", "Maya Scene", shot)
    assert store.find("PublishedFile", []) == []
    assert store.latest_versions([("anim", "Maya Scene", shot, None)]) == {}
    record = _publish(store, shot, roots, "anim", version)
    assert record["version_number"] == version == 1
    assert [p["id"] for p in store.find("PublishedFile", [])] == [record["id"]]


def test_concurrent_publishers_get_distinct_versions(site, roots, shot, store, store_settings):
    serial = SerialSite(site)
    results, errors = [], []

    def publisher(index):
        try:
            own = open_store_from_settings(dict(store_settings, connection=serial),
                                           roots=roots, project=store.project)
            version = own.reserve_version("comp", "Maya Scene", shot)
            results.append(_publish(own, shot, roots, "comp", version)["version_number"])
        except Exception as exc:  # reported below, with the others' results
            errors.append(exc)
    threads = [threading.Thread(target=publisher, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == list(range(1, 21))  # distinct, none lost
    latest = store.latest_versions([("comp", "Maya Scene", shot, None)])
    assert list(latest.values())[0]["version_number"] == 20
    # the type and the storage every publisher needed exist once
    assert len(site.find("PublishedFileType", [["code", "is", "Maya Scene"]])) == 1
    assert len(site.find("LocalStorage", [["code", "is", "primary"]])) == 1


def test_a_lost_race_for_an_explicit_version_is_a_conflict(store, shot, roots):
    _publish(store, shot, roots, "anim", 3)
    with pytest.raises(StoreError, match="version 3 .* already registered"):
        store.register_publish({"path": roots["primary"] + "/other.ma", "name": "anim",
                                "published_file_type": "Maya Scene", "entity": shot,
                                "version_number": 3})


def test_the_key_never_shows(monkeypatch):
    monkeypatch.delenv("RK_TEST_SG_KEY", raising=False)
    with pytest.raises(StoreError) as missing:
        open_store_from_settings({"backend": "shotgrid", "site": "https://x.test",
                                  "script_name": "reelkit", "key_env": "RK_TEST_SG_KEY"})
    assert "RK_TEST_SG_KEY" in str(missing.value)
    monkeypatch.setenv("RK_TEST_SG_KEY", "s3cret-key-123")

    class Refusing(object):
        def __init__(self, *args, **kwargs):
            raise RuntimeError("auth failed for api_key=s3cret-key-123")
    import shotgun_api3
    monkeypatch.setattr(shotgun_api3, "Shotgun", Refusing)
    with pytest.raises(StoreError) as refused:
        shotgrid.connect({"site": "https://x.test", "script_name": "reelkit",
                          "key_env": "RK_TEST_SG_KEY"})
    assert "s3cret" not in str(refused.value) and "***" in str(refused.value)


@pytest.mark.parametrize("settings, message", [
    ({}, "'site'"), ({"site": "https://x.test"}, "'script_name'"),
    ({"site": "https://x.test", "script_name": "r"}, "'key_env'")])
def test_incomplete_settings_are_named(settings, message):
    with pytest.raises(StoreError, match=message):
        open_store_from_settings(dict(settings, backend="shotgrid"))


class Unreachable(object):
    """A site that cannot be reached: every request fails as a lost network does."""

    def __getattr__(self, name):
        def call(*args, **kwargs):
            raise IOError("[Errno 111] Connection refused")
        return call


@pytest.fixture
def cached(site, roots, tmpdir):
    """Settings and an open store reading the site through its read cache."""
    from toolkit.store import ensure_project
    settings = {"backend": "shotgrid", "connection": site,
                "cache": str(tmpdir.join("cache", "shotgrid.sqlite"))}
    opened = open_store_from_settings(settings, roots=roots)
    opened.project = ensure_project(opened, "demo")
    seq = opened.create("Sequence", {"code": "SQ01"})
    yield settings, opened, opened.create("Shot", {"code": "SH010", "sequence": seq})
    opened.close()


def test_the_read_cache_answers_without_the_site(cached, roots):
    settings, store, shot = cached
    record = _publish(store, shot, roots, "anim")
    cut_off = open_store_from_settings(dict(settings, connection=Unreachable()),
                                       roots=roots, project=store.project)
    try:
        assert cut_off.find_one("Shot", [["code", "is", "SH010"]])["id"] == shot["id"]
        latest = cut_off.latest_versions([("anim", "Maya Scene", shot, None)])
        assert list(latest.values())[0]["id"] == record["id"]
        before = cut_off.count("Shot")
        with pytest.raises(StoreError, match="cannot be reached .*refused.*nothing was written"):
            cut_off.create("Shot", {"code": "SH020"})
        assert cut_off.count("Shot") == before
    finally:
        cut_off.close()


def test_sync_fills_a_new_cache(cached, roots, tmpdir):
    store_settings, store, shot = cached
    task = store.create("Task", {"content": "anim", "entity": shot})
    record = store.register_publish({
        "path": roots["primary"] + "/anim.ma", "name": "anim", "published_file_type": "Maya Scene",
        "entity": shot, "task": task})
    upstream = _publish(store, shot, roots, "rig")  # the dependency comes after, on the site
    record = store.update("PublishedFile", record["id"], {"upstream": [upstream]})
    store.path_cache_add(roots["primary"] + "/seq/SH010", shot)
    from toolkit.store import ensure_project
    fresh = open_store_from_settings(dict(store_settings,
                                          cache=str(tmpdir.join("c2", "cache.sqlite"))),
                                     roots=roots)
    try:
        fresh.project = ensure_project(fresh, "demo")  # adopts the site's project
        counts = fresh.sync()
        assert counts["Shot"] == 1 and counts["PublishedFile"] == 2
        found = fresh.find_one("PublishedFile", [["path", "is", record["path"]]])
        assert found["task"]["content"] == "anim"
        assert [u["code"] for u in found["upstream"]] == [upstream["code"]]
        assert fresh.path_cache_lookup(roots["primary"] + "/seq/SH010/x")["code"] == "SH010"
        fresh.sync()
        assert fresh.count("PublishedFile") == 2
    finally:
        fresh.close()
