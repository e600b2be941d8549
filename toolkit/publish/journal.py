"""Publish journals: what a running publish placed, so a crash can be undone.

A publish (one file, or a :class:`~toolkit.publish.run.PublishRun` of several)
writes a journal under ``<project>/.reelkit/publish_runs/`` before it places
anything, holds it under an exclusive lock while it runs and deletes it when
its records are in the store. A journal whose lock nobody holds belongs to a
process that died: :func:`recover_runs` removes what it placed and releases the
versions it reserved (``reelkit recover`` reports and repairs the rest).
"""

import errno
import io
import json
import logging
import os
import socket
import uuid

from toolkit.clock import utc_now
from toolkit.publish import transfer
from toolkit.publish.errors import PublishError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
    import msvcrt

log = logging.getLogger(__name__)

#: Folder of the run journals, relative to the project folder.
JOURNAL_FOLDER = os.path.join(".reelkit", "publish_runs")
SUFFIX = ".json"


def journal_folder(project):
    """Where the runs of ``project`` keep their journals."""
    return os.path.join(project.root, JOURNAL_FOLDER)


def recover_runs(project, store=None, journal_dir=None):
    """Undo the runs of ``project`` whose process died before they finished.

    A journal whose lock nobody holds belongs to a dead process: if its records
    are not in the store, every file and folder it placed is removed and its
    versions are released. Returns the journals recovered (paths).
    """
    folder = journal_dir or journal_folder(project)
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    recovered = []
    own_store = store is None
    for name in names:
        if not name.endswith(SUFFIX):
            continue
        path = os.path.join(folder, name)
        journal = Journal.claim(path)
        if journal is None:
            continue  # a live run
        try:
            if store is None:
                from toolkit.store import open_store
                store = open_store(project)
            _roll_back(journal.entries, store, path)
            journal.discard()
            recovered.append(path)
        finally:
            journal.release()
    if own_store and store is not None:
        store.close()
    return recovered


def _roll_back(entries, store, path):
    plan = {}
    reserved = []
    for entry in entries:
        if "reserved" in entry:
            reserved.append(entry["reserved"])
        plan.update(entry)
    records = plan.get("records") or []
    if records and store.publishes_by_paths(records):
        log.info("publish run %s had registered its records: journal removed", path)
        return
    targets = plan.get("targets") or ()
    for target in targets:
        transfer._remove(target)
    remove_staging_leftovers(list(targets) + list(plan.get("folders") or ()))
    remove_folders(plan.get("folders") or ())
    for name, published_file_type, entity, task, version in reversed(reserved):
        try:
            store.release_version(name, published_file_type, entity, task, version)
        except Exception:
            log.warning("could not release version %d of %r", version, name, exc_info=True)
    log.warning("publish run %s was interrupted: %d file(s) it placed were removed, nothing "
                "of it is published", path, len(plan.get("targets") or ()))


def missing_folders(paths):
    """Folders above ``paths`` that do not exist yet, deepest first."""
    missing = set()
    for path in paths:
        folder = os.path.dirname(path)
        while folder and folder not in missing and not os.path.isdir(folder):
            missing.add(folder)
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
    return sorted(missing, key=lambda f: (-f.count(os.sep), f))


def remove_staging_leftovers(paths):
    """Remove the hidden staging copies (:func:`transfer.temporary_name`) of ``paths``
    that a killed transfer left beside them; they are never published paths."""
    wanted = {}
    for path in paths:
        folder, name = os.path.split(path)
        wanted.setdefault(folder, set()).add(".%s%s" % (name, transfer.TMP_MARK))
    for folder, prefixes in wanted.items():
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if any(name.startswith(prefix) for prefix in prefixes):
                leftover = os.path.join(folder, name)
                if os.path.isdir(leftover) and not os.path.islink(leftover):
                    transfer._remove_tree(leftover)
                else:
                    transfer._remove(leftover)


def remove_folders(folders):
    """Remove each folder that is empty (deepest first); a non-empty one stays."""
    for folder in sorted(folders, key=lambda f: (-f.count(os.sep), f)):
        try:
            os.rmdir(folder)
        except OSError:
            pass


class Journal(object):
    """A run's journal: JSON lines appended and flushed, under an exclusive lock.

    Each line is complete before the step it announces starts; a line cut short
    by a crash is ignored when the journal is read back.
    """

    def __init__(self, path, handle):
        self.path = path
        self.handle = handle

    @classmethod
    def create(cls, folder):
        if not os.path.isdir(folder):
            try:
                os.makedirs(folder)
            except OSError as exc:
                if exc.errno != errno.EEXIST:
                    raise PublishError("cannot create the publish journal folder %s: %s"
                                       % (folder, exc))
        token = uuid.uuid4().hex
        partial = os.path.join(folder, "%s.partial" % token)
        handle = io.open(partial, "ab")
        # Locked before it is visible under its final name: a recovering run
        # never sees a journal of a live run unlocked.
        _lock(handle, blocking=True)
        journal = cls(os.path.join(folder, token + SUFFIX), handle)
        journal.append({"run": token, "host": socket.gethostname(), "pid": os.getpid(),
                        "started": utc_now().isoformat()})
        os.rename(partial, journal.path)
        return journal

    @classmethod
    def claim(cls, path):
        """The journal at ``path`` if its run is dead (locked by us now), else None."""
        try:
            handle = io.open(path, "r+b")
        except (IOError, OSError):
            return None
        journal = cls(path, handle)
        try:
            _lock(handle, blocking=False)
        except (IOError, OSError):
            handle.close()
            return None
        if not os.path.exists(path):  # finished and removed meanwhile
            journal.release()
            return None
        return journal

    @property
    def entries(self):
        self.handle.seek(0)
        entries = []
        for line in self.handle.read().splitlines():
            try:
                entries.append(json.loads(line.decode("utf-8")))
            except ValueError:
                break  # cut short by a crash: what it announced never started
        return entries

    def append(self, entry):
        self.handle.seek(0, os.SEEK_END)
        self.handle.write((json.dumps(entry, sort_keys=True) + "\n").encode("utf-8"))
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def discard(self):
        try:
            os.remove(self.path)
        except OSError:
            pass
        self.release()

    def release(self):
        if not self.handle.closed:
            self.handle.close()  # closing drops the lock


def _lock(handle, blocking):
    """Lock ``handle``'s file for this process; IOError/OSError if taken (not blocking).

    The lock goes when the process does, however it ends (``kill -9`` too):
    ``flock`` on POSIX (NFS: emulated over ``fcntl`` locks by Linux), the first
    byte through ``msvcrt.locking`` on Windows.
    """
    if fcntl is not None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        return
    handle.seek(0)
    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK if blocking else msvcrt.LK_NBLCK, 1)
