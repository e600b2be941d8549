import os

import pytest

from toolkit.config import load_project
from toolkit.context import Context
from toolkit.errors import ContextError
from tests.core.files import write

TEMPLATES = u"""\
keys:
  Sequence: {type: str}
  Shot: {type: str}
  Step: {type: str}
  Task: {type: str}
  Asset: {type: str}
  AssetType: {type: str}
  User: {type: str}
  version: {type: int, format_spec: "03"}
paths:
  shot_work: sequences/{Sequence}/{Shot}/{Step}/work/{Shot}_{Step}_v{version}.ma
  shot_task_work: sequences/{Sequence}/{Shot}/{Step}/tasks/{Task}/{Shot}_{Task}_v{version}.ma
  asset_work: assets/{AssetType}/{Asset}/{Step}/work/{Asset}_{Step}_v{version}.ma
  sequence_edit: sequences/{Sequence}/editorial/{Sequence}_v{version}.edl
  user_sandbox: sandbox/{User}/notes.txt
  project_notes: docs/notes_v{version}.txt
"""


@pytest.fixture
def project(tmpdir):
    write(tmpdir, "config/project.yml", "name: show\nroots:\n  primary: .\n")
    write(tmpdir, "config/templates.yml", TEMPLATES)
    return load_project(str(tmpdir))


class FakeStore(object):
    """Just enough of the store interface: find_one on exact filters, and the path cache."""

    def __init__(self, entities=(), path_cache=None):
        self.entities = [dict(e) for e in entities]
        self.path_cache = dict(path_cache or {})
        self.calls = []

    def find(self, entity_type, filters=(), fields=None):
        self.calls.append((entity_type, filters))
        return [dict(entity) for entity in self.entities if entity["type"] == entity_type
                and all(self._matches(entity.get(field), value) for field, op, value in filters)]

    def find_one(self, entity_type, filters=(), fields=None):
        found = self.find(entity_type, filters, fields)
        return found[0] if found else None

    @staticmethod
    def _matches(actual, wanted):
        if isinstance(wanted, dict):
            return isinstance(actual, dict) and (actual["type"], actual["id"]) == (
                wanted["type"], wanted["id"])
        return actual == wanted

    def path_cache_lookup(self, path):
        folder = os.path.normpath(path)
        while True:
            if folder in self.path_cache:
                return dict(self.path_cache[folder])
            parent = os.path.dirname(folder)
            if parent == folder:
                return None
            folder = parent


SQ01 = {"type": "Sequence", "id": 1, "code": "SQ01"}
SH010 = {"type": "Shot", "id": 10, "code": "SH010",
         "sequence": {"type": "Sequence", "id": 1, "code": "SQ01"}, "description": "the big one"}
HERO = {"type": "Asset", "id": 20, "code": "hero", "sg_asset_type": "chr"}
COMP = {"type": "Step", "id": 5, "code": "comp"}
TASK = {"type": "Task", "id": 7, "content": "comp_main",
        "entity": {"type": "Shot", "id": 10, "code": "SH010"},
        "step": {"type": "Step", "id": 5, "code": "comp"}}


def store():
    return FakeStore([SQ01, SH010, HERO, COMP, TASK])


# -- construction and parts ------------------------------------------------

def test_plain_constructor_accepts_strings_for_step_task_user():
    ctx = Context(entity={"type": "Shot", "code": "SH010"}, step="comp", task="comp_main",
                  user="jdoe")
    assert ctx.step == {"type": "Step", "code": "comp"}
    assert ctx.task == {"type": "Task", "content": "comp_main"}
    assert ctx.user == {"type": "User", "login": "jdoe"}
    assert ctx.project is None and ctx.additional_entities == []


def test_context_is_immutable_from_outside():
    entity = {"type": "Shot", "code": "SH010"}
    ctx = Context(entity=entity)
    entity["code"] = "SH999"
    ctx.entity["code"] = "SH888"
    assert ctx.entity["code"] == "SH010"
    with pytest.raises(AttributeError):
        ctx.entity = {"type": "Shot", "code": "x"}


def test_store_only_fields_are_dropped():
    ctx = Context(entity=SH010)
    assert "description" not in ctx.entity
    assert ctx.entity["sequence"] == {"type": "Sequence", "id": 1, "code": "SQ01"}


