"""Houdini runs ``pythonrc.py`` at start-up, in the UI and in hython alike.

Houdini finds it as ``pythonX.Ylibs/pythonrc.py`` in a ``HOUDINI_PATH`` folder
(a studio links this file there), and finds ``123.py`` (run when the UI starts
without a scene) through ``HOUDINI_SCRIPT_PATH``, which the launcher sets to
this folder. Whichever runs second finds the engine already started. A failure
is logged, never raised: Houdini must open anyway.
"""


def _start_reelkit():
    import logging
    import os
    os.environ.setdefault("REELKIT_ENGINE", "houdini")
    try:
        from toolkit.platform import current_engine
        if current_engine() is not None:
            return  # already started (pythonrc.py and 123.py both ran)
        from toolkit.bootstrap import bootstrap_from_environment
        bootstrap_from_environment()
    except Exception:
        logging.getLogger("reelkit").exception("Reelkit could not start in Houdini")


_start_reelkit()
