"""Host-Python folders: prepared once, all or nothing, found by the host's Python."""

import io
import json
import os
import shutil
import sys

import pytest

from toolkit.platform import hostpython

from .conftest import REPO, write_executable

# Stands in for an interpreter whose pip installs into --target: it writes a
# module, counts its runs, and fails when asked to (FAKE_PIP_FAIL).
FAKE_PYTHON = u"""#!%s
import os, sys
args = sys.argv[1:]
target = args[args.index("--target") + 1]
os.makedirs(target)
with open(os.path.join(target, "fileseq.py"), "w") as handle:
    handle.write("REQUIREMENTS = %%r\\n" %% (args[-5:],))
with open(os.environ["FAKE_PIP_RUNS"], "a") as handle:
    handle.write(" ".join(args) + "\\n")
if os.environ.get("FAKE_PIP_FAIL"):
    sys.stdout.write("ERROR: No matching distribution found for fileseq\\n")
    sys.exit(1)
""" % sys.executable


@pytest.fixture
def fake_python(tmpdir, monkeypatch):
    runs = str(tmpdir.join("runs.txt"))
    monkeypatch.setenv("FAKE_PIP_RUNS", runs)
    exe = write_executable(str(tmpdir.join("python2.7")), FAKE_PYTHON)
    return exe, runs


def run_count(runs):
    return len(io.open(runs).read().splitlines()) if os.path.exists(runs) else 0


def test_prepared_once_with_the_requirements_of_that_python(fake_python, tmpdir):
    exe, runs = fake_python
    root = str(tmpdir.join("hp"))
    folder = hostpython.prepare("2.7", root, python=exe)
    assert folder == os.path.join(root, "py2.7")
    assert os.path.isfile(os.path.join(folder, "fileseq.py"))
    recorded = json.load(open(os.path.join(folder, hostpython.MARKER)))
    assert recorded["requirements"] == hostpython.requirements_for("2.7")
    assert "PyYAML==5.4.1" in recorded["requirements"]  # the last release for 2.7
    command = io.open(runs).read()
    assert "--no-deps" in command and "--target" in command
    assert hostpython.is_prepared("2.7", root)
    hostpython.prepare("2.7", root, python=exe)
    assert run_count(runs) == 1  # prepared once
    hostpython.prepare("2.7", root, python=exe, force=True)
    assert run_count(runs) == 2 and os.listdir(root) == ["py2.7"]  # the old one replaced


def test_failed_prepare_leaves_nothing_half_filled(fake_python, tmpdir, monkeypatch):
    exe, runs = fake_python
    monkeypatch.setenv("FAKE_PIP_FAIL", "1")
    root = str(tmpdir.join("hp"))
    with pytest.raises(hostpython.HostPythonError) as error:
        hostpython.prepare("2.7", root, python=exe)
    message = str(error.value)
    assert "pip exited with 1" in message and "No matching distribution" in message
    assert os.listdir(root) == []  # no py2.7, no staging folder
    assert not hostpython.is_prepared("2.7", root)


def test_pip_of_this_interpreter_targets_the_host_version():
    command = hostpython._pip_command(3, 11, "/stage", ["six"], None, "/wheels")
    assert command[:3] == [sys.executable, "-m", "pip"]
    assert command[command.index("--python-version") + 1] == "3.11"
    assert command[command.index("--find-links") + 1] == "/wheels" and "--no-index" in command


def test_unsupported_versions_are_refused():
    for text in ("3", "python", "4.0"):
        with pytest.raises(hostpython.HostPythonError):
            hostpython.parse_version(text)
    assert hostpython.parse_version("3.11") == (3, 11)


def test_activate_adds_the_running_versions_folder_once(tmpdir):
    root = tmpdir.mkdir("hp")
    here = root.mkdir("py%d.%d" % sys.version_info[:2])
    root.mkdir("py2.6")
    path = ["/host/site-packages"]
    environ = {hostpython.ROOT_VARIABLE: str(root)}
    assert hostpython.activate(environ, path) == str(here)
    assert path == ["/host/site-packages", str(here)]  # appended: the host's own win
    assert hostpython.activate(environ, path) is None and len(path) == 2
    assert hostpython.activate({}, path) is None