@pytest.mark.parametrize("kwargs, message", [
    ({"entity": "SH010"}, "entity must be an entity dict"),
    ({"entity": {"code": "SH010"}}, "has no 'type'"),
    ({"entity": {"type": "Shot"}}, "needs an id, code"),
    ({"entity": {"type": "Shot", "id": "12"}}, "non-integer id"),
    ({"step": {"type": "Task", "content": "x"}}, "step must be of type Step"),
])
def test_bad_parts_are_refused(kwargs, message):
    with pytest.raises(ContextError) as info:
        Context(**kwargs)
    assert message in str(info.value)


def test_as_template_fields():
    shot = Context(entity=SH010, step=COMP, task=TASK, user="jdoe")
    assert shot.as_template_fields() == {"Sequence": "SQ01", "Shot": "SH010", "Step": "comp",
                                         "Task": "comp_main", "User": "jdoe"}
    asset = Context(entity=HERO, step="rig")
    assert asset.as_template_fields() == {"Asset": "hero", "AssetType": "chr", "Step": "rig"}
    extra = Context(entity={"type": "Shot", "code": "SH020"}, additional_entities=[SQ01])
    assert extra.as_template_fields() == {"Sequence": "SQ01", "Shot": "SH020"}
    assert extra.sequence == SQ01
    assert Context().as_template_fields() == {}


# -- from_path -------------------------------------------------------------

def test_from_path_shot(project):
    path = os.path.join(project.root, "sequences/SQ01/SH010/comp/work/SH010_comp_v003.ma")
    ctx = Context.from_path(path, project)
    assert ctx.project == project
    assert ctx.entity == {"type": "Shot", "code": "SH010",
                          "sequence": {"type": "Sequence", "code": "SQ01"}}
    assert ctx.step == {"type": "Step", "code": "comp"}
    assert ctx.task is None
    assert ctx.as_template_fields() == {"Sequence": "SQ01", "Shot": "SH010", "Step": "comp"}


def test_from_path_task_asset_sequence_and_user(project):
    root = project.root
    task = Context.from_path(os.path.join(
        root, "sequences/SQ01/SH010/comp/tasks/comp_main/SH010_comp_main_v001.ma"), project)
    assert task.task == {"type": "Task", "content": "comp_main"}
    asset = Context.from_path(os.path.join(root, "assets/chr/hero/rig/work/hero_rig_v001.ma"),
                              project)
    assert asset.entity == {"type": "Asset", "code": "hero", "sg_asset_type": "chr"}
    sequence = Context.from_path(os.path.join(root, "sequences/SQ01/editorial/SQ01_v002.edl"),
                                 project)
    assert sequence.entity == {"type": "Sequence", "code": "SQ01"}
    user = Context.from_path(os.path.join(root, "sandbox/jdoe/notes.txt"), project)
    assert user.entity is None and user.user == {"type": "User", "login": "jdoe"}


def test_from_path_fills_ids_from_the_store(project):
    path = os.path.join(project.root, "sequences/SQ01/SH010/comp/work/SH010_comp_v003.ma")
    ctx = Context.from_path(path, project, store())
    assert ctx.entity == {"type": "Shot", "id": 10, "code": "SH010",
                          "sequence": {"type": "Sequence", "id": 1, "code": "SQ01"}}


def test_from_path_falls_back_on_the_path_cache(project):
    shot_folder = os.path.join(project.root, "sequences", "SQ01", "SH010")
    fake = FakeStore([SQ01, SH010], {shot_folder: {"type": "Shot", "id": 10, "code": "SH010"}})
    # A folder no template describes, below the shot folder.
    ctx = Context.from_path(os.path.join(shot_folder, "refs", "plate.exr"), project, fake)
    assert ctx.entity["id"] == 10
    assert ctx.entity["sequence"]["code"] == "SQ01"  # parent filled in by the store
    # The shot folder itself is only an entity folder.
    assert Context.from_path(shot_folder, project, fake).entity["code"] == "SH010"


def test_template_without_entity_still_tries_the_path_cache(project):
    docs = os.path.join(project.root, "docs")
    fake = FakeStore([SQ01], {docs: SQ01})
    ctx = Context.from_path(os.path.join(docs, "notes_v001.txt"), project, fake)
    assert ctx.entity == SQ01


def test_from_path_unknown_path_is_project_only(project):
    ctx = Context.from_path(os.path.join(project.root, "somewhere", "else.txt"), project)
    assert ctx == Context(project)
    assert str(ctx) == "Project show"
    assert Context.from_path("/elsewhere/x.txt", project, FakeStore()) == Context(project)


# -- from_entity -----------------------------------------------------------

def test_from_entity_without_store_keeps_what_it_is_given():
    ctx = Context.from_entity({"type": "Shot", "code": "SH010"}, step="comp")
    assert ctx.entity == {"type": "Shot", "code": "SH010"}
    assert ctx.step["code"] == "comp"


