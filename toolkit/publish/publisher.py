"""``publish_file``: put a file or a frame sequence at its published path and record it.

The order makes a crash harmless:

1. check everything (source, fields through the template, links, dependencies);
2. reserve the next version in the store (committed at once, so two publishers
   never get the same number);
3. copy every file to a temporary name in its target folder (or a whole new
   folder to a hidden sibling), flush, and move all of them into place
   (:mod:`toolkit.publish.transfer`);
4. register the PublishedFile record.

If anything fails in 3 or 4, the files placed so far are removed and the
reserved version is given back when nothing was allocated after it, so the
rerun reuses it. If the process dies instead, the reserved version is simply
skipped by the next publish: versions may have gaps, never duplicates, and no
file is ever left half-written at a published path.
"""

import logging
import os
import re

import six

from toolkit.config.project import publish_setting
from toolkit.publish.errors import PublishError
from toolkit.publish.fields import publish_fields
from toolkit.publish.source import resolve_source
from toolkit.publish.journal import Journal, journal_folder, missing_folders, recover_runs
from toolkit.publish.links import (dependency_link, entity_link, step_link, task_link,
                                   user_link)
from toolkit.publish.targets import publish_targets, template_keys
from toolkit.publish.thumbnails import copy_thumbnail, thumbnail_path
from toolkit.publish import transfer

log = logging.getLogger(__name__)

_VERSION_TOKEN = re.compile(r"[._-]?v\d+$", re.IGNORECASE)
_FRAME_TOKEN = re.compile(r"[._-]?(%0?\d*d|#+|@+|\d+(-\d+)?(x\d+)?[#@]+)$")


def publish_file(project, context, source, template, fields, published_file_type,
                 comment="", name=None, thumbnail=None, dependencies=(), store=None,
                 read_only=None, user=None, progress=None):
    """Publish ``source`` through ``template``; return the PublishedFile record.

    ``source``: a file, or a frame sequence (``plate.%04d.exr``, ``plate.####.exr``,
    ``plate.@@@@.exr`` or ``plate.1001-1100#.exr``). ``fields`` add to
    ``context.as_template_fields()``; one that contradicts the context, or a
    ``version`` (the store allocates it), is refused (:mod:`toolkit.publish.fields`).
    Each frame goes to ``template`` with ``SEQ`` set to its number.
    ``name`` defaults to ``fields["name"]``, else the source's name without
    version, frame and extension. ``dependencies``: upstream publishes (records
    or published paths). ``read_only`` defaults to the project setting
    ``publish: {read_only: ...}``. ``user``: a User link or login (default: the
    context's user, else the login running this). ``progress(done, total)`` is
    called while files are copied.

    Refuses (:class:`PublishError`, :class:`FieldError`, :class:`StoreError`)
    before touching any file when the source is missing, a field is invalid, a
    link or dependency is unknown, or a published path already exists.
    """
    from toolkit.templates.arguments import check_fields, check_path
    check_path(source, "publish_file", "source")
    if fields is not None:
        check_fields(fields, "publish_file")
    src = resolve_source(source)
    own_store = store is None
    if own_store:
        from toolkit.store import open_store
        store = open_store(project)
    try:
        return _publish(project, context, src, template, dict(fields or {}),
                        published_file_type, comment, name, thumbnail, dependencies, store,
                        read_only, user, progress)
    finally:
        if own_store:
            store.close()


