import pytest

from toolkit.config.includes import MergedMap, load_config_file, merge, where
from toolkit.config.yamlfile import load_yaml_text
from toolkit.errors import ConfigError
from tests.core.files import write


def test_include_merges_deeply_and_the_including_file_wins(tmpdir):
    write(tmpdir, "common.yml", "engines:\n  maya: {location: a, apps: {loader: 1}}\ncolour: red\n")
    main = write(tmpdir, "main.yml",
                 "include: common.yml\nengines:\n  maya: {apps: {publisher: 2}}\ncolour: blue\n")
    data = load_config_file(main)
    assert data == {"engines": {"maya": {"location": "a", "apps": {"loader": 1, "publisher": 2}}},
                    "colour": "blue"}
    assert "include" not in data


def test_later_includes_win_over_earlier_ones(tmpdir):
    write(tmpdir, "a.yml", "x: 1\ny: 1\n")
    write(tmpdir, "b.yml", "x: 2\n")
    main = write(tmpdir, "main.yml", "include: [a.yml, b.yml]\n")
    assert load_config_file(main) == {"x": 2, "y": 1}


def test_nested_includes_are_relative_to_the_including_file(tmpdir):
    write(tmpdir, "env/includes/base.yml", "include: ../../shared/leaf.yml\nmid: 1\n")
    write(tmpdir, "shared/leaf.yml", "leaf: 1\n")
    main = write(tmpdir, "env/shot.yml", "include:\n  - includes/base.yml\ntop: 1\n")
    assert load_config_file(main) == {"leaf": 1, "mid": 1, "top": 1}


def test_include_expands_config_token_and_environment(tmpdir, monkeypatch):
    write(tmpdir, "config/project.yml", "name: demo\n")
    write(tmpdir, "config/env/includes/a.yml", "a: 1\n")
    write(tmpdir, "config/elsewhere/b.yml", "b: 2\n")
    monkeypatch.setenv("REELKIT_TEST_SUB", "elsewhere")
    main = write(tmpdir, "config/env/shot.yml",
                 "include: ['{config}/env/includes/a.yml', '{config}/${REELKIT_TEST_SUB}/b.yml']\n")
    assert load_config_file(main) == {"a": 1, "b": 2}


def test_missing_include_names_including_file_line_and_path(tmpdir):
    main = write(tmpdir, "main.yml", "x: 1\ninclude:\n  - there.yml\n  - nowhere.yml\n")
    write(tmpdir, "there.yml", "y: 1\n")
    with pytest.raises(ConfigError) as info:
        load_config_file(main)
    err = info.value
    assert (err.path, err.line, err.key) == (main, 4, "include")
    assert "nowhere.yml" in err.message
    assert str(err).startswith("%s:4: include:" % main)


def test_unset_variable_in_include_is_an_error(tmpdir, monkeypatch):
    monkeypatch.delenv("REELKIT_SURELY_UNSET", raising=False)
    main = write(tmpdir, "main.yml", "include: $REELKIT_SURELY_UNSET/a.yml\n")
    with pytest.raises(ConfigError) as info:
        load_config_file(main)
    assert info.value.line == 1 and "REELKIT_SURELY_UNSET" in info.value.message


def test_include_cycle_names_the_chain(tmpdir):
    a = write(tmpdir, "a.yml", "include: b.yml\n")
    b = write(tmpdir, "b.yml", "x: 1\ninclude: c.yml\n")
    c = write(tmpdir, "c.yml", "include: a.yml\n")
    with pytest.raises(ConfigError) as info:
        load_config_file(a)
    err = info.value
    assert (err.path, err.line) == (c, 1)
    assert "%s -> %s -> %s -> %s" % (a, b, c, a) in err.message


def test_include_of_a_non_mapping_is_an_error(tmpdir):
    write(tmpdir, "list.yml", "- 1\n- 2\n")
    main = write(tmpdir, "main.yml", "include: list.yml\n")
    with pytest.raises(ConfigError) as info:
        load_config_file(main)
    assert info.value.path.endswith("list.yml") and "mapping" in info.value.message


def test_bad_include_value(tmpdir):
    main = write(tmpdir, "main.yml", "a: 1\ninclude: {x: 1}\n")
    with pytest.raises(ConfigError) as info:
        load_config_file(main)
    assert (info.value.line, info.value.key) == (2, "include")


def test_values_remember_the_file_they_came_from(tmpdir):
    common = write(tmpdir, "common.yml", "\nshared:\n  depth: 3\nonly_here: 1\n")
    main = write(tmpdir, "main.yml", "include: common.yml\nshared:\n  width: 2\n")
    data = load_config_file(main)
    assert isinstance(data, MergedMap)
    assert where(data, "only_here") == (common, 4)
    assert where(data, "shared") == (main, 2)
    assert where(data["shared"], "depth") == (common, 3)
    assert where(data["shared"], "width") == (main, 3)


def test_references_are_replaced_by_top_level_blocks(tmpdir):
    main = write(tmpdir, "main.yml",
                 "_loader: {actions: [a, b]}\n"
                 "frameworks:\n  qt: {version: 2}\n"
                 "apps:\n  loader: '@_loader'\n  qt: '@frameworks.qt'\n  first: '@_loader.actions.0'\n"
                 "  email: '@@not_a_ref'\n  text: 'mail @x'\n")
    data = load_config_file(main)
    assert data["apps"]["loader"] == {"actions": ["a", "b"]}
    assert data["apps"]["qt"] == {"version": 2}
    assert data["apps"]["first"] == "a"
    assert data["apps"]["email"] == "@not_a_ref"
    assert data["apps"]["text"] == "mail @x"
    # The referenced block keeps pointing at where it was written.
    assert where(data["apps"]["loader"], "actions") == (main, 1)
    # Each use is its own copy.
    data["apps"]["loader"]["actions"].append("c")
    assert data["_loader"]["actions"] == ["a", "b"]


def test_references_resolve_across_includes(tmpdir):
    write(tmpdir, "shared.yml", "_settings: {depth: 3}\n")
    main = write(tmpdir, "main.yml", "include: shared.yml\napp: {settings: '@_settings'}\n")
    assert load_config_file(main)["app"]["settings"] == {"depth": 3}


def test_unknown_reference_names_file_line_and_key(tmpdir):
    main = write(tmpdir, "main.yml", "frameworks: {qt: 1}\napps:\n  loader:\n    fw: '@frameworks.gt'\n")
    with pytest.raises(ConfigError) as info:
        load_config_file(main)
    err = info.value
    assert (err.path, err.line, err.key) == (main, 4, "apps.loader.fw")
    assert "@frameworks.gt" in err.message and "qt" in err.message


def test_reference_cycle(tmpdir):
    main = write(tmpdir, "main.yml", "a: {x: '@b'}\nb: {y: '@a'}\n")
    with pytest.raises(ConfigError) as info:
        load_config_file(main)
    assert "reference cycle" in info.value.message


def test_merge_does_not_change_its_arguments():
    base = load_yaml_text("a: {x: 1}\n", "base.yml")
    over = load_yaml_text("a: {y: 2}\n", "over.yml")
    result = merge(base, over)
    assert result == {"a": {"x": 1, "y": 2}}
    assert base == {"a": {"x": 1}} and over == {"a": {"y": 2}}
