"""Fake ``maya.utils``: deferred calls wait until ``_process_idle_events()`` (Maya's idle loop).

Maya runs ``executeDeferred`` and ``executeInMainThreadWithResult`` work on the
main thread's idle events; "because idle events are being used to implement
executeInMainThreadWithResult(), it is not available in batch mode", and called
from the main thread it "simply runs the code immediately" (Maya Help, *Python
and threading*). ``maya -batch`` and ``mayapy`` have no idle loop: deferred work
never runs there (``cmds._state.batch``; the tests never turn the loop in batch).
"""

import threading

_deferred = []
_lock = threading.Lock()


def executeDeferred(*args, **kwargs):
    """Run a callable (or a Python string) once Maya is idle."""
    with _lock:
        _deferred.append((args, kwargs))


def executeInMainThreadWithResult(*args, **kwargs):
    """Run a callable on the main thread and return its result (at once on the main thread)."""
    from maya import cmds
    function, rest = args[0], args[1:]
    if _on_main_thread():
        return _call(function, rest, kwargs)
    if cmds._state.batch:
        raise RuntimeError("executeInMainThreadWithResult is not available in batch mode")
    done, outcome = threading.Event(), {}

    def job():
        try:
            outcome["result"] = _call(function, rest, kwargs)
        except Exception as exc:
            outcome["error"] = exc
        done.set()
    executeDeferred(job)
    done.wait()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")


def _call(function, args, kwargs):
    if callable(function):
        return function(*args, **kwargs)
    return eval(function, {"__name__": "__main__"})


def _on_main_thread():
    main_thread = getattr(threading, "main_thread", None)
    current = threading.current_thread()
    return current is main_thread() if main_thread else isinstance(current, threading._MainThread)


def _process_idle_events():
    """What Maya's idle loop does: run what was deferred, oldest first."""
    while True:
        with _lock:
            if not _deferred:
                return
            args, kwargs = _deferred.pop(0)
        if callable(args[0]):
            args[0](*args[1:], **kwargs)
        else:
            exec(args[0], {"__name__": "__main__"})
