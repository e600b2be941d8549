"""Start Reelkit in Nuke: shared by ``init.py`` (``nuke -t``) and ``menu.py`` (the UI)."""

import logging
import os


def start_reelkit():
    """Start the engine from the REELKIT_* environment, once; log a failure."""
    os.environ.setdefault("REELKIT_ENGINE", "nuke")
    try:
        from toolkit.platform import current_engine
        if current_engine() is not None:
            return
        from toolkit.bootstrap import bootstrap_from_environment
        bootstrap_from_environment()
    except Exception:
        logging.getLogger("reelkit").exception("Reelkit could not start in Nuke")