def test_from_entity_fills_missing_parents_from_the_store():
    ctx = Context.from_entity({"type": "Shot", "id": 10}, store=store(), user="jdoe")
    assert ctx.entity["code"] == "SH010"
    assert ctx.entity["sequence"]["code"] == "SQ01"
    asset = Context.from_entity({"type": "Asset", "code": "hero"}, store=store())
    assert asset.entity["id"] == 20 and asset.entity["sg_asset_type"] == "chr"


def test_from_entity_task_brings_entity_and_step():
    ctx = Context.from_entity({"type": "Task", "id": 7}, store=store())
    assert ctx.task["content"] == "comp_main"
    assert ctx.step == {"type": "Step", "id": 5, "code": "comp"}
    assert ctx.entity["code"] == "SH010" and ctx.entity["sequence"]["id"] == 1
    with pytest.raises(ContextError):
        Context.from_entity({"type": "Task", "content": "loose"})


# -- from_string -----------------------------------------------------------

@pytest.mark.parametrize("text, entity, step, task", [
    ("Shot SH010", {"type": "Shot", "code": "SH010"}, None, None),
    ("shot SH010 comp", {"type": "Shot", "code": "SH010"}, "comp", None),
    ("Asset hero rig", {"type": "Asset", "code": "hero"}, "rig", None),
    ("Sequence SQ01", {"type": "Sequence", "code": "SQ01"}, None, None),
    ("Shot SH010 comp/comp_main", {"type": "Shot", "code": "SH010"}, "comp", "comp_main"),
])
def test_from_string_forms(text, entity, step, task):
    ctx = Context.from_string(text)
    assert ctx.entity == entity
    assert (ctx.step or {}).get("code") == step
    assert (ctx.task or {}).get("content") == task


def test_from_string_project(project):
    assert Context.from_string("project", project) == Context(project)


@pytest.mark.parametrize("text", ["", "Shot", "Camera C1", "Shot SH010 comp extra",
                                  "Shot SH010 comp/", "Shot SH010 /task"])
def test_from_string_refuses_other_forms(text):
    with pytest.raises(ContextError) as info:
        Context.from_string(text)
    assert "context" in str(info.value)


def test_from_string_resolves_through_the_store():
    ctx = Context.from_string("Shot SH010 comp/comp_main", store=store())
    assert ctx.entity["id"] == 10 and ctx.entity["sequence"]["id"] == 1
    assert ctx.step["id"] == 5 and ctx.task["id"] == 7
    # Steps and tasks the store does not know are kept by name.
    loose = Context.from_string("Shot SH010 light", store=store())
    assert loose.step == {"type": "Step", "code": "light"}
    with pytest.raises(ContextError) as info:
        Context.from_string("Shot SH999", store=store())
    assert "no Shot 'SH999'" in str(info.value)


def _real_store(tmpdir):
    from toolkit.store import open_store_from_settings
    store = open_store_from_settings({"backend": "sqlite",
                                      "path": str(tmpdir.join("store.sqlite"))})
    for seq_code in ("SQ010", "SQ020"):
        seq = store.create("Sequence", {"code": seq_code})
        store.create("Shot", {"code": "SH010", "sequence": {"type": "Sequence", "id": seq["id"]}})
    store.create("Asset", {"code": "sword", "sg_asset_type": "prop"})
    store.create("Asset", {"code": "sword", "sg_asset_type": "character"})
    return store


def test_from_string_refuses_a_code_shared_across_parents(tmpdir):
    store = _real_store(tmpdir)
    with pytest.raises(ContextError) as info:
        Context.from_string("Shot SH010 comp", store=store)
    assert "2 Shots are named 'SH010'" in str(info.value)
    assert "'Shot SQ010/SH010'" in str(info.value) and "'Shot SQ020/SH010'" in str(info.value)
    with pytest.raises(ContextError):
        Context.from_string("Asset sword", store=store)


def test_from_string_with_a_qualified_code(tmpdir):
    store = _real_store(tmpdir)
    ctx = Context.from_string("Shot SQ020/SH010 comp", store=store)
    assert ctx.entity["code"] == "SH010" and ctx.entity["sequence"]["code"] == "SQ020"
    asset = Context.from_string("Asset character/sword", store=store)
    assert asset.entity["sg_asset_type"] == "character"
    with pytest.raises(ContextError) as info:
        Context.from_string("Shot SQ030/SH010", store=store)
    assert "no Shot 'SQ030/SH010'" in str(info.value)


