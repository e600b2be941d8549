"""Start an engine inside a host launched by ``reelkit launch``.

The engine's startup script (``engines/<name>/startup/``: userSetup.py,
menu.py, 123.py/pythonrc.py, a Blender startup script) calls::

    from toolkit.bootstrap import bootstrap_from_environment
    bootstrap_from_environment()

which reads ``REELKIT_ENGINE``, ``REELKIT_PROJECT`` and ``REELKIT_CONTEXT``,
loads the project, rebuilds the context and starts the engine, then opens
``REELKIT_OPEN_FILE`` when the launch named a scene.
"""

import os

from toolkit.errors import ReelkitError

VARIABLES = ("REELKIT_ENGINE", "REELKIT_PROJECT", "REELKIT_CONTEXT")


def bootstrap_from_environment(environ=None):
    """Start and return the engine the ``REELKIT_*`` variables describe.

    Raises :class:`ReelkitError` naming the missing variable or the problem;
    the startup script logs it and leaves the host running.
    """
    from toolkit.platform import hostpython
    environ = os.environ if environ is None else environ
    # Before anything imports PyYAML or fileseq: hosts that ignore PYTHONPATH
    # (Blender) find the dependencies prepared for their Python version here.
    hostpython.activate(environ)
    from toolkit.config import load_project
    from toolkit.context import Context
    from toolkit.platform import current_engine, start_engine
    missing = [name for name in VARIABLES if not environ.get(name)]
    if missing:
        raise ReelkitError("cannot start Reelkit: %s not set (launch the host with "
                           "`reelkit launch`)" % ", ".join(missing))
    running = current_engine()
    if running is not None:
        return running  # a startup script may run twice (Houdini 123.py and 456.py)
    project = load_project(environ["REELKIT_PROJECT"])
    context = Context.deserialize(environ["REELKIT_CONTEXT"], project)
    engine = start_engine(environ["REELKIT_ENGINE"], context, project)
    if environ.get("REELKIT_OPEN_FILE"):  # `reelkit launch --open`, the Launcher's work file
        try:
            engine.host.open_scene(environ["REELKIT_OPEN_FILE"])
        except Exception:
            engine.report_error("could not open %s" % environ["REELKIT_OPEN_FILE"])
    return engine
