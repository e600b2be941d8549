# -*- coding: utf-8 -*-
"""Issue #14 in the store: codes checked at creation, bounded lock waits, safe first open.

On both backends (SQLite and the private PostgreSQL of conftest.py).
"""
from __future__ import unicode_literals

import json
import sqlite3
import subprocess
import sys
import time

import pytest

from toolkit.store import StoreError, open_store_from_settings

BAD_CODES = ["..", ".", "a/b", "a\\b", "", "a\nb", "tab\there", "x" * 100000, " SH010", "SH010 ",
             "nul\x00", "\u00e9" * 200]


@pytest.mark.parametrize("code", BAD_CODES, ids=[str(i) for i in range(len(BAD_CODES))])
@pytest.mark.parametrize("type_name, field", [("Sequence", "code"), ("Shot", "code"),
                                              ("Asset", "code"), ("Step", "code"),
                                              ("User", "login")])
def test_a_code_that_cannot_be_a_folder_name_is_refused_at_creation(store, type_name, field,
                                                                     code):
    before = store.count(type_name)
    with pytest.raises(StoreError) as info:
        store.create(type_name, {field: code})
    assert type_name in str(info.value) and field in str(info.value)
    assert store.count(type_name) == before


def test_a_rename_to_a_bad_code_is_refused_and_changes_nothing(store):
    seq = store.create("Sequence", {"code": "SQ010"})
    for code in ("..", "a/b", "x\ny"):
        with pytest.raises(StoreError):
            store.update("Sequence", seq["id"], {"code": code})
    assert store.find_one("Sequence", [["id", "is", seq["id"]]])["code"] == "SQ010"


def test_an_asset_type_is_a_code_too(store):
    with pytest.raises(StoreError):
        store.create("Asset", {"code": "hero", "sg_asset_type": "../Character"})


@pytest.mark.parametrize("code", ["SH010", "sh_010-a", "caf\u00e9", "a.b", "x" * 255])
def test_good_codes_are_created(store, code):
    assert store.create("Shot", {"code": code})["code"] == code


def test_find_or_create_finds_then_creates_nothing_more(store):
    first, created = store.find_or_create("Sequence", {"code": "SQ1"}, ["code"])
    again, created_again = store.find_or_create("Sequence", {"code": "SQ1"}, ["code"])
    assert created and not created_again and again["id"] == first["id"]
    assert store.count("Sequence", [["code", "is", "SQ1"]]) == 1


_OPENER = """
import json, sys, time
from toolkit.store import ensure_project, open_store_from_settings
settings, start = json.loads(sys.argv[1]), float(sys.argv[2])
while time.time() < start:
    pass
store = open_store_from_settings(settings, roots=None)
print(ensure_project(store, "demo")["id"])
store.close()
"""


