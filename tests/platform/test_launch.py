"""``reelkit launch --dry-run`` for every engine, and bootstrap inside the host."""

import os

import pytest

from toolkit.cli import main
from toolkit.context import Context
from toolkit.platform import current_engine
from toolkit.platform.errors import LaunchError
from toolkit.platform.launch import plan_launch
from toolkit.bootstrap import bootstrap_from_environment

from .conftest import REPO

ENGINES = ["shell", "maya", "nuke", "houdini", "blender"]
LAUNCHERS = "launchers:\n" + "".join(
    "  %s: {linux: %s, darwin: %s, windows: %s}\n" % (name, "{exe}", "{exe}", "{exe}")
    for name in ENGINES)


@pytest.fixture
def launch_project(make_project, tmpdir):
    exe = str(tmpdir.join("fakehost"))
    open(exe, "w").close()
    os.chmod(exe, 0o755)
    env = "engines:\n  shell: {}\n" + LAUNCHERS.replace("{exe}", exe)
    project = make_project(envs={"shot_step": env, "project": env, "asset_step": env})
    add_shot(project, "SH010")
    return project, Context.from_string("Shot SH010 comp", project=project), exe


def add_shot(project, code):
    """The CLI checks a context against the project's store: the shot must exist."""
    from toolkit.store import open_store
    with open_store(project) as store:
        store.create("Shot", {"code": code})


def startup(engine):
    return os.path.join(REPO, "engines", engine, "startup")


def path_list(value):
    return value.split(os.pathsep)


@pytest.mark.parametrize("engine", ENGINES)
def test_dry_run_environment_for_every_engine(launch_project, engine):
    project, context, exe = launch_project
    environ = {"PATH": "/usr/bin", "HOUDINI_PATH": "/studio/houdini", "PYTHONPATH": "/site"}
    plan = plan_launch(engine, context, project, environ=environ)
    assert plan.found and plan.argv[0] == exe and plan.declared
    env = plan.environ
    assert env["REELKIT_ENGINE"] == engine and env["REELKIT_PROJECT"] == project.config_dir
    assert Context.deserialize(env["REELKIT_CONTEXT"], project) == context
    # The caller's PYTHONPATH is another interpreter's: a host never inherits it.
    assert REPO in path_list(env["PYTHONPATH"]) and "/site" not in path_list(env["PYTHONPATH"])
    where = {
        "shell": lambda: startup("shell") in path_list(env["PYTHONPATH"]),
        "maya": lambda: startup("maya") in path_list(env.get("MAYA_SCRIPT_PATH", "")
                                                     + os.pathsep + env["PYTHONPATH"]),
        "nuke": lambda: startup("nuke") in path_list(env.get("NUKE_PATH", "")),
        "houdini": lambda: (startup("houdini") in path_list(env.get("HOUDINI_PATH", ""))
                            and path_list(env["HOUDINI_PATH"])[-1] == "&"
                            and "/studio/houdini" in path_list(env["HOUDINI_PATH"])),
        "blender": lambda: (startup("blender") in path_list(env.get("BLENDER_USER_SCRIPTS", ""))
                            or any(startup("blender") in a for a in plan.argv[1:])),
    }[engine]
    assert where(), plan.describe()


def test_cli_dry_run_prints_command_and_environment(launch_project, capsys):
    project, context, exe = launch_project
    code = main(["launch", "shell", "--context", "Shot SH010 comp", "--dry-run",
                 "--project", project.config_dir])
    out = capsys.readouterr().out
    assert code == 0
    assert "REELKIT_ENGINE=shell" in out and "REELKIT_CONTEXT=" in out
    assert "%s %s" % (exe, os.path.join(startup("shell"), "reelkit_shell.py")) in out


def test_missing_executable_is_a_clear_error(make_project, capsys):
    project = make_project(envs={"shot_step": "engines: {shell: {}}\nlaunchers:\n"
                                 "  shell: {linux: /no/such/python, darwin: /no/such/python,"
                                 " windows: /no/such/python}\n", "project": "engines: {}\n"})
    context = Context.from_string("Shot SH010", project=project)
    add_shot(project, "SH010")
    code = main(["launch", "shell", "--context", "Shot SH010", "--project",
                 project.config_dir])
    assert code == 1
    assert "executable /no/such/python not found" in capsys.readouterr().err
    with pytest.raises(LaunchError) as err:
        plan_launch("maya", context, project)
    assert "no launcher for engine 'maya'" in str(err.value)


def test_houdini_default_path_marker_stays_last():
    from toolkit.platform.launch import _prepend
    sep = os.pathsep
    assert _prepend(["/a", "&"], "/b" + sep + "&") == sep.join(["/a", "/b", "&"])
    assert _prepend(["/a"], "/a" + sep + "/c") == sep.join(["/a", "/c"])


def test_bootstrap_from_environment(launch_project):
    project, context, exe = launch_project
    plan = plan_launch("shell", context, project, environ={})
    engine = bootstrap_from_environment(plan.environ)
    assert current_engine() is engine and engine.name == "shell"
    assert engine.context == context and engine.project == project
    assert bootstrap_from_environment(plan.environ) is engine  # a second startup script


def test_bootstrap_names_missing_variables():
    from toolkit.errors import ReelkitError
    with pytest.raises(ReelkitError) as err:
        bootstrap_from_environment({"REELKIT_ENGINE": "shell"})
    assert "REELKIT_PROJECT, REELKIT_CONTEXT not set" in str(err.value)


def test_cli_run_and_apps(launch_project, capsys):
    project, context, exe = launch_project
    args = ["--context", "Shot SH010 comp", "--project", project.config_dir]
    assert main(["apps"] + args) == 0
    out = capsys.readouterr().out
    assert "environment: shot_step" in out and "engine:      shell" in out
    assert main(["run", "nothing"] + args) == 1
    assert "no command 'nothing'" in capsys.readouterr().err
    assert current_engine() is None
    # A context the store does not know fails before any engine starts.
    assert main(["apps", "--context", "Shot SH999", "--project", project.config_dir]) == 1
    assert "no Shot 'SH999' in the store" in capsys.readouterr().err