def test_from_string_qualified_without_a_store():
    ctx = Context.from_string("Shot SQ020/SH010")
    assert ctx.entity["sequence"] == {"type": "Sequence", "code": "SQ020"}
    with pytest.raises(ContextError) as info:
        Context.from_string("Sequence x/SQ010")
    assert "has no parent" in str(info.value)


# -- serialisation, equality, display --------------------------------------

def test_serialize_round_trip(project):
    ctx = Context(project, SH010, COMP, TASK, "jdoe", additional_entities=[HERO])
    text = ctx.serialize()
    assert "\n" not in text and text == text.strip()
    text.encode("ascii")
    again = Context.deserialize(text)  # loads the project from the recorded config folder
    assert again == ctx and hash(again) == hash(ctx)
    assert again.project == project
    assert Context.deserialize(text, project) == ctx
    assert Context.from_dict(ctx.to_dict(), project) == ctx


def test_serialize_non_ascii_codes():
    ctx = Context(entity={"type": "Asset", "code": u"h\u00e9ros"})
    text = ctx.serialize()
    text.encode("ascii")
    assert Context.deserialize(text).entity["code"] == u"h\u00e9ros"


def test_deserialize_with_the_wrong_project(project, tmpdir):
    other_dir = tmpdir.mkdir("other")
    write(other_dir, "config/project.yml", "name: other\nroots: {primary: .}\n")
    other = load_project(str(other_dir))
    with pytest.raises(ContextError) as info:
        Context.deserialize(Context(project).serialize(), other)
    assert "'show'" in str(info.value)


@pytest.mark.parametrize("text, message", [
    ("not json", "not a serialised context"),
    ("[1, 2]", "must be a mapping"),
    ('{"entity": {"type": "Shot", "code": "x"}, "shoe": 1}', "unknown context field(s): shoe"),
    ('{"entity": {"code": "x"}}', "has no 'type'"),
    ('{"project": "demo"}', "context project must be"),
    ('{"project": {"name": "x", "config_dir": "/no/such/folder"}}', "cannot load the context's project"),
    ('{"additional_entities": {}}', "additional_entities must be a list"),
])
def test_deserialize_garbage_names_the_problem(text, message):
    with pytest.raises(ContextError) as info:
        Context.deserialize(text)
    assert message in str(info.value)


def test_deserialize_refuses_non_strings():
    with pytest.raises(ContextError):
        Context.deserialize(None)


def test_equality_and_hash(project):
    a = Context(project, {"type": "Shot", "code": "SH010"}, "comp")
    b = Context(project, {"type": "Shot", "code": "SH010"}, {"type": "Step", "code": "comp"})
    c = Context(project, {"type": "Shot", "code": "SH010"}, "light")
    assert a == b and not (a != b) and hash(a) == hash(b)
    assert a != c and not (a == c)
    assert len({a, b, c}) == 2
    assert a != "Shot SH010, comp"
    assert Context() == Context() and Context() != Context(project)


def test_str_and_repr(project):
    assert str(Context(entity=SH010, step=COMP)) == "Shot SH010, comp"
    assert str(Context(entity=SH010, step=COMP, task=TASK)) == "Shot SH010, comp, task comp_main"
    assert str(Context(entity={"type": "Shot", "id": 3})) == "Shot #3"
    assert str(Context(project)) == "Project show"
    assert str(Context()) == "empty context"
    text = repr(Context(project, SH010, COMP, user="jdoe"))
    assert text == "<Context Shot SH010, comp (project show) user=jdoe>"


def test_from_entity_completes_by_code_under_the_right_parent(tmpdir):
    store = _real_store(tmpdir)
    by_sequence = dict((s["sequence"]["code"], s["id"]) for s in
                       store.find("Shot", [], ["code", "sequence"]))
    ctx = Context.from_entity({"type": "Shot", "code": "SH010",
                               "sequence": {"type": "Sequence", "code": "SQ020"}}, store=store)
    assert ctx.entity["id"] == by_sequence["SQ020"]
    asset = Context.from_entity({"type": "Asset", "code": "sword", "sg_asset_type": "prop"},
                                store=store)
    assert asset.entity["id"] is not None and asset.entity["sg_asset_type"] == "prop"
    with pytest.raises(ContextError) as info:  # never a silent pick of one of them
        Context.from_entity({"type": "Shot", "code": "SH010"}, store=store)
    assert "2 Shots are named 'SH010'" in str(info.value)
    untracked = Context.from_entity({"type": "Shot", "code": "SH999"}, store=store)
    assert untracked.entity.get("id") is None  # kept by name
