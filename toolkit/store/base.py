"""The abstract :class:`Store`: what every backend offers, and the checks they share.

A backend (SQLite, PostgreSQL, later ShotGrid) implements the ``_``-less methods
that raise :class:`NotImplementedError` here. Requests are checked before a
backend sees them, so every backend refuses bad input the same way and writes
nothing: an unknown entity type, a field the type does not have, an unknown
filter operator or a value of the wrong kind is a :class:`StoreError` naming it.
"""

import datetime
import os
import sys

import six

from toolkit.roots import resolve_parent_refs
from toolkit.store import entities
from toolkit.store.entities import DATETIME, INT, LINK, MULTILINK, TEXT, entity_type
from toolkit.store.errors import StoreError

OPERATORS = ("is", "is_not", "in", "not_in", "contains", "starts_with",
             "greater_than", "less_than")
_LINK_OPERATORS = ("is", "is_not", "in", "not_in")
_TEXT_OPERATORS = ("contains", "starts_with")


def publish_key(name, published_file_type, entity, task=None):
    """The hashable key :meth:`Store.latest_versions` returns results under.

    ``entity`` is a link dict or a ``(type, id)`` pair; ``task`` a link dict, an
    id or ``None``. The key is ``(name, published_file_type, (type, id), task_id)``.
    """
    if isinstance(entity, dict):
        ent = (entity.get("type"), entity.get("id"))
    else:
        try:
            ent = tuple(entity)
        except TypeError:
            ent = ()
    if len(ent) != 2 or not isinstance(ent[0], six.string_types) or not _is_int(ent[1]):
        raise StoreError("publish key: entity must be a link with type and id, got %r" % (entity,))
    if isinstance(task, dict):
        task = task.get("id")
    if task is not None and not _is_int(task):
        raise StoreError("publish key: task must be a Task link, an id or None, got %r" % (task,))
    if not isinstance(name, six.string_types) or not isinstance(published_file_type, six.string_types):
        raise StoreError("publish key: name and published_file_type must be strings, got %r, %r"
                         % (name, published_file_type))
    return (name, published_file_type, ent, task)


def _is_int(value):
    return isinstance(value, six.integer_types) and not isinstance(value, bool)


def normalize_paths(paths):
    """``paths`` normalised (:func:`normalize_path`), duplicates dropped, order kept."""
    if isinstance(paths, six.string_types):
        raise StoreError("expected a list of paths, got the single path %r" % (paths,))
    seen = set()
    result = []
    for path in paths:
        norm = normalize_path(path)
        if norm not in seen:
            seen.add(norm)
            result.append(norm)
    return result


#: PublishedFile fields :meth:`Store.publishes_by_paths` always returns.
BY_PATH_FIELDS = ("id", "code", "path", "name", "published_file_type", "version_number",
                  "entity", "task")


def by_path_fields(etype, fields):
    """``fields`` checked, with :data:`BY_PATH_FIELDS` first (None: every field)."""
    if fields is None:
        return list(etype.order)
    return check_fields(etype, list(BY_PATH_FIELDS) + [f for f in fields
                                                       if f not in BY_PATH_FIELDS])


def publish_ids(publishes):
    """Ids of ``publishes`` (PublishedFile records, links or ids), as a set."""
    ids = set()
    for item in publishes:
        value = item.get("id") if isinstance(item, dict) else item
        if not _is_int(value):
            raise StoreError("expected a PublishedFile record or id, got %r" % (item,))
        ids.add(value)
    return ids


def record_key(publish):
    """The :func:`publish_key` of a PublishedFile record, or None if it lacks one."""
    try:
        return publish_key(publish["name"], publish["published_file_type"], publish["entity"],
                           publish.get("task"))
    except (KeyError, StoreError):
        return None


def normalize_path(path):
    """An absolute, normalised path with forward slashes (how the path cache keys paths)."""
    if not isinstance(path, six.string_types) or not path:
        raise StoreError("a path must be a non-empty string, got %r" % (path,))
    if not isinstance(path, six.text_type):  # a Python 2 byte string from the file system
        path = _decode(path, sys.getfilesystemencoding() or "utf-8", "path")
    if ".." in path:  # "lnk/.." as the OS reads it (the target's parent), not as text
        path = resolve_parent_refs(path)
    return os.path.normpath(os.path.abspath(path)).replace("\\", "/")


