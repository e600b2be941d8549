"""Test-wide set-up: offscreen Qt, and which suites an interpreter can run.

Qt must be told to render offscreen before anything imports it, or QApplication
aborts the process on a machine with no display.
"""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Parsed-YAML cache of this run only: tests never read or fill the user's own.
import tempfile  # noqa: E402
os.environ["REELKIT_CACHE"] = tempfile.mkdtemp(prefix="reelkit-test-cache-")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def no_engine_left():
    """Every test starts and ends without a running engine (one per process)."""
    yield
    from toolkit.platform import current_engine
    engine = current_engine()
    if engine is not None:
        engine.destroy()


collect_ignore = []
# Property tests use hypothesis, which has no Python 2 release that runs here.
if sys.version_info[0] < 3:
    collect_ignore.append(os.path.join("core", "test_template_properties.py"))
# Real Blender (bpy from PyPI) exists for exactly one CPython: 3.11. The runner
# installs it there; anywhere else these tests cannot run at all.
if sys.version_info[:2] != (3, 11):
    collect_ignore.append(os.path.join("hosts", "blender"))
