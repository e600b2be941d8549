"""Template keys, applying and reading fields, optional sections, roots."""

import datetime
import os
from collections import OrderedDict

import pytest

from toolkit.errors import FieldError, ReelkitError, TemplateError, TemplateMatchError
from toolkit.templates import TemplateSet, TemplatePath, TemplateString

ROOT = os.path.join(os.sep, "mnt", "show")
KEYS = {
    "Sequence": {"type": "str"},
    "Shot": {"type": "str", "filter_by": "alphanumeric"},
    "Step": {"type": "str", "choices": ["anim", "comp", "fx"]},
    "Task": {"type": "str", "filter_by": "alpha"},
    "code": {"type": "str", "filter_by": "[A-Z]{2}[0-9]{3}"},
    "name": {"type": "str", "filter_by": "alphanumeric", "default": "main"},
    "label": {"type": "str"},
    "version": {"type": "int", "format_spec": "03"},
    "loose": {"type": "int", "format_spec": "03", "strict_matching": False},
    "count": {"type": "int"},
    "SEQ": {"type": "sequence", "format_spec": "04"},
    "timestamp": {"type": "timestamp", "format_spec": "%Y-%m-%d-%H-%M-%S"},
    "day": {"type": "timestamp", "format_spec": "%Y%m%d"},
    "eye": {"type": "str", "choices": ["left", "right"], "abstract": True},
    "maya_extension": {"type": "str", "choices": {"ma": "Maya Ascii", "mb": "Maya Binary"},
                       "default": "ma", "alias": "extension"},
}
WORK = "sequences/{Sequence}/{Shot}/{Step}/work/maya/{Shot}[_{name}]_v{version}.{maya_extension}"


def make(paths=None, strings=None, roots=None):
    return TemplateSet.from_data({"keys": KEYS, "paths": paths or {}, "strings": strings or {}},
                                 roots if roots is not None else {"primary": ROOT})


def one(definition, cls="path"):
    if cls == "path":
        return make({"t": definition})["t"]
    return make(strings={"t": definition})["t"]


SHOT = {"Sequence": "SQ01", "Shot": "SH010", "Step": "anim", "version": 3}


# -- API -----------------------------------------------------------------------

def test_set_access_and_iteration():
    tset = make(OrderedDict([("shot_root", "sequences/{Sequence}/{Shot}"),
                             ("work", {"definition": WORK})]),
                {"label": "{Shot}_{name}"})
    assert tset.names() == ["shot_root", "work", "label"]
    assert [t.name for t in tset] == tset.names()
    assert len(tset) == 3 and "work" in tset and "nope" not in tset
    assert isinstance(tset["work"], TemplatePath)
    assert isinstance(tset["label"], TemplateString)
    assert tset["work"].root_name == "primary" and tset["work"].definition == WORK
    assert list(tset["work"].keys) == ["Sequence", "Shot", "Step", "name", "version", "extension"]
    assert set(tset.keys) == set(KEYS)
    with pytest.raises(TemplateError) as info:
        tset["wrok"]
    assert "wrok" in str(info.value) and "work" in str(info.value)
    assert tset.get("nope") is None


def test_apply_and_get_fields_round_trip():
    work = one(WORK)
    path = work.apply_fields(SHOT)
    assert path == os.path.join(ROOT, "sequences", "SQ01", "SH010", "anim", "work", "maya",
                                "SH010_v003.ma")
    assert work.get_fields(path) == dict(SHOT, extension="ma")
    named = work.apply_fields(dict(SHOT, name="hero", extension="mb"))
    assert named.endswith("SH010_hero_v003.mb")
    assert work.get_fields(named) == dict(SHOT, name="hero", extension="mb")


def test_posix_paths_use_forward_slashes_and_backslashes_are_read():
    work = one(WORK)
    path = work.apply_fields(SHOT)
    if os.sep == "/":
        assert "\\" not in path
    assert work.get_fields(path.replace("/", "\\")) == work.get_fields(path)


