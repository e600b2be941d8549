"""publish_file: atomic copies, versions, refusals, crash recovery (on both backends)."""

import io
import os
import stat

import pytest

from toolkit.context import Context
from toolkit.errors import FieldError
from toolkit.publish import PublishError, default_name, publish_file
from toolkit.publish import transfer
from toolkit.templates import TemplateSet

from tests.store.faults import copy_failing_after


def _write(path, text=u"data"):
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    with io.open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


def _frames(folder, first=1001, last=1010):
    for frame in range(first, last + 1):
        _write(os.path.join(folder, "plate.%04d.exr" % frame), u"frame %d" % frame)
    return os.path.join(folder, "plate.%04d.exr")


@pytest.fixture
def context(shot):
    """SH010 of SQ01 (its sequence link gives the Sequence field), step comp."""
    entity = {"type": "Shot", "id": shot["id"], "code": shot["code"],
              "sequence": shot["sequence"]}
    context = Context(entity=entity, step={"type": "Step", "code": "comp"})
    assert context.as_template_fields() == {"Sequence": "SQ01", "Shot": "SH010", "Step": "comp"}
    return context


@pytest.fixture
def templates(roots):
    """The publish templates of these tests, on the test's storage root."""
    return TemplateSet.from_data({
        "keys": {"Sequence": {"type": "str"}, "Shot": {"type": "str"}, "Step": {"type": "str"},
                 "name": {"type": "str"},
                 "version": {"type": "int", "format_spec": "03"},
                 "SEQ": {"type": "sequence", "format_spec": "04"}},
        "paths": {
            "scene": "sequences/{Sequence}/{Shot}/{Step}/publish/{Shot}_{name}_v{version}.ma",
            "render": "sequences/{Sequence}/{Shot}/{Step}/render/"
                      "{Shot}_{name}_v{version}/{Shot}_{name}_v{version}.{SEQ}.exr",
            "fixed": "sequences/{Shot}/publish/{name}.ma",
        },
    }, roots=roots)


@pytest.fixture
def scene_template(templates):
    return templates["scene"]


@pytest.fixture
def render_template(templates):
    return templates["render"]


def _files_under(folder):
    found = []
    for base, _, files in os.walk(folder):
        found.extend(os.path.join(base, f) for f in files)
    return sorted(found)


def test_publish_a_file(project, store, context, scene_template, roots, tmpdir):
    source = _write(str(tmpdir.join("work", "comp_v007.ma")), u"scene")
    store.create("User", {"login": "jdoe"})
    record = publish_file(project, context, source, scene_template, {}, "Maya Scene",
                          comment="first", store=store, user="jdoe")
    assert record["version_number"] == 1 and record["name"] == "comp"
    assert record["path"].endswith("sequences/SQ01/SH010/comp/publish/SH010_comp_v001.ma")
    assert io.open(record["path"], encoding="utf-8").read() == u"scene"
    assert record["description"] == "first" and record["created_by"]["login"] == "jdoe"
    second = publish_file(project, context, source, scene_template, {}, "Maya Scene",
                          store=store)
    assert second["version_number"] == 2 and second["created_by"] is None
    assert store.find_one("PublishedFile", [["id", "is", second["id"]]]) == second
    assert not [p for p in _files_under(roots["primary"]) if transfer.TMP_MARK in p]


def test_publish_a_sequence_with_progress_and_dependencies(project, store, context,
                                                           render_template, scene_template,
                                                           tmpdir):
    scene = publish_file(project, context, _write(str(tmpdir.join("a.ma"))), scene_template,
                         {"name": "layout"}, "Maya Scene", store=store)
    source = _frames(str(tmpdir.join("renders")))
    calls = []
    record = publish_file(project, context, source, render_template, {"name": "beauty"},
                          "Rendered Image", store=store, dependencies=[scene, scene["path"]],
                          progress=lambda done, total: calls.append((done, total)),
                          thumbnail=_write(str(tmpdir.join("thumb.png"))))
    assert (record["first_frame"], record["last_frame"]) == (1001, 1010)
    assert record["path"].endswith("SH010_beauty_v001/SH010_beauty_v001.%04d.exr")
    for frame in range(1001, 1011):
        assert io.open(record["path"] % frame, encoding="utf-8").read() == u"frame %d" % frame
    assert calls[-1] == (10, 10) and len(calls) == 10
    assert [u["id"] for u in record["upstream"]] == [scene["id"], scene["id"]]
    assert os.path.isfile(record["thumbnail_path"])


