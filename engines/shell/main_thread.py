"""Run a call on the main thread through Qt's event loop (the shell's only event loop).

A worker emits a signal to an invoker living in the main thread; the queued
connection makes Qt deliver it there, the worker waits on an event until the
call finished and gets its result or its exception back.
"""

import sys
import threading

import six

from toolkit import qt

_invoker = []  # the one invoker, made on the main thread by the first call


class _Invoker(qt.QtCore.QObject):
    """Lives in the main thread; runs what a worker sends it."""

    call = qt.Signal(object)

    def __init__(self):
        super(_Invoker, self).__init__()
        self.call.connect(self._run, qt.QtCore.Qt.QueuedConnection)

    def _run(self, job):
        job()


class _Job(object):
    def __init__(self, function, args, kwargs):
        self.function, self.args, self.kwargs = function, args, kwargs
        self.done = threading.Event()
        self.result = None
        self.error = None

    def __call__(self):
        try:
            self.result = self.function(*self.args, **self.kwargs)
        except BaseException:
            self.error = sys.exc_info()
        finally:
            self.done.set()


_lock = threading.Lock()


def _get_invoker():
    """The invoker, made on first use (from any thread) and moved to the main thread."""
    with _lock:
        if not _invoker:
            invoker = _Invoker()
            # Made here, so this thread may push it to the thread of the application.
            invoker.moveToThread(qt.QtCore.QCoreApplication.instance().thread())
            _invoker.append(invoker)
        return _invoker[0]


def call_in_qt_main_thread(function, args, kwargs):
    """Call ``function(*args, **kwargs)`` on Qt's main thread; wait; return or raise."""
    job = _Job(function, args, kwargs)
    _get_invoker().call.emit(job)
    job.done.wait()
    if job.error is not None:
        six.reraise(*job.error)  # the main thread's traceback, in the worker
    return job.result
