"""The ShotGrid (Flow Production Tracking) backend, through ``shotgun_api3``.

::

    store:
      backend: shotgrid
      site: https://studio.shotgrid.autodesk.com
      script_name: reelkit
      key_env: REELKIT_SG_KEY        # the script key is read from this variable

Entities are stored the way ShotGrid Toolkit stores them, so a studio's
existing data, dashboards and tk apps keep working beside Reelkit:

=============  ===========================================================
Reelkit        ShotGrid
=============  ===========================================================
Project        Project (``code`` is ``tank_name``, the folder name tk uses)
Sequence/Shot  Sequence / Shot (``Shot.sequence`` is ``sg_sequence``)
Asset          Asset (``sg_asset_type``)
Step, Task     Step, Task
User           HumanUser
PublishedFile  PublishedFile: ``path`` is the url field with ``local_path``
               and, as tk writes them, ``path_cache`` (relative to its storage)
               and ``path_cache_storage`` (a LocalStorage named like the root);
               ``published_file_type`` links a PublishedFileType by ``code``;
               ``upstream`` is ``upstream_published_files``, whose connection
               entity in ShotGrid is PublishedFileDependency; ``step``,
               ``first_frame``, ``last_frame`` and ``thumbnail_path`` are the
               custom fields ``sg_step``, ``sg_first_frame``, ``sg_last_frame``
               and ``sg_thumbnail_path`` (the thumbnail is also uploaded).
path cache     FilesystemLocation (``path_cache``, ``path_cache_storage``,
               ``entity``, ``linked_entity_type``, ``linked_entity_id``)
=============  ===========================================================

ShotGrid has no transactions. Versions stay distinct under concurrent
publishers by *claim, check, keep* (:mod:`toolkit.store.claims`): a claim is a
PublishedFile with status ``clm`` and the next free number, kept (status
``rsv``) only when no other live record holds that number; registering turns
it into the publish (status ``cmpt``). Claims and reservations are never listed. Ordering and paging are
applied by Reelkit after the request, so every backend orders alike (NULL
first, then id).

The connection is made when the store opens; the key is read from the
environment variable the settings name and never appears in a message.
Tests pass ``connection`` (a ``shotgun_api3.lib.mockgun.Shotgun``) directly.
"""

import os
import posixpath

import six

from toolkit.store import base, claims
from toolkit.store.base import Store
from toolkit.store.entities import DATETIME, LINK, MULTILINK, SCHEMA
from toolkit.store.errors import ConflictError, PathCacheConflict, StoreError

#: Reelkit entity type -> ShotGrid entity type, where they differ.
SG_TYPE = {"User": "HumanUser"}
RK_TYPE = dict((sg, rk) for rk, sg in SG_TYPE.items())

#: Reelkit field -> ShotGrid field, per entity type, where they differ.
SG_FIELD = {
    "Project": {"code": "tank_name", "description": "sg_description"},
    "Shot": {"sequence": "sg_sequence"},
    "PublishedFile": {"upstream": "upstream_published_files", "step": "sg_step",
                      "first_frame": "sg_first_frame", "last_frame": "sg_last_frame",
                      "thumbnail_path": "sg_thumbnail_path"},
}

#: The display field of each ShotGrid type a link may point at.
SG_DISPLAY = {"Project": "name", "Sequence": "code", "Shot": "code", "Asset": "code",
              "Step": "code", "Task": "content", "HumanUser": "login", "PublishedFile": "code",
              "PublishedFileType": "code", "LocalStorage": "code"}

CLAIMED = "clm"         # sg_status_list of a version claim being decided
RESERVED = "rsv"        # ... of a claim kept: a reserved version
PUBLISHED = "cmpt"      # ... of a registered publish
UNLISTED = [CLAIMED, RESERVED]


def sg_type(type_name):
    return SG_TYPE.get(type_name, type_name)


def sg_field(type_name, field):
    return SG_FIELD.get(type_name, {}).get(field, field)


