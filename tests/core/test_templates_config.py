"""templates.yml mistakes are ConfigErrors naming file, line and entry; the
shipped default config loads and every template round-trips."""

import datetime
import io
import os
import textwrap

import pytest
import six

from toolkit.errors import ConfigError, ConfigErrors
from toolkit.templates import TemplateSet
from toolkit.templates.keys import SequenceKey, TimestampKey, IntegerKey

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHIPPED = os.path.join(REPO, "config", "templates.yml")

GOOD_KEYS = """\
keys:
  Shot: {type: str}
  version: {type: int, format_spec: "03"}
"""


def write(tmpdir, text):
    path = os.path.join(str(tmpdir), "templates.yml")
    with io.open(path, "w", encoding="utf-8") as handle:
        handle.write(six.text_type(textwrap.dedent(text)))
    return path


def load_error(tmpdir, text, roots=None):
    path = write(tmpdir, text)
    with pytest.raises(ConfigError) as info:
        TemplateSet.from_file(path, roots if roots is not None else {"primary": "/p"})
    error = info.value
    assert os.path.basename(str(error.path)) == "templates.yml"
    assert str(error).startswith("%s:%d: " % (error.path, error.line))
    return error


@pytest.mark.parametrize("text,line,entry,words", [
    (GOOD_KEYS + "  bad: {type: float}\n", 4, "keys.bad", "unknown key type"),
    (GOOD_KEYS + "  bad:\n    type: int\n    format_spec: abc\n", 6, "keys.bad", "format_spec"),
    (GOOD_KEYS + "  bad:\n    type: timestamp\n    format_spec: '%Q'\n", 6, "keys.bad",
     "format_spec"),
    (GOOD_KEYS + "  bad:\n    type: str\n    filter_by: '[a-'\n", 6, "keys.bad", "filter_by"),
    (GOOD_KEYS + "  bad:\n    type: str\n    colour: red\n", 6, "keys.bad", "colour"),
    (GOOD_KEYS + "  bad: str\n", 4, "keys.bad", "mapping"),
    (GOOD_KEYS + "  bad:\n    type: sequence\n    spelling: '%x'\n", 6, "keys.bad",
     "spelling must be one of %d, #, @, $F"),
    (GOOD_KEYS + "  bad:\n    type: str\n    choices: [a, b]\n    default: c\n", 7, "keys.bad",
     "default"),
    (GOOD_KEYS + "  bad:\n    type: str\n    choices: 3\n", 6, "keys.bad", "choices"),
    (GOOD_KEYS + "paths:\n  work: shots/{Shto}_v{version}.ma\n", 5, "paths.work",
     "undefined key {Shto}"),
    (GOOD_KEYS + "paths:\n  work: shots/[{Shot}_v{version}.ma\n", 5, "paths.work", "unbalanced"),
    (GOOD_KEYS + "paths:\n  work: shots/{Shot_v{version}.ma\n", 5, "paths.work", "unbalanced"),
    (GOOD_KEYS + "paths:\n  work: shots/{Shot}]\n", 5, "paths.work", "unbalanced"),
    (GOOD_KEYS + "paths:\n  work: shots/[_v]\n", 5, "paths.work", "no key"),
    (GOOD_KEYS + "paths:\n  work: [a, b]\n", 5, "paths.work", "definition string"),
    (GOOD_KEYS + "paths:\n  work: 12\n", 5, "paths.work", "definition string"),
    (GOOD_KEYS + "paths:\n  work:\n    definition: a/{Shot}\n    root_name: renders\n", 7,
     "paths.work", "unknown root_name 'renders'"),
    (GOOD_KEYS + "paths:\n  work:\n    root_name: primary\n", 5, "paths.work", "definition"),
    (GOOD_KEYS + "paths:\n  work:\n    definition: a/{Shot}\n    root: x\n", 7, "paths.work",
     "unknown option"),
    (GOOD_KEYS + "paths:\n  work: a/../{Shot}\n", 5, "paths.work", "'..'"),
    (GOOD_KEYS + "paths:\n  work: /abs/{Shot}\n", 5, "paths.work", "relative"),
    (GOOD_KEYS + "paths:\n  work: a/{Shot}\nstrings:\n  work: '{Shot}'\n", 7, "strings.work",
     "already used"),
    (GOOD_KEYS + "stuff: {}\n", 4, "stuff", "unknown section"),
    (GOOD_KEYS + "paths: [a]\n", 4, "paths", "mapping"),
])
def test_config_errors_name_file_line_and_entry(tmpdir, text, line, entry, words):
    error = load_error(tmpdir, text)
    assert error.line == line
    assert error.key == entry
    assert words in error.message


def test_a_single_mistake_is_a_plain_config_error(tmpdir):
    error = load_error(tmpdir, GOOD_KEYS + "paths:\n  work: shots/{Shto}\n  ok: a/{Shot}\n")
    assert not isinstance(error, ConfigErrors)
    assert error.line == 5


def test_every_independent_mistake_is_reported_at_once(tmpdir):
    path = write(tmpdir, """\
        keys:
          Shot: {type: str}
          frame: {type: float}
          version: {type: int, format_spec: "03"}
        paths:
          work: shots/{Shot}/{Shot}_v{version}.ma
          typo: shots/{Shto}/x.ma
          uses_bad_key: shots/{Shot}/{frame}.exr
          elsewhere:
            definition: a/{Shot}
            root_name: renders
        strings:
          label: "{Shot}_v{version}"
        """)
    with pytest.raises(ConfigError) as info:
        TemplateSet.from_file(path, {"primary": "/p"})
    error = info.value
    assert isinstance(error, ConfigErrors)
    found = [(os.path.basename(str(e.path)), e.line, e.key) for e in error.errors]
    # uses_bad_key is not reported: its only fault is the key already reported
    assert found == [("templates.yml", 3, "keys.frame"), ("templates.yml", 7, "paths.typo"),
                     ("templates.yml", 11, "paths.elsewhere")]
    assert "unknown key type" in error.errors[0].message
    assert "undefined key {Shto}" in error.errors[1].message
    assert "unknown root_name 'renders'" in error.errors[2].message
    # the message lists them all, one per line, each as file:line: entry: message
    lines = str(error).splitlines()
    assert len(lines) == 3
    assert lines[1].startswith("%s:7: paths.typo: " % path)