def test_concurrent_first_opens_make_one_store_and_one_project_row(store_settings, tmpdir):
    # A new store (no file, no schema yet): every process creates, migrates and
    # ensures the Project at once, as artists opening a new show do.
    if store_settings["backend"] == "sqlite":
        store_settings = dict(store_settings, path=str(tmpdir.join("fresh", ".reelkit", "db.sqlite")))
    start = time.time() + 2.0
    procs = [subprocess.Popen([sys.executable, "-c", _OPENER, json.dumps(store_settings),
                               repr(start)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(8)]
    results = [proc.communicate() + (proc.returncode,) for proc in procs]
    for out, err, code in results:
        assert code == 0, err.decode("utf-8", "replace")
    assert len(set(out.strip() for out, _, _ in results)) == 1
    store = open_store_from_settings(store_settings)
    try:
        assert store.count("Project", [["code", "is", "demo"]]) == 1
    finally:
        store.close()


@pytest.mark.parametrize("value", [-1, "soon", True, float("inf"), float("nan"), 10 ** 9, None])
def test_busy_timeout_must_be_a_bounded_number_of_seconds(tmpdir, value):
    with pytest.raises(StoreError) as info:
        open_store_from_settings({"backend": "sqlite", "path": str(tmpdir.join("s.sqlite")),
                                  "busy_timeout": value})
    assert "busy_timeout" in str(info.value)


_WRITER = """
import sys
from toolkit.store import open_store_from_settings
store = open_store_from_settings({"backend": "sqlite", "path": sys.argv[1], "busy_timeout": 0.5})
try:
    store.create("Sequence", {"code": "SQ2"})
except Exception as exc:
    print(type(exc).__name__ + ": " + str(exc))
"""


def test_a_locked_sqlite_store_fails_after_its_busy_timeout_naming_the_lock(tmpdir):
    path = str(tmpdir.join("s.sqlite"))
    open_store_from_settings({"backend": "sqlite", "path": path}).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        # The timeout of communicate() only guards the test run against a hang.
        proc = subprocess.Popen([sys.executable, "-c", _WRITER, path], stdout=subprocess.PIPE)
        out = proc.communicate(timeout=120)[0] if sys.version_info[0] > 2 else proc.communicate()[0]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    out = out.decode("utf-8")
    assert out.startswith("StoreError: "), out
    assert "locked by another process" in out and "busy_timeout" in out


# -- publish paths stored relative to their root ----------------------------------

def _publish(store, shot, path, version=None, name="plate"):
    data = {"path": path, "name": name, "published_file_type": "Image", "entity": shot}
    if version is not None:
        data["version_number"] = version
    return store.register_publish(data)


def _raw_paths(store):
    with store._transaction() as cur:
        cur.execute("SELECT path FROM rk_published_file ORDER BY id")
        return [row[0] for row in cur.fetchall()]


def test_publish_paths_are_stored_relative_to_their_root_and_read_absolute(store, roots, shot):
    root = roots["primary"].replace("\\", "/")
    record = _publish(store, shot, root + "/seq/SH010/plate_v001.exr")
    assert record["path"] == root + "/seq/SH010/plate_v001.exr"
    assert _raw_paths(store) == ["{primary}/seq/SH010/plate_v001.exr"]
    found = store.find_one("PublishedFile", [["path", "is", root + "/seq/SH010/plate_v001.exr"]])
    assert found["id"] == record["id"] and found["path"] == record["path"]
    assert list(store.publishes_by_paths([record["path"]])) == [record["path"]]


def test_a_project_seen_under_another_root_lists_its_publishes_there(store_settings, roots, tmpdir):
    from toolkit.store import ensure_project
    first = open_store_from_settings(store_settings, roots=roots)
    try:
        first.project = ensure_project(first, "demo")
        shot = first.create("Shot", {"code": "SH010"})
        _publish(first, shot, roots["primary"] + "/seq/a.exr")
    finally:
        first.close()
    moved = str(tmpdir.join("mnt", "elsewhere")).replace("\\", "/")  # another mount or OS
    second = open_store_from_settings(store_settings, roots={"primary": moved})
    try:
        paths = [p["path"] for p in second.find("PublishedFile", [])]
        assert paths == [moved + "/seq/a.exr"]
        assert second.publishes_by_paths([moved + "/seq/a.exr"])
    finally:
        second.close()


def test_records_written_with_absolute_paths_are_still_found_and_still_unique(store, roots, shot):
    root = roots["primary"].replace("\\", "/")
    old = root + "/seq/old_v001.exr"
    with store._transaction(write=True) as cur:  # as a store before this rule wrote it
        cur.execute("INSERT INTO rk_published_file (path, name, published_file_type, "
                    "version_number, entity_type, entity_id, upstream) VALUES "
                    "(%s, 'old', 'Image', 1, 'Shot', %s, '[]')" % (store.ph, store.ph),
                    (old, shot["id"]))
    assert store.find_one("PublishedFile", [["path", "is", old]])["path"] == old
    assert list(store.publishes_by_paths([old])) == [old]
    from toolkit.store import ConflictError
    with pytest.raises(ConflictError):
        _publish(store, shot, old, name="again")


def test_a_path_outside_every_root_stays_absolute(store, shot, tmpdir):
    outside = str(tmpdir.join("outside", "x.exr")).replace("\\", "/")
    # tmpdir/outside is beside the root tmpdir/show, not in it
    record = _publish(store, shot, outside)
    assert record["path"] == outside and _raw_paths(store)[-1] == outside