def _decode(value, encoding, what):
    try:
        return value.decode(encoding)
    except UnicodeDecodeError:
        raise StoreError("%s: %r is not %s text" % (what, value, encoding))


class Store(object):
    """One interface to entities, publishes and the path cache, whatever the backend.

    Entities go in and come out as plain dicts, ShotGrid-shaped: ``{"type": "Shot",
    "id": 12, "code": "SH010", "sequence": {"type": "Sequence", "id": 3, "code":
    "SQ01"}, ...}``. ``roots`` (name -> folder) makes the path cache store paths
    relative to a storage root, so a project moved to another mount keeps its
    cache; ``project`` is the Project link new entities default to.
    """

    backend = None

    def __init__(self, roots=None, project=None):
        self.roots = dict((name, normalize_path(path)) for name, path in (roots or {}).items())
        self.project = project

    # -- entities ------------------------------------------------------------
    def find(self, entity_type, filters=None, fields=None, order=None, limit=None):
        """Entities of ``entity_type`` matching every filter, as a list of dicts.

        ``filters``: ``[[field, operator, value], ...]``; ``field`` may be dotted
        one level through a link: ``"entity.Shot.code"``. ``fields``: the fields
        to return (``None``: all); ``type`` and ``id`` always come back.
        ``order``: ``[(field, "asc"|"desc"), ...]`` or ShotGrid's
        ``[{"field_name": f, "direction": d}]``. ``limit``: at most that many.
        """
        raise NotImplementedError

    def find_one(self, entity_type, filters=None, fields=None, order=None):
        """The first entity :meth:`find` returns, or ``None``."""
        found = self.find(entity_type, filters, fields, order, limit=1)
        return found[0] if found else None

    def count(self, entity_type, filters=None):
        """How many entities of ``entity_type`` match ``filters``."""
        raise NotImplementedError

    def create(self, entity_type, data):
        """Create an entity from ``data`` (fields of that type); return it with its ``id``."""
        raise NotImplementedError

    def update(self, entity_type, entity_id, data):
        """Change fields of one entity; return it. Renaming updates every link showing it."""
        raise NotImplementedError

    def find_or_create(self, entity_type_name, data, match):
        """``(entity, created)``: the first entity whose ``match`` fields equal those of
        ``data``, else one created from ``data``.

        SQL backends make the look-up and the insert one transaction. This default
        (trackers: ShotGrid, Kitsu) looks up, then creates: two clients at the same
        instant may both create.
        """
        if not isinstance(data, dict):
            raise StoreError("%s data must be a dict, got %r" % (entity_type_name, data))
        found = self.find_one(entity_type_name, [[field, "is", data.get(field)] for field in match])
        if found is not None:
            return found, False
        return self.create(entity_type_name, data), True

    # -- publishes -----------------------------------------------------------
    def latest_versions(self, keys):
        """The highest-version publish of each key, in one request.

        ``keys``: ``(name, published_file_type, entity_link, task_link_or_None)``
        tuples. Returns ``{publish_key(...): publish}``; keys with no publish are
        absent. See :func:`publish_key`.
        """
        raise NotImplementedError

    def publishes_by_paths(self, paths, fields=None):
        """The publish recorded at each of ``paths`` and the latest of its key, in one request.

        ``paths`` are spelled any way :func:`normalize_path` reads (relative to the
        working folder, with ``..``, with backslashes). Returns ``{normalized path:
        (publish, latest)}``, where ``latest`` is the highest-version publish of the
        same (name, published_file_type, entity, task) -- ``publish`` itself when it
        is the newest. Paths no publish was recorded at are absent. ``fields``: the
        PublishedFile fields wanted (None: all); those naming the key and the path
        always come. SQL backends answer in one statement; this default takes two.
        """
        wanted = normalize_paths(paths)
        if not wanted:
            return {}
        found = self.find("PublishedFile", [["path", "in", wanted]],
                          by_path_fields(entity_type("PublishedFile"), fields))
        keys = [record_key(publish) for publish in found]
        latest = self.latest_versions([key for key in keys if key is not None])
        return dict((publish["path"], (publish, latest.get(key, publish) if key else publish))
                    for publish, key in zip(found, keys))

    def publishes_using(self, publishes):
        """The publishes that recorded any of ``publishes`` (records or ids) as upstream.

        The reverse of ``PublishedFile.upstream``: "who uses v012?". Sorted by id.
        This default reads every publish with dependencies; SQL backends filter
        in the database.
        """
        ids = publish_ids(publishes)
        if not ids:
            return []
        return [publish for publish in self.find("PublishedFile")
                if any(link.get("id") in ids for link in publish.get("upstream") or ())]

    def register_publish(self, data):
        """Record a PublishedFile. Without ``version_number`` the next version of
        its (name, published_file_type, entity, task) is allocated atomically:
        concurrent publishers always get distinct, increasing versions. A path
        or a version already registered is refused.
        """
        raise NotImplementedError

    def register_publishes(self, records):
        """Register many publishes in one transaction (imports): all of them or none."""
        return [self.register_publish(data) for data in records]

    def reserve_version(self, name, published_file_type, entity, task=None):
        """Allocate the next version number of a publish key now (committed), for a
        publisher that must know the version before its files exist. Register it
        later with ``version_number``; a reserved number never registered is
        skipped by later allocations (versions may have gaps, never duplicates).
        """
        raise NotImplementedError

    def release_version(self, name, published_file_type, entity, task, version):
        """Give back a reserved ``version`` if nothing was allocated or registered
        after it; returns whether it was released (the next publish reuses it).
        """
        raise NotImplementedError

    # -- work files ----------------------------------------------------------
    def record_work_file(self, path, entity, task=None, name=None, version=None, user=None):
        """Tell the tracker that work file ``path`` (``name`` at ``version``, of
        ``entity``'s ``task``, saved by ``user``) was saved.

        Work files live on disk and are found there (Workfiles scans the work
        templates); a tracker that lists them too (Kitsu's working files) keeps
        a record. The embedded stores and ShotGrid keep none: this returns None.
        """
        return None

    # -- stored paths --------------------------------------------------------
    def absolute_publish_paths(self):
        """``{root name: count}`` of publish records that keep an absolute path
        under a storage root: written before paths were stored relative to their
        root (:mod:`toolkit.store.rootpaths`). They read well on this machine, but
        not once the project moves or is seen from another OS. A store holding
        no such records (a tracker) returns ``{}``."""
        return {}

    def relativize_publish_paths(self):
        """Store the path fields of those records relative to their root, in one
        transaction; returns how many records were rewritten."""
        return 0

    # -- path cache ----------------------------------------------------------
    def path_cache_add(self, path, entity):
        """Record that folder ``path`` belongs to ``entity``. Returns ``False`` if it
        was already recorded for that entity; :class:`PathCacheConflict` if it is
        recorded for another one.
        """
        raise NotImplementedError

    def path_cache_lookup(self, path):
        """The entity of the deepest cached folder at or above ``path``, or ``None``
        (also ``None`` for a path outside every storage root)."""
        raise NotImplementedError

    def path_cache_entries(self, entity):
        """Every cached folder of ``entity``, absolute paths, shallowest first."""
        raise NotImplementedError

    def close(self):
        """Release the connection; the store cannot be used afterwards."""

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # -- shared checks -------------------------------------------------------
    @staticmethod
    def checked_find(entity_type_name, filters, fields, order, limit):
        """``(EntityType, filters, fields, order)`` of a find, each checked (and the limit)."""
        etype = entity_type(entity_type_name)
        checked = check_filters(etype, filters)
        wanted = check_fields(etype, fields)
        ordering = check_order(etype, order)
        if limit is not None and (not _is_int(limit) or limit < 0):
            raise StoreError("limit must be a positive integer, got %r" % (limit,))
        return etype, checked, wanted, ordering

    def checked_create(self, entity_type_name, data):
        """``(EntityType, checked data)`` of a create, the store's project filled in."""
        etype = entity_type(entity_type_name)
        data = check_data(etype, data)
        if etype.kind("project") == LINK and data.get("project") is None and self.project:
            data["project"] = {"type": "Project", "id": self.project["id"]}
        return etype, data

    @staticmethod
    def checked_update(entity_type_name, entity_id, data):
        """``(EntityType, checked data)`` of an update: an integer id, something to change."""
        etype = entity_type(entity_type_name)
        if not _is_int(entity_id):
            raise StoreError("update: id must be an integer, got %r" % (entity_id,))
        data = check_data(etype, data)
        if not data:
            raise StoreError("update %s %d: nothing to change" % (etype.name, entity_id))
        return etype, data

    def prepare_publish(self, data):
        """``(checked data, publish key)`` of a PublishedFile to register: required fields
        present, the path absolute and normalised, code, creation time and project filled in."""
        from toolkit.clock import utc_now
        etype = entity_type("PublishedFile")
        data = check_data(etype, data)
        for required in ("path", "name", "published_file_type", "entity"):
            if not data.get(required):
                raise StoreError("register_publish: %r is required" % required)
        data["path"] = normalize_path(data["path"])
        if data.get("code") is None:
            data["code"] = os.path.basename(data["path"])
        if data.get("created_at") is None:
            data["created_at"] = utc_now()
        if data.get("project") is None and self.project:
            data["project"] = {"type": "Project", "id": self.project["id"]}
        return data, publish_key(data["name"], data["published_file_type"], data["entity"],
                                 data.get("task"))

    def split_path(self, path, strict=True):
        """``(root_name, relative path)`` of ``path``; ``("", absolute)`` with no roots.

        A path outside every root is a :class:`StoreError` (``None`` if not ``strict``).
        """
        norm = normalize_path(path)
        if not self.roots:
            return "", norm
        best = None
        for name, root in self.roots.items():
            if norm == root or norm.startswith(root.rstrip("/") + "/"):
                if best is None or len(root) > len(self.roots[best]):
                    best = name
        if best is None:
            from toolkit.roots import under_root  # a symlink or a root's physical folder
            alias = under_root(norm, list(self.roots.values()))
            if alias is not None:
                return self.split_path(alias, strict)
            if not strict:
                return None
            raise StoreError("%s is outside every storage root (%s)" % (
                norm, ", ".join("%s: %s" % item for item in sorted(self.roots.items()))))
        rel = norm[len(self.roots[best]):].strip("/")
        return best, rel

    def join_path(self, root, rel):
        """The absolute path of a path-cache entry."""
        if not root:
            return rel
        base = self.roots.get(root)
        if base is None:
            raise StoreError("the path cache names root %r, which this project does not have"
                             % root)
        return base + "/" + rel if rel else base


