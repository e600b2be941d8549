"""Publish records written before paths were stored relative to their root
(issue #14): found by ``absolute_publish_paths`` and rewritten by
``relativize_publish_paths``, on SQLite and PostgreSQL."""

from tests.store.test_store import _publish


def _make_absolute(store, record_id, path, thumbnail):
    # as an older Reelkit wrote the record: the absolute path itself
    with store._transaction(write=True) as cur:
        cur.execute("UPDATE rk_published_file SET path = {ph}, thumbnail_path = {ph} "
                    "WHERE id = {ph}".format(ph=store.ph), (path, thumbnail, record_id))


def test_absolute_records_are_found_and_stored_relative(store, shot, roots):
    root = roots["primary"].replace("\\", "/")
    old = _publish(store, shot, root + "/sequences/SQ01/SH010/a_v001.ma",
                   thumbnail_path=root + "/sequences/SQ01/SH010/.thumbnails/a_v001.png")
    new = _publish(store, shot, root + "/sequences/SQ01/SH010/b_v001.ma", name="b")
    outside = _publish(store, shot, "/elsewhere/c_v001.ma", name="c")
    _make_absolute(store, old["id"], old["path"], old["thumbnail_path"])
    assert store.absolute_publish_paths() == {"primary": 1}
    before = [store.find_one("PublishedFile", [["id", "is", r["id"]]],
                             ["path", "thumbnail_path"]) for r in (old, new, outside)]

    assert store.relativize_publish_paths() == 1
    assert store.absolute_publish_paths() == {}
    assert store.relativize_publish_paths() == 0
    with store._transaction() as cur:
        cur.execute("SELECT path, thumbnail_path FROM rk_published_file ORDER BY id")
        rows = cur.fetchall()
    assert [tuple(r) for r in rows] == [
        ("{primary}/sequences/SQ01/SH010/a_v001.ma",
         "{primary}/sequences/SQ01/SH010/.thumbnails/a_v001.png"),
        ("{primary}/sequences/SQ01/SH010/b_v001.ma", None),
        ("/elsewhere/c_v001.ma", None)]   # under no root: stays absolute
    # read back exactly as before, and found by its path
    after = [store.find_one("PublishedFile", [["id", "is", r["id"]]],
                            ["path", "thumbnail_path"]) for r in (old, new, outside)]
    assert after == before
    assert store.publishes_by_paths([old["path"]])
