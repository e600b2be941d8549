import os

import pytest

from toolkit.config import (ProjectConfig, find_project, load_project, project_from_environment,
                            validate_project)
from toolkit.config import project as project_module
from toolkit.errors import ConfigError, ConfigErrors
from tests.core.files import write

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def make_project(tmpdir, text="name: show\nroots:\n  primary: .\n"):
    write(tmpdir, "config/project.yml", text)
    return str(tmpdir)


def test_default_project_config_loads():
    project = load_project(REPO)
    assert project.name == "demo"
    assert project.root == REPO
    assert project.config_dir == os.path.join(REPO, "config")
    assert project.roots == {"primary": REPO}
    assert project.store_settings == {
        "backend": "sqlite", "path": os.path.join(REPO, ".reelkit", "reelkit.sqlite")}
    assert project.hooks_dir == os.path.join(REPO, "config", "hooks")
    assert project.schema_dir == os.path.join(REPO, "config", "schema")
    assert project.settings["name"] == "demo"


def test_project_folder_config_folder_and_file_all_load_the_same(tmpdir):
    root = make_project(tmpdir)
    config = os.path.join(root, "config")
    projects = [load_project(root), load_project(config),
                load_project(os.path.join(config, "project.yml"))]
    assert projects[0] == projects[1] == projects[2]
    assert not (projects[0] != projects[1])
    assert len(set(projects)) == 1
    assert projects[0].root == root


def test_not_a_project(tmpdir):
    with pytest.raises(ConfigError) as info:
        load_project(str(tmpdir))
    assert "project.yml" in str(info.value)


def test_relative_and_absolute_roots_and_variables(tmpdir, monkeypatch):
    monkeypatch.setenv("REELKIT_TEST_SHOW", "/mnt/shows/x")
    root = make_project(tmpdir, "name: show\nroots:\n  primary: .\n  data: ../data\n"
                                "  renders: $REELKIT_TEST_SHOW/renders\n"
                                "  cache: '${REELKIT_TEST_SHOW}_cache'\n")
    roots = load_project(root).roots
    assert roots == {"primary": root,
                     "data": os.path.normpath(os.path.join(root, "..", "data")),
                     "renders": "/mnt/shows/x/renders",
                     "cache": "/mnt/shows/x_cache"}


def test_per_os_roots(tmpdir, monkeypatch):
    root = make_project(tmpdir, "name: show\nroots:\n  primary:\n    linux: /mnt/show\n"
                                "    darwin: /Volumes/show\n    windows: 'S:\\show'\n")
    monkeypatch.setattr(project_module, "current_os", lambda: "darwin")
    assert load_project(root).roots["primary"] == "/Volumes/show"
    monkeypatch.setattr(project_module, "current_os", lambda: "linux")
    assert load_project(root).roots["primary"] == "/mnt/show"


def test_missing_os_entry_is_an_error(tmpdir, monkeypatch):
    root = make_project(tmpdir, "name: show\nroots:\n  primary:\n    darwin: /Volumes/show\n")
    monkeypatch.setattr(project_module, "current_os", lambda: "linux")
    with pytest.raises(ConfigError) as info:
        load_project(root)
    err = info.value
    assert (err.line, err.key) == (3, "roots.primary") and "linux" in err.message
    assert err.path.endswith(os.path.join("config", "project.yml"))


def test_misspelt_os_gets_a_suggestion(tmpdir):
    root = make_project(tmpdir, "name: show\nroots:\n  primary:\n    linux: /a\n    darwn: /b\n")
    with pytest.raises(ConfigError) as info:
        load_project(root)
    assert info.value.line == 5 and "did you mean 'darwin'" in info.value.message


def test_unset_variable_in_root(tmpdir, monkeypatch):
    monkeypatch.delenv("REELKIT_SURELY_UNSET", raising=False)
    root = make_project(tmpdir, "name: show\nroots:\n  primary: $REELKIT_SURELY_UNSET/x\n")
    with pytest.raises(ConfigError) as info:
        load_project(root)
    assert (info.value.line, info.value.key) == (3, "roots.primary")


def test_unknown_key_names_file_line_and_suggests(tmpdir):
    root = make_project(tmpdir, "name: show\nroots: {primary: .}\nstroe: {backend: sqlite}\n"
                                "_shared: {ok: 1}\n")
    with pytest.raises(ConfigError) as info:
        load_project(root)
    err = info.value
    assert (err.line, err.key) == (3, "stroe")
    assert "did you mean 'store'?" in err.message
    assert str(err).startswith(os.path.join(root, "config", "project.yml") + ":3: stroe:")


def test_missing_name_and_roots_are_both_reported(tmpdir):
    root = make_project(tmpdir, "description: nothing else\n")
    with pytest.raises(ConfigErrors) as info:
        load_project(root)
    keys = sorted(e.key for e in info.value.errors)
    assert keys == ["name", "roots"]
    assert all(e.line == 1 for e in info.value.errors)


def test_store_defaults_and_relative_path(tmpdir):
    root = make_project(tmpdir, "name: show\nroots: {primary: .}\nstore: {path: db/show.sqlite}\n")
    assert load_project(root).store_settings == {
        "backend": "sqlite", "path": os.path.join(root, "db", "show.sqlite")}