def check_link(value, targets, what):
    """A link dict reduced to ``{"type", "id"}`` (plus its display value), or a StoreError."""
    if not isinstance(value, dict) or "type" not in value or "id" not in value:
        raise StoreError("%s: expected an entity link {'type': ..., 'id': ...}, got %r"
                         % (what, value))
    if value["type"] not in targets:
        raise StoreError("%s: cannot link to a %s (allowed: %s)"
                         % (what, value["type"], ", ".join(targets)))
    if not _is_int(value["id"]):
        raise StoreError("%s: link id must be an integer, got %r" % (what, value["id"]))
    return {"type": value["type"], "id": value["id"]}


def check_value(etype, field, value, what=None):
    """``value`` checked against the kind of ``etype.field`` (``None`` always passes)."""
    what = what or "%s.%s" % (etype.name, field)
    kind = etype.kind(field)
    if value is None:
        return None
    if kind == TEXT:
        if not isinstance(value, six.string_types):
            raise StoreError("%s: expected text, got %r" % (what, value))
        if not isinstance(value, six.text_type):  # Python 2 str: UTF-8, not ASCII
            return _decode(value, "utf-8", what)
        return value
    if kind == INT:
        if not _is_int(value):
            raise StoreError("%s: expected an integer, got %r" % (what, value))
        return value
    if kind == DATETIME:
        if not isinstance(value, datetime.datetime):
            raise StoreError("%s: expected a datetime, got %r" % (what, value))
        if value.tzinfo is not None:  # stored as naive UTC
            value = (value - value.utcoffset()).replace(tzinfo=None)
        return value
    if kind == LINK:
        return check_link(value, etype.targets[field], what)
    if kind == MULTILINK:
        if not isinstance(value, (list, tuple)):
            raise StoreError("%s: expected a list of links, got %r" % (what, value))
        return [check_link(item, etype.targets[field], what) for item in value]
    raise StoreError("%s: unknown field" % what)  # pragma: no cover


