"""One publish run: several publishes land together, or none of them does.

:func:`toolkit.publish.publish_file` makes one publish crash-safe. A publish
*run* (the Publisher's several instances: the workfile, a cache, a render...)
needs the same guarantee across all of them::

    run = PublishRun(project, store)
    run.add(context, "/tmp/stage/cache.abc", templates["maya_shot_cache"],
            {"name": "hero"}, "Alembic Cache")
    run.add(context, scene_path, templates["maya_shot_publish"], {}, "Maya Scene")
    records = run.commit()          # every record, or PublishError and nothing

The order of :meth:`PublishRun.commit`:

1. check every publish (sources, fields through the templates, links,
   dependencies) before anything is touched;
2. open a *journal* (``<project>/.reelkit/publish_runs/<id>.json``) held under an
   exclusive lock for the life of the run;
3. reserve one version per publish (committed at once, so concurrent publishers
   never collide) and note them in the journal;
4. compute every published path, refuse one that exists or that two publishes
   of the run share, and note the paths in the journal (flushed) before any
   file is placed;
5. place every file (:mod:`toolkit.publish.transfer`: staged beside its target,
   flushed, renamed into place) and the thumbnails;
6. register every record in **one** store transaction
   (:meth:`Store.register_publishes`);
7. delete the journal.

A failure in 3-6 removes every file placed, releases the reserved versions and
deletes the journal: nothing was published. A process killed in 3-6 (``kill
-9``, a crash, a power cut) leaves its journal behind with its lock released;
the next run in the project (or :func:`recover_runs`) finds it, sees that its
records were never registered, and removes the files and folders it placed.
A journal whose records are in the store (the process died between 6 and 7)
is simply deleted.
"""

import errno
import io
import json
import logging
import os
import shutil
import socket
import tempfile
import uuid

import six

from toolkit.clock import utc_now
from toolkit.config.project import publish_setting
from toolkit.publish import transfer
from toolkit.publish.errors import PublishError
from toolkit.publish.publisher import (
    _copy_thumbnail, _dependency_link, _entity_link, _step_link, _task_link, _template_keys,
    _user_link, default_name)
from toolkit.publish.source import resolve_source
from toolkit.publish.targets import publish_targets

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
    import msvcrt

log = logging.getLogger(__name__)

#: Folder of the run journals, relative to the project folder.
JOURNAL_FOLDER = os.path.join(".reelkit", "publish_runs")
_SUFFIX = ".json"


def journal_folder(project):
    """Where the runs of ``project`` keep their journals."""
    return os.path.join(project.root, JOURNAL_FOLDER)


class PlannedPublish(object):
    """One publish of a run, as :meth:`PublishRun.add` checked it.

    ``label`` names it in errors and reports (the Publisher's instance name);
    ``record`` is the registered PublishedFile once the run committed.
    """

    def __init__(self, label, source, template, fields, published_file_type, name, comment,
                 thumbnail, links, upstream):
        self.label = label
        self.source = source
        self.template = template
        self.fields = fields
        self.published_file_type = published_file_type
        self.name = name
        self.comment = comment
        self.thumbnail = thumbnail
        self.links = links            # entity, task, step, created_by
        self.upstream = upstream
        self.version = None
        self.pairs = None
        self.record_path = None
        self.record = None
        self.thumbnail_path = None
        self.frame_range = None

    def key(self):
        return (self.name, self.published_file_type, self.links["entity"], self.links["task"])


