"""The folder-by-folder template scan reads exactly what find_files and get_fields read."""

import os

import pytest

from tests.workfiles.conftest import SHOT, touch, work_path
from toolkit.templates import TemplateSet
from toolkit.workfiles import scan_template


def both_ways(template, fields, open_fields):
    scanned = scan_template(template, fields, open_fields)
    known = dict((f, v) for f, v in fields.items() if f not in open_fields)
    expected = [(p, template.get_fields(p)) for p in template.find_files(known)]
    return scanned, expected


def test_the_scan_matches_find_files_on_a_work_area(project):
    for user, task, version in (("alice", "blocking", 1), ("bob", "blocking", 12),
                                (None, "blocking", 3), ("alice", "polish", 2)):
        touch(work_path(project, version, user, Task=task))
    touch(work_path(project, 4, "bob", extension="mb", name="cloth"))
    stray = os.path.dirname(work_path(project, 1, "bob"))
    touch(os.path.join(stray, "notes.txt"))              # matches no key
    touch(os.path.join(stray, "SH010_blocking_main_v1x.ma"))  # not a version
    template = project.templates["maya_shot_work"]
    fields = dict((k, SHOT[k]) for k in ("Sequence", "Shot", "Step", "Task"))
    scanned, expected = both_ways(template, fields, ("HumanUser",))
    assert scanned == expected and len(scanned) == 4
    assert scan_template(template, fields)[0][1]["version"] in (1, 3, 4, 12)


def _set(tmpdir, definition, keys):
    data = {"keys": keys, "paths": {"t": definition}}
    return TemplateSet.from_data(data, roots={"primary": str(tmpdir)})["t"]


def test_a_key_met_twice_must_read_the_same(tmpdir):
    template = _set(tmpdir, "{Shot}/{Shot}_v{version}.txt",
                    {"Shot": {"type": "str", "filter_by": "alphanumeric"},
                     "version": {"type": "int", "format_spec": "03"}})
    touch(str(tmpdir.join("SH010", "SH010_v001.txt")))
    touch(str(tmpdir.join("SH010", "SH020_v002.txt")))   # the folder says SH010
    scanned, expected = both_ways(template, {}, ())
    assert scanned == expected
    assert [fields for _, fields in scanned] == [{"Shot": "SH010", "version": 1}]


@pytest.mark.parametrize("pattern", ["(ab|cd)[a-d]*", "[^_]+"])
def test_custom_filters_with_groups_or_newlines(tmpdir, pattern):
    """Filters holding groups of their own, or able to match a newline, read right too."""
    template = _set(tmpdir, "out/{code}_{name}.txt",
                    {"code": {"type": "str", "filter_by": pattern},
                     "name": {"type": "str", "filter_by": "alphanumeric"}})
    for name in ("abcd_one.txt", "cdab_two.txt", "xy_three.txt", "ab_four.bin"):
        touch(str(tmpdir.join("out", name)))
    scanned, expected = both_ways(template, {}, ())
    assert scanned == expected
    codes = sorted(fields["code"] for _, fields in scanned)
    assert codes == (["abcd", "cdab"] if pattern.startswith("(") else ["abcd", "cdab", "xy"])