def publish_keys(keys):
    """``keys`` of a ``latest_versions`` request as :func:`publish_key` tuples, in
    order, duplicates dropped; a malformed key is a StoreError naming it."""
    normalized, seen = [], set()
    for key in keys:
        try:
            name, ptype, entity, task = key
        except (TypeError, ValueError):
            raise StoreError("latest_versions: a key is (name, published_file_type, "
                             "entity, task), got %r" % (key,))
        hashed = publish_key(name, ptype, entity, task)
        if hashed not in seen:
            seen.add(hashed)
            normalized.append(hashed)
    return normalized


def complete_entity(etype, new_id, data):
    """The entity a create returns: every field of ``etype``, those not in ``data`` empty."""
    entity = {"type": etype.name, "id": new_id}
    for field in etype.order[1:]:
        entity[field] = data.get(field, [] if etype.kind(field) == MULTILINK else None)
    return entity


def folders_up(rel):
    """``rel`` and every folder above it, deepest first (a path-cache lookup's candidates)."""
    import posixpath
    candidates = [rel]
    while posixpath.dirname(candidates[-1]) != candidates[-1]:
        candidates.append(posixpath.dirname(candidates[-1]))
    return candidates


def linked_ids(etype, data):
    """``{entity type: set of ids}`` every link of ``data`` (checked) points at."""
    wanted = {}
    for field, value in data.items():
        kind = etype.kind(field)
        links = [value] if kind == LINK and value else (value or []) if kind == MULTILINK else []
        for link in links:
            wanted.setdefault(link["type"], set()).add(link["id"])
    return wanted


