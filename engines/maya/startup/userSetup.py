"""Maya runs this file at start-up: the launcher puts this folder on ``PYTHONPATH``.

With a UI the engine starts once Maya is idle (``maya.utils.executeDeferred``),
when the main window and its menu bar exist. ``maya -batch`` and ``mayapy`` have
no idle events, so deferred code never runs there: the engine starts at once.
A failure is logged, never raised: Maya must open anyway.
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
    from maya import cmds
    if cmds.about(batch=True):
        _start_reelkit()
    else:
        import maya.utils
        maya.utils.executeDeferred(_start_reelkit)


_schedule()
