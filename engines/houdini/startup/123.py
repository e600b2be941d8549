"""Houdini runs ``123.py`` when its UI starts without a scene: start Reelkit if
``pythonrc.py`` did not (see there). A failure is logged, never raised.
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