def fill_link_names(etype, data, wanted, names):
    """Set each link's display value from ``names`` (``{(type, id): display}``), in place;
    a StoreError names the first linked entity that does not exist."""
    for type_name, ids in sorted(wanted.items()):
        for missing in sorted(ids):
            if (type_name, missing) not in names:
                raise StoreError("%s: linked %s %d does not exist" % (etype.name, type_name,
                                                                     missing))
    for field, value in data.items():
        kind = etype.kind(field)
        for link in ([value] if kind == LINK and value else
                     (value or []) if kind == MULTILINK else []):
            link[entities.SCHEMA[link["type"]].display] = names[(link["type"], link["id"])]


def check_data(etype, data):
    """A copy of ``data`` with every field known to ``etype`` and every value checked."""
    if not isinstance(data, dict):
        raise StoreError("%s data must be a dict, got %r" % (etype.name, data))
    checked = {}
    for field, value in data.items():
        if field == "type":
            if value != etype.name:
                raise StoreError("data of type %r given to %s" % (value, etype.name))
            continue
        if field == "id":
            raise StoreError("%s: 'id' is allocated by the store and cannot be set" % etype.name)
        if etype.kind(field) is None:
            raise StoreError("%s has no field %r" % (etype.name, field))
        checked[field] = check_value(etype, field, value)
    from toolkit.store.codes import check_codes
    check_codes(etype.name, checked)
    return checked


def check_fields(etype, fields):
    """Requested fields, checked; ``None`` means all of them."""
    if fields is None:
        return list(etype.order)
    if isinstance(fields, six.string_types):
        raise StoreError("fields must be a list of names, got %r" % fields)
    result = ["id"]
    for field in fields:
        if field == "type":
            continue
        if etype.kind(field) is None:
            raise StoreError("%s has no field %r" % (etype.name, field))
        if field not in result:
            result.append(field)
    return result


