"""What a quick ``reelkit`` command pays for at start (issue #17), and that
the savings change nothing a user sees: the same parsers, the same log lines.
"""

import argparse
import importlib
import os
import subprocess
import sys

import pytest

from toolkit.cli import _command_modules, build_parser

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Imported by none of the quick commands: each costs milliseconds at start.
#   logging: configured when first imported (toolkit.cli.logsetup)
#   hashlib: OpenSSL; the YAML cache is keyed by checksums instead
#   shutil: argparse's help formatter imports it (toolkit.cli.parser)
#   uuid, difflib, _strptime, binascii: needed only to write, on a mistake,
#   or for timestamp formats the key does not read itself
#   datetime: only when a timestamp is written or read; threading: _thread
HEAVY = ("logging", "hashlib", "shutil", "uuid", "difflib", "_strptime", "binascii", "datetime",
         "threading")


def _run(code, *args, **kwargs):
    env = dict(os.environ, PYTHONPATH=ROOT)
    env.update(kwargs.get("env", {}))
    return subprocess.check_output([sys.executable, "-c", code] + list(args), cwd=ROOT,
                                   env=env, stderr=subprocess.STDOUT).decode()


@pytest.fixture
def demo_project(tmpdir):
    from toolkit.cli import main
    path = str(tmpdir.join("show"))
    assert main(["init", path]) == 0
    return path


def test_parse_and_resolve_import_nothing_heavy(demo_project, tmpdir):
    work = os.path.join(demo_project, "sequences", "SQ010", "SH010", "anim", "work", "maya",
                        "SH010_main_v003.ma")
    code = (
        "import sys\n"
        "from toolkit.cli import main\n"
        "assert main(['parse', '--project', sys.argv[1], sys.argv[2]]) == 0\n"
        "assert main(['resolve', '--project', sys.argv[1], 'maya_shot_work', 'Sequence=SQ010',\n"
        "             'Shot=SH010', 'Step=anim', 'name=main', 'version=3']) == 0\n"
        "print(sorted(m for m in %r if m in sys.modules))\n" % (HEAVY,))
    env = {"REELKIT_CACHE": str(tmpdir.join("cache"))}
    _run(code, demo_project, work, env=env)  # parses the YAML, writes the cache
    out = _run(code, demo_project, work, env=env)
    assert out.strip().splitlines()[-1] == "[]", out


def test_each_command_module_declares_the_commands_it_registers():
    for name in _command_modules():
        module = importlib.import_module("toolkit.cli." + name)
        subparsers = argparse.ArgumentParser().add_subparsers()
        module.register(subparsers)
        assert tuple(subparsers.choices) == tuple(module.COMMANDS), name


def _choices(parser):
    action = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)][0]
    return action.choices


def test_a_command_line_naming_a_core_command_builds_its_module_only():
    full = _choices(build_parser([]))
    only = _choices(build_parser(["-v", "parse", "x"]))
    assert set(only) == {"templates", "resolve", "parse"}
    assert set(only) < set(full)
    # the parser of the command itself is the same either way
    assert only["parse"].format_help() == full["parse"].format_help()


def test_help_and_unknown_commands_list_every_command(capsys):
    from toolkit.cli import main
    with pytest.raises(SystemExit):
        main(["no-such-command"])
    err = capsys.readouterr().err
    for name in ("parse", "publish", "launch", "sync", "recover", "init"):
        assert name in err


def test_help_width_follows_columns_as_argparse_does(monkeypatch):
    from toolkit.cli.parser import ReelkitParser
    text = "word " * 40
    for columns in ("40", "120"):
        monkeypatch.setenv("COLUMNS", columns)
        ours = ReelkitParser(prog="x", description=text).format_help()
        theirs = argparse.ArgumentParser(prog="x", description=text).format_help()
        assert ours == theirs
        assert max(len(line) for line in ours.splitlines()) <= int(columns)


def test_a_warning_logged_by_a_module_imported_later_keeps_the_cli_format():
    # logging is not imported when the command starts: the CLI configures it
    # as it is imported, so the message has its level and logger name.
    code = (
        "import sys\n"
        "assert 'logging' not in sys.modules\n"
        "from toolkit.cli.logsetup import configure\n"
        "configure(False)\n"
        "assert 'logging' not in sys.modules\n"
        "import logging\n"
        "logging.getLogger('toolkit.late').warning('first %s', 1)\n"
        "logging.getLogger('toolkit.late').debug('hidden')\n"
        "import logging.handlers\n"  # a sub-module still imports through the real loader
        "print(logging.getLogger().handlers[0].formatter._fmt)\n")
    out = subprocess.check_output([sys.executable, "-c", code], cwd=ROOT,
                                  stderr=subprocess.STDOUT).decode()
    assert out.splitlines()[0] == "WARNING toolkit.late: first 1"
    assert "hidden" not in out
    assert out.splitlines()[-1] == "%(levelname)s %(name)s: %(message)s"


def test_verbose_configures_logging_at_once_with_debug(capsys):
    import logging
    from toolkit.cli import logsetup
    root = logging.getLogger()
    kept = root.handlers[:], root.level
    root.handlers[:] = []
    try:
        logsetup.configure(True)
        assert root.level == logging.DEBUG
        assert root.handlers[0].formatter._fmt == logsetup.FORMAT
    finally:
        root.handlers[:], level = kept
        root.setLevel(level)