def _native(text):
    """Text as the native ``str`` the API validates (UTF-8 bytes on Python 2)."""
    if six.PY2 and isinstance(text, six.text_type):
        return text.encode("utf-8")
    return text


def _text(value):
    if six.PY2 and isinstance(value, bytes):
        return value.decode("utf-8")
    return value


class ShotgridStore(Store):
    """A :class:`Store` over a ShotGrid site (or a Mockgun in tests)."""

    backend = "shotgrid"

    def __init__(self, settings, roots=None, project=None, connection=None):
        Store.__init__(self, roots=roots, project=project)
        self._sg = connection if connection is not None else connect(settings)
        self._types = {}  # PublishedFileType code -> link
        self._storages = {}  # root name -> LocalStorage link

    # -- reading -------------------------------------------------------------
    def find(self, entity_type_name, filters=None, fields=None, order=None, limit=None):
        etype, checked, wanted, ordering = self.checked_find(entity_type_name, filters, fields,
                                                             order, limit)
        # Text compares on a site ignore case and have no ranges: such conditions
        # are narrowed on the site where it can, then decided here exactly as SQL does.
        exact = [flt for flt in checked if flt[2] is None and etype.kind(flt[1]) == "text"]
        sg_filters = [self._sg_filter(etype, flt) for flt in checked
                      if flt not in exact or flt[4] in ("is", "in")]
        if etype.name == "PublishedFile":
            sg_filters.append(["sg_status_list", "not_in", UNLISTED])
        needed = set(wanted) | set(f for f, _ in ordering) | set(flt[1] for flt in exact)
        rows = self._call("find", sg_type(etype.name), sg_filters, self._sg_fields(etype, needed))
        entities = [entity for entity in self._entities(etype, rows)
                    if all(_matches(entity.get(flt[1]), flt[4], flt[5]) for flt in exact)]
        entities.sort(key=lambda entity: entity["id"])
        for field, direction in reversed(ordering):
            entities.sort(key=lambda entity: _sort_key(etype, field, entity.get(field)),
                          reverse=direction == "desc")
        if limit is not None:
            entities = entities[:limit]
        return [_only(entity, wanted) for entity in entities]

    def count(self, entity_type_name, filters=None):
        return len(self.find(entity_type_name, filters, ["id"]))

    def _sg_fields(self, etype, fields):
        result = []
        for field in fields:
            if field == "id":
                continue
            if etype.name == "PublishedFile" and field == "path":
                result += ["path", "path_cache", "path_cache_storage"]
            else:
                result.append(sg_field(etype.name, field))
        return result

    def _entities(self, etype, rows):
        """Reelkit dicts from ShotGrid rows, every link's display value filled in."""
        names = self._link_names(rows)
        result = []
        for row in rows:
            entity = {"type": etype.name, "id": row["id"]}
            for field in etype.order[1:]:
                name = sg_field(etype.name, field)
                if etype.name == "PublishedFile" and field == "path":
                    if "path_cache" in row:
                        entity["path"] = self._read_path(row)
                    continue
                if etype.name == "PublishedFile" and field == "published_file_type":
                    if name in row:
                        link = row[name]
                        entity[field] = None if not link else names.get(
                            ("PublishedFileType", link["id"]))
                    continue
                if name not in row:
                    continue
                value = row[name]
                kind = etype.kind(field)
                if kind == LINK:
                    value = self._link(value, names)
                elif kind == MULTILINK:
                    value = [self._link(item, names) for item in value or []]
                elif kind == DATETIME and value is not None:
                    if value.tzinfo is not None:
                        value = (value - value.utcoffset()).replace(tzinfo=None)
                else:
                    value = _text(value)
                entity[field] = value
            result.append(entity)
        return result

    def _link(self, value, names):
        if not value:
            return None
        rk_type = RK_TYPE.get(value["type"], value["type"])
        return {"type": rk_type, "id": value["id"],
                SCHEMA[rk_type].display: names.get((value["type"], value["id"]))}

    def _link_names(self, rows):
        """``{(sg type, id): display}`` of every entity ``rows`` link to, one request a type."""
        wanted = {}
        for row in rows:
            for key, value in row.items():
                links = value if isinstance(value, list) else [value]
                for link in links:
                    if isinstance(link, dict) and "id" in link and link.get("type") in SG_DISPLAY:
                        wanted.setdefault(link["type"], set()).add(link["id"])
        names = {}
        for type_name, ids in wanted.items():
            display = _display_of(type_name)
            for found in self._call("find", type_name, [_any_id(ids)], [display]):
                names[(type_name, found["id"])] = _text(found.get(display))
        return names

    def _read_path(self, row):
        rel = _text(row.get("path_cache"))
        storage = row.get("path_cache_storage")
        if storage:
            root = self._storage_name(storage["id"])
            return self.join_path(root, rel)
        if rel is None:
            url = row.get("path") or {}
            return _text(url.get("local_path"))
        return rel

    def _storage_name(self, storage_id):
        for name, link in self._storages.items():
            if link["id"] == storage_id:
                return name
        found = self._call("find_one", "LocalStorage", [["id", "is", storage_id]], ["code"])
        if found is None:
            raise StoreError("LocalStorage %d is missing on the site" % storage_id)
        name = _text(found["code"])
        self._storages[name] = {"type": "LocalStorage", "id": storage_id}
        return name

    # -- filters -------------------------------------------------------------
    def _sg_filter(self, etype, flt):
        etype, field, sub_etype, sub_field, op, value = flt
        if sub_etype is not None:
            target = sg_type(sub_etype.name)
            path = "%s.%s.%s" % (sg_field(etype.name, field), target,
                                 sg_field(sub_etype.name, sub_field))
            return self._compare(path, sub_etype.kind(sub_field), op, value)
        if etype.name == "PublishedFile" and field == "published_file_type":
            return self._compare("published_file_type.PublishedFileType.code", "text", op, value)
        if etype.name == "PublishedFile" and field == "path":
            return self._path_filter(op, value)
        return self._compare(sg_field(etype.name, field), etype.kind(field), op, value)

    def _compare(self, path, kind, op, value):
        """One ShotGrid filter for a checked Reelkit condition (same NULL rules as SQL)."""
        if kind == LINK:
            value = _sg_link(value) if op in ("is", "is_not") else [_sg_link(v) for v in value]
        elif kind == "text":
            value = [_native(v) for v in value] if isinstance(value, list) else _native(value)
        if op in ("in", "not_in"):
            # Spelled as any/all of is / is_not: the same on a site and in Mockgun,
            # whose list operators are incomplete.
            inner = "is" if op == "in" else "is_not"
            return {"filter_operator": "any" if op == "in" else "all",
                    "filters": [[path, inner, item] for item in value] or [["id", "is", 0]]}
        return [path, op, value]

    def _path_filter(self, op, value):
        def one(path):
            split = self.split_path(path, strict=False) if path is not None else None
            if split is None or not split[0]:
                return [["path_cache", "is", _native(base.normalize_path(path))],
                        ["path_cache_storage", "is", None]]
            root, rel = split
            storage = self._storages.get(root) if root else None
            condition = [["path_cache", "is", _native(rel)]]
            if root:
                condition.append(["path_cache_storage", "is", storage or {"type": "LocalStorage",
                                                                          "id": 0}])
            return condition
        if op == "is":
            if value is None:
                return ["path_cache", "is", None]
            self._load_storages()
            return {"filter_operator": "all", "filters": one(value)}
        if op == "in":
            self._load_storages()
            return {"filter_operator": "any", "filters": [
                {"filter_operator": "all", "filters": one(v)} for v in value] or
                [["id", "is", 0]]}
        raise StoreError("the ShotGrid store filters PublishedFile.path with 'is' or 'in' only, "
                         "got %r" % op)

    # -- writing -------------------------------------------------------------
    def create(self, entity_type_name, data):
        etype, data = self.checked_create(entity_type_name, data)
        if etype.name == "PublishedFile":
            return self.register_publish(data)
        self._check_links(etype, data)
        row = self._call("create", sg_type(etype.name), self._sg_data(etype, data))
        return base.complete_entity(etype, row["id"], data)

    def update(self, entity_type_name, entity_id, data):
        etype, data = self.checked_update(entity_type_name, entity_id, data)
        if self.find_one(etype.name, [["id", "is", entity_id]], ["id"]) is None:
            raise StoreError("update: there is no %s with id %d" % (etype.name, entity_id))
        self._check_links(etype, data)
        self._call("update", sg_type(etype.name), entity_id, self._sg_data(etype, data))
        return self.find_one(etype.name, [["id", "is", entity_id]])

    def _sg_data(self, etype, data):
        result = {}
        for field, value in data.items():
            kind = etype.kind(field)
            name = sg_field(etype.name, field)
            if etype.name == "PublishedFile" and field == "path":
                result.update(self._path_data(value))
            elif etype.name == "PublishedFile" and field == "published_file_type":
                result[name] = self._published_file_type(value)
            elif kind == LINK:
                result[name] = _sg_link(value)
            elif kind == MULTILINK:
                result[name] = [_sg_link(v) for v in value or []]
            elif kind == "text":
                result[name] = _native(value)
            else:
                result[name] = value
        return result

    def _path_data(self, path):
        path = base.normalize_path(path)
        # A file outside every storage root keeps its absolute path and no storage.
        root, rel = self.split_path(path, strict=False) or ("", path)
        data = {"path": {"local_path": _native(path), "name": _native(posixpath.basename(path))},
                "path_cache": _native(rel), "path_cache_storage": None}
        if root:
            data["path_cache_storage"] = self._storage(root)
        return data

    def _storage(self, root):
        if root not in self._storages:
            self._storages[root] = self._one_of("LocalStorage", root)
        return self._storages[root]

    def _load_storages(self):
        for name in self.roots:
            if name not in self._storages:
                found = self._call("find_one", "LocalStorage", [["code", "is", _native(name)]],
                                   ["code"])
                if found is not None:
                    self._storages[name] = {"type": "LocalStorage", "id": found["id"]}

    def _published_file_type(self, code):
        if code is None:
            return None
        if code not in self._types:
            self._types[code] = self._one_of("PublishedFileType", code)
        return self._types[code]

    def _one_of(self, sg_type_name, code):
        """The entity of ``sg_type_name`` with ``code``, created if missing. Two clients
        creating it at once both end on the lowest id; the other record is retired."""
        def same():
            rows = self._call("find", sg_type_name, [["code", "is", _native(code)]], ["code"])
            return sorted(row["id"] for row in rows if _text(row["code"]) == code)
        ids = same()
        if not ids:
            mine = self._call("create", sg_type_name, {"code": _native(code)})["id"]
            ids = same()
            if ids[0] != mine:
                self._call("delete", sg_type_name, mine)
        return {"type": sg_type_name, "id": ids[0]}

    def _check_links(self, etype, data):
        """Every linked entity exists; fill in its display value (as the SQL stores do)."""
        wanted = base.linked_ids(etype, data)
        names = {}
        for type_name, ids in wanted.items():
            display = SCHEMA[type_name].display
            for found in self.find(type_name, [["id", "in", sorted(ids)]], [display]):
                names[(type_name, found["id"])] = found[display]
        base.fill_link_names(etype, data, wanted, names)

    # -- publishes -----------------------------------------------------------
    def latest_versions(self, keys):
        normalized = base.publish_keys(keys)
        if not normalized:
            return {}
        wanted = set(normalized)
        filters = [{"filter_operator": "any", "filters": [self._key_filter(k) for k in normalized]},
                   ["sg_status_list", "not_in", UNLISTED]]
        etype = SCHEMA["PublishedFile"]
        rows = self._call("find", "PublishedFile", filters, self._sg_fields(etype, etype.order))
        best = {}
        for entity in self._entities(etype, rows):
            key = _key_of(entity)
            if key in wanted and (key not in best or entity["version_number"] >
                                  best[key]["version_number"]):
                best[key] = entity
        return best

    def _key_filter(self, key):
        name, ptype, (type_name, entity_id), task_id = key
        return {"filter_operator": "all", "filters": [
            ["name", "is", _native(name)],
            ["published_file_type.PublishedFileType.code", "is", _native(ptype)],
            ["entity", "is", {"type": sg_type(type_name), "id": entity_id}],
            ["task", "is", None if task_id is None else {"type": "Task", "id": task_id}]]}

    def _versions(self, key):
        """``[(version, id, status)]`` of every record (claims too) of ``key``."""
        rows = self._call("find", "PublishedFile", [self._key_filter(key)],
                          ["version_number", "sg_status_list"])
        return [(row.get("version_number") or 0, row["id"], row.get("sg_status_list"))
                for row in rows]

    def reserve_version(self, name, published_file_type, entity, task=None):
        key = base.publish_key(name, published_file_type, entity, task)
        return self._claim(key)[0]

    def _claim(self, key, version=None):
        """Claim the next free version of ``key`` (or exactly ``version``): ``(version, id)``.

        See :mod:`toolkit.store.claims`: ShotGrid ids order the claims.
        """
        name, ptype, (type_name, entity_id), task_id = key
        self._check_links(SCHEMA["PublishedFile"], {"entity": {"type": type_name,
                                                               "id": entity_id}})
        template = {"name": _native(name), "published_file_type": self._published_file_type(ptype),
                    "entity": {"type": sg_type(type_name), "id": entity_id},
                    "task": None if task_id is None else {"type": "Task", "id": task_id},
                    "sg_status_list": CLAIMED}
        if self.project:
            template["project"] = {"type": "Project", "id": self.project["id"]}

        def first():
            taken = self._versions(key)
            if version is None:
                return max([v for v, _, _ in taken] + [0]) + 1
            if any(v == version and status != CLAIMED for v, _, status in taken):
                raise ConflictError("version %d of publish %r (%s) of %s %d is already "
                                    "registered" % (version, name, ptype, type_name, entity_id))
            return version

        def create(number):
            data = dict(template, version_number=number,
                        code=_native("%s v%03d" % (name, number)))
            return self._call("create", "PublishedFile", data)["id"]

        def rivals(number, mine):
            return [(i, claims.CLAIM if status == CLAIMED else claims.KEPT)
                    for v, i, status in self._versions(key) if v == number and i != mine]

        try:
            return claims.claim_number(
                first, create, rivals,
                keep=lambda mine: self._call("update", "PublishedFile", mine,
                                             {"sg_status_list": RESERVED}),
                retire=lambda mine: self._call("delete", "PublishedFile", mine),
                exact=version is not None)
        except ConflictError:
            raise ConflictError("version %d of publish %r (%s) of %s %d is already registered"
                                % (version, name, ptype, type_name, entity_id))

    def release_version(self, name, published_file_type, entity, task, version):
        key = base.publish_key(name, published_file_type, entity, task)
        taken = self._versions(key)
        if not taken or max(v for v, _, _ in taken) != version:
            return False
        mine = [i for v, i, status in taken if v == version and status == RESERVED]
        if len(mine) != len([1 for v, _, _ in taken if v == version]):
            return False  # registered, or still being claimed: never released
        for claim in mine:
            self._call("delete", "PublishedFile", claim)
        return bool(mine)

    def register_publish(self, data):
        return self.register_publishes([data])[0]

    def register_publishes(self, records):
        """Register many publishes. ShotGrid has no transaction: each record is checked
        first, and records created before a failure are retired again."""
        prepared = [self.prepare_publish(data) for data in records]
        done = []
        try:
            for data, key in prepared:
                done.append(self._register(data, key))
        except Exception:
            for entity in done:
                self._call("delete", "PublishedFile", entity["id"])
            raise
        return done

    def _register(self, data, key):
        etype = SCHEMA["PublishedFile"]
        self._check_links(etype, data)
        existing = self.find_one("PublishedFile", [["path", "is", data["path"]]],
                                 ["version_number"])
        if existing is not None:
            raise ConflictError("%s is already published (version %s): a published path "
                                "is never reused" % (data["path"], existing["version_number"]))
        version = data.get("version_number")
        claims = [(v, i) for v, i, status in self._versions(key)
                  if status == RESERVED and v == version] if version is not None else []
        if claims:
            claim = claims[0][1]  # a version this publisher reserved
        else:
            version, claim = self._claim(key, version)
        data["version_number"] = version
        sg_data = self._sg_data(etype, data)
        sg_data["sg_status_list"] = PUBLISHED
        for field in ("created_at",):  # set by the site; Mockgun and imports take it
            sg_data[field] = data[field]
        self._call("update", "PublishedFile", claim, sg_data)
        thumbnail = data.get("thumbnail_path")
        if thumbnail and os.path.isfile(thumbnail):
            self._call("upload_thumbnail", "PublishedFile", claim, thumbnail)
        return base.complete_entity(etype, claim, data)

    # -- path cache ----------------------------------------------------------
    def path_cache_add(self, path, entity):
        root, rel = self.split_path(path)
        link = base.check_link(entity, list(SCHEMA), "path_cache_add")
        found = self.find(link["type"], [["id", "is", link["id"]]],
                          [SCHEMA[link["type"]].display])
        if not found:
            raise StoreError("%s %d does not exist" % (link["type"], link["id"]))
        link[SCHEMA[link["type"]].display] = found[0][SCHEMA[link["type"]].display]
        existing = self._locations(root, [rel])
        if existing:
            other = existing[0]["entity"]
            if other and (RK_TYPE.get(other["type"], other["type"]), other["id"]) == (
                    link["type"], link["id"]):
                return False
            raise PathCacheConflict("%s is already in the path cache for %s %d, not %s %s" % (
                self.join_path(root, rel), other and other["type"], other and other["id"],
                link["type"], link.get(SCHEMA[link["type"]].display)))
        data = {"code": _native(posixpath.basename(rel) or root or "/"),
                "path_cache": _native(rel), "entity": _sg_link(link),
                "linked_entity_type": _native(sg_type(link["type"])),
                "linked_entity_id": link["id"]}
        if root:
            data["path_cache_storage"] = self._storage(root)
        self._call("create", "FilesystemLocation", data)
        return True

    def _locations(self, root, rels):
        filters = [{"filter_operator": "any",
                    "filters": [["path_cache", "is", _native(r)] for r in rels]}]
        if root:
            self._load_storages()
            storage = self._storages.get(root)
            if storage is None:
                return []
            filters.append(["path_cache_storage", "is", storage])
        return self._call("find", "FilesystemLocation", filters, ["path_cache", "entity"])

    def path_cache_lookup(self, path):
        split = self.split_path(path, strict=False)
        if split is None:
            return None
        root, rel = split
        rows = [row for row in self._locations(root, base.folders_up(rel)) if row.get("entity")]
        if not rows:
            return None
        deepest = max(rows, key=lambda row: len(_text(row["path_cache"])))
        names = self._link_names([deepest])
        return self._link(deepest["entity"], names)

    def path_cache_entries(self, entity):
        link = base.check_link(entity, list(SCHEMA), "path_cache_entries")
        rows = self._call("find", "FilesystemLocation", [["entity", "is", _sg_link(link)]],
                          ["path_cache", "path_cache_storage"])
        paths = []
        for row in rows:
            storage = row.get("path_cache_storage")
            root = self._storage_name(storage["id"]) if storage else ""
            paths.append((len(_text(row["path_cache"])), _text(row["path_cache"]),
                          self.join_path(root, _text(row["path_cache"]))))
        return [full for _, _, full in sorted(paths)]

    # -- the connection ------------------------------------------------------
    def _call(self, method, *args):
        """One API request; its errors become StoreError (no credential is ever shown)."""
        try:
            return getattr(self._sg, method)(*args)
        except StoreError:
            raise
        except EnvironmentError as exc:  # socket errors, refused or lost connections
            raise StoreError("ShotGrid at %s cannot be reached (%s): nothing was written"
                             % (self.site, _scrub(str(exc))))
        except Exception as exc:
            raise StoreError("ShotGrid %s failed: %s" % (method, _scrub(str(exc))))

    @property
    def site(self):
        return getattr(self._sg, "base_url", None) or "the site"

    def close(self):
        try:
            self._sg.close()
        except Exception:  # noqa -- nothing to give back on a connection that is gone
            pass


