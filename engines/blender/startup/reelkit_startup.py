"""Start Reelkit in Blender.

Two ways in, both set up by the launcher: as a startup script (this folder is
exposed as ``$BLENDER_USER_SCRIPTS/startup``; Blender imports the module and
calls ``register()``), or ``blender --python reelkit_startup.py``. With a UI the
engine starts on the first timer tick, once a window exists; in
``--background`` it starts at once. A failure is logged, never raised.
"""

import logging
import os
import sys

# Blender's own Python ignores PYTHONPATH (unless started with
# --python-use-system-env), so the launcher's entry cannot be relied on: Reelkit's
# root is three folders up from this file (engines/blender/startup/).
_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
if _ROOT not in sys.path:
    sys.path.append(_ROOT)


def start_engine():
    """Start the engine from the REELKIT_* environment; returns None (timer: run once)."""
    os.environ.setdefault("REELKIT_ENGINE", "blender")
    try:
        from toolkit.platform import current_engine
        if current_engine() is None:
            from toolkit.bootstrap import bootstrap_from_environment
            bootstrap_from_environment()
    except Exception:
        logging.getLogger("reelkit").exception("Reelkit could not start in Blender")
    return None


def register():
    import bpy
    if bpy.app.background:
        start_engine()
    else:
        bpy.app.timers.register(start_engine, first_interval=0.0)


def unregister():
    from toolkit.platform import current_engine
    engine = current_engine()
    if engine is not None:
        engine.destroy()


if __name__ == "__main__":
    register()
