"""Nuke runs this file when its interface starts: the launcher puts this folder on ``NUKE_PATH``.

A failure is logged, never raised: Nuke must open anyway.
"""


def _start_reelkit():
    import logging
    import os
    os.environ.setdefault("REELKIT_ENGINE", "nuke")
    try:
        from toolkit.bootstrap import bootstrap_from_environment
        bootstrap_from_environment()
    except Exception:
        logging.getLogger("reelkit").exception("Reelkit could not start in Nuke")


_start_reelkit()
