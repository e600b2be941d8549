"""The engine a headless command (``reelkit publish-scene``, ``reelkit breakdown``) runs on.

Such a command runs in two places: in a plain shell, where it starts the engine
of the scene's host without UI and stops it afterwards, and inside a host that
launched it (``blender -b --python ...`` calling the command in process), where
an engine already runs and a second one cannot start. :func:`scene_engine`
serves both, so every app's command line behaves the same way.
"""

import contextlib

from toolkit.errors import ReelkitError


@contextlib.contextmanager
def scene_engine(engine_name, project, context=None):
    """Yield the engine to open a scene in; stop it afterwards if it was started here.

    With an engine running in this process it is used (``engine_name``, when
    given, must be its name) and moved to ``context`` when that differs;
    otherwise ``engine_name`` starts in ``context`` (``project`` loaded by the
    caller).
    """
    from toolkit.platform.engine import current_engine, start_engine
    running = current_engine()
    if running is not None:
        if engine_name and engine_name != running.name:
            raise ReelkitError("--engine %s: this process runs the %s engine"
                               % (engine_name, running.name))
        if context is not None and context != running.context:
            running.change_context(context)
        yield running
        return
    engine = start_engine(engine_name, context, project)
    try:
        yield engine
    finally:
        engine.destroy()
