"""``reelkit launch``: which executable, the clean environment, host arguments,
``--wait``/``--explain``, a log per launch and one failure line naming it."""

import io
import os
import re
import sys

import pytest

from toolkit.cli import main
from toolkit.config import load_project
from toolkit.context import Context
from toolkit.platform import launch as launching
from toolkit.platform.errors import LaunchError

from .conftest import REPO, write_executable


def set_launchers(project, text):
    """Replace the default config's ``launchers:`` block by ``text``; reload."""
    path = os.path.join(project.config_dir, "env", "includes", "common.yml")
    with io.open(path, encoding="utf-8") as handle:
        config = handle.read()
    start = config.index(u"\nlaunchers:") + 1
    end = re.search(u"^[^\\s#]", config[start + 1:], re.M)  # the next top-level key
    end = start + 1 + end.start() if end else len(config)
    config = config[:start] + text + config[end:]
    with io.open(path, "w", encoding="utf-8") as handle:
        handle.write(config)
    return load_project(project.root)


def shot_context(project):
    from toolkit.store import open_store
    with open_store(project) as store:
        return Context.from_string("Shot SQ010/SH010 comp", project=project, store=store)


@pytest.fixture
def hosts(tmpdir):
    """Two installed versions of a host (real executables) and the project using them."""
    old = write_executable(str(tmpdir.mkdir("blender-3.6").join("blender")))
    new = write_executable(str(tmpdir.mkdir("blender-4.2").join("blender")))
    return old, new


def test_versions_side_by_side_from_the_config(studio, hosts):
    old, new = hosts
    project = set_launchers(studio[0], u"""launchers:
  blender:
    linux: %s
    darwin: %s
    windows: %s
    python: "3.11"
    versions:
      "3.6": {linux: %s, darwin: %s, windows: %s, python: "3.10"}
""" % ((new,) * 3 + (old,) * 3))
    context = shot_context(project)
    default = launching.plan_launch("blender", context, project, environ={"PATH": ""})
    assert default.argv[0] == new and default.host.python == "3.11"
    chosen = launching.plan_launch("blender", context, project, environ={"PATH": ""},
                                   version="3.6")
    assert chosen.argv[0] == old and chosen.host.python == "3.10"
    assert chosen.host.source.endswith("launchers.blender.versions.3.6")
    with pytest.raises(LaunchError) as error:
        launching.plan_launch("blender", context, project, environ={"PATH": ""},
                              version="2.79")
    assert "no version '2.79'" in str(error.value) and "3.6" in str(error.value)


def test_install_places_are_scanned_newest_first(hosts, tmpdir):
    old, new = hosts
    scan = {"linux": [str(tmpdir.join("blender-*", "blender"))],
            "darwin": [str(tmpdir.join("blender-*", "blender"))],
            "windows": [str(tmpdir.join("blender-*", "blender"))]}

    class NoLaunchers(object):
        settings = {}

    newest = launching.find_host("blender", NoLaunchers(), {}, {}, scan=scan)
    assert (newest.path, newest.version) == (new, "4.2")
    older = launching.find_host("blender", NoLaunchers(), {}, {}, version="3.6", scan=scan)
    assert (older.path, older.version) == (old, "3.6")
    with pytest.raises(LaunchError) as error:
        launching.find_host("blender", NoLaunchers(), {}, {}, version="9.9", scan=scan)
    assert "no launcher for engine 'blender' version 9.9" in str(error.value)


def test_version_written_in_install_paths():
    assert launching._version_text("/usr/autodesk/maya2024/bin/maya") == "2024"
    assert launching._version_text("/opt/blender-4.2.1-linux-x64/blender") == "4.2.1"
    assert launching._version_text("/usr/local/Nuke15.0v4/Nuke15.0") == "15.0"
    assert launching._version_text("/usr/bin/blender") == ""


