"""Start Reelkit inside Houdini; called by the ``pythonrc.py`` files we ship.

Houdini runs ``pythonX.Ylibs/pythonrc.py`` at start-up, in the UI and in hython
alike, and before the UI exists: no main window, no shelf sets yet. So:

- without a UI (hython, hbatch) the engine starts at once;
- with a UI it starts once the UI's event loop runs
  (``hdefereval.executeDeferred``), when the main window and shelves exist.

Reelkit ships no ``123.py``/``456.py``: the first ``123.py`` on
``HOUDINI_SCRIPT_PATH`` hides Houdini's own ``123.cmd`` and any studio's, and
``123.py`` does not run at all when a hip file is given on the command line.
A failure is logged, never raised: Houdini must open anyway.
"""

import logging
import os


def start_reelkit():
    """Start the engine now (no UI) or once the UI is up; return True if started now."""
    os.environ.setdefault("REELKIT_ENGINE", "houdini")
    try:
        import hou
        if hou.isUIAvailable():
            import hdefereval  # importable only with the UI
            hdefereval.executeDeferred(_start)
            return False
    except Exception:
        logging.getLogger("reelkit").exception("Reelkit could not start in Houdini")
        return False
    _start()
    return True


def _start():
    try:
        from toolkit.platform import current_engine
        if current_engine() is not None:
            return
        from toolkit.bootstrap import bootstrap_from_environment
        bootstrap_from_environment()
    except Exception:
        logging.getLogger("reelkit").exception("Reelkit could not start in Houdini")
