import pytest

from toolkit.config.yamlfile import YamlList, YamlMap, load_yaml, load_yaml_text, location
from toolkit.errors import ConfigError


def test_maps_and_lists_remember_file_and_lines():
    data = load_yaml_text("a: 1\nb:\n  c: [1, 2]\n  d:\n    - x\n    - y\n", "f.yml")
    assert isinstance(data, YamlMap) and isinstance(data["b"]["d"], YamlList)
    assert data.source == "f.yml"
    assert data.key_line("b") == 2
    assert data["b"].key_line("d") == 4
    assert data["b"]["d"].item_line(1) == 6
    assert location(data["b"], "c") == ("f.yml", 3)


def test_duplicate_key_names_file_line_and_key():
    with pytest.raises(ConfigError) as info:
        load_yaml_text("a: 1\nb: 2\na: 3\n", "dup.yml")
    assert (info.value.path, info.value.line, info.value.key) == ("dup.yml", 3, "a")
    assert str(info.value).startswith("dup.yml:3: a:")


def test_merge_keys_may_be_overridden_without_a_duplicate_error():
    data = load_yaml_text("base: &b {x: 1, y: 2}\nchild:\n  <<: *b\n  y: 3\n")
    assert data["child"] == {"x": 1, "y": 3}


def test_syntax_error_names_file_and_line():
    with pytest.raises(ConfigError) as info:
        load_yaml_text("a: [1\nb: 2\n", "bad.yml")
    assert info.value.path == "bad.yml" and info.value.line == 2
    assert "YAML syntax error" in str(info.value)


def test_only_safe_loading():
    with pytest.raises(ConfigError):
        load_yaml_text("a: !!python/object/apply:os.system ['true']\n", "evil.yml")


def test_empty_and_missing_files(tmp_path):
    empty = tmp_path / "empty.yml"
    empty.write_text(u"")
    assert load_yaml(str(empty)) == {}
    with pytest.raises(ConfigError) as info:
        load_yaml(str(tmp_path / "nope.yml"))
    assert "nope.yml" in str(info.value)


def test_mappings_keep_the_order_of_the_file():
    keys = ["zeta", "alpha", "mid", "beta", "omega", "gamma", "delta", "kappa"]
    data = load_yaml_text("".join("%s: 1\n" % k for k in keys))
    assert list(data) == keys