def test_environment_is_clean_and_explained(studio, hosts, tmpdir):
    project = set_launchers(studio[0], u"launchers:\n  blender: {linux: %s, darwin: %s, "
                                       u"windows: %s}\n" % ((hosts[1],) * 3))
    venv = str(tmpdir.join("venv"))
    inherited = {"PATH": os.pathsep.join([os.path.join(venv, "bin"), "/usr/bin"]),
                 "VIRTUAL_ENV": venv, "PYTHONPATH": "/venv/site-packages",
                 "PYTHONHOME": "/elsewhere", "QT_API": "pyside6", "HOME": "/home/td"}
    plan = launching.plan_launch("blender", shot_context(project), project, environ=inherited)
    env = plan.environ
    for name in ("VIRTUAL_ENV", "PYTHONHOME", "QT_API"):
        assert name not in env
    assert env["PATH"] == "/usr/bin" and env["HOME"] == "/home/td"
    assert "/venv/site-packages" not in env["PYTHONPATH"].split(os.pathsep)
    assert REPO in env["PYTHONPATH"].split(os.pathsep)
    text = plan.explain()
    for name in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "QT_API"):
        assert "unset %s  # " % name in text
    assert "PATH=/usr/bin\n    # the caller's, without the virtualenv folder %s" % (
        os.path.join(venv, "bin")) in text
    for name in plan.changes:  # every variable set comes with its reason
        assert plan.reasons.get(name), name
        assert "%s=%s\n    # %s" % (name, plan.changes[name], plan.reasons[name]) in text


def test_host_python_folder_on_the_path_when_the_version_is_known(studio, hosts, tmpdir):
    project = set_launchers(studio[0], u"launchers:\n  blender: {linux: %s, darwin: %s, "
                                       u"windows: %s, python: '2.7'}\n" % ((hosts[1],) * 3))
    root = str(tmpdir.join("hp"))
    plan = launching.plan_launch("blender", shot_context(project), project,
                                 environ={"PATH": ""}, host_python_root=root)
    assert os.path.join(root, "py2.7") in plan.environ["PYTHONPATH"].split(os.pathsep)
    assert plan.environ["REELKIT_HOST_PYTHON"] == root


def test_cli_host_arguments_after_double_dash(studio, hosts, capsys):
    project = set_launchers(studio[0], u"launchers:\n  blender: {linux: %s, darwin: %s, "
                                       u"windows: %s}\n" % ((hosts[1],) * 3))
    code = main(["launch", "blender", "--context", "Shot SQ010/SH010 comp", "--dry-run",
                 "--project", project.root, "--", "-b", "--python-expr", "print(1)",
                 "--context"])
    out = capsys.readouterr().out
    assert code == 0
    command = out.split("# command\n")[1].splitlines()[0]
    assert command.endswith("-b --python-expr 'print(1)' --context"), command


def test_wait_returns_after_the_host_with_its_output_logged(studio, hosts,
                                                            clean_launch_env, capsys):
    project = set_launchers(studio[0], u"launchers:\n  blender: {linux: %s, darwin: %s, "
                                       u"windows: %s}\n" % ((hosts[1],) * 3))
    code = main(["launch", "blender", "--context", "Shot SQ010/SH010 comp", "--wait",
                 "--project", project.root, "--", "-b"])
    err = capsys.readouterr().err
    assert code == 0
    log = err.strip().split("log: ")[1]
    assert os.path.dirname(log) == clean_launch_env
    text = io.open(log, encoding="utf-8").read()
    assert "args: --python %s -b" % os.path.join(REPO, "engines", "blender", "startup",
                                                  "reelkit_startup.py") in text
    assert "REELKIT_ENGINE=blender" in text and "VIRTUAL_ENV=<unset>" in text
    assert "stdin:" not in text  # the host never reads the launching terminal


def test_host_failing_is_one_line_naming_the_log(studio, hosts, clean_launch_env,
                                                 monkeypatch, capsys):
    project = set_launchers(studio[0], u"launchers:\n  blender: {linux: %s, darwin: %s, "
                                       u"windows: %s}\n" % ((hosts[1],) * 3))
    monkeypatch.setenv("FAKE_HOST_EXIT", "3")
    code = main(["launch", "blender", "--context", "Shot SQ010/SH010 comp", "--wait",
                 "--project", project.root])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(lines) == 1
    assert lines[0].startswith("reelkit: error: blender exited with status 3; log: ")
    assert os.path.isfile(lines[0].split("log: ")[1])