@pytest.mark.parametrize("spelling", ["plate.####.exr", "plate.@@@@.exr", "plate.1001-1005#.exr"])
def test_sequence_spellings(project, store, context, render_template, tmpdir, spelling):
    _frames(str(tmpdir.join("r")), 1001, 1005)
    record = publish_file(project, context, str(tmpdir.join("r", spelling)), render_template,
                          {}, "Rendered Image", store=store)
    assert (record["first_frame"], record["last_frame"], record["name"]) == (1001, 1005, "plate")


def test_read_only_publishes_from_project_setting(project, store, context, scene_template,
                                                  tmpdir):
    project.settings["publish"] = {"read_only": True}
    record = publish_file(project, context, _write(str(tmpdir.join("a.ma"))), scene_template,
                          {}, "Maya Scene", store=store)
    assert not os.stat(record["path"]).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


def test_existing_published_file_is_never_overwritten(project, store, context, templates,
                                                     tmpdir):
    fixed = templates["fixed"]
    source = _write(str(tmpdir.join("a.ma")), u"one")
    first = publish_file(project, context, source, fixed, {}, "Maya Scene", store=store)
    _write(source, u"two")
    with pytest.raises(PublishError) as info:
        publish_file(project, context, source, fixed, {}, "Maya Scene", store=store)
    assert "already exists" in str(info.value)
    assert io.open(first["path"], encoding="utf-8").read() == u"one"
    assert store.count("PublishedFile") == 1
    # the refused attempt gave its version back
    assert store.reserve_version("a", "Maya Scene", context.entity) == 2


def test_bad_fields_are_refused_before_anything(project, store, context, scene_template, roots,
                                                tmpdir):
    source = _write(str(tmpdir.join("a.ma")))
    before = _files_under(roots["primary"])
    with pytest.raises(FieldError):
        publish_file(project, context, source, scene_template, {"name": "a/b"}, "Maya Scene",
                     store=store)
    assert _files_under(roots["primary"]) == before
    assert store.count("PublishedFile") == 0
    assert store.reserve_version("a/b", "Maya Scene", context.entity) == 1  # none consumed


@pytest.mark.parametrize("bad_source", ["missing.ma", "missing.%04d.exr", "missing.1-3#.exr"])
def test_missing_source_is_refused(project, store, context, scene_template, tmpdir, bad_source):
    with pytest.raises(PublishError):
        publish_file(project, context, str(tmpdir.join(bad_source)), scene_template, {},
                     "Maya Scene", store=store)
    assert store.count("PublishedFile") == 0


def test_unknown_dependency_is_refused(project, store, context, scene_template, roots, tmpdir):
    with pytest.raises(PublishError):
        publish_file(project, context, _write(str(tmpdir.join("a.ma"))), scene_template, {},
                     "Maya Scene", store=store, dependencies=[str(tmpdir.join("nope.ma"))])
    assert _files_under(os.path.join(roots["primary"], "sequences")) == []


def test_crash_mid_copy_leaves_nothing_and_rerun_completes(project, store, context,
                                                           render_template, roots, tmpdir,
                                                           monkeypatch):
    source = _frames(str(tmpdir.join("renders")), 1, 20)
    copy_failing_after(12, monkeypatch)
    with pytest.raises(PublishError) as info:
        publish_file(project, context, source, render_template, {}, "Rendered Image", store=store)
    assert "disk full" in str(info.value)
    assert _files_under(os.path.join(roots["primary"], "sequences")) == []  # no partial frame
    render = os.path.join(roots["primary"], "sequences", "SQ01", "SH010", "comp", "render")
    assert os.listdir(render) == []  # the hidden staging folder is gone too
    assert store.count("PublishedFile") == 0

    monkeypatch.undo()  # the disk has room again
    record = publish_file(project, context, source, render_template, {}, "Rendered Image",
                          store=store)
    assert record["version_number"] == 1  # the failed attempt's version was reused
    assert len(_files_under(os.path.join(roots["primary"], "sequences"))) == 20


