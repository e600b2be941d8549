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
