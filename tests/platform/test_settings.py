"""Settings checked against the manifest schema: one error per problem, with its place."""

import pytest

from toolkit.context import Context
from toolkit.errors import ConfigError, ConfigErrors
from toolkit.platform import start_engine
from toolkit.platform.environment import check_environment, check_project

from .conftest import app_bundle


def env_with(app_settings):
    return {"shot_step": """
        engines:
          recorder:
            apps:
              demo:
                location: demo
                %s
        """ % app_settings}


def start(project):
    return start_engine("recorder", Context.from_string("Shot SH010 comp", project=project),
                        project)


@pytest.mark.parametrize("setting, words", [
    ("label: 12", "expected a string"),
    ("count: ten", "expected an integer"),
    ("count: true", "expected an integer"),
    ("enabled: 1", "expected true or false"),
    ("items: {a: 1}", "expected a list"),
    ("mapping: [1]", "expected a mapping"),
    ("work_template: no_such_template", "unknown template 'no_such_template'"),
    ("hook_scan: '{self}/missing.py'", "does not exist"),
    ("hook_scan: '/etc/passwd.py'", "must start with {self}, {config} or {engine}"),
    ("notes: ../outside.txt", "relative path inside the config folder"),
    ("notes: missing.txt", "does not exist"),
    ("colour: red", "unknown setting"),
])
def test_each_bad_setting_is_one_error_with_file_line_bundle_setting(make_project, setting,
                                                                     words):
    project = make_project(envs=env_with(setting))
    with pytest.raises(ConfigError) as err:
        start(project)
    error = err.value
    name = setting.split(":")[0]
    assert not isinstance(error, ConfigErrors)
    assert error.path.endswith("shot_step.yml") and error.line == 6
    assert error.key == "engines.recorder.apps.demo.%s" % name
    assert "bundle 'demo'" in str(error) and "setting %r" % name in str(error)
    assert words in str(error)
    assert str(error).startswith("%s:6: engines.recorder.apps.demo.%s: " % (error.path, name))


def test_good_settings_are_typed_and_defaults_filled(make_project):
    project = make_project(envs=env_with(
        "count: 3\n                items: [a]\n                work_template: maya_shot_work\n"
        "                notes: notes.txt\n                hook_scan: '{config}/scan.py'"),
        hooks={"scan.py": "from toolkit.platform import Hook\nclass S(Hook):\n    pass\n"})
    engine = start(project)
    app = engine.apps["demo"]
    assert app.get_setting("count") == 3 and app.get_setting("label") == "hello"
    assert app.get_setting("notes").endswith("notes.txt")
    assert app.get_template("work_template").name == "maya_shot_work"
    assert app.get_setting("enabled") is True and app.get_setting("mapping") == {}


def test_unsupported_engine_is_reported_at_the_app(make_project):
    project = make_project(envs=env_with(""), bundles={"demo": app_bundle("demo", "[maya]")})
    with pytest.raises(ConfigError) as err:
        start(project)
    assert "does not support engine 'recorder'" in str(err.value)
    assert err.value.line == 5 and err.value.key == "engines.recorder.apps.demo"


def test_unknown_bundle_and_engine_settings(make_project):
    project = make_project(envs={"shot_step": """
        engines:
          recorder:
            menu_name: 3
            apps:
              ghost: {location: ghost}
        """})
    problems = check_environment(project, "shot_step")
    text = "\n".join(str(p) for p in problems)
    assert len(problems) == 2
    assert "shot_step.yml:3: engines.recorder.menu_name: bundle 'recorder'" in text
    assert "shot_step.yml:5: engines.recorder.apps.ghost: no bundle called 'ghost'" in text
    with pytest.raises(ConfigError) as err:
        start(project)
    # The engine's own bad setting stops it; the missing app alone would not.
    assert not isinstance(err.value, ConfigErrors) and err.value.key == "engines.recorder.menu_name"


def test_missing_engine_in_environment(make_project):
    project = make_project(envs={"shot_step": "engines:\n  shell: {}\n"})
    with pytest.raises(ConfigError) as err:
        start(project)
    assert "has no engine 'recorder'" in str(err.value)


def test_referenced_blocks_report_the_file_they_were_written_in(make_project):
    project = make_project(envs={
        "shot_step": """
            include: includes/apps.yml
            engines:
              recorder:
                apps: "@_apps"
            """,
        "includes/apps": """
            _apps:
              demo:
                location: demo
                count: many
            """})
    problems = check_project(project)
    assert len(problems) == 1
    assert problems[0].path.endswith("apps.yml") and problems[0].line == 4