def test_killed_publisher_version_is_skipped(project, store, context, scene_template, tmpdir):
    # A publisher that died after reserving: its version is never reused.
    assert store.reserve_version("a", "Maya Scene", context.entity) == 1
    record = publish_file(project, context, _write(str(tmpdir.join("a.ma"))), scene_template,
                          {}, "Maya Scene", store=store)
    assert record["version_number"] == 2


def test_failed_registration_removes_placed_files(project, store, context, scene_template,
                                                   roots, tmpdir, monkeypatch):
    from toolkit.store import StoreError

    def broken(data):
        raise StoreError("database went away (simulated)")
    monkeypatch.setattr(store, "register_publish", broken)
    with pytest.raises(StoreError):
        publish_file(project, context, _write(str(tmpdir.join("a.ma"))), scene_template, {},
                     "Maya Scene", store=store)
    assert _files_under(os.path.join(roots["primary"], "sequences")) == []


def test_default_names():
    assert default_name("/w/comp_v003.nk") == "comp"
    assert default_name("/w/plate.%04d.exr") == "plate"
    assert default_name("/w/plate_v002.1001-1100#.exr") == "plate"
    assert default_name("/w/model.ma") == "model"


def test_publish_settings_must_be_booleans(project, store, context, scene_template, tmpdir):
    from toolkit.config import load_project
    from toolkit.errors import ConfigError
    tmpdir.join("config", "project.yml").write(
        "name: show\nroots: {primary: .}\npublish:\n  read_only: false\n  flush: 'no'\n",
        ensure=True)
    with pytest.raises(ConfigError) as info:  # a loaded project is refused at once
        load_project(str(tmpdir))
    assert "project.yml:5: publish.flush: must be true or false" in str(info.value)
    project.settings["publish"] = {"flush": "no"}  # a project built by hand, at publish time
    with pytest.raises(ConfigError):
        publish_file(project, context, _write(str(tmpdir.join("a.ma"))), scene_template, {},
                     "Maya Scene", store=store)
    assert store.count("PublishedFile") == 0  # refused before anything was touched


def test_a_context_without_ids_links_the_shot_of_its_own_sequence(store, roots, tmpdir):
    from toolkit.context import Context
    from toolkit.templates import TemplateSet
    shots = {}
    for code in ("SQ01", "SQ02"):
        sequence = store.create("Sequence", {"code": code})
        shots[code] = store.create("Shot", {"code": "SH010", "sequence": sequence})
    template = TemplateSet.from_data({
        "keys": {"Sequence": {"type": "str"}, "Shot": {"type": "str"}, "name": {"type": "str"},
                 "version": {"type": "int", "format_spec": "03"}},
        "paths": {"pub": "sequences/{Sequence}/{Shot}/publish/{Shot}_{name}_v{version}.ma"},
    }, roots=roots)["pub"]
    # What Context.from_path gives without a store: codes, no ids.
    context = Context(entity={"type": "Shot", "code": "SH010",
                              "sequence": {"type": "Sequence", "code": "SQ02"}})
    record = publish_file(None, context, _write(str(tmpdir.join("a.ma"))), template,
                          {"name": "main"}, "Maya Scene", store=store)
    assert record["entity"]["id"] == shots["SQ02"]["id"]
    assert "/SQ02/SH010/" in record["path"].replace(os.sep, "/")

    ambiguous = Context(entity={"type": "Shot", "code": "SH010"})
    with pytest.raises(PublishError) as info:
        publish_file(None, ambiguous, _write(str(tmpdir.join("b.ma"))), template,
                     {"name": "other", "Sequence": "SQ01"}, "Maya Scene", store=store)
    assert "2 Shots are named 'SH010'" in str(info.value)
    assert store.count("PublishedFile") == 1  # the refused publish left nothing


# -- frame paths: one rendering of the template, only where it is provably the same --

def _real_template(roots, definition, seq_key=None, shot_key=None):
    from toolkit.templates import TemplateSet
    return TemplateSet.from_data({
        "keys": {"Shot": shot_key or {"type": "str"},
                 "version": {"type": "int", "format_spec": "03"},
                 "SEQ": seq_key or {"type": "sequence", "format_spec": "04"}},
        "paths": {"render": definition},
    }, roots=roots)["render"]


class _Frames(object):
    is_sequence = True

    def __init__(self, frames):
        self.frames = [(f, "/in/%d" % f) for f in frames]


