"""Which publish a path is, and whether it is the latest: the one resolver every app shares.

The Breakdown (what a scene loads), the Publisher (the dependencies of a scene)
and the Loader (what is already in the scene) all ask the same question of many
paths at once: *is this file a publish, which one, and is there a newer
version?* :func:`resolve_paths` answers it for a whole scene with **one**
batched store request, whatever the number of paths::

    from toolkit.publish.resolve import resolve_paths
    for item in resolve_paths(store, [ref.path for ref in host.list_references()],
                              templates=project.templates,
                              relative_to=os.path.dirname(scene_path)):
        print(item.path, item.status, item.version, item.latest_version)

How a path is read, in order, all before the single store request:

1. **Spelling.** A relative path is read from ``relative_to`` (the scene's
   folder); ``..``, doubled slashes and backslashes are normalised the way the
   store keys published paths (:func:`toolkit.store.normalize_path`). A path
   reaching a storage root through a symlink, or by the root's physical folder,
   is also tried under the configured spelling (:mod:`toolkit.roots`).
2. **Templates.** A path inside a template is also tried as the template writes
   a published path: a frame sequence spelled ``####``, ``@@@@``, ``$F4`` or as
   one concrete frame (``.1001.``) is looked up as ``%04d``, the spelling a
   sequence publish is recorded under (:mod:`toolkit.publish.targets`).
3. **Store.** Every spelling of every path goes to
   :meth:`Store.publishes_by_paths` together: the record at that path and the
   latest record of its key (name, type, entity, task) come back in one request.

Each path then gets a status: :data:`LATEST`, :data:`OUT_OF_DATE` (with how
many versions behind), :data:`NOT_A_PUBLISH` (no record; ``template`` tells
whether it is at least inside a template) or :data:`MISSING` (no file at the
path; checked unless ``check_files=False``). :data:`PINNED` belongs to callers
that keep pins (the Breakdown); the resolver never sets it.
"""

import os
import re

import six

from toolkit.store.base import normalize_path, record_key

#: The newest version of its publish.
LATEST = "latest"
#: A publish with newer versions (:attr:`Resolution.behind` says how many).
OUT_OF_DATE = "out_of_date"
#: Kept at its version on purpose (set by the Breakdown from the scene's pins).
PINNED = "pinned"
#: No publish was recorded at the path.
NOT_A_PUBLISH = "not_a_publish"
#: Nothing on disk at the path (no frame at all, for a sequence).
MISSING = "missing"

#: Every status, in the order a summary lists them.
STATUSES = (OUT_OF_DATE, MISSING, PINNED, LATEST, NOT_A_PUBLISH)

# A frame placeholder in a file name, in any host's spelling.
_FRAME_TOKEN = re.compile(r"%0?(\d*)d|#+|@+|\$F(\d*)")
# A file name that may be a frame of a sequence: a placeholder, or digits
# between dots or after an underscore before the extension ("plate.1001.exr").
_MAY_BE_FRAME = re.compile(r"%0?\d*d|#|@|\$F|[._]\d+\.[^.]*$")


class Resolution(object):
    """What one path is, as :func:`resolve_paths` found it.

    ``path`` is the path as given; ``lookup_path`` the spelling the publish was
    found under (else the normalised path); ``publish`` the PublishedFile
    record or None; ``latest`` the highest-version record of the same key (the
    record itself when it is the newest); ``template`` the path template the
    path lies in (or None) and ``fields`` what it reads from the path (both
    read on first use when the lookup did not need them); ``exists`` whether a
    file (a frame, for a sequence) is at the path, None when files were not
    checked.
    """

    __slots__ = ("path", "lookup_path", "publish", "latest", "exists", "_match", "_matcher")

    def __init__(self, path, lookup_path, publish=None, latest=None, match=None, exists=None,
                 matcher=None):
        self.path = path
        self.lookup_path = lookup_path
        self.publish = publish
        self.latest = latest
        self.exists = exists
        self._match = match        # (template, fields), or None until asked
        self._matcher = matcher    # () -> (template, fields)

    def _matched(self):
        if self._match is None:
            self._match = self._matcher() if self._matcher is not None else (None, None)
            self._matcher = None
        return self._match

    @property
    def template(self):
        """The path template the path lies in, or None."""
        return self._matched()[0]

    @property
    def fields(self):
        """The fields the template reads from the path, or None."""
        return self._matched()[1]

    @property
    def is_publish(self):
        """True when a publish was recorded at the path."""
        return self.publish is not None

    @property
    def key(self):
        """The publish key ``(name, type, (entity type, id), task id)``, or None."""
        if self.publish is None:
            return None
        return record_key(self.publish)

    @property
    def version(self):
        """The version of the publish at the path, or None."""
        return self.publish.get("version_number") if self.publish else None

    @property
    def latest_version(self):
        """The newest version of the same publish, or None."""
        record = self.latest or self.publish
        return record.get("version_number") if record else None

    @property
    def behind(self):
        """How many versions the newest is ahead of this one (0 when current or no publish)."""
        if self.version is None or self.latest_version is None:
            return 0
        return max(0, self.latest_version - self.version)

    @property
    def status(self):
        """:data:`MISSING`, :data:`NOT_A_PUBLISH`, :data:`OUT_OF_DATE` or :data:`LATEST`.

        A missing file wins: whatever the store says, the scene cannot load it.
        """
        if self.exists is False:
            return MISSING
        if self.publish is None:
            return NOT_A_PUBLISH
        return OUT_OF_DATE if self.behind else LATEST

    def describe(self):
        """One line for people: ``v003 of SH010_comp_main (2 behind v005)``."""
        if self.publish is None:
            where = ("inside template %s, but not published" % self.template.name
                     if self.template is not None else "outside every template")
            text = "not a publish (%s)" % where
        elif self.behind:
            text = "v%03d of %s, %d behind v%03d" % (self.version, self.publish.get("name"),
                                                     self.behind, self.latest_version)
        else:
            text = "v%03d of %s, latest" % (self.version, self.publish.get("name"))
        if self.exists is False:
            text = "missing file; " + text
        return text

    def as_dict(self):
        """A JSON-ready summary (the ``--json`` output of the command line)."""
        return {
            "path": self.path, "lookup_path": self.lookup_path, "status": self.status,
            "publish_id": self.publish.get("id") if self.publish else None,
            "name": self.publish.get("name") if self.publish else None,
            "published_file_type": (self.publish.get("published_file_type")
                                    if self.publish else None),
            "version": self.version, "latest_version": self.latest_version,
            "latest_path": (self.latest or {}).get("path") if self.publish else None,
            "behind": self.behind,
            "template": self.template.name if self.template is not None else None,
            "exists": self.exists,
        }

    def __repr__(self):
        return "<Resolution %s: %s>" % (self.path, self.status)


