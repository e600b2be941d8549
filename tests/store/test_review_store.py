# -*- coding: utf-8 -*-
"""Store bugs found in the pre-release review, each pinned by a test (both backends)."""

import io
import os
import sys

import pytest

from toolkit.store import StoreError, open_store_from_settings


def test_null_values_sort_the_same_on_every_backend(store):
    """SQLite sorts NULL first ascending, PostgreSQL last: one answer on both."""
    seq = store.create("Sequence", {"code": "SQ01"})
    store.create("Shot", {"code": "SH010", "sequence": seq, "description": "b"})
    store.create("Shot", {"code": "SH020"})                      # no description, no sequence
    store.create("Shot", {"code": "SH030", "sequence": seq, "description": "a"})

    def codes(order):
        return [s["code"] for s in store.find("Shot", order=order)]
    assert codes([("description", "asc")]) == ["SH020", "SH030", "SH010"]
    assert codes([("description", "desc")]) == ["SH010", "SH030", "SH020"]
    assert codes([("sequence", "asc"), ("code", "desc")]) == ["SH020", "SH030", "SH010"]
    assert store.find_one("Shot", order=[("description", "desc")])["code"] == "SH010"


def test_changing_a_version_number_keeps_the_allocator_ahead(store, shot):
    """After a publish's version is changed by update(), the next publish still
    gets a free version instead of failing on the unique version forever."""
    root = store.roots["primary"]
    first = store.register_publish({"path": os.path.join(root, "a_v1.ma"), "name": "a",
                                    "published_file_type": "Maya Scene", "entity": shot})
    assert first["version_number"] == 1
    store.update("PublishedFile", first["id"], {"version_number": 2})
    nxt = store.register_publish({"path": os.path.join(root, "a_v3.ma"), "name": "a",
                                  "published_file_type": "Maya Scene", "entity": shot})
    assert nxt["version_number"] == 3


def test_updated_publish_path_is_normalised_like_a_registered_one(store, shot, tmpdir):
    root = store.roots["primary"]
    pub = store.register_publish({"path": os.path.join(root, "a_v1.ma"), "name": "a",
                                  "published_file_type": "Maya Scene", "entity": shot})
    with tmpdir.as_cwd():
        updated = store.update("PublishedFile", pub["id"], {"path": "moved/./b_v1.ma"})
    expected = os.path.join(str(tmpdir), "moved", "b_v1.ma").replace("\\", "/")
    assert updated["path"] == expected
    # the same file can then never be registered a second time
    with pytest.raises(StoreError):
        store.register_publish({"path": expected, "name": "b",
                                "published_file_type": "Maya Scene", "entity": shot})


@pytest.mark.parametrize("order, fields", [([(["code"], "asc")], None), (None, [["code"]]),
                                           ([{"field_name": {"a": 1}}], None)])
def test_malformed_field_names_are_store_errors(store, order, fields):
    with pytest.raises(StoreError):
        store.find("Shot", order=order, fields=fields)


def test_sqlite_store_over_a_file_that_is_not_a_database(tmpdir):
    path = str(tmpdir.join("notes.sqlite"))
    with io.open(path, "wb") as handle:
        handle.write(b"these are not the tables you are looking for\n" * 200)
    with pytest.raises(StoreError) as info:
        open_store_from_settings({"backend": "sqlite", "path": path})
    assert "notes.sqlite" in str(info.value)


@pytest.mark.parametrize("settings", [
    {"backend": "sqlite", "busy_timeout": "soon"},
    {"backend": "postgres", "port": "fivefourthree"},
    {"backend": "postgres", "connect_timeout": "ten"},
])
def test_non_numeric_store_settings_are_store_errors(tmpdir, settings):
    settings = dict(settings, path=str(tmpdir.join("db.sqlite")))
    with pytest.raises(StoreError) as info:
        open_store_from_settings(settings)
    assert any(name in str(info.value) for name in ("busy_timeout", "port", "connect_timeout"))


def test_utf8_byte_strings_of_python2_are_text(store, shot):
    """On Python 2, os.listdir/os.path.join of str give UTF-8 byte strings: they
    are text to the store, not a UnicodeDecodeError (on Python 3 the same names
    arrive as str)."""
    native = (lambda text: text.encode("utf-8")) if sys.version_info[0] == 2 else (lambda t: t)
    code = native(u"caf\xe9")
    created = store.create("Shot", {"code": code})
    assert created["code"] == u"caf\xe9"
    assert store.find_one("Shot", [["code", "is", code]])["id"] == created["id"]
    folder = os.path.join(native(store.roots["primary"]), code)
    assert store.path_cache_add(folder, created) is True
    assert store.path_cache_lookup(os.path.join(folder, native(u"x.ma")))["id"] == created["id"]
    pub = store.register_publish({"path": os.path.join(folder, native(u"a.ma")), "name": code,
                                  "published_file_type": "Maya Scene", "entity": shot})
    assert pub["path"].endswith(u"caf\xe9/a.ma")
    with pytest.raises(StoreError):
        store.create("Shot", {"code": b"\xff\xfe"})  # not UTF-8 (nor text on py3): refused
