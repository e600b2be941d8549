"""Property: reading back a path written from valid fields gives the same fields."""

import datetime
import os
import string

from hypothesis import given, settings, strategies as st

from toolkit.templates import TemplateSet

ROOT = os.path.join(os.sep, "mnt", "show")
TSET = TemplateSet.from_data({
    "keys": {
        "Sequence": {"type": "str", "filter_by": "alphanumeric"},
        "Shot": {"type": "str", "filter_by": "alphanumeric"},
        "Step": {"type": "str", "choices": ["anim", "comp", "fx"]},
        "Task": {"type": "str", "filter_by": "alpha"},
        "name": {"type": "str", "filter_by": "alphanumeric", "default": "main"},
        "label": {"type": "str"},
        "version": {"type": "int", "format_spec": "03"},
        "SEQ": {"type": "sequence", "format_spec": "04"},
        "eye": {"type": "str", "choices": ["left", "right"]},
        "timestamp": {"type": "timestamp"},
        "maya_extension": {"type": "str", "choices": ["ma", "mb"], "alias": "extension"},
    },
    "paths": {
        "work": "seq/{Sequence}/{Shot}/{Step}/work/{Shot}[_{Task}]_{name}_v{version}"
                ".{maya_extension}",
        "render": "seq/{Sequence}/{Shot}/{Step}/render/[{eye}/]{Shot}_{name}_v{version}"
                  "[_{eye}].{SEQ}.exr",
        "snapshot": "seq/{Shot}/snapshots/{label}/{Shot}_v{version}.{timestamp}.ma",
    },
}, {"primary": ROOT})

alnum = st.text(string.ascii_letters + string.digits, min_size=1, max_size=12)
# free text: anything but separators; "." allowed but never "..", never only "."
label = st.text(string.ascii_letters + string.digits + "_- .", min_size=1, max_size=12).filter(
    lambda s: ".." not in s and s != ".")
frame = st.one_of(st.integers(0, 10 ** 7), st.sampled_from(
    ["%04d", "%d", "####", "#", "@@@@", "@", "$F4", "$F"]))
stamp = st.datetimes(min_value=datetime.datetime(1900, 1, 1),
                     max_value=datetime.datetime(2999, 12, 31)).map(
    lambda d: d.replace(microsecond=0))


def optional(strategy):
    return st.one_of(st.none(), strategy)


work_fields = st.fixed_dictionaries({
    "Sequence": alnum, "Shot": alnum, "Step": st.sampled_from(["anim", "comp", "fx"]),
    "Task": optional(st.text(string.ascii_letters, min_size=1, max_size=8)),
    "name": alnum, "version": st.integers(0, 10 ** 6), "extension": st.sampled_from(["ma", "mb"]),
})
render_fields = st.fixed_dictionaries({
    "Sequence": alnum, "Shot": alnum, "Step": st.sampled_from(["anim", "comp", "fx"]),
    "name": alnum, "version": st.integers(0, 10 ** 6), "SEQ": frame,
    "eye": optional(st.sampled_from(["left", "right"])),
})
snapshot_fields = st.fixed_dictionaries({
    "Shot": alnum, "label": label, "version": st.integers(0, 5000), "timestamp": stamp,
})


def _round_trip(name, fields):
    fields = dict((k, v) for k, v in fields.items() if v is not None)
    template = TSET[name]
    path = template.apply_fields(fields)
    assert template.get_fields(path) == fields
    found, read = TSET.match_path(path)
    assert found is template and read == fields


@settings(max_examples=300, deadline=None)
@given(work_fields)
def test_work_round_trip(fields):
    _round_trip("work", fields)


@settings(max_examples=300, deadline=None)
@given(render_fields)
def test_render_round_trip(fields):
    _round_trip("render", fields)


@settings(max_examples=300, deadline=None)
@given(snapshot_fields)
def test_snapshot_round_trip(fields):
    _round_trip("snapshot", fields)