#: PublishedFile fields the resolver asks for besides the key and the path
#: (:data:`toolkit.store.base.BY_PATH_FIELDS`): every field costs, for every
#: reference of every scene opened.
RESOLVE_FIELDS = ("first_frame", "last_frame")


def resolve_paths(store, paths, templates=None, relative_to=None, check_files=True,
                  fields=RESOLVE_FIELDS):
    """Resolve every path of ``paths`` to its publish, in one store request.

    ``store``: a :class:`toolkit.store.Store`. ``paths``: file paths as a host
    reports them (frame placeholders kept). ``templates``: the project's
    :class:`toolkit.templates.TemplateSet` (None: exact paths and symlinked
    roots only, no template spellings). ``relative_to``: the folder relative
    paths are read from (the scene's folder; None: the working folder).
    ``check_files``: look on disk for each path (one ``stat``, or one listing
    per folder of sequences). ``fields``: PublishedFile fields wanted in the
    records besides the key and path ones (None: all of them).

    Returns one :class:`Resolution` per path, in the order of ``paths``
    (duplicates resolved once and shared). Never more than one store request
    (:meth:`Store.publishes_by_paths`); none for an empty list.
    """
    if isinstance(paths, six.string_types):
        raise TypeError("resolve_paths takes a list of paths, got the single path %r"
                        % (paths,))
    roots = _roots(store, templates)
    spellings = {}   # path as given -> ([spellings to try, best first], match or matcher)
    wanted = []
    for path in paths:
        if path in spellings:
            continue
        tried, match = _spellings(path, templates, relative_to, roots)
        spellings[path] = (tried, match)
        wanted.extend(tried)
    found = store.publishes_by_paths(wanted, fields=fields) if wanted else {}
    listings = {}
    resolved = {}
    results = []
    for path in paths:
        item = resolved.get(path)
        if item is None:
            tried, match = spellings[path]
            hit = next((spelling for spelling in tried if spelling in found), None)
            publish, latest = found[hit] if hit else (None, None)
            item = resolved[path] = Resolution(
                path, hit or (tried[0] if tried else path), publish, latest,
                match if isinstance(match, tuple) else None,
                _exists(tried[0], listings) if check_files and tried else None,
                match if callable(match) else None)
        results.append(item)
    return results


def resolve_path(store, path, templates=None, relative_to=None, check_files=True,
                 fields=RESOLVE_FIELDS):
    """:func:`resolve_paths` for one path: its :class:`Resolution`."""
    return resolve_paths(store, [path], templates, relative_to, check_files, fields)[0]


def version_history(store, publish):
    """Every version of ``publish``'s key (name, type, entity, task), newest first.

    For a version drop-down; one request. ``publish`` is a PublishedFile record.
    """
    task = publish.get("task")
    filters = [["name", "is", publish["name"]],
               ["published_file_type", "is", publish["published_file_type"]],
               ["entity", "is", publish["entity"]],
               ["task", "is", {"type": "Task", "id": task["id"]} if task else None]]
    return store.find("PublishedFile", filters, order=[("version_number", "desc")])