def _per_frame(template, fields, frames):
    return [template.apply_fields(dict(fields, SEQ=f)) for f in frames]


@pytest.mark.parametrize("definition, seq_key, shot, frames, fast", [
    ("r/v{version}/{Shot}.{SEQ}.exr", None, "SH010", range(995, 1006), True),
    ("r/v{version}/{Shot}.{SEQ}.exr", {"type": "sequence"}, "SH010", range(7, 13), True),
    ("r/{SEQ}/{Shot}_v{version}.{SEQ}.exr", None, "SH010", range(1, 12), True),
    ("r/{Shot}.{SEQ}.exr", {"type": "sequence", "format_spec": "03"}, "SH010",
     [990, 995, 998, 999, 1000, 1001, 1002], True),
    # a placeholder spelled in another field: the pieces disagree, every frame is rendered
    ("r/{Shot}/f.{SEQ}.exr", None, "a%04db", range(1, 5), False),
    ("r/{Shot}/f.{SEQ}.exr", None, "a####b", range(1, 5), False),
])
def test_frame_paths_are_those_of_rendering_each_frame(roots, definition, seq_key, shot,
                                                      frames, fast):
    from toolkit.publish.targets import publish_targets
    template = _real_template(roots, definition, seq_key)
    fields = {"Shot": shot, "version": 3}
    expected = _per_frame(template, fields, list(frames))
    renders = []
    real_apply = template.apply_fields
    template.apply_fields = lambda f: renders.append(f) or real_apply(f)
    pairs, record_path = publish_targets(template, fields, _Frames(list(frames)))
    assert [target for _, target in pairs] == expected
    # two placeholders, then the first and last frames as a check; or every frame
    assert len(renders) == (4 if fast else 2 + len(expected))
    assert record_path == real_apply(dict(fields, SEQ="FORMAT: %d"))


def test_a_frame_the_template_refuses_is_refused_the_same_way(roots):
    from toolkit.publish.targets import publish_targets
    template = _real_template(roots, "r/{Shot}.{SEQ}.exr",
                              {"type": "sequence", "format_spec": "04",
                               "choices": [1001, 1002, 1003, 1005]})
    fields = {"Shot": "SH010"}
    with pytest.raises(FieldError) as fast:
        publish_targets(template, fields, _Frames([1001, 1002, 1004, 1005]))
    with pytest.raises(FieldError) as slow:
        template.apply_fields(dict(fields, SEQ=1004))
    assert str(fast.value) == str(slow.value)


def test_a_render_folder_made_by_someone_else_mid_publish(project, store, context,
                                                          render_template, roots, tmpdir):
    source = _frames(str(tmpdir.join("renders")), 1, 20)
    folder = os.path.join(roots["primary"], "sequences", "SQ01", "SH010", "comp", "render",
                          "SH010_plate_v001")
    theirs = os.path.join(folder, "SH010_plate_v001.0007.exr")

    def someone_else(done, total):  # after the checks, before the folder is renamed
        if done == total:
            _write(theirs, u"theirs")
    with pytest.raises(PublishError) as info:
        publish_file(project, context, source, render_template, {}, "Rendered Image",
                     store=store, progress=someone_else)
    assert "never overwritten" in str(info.value)
    assert _files_under(os.path.dirname(folder)) == [theirs]  # theirs alone, untouched
    assert io.open(theirs, encoding="utf-8").read() == u"theirs"
    assert store.count("PublishedFile") == 0
    assert store.reserve_version("plate", "Rendered Image", context.entity) == 1  # given back


def test_a_real_template_sequence_publishes_read_only(project, store, context, roots, tmpdir):
    project.settings["publish"] = {"read_only": True}
    template = _real_template(roots, "sequences/{Shot}/render/v{version}/{Shot}.{SEQ}.exr")
    source = _frames(str(tmpdir.join("renders")), 1001, 1030)
    record = publish_file(project, context, source, template, {}, "Rendered Image", store=store)
    assert record["path"].endswith("sequences/SH010/render/v001/SH010.%04d.exr")
    for frame in range(1001, 1031):
        path = record["path"] % frame
        assert io.open(path, encoding="utf-8").read() == u"frame %d" % frame
        assert not os.stat(path).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert os.listdir(os.path.join(roots["primary"], "sequences", "SH010", "render")) == ["v001"]