def test_postgres_settings_pass_through(tmpdir):
    root = make_project(tmpdir, "name: show\nroots: {primary: .}\nstore:\n  backend: postgres\n"
                                "  host: db\n  port: 5432\n  dbname: show\n  user: rk\n"
                                "  password_env: REELKIT_PG_PASSWORD\n")
    assert load_project(root).store_settings == {
        "backend": "postgres", "host": "db", "port": 5432, "dbname": "show", "user": "rk",
        "password_env": "REELKIT_PG_PASSWORD"}


def test_password_in_the_file_is_refused(tmpdir):
    root = make_project(tmpdir, "name: show\nroots: {primary: .}\nstore:\n  backend: postgres\n"
                                "  password: hunter2\n")
    with pytest.raises(ConfigError) as info:
        load_project(root)
    assert (info.value.line, info.value.key) == (5, "store.password")
    assert "password_env" in info.value.message and "hunter2" not in str(info.value)


def test_project_yml_may_include_shared_settings(tmpdir):
    write(tmpdir, "studio/store.yml", "store: {backend: postgres, host: db}\n")
    root = make_project(tmpdir, "include: ../studio/store.yml\nname: show\nroots: {primary: .}\n")
    assert load_project(root).store_settings == {"backend": "postgres", "host": "db"}


def test_find_project_walks_up(tmpdir):
    root = make_project(tmpdir)
    deep = os.path.join(root, "sequences", "SQ01", "SH010")
    os.makedirs(deep)
    assert find_project(deep) == root
    assert find_project(os.path.join(deep, "file_not_written_yet.ma")) == root
    assert find_project(os.path.join(root, "config")) == root
    assert find_project(os.path.dirname(root)) is None


def test_project_from_environment(tmpdir):
    root = make_project(tmpdir)
    assert project_from_environment({"REELKIT_PROJECT": root}).name == "show"
    with pytest.raises(ConfigError) as info:
        project_from_environment({})
    assert "REELKIT_PROJECT" in str(info.value)


def test_environments_load_lazily_with_includes(tmpdir):
    root = make_project(tmpdir)
    write(tmpdir, "config/env/includes/apps.yml", "_loader: {actions: [reference]}\n")
    write(tmpdir, "config/env/shot_step.yml",
          "include: '{config}/env/includes/apps.yml'\nengines:\n  maya:\n    apps:\n"
          "      loader: '@_loader'\n")
    write(tmpdir, "config/env/project.yml", "engines: {}\n")
    write(tmpdir, "config/env/_shared.yml", "x: 1\n")
    project = load_project(root)
    assert project._environments is None
    envs = project.environments
    assert sorted(envs) == ["project", "shot_step"]
    assert envs["shot_step"]["engines"]["maya"]["apps"]["loader"] == {"actions": ["reference"]}


def test_environment_syntax_error_names_file_and_line(tmpdir):
    root = make_project(tmpdir)
    bad = write(tmpdir, "config/env/shot.yml", "engines:\n  maya: [1\n  nuke: 2\n")
    with pytest.raises(ConfigError) as info:
        load_project(root).environments
    assert info.value.path == bad and info.value.line == 3


def test_validate_project_collects_every_problem(tmpdir):
    root = make_project(tmpdir, "roots: {primary: .}\ncolour: red\n")
    bad_env = write(tmpdir, "config/env/shot.yml", "engines: [1\n")
    bad_ref = write(tmpdir, "config/env/asset.yml", "apps: {loader: '@_nothing'}\n")
    write(tmpdir, "config/templates.yml",
          "keys:\n  Shot: {type: str}\npaths:\n  shot_root: shots/{Shto}\n")
    errors = validate_project(root)
    found = sorted((os.path.basename(e.path), e.line, e.key) for e in errors)
    assert found == [("asset.yml", 1, "apps.loader"), ("project.yml", 1, "name"),
                     ("project.yml", 2, "colour"), ("shot.yml", 2, None),
                     ("templates.yml", 4, "paths.shot_root")]
    assert all(isinstance(e, ConfigError) for e in errors)
    assert bad_env and bad_ref


def test_validate_project_reports_template_errors(tmpdir):
    root = make_project(tmpdir)
    write(tmpdir, "config/templates.yml", "paths:\n  broken: 12: [\n")
    errors = validate_project(root)
    assert len(errors) == 1
    assert errors[0].path.endswith("templates.yml")


def test_validate_project_on_a_missing_project(tmpdir):
    errors = validate_project(str(tmpdir))
    assert len(errors) == 1 and "project.yml" in str(errors[0])


def test_validate_default_project_is_clean():
    assert validate_project(REPO) == []


def test_repr_names_the_project(tmpdir):
    project = load_project(make_project(tmpdir))
    assert isinstance(project, ProjectConfig)
    assert "show" in repr(project)


def test_publish_settings_are_checked_when_the_project_loads(tmpdir):
    write(tmpdir, "config/project.yml",
          "name: show\nroots: {primary: .}\npublish:\n  flush: maybe\n  readonly: true\n")
    errors = validate_project(str(tmpdir))
    text = "\n".join(str(e) for e in errors)
    assert "project.yml:4: publish.flush: must be true or false" in text
    assert "project.yml:5: publish.readonly: unknown publish setting" in text