def test_a_checkout_reaches_hosts_live():
    assert hostpython.is_checkout(REPO)
    assert hostpython.host_paths("3.11", "/hp") == [REPO, os.path.join("/hp", "py3.11")]


def test_an_installed_reelkit_is_copied_and_replaced_on_upgrade(fake_python, tmpdir,
                                                                 monkeypatch):
    import toolkit
    exe, runs = fake_python
    # an installed layout: Reelkit's own packages beside other distributions' generic ones
    site = tmpdir.mkdir("site-packages")
    shutil.copytree(os.path.join(REPO, "toolkit"), str(site.join("toolkit")))
    site.join("reelkit_engines", "blender", "startup", "reelkit_startup.py").write(
        "# start", ensure=True)
    site.join("apps", "__init__.py").write("# another distribution's", ensure=True)
    site.join("config", "__init__.py").write("# another distribution's", ensure=True)
    monkeypatch.setattr(hostpython, "REPO_ROOT", str(site))
    monkeypatch.setattr(hostpython, "is_checkout", lambda root=REPO: False)
    root = str(tmpdir.join("hp"))
    folder = hostpython.prepare("2.7", root, python=exe)
    assert os.path.isfile(os.path.join(folder, "toolkit", "platform", "hostpython.py"))
    assert os.path.isfile(os.path.join(folder, "reelkit_engines", "blender", "startup",
                                       "reelkit_startup.py"))
    assert not os.path.exists(os.path.join(folder, "apps"))  # never a generic name
    assert not os.path.exists(os.path.join(folder, "config"))
    assert not [n for n in os.listdir(os.path.join(folder, "toolkit")) if n.endswith(".pyc")]
    assert hostpython.is_prepared("2.7", root)
    monkeypatch.setattr(toolkit, "__version__", "99.0")
    assert not hostpython.is_prepared("2.7", root)
    hostpython.prepare("2.7", root, python=exe)
    assert run_count(runs) == 2


def test_another_major_version_needs_its_own_interpreter(tmpdir, monkeypatch):
    other = "2.7" if sys.version_info[0] == 3 else "3.11"
    monkeypatch.setattr(hostpython, "find_interpreter", lambda major, minor: None)
    with pytest.raises(hostpython.HostPythonError) as error:
        hostpython.prepare(other, str(tmpdir.join("hp")))
    assert "needs a Python %s interpreter" % other in str(error.value)
    assert "--python" in str(error.value) and "--wheelhouse" in str(error.value)
    assert not os.listdir(str(tmpdir.join("hp")))


def test_a_python_27_folder_serves_a_real_python_27(tmpdir):
    """What a Maya 2022 or Nuke 12 host gets: pip for 2.7 (a real one), then a bare 2.7
    interpreter (no site-packages at all) imports everything from the folder."""
    python27 = hostpython.find_interpreter(2, 7)
    assert python27, "a Python 2.7 interpreter is required (tests/run finds pyenv's)"
    folder = hostpython.prepare("2.7", str(tmpdir.join("hp")))
    check = ("import sys; sys.path.insert(0, %r); import six, yaml, fileseq, builtins; "
             "assert fileseq.FileSequence('/a/b.1-3#.exr').frameSet().frange == '1-3'; "
             "print('\\n'.join(m.__file__ for m in (six, yaml, fileseq)))" % folder)
    import subprocess
    output = subprocess.check_output([python27, "-S", "-c", check], env={})
    files = output.decode("utf-8").split()
    assert len(files) == 3 and all(f.startswith(folder) for f in files), files


def test_every_runtime_dependency_reaches_the_hosts_python():
    """setup.py's install_requires and what a host's own Python is given are one list."""
    import re
    with open(os.path.join(REPO, "setup.py")) as handle:
        text = handle.read()
    start = text.index("install_requires=[")
    block = text[start:text.index("]", start)]
    needed = set(name.lower() for name in re.findall(r'"([A-Za-z][\w.-]*)', block))
    assert "pyblish-base" in needed and "six" in needed
    for major in (2, 3):
        given = set(re.match(r"[A-Za-z][\w.-]*", requirement).group(0).lower()
                    for requirement in hostpython.REQUIREMENTS[major])
        assert needed <= given, (major, needed - given)
