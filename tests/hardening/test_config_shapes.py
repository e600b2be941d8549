# -*- coding: utf-8 -*-
"""``validate-config`` reports every mistyped section with file and line; the
commands that load the config fail with one line, never a traceback.

Table-driven (runs on Python 2.7 and 3): each row edits one file of a fresh
project made by ``reelkit init`` and names the entry the report must point at.
"""

from __future__ import unicode_literals

import io
import os
import re
import signal
import subprocess
import sys

import pytest

from tests.hardening.conftest import assert_one_error_line


def _edit(project_dir, name, pattern, replacement):
    path = os.path.join(project_dir, "config", name)
    with io.open(path, encoding="utf-8") as handle:
        text = handle.read()
    changed, count = re.subn(pattern, lambda _: replacement, text, count=1, flags=re.M)
    assert count == 1, (name, pattern)
    with io.open(path, "w", encoding="utf-8") as handle:
        handle.write(changed)
    return path


# (file, regex of a line to replace, replacement, entry the report names)
PROJECT_ROWS = [
    ("project.yml", r"^description:.*$", "description: {a: 1}", "description"),
    ("project.yml", r"^description:.*$", "launchers: [maya]", "launchers"),
    ("project.yml", r"^description:.*$", "launchers: {maya: [1, 2]}", "launchers.maya"),
    ("project.yml", r"^description:.*$", "core_hooks: pick_environment.py", "core_hooks"),
    ("project.yml", r"^description:.*$", "core_hooks: {pick_environment: 3}",
     "core_hooks.pick_environment"),
    ("project.yml", r"^  primary: \.$", "  primary: ${UNSET", "roots.primary"),
    ("project.yml", r"^  primary: \.$", "  primary: ./${A-B}/x", "roots.primary"),
    ("project.yml", r"^  primary: \.$", "  primary: ${}", "roots.primary"),
    ("project.yml", r"^name: demo$", "name: a/b", "name"),
    ("project.yml", r"^name: demo$", "name: '..'", "name"),
    ("project.yml", r"^name: demo$", "name: \"a\\nb\"", "name"),
    ("project.yml", r"^  backend: sqlite$", "  backend: [sqlite]", "store.backend"),
    ("project.yml", r"^  path: .*$", "  path: 5", "store.path"),
    ("templates.yml", r"^keys:$", "keys:\n  bad:\n    type: [str]", "keys.bad"),
    ("templates.yml", r"^keys:$", "keys:\n  bad:\n    type: int\n    strict_matching: \"yes\"",
     "keys.bad"),
    ("templates.yml", r"^keys:$", "keys:\n  bad:\n    type: str\n    choices: [ok, '..']",
     "keys.bad"),
    ("templates.yml", r"^keys:$", "keys:\n  bad:\n    type: str\n    filter_by: '(a+)+$'",
     "keys.bad"),
    ("templates.yml", r"^keys:$", "keys:\n  bad:\n    type: str\n    choices: [a, \"b\\nc\"]",
     "keys.bad"),
    ("templates.yml", r"^keys:$", "keys:\n  bad: [str]", "keys.bad"),
    ("env/shot_step.yml", r"^engines:.*$", "engines: 5", "engines"),
    ("env/shot_step.yml", r"^engines:.*$", "engines: {maya: [1, 2]}", "engines.maya"),
    ("env/shot_step.yml", r"^engines:.*$", "engines: {maya: {apps: [loader]}}",
     "engines.maya.apps"),
    ("env/shot_step.yml", r"^engines:.*$", "engines: \"@_engines\"\nlauncher: {}", "launcher"),
    ("env/shot_step.yml", r"^engines:.*$", "engines: \"@_engines\"\ndescription: [a]",
     "description"),
]


@pytest.mark.parametrize("name, pattern, replacement, entry", PROJECT_ROWS,
                         ids=["%s:%s" % (row[0], row[3]) for row in PROJECT_ROWS])
def test_validate_config_reports_the_mistyped_entry_with_file_and_line(
        project_dir, run_cli, name, pattern, replacement, entry):
    path = _edit(project_dir, name, pattern, replacement)
    code, out, err = run_cli("validate-config", project_dir)
    assert code == 1, out + err
    assert "Traceback" not in out + err
    lines = [line for line in out.splitlines() if line.startswith(path + ":")]
    assert any(re.match(re.escape(path) + r":\d+: " + re.escape(entry) + r"[:.]", line)
               for line in lines), out


@pytest.mark.parametrize("name, pattern, replacement, entry",
                         [row for row in PROJECT_ROWS if row[0] != "env/shot_step.yml"])
def test_commands_loading_a_mistyped_config_print_one_line_per_problem(
        project_dir, run_cli, name, pattern, replacement, entry):
    _edit(project_dir, name, pattern, replacement)
    code, out, err = run_cli("resolve", "--project", project_dir, "maya_shot_work",
                             "Sequence=SQ010")
    assert code == 1
    assert "Traceback" not in err
    assert err and all(line.startswith("reelkit: error: ") for line in err.splitlines())