def in_spelling_of(recorded, like):
    """``recorded`` (a publish's path) with the frame placeholder spelled as in ``like``.

    A publish records a sequence as ``%04d``; a Nuke Read may say ``####`` and a
    Houdini parm ``$F4``. Updating such a node keeps its host's spelling, at
    the new publish's padding; a node naming one frame (``.1001.``) gets the
    same frame of the new publish. Paths without a placeholder come back
    unchanged.
    """
    from toolkit.templates.keys import frame_spelling, parse_spelling
    like_name = os.path.basename(like or "")
    old = _FRAME_TOKEN.search(like_name)
    name = os.path.basename(recorded)
    new = _FRAME_TOKEN.search(name)
    if new is None:
        return recorded
    if old is None:
        # One frame named (Blender's image sequences name their first frame):
        # the same frame of the new publish.
        before = name[new.start() - 1:new.start()]  # the separator: "." of ".%04d."
        frame = re.search(re.escape(before) + r"(\d+)" + re.escape(name[new.end():]) + r"\Z",
                          like_name)
        width = parse_spelling(new.group(0))
        if frame is None or width is None:
            return recorded
        text = "%0*d" % (width[1], int(frame.group(1)))
        return recorded[:len(recorded) - len(name)] + name[:new.start()] + text + \
            name[new.end():]
    kind = parse_spelling(old.group(0))
    width = parse_spelling(new.group(0))
    if kind is None or width is None:
        return recorded
    token = frame_spelling(kind[0], width[1])
    return recorded[:len(recorded) - len(name)] + name[:new.start()] + token + name[new.end():]


# -- spellings ---------------------------------------------------------------

def _roots(store, templates):
    roots = getattr(templates, "roots", None) or getattr(store, "roots", None) or {}
    return [root for root in roots.values() if root]


def _spellings(path, templates, relative_to, roots):
    """``([spellings to look up], match)`` for one path as given.

    ``match`` is ``(template, fields)`` when the templates were read to find a
    spelling (frame sequences), else a function reading them on demand: most
    references are plain files recorded as spelled, and a template lookup per
    reference would be most of a scene's cost.
    """
    if not isinstance(path, six.string_types) or not path:
        return [], (None, None)
    native = path
    if relative_to and not os.path.isabs(native):
        native = os.path.join(relative_to, native)
    native = os.path.normpath(os.path.abspath(native))
    tried = [native.replace("\\", "/") if isinstance(native, six.text_type)
             else normalize_path(native)]
    alias = None
    if roots and not any(_inside(native, root) for root in roots):
        from toolkit.roots import under_root
        alias = under_root(native, roots)
        if alias is not None:
            tried.append(normalize_path(alias))
    if templates is None:
        return tried, (None, None)
    spelled = alias or native

    def match():
        return templates.match_path(spelled)
    if not _MAY_BE_FRAME.search(os.path.basename(spelled)):
        return tried, match
    template, fields = match()
    canonical = _recorded_spelling(template, fields)
    if canonical is not None:
        canonical = normalize_path(canonical)
        if canonical not in tried:
            tried.append(canonical)
    return tried, (template, fields)


def _inside(path, root):
    """True when ``path`` is ``root`` or below it, as spelled (no file system access)."""
    root = os.path.normpath(root)
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _recorded_spelling(template, fields):
    """The path a publish of ``template`` is recorded under, for these fields.

    Only differs from the path for frame sequences: a publish records ``%04d``
    (the key's padding) whatever spelling or frame the scene uses.
    """
    if template is None or not fields:
        return None
    sequence_keys = [name for name, key in (getattr(template, "keys", None) or {}).items()
                     if getattr(key, "type_name", None) == "sequence" and name in fields]
    if not sequence_keys:
        return None
    canonical = dict(fields)
    for name in sequence_keys:
        canonical[name] = "FORMAT: %d"
    try:
        return template.apply_fields(canonical)
    except Exception:  # a field the template refuses to write back: keep the path as is
        return None


# -- files on disk ------------------------------------------------------------

def _exists(path, listings):
    """True when ``path`` is a file (a sequence: when at least one frame is)."""
    folder, name = os.path.split(path)
    if not _FRAME_TOKEN.search(name):
        return os.path.exists(path)
    pattern = _frame_regex(name)
    names = listings.get(folder)
    if names is None:
        try:
            names = listings[folder] = os.listdir(folder)
        except OSError:
            names = listings[folder] = []
    return any(pattern.match(entry) for entry in names)


def _frame_regex(name):
    """A regex matching the frames of the sequence file name ``name``."""
    parts = []
    last = 0
    for match in _FRAME_TOKEN.finditer(name):
        parts.append(re.escape(name[last:match.start()]))
        token = match.group(0)
        if token.startswith("%"):
            width = match.group(1)
            parts.append(r"-?\d{%d,}" % int(width) if width else r"-?\d+")
        elif token.startswith("$F"):
            width = match.group(2)
            parts.append(r"-?\d{%d,}" % int(width) if width else r"-?\d+")
        else:
            parts.append(r"-?\d{%d,}" % len(token))
        last = match.end()
    parts.append(re.escape(name[last:]))
    return re.compile("".join(parts) + r"\Z")
