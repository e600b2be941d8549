"""The parsed-YAML cache gives back exactly what the parser gives, or nothing."""

import os
import subprocess
import sys

import pytest

from toolkit.config import yamlcache, yamlfile
from toolkit.config.yamlfile import load_yaml

TEXT = u"""\
name: show
count: 3
ratio: 1.5
on: true
nothing: null
7: seven
items:
  - plain
  - {nested: [1, 2]}
text: "caf\\u00e9"
"""


@pytest.fixture
def cache(tmpdir, monkeypatch):
    folder = str(tmpdir.join("cache"))
    monkeypatch.setenv("REELKIT_CACHE", folder)
    return folder


@pytest.fixture
def parses(monkeypatch):
    """Count real parses (cache misses)."""
    calls = []
    real = yamlfile.load_yaml_text

    def counting(text, source="<string>"):
        calls.append(source)
        return real(text, source)
    monkeypatch.setattr(yamlfile, "load_yaml_text", counting)
    return calls


def _write(tmpdir, name, text):
    path = tmpdir.join(name)
    path.write_binary(text.encode("utf-8"))
    return str(path)


def _shape(value):
    """Values, their types and every line the loader recorded."""
    if isinstance(value, dict):
        return ("map", value.line, sorted((repr(k), type(k).__name__, value.key_line(k),
                                           _shape(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("seq", value.line, list(value.item_lines), [_shape(v) for v in value])
    return (type(value).__name__, value)


def test_second_load_comes_from_the_cache_and_is_identical(tmpdir, cache, parses):
    path = _write(tmpdir, "a.yml", TEXT)
    first = load_yaml(path)
    second = load_yaml(path)
    assert parses == [path]  # parsed once
    assert _shape(second) == _shape(first)
    assert second.source == path and second["items"].source == path
    assert yamlfile.location(second["items"][1]["nested"]) == (path, 9)


def test_the_same_content_elsewhere_names_its_own_file(tmpdir, cache, parses):
    one = load_yaml(_write(tmpdir, "one.yml", TEXT))
    other_path = _write(tmpdir, "other.yml", TEXT)
    other = load_yaml(other_path)
    assert len(parses) == 1 and other.source == other_path and one.source != other_path


def test_changed_content_is_parsed_again(tmpdir, cache, parses):
    path = _write(tmpdir, "a.yml", TEXT)
    load_yaml(path)
    _write(tmpdir, "a.yml", TEXT.replace("count: 3", "count: 4"))
    assert load_yaml(path)["count"] == 4 and len(parses) == 2


def test_data_json_cannot_hold_is_never_cached(tmpdir, cache, parses):
    path = _write(tmpdir, "a.yml", u"when: 2026-11-24\n")
    assert load_yaml(path)["when"].year == 2026
    assert load_yaml(path)["when"].year == 2026
    assert len(parses) == 2


def test_a_corrupt_entry_is_ignored(tmpdir, cache, parses):
    path = _write(tmpdir, "a.yml", TEXT)
    load_yaml(path)
    entry = yamlcache._entry(TEXT.encode("utf-8"))
    with open(entry, "w") as handle:
        handle.write("{not json")
    assert load_yaml(path)["count"] == 3 and len(parses) == 2


def test_empty_setting_turns_the_cache_off(tmpdir, monkeypatch, parses):
    monkeypatch.setenv("REELKIT_CACHE", "")
    path = _write(tmpdir, "a.yml", TEXT)
    load_yaml(path)
    load_yaml(path)
    assert len(parses) == 2 and yamlcache.cache_dir() is None


def test_an_engine_start_needs_no_pyyaml_once_the_config_was_seen(cache):
    config = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))), "config")
    script = (
        "import sys\n"
        "from toolkit.config import load_project\n"
        "project = load_project(%r)\n"
        "project.templates, dict(project.environments)\n"
        "print('yaml' in sys.modules)\n" % config)
    env = dict(os.environ, REELKIT_CACHE=cache)
    first = subprocess.check_output([sys.executable, "-c", script], env=env).decode().strip()
    second = subprocess.check_output([sys.executable, "-c", script], env=env).decode().strip()
    assert (first, second) == ("True", "False")