class PublishRun(object):
    """Several publishes committed as one: all registered, or none and no file left.

    ``store``: an open store (opened from ``project`` and closed by
    :meth:`close` when None). ``user``: a User link or login for every record
    (default: each context's user, else the login running this).
    ``journal_dir`` overrides :func:`journal_folder` (tests).
    """

    def __init__(self, project, store=None, user=None, read_only=None, journal_dir=None):
        self.project = project
        self._own_store = store is None
        if store is None:
            from toolkit.store import open_store
            store = open_store(project)
        self.store = store
        self.user = user
        settings = getattr(project, "settings", None) or {}
        self.read_only = publish_setting(settings, "read_only") if read_only is None \
            else read_only
        self.flush = publish_setting(settings, "flush")
        self.journal_dir = journal_dir or journal_folder(project)
        self.publishes = []
        self._staging = None
        self._committed = False

    # -- planning ---------------------------------------------------------------

    def staging_dir(self):
        """A temporary folder of this run for files made to be published (extracts).

        Removed by :meth:`close`; never a published path.
        """
        if self._staging is None:
            self._staging = tempfile.mkdtemp(prefix="reelkit-publish-")
        return self._staging

    def add(self, context, source, template, fields, published_file_type, comment="",
            name=None, thumbnail=None, dependencies=(), label=None, frame_range=None):
        """Plan one publish (arguments as :func:`toolkit.publish.publish_file`).

        ``frame_range`` ``(first, last)`` is recorded for a single file that holds
        frames (an Alembic cache, a movie); a frame sequence records its own.

        Everything that can be checked without a version is checked here - the
        source exists, the fields suit the template, the entity, task and
        dependencies are in the store - so a bad publish is refused before any
        of the run is placed. Returns the :class:`PlannedPublish`.
        """
        if self._committed:
            raise PublishError("this publish run was already committed")
        label = label or name or (source if isinstance(source, six.string_types) else "?")
        try:
            planned = self._plan(context, source, template, dict(fields or {}),
                                 published_file_type, comment, name, thumbnail, dependencies,
                                 label)
        except PublishError as exc:
            raise PublishError("%s: %s" % (label, exc))
        if frame_range is not None:
            planned.frame_range = (int(frame_range[0]), int(frame_range[1]))
        self.publishes.append(planned)
        return planned

    def _plan(self, context, source, template, fields, published_file_type, comment, name,
              thumbnail, dependencies, label):
        if not isinstance(published_file_type, six.string_types) or not published_file_type:
            raise PublishError("a published file type is required (e.g. 'Maya Scene')")
        if thumbnail and not os.path.isfile(thumbnail):
            raise PublishError("thumbnail %s does not exist" % thumbnail)
        src = resolve_source(source)
        store = self.store
        entity = _entity_link(store, getattr(context, "entity", None))
        links = {
            "entity": entity,
            "task": _task_link(store, getattr(context, "task", None), entity),
            "step": _step_link(store, getattr(context, "step", None), entity),
            "created_by": _user_link(store, self.user if self.user is not None
                                     else getattr(context, "user", None)),
        }
        upstream = []
        for dependency in dependencies or ():
            link = _dependency_link(store, dependency)
            if link not in upstream:
                upstream.append(link)
        all_fields = dict(context.as_template_fields() if context is not None else {})
        all_fields.update(fields)
        name = name or all_fields.get("name") or default_name(src.spec)
        if "name" in _template_keys(template) and "name" not in all_fields:
            all_fields["name"] = name
        probe = dict(all_fields, version=1)
        if src.is_sequence:
            probe["SEQ"] = src.first_frame
        template.apply_fields(probe)  # a bad field is refused now, before any version
        return PlannedPublish(label, src, template, all_fields, published_file_type, name,
                              comment, thumbnail, links, upstream)

    # -- committing -------------------------------------------------------------

    def commit(self, progress=None):
        """Publish everything planned; return the records in the order planned.

        ``progress(done, total, label)`` is called as files are placed. Raises
        :class:`PublishError` (or the store's error) with nothing published.
        """
        if self._committed:
            raise PublishError("this publish run was already committed")
        if not self.publishes:
            raise PublishError("nothing to publish: the run holds no publish")
        recover_runs(self.project, self.store, self.journal_dir)
        journal = _Journal.create(self.journal_dir)
        placed, created = [], []
        try:
            self._reserve(journal)
            self._targets(journal, created)
            self._place(placed, progress)
            records = self.store.register_publishes([self._record(p) for p in self.publishes])
        except BaseException as exc:
            self._undo(placed, created)
            journal.discard()
            if isinstance(exc, Exception) and not isinstance(exc, PublishError):
                log.debug("publish run failed", exc_info=True)
            raise
        journal.discard()
        for planned, record in zip(self.publishes, records):
            planned.record = record
            log.info("published %s v%03d: %s", planned.name, planned.version, record["path"])
        self._committed = True
        return records

    def _reserve(self, journal):
        for planned in self.publishes:
            planned.version = self.store.reserve_version(*planned.key())
            journal.append({"reserved": [planned.name, planned.published_file_type,
                                         planned.links["entity"], planned.links["task"],
                                         planned.version]})

    def _targets(self, journal, created):
        seen = {}
        targets_all = []
        for index, planned in enumerate(self.publishes):
            planned.fields["version"] = planned.version
            try:
                planned.pairs, planned.record_path = publish_targets(
                    planned.template, planned.fields, planned.source)
            except PublishError as exc:
                raise PublishError("%s: %s" % (planned.label, exc))
            targets = [target for _, target in planned.pairs]
            folder = transfer.common_folder(targets)
            existing = transfer.existing_targets(targets, folder)
            if existing:
                raise PublishError("%s: %s already exists: a published file is never "
                                   "overwritten" % (planned.label, existing[0]))
            for target in targets:
                other = seen.setdefault(os.path.normcase(target), index)
                if other != index:
                    raise PublishError("%s and %s would both publish %s"
                                       % (self.publishes[other].label, planned.label, target))
            targets_all.extend(targets)
            if planned.thumbnail:
                targets_all.append(_thumbnail_target(planned.thumbnail, targets[0]))
        created.extend(_missing_folders(targets_all))
        journal.append({"targets": targets_all, "folders": created,
                        "records": [p.record_path for p in self.publishes]})

    def _place(self, placed, progress):
        total = sum(len(p.pairs) for p in self.publishes)
        done = [0]
        for planned in self.publishes:
            start = done[0]

            def step(count, _total, planned=planned, start=start):
                done[0] = start + count
                if progress is not None:
                    progress(done[0], total, planned.label)
            targets = [target for _, target in planned.pairs]
            try:
                placed.extend(transfer.transfer(
                    planned.pairs, read_only=self.read_only, progress=step, flush=self.flush,
                    folder=transfer.common_folder(targets)))
            except PublishError as exc:
                raise PublishError("%s: %s" % (planned.label, exc))
            done[0] = start + len(planned.pairs)
            if planned.thumbnail:
                planned.thumbnail_path = _copy_thumbnail(planned.thumbnail, targets[0])
                placed.append(planned.thumbnail_path)
            if progress is not None:
                progress(done[0], total, planned.label)

    def _record(self, planned):
        src = planned.source
        return dict(planned.links, **{
            "path": planned.record_path,
            "name": planned.name,
            "published_file_type": planned.published_file_type,
            "version_number": planned.version,
            "description": planned.comment or None,
            "thumbnail_path": planned.thumbnail_path,
            "first_frame": src.first_frame if src.first_frame is not None else
            (planned.frame_range or (None, None))[0],
            "last_frame": src.last_frame if src.last_frame is not None else
            (planned.frame_range or (None, None))[1],
            "upstream": list(planned.upstream),
        })

    def _undo(self, placed, created):
        for path in placed:
            transfer._remove(path)
        _remove_folders(created)
        for planned in reversed(self.publishes):
            if planned.version is None:
                continue
            try:
                self.store.release_version(*(planned.key() + (planned.version,)))
            except Exception:  # the original error matters more
                log.warning("could not release version %d of %r", planned.version,
                            planned.name, exc_info=True)
            planned.version = None

    def close(self):
        """Remove the staging folder; close the store if the run opened it."""
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
        if self._own_store:
            self.store.close()
            self._own_store = False

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


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
        if not name.endswith(_SUFFIX):
            continue
        path = os.path.join(folder, name)
        journal = _Journal.claim(path)
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
    _remove_staging_leftovers(list(targets) + list(plan.get("folders") or ()))
    _remove_folders(plan.get("folders") or ())
    for name, published_file_type, entity, task, version in reversed(reserved):
        try:
            store.release_version(name, published_file_type, entity, task, version)
        except Exception:
            log.warning("could not release version %d of %r", version, name, exc_info=True)
    log.warning("publish run %s was interrupted: %d file(s) it placed were removed, nothing "
                "of it is published", path, len(plan.get("targets") or ()))


def _thumbnail_target(thumbnail, first_target):
    return os.path.join(os.path.dirname(first_target), ".thumbnails",
                        os.path.basename(first_target) + os.path.splitext(thumbnail)[1])


def _missing_folders(paths):
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


def _remove_staging_leftovers(paths):
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


def _remove_folders(folders):
    """Remove each folder that is empty (deepest first); a non-empty one stays."""
    for folder in sorted(folders, key=lambda f: (-f.count(os.sep), f)):
        try:
            os.rmdir(folder)
        except OSError:
            pass


class _Journal(object):
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
        journal = cls(os.path.join(folder, token + _SUFFIX), handle)
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
