"""The project's entity tree, one for every app (toolkit.entity_tree): the
Loader browses its entities, Workfiles its tasks."""

import pytest

from toolkit.entity_tree import build_entity_tree, find_node, search


@pytest.fixture
def store(tmpdir):
    from toolkit.store import ensure_project, open_store_from_settings
    opened = open_store_from_settings({"backend": "sqlite",
                                       "path": str(tmpdir.join("reelkit.sqlite"))})
    opened.project = ensure_project(opened, "show")
    yield opened
    opened.close()


@pytest.fixture
def entities(store):
    project = store.project
    anim = store.create("Step", {"code": "anim", "entity_type": "Shot"})
    model = store.create("Step", {"code": "model", "entity_type": "Asset"})
    sq = store.create("Sequence", {"code": "SQ010", "project": project})
    sh10 = store.create("Shot", {"code": "SH010", "project": project, "sequence": sq})
    sh20 = store.create("Shot", {"code": "SH020", "project": project, "sequence": sq})
    loose = store.create("Shot", {"code": "SH999", "project": project})
    hero = store.create("Asset", {"code": "hero", "project": project,
                                  "sg_asset_type": "Character"})
    for entity, content, step in [(sh20, "blocking", anim), (sh20, "anim", anim),
                                  (hero, "model", model), (sq, "layout", None)]:
        data = {"content": content, "entity": entity, "project": project}
        if step is not None:
            data["step"] = step
        store.create("Task", data)
    return {"SQ010": sq, "SH010": sh10, "SH020": sh20, "SH999": loose, "hero": hero}


def _shape(node):
    return (node.label, node.kind, [_shape(child) for child in node.children])


def test_without_tasks_the_tree_holds_entities_only(store, entities):
    root = build_entity_tree(store, store.project)
    assert _shape(root) == ("show", "project", [
        ("Sequences", "group", [
            ("SQ010", "entity", [("SH010", "entity", []), ("SH020", "entity", [])]),
            ("No Sequence", "group", [("SH999", "entity", [])])]),
        ("Assets", "group", [("Character", "group", [("hero", "entity", [])])])])


def test_with_tasks_each_entity_holds_its_tasks_first(store, entities):
    root = build_entity_tree(store, store.project, tasks=True)
    assert _shape(root) == ("show", "project", [
        ("Sequences", "group", [
            ("SQ010", "entity", [("layout", "task", []), ("SH010", "entity", []),
                                 ("SH020", "entity", [("anim", "task", []),
                                                      ("blocking (anim)", "task", [])])]),
            ("No Sequence", "group", [("SH999", "entity", [])])]),
        ("Assets", "group", [("Character", "group", [
            ("hero", "entity", [("model", "task", [])])])])])
    blocking = [n for n in root.walk() if n.label == "blocking (anim)"][0]
    assert blocking.task["content"] == "blocking"
    assert blocking.entity["id"] == entities["SH020"]["id"]
    # a task shows its entity's publishes; a sequence its own and its shots', not its tasks'
    assert blocking.publish_entities() == [{"type": "Shot", "id": entities["SH020"]["id"]}]
    sequence = find_node(root, {"type": "Sequence", "id": entities["SQ010"]["id"]})
    assert [e["id"] for e in sequence.publish_entities()] == [
        entities["SQ010"]["id"], entities["SH010"]["id"], entities["SH020"]["id"]]
    # find_node finds the entity, never one of its tasks
    assert find_node(root, {"type": "Shot", "id": entities["SH020"]["id"]}).kind == "entity"


def test_search_finds_tasks_and_keeps_their_path(store, entities):
    root = build_entity_tree(store, store.project, tasks=True)
    visible = search(root, "blocking")
    shown = sorted(n.label for n in root.walk() if id(n) in visible)
    assert shown == ["SH020", "SQ010", "Sequences", "blocking (anim)", "show"]