def test_several_mistakes_in_sections_and_keys(tmpdir):
    path = write(tmpdir, GOOD_KEYS + "  a: {type: str, colour: red}\n"
                 "  b: {type: int, format_spec: x}\nstuff: {}\nstrings: [a]\n")
    with pytest.raises(ConfigErrors) as info:
        TemplateSet.from_file(path, {"primary": "/p"})
    found = sorted((e.line, e.key) for e in info.value.errors)
    assert found == [(4, "keys.a"), (5, "keys.b"), (6, "stuff"), (7, "strings")]


def test_validate_project_lists_each_template_mistake(tmpdir):
    from toolkit.config import validate_project
    config = os.path.join(str(tmpdir), "config")
    os.makedirs(config)
    with io.open(os.path.join(config, "project.yml"), "w", encoding="utf-8") as handle:
        handle.write(u"name: show\nroots:\n  primary: .\n")
    with io.open(os.path.join(config, "templates.yml"), "w", encoding="utf-8") as handle:
        handle.write(six.text_type(GOOD_KEYS + "  bad: {type: float}\npaths:\n"
                                   "  a: x/{Shto}\n  b: '[{Shot}'\n"))
    errors = validate_project(str(tmpdir))
    assert [(os.path.basename(str(e.path)), e.line, e.key) for e in errors] == [
        ("templates.yml", 4, "keys.bad"), ("templates.yml", 6, "paths.a"),
        ("templates.yml", 7, "paths.b")]


def test_alias_clash_in_one_template(tmpdir):
    error = load_error(tmpdir, """\
        keys:
          a: {type: str, alias: ext}
          b: {type: str, alias: ext}
        paths:
          t: x/{a}.{b}
        """)
    assert error.line == 5 and "ext" in error.message


def test_roots_unbound_skip_root_check(tmpdir):
    path = write(tmpdir, GOOD_KEYS + "paths:\n  w:\n    definition: a/{Shot}\n    root_name: x\n")
    tset = TemplateSet.from_data(__import__("toolkit.config.yamlfile", fromlist=["x"])
                                 .load_yaml(path))
    assert tset["w"].root_name == "x" and tset["w"].root is None


def test_duplicate_key_in_yaml_is_reported(tmpdir):
    error = load_error(tmpdir, GOOD_KEYS + "paths:\n  w: a/{Shot}\n  w: b/{Shot}\n")
    assert error.line == 6


# -- the shipped default config -----------------------------------------------------

def _sample(key, index):
    if isinstance(key, SequenceKey):
        return 1001 + index
    if isinstance(key, TimestampKey):
        return datetime.datetime(2024, 1, 2, 3, 4, 5 + index)
    if isinstance(key, IntegerKey):
        return 3 + index
    if key.choices:
        return key.choices[index % len(key.choices)]
    if key.name == "HumanUser":
        return "jdoe"
    return "X%d" % (10 + index)


def test_shipped_config_loads_and_every_template_round_trips():
    root = os.path.join(os.sep, "mnt", "show")
    tset = TemplateSet.from_file(SHIPPED, {"primary": root})
    assert len(tset.paths) >= 40
    for name in ("maya_shot_work", "maya_shot_publish", "nuke_shot_render", "houdini_shot_cache",
                 "blender_asset_publish", "shot_root", "asset_root", "shot_step_root",
                 "houdini_shot_vdb_cache", "shot_usd_cache", "shot_review_movie",
                 "maya_shot_snapshot", "shot_publish_name"):
        assert name in tset
    for key in ("Sequence", "Shot", "Asset", "AssetType", "Step", "Task", "name", "version", "SEQ",
                "eye", "width", "height", "timestamp", "output", "maya_extension",
                "houdini_extension", "HumanUser"):
        assert key in tset.keys
    for template in tset:
        for index in range(3):
            fields = dict((f, _sample(k, index)) for f, k in template.keys.items())
            if index == 2:  # leave optional keys out
                fields = dict((f, fields[f]) for f in template._required)
            text = template.apply_fields(fields)
            read = template.get_fields(text)
            for field, value in fields.items():
                assert read[field] == value, (template.name, field, text)
            if template.name in tset.paths:
                assert text.startswith(root + os.sep)
                found = tset.template_from_path(text)
                assert found is not None
                assert found.get_fields(text) == read or found is template


def test_shipped_sandbox_and_eye_paths():
    tset = TemplateSet.from_file(SHIPPED, {"primary": "/mnt/show"})
    work = tset["maya_shot_work"]
    fields = {"Sequence": "SQ01", "Shot": "SH010", "Step": "anim", "version": 3}
    assert work.apply_fields(fields).replace(os.sep, "/") == \
        "/mnt/show/sequences/SQ01/SH010/anim/work/maya/SH010_main_v003.ma"
    sandbox = work.apply_fields(dict(fields, HumanUser="jdoe", Task="block"))
    assert sandbox.replace(os.sep, "/").endswith("anim/work/jdoe/maya/SH010_block_main_v003.ma")
    assert tset.template_from_path(sandbox) is work
