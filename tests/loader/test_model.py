"""Headless Loader model: entity tree, publish filters, paging, latest-only, history."""

import datetime
import subprocess
import sys

from toolkit.entity_tree import build_entity_tree, find_node, search
from apps.loader.model import PublishFilter, PublishList, PublishQuery


def _codes(rows):
    return [r["code"] for r in rows]


def _node(root, label):
    return [n for n in root.walk() if n.label == label][0]


def test_tree_groups_shots_under_sequences_and_assets_by_type(store, project_entity):
    root = build_entity_tree(store, project_entity)
    assert root.kind == "project" and root.label == "demo"
    assert [c.label for c in root.children] == ["Sequences", "Assets"]
    sequences, assets = root.children
    assert [(s.label, [c.label for c in s.children]) for s in sequences.children] == [
        ("SQ01", ["SH010", "SH020"]), ("SQ02", ["SH030"])]
    assert [(t.label, t.kind, [c.label for c in t.children]) for t in assets.children] == [
        ("Character", "group", ["hero", "villain"]), ("Prop", "group", ["sword"])]
    assert _node(root, "SH020").path() == ["demo", "Sequences", "SQ01", "SH020"]


def test_tree_node_publish_entities(store, project_entity):
    root = build_entity_tree(store, project_entity)
    assert root.publish_entities() is None
    sq01 = _node(root, "SQ01")
    assert [(e["type"], e["id"]) for e in sq01.publish_entities()] == [
        ("Sequence", sq01.entity["id"]), ("Shot", _node(root, "SH010").entity["id"]),
        ("Shot", _node(root, "SH020").entity["id"])]
    assert sorted(e["type"] for e in _node(root, "Assets").publish_entities()) == ["Asset"] * 3
    shot = _node(root, "SH030").entity
    assert find_node(root, {"type": "Shot", "id": shot["id"]}).label == "SH030"
    assert find_node(root, {"type": "Shot", "id": 999}) is None


def test_search_keeps_matches_their_ancestors_and_descendants(store, project_entity):
    root = build_entity_tree(store, project_entity)
    visible = search(root, "sh01")
    assert sorted(n.label for n in root.walk() if id(n) in visible) == [
        "SH010", "SQ01", "Sequences", "demo"]
    visible = search(root, "SQ02")
    assert sorted(n.label for n in root.walk() if id(n) in visible) == [
        "SH030", "SQ02", "Sequences", "demo"]
    visible = search(root, "nothing like it")
    assert [n.label for n in root.walk() if id(n) in visible] == ["demo"]


def _list(session, **kwargs):
    publishes = session.publish_list()
    publishes.set_filter(PublishFilter(**kwargs))
    publishes.fetch_at_least(1000)
    return publishes


def test_project_lists_every_publish_newest_first_in_pages(session):
    publishes = session.publish_list()
    publishes.set_filter(PublishFilter())
    assert publishes.can_fetch_more and publishes.rows == []
    assert len(publishes.fetch_more()) == 4 and len(publishes.rows) == 4
    publishes.fetch_at_least(1000)
    assert not publishes.can_fetch_more
    assert len(publishes.rows) == 13
    dates = [r["created_at"] for r in publishes.rows]
    assert dates == sorted(dates, reverse=True)
    assert publishes.rows[0]["code"] == "SH010_anim.v003.ma"


def test_filter_by_entity_type_step_and_author(session, store, project_entity):
    root = build_entity_tree(store, project_entity)
    shot = _list(session, entities=_node(root, "SH010").publish_entities())
    assert _codes(shot.rows) == [
        "SH010_anim.v003.ma", "SH010_comp.v002.nk", "SH010_anim.v002.ma",
        "SH010_render.v001.%04d.exr", "SH010_comp.v001.nk", "SH010_anim.v001.ma"]
    sq01 = _list(session, entities=_node(root, "SQ01").publish_entities(), types=["Maya Scene"])
    assert _codes(sq01.rows) == ["SH010_anim.v003.ma", "SH010_anim.v002.ma",
                                 "SH020_anim.v001.ma", "SH010_anim.v001.ma"]
    comp = _list(session, steps=["comp"])
    assert set(r["step"]["code"] for r in comp.rows) == set(["comp"]) and len(comp.rows) == 3
    bob_assets = _list(session, entities=_node(root, "Assets").publish_entities(),
                       authors=["bob"])
    assert _codes(bob_assets.rows) == ["hero_rig.v002.ma", "villain_tex.v001.png",
                                       "hero_rig.v001.ma"]
    assert _list(session, entities=[]).rows == []
    assert _list(session, authors=["nobody"]).rows == []
    assert session.query.count(PublishFilter(types=["Maya Scene", "Nuke Script"])) == 9


def test_latest_only_keeps_the_highest_version_of_each_stream(session):
    latest = _list(session, latest_only=True)
    assert _codes(latest.rows) == [
        "SH010_anim.v003.ma", "hero_rig.v002.ma", "SH010_comp.v002.nk",
        "villain_tex.v001.png", "sword_model.v001.abc", "SH030_anim.v001.ma",
        "SH020_cache.v001.BROKEN.abc", "SH020_anim.v001.ma", "SH010_render.v001.%04d.exr"]
    # The same, whatever the page size: streams are remembered across pages.
    session.page_size = 1
    assert _codes(_list(session, latest_only=True).rows) == _codes(latest.rows)


def test_paging_is_exact_when_many_publishes_share_a_date(store, session, project_entity):
    shot = store.find_one("Shot", [["code", "is", "SH030"]])
    same = datetime.datetime(2026, 4, 1, 12, 0, 0)
    for index in range(11):
        store.register_publish({
            "name": "burst%02d" % index, "path": "/burst/%02d.ma" % index,
            "published_file_type": "Maya Scene", "entity": shot, "created_at": same,
            "project": {"type": "Project", "id": project_entity["id"]}})
    for size in (1, 3, 4, 50):
        session.page_size = size
        rows = _list(session).rows
        assert len(rows) == 24 and len(set(r["id"] for r in rows)) == 24, size
        assert sorted(_codes(rows[:11])) == ["%02d.ma" % i for i in range(11)]


def test_history_lists_every_version_of_the_stream(session, by_name):
    history = session.publish_list().history(by_name("SH010_anim", 1))
    assert [h["version_number"] for h in history] == [3, 2, 1]
    assert set(h["name"] for h in history) == set(["SH010_anim"])
    assert [h["version_number"] for h in session.query.history(by_name("sword_model"))] == [1]


def test_filter_values_compare_by_content():
    a = PublishFilter(entities=[{"type": "Shot", "id": 1, "code": "SH010"}], types=["USD"])
    b = PublishFilter(entities=[{"type": "Shot", "id": 1}], types=("USD",))
    assert a == b and hash(a) == hash(b)
    assert a != a.replace(latest_only=True)
    assert a.replace(latest_only=True).latest_only


def test_page_size_must_be_positive(store):
    import pytest
    from toolkit.errors import ReelkitError
    with pytest.raises(ReelkitError):
        PublishList(PublishQuery(store), page_size=0)


def test_headless_modules_import_no_qt():
    code = ("import sys, apps.loader, apps.loader.model, toolkit.entity_tree, "
            "apps.loader.loading, apps.loader.session, apps.loader.app; "
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('qtpy', 'PySide2', 'PySide6', 'toolkit.qt') or m == 'toolkit.qt']; "
            "print(bad); sys.exit(1 if bad else 0)")
    out = subprocess.check_output([sys.executable, "-c", code])
    assert out.strip() == b"[]"