@pytest.mark.parametrize("root", ["${UNSET", "${A-B}", "x/${A B}/y", "${1X}"])
def test_a_malformed_variable_is_refused_not_kept_as_text(root):
    from toolkit.config.variables import expand_variables
    from toolkit.errors import ConfigError
    with pytest.raises(ConfigError) as info:
        expand_variables(root, environ={"A": "a", "B": "b"}, path="p.yml", line=3, key="roots.x")
    assert str(info.value).startswith("p.yml:3: roots.x: malformed variable")


@pytest.mark.parametrize("text, result", [("$$HOME", "$HOME"), ("${A}/$B", "a/b"),
                                          ("C$/share", "C$/share"), ("$$", "$")])
def test_well_formed_variables_still_expand(text, result):
    from toolkit.config.variables import expand_variables
    assert expand_variables(text, environ={"A": "a", "B": "b"}) == result


@pytest.mark.parametrize("name", ['show #1: "x" [y]', "a: b", "- x", "{a}", "&anchor", "caf\u00e9",
                                  "yes", "null", "007", "'quoted'"])
def test_init_name_is_written_through_yaml_and_read_back_exactly(tmpdir, run_cli, name):
    if str is bytes:  # Python 2: argv holds UTF-8 bytes
        name = name.encode("utf-8")
    target = str(tmpdir.join("show"))
    code, out, err = run_cli("init", target, "--name", name)
    assert code == 0, err
    from toolkit.config import load_project
    loaded = load_project(target).name
    assert loaded == (name.decode("utf-8") if isinstance(name, bytes) else name)


@pytest.mark.parametrize("name", ["", " x", "a/b", "..", "a\nb", "x\x00", "a" * 300, "a\\b"])
def test_init_refuses_a_name_that_cannot_be_a_project_code_and_leaves_nothing(tmpdir, run_cli,
                                                                              name):
    target = str(tmpdir.join("show"))
    code, out, err = run_cli("init", target, "--name", name)
    assert_one_error_line(code, err)
    assert not os.path.exists(target)


def test_init_into_a_file_is_one_error_line(tmpdir, run_cli):
    path = tmpdir.join("afile")
    path.write("x")
    for target in (str(path), os.path.join(str(path), "sub")):
        code, out, err = run_cli("init", target)
        assert_one_error_line(code, err)
    assert path.read() == "x"


@pytest.mark.parametrize("engines", ["engines: 5", "engines: [shell]", "engines: {shell: [1]}",
                                     "engines: {shell: {apps: [loader]}}",
                                     "engines: {shell: {apps: {loader: 3}}}"])
def test_commands_starting_an_engine_on_a_mistyped_environment_fail_in_one_line(
        project_dir, run_cli, engines):
    for name in ("env/shot_step.yml", "env/project.yml"):
        _edit(project_dir, name, r"^engines:.*$", engines)
    code, out, err = run_cli("apps", "--project", project_dir)
    assert "Traceback" not in out + err and "unexpected" not in out + err
    code, out, err = run_cli("run", "--project", project_dir, "loader")
    assert_one_error_line(code, err)
    assert "unexpected" not in err


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_relative_root_with_dotdot_is_read_through_the_link_as_the_os_does(project_dir, tmpdir):
    from toolkit.config import load_project
    real_shows = tmpdir.join("data", "shows")
    real_shows.ensure(dir=True)
    os.rename(project_dir, str(real_shows.join("show")))
    real_shows.join("shared").ensure(dir=True)
    links = tmpdir.join("links")
    links.ensure(dir=True)
    os.symlink(str(real_shows.join("show")), str(links.join("show")))
    _edit(str(links.join("show")), "project.yml", r"^  primary: \.$", "  primary: ../shared")
    project = load_project(str(links.join("show")))
    assert os.path.realpath(project.roots["primary"]) == os.path.realpath(str(real_shows.join("shared")))


_KILLED_INIT = r"""
import os, shutil, signal, sys
copied = []
original = shutil.copyfile
def copy_then_die(src, dst, *args, **kwargs):   # what copy2 calls, on 2.7 and 3.x
    copied.append(dst)
    if len(copied) == 3:   # as kill -9 would, in the middle of the copy
        os.kill(os.getpid(), signal.SIGKILL)
    return original(src, dst, *args, **kwargs)
shutil.copyfile = copy_then_die
from toolkit.config.create import init_project
init_project(sys.argv[1])
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kill -9 is POSIX")
def test_a_killed_init_leaves_a_hidden_copy_the_next_init_removes(tmpdir, run_cli):
    from toolkit.publish.staging import TMP_MARK, _host_tag
    target = tmpdir.join("show").ensure(dir=True)
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    child = subprocess.Popen([sys.executable, "-c", _KILLED_INIT, str(target)], cwd=repo)
    assert child.wait() == -signal.SIGKILL
    left = [n for n in os.listdir(str(target)) if n.startswith(".config" + TMP_MARK)]
    assert len(left) == 1 and not target.join("config").exists()
    # another init still copying (this process is alive): never touched
    live = target.join(".config%s%s-%d-0badf00d" % (TMP_MARK, _host_tag(), os.getpid()))
    live.ensure(dir=True)
    code, out, err = run_cli("init", str(target))
    assert code == 0, err
    names = os.listdir(str(target))
    assert "config" in names and live.basename in names and left[0] not in names
