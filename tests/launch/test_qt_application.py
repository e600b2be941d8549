"""``toolkit.qt.ensure_application`` in a process without a QApplication (Blender, a shell)."""

import subprocess
import sys

SCRIPT = """from __future__ import print_function
import gc, sys
from toolkit import qt
made = qt.ensure_application()
app_id = id(made)
del made
gc.collect()
widget = qt.QtWidgets.QWidget()  # aborts the process when the application was deleted
assert id(qt.QtWidgets.QApplication.instance()) == app_id
assert qt.ensure_application() is qt._made[0] and len(qt._made) == 1
print("ok", qt.API_NAME)
"""

CORE_ONLY = """from __future__ import print_function
from toolkit import qt
from toolkit.errors import QtUnavailableError
core = qt.QtCore.QCoreApplication(["host"])
try:
    qt.ensure_application()
except QtUnavailableError as exc:
    print("refused:", exc)
"""


def run(script):
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    return process.communicate()[0].decode("utf-8", "replace"), process.returncode


def test_the_application_reelkit_makes_is_kept():
    output, code = run(SCRIPT)
    assert code == 0 and "ok" in output, output


def test_a_core_application_is_one_clear_error_not_an_abort():
    output, code = run(CORE_ONLY)
    assert code == 0, output
    assert "refused: this process runs a QCoreApplication (no widgets)" in output