def test_get_fields_error_names_template_and_path():
    work = one(WORK)
    bad = os.path.join(ROOT, "sequences", "SQ01", "SH010", "anim", "work", "maya", "x.txt")
    with pytest.raises(TemplateMatchError) as info:
        work.get_fields(bad)
    assert "t" in str(info.value) and "x.txt" in str(info.value)
    assert isinstance(info.value, ReelkitError)
    assert not work.validate(bad)
    assert work.validate(work.apply_fields(SHOT))
    with pytest.raises(TemplateMatchError):
        work.get_fields("/elsewhere/sequences/SQ01/SH010/anim/work/maya/SH010_v003.ma")


def test_missing_keys_and_defaults():
    work = one(WORK)
    assert work.missing_keys({"Shot": "SH010"}) == ["Sequence", "Step", "version"]
    assert work.missing_keys(SHOT) == []
    with pytest.raises(FieldError) as info:
        work.apply_fields({"Shot": "SH010"})
    assert "Sequence" in str(info.value) and "version" in str(info.value)


# -- string keys ----------------------------------------------------------------

@pytest.mark.parametrize("key,good,bad", [
    ("Shot", "SH010", "SH_010"),
    ("Task", "anim", "anim2"),
    ("code", "AB123", "AB1234"),
    ("Step", "comp", "lighting"),
    ("label", "any text-like_this", None),
])
def test_string_filters(key, good, bad):
    tpl = one("{%s}" % key, "string")
    assert tpl.get_fields(tpl.apply_fields({key: good})) == {key: good}
    if bad is not None:
        with pytest.raises(FieldError):
            tpl.apply_fields({key: bad})
        assert not tpl.validate(bad)


def test_choices_dict_keeps_labels_and_alias_stores_field():
    tset = make({"t": "{maya_extension}"})
    key = tset.keys["maya_extension"]
    assert key.labels == {"ma": "Maya Ascii", "mb": "Maya Binary"}
    assert key.field == "extension"
    tpl = tset["t"]
    assert tpl.get_fields(os.path.join(ROOT, "mb")) == {"extension": "mb"}
    assert tpl.apply_fields({}) == os.path.join(ROOT, "ma")   # default
    # the template's own key name is not a field
    assert tpl.apply_fields({"maya_extension": "mb"}).endswith("ma")


# -- integer keys ----------------------------------------------------------------

def test_integer_padding_and_strict_matching():
    tpl = one("v{version}", "string")
    assert tpl.apply_fields({"version": 7}) == "v007"
    assert tpl.apply_fields({"version": 1234}) == "v1234"
    assert tpl.apply_fields({"version": "12"}) == "v012"
    assert tpl.get_fields("v007") == {"version": 7}
    assert tpl.get_fields("v1234") == {"version": 1234}
    for text in ("v7", "v0007", "v07"):
        assert not tpl.validate(text)
    loose = one("v{loose}", "string")
    assert loose.get_fields("v7") == {"loose": 7}
    assert loose.get_fields("v0007") == {"loose": 7}
    plain = one("n{count}", "string")
    assert plain.get_fields("n12") == {"count": 12}
    assert not plain.validate("n012")


@pytest.mark.parametrize("value", ["abc", "3.5", 3.5, True, -1, None.__class__, [], "-2"])
def test_integer_refuses_wrong_types(value):
    tpl = one("v{version}", "string")
    with pytest.raises(FieldError) as info:
        tpl.apply_fields({"version": value})
    assert "version" in str(info.value) and "t" in str(info.value)


# -- sequence keys ---------------------------------------------------------------

@pytest.mark.parametrize("value,written,read", [
    (1001, "1001", 1001),
    (12, "0012", 12),
    (12345, "12345", 12345),
    ("1001", "1001", 1001),
    ("FORMAT: %d", "%04d", "%04d"),
    ("FORMAT:%d", "%04d", "%04d"),
    ("FORMAT: #", "####", "####"),
    ("FORMAT: @", "@@@@", "@@@@"),
    ("FORMAT: $F", "$F4", "$F4"),
    ("%04d", "%04d", "%04d"),
    ("%d", "%d", "%d"),
    ("####", "####", "####"),
    ("#", "#", "#"),
    ("@@@@", "@@@@", "@@@@"),
    ("$F4", "$F4", "$F4"),
    ("$F", "$F", "$F"),
])
def test_sequence_spellings_apply_and_parse(value, written, read):
    tpl = one("{Shot}.{SEQ}.exr", "string")
    text = tpl.apply_fields({"Shot": "SH010", "SEQ": value})
    assert text == "SH010.%s.exr" % written
    assert tpl.get_fields(text) == {"Shot": "SH010", "SEQ": read}


