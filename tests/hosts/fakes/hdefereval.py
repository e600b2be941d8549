"""Fake ``hdefereval``: Houdini's way to run code on the main (UI) thread.

``executeDeferred(callable)`` runs it once the UI's event loop is idle;
``executeInMainThreadWithResult(callable, *args, **kwargs)`` runs it there and
waits for the result (SideFX, Houdini help: *hdefereval* module). The module
works only while the UI's event loop runs: the fake raises ``hou.NotAvailable``
without a UI (``hou._state.ui``). ``_process_events()`` is the event loop turning.
No type stubs exist for this module: the signatures follow the help page.
"""

import threading

_pending = []
_lock = threading.Lock()


def _check_ui():
    import hou
    if not hou._state.ui:
        raise hou.NotAvailable("hdefereval needs the Houdini UI's event loop")


def executeDeferred(callable_object, *args, **kwargs):
    """Run ``callable_object(*args, **kwargs)`` when the UI is next idle."""
    _check_ui()
    with _lock:
        _pending.append((callable_object, args, kwargs, None))


def executeInMainThreadWithResult(callable_object, *args, **kwargs):
    """Run on the main thread and wait for the result (at once on the main thread)."""
    _check_ui()
    main_thread = getattr(threading, "main_thread", None)
    current = threading.current_thread()
    if (current is main_thread()) if main_thread else isinstance(current, threading._MainThread):
        return callable_object(*args, **kwargs)
    job = {"done": threading.Event()}
    with _lock:
        _pending.append((callable_object, args, kwargs, job))
    job["done"].wait()
    if "error" in job:
        raise job["error"]
    return job.get("result")


def _process_events():
    """What the UI's event loop does when idle: run the deferred calls, oldest first."""
    while True:
        with _lock:
            if not _pending:
                return
            function, args, kwargs, job = _pending.pop(0)
        if job is None:
            function(*args, **kwargs)
            continue
        try:
            job["result"] = function(*args, **kwargs)
        except Exception as exc:
            job["error"] = exc
        job["done"].set()
