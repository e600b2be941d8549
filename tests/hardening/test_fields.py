# -*- coding: utf-8 -*-
"""Field values typed by a person: integers, timestamps, frames, path components.

Regression class of issue #14: ``int()`` takes ``+3``, `` 3``, ``3_000`` and
Arabic-Indic digits, and fails with a traceback on ``3.0``, ``0x10`` or 5,000
digits; a component longer than a file name may be (255 bytes on ext4, XFS,
APFS, NTFS) was accepted until the OS failed.
"""

from __future__ import unicode_literals

import datetime
import os

import pytest

from toolkit.errors import FieldError
from toolkit.templates.keys import (MAX_COMPONENT_BYTES, IntegerKey, SequenceKey, StringKey,
                                    TimestampKey, check_component_text, check_pattern_cost)

from tests.hardening.conftest import assert_one_error_line

BAD_INTEGERS = ["abc", "", "3.0", "0x10", "+3", " 3", "3 ", "3_000", "\u0663", "\uff13",
                "-1", "9" * 5000, "1e3", "0b1", "3\n", "\u00b2"]


@pytest.mark.parametrize("text", BAD_INTEGERS)
def test_integer_text_is_refused_with_a_field_error(text):
    key = IntegerKey("version", format_spec="03")
    with pytest.raises(FieldError) as info:
        key.value_from_text(text, "t")
    assert "version" in str(info.value)
    with pytest.raises(FieldError):
        key.str_from_value(text, "t")


@pytest.mark.parametrize("text, value", [("3", 3), ("007", 7), ("0", 0), ("9" * 18, 10 ** 18 - 1)])
def test_integer_text_of_ascii_digits_is_read(text, value):
    assert IntegerKey("version").value_from_text(text) == value


def test_integer_values_past_eighteen_digits_are_refused():
    with pytest.raises(FieldError):
        IntegerKey("version").str_from_value(10 ** 18)


@pytest.mark.parametrize("strict", [True, False])
def test_integer_patterns_read_only_ascii_digits(strict):
    import re
    key = IntegerKey("version", format_spec="03", strict_matching=strict)
    assert re.match("(?:%s)\\Z" % key.pattern, "\u0663\u0663\u0663") is None
    assert re.match("(?:%s)\\Z" % key.pattern, "9" * 19) is None
    assert re.match("(?:%s)\\Z" % key.pattern, "007")


@pytest.mark.parametrize("text", ["12.5", "+1001", "\u0661\u0660\u0660\u0661", " 1001", "%q"])
def test_frame_text_is_refused(text):
    with pytest.raises(FieldError):
        SequenceKey("SEQ", format_spec="04").value_from_text(text)


@pytest.mark.parametrize("text, value", [("1001", 1001), ("%04d", "%04d"), ("####", "####"),
                                         ("FORMAT: $F", "FORMAT: $F")])
def test_frame_text_reads_frames_and_placeholders(text, value):
    assert SequenceKey("SEQ", format_spec="04").value_from_text(text) == value


@pytest.mark.parametrize("text", ["2024-1-5-3-4-5", "tomorrow", "", "2024-13-01-00-00-00",
                                  "\u0662024-01-05-03-04-05"])
def test_timestamp_text_must_be_written_exactly_as_the_format_writes(text):
    with pytest.raises(FieldError):
        TimestampKey("time").value_from_text(text)
    assert TimestampKey("time").value_from_text("2024-01-05-03-04-05") == "2024-01-05-03-04-05"
    assert TimestampKey("time").str_from_value(datetime.datetime(2024, 1, 5)) == "2024-01-05-00-00-00"


@pytest.mark.parametrize("text", ["a" * (MAX_COMPONENT_BYTES + 1), "\u00e9" * 128, "a\nb", "a\tb",
                                  "a\x7fb", "..", ".", "a/b", "a\\b", "", "x\x00"])
def test_a_string_value_that_cannot_be_one_path_component_is_refused(text):
    with pytest.raises(FieldError):
        StringKey("name").str_from_value(text)
    with pytest.raises(FieldError):
        check_component_text(text, "Shot code")


def test_a_string_value_of_exactly_255_bytes_is_accepted():
    assert StringKey("name").str_from_value("a" * 255) == "a" * 255
    assert StringKey("name").str_from_value("\u00e9" * 127) == "\u00e9" * 127


@pytest.mark.parametrize("pattern", ["(a+)+", "(a*)*b", "(a|aa)+", "([a-z]+_?)+", "(\\w+\\s?)*$",
                                     "(?:x+y*)+", "((ab)*c)*", "[a-z]*[a-z]*[a-z]*0",
                                     "\\w+\\w*\\w+$"])
def test_nested_quantifiers_in_filter_by_are_refused_at_load(pattern):
    with pytest.raises(ValueError) as info:
        check_pattern_cost(pattern)
    assert "exponential" in str(info.value)
    with pytest.raises(ValueError):
        StringKey("name", filter_by=pattern)


@pytest.mark.parametrize("pattern", ["[a-z]+", "[A-Z]{2}[0-9]{3}", "(?:SH|SQ)[0-9]+", "(ab){2}c+",
                                     "[a-z_]+(?:v[0-9]{3})?"])
def test_plain_filter_by_patterns_load(pattern):
    check_pattern_cost(pattern)
    StringKey("name", filter_by=pattern)


@pytest.mark.parametrize("choices", [["ok", ".."], ["ok", "a/b"], ["", "x"], ["a\nb"]])
def test_choices_that_could_never_be_written_are_refused(choices):
    with pytest.raises(ValueError):
        StringKey("Step", choices=choices)


