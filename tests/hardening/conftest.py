"""Fixtures of the hardening suite: a real project made by ``reelkit init``."""

import os
import sys

import pytest

# hypothesis has no release that runs on Python 2.7 here: the property tests are
# Python 3 only; the table-driven files of this folder run on both.
collect_ignore = ["test_fuzz.py"] if sys.version_info[0] < 3 else []


@pytest.fixture
def project_dir(tmpdir):
    """A fresh project (default config, SQLite store) in a temporary folder."""
    from toolkit.cli import main
    path = str(tmpdir.join("show"))
    assert main(["init", path]) == 0
    return path


def create_shot(run_cli, project_dir, sequence="SQ010", shot="SH010", step="anim"):
    """Create ``sequence``/``shot`` (and Step ``step``, if given) through the CLI."""
    argvs = [["create", "Sequence", sequence], ["create", "Shot", shot, "--sequence", sequence]]
    if step:
        argvs.append(["create", "Step", step, "--entity-type", "Shot"])
    for argv in argvs:
        code, out, err = run_cli(*(argv + ["--project", project_dir]))
        assert code == 0, err


@pytest.fixture
def shot_project(project_dir, run_cli, tmpdir):
    """``(project_dir, source)``: a project holding Shot SQ010/SH010 and Step anim,
    and a Maya scene to publish in it."""
    create_shot(run_cli, project_dir)
    source = tmpdir.join("scene.ma")
    source.write("//Maya ASCII\n")
    return project_dir, str(source)


@pytest.fixture
def run_cli(capsys):
    """``run_cli(*argv)`` -> ``(exit code, stdout, stderr)`` of the ``reelkit`` CLI in-process."""
    from toolkit.cli import main

    def run(*argv):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse on bad usage: exit 2
            code = exc.code
        captured = capsys.readouterr()
        return code, captured.out, captured.err
    return run


def assert_one_error_line(code, err):
    """The CLI contract on bad input: exit 1 and exactly one ``reelkit: error:`` line."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 1, err
    assert len(lines) == 1, err
    assert lines[0].startswith("reelkit: error: "), err
    assert "Traceback" not in err


def tree_files(folder):
    """Every file path below ``folder`` (sorted)."""
    found = []
    for base, _, names in os.walk(str(folder)):
        found.extend(os.path.join(base, name) for name in names)
    return sorted(found)