def test_host_that_cannot_start_is_one_line_naming_the_log(studio, tmpdir, clean_launch_env,
                                                           capsys):
    broken = str(tmpdir.join("blender"))
    with open(broken, "w") as handle:
        handle.write("not a program\n")  # exists, but is not executable
    project = set_launchers(studio[0], u"launchers:\n  blender: {linux: %s, darwin: %s, "
                                       u"windows: %s}\n" % ((broken,) * 3))
    code = main(["launch", "blender", "--context", "Shot SQ010/SH010 comp",
                 "--project", project.root])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(lines) == 1, lines
    assert lines[0].startswith("reelkit: error: cannot start blender (%s): " % broken)
    log = lines[0].split("; log: ")[1]
    assert "could not start" in io.open(log, encoding="utf-8").read()


def test_missing_executable_names_where_it_was_configured(studio, capsys):
    project = set_launchers(studio[0], u"launchers:\n  blender: {linux: /nowhere/blender, "
                                       u"darwin: /nowhere/blender, windows: /nowhere/b.exe}\n")
    code = main(["launch", "blender", "--context", "Shot SQ010/SH010 comp",
                 "--project", project.root])
    err = capsys.readouterr().err
    assert code == 1
    assert "executable /nowhere/" in err and "common.yml" in err and "launchers.blender" in err


def test_an_installed_reelkit_never_exposes_its_site_packages(studio, hosts, tmpdir,
                                                               monkeypatch):
    """Installed (not a checkout), Reelkit sits in a site-packages holding packages built
    for another interpreter (PySide6...): the host runs the copy in the host-Python
    folder, startup script included, and PYTHONPATH names only that folder."""
    from toolkit.platform import hostpython
    monkeypatch.setattr(hostpython, "is_checkout", lambda root=REPO: False)
    project = set_launchers(studio[0], u"launchers:\n  blender: {linux: %s, darwin: %s, "
                                       u"windows: %s, python: '3.11'}\n" % ((hosts[1],) * 3))
    root = str(tmpdir.join("hp"))
    plan = launching.plan_launch("blender", shot_context(project), project,
                                 environ={"PATH": ""}, host_python_root=root)
    folder = os.path.join(root, "py3.11")
    assert plan.environ["PYTHONPATH"].split(os.pathsep) == [folder]
    startup = [a for a in plan.argv if a.endswith("reelkit_startup.py")]
    assert startup == [os.path.join(folder, "engines", "blender", "startup",
                                    "reelkit_startup.py")]
    assert not [a for a in plan.argv[1:] if a.startswith(REPO)]


def test_an_installed_reelkit_needs_the_hosts_python_version(studio, hosts, tmpdir,
                                                              monkeypatch, clean_launch_env):
    from toolkit.platform import hostpython
    monkeypatch.setattr(hostpython, "is_checkout", lambda root=REPO: False)
    project = set_launchers(studio[0], u"launchers:\n  blender: {linux: %s, darwin: %s, "
                                       u"windows: %s}\n" % ((hosts[1],) * 3))
    plan = launching.plan_launch("blender", shot_context(project), project,
                                 environ={"PATH": ""})
    assert REPO not in plan.environ.get("PYTHONPATH", "")
    assert "an installed Reelkit cannot reach it" in plan.describe()
    with pytest.raises(LaunchError) as error:
        launching.launch("blender", shot_context(project), project, environ={"PATH": ""})
    assert "add `python:" in str(error.value) and "launchers.blender" in str(error.value)


def test_a_host_started_without_wait_outlives_its_terminal(studio, hosts, clean_launch_env):
    project = set_launchers(studio[0], u"launchers:\n  blender: {linux: %s, darwin: %s, "
                                       u"windows: %s}\n" % ((hosts[1],) * 3))
    context = shot_context(project)
    detached = launching.launch("blender", context, project)
    waited = launching.launch("blender", context, project, wait=True)
    detached.process.wait()

    def pid_and_session(plan):
        text = io.open(plan.log_path, encoding="utf-8").read()
        return re.search(r"pid (\d+) session (\d+)", text).groups()

    # its own session: a terminal's hang-up does not reach it; --wait keeps ours
    pid, session = pid_and_session(detached)
    assert pid == session
    pid, session = pid_and_session(waited)
    assert pid != session and int(session) == os.getsid(0)
