"""Maya runs this file at start-up: the launcher puts this folder on ``PYTHONPATH``.

The engine starts once Maya is idle (``executeDeferred``), when the main window
and its menu bar exist. A failure is logged, never raised: Maya must open anyway.
"""


def _start_reelkit():
    import logging
    import os
    os.environ.setdefault("REELKIT_ENGINE", "maya")
    try:
        from toolkit.bootstrap import bootstrap_from_environment
        bootstrap_from_environment()
    except Exception:
        logging.getLogger("reelkit").exception("Reelkit could not start in Maya")


def _schedule():
    import maya.utils
    maya.utils.executeDeferred(_start_reelkit)


_schedule()