@pytest.mark.parametrize("value", ["FORMAT: %x", "%s", "##a", "F4", "frame", -5, 1.5])
def test_sequence_refuses_bad_values(value):
    tpl = one("{Shot}.{SEQ}.exr", "string")
    with pytest.raises(FieldError):
        tpl.apply_fields({"Shot": "SH010", "SEQ": value})


def test_sequence_key_is_abstract_by_default():
    tset = make()
    assert tset.keys["SEQ"].abstract and tset.keys["eye"].abstract
    assert not tset.keys["Shot"].abstract


# -- timestamp keys ----------------------------------------------------------------

def test_timestamp_apply_and_parse():
    tpl = one("{Shot}.{timestamp}.ma", "string")
    when = datetime.datetime(2024, 5, 6, 7, 8, 9)
    text = tpl.apply_fields({"Shot": "SH010", "timestamp": when})
    assert text == "SH010.2024-05-06-07-08-09.ma"
    assert tpl.get_fields(text) == {"Shot": "SH010", "timestamp": when}
    assert tpl.apply_fields({"Shot": "SH010", "timestamp": "2024-05-06-07-08-09"}) == text
    with pytest.raises(FieldError):
        tpl.apply_fields({"Shot": "SH010", "timestamp": "yesterday"})
    with pytest.raises(FieldError):
        tpl.apply_fields({"Shot": "SH010", "timestamp": 12})
    assert not tpl.validate("SH010.2024-5-6.ma")
    day = one("{day}", "string")
    assert day.get_fields("20240506") == {"day": datetime.datetime(2024, 5, 6)}


def test_timestamp_default_now():
    tset = TemplateSet.from_data({"keys": {"ts": {"type": "timestamp", "default": "now",
                                                  "format_spec": "%Y"}},
                                  "strings": {"t": "{ts}"}})
    assert tset["t"].apply_fields({}) == str(datetime.datetime.now().year)


# -- refused values ----------------------------------------------------------------

@pytest.mark.parametrize("value", ["a/b", "a\\b", "..", "a..b", "x\x00y", "", ".", "/etc"])
def test_dangerous_values_are_refused(value):
    tpl = one("sequences/{label}/file.ma")
    with pytest.raises(FieldError) as info:
        tpl.apply_fields({"label": value})
    message = str(info.value)
    assert "label" in message and "t" in message and repr(value) in message


def test_wrong_type_for_string_key():
    tpl = one("{label}", "string")
    with pytest.raises(FieldError):
        tpl.apply_fields({"label": ["a"]})
    assert tpl.apply_fields({"label": 12}) == "12"


def test_parent_folder_with_dotdot_is_not_matched():
    tpl = one("sequences/{label}/file.ma")
    assert not tpl.validate(os.path.join(ROOT, "sequences", "..", "file.ma"))


# -- optional sections ----------------------------------------------------------------

def test_optional_sections_several_and_nested():
    tpl = one("{Shot}[_{Task}[-{name}]]_v{version}[.{eye}].exr", "string")
    cases = [
        ({"Shot": "SH1", "version": 1}, "SH1_v001.exr"),
        ({"Shot": "SH1", "version": 1, "Task": "anim"}, "SH1_anim_v001.exr"),
        ({"Shot": "SH1", "version": 1, "Task": "anim", "name": "hero"}, "SH1_anim-hero_v001.exr"),
        ({"Shot": "SH1", "version": 1, "eye": "left"}, "SH1_v001.left.exr"),
        ({"Shot": "SH1", "version": 1, "Task": "anim", "name": "x", "eye": "right"},
         "SH1_anim-x_v001.right.exr"),
    ]
    for fields, text in cases:
        assert tpl.apply_fields(fields) == text
        assert tpl.get_fields(text) == fields
    # the nested section needs its parent: name alone is not written
    assert tpl.apply_fields({"Shot": "SH1", "version": 1, "name": "hero"}) == "SH1_v001.exr"


