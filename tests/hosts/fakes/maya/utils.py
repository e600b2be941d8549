"""Fake ``maya.utils``: deferred calls wait until ``_process_idle_events()`` (Maya's idle loop)."""

_deferred = []


def executeDeferred(*args, **kwargs):
    """Run a callable (or a Python string) once Maya is idle."""
    _deferred.append((args, kwargs))


def _process_idle_events():
    while _deferred:
        args, kwargs = _deferred.pop(0)
        if callable(args[0]):
            args[0](*args[1:], **kwargs)
        else:
            exec(args[0], {"__name__": "__main__"})
