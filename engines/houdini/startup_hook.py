"""Start Reelkit inside Houdini; called by every Houdini startup script we ship.

Houdini may run several of them (``pythonX.Ylibs/pythonrc.py`` at start-up, in
the UI and in hython; ``123.py`` when the UI opens without a scene): whichever
runs second finds the engine already started. A failure is logged, never raised:
Houdini must open anyway.
"""

import logging
import os


def start_reelkit():
    os.environ.setdefault("REELKIT_ENGINE", "houdini")
    try:
        from toolkit.platform import current_engine
        if current_engine() is not None:
            return
        from toolkit.bootstrap import bootstrap_from_environment
        bootstrap_from_environment()
    except Exception:
        logging.getLogger("reelkit").exception("Reelkit could not start in Houdini")
