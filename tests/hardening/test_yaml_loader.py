"""The config loader on hostile YAML: alias bombs, deep nesting, forged cache entries.

Each must end at once in one ConfigError naming the file, never hang, crash
the interpreter (libyaml before 0.2.6 segfaults on deep nesting) or be trusted
from the cache more than the YAML itself.
"""

import io
import json
import os
import subprocess
import sys
import time

import pytest

from toolkit.config import yamlcache
from toolkit.config.yamlfile import (MAX_DEPTH, MAX_EXPANDED_NODES, load_yaml,
                                     load_yaml_text)
from toolkit.errors import ConfigError

BILLION_LAUGHS = u"""\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""

HOSTILE = [
    ("alias bomb", BILLION_LAUGHS, "alias"),
    ("alias bomb in mappings", u"a: &a {x: 1, y: 1, z: 1, w: 1}\n" + u"".join(
        u"k%d: &k%d {a: *%s, b: *%s, c: *%s, d: *%s}\n" % ((i, i) + (("a" if i == 0 else "k%d" % (i - 1)),) * 4)
        for i in range(12)), "alias"),
    ("recursive alias", u"a: &a [1, *a]\n", "contain itself"),
    ("deep flow nesting", u"[" * 100000 + u"]" * 100000, "nested"),
    ("deep block nesting", u"- " * 100000 + u"x\n", "nested"),
    ("deep flow mappings", u"{a: " * 50000 + u"}" * 50000, "nested"),
    ("unclosed brackets", u"x: " + u"[" * 5000, "nested"),
]


@pytest.mark.parametrize("label, text, words", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_yaml_is_one_config_error_at_once(label, text, words):
    started = time.time()
    with pytest.raises(ConfigError) as info:
        load_yaml_text(text, source="hostile.yml")
    assert str(info.value).startswith("hostile.yml")
    assert words in str(info.value)
    assert time.time() - started < 10  # generous: a bomb would take hours


@pytest.mark.parametrize("label, text, words", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_yaml_in_a_subprocess_never_crashes_the_interpreter(label, text, words, tmpdir):
    # libyaml < 0.2.6 dies of a segmentation fault on deep nesting: only a
    # separate interpreter can show that the check runs before the parser.
    path = str(tmpdir.join("hostile.yml"))
    with io.open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    code = ("import sys\nfrom toolkit.config.yamlfile import load_yaml\nfrom toolkit.errors "
            "import ConfigError\ntry:\n    load_yaml(sys.argv[1])\nexcept ConfigError:\n"
            "    sys.exit(3)\n")
    env = dict(os.environ, REELKIT_CACHE="")
    assert subprocess.call([sys.executable, "-c", code, path], env=env) == 3


def test_shared_anchors_within_the_bound_still_load():
    text = u"base: &base {a: 1, b: [1, 2, 3]}\n" + u"".join(
        u"s%d: {<<: *base, c: %d}\n" % (i, i) for i in range(200))
    data = load_yaml_text(text)
    assert data["s199"]["b"] == [1, 2, 3] and data["s199"]["c"] == 199


def test_nesting_below_the_bound_loads():
    depth = MAX_DEPTH // 2
    data = load_yaml_text(u"[" * depth + u"1" + u"]" * depth)
    for _ in range(depth):
        data = data[0]
    assert data == 1


def test_the_bounds_are_generous_for_real_configs():
    assert MAX_EXPANDED_NODES >= 100000 and MAX_DEPTH >= 100


def _imported_modules(module):
    """Every module ``module``'s source imports (at any level), by absolute name."""
    import ast
    import importlib
    path = importlib.import_module(module).__file__.replace(".pyc", ".py")
    with io.open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update("%s.%s" % (node.module, alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("first, second", [
    ("toolkit.config.yamlcache", "toolkit.config.yamlfile"),
    ("toolkit.demo", "toolkit.cli.project_commands"),
])
def test_no_import_circle(first, second):
    assert not (second in _imported_modules(first) and first in _imported_modules(second))


# -- the parsed-YAML cache is never trusted more than the YAML ----------------

@pytest.fixture
def cache(tmpdir, monkeypatch):
    folder = str(tmpdir.join("cache"))
    monkeypatch.setenv("REELKIT_CACHE", folder)
    return folder


def _forge(raw, payload):
    entry = yamlcache._entry(raw)
    if not os.path.isdir(os.path.dirname(entry)):
        os.makedirs(os.path.dirname(entry))
    with io.open(entry, "w", encoding="utf-8") as handle:
        handle.write(payload if isinstance(payload, type(u"")) else json.dumps(payload).decode("ascii")
                     if sys.version_info[0] == 2 else json.dumps(payload))
    return entry


def _nested(depth):
    value = {"m": [], "l": 1, "k": []}
    for _ in range(depth):
        value = {"m": [["x", value]], "l": 1, "k": [1]}
    return value


@pytest.mark.parametrize("label", ["deeply nested JSON", "another file's data", "keys and lines differ",
                                   "truncated", "a bare list", "bad line numbers", "too deep"])
def test_a_forged_or_broken_cache_entry_is_ignored_and_rebuilt(cache, tmpdir, label):
    raw = b"name: show\n"
    path = str(tmpdir.join("project.yml"))
    with open(path, "wb") as handle:
        handle.write(raw)
    source = yamlcache._source(raw)
    payload = {
        "deeply nested JSON": u"[" * 100000 + u"]" * 100000,
        "another file's data": {"source": u"name: evil\n", "data": {"m": [["name", "evil"]], "l": 1,
                                                            "k": [1]}},
        "keys and lines differ": {"source": source, "data": {"m": [["name", "evil"], ["x", 1]],
                                                        "l": 1, "k": [1]}},
        "truncated": u'{"source": "',
        "a bare list": {"source": source, "data": [1, 2]},
        "bad line numbers": {"source": source, "data": {"m": [["name", "evil"]], "l": "one", "k": [1]}},
        "too deep": {"source": source, "data": _nested(300)},
    }[label]
    entry = _forge(raw, payload)
    data = load_yaml(path)
    assert data == {"name": "show"}
    with io.open(entry, encoding="utf-8") as handle:  # rebuilt from the YAML
        assert json.load(handle)["data"]["m"] == [["name", "show"]]