def test_optional_folder_and_repeated_key():
    tpl = one("renders/{Shot}/[{eye}/]{Shot}[_{eye}].{SEQ}.exr")
    both = tpl.apply_fields({"Shot": "SH1", "eye": "left", "SEQ": 1})
    assert both == os.path.join(ROOT, "renders", "SH1", "left", "SH1_left.0001.exr")
    assert tpl.get_fields(both) == {"Shot": "SH1", "eye": "left", "SEQ": 1}
    plain = tpl.apply_fields({"Shot": "SH1", "SEQ": 1})
    assert tpl.get_fields(plain) == {"Shot": "SH1", "SEQ": 1}
    # a repeated key must hold the same value everywhere
    assert not tpl.validate(os.path.join(ROOT, "renders", "SH1", "SH2.0001.exr"))
    assert not tpl.validate(os.path.join(ROOT, "renders", "SH1", "left", "SH1_right.0001.exr"))


# -- ambiguity rule ----------------------------------------------------------------

def test_ambiguity_keys_match_non_greedily_left_to_right():
    free = one("{label}_{Sequence}", "string")
    # both keys may hold "_": the first takes as little as it can
    assert free.get_fields("a_b_c") == {"label": "a", "Sequence": "b_c"}
    # a filter limits what a key can swallow
    filtered = one("{Shot}_{label}", "string")
    assert filtered.get_fields("SH010_hero_cloth") == {"Shot": "SH010", "label": "hero_cloth"}
    # an optional section is taken whenever the text allows it
    opt = one("{Shot}[_{Task}]_{name}", "string")
    assert opt.get_fields("SH1_anim_hero") == {"Shot": "SH1", "Task": "anim", "name": "hero"}
    assert opt.get_fields("SH1_hero") == {"Shot": "SH1", "name": "hero"}


# -- roots ----------------------------------------------------------------

def test_several_roots():
    renders = os.path.join(os.sep, "mnt", "renders")
    tset = make({"work": "work/{Shot}.ma",
                 "frames": {"definition": "frames/{Shot}.{SEQ}.exr", "root_name": "renders"}},
                roots={"primary": ROOT, "renders": renders + os.sep})
    frames = tset["frames"]
    assert frames.root_name == "renders"
    path = frames.apply_fields({"Shot": "SH1", "SEQ": 5})
    assert path == os.path.join(renders, "frames", "SH1.0005.exr")
    assert tset.template_from_path(path) is frames
    assert tset["work"].apply_fields({"Shot": "SH1"}) == os.path.join(ROOT, "work", "SH1.ma")
    assert not tset["work"].validate(os.path.join(renders, "work", "SH1.ma"))


def test_templates_without_roots_are_relative():
    tset = TemplateSet.from_data({"keys": KEYS, "paths": {"w": "work/{Shot}.ma"}})
    assert tset["w"].root is None
    assert tset["w"].apply_fields({"Shot": "A"}) == os.path.join("work", "A.ma")
    assert tset["w"].get_fields("work/A.ma") == {"Shot": "A"}


# -- parent ----------------------------------------------------------------

def test_parent_templates():
    tset = make({"shot_root": "sequences/{Sequence}/{Shot}", "work": {"definition": WORK}})
    work = tset["work"]
    folder = work.parent
    assert folder.definition == "sequences/{Sequence}/{Shot}/{Step}/work/maya"
    assert folder.apply_fields(SHOT) == os.path.join(ROOT, "sequences", "SQ01", "SH010", "anim",
                                                     "work", "maya")
    assert folder.parent.parent.parent is tset["shot_root"]
    top = tset["shot_root"].parent.parent
    assert top.definition == "sequences" and top.parent is None
    assert work.parent is folder  # cached


def test_impossible_timestamp_does_not_match():
    tpl = one("{Shot}.{timestamp}.ma", "string")
    assert not tpl.validate("SH010.2024-13-06-07-08-09.ma")
    with pytest.raises(TemplateMatchError):
        tpl.get_fields("SH010.2024-02-30-07-08-09.ma")
