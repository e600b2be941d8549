"""The next free version of a work file, and taking it without a race.

Scanning for the highest version and then writing is not enough: two artists
saving at the same moment both see version 7 and both write version 8. So a
version is *claimed* before anything is written:

1. the highest version of the family is read from the work area of every user
   and from the publish area (:func:`existing_versions`);
2. the next version's claim marker is created with ``O_CREAT | O_EXCL`` in a
   folder every sandbox shares (``work/.reelkit_claims/``): the filesystem
   lets exactly one process create it; the loser moves on to the next number;
3. the winner creates the work file itself, exclusively too (an empty file the
   host then saves over), so a file written by a tool that knows nothing of
   claims is never overwritten either.

A claim whose file never got written (the process died) leaves a gap in the
versions, never a duplicate -- as the publisher does with store versions.
"""

import errno
import hashlib
import json
import os

import six

from toolkit.workfiles.area import USER_FIELD, VERSION_FIELD
from toolkit.workfiles.errors import WorkfilesError
from toolkit.workfiles.scan import scan_template

#: Folder created beside the sandboxes to hold claim markers.
CLAIMS_FOLDER = ".reelkit_claims"

#: Versions tried past the first free one before giving up (a runaway guard).
MAX_ATTEMPTS = 1000


def family_files(template, family):
    """``[(path, fields)]`` of ``template``'s files of a family, in any sandbox, any
    version and extension (``family``: fields from :meth:`WorkArea.family`)."""
    open_fields = [f for f in template.keys if f not in family]
    return scan_template(template, family, open_fields, sort=False)


def existing_versions(area, fields):
    """``{version: [path, ...]}`` of the family of ``fields`` in every sandbox and the publish area."""
    family = area.family(fields)
    found = {}
    for template in (area.work, area.publish):
        if template is None:
            continue
        for path, read in family_files(template, family):
            version = read.get(VERSION_FIELD)
            if version is not None:
                found.setdefault(version, []).append(path)
    for paths in found.values():
        paths.sort()
    return found


def next_free_version(area, fields):
    """One more than the highest version of the family anywhere (1 when there is none)."""
    versions = existing_versions(area, fields)
    return max(versions) + 1 if versions else 1


def claims_folder(area, fields):
    """The folder every sandbox of this family shares, where claims are created.

    It is the folder just above the first path component holding the user key
    (the ``work/`` folder); without sandboxes, the work file's own folder.
    """
    template = area.work
    while template is not None and USER_FIELD in template.keys:
        template = template.parent
    if template is None or template is area.work:
        return os.path.join(os.path.dirname(area.work_path(fields, version=1)), CLAIMS_FOLDER)
    return os.path.join(template.apply_fields(fields), CLAIMS_FOLDER)


def claim_version(area, fields, first=None):
    """Claim the next free version of ``fields``' family; return ``(version, path)``.

    ``fields`` say where the file goes (sandbox user included); ``first`` is the
    lowest version to try (default: :func:`next_free_version`). On return, the
    empty file at ``path`` exists and belongs to the caller, who writes it (the
    host saves over it). :class:`WorkfilesError` when no version can be claimed.
    """
    version = next_free_version(area, fields) if first is None else first
    claims = claims_folder(area, fields)
    family = family_id(area, fields)
    _make_folders(claims)
    for _ in range(MAX_ATTEMPTS):
        path = area.work_path(fields, version=version)
        if _create_exclusive(os.path.join(claims, "%s.v%d" % (family, version)), path):
            _make_folders(os.path.dirname(path))
            if _create_exclusive(path):
                return version, path
        version += 1
    raise WorkfilesError("no free version of %s after %d attempts (claims in %s)"
                         % (area.work_path(fields, version=version), MAX_ATTEMPTS, claims))


def release(path):
    """Remove the empty file :func:`claim_version` created when nothing was written to it.

    The claim marker stays: the version is spent (a gap, never a duplicate).
    """
    try:
        if os.path.getsize(path) == 0:
            os.remove(path)
    except OSError:
        pass


def family_id(area, fields):
    """A short name for the family of ``fields`` (claim markers are named after it).

    A digest, not a file name: a template may write the user into the file
    name, and claims must collide across users.
    """
    family = area.family(fields)
    text = json.dumps([area.work.name, sorted((f, six.text_type(v)) for f, v in family.items())])
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _create_exclusive(path, content=None):
    """Create ``path`` (holding ``content``, else empty); False when it already exists."""
    try:
        handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
    except OSError as exc:
        if exc.errno == errno.EEXIST:
            return False
        raise WorkfilesError("cannot create %s: %s" % (path, exc.strerror or exc))
    try:
        if content:  # what the claim is for, for whoever finds the marker
            os.write(handle, content.encode("utf-8") if isinstance(content, six.text_type)
                     else content)
    finally:
        os.close(handle)
    return True


def _make_folders(folder):
    try:
        os.makedirs(folder)
    except OSError as exc:
        if exc.errno != errno.EEXIST or not os.path.isdir(folder):
            raise WorkfilesError("cannot create the folder %s: %s"
                                 % (folder, exc.strerror or exc))