def _publish(project, context, src, template, fields, published_file_type, comment, name,
             thumbnail, dependencies, store, read_only, user, progress):
    if not isinstance(published_file_type, six.string_types) or not published_file_type:
        raise PublishError("a published file type is required (e.g. 'Maya Scene')")
    if thumbnail and not os.path.isfile(thumbnail):
        raise PublishError("thumbnail %s does not exist" % thumbnail)
    entity = entity_link(store, getattr(context, "entity", None))
    task = task_link(store, getattr(context, "task", None), entity)
    step = step_link(store, getattr(context, "step", None), entity)
    created_by = user_link(store, user if user is not None else getattr(context, "user", None))
    upstream = [dependency_link(store, dep) for dep in dependencies or ()]

    all_fields = publish_fields(context, fields)
    name = name or all_fields.get("name") or default_name(src.spec)
    if "name" in template_keys(template) and "name" not in all_fields:
        all_fields["name"] = name
    settings = getattr(project, "settings", None) or {}
    if read_only is None:
        read_only = publish_setting(settings, "read_only")
    flush = publish_setting(settings, "flush")

    # Bad field values are refused by the template before any file or version is touched.
    probe = dict(all_fields, version=1)
    if src.is_sequence:
        probe["SEQ"] = src.first_frame
    template.apply_fields(probe)

    journal = _open_journal(project, store)
    version = store.reserve_version(name, published_file_type, entity, task)
    placed = []
    try:
        all_fields["version"] = version
        pairs, record_path = publish_targets(template, all_fields, src)
        targets = [target for _, target in pairs]
        folder = transfer.common_folder(targets)
        existing = transfer.existing_targets(targets, folder)
        if existing:
            raise PublishError("%s already exists: a published file is never overwritten%s; %s"
                               % (existing[0], " (%d files exist)" % len(existing)
                                  if len(existing) > 1 else "", _owner_hint(store, record_path)))
        if journal is not None:
            # Noted before any file is placed: a kill from here on (frames placed
            # one by one in a shared folder, or files placed but not recorded) is
            # rolled back by the next publish run or 'reelkit recover'.
            # One entry, so one flush: the reservation and what will be placed.
            journal.append({"reserved": [name, published_file_type, entity, task, version],
                            "targets": targets + ([thumbnail_path(thumbnail, targets[0])]
                                                  if thumbnail else []),
                            "folders": missing_folders(targets), "records": [record_path]})
        placed = transfer.transfer(pairs, read_only=read_only, progress=progress, flush=flush,
                                   folder=folder)
        thumbnail_copy = None
        if thumbnail:
            thumbnail_copy = copy_thumbnail(thumbnail, pairs[0][1])
            placed.append(thumbnail_copy)
        record = store.register_publish({
            "path": record_path,
            "name": name,
            "published_file_type": published_file_type,
            "version_number": version,
            "entity": entity,
            "task": task,
            "step": step,
            "created_by": created_by,
            "description": comment or None,
            "thumbnail_path": thumbnail_copy,
            "first_frame": src.first_frame,
            "last_frame": src.last_frame,
            "upstream": upstream,
        })
    except BaseException:
        for path in placed:
            transfer._remove(path)
        try:
            store.release_version(name, published_file_type, entity, task, version)
        except Exception:  # the original error matters more
            log.warning("could not release version %d of %r", version, name, exc_info=True)
        if journal is not None:
            journal.discard()
        raise
    if journal is not None:
        journal.discard()
    log.info("published %s v%03d: %s", name, version, record_path)
    return record


def _open_journal(project, store):
    """A publish-run journal for this publish (toolkit.publish.run), after rolling
    back the runs a crash interrupted; None for a project without a folder."""
    if not getattr(project, "root", None):
        return None
    recover_runs(project, store)
    return Journal.create(journal_folder(project))


def _owner_hint(store, record_path):
    """What to do about a published path that exists (docs/hardening.md, the rule)."""
    try:
        found = store.publishes_by_paths([record_path])
    except Exception:  # the hint must never hide the error itself
        found = None
    if found:
        publish = list(found.values())[0][0]
        return ("it is publish '%s' v%03d (id %d): publish under another name or template"
                % (publish.get("name"), publish.get("version_number") or 0, publish["id"]))
    if found is None:
        return "run 'reelkit recover' to see whether a crashed publish left it"
    return ("no publish record names it (a crashed attempt left it): 'reelkit recover "
            "--repair' moves it aside, then publish again")


def default_name(spec):
    """``comp_v003.nk`` -> ``comp``; ``plate.%04d.exr`` -> ``plate``."""
    base = os.path.basename(spec)
    stem = base.split(".", 1)[0] if not base.startswith(".") else base
    # keep the part before the extension(s), then drop frame and version tokens
    stem = _FRAME_TOKEN.sub("", stem)
    stem = _VERSION_TOKEN.sub("", stem)
    return stem.strip("._-") or base