def check_order(etype, order):
    """``[(field, "asc"|"desc")]`` from either order spelling, checked."""
    result = []
    for item in order or ():
        if isinstance(item, dict):
            field, direction = item.get("field_name"), item.get("direction", "asc")
        elif isinstance(item, six.string_types):
            field, direction = item, "asc"
        else:
            try:
                field, direction = item
            except (TypeError, ValueError):
                raise StoreError("order: expected (field, direction), got %r" % (item,))
        if etype.kind(field) is None or etype.kind(field) == MULTILINK:
            raise StoreError("order: %s has no sortable field %r" % (etype.name, field))
        if direction not in ("asc", "desc"):
            raise StoreError("order: direction must be 'asc' or 'desc', got %r" % (direction,))
        result.append((field, direction))
    return result


def check_filters(etype, filters):
    """Filters as ``(etype, field, sub_etype, sub_field, operator, value)`` tuples.

    ``sub_etype``/``sub_field`` are set for a dotted filter (``entity.Shot.code``):
    the condition then applies to the linked entity's field.
    """
    if filters is None:
        return []
    if not isinstance(filters, (list, tuple)):
        raise StoreError("filters must be a list of [field, operator, value], got %r" % (filters,))
    result = []
    for flt in filters:
        if not isinstance(flt, (list, tuple)) or len(flt) != 3:
            raise StoreError("a filter is [field, operator, value], got %r" % (flt,))
        field, op, value = flt
        if op not in OPERATORS:
            raise StoreError("unknown filter operator %r in %r (known: %s)"
                             % (op, list(flt), ", ".join(OPERATORS)))
        if not isinstance(field, six.string_types):
            raise StoreError("filter field must be a string, got %r" % (field,))
        sub_etype = sub_field = None
        if "." in field:
            parts = field.split(".")
            if len(parts) != 3:
                raise StoreError("dotted filter field %r: expected link.EntityType.field" % field)
            field, type_name, sub_field = parts
            if etype.kind(field) != LINK:
                raise StoreError("%s has no link field %r (in filter %r)"
                                 % (etype.name, field, list(flt)))
            if type_name not in etype.targets[field]:
                raise StoreError("%s.%s cannot link to %r (in filter %r)"
                                 % (etype.name, field, type_name, list(flt)))
            sub_etype = entity_type(type_name)
            if sub_etype.kind(sub_field) in (None, LINK, MULTILINK):
                raise StoreError("%s has no field %r to filter on (in filter %r; one level only)"
                                 % (type_name, sub_field, list(flt)))
            _check_operand(sub_etype, sub_field, op, value, flt)
        else:
            if etype.kind(field) is None:
                raise StoreError("%s has no field %r (in filter %r)" % (etype.name, field, list(flt)))
            value = _check_operand(etype, field, op, value, flt)
        result.append((etype, field, sub_etype, sub_field, op, value))
    return result


def _check_operand(etype, field, op, value, flt):
    kind = etype.kind(field)
    what = "filter %r" % (list(flt),)
    if kind == MULTILINK:
        raise StoreError("%s: cannot filter on the multi-entity field %s.%s" % (what, etype.name, field))
    if kind == LINK and op not in _LINK_OPERATORS:
        raise StoreError("%s: operator %r does not apply to the link field %s.%s"
                         % (what, op, etype.name, field))
    if op in _TEXT_OPERATORS and kind != TEXT:
        raise StoreError("%s: operator %r needs a text field, %s.%s is %s"
                         % (what, op, etype.name, field, kind))
    if op in ("in", "not_in"):
        if not isinstance(value, (list, tuple)):
            raise StoreError("%s: %r needs a list" % (what, op))
        return [_check_one(etype, field, kind, item, what) for item in value]
    if op in ("greater_than", "less_than") and value is None:
        raise StoreError("%s: %r needs a value" % (what, op))
    if op in _TEXT_OPERATORS and not isinstance(value, six.string_types):
        raise StoreError("%s: %r needs a string" % (what, op))
    return _check_one(etype, field, kind, value, what)


def _check_one(etype, field, kind, value, what):
    if kind == LINK:
        if value is None:
            return None
        return check_link(value, etype.targets[field], what)
    if field == "id":
        if not _is_int(value):
            raise StoreError("%s: id must be an integer, got %r" % (what, value))
        return value
    return check_value(etype, field, value, what)


__all__ = ["Store", "publish_key", "normalize_path", "entities"]