def connect(settings):
    """A ``shotgun_api3.Shotgun`` connection from the store settings."""
    for key in ("site", "script_name", "key_env"):
        if not isinstance(settings.get(key), six.string_types) or not settings.get(key):
            raise StoreError("the shotgrid store needs %r in its settings (site, script_name, "
                             "key_env)" % key)
    key = os.environ.get(settings["key_env"])
    if not key:
        raise StoreError("the ShotGrid script key is read from the environment variable %s, "
                         "which is not set" % settings["key_env"])
    try:
        import shotgun_api3
    except ImportError:
        raise StoreError("the shotgrid store needs shotgun_api3 (pip install shotgun_api3)")
    _SECRETS.add(key)
    try:
        return shotgun_api3.Shotgun(settings["site"], script_name=settings["script_name"],
                                    api_key=key, http_proxy=settings.get("http_proxy"))
    except Exception as exc:
        raise StoreError("cannot connect to ShotGrid at %s: %s" % (settings["site"],
                                                                   _scrub(str(exc))))


_SECRETS = set()


def _scrub(text):
    for secret in _SECRETS:
        text = text.replace(secret, "***")
    return text


def _sg_link(link):
    if link is None:
        return None
    return {"type": sg_type(link["type"]), "id": link["id"]}


def _display_of(type_name):
    return SG_DISPLAY.get(type_name, "code")


