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
the next run in the project (or :func:`toolkit.publish.journal.recover_runs`) finds it, sees that its
records were never registered, and removes the files and folders it placed.
A journal whose records are in the store (the process died between 6 and 7)
is simply deleted.
"""

import logging
import os
import shutil
import tempfile

import six

from toolkit.config.project import publish_setting
from toolkit.publish import transfer
from toolkit.publish.errors import PublishError
from toolkit.publish.fields import publish_fields
from toolkit.publish.journal import (Journal, journal_folder, missing_folders,
                                     recover_runs, remove_folders)
from toolkit.publish.links import (dependency_link, entity_link, step_link, task_link,
                                   user_link)
from toolkit.publish.publisher import default_name
from toolkit.publish.thumbnails import copy_thumbnail, thumbnail_path
from toolkit.publish.source import resolve_source
from toolkit.publish.targets import publish_targets, template_keys

log = logging.getLogger(__name__)

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
        entity = entity_link(store, getattr(context, "entity", None))
        links = {
            "entity": entity,
            "task": task_link(store, getattr(context, "task", None), entity),
            "step": step_link(store, getattr(context, "step", None), entity),
            "created_by": user_link(store, self.user if self.user is not None
                                     else getattr(context, "user", None)),
        }
        upstream = []
        for dependency in dependencies or ():
            link = dependency_link(store, dependency)
            if link not in upstream:
                upstream.append(link)
        all_fields = publish_fields(context, fields, label)
        name = name or all_fields.get("name") or default_name(src.spec)
        if "name" in template_keys(template) and "name" not in all_fields:
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
        journal = Journal.create(self.journal_dir)
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
                targets_all.append(thumbnail_path(planned.thumbnail, targets[0]))
        created.extend(missing_folders(targets_all))
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
                planned.thumbnail_path = copy_thumbnail(planned.thumbnail, targets[0])
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
        remove_folders(created)
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
