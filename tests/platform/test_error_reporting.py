"""How failures reach the artist: known errors as one clear line, bugs with their traceback,
and a missing Qt binding explained instead of a crash."""

import logging
import subprocess
import sys

from toolkit.errors import ReelkitError
from toolkit.platform import start_engine


def _raise(error):
    def command():
        raise error
    return command


def test_a_known_error_is_one_line_without_traceback(shot):
    project, context = shot
    engine = start_engine("recorder", context, project)
    engine.register_command("Publish", _raise(ReelkitError("no template for Maya Scene")))
    assert engine.find_command("Publish").callback() is None  # reported, not raised
    record = engine.host.handler.records[-1]
    assert record.getMessage().endswith(": no template for Maya Scene")
    assert record.exc_info is None


def test_a_bug_keeps_its_traceback(shot):
    project, context = shot
    engine = start_engine("recorder", context, project)
    engine.register_command("Buggy", _raise(KeyError("oops")))
    engine.find_command("Buggy").callback()
    assert engine.host.handler.records[-1].exc_info[0] is KeyError


def test_shell_host_leaves_the_console_to_a_process_that_already_logs(monkeypatch):
    from engines.shell.host import ShellHost
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [])
    assert isinstance(ShellHost().log_handler(), logging.Handler)
    monkeypatch.setattr(root, "handlers", [logging.StreamHandler()])
    assert ShellHost().log_handler() is None  # the process prints once, not twice


def test_no_qt_binding_is_a_clear_error():
    # Block every binding qtpy knows, in a fresh interpreter, then ask for Qt.
    code = (
        "import sys\n"
        "for name in ('PySide6', 'PySide2', 'PyQt6', 'PyQt5'):\n"
        "    sys.modules[name] = None\n"
        "from toolkit.errors import QtUnavailableError\n"
        "try:\n"
        "    import toolkit.qt\n"
        "except QtUnavailableError as exc:\n"
        "    print('refused: %s' % exc)\n")
    out = subprocess.check_output([sys.executable, "-c", code]).decode()
    assert out.startswith("refused: panels need a Qt binding")
    assert "pip install 'reelkit[qt]'" in out
