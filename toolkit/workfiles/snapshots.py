"""Snapshots: a timestamped copy of a work file, kept in the snapshot template's folder."""

import errno
import os
import shutil

from toolkit.clock import utc_now
from toolkit.workfiles.area import FAMILY_OPEN_FIELDS, TIMESTAMP_FIELD, VERSION_FIELD, WorkArea
from toolkit.workfiles.errors import WorkfilesError
from toolkit.workfiles.scan import scan_template


def snapshot(host, project, now=None):
    """Copy the open scene (saved first when modified) to its snapshot path; return it.

    The snapshot keeps the work file's fields (name, version, sandbox) and adds
    the time (``now``, default: the current UTC time). The copy is created
    exclusively, under a temporary name first, so an existing snapshot is never
    overwritten and a half-copied one never appears.
    """
    area, fields = WorkArea.for_path(project, host.current_scene_path())
    if area.snapshot is None:
        raise WorkfilesError("work template %s has no snapshot template (expected %s)"
                             % (area.work.name, area.work.name[:-5] + "_snapshot"))
    source = host.current_scene_path()
    fields = dict(fields)
    fields[TIMESTAMP_FIELD] = (now or utc_now()).replace(microsecond=0)
    target = area.snapshot.apply_fields(fields)  # a refused field raises here, before writing
    if host.is_modified():
        host.save_scene()
    return copy_exclusive(source, target)


def copy_exclusive(source, target):
    """Copy ``source`` to ``target``, which must not exist; return ``target``."""
    folder = os.path.dirname(target)
    try:
        os.makedirs(folder)
    except OSError as exc:
        if exc.errno != errno.EEXIST:
            raise WorkfilesError("cannot create the folder %s: %s" % (folder, exc.strerror))
    if getattr(os, "link", None) is None:  # Python 2 on Windows: create, then fill
        return _copy_into_new(source, target)
    partial = os.path.join(folder, ".%s.%d.part" % (os.path.basename(target), os.getpid()))
    shutil.copyfile(source, partial)
    try:
        os.link(partial, target)  # fails when target exists: never overwrites
    except OSError as exc:
        os.remove(partial)
        if exc.errno == errno.EEXIST:
            raise WorkfilesError("snapshot %s already exists" % target)
        raise WorkfilesError("cannot write the snapshot %s: %s" % (target, exc.strerror))
    os.remove(partial)
    return target


def _copy_into_new(source, target):
    try:
        handle = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
    except OSError as exc:
        raise WorkfilesError("snapshot %s already exists" % target if exc.errno == errno.EEXIST
                             else "cannot write the snapshot %s: %s" % (target, exc.strerror))
    try:
        with os.fdopen(handle, "wb") as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out)
    except BaseException:
        os.remove(target)
        raise
    return target


def list_snapshots(area, fields):
    """``[(path, fields)]`` of the snapshots of ``fields``' family, any version, newest first."""
    if area.snapshot is None:
        return []
    family = area.family(fields)
    open_fields = [f for f in area.snapshot.keys if f in FAMILY_OPEN_FIELDS]
    found = scan_template(area.snapshot, family, open_fields)
    found.sort(key=lambda item: (item[1].get(VERSION_FIELD, 0), item[1].get(TIMESTAMP_FIELD)),
               reverse=True)
    return found