@pytest.mark.parametrize("value", ["yes", "no", 1, 0, None])
def test_strict_matching_must_be_a_boolean(value):
    with pytest.raises(ValueError):
        IntegerKey("version", strict_matching=value)


@pytest.mark.parametrize("version", BAD_INTEGERS[:-1] + ["9" * 5000])
def test_resolve_with_a_bad_integer_is_one_error_line(project_dir, run_cli, version):
    code, out, err = run_cli("resolve", "--project", project_dir, "maya_shot_work",
                             "Sequence=SQ010", "Shot=SH010", "Step=anim", "name=main",
                             "maya_extension=ma", "version=" + version)
    assert_one_error_line(code, err)
    assert "version" in err
    assert out == ""


@pytest.mark.parametrize("call", [
    lambda t: t.match_path(5), lambda t: t.match_path(None), lambda t: t.templates_from_path(b"x" if str is not bytes else 5),
    lambda t: t.template_from_path(["a"]), lambda t: t["maya_shot_work"].apply_fields(["SH010"]),
    lambda t: t["maya_shot_work"].apply_fields("Shot=SH010"), lambda t: t["maya_shot_work"].get_fields(5),
    lambda t: t["maya_shot_work"].missing_keys(3),
])
def test_api_entry_points_name_the_argument_of_the_wrong_type(project_dir, call):
    from toolkit.config import load_project
    from toolkit.errors import ArgumentTypeError
    templates = load_project(project_dir).templates
    with pytest.raises(ArgumentTypeError) as info:
        call(templates)
    assert isinstance(info.value, TypeError)
    assert "must be" in str(info.value)


@pytest.mark.skipif(not hasattr(__import__("os"), "symlink"), reason="needs symlinks")
def test_a_path_through_a_symlink_and_dotdot_is_read_as_the_os_reads_it(project_dir, tmpdir,
                                                                         monkeypatch):
    import os
    from toolkit.config import load_project
    from toolkit.store import normalize_path
    templates = load_project(project_dir).templates
    work = os.path.join(project_dir, "sequences", "SQ010", "SH010", "anim", "work", "maya")
    os.makedirs(work)
    path = templates["maya_shot_work"].apply_fields({
        "Sequence": "SQ010", "Shot": "SH010", "Step": "anim", "name": "main", "version": 3,
        "maya_extension": "ma"})
    link = str(tmpdir.join("lnk"))
    os.symlink(os.path.join(project_dir, "sequences", "SQ010"), link)  # lnk/.. is sequences/
    through = os.path.join(link, "..", "SQ010", "SH010", "anim", "work", "maya",
                           os.path.basename(path))
    template, fields = templates.match_path(through)
    assert template is not None and template.name == "maya_shot_work"
    assert fields["version"] == 3
    monkeypatch.chdir(link)  # the same file, relative from inside the link
    relative = os.path.join("..", "SQ010", "SH010", "anim", "work", "maya", os.path.basename(path))
    assert templates.match_path(relative)[1] == fields
    assert normalize_path(through) == normalize_path(relative) == normalize_path(
        os.path.realpath(path))


def test_an_error_about_a_huge_path_is_one_line_of_bounded_length(project_dir, run_cli):
    path = os.path.join(project_dir, "sequences", *(["a"] * 30000)) + ".ma"
    code, out, err = run_cli("parse", "--project", project_dir, path)
    assert_one_error_line(code, err)
    assert len(err) < 2100 and "characters)" in err


@pytest.mark.parametrize("breaker", [u"\n", u"\r", u"\x0b", u"\x0c", u"\x1c", u"\x1d", u"\x1e",
                                     u"\x85", u"\u2028", u"\u2029"])
def test_an_error_line_never_breaks_in_two(breaker):
    from toolkit.cli import _one_line
    text = _one_line(Exception(u"no template matches a%sb" % breaker))
    assert len(text.splitlines()) == 1 and text.startswith(u"no template matches a")


@pytest.mark.parametrize("definition", ["x/{a}{b}{c}.ma", "x/{a}{b}[{c}].ma", "x/{a}{b}{version}.ma"])
def test_three_open_keys_in_a_row_are_refused_at_load(definition):
    from toolkit.errors import ConfigError
    from toolkit.templates import TemplateSet
    keys = {"a": {"type": "str"}, "b": {"type": "str"}, "c": {"type": "str"},
            "version": {"type": "int"}}
    with pytest.raises(ConfigError) as info:
        TemplateSet.from_data({"keys": keys, "paths": {"t": definition}}, roots={"primary": "/r"})
    assert "in a row" in str(info.value)


def test_keys_in_a_row_with_choices_or_text_between_load():
    from toolkit.templates import TemplateSet
    keys = {"a": {"type": "str"}, "b": {"type": "str"}, "eye": {"type": "str", "choices": ["l", "r"]},
            "c": {"type": "str"}}
    templates = TemplateSet.from_data({"keys": keys, "paths": {
        "t": "x/{a}{b}{eye}.ma", "u": "y/{a}_{b}_{c}.ma"}}, roots={"primary": "/r"})
    assert templates.match_path("/r/y/a_b_c.ma")[1] == {"a": "a", "b": "b", "c": "c"}


def test_a_path_with_a_component_no_file_system_allows_matches_nothing_at_once():
    from toolkit.templates import TemplateSet
    keys = dict((n, {"type": "str"}) for n in "abcd")
    templates = TemplateSet.from_data({"keys": keys, "paths": {"t": "x/{a}_{b}_{c}_{d}.ma"}},
                                      roots={"primary": "/r"})
    path = "/r/x/" + "a_" * 2000 + ".mb"   # n**4 steps were it read by the regex
    assert templates.match_path(path) == (None, None)
    assert templates.templates_from_path(path) == []
