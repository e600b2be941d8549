"""Thumbnails read off the UI thread, kept in a small cache.

Views ask for a thumbnail only for the rows they paint; a miss returns None
and queues a read on a thread pool. ``QImage`` is safe to build in a worker
thread, ``QPixmap`` is not: workers hand images back, the UI thread converts.
"""

import collections

from .._qt import QtCore, QtGui


class _Signals(QtCore.QObject):
    # (path, QImage); lives in the UI thread, so a worker's emit is queued there.
    loaded = QtCore.Signal(object, object)


class _ReadThumbnail(QtCore.QRunnable):
    def __init__(self, path, size, signals):
        super(_ReadThumbnail, self).__init__()
        self.path = path
        self.size = size
        self.signals = signals
        # Python keeps the runnable alive (ThumbnailCache._pending), not Qt.
        self.setAutoDelete(False)

    def run(self):
        image = QtGui.QImage(self.path)
        if not image.isNull():
            image = image.scaled(self.size, self.size, QtCore.Qt.KeepAspectRatio,
                                 QtCore.Qt.SmoothTransformation)
        self.signals.loaded.emit(self.path, image)


class ThumbnailCache(QtCore.QObject):
    """Pixmaps by path: :meth:`pixmap` answers from the cache or queues a read.

    ``ready(path)`` fires in the UI thread once a queued thumbnail is cached
    (a file that cannot be read caches as a null pixmap, so it is read once).
    """

    ready = QtCore.Signal(object)

    def __init__(self, size=128, limit=512, threads=2, parent=None):
        super(ThumbnailCache, self).__init__(parent)
        self.size = size
        self.limit = limit
        self._cache = collections.OrderedDict()
        self._pending = {}
        self._pool = QtCore.QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._signals = _Signals(self)
        self._signals.loaded.connect(self._on_loaded)

    def pixmap(self, path):
        """The cached pixmap of ``path``, or None (a read is then queued)."""
        if not path:
            return None
        pixmap = self._cache.get(path)
        if pixmap is not None:
            self._cache.pop(path)
            self._cache[path] = pixmap  # most recently used last
            return None if pixmap.isNull() else pixmap
        if path not in self._pending:
            job = _ReadThumbnail(path, self.size, self._signals)
            self._pending[path] = job
            self._pool.start(job)
        return None

    def cancel_pending(self):
        """Drop the reads not started yet (the rows asking for them are gone)."""
        for path, job in list(self._pending.items()):
            if self._pool.tryTake(job):  # False once running: it will still report
                del self._pending[path]

    def wait(self, msecs=-1):
        """Wait for running reads (tests, shutdown); returns whether all finished."""
        return self._pool.waitForDone(msecs)

    def shutdown(self):
        """Stop queued reads and wait for running ones; call before the views go."""
        self._pool.clear()
        self._pool.waitForDone()
        self._pending.clear()

    def _on_loaded(self, path, image):
        self._pending.pop(path, None)
        self._cache[path] = QtGui.QPixmap.fromImage(image) if not image.isNull() \
            else QtGui.QPixmap()
        while len(self._cache) > self.limit:
            self._cache.popitem(last=False)
        self.ready.emit(path)