def _any_id(ids):
    return {"filter_operator": "any", "filters": [["id", "is", i] for i in sorted(ids)]}


def _only(entity, wanted):
    result = {"type": entity["type"]}
    for field in wanted:
        result[field] = entity.get(field)
    return result


def _key_of(entity):
    return base.publish_key(entity["name"], entity["published_file_type"], entity["entity"],
                            entity.get("task"))


def _matches(value, op, operand):
    """A text condition decided as the SQL backends decide it (case kept, NULL rules)."""
    if op in ("in", "not_in"):
        values = [v for v in operand if v is not None]
        has_none = len(values) != len(operand)
        if op == "in":
            return value in values or (has_none and value is None)
        if has_none:
            return value is not None and value not in values
        return value is None or value not in values
    if op == "is":
        return value == operand
    if op == "is_not":
        return value is not None if operand is None else (value is None or value != operand)
    if value is None:
        return False
    if op == "contains":  # LIKE: case ignored
        return operand.lower() in value.lower()
    if op == "starts_with":
        return value.lower().startswith(operand.lower())
    return value > operand if op == "greater_than" else value < operand


def _sort_key(etype, field, value):
    """NULL first, as on the SQL backends; links sort by their display value."""
    if etype.kind(field) == LINK and value is not None:
        value = value.get(SCHEMA[value["type"]].display)
    return (value is not None, value if value is not None else 0)
