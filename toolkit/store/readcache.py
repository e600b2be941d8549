"""A tracker's local read cache: reads from an embedded SQLite store, writes to the tracker first.

Trackers (ShotGrid, Kitsu) answer over the network, and a host must stay fast
and keep working when the tracker cannot be reached. :class:`ReadCache` is the
part they share: every read is answered by a :class:`~toolkit.store.sqlite.SqliteStore`
beside the project; a write reaches the cache only after the tracker took it;
the cache pairs its own integer ids with the tracker's ids (``rk_remote_id``);
``sync()`` brings the cache up to date.

:class:`CachedStore` puts such a cache in front of any other :class:`Store`
(the ShotGrid backend); the Kitsu backend (:mod:`toolkit.store.kitsu`) talks to
Kitsu's REST API itself and builds on :class:`ReadCache` directly.
"""

import os

from toolkit.store import base
from toolkit.store.base import Store, check_data
from toolkit.store.entities import LINK, MULTILINK, SCHEMA, entity_type
from toolkit.store.errors import StoreError

_MAP_TABLE = ("CREATE TABLE IF NOT EXISTS rk_remote_id (entity_type TEXT NOT NULL, "
              "local_id INTEGER NOT NULL, remote_id TEXT NOT NULL, "
              "PRIMARY KEY (entity_type, local_id), UNIQUE (entity_type, remote_id))")

#: Types in the order a sync reads them: every link points at a type read before.
SYNC_ORDER = ("Sequence", "Shot", "Asset", "Step", "User", "Task", "PublishedFile")


class ReadCache(Store):
    """Reads from ``cache`` (a SQLite store at ``path``); subclasses write to a tracker."""

    #: the tracker's name in messages ("ShotGrid", "Kitsu")
    tracker = None

    def __init__(self, path, roots=None, project=None, busy_timeout=30):
        Store.__init__(self, roots=roots, project=project)
        from toolkit.store.sqlite import SqliteStore
        self.cache = SqliteStore(path, busy_timeout=busy_timeout, roots=roots)
        with self.cache._transaction(write=True) as cur:
            cur.execute(_MAP_TABLE)
        self.cache.project = self.project

    # -- the project link is the cache's too ---------------------------------
    @property
    def project(self):
        return self.__dict__.get("_project")

    @project.setter
    def project(self, value):
        self.__dict__["_project"] = value
        if "cache" in self.__dict__:
            self.cache.project = value

    # -- reads: the cache ------------------------------------------------------
    def find(self, entity_type_name, filters=None, fields=None, order=None, limit=None):
        return self.cache.find(entity_type_name, filters, fields, order, limit)

    def count(self, entity_type_name, filters=None):
        return self.cache.count(entity_type_name, filters)

    def latest_versions(self, keys):
        return self.cache.latest_versions(keys)

    def publishes_by_paths(self, paths, fields=None):
        return self.cache.publishes_by_paths(paths, fields)

    def publishes_using(self, publishes):
        return self.cache.publishes_using(publishes)

    def path_cache_lookup(self, path):
        return self.cache.path_cache_lookup(path)

    def path_cache_entries(self, entity):
        return self.cache.path_cache_entries(entity)

    # -- ids -----------------------------------------------------------------
    def remote_id(self, type_name, local_id):
        """The tracker's id (as text) of a cached entity; StoreError if it has none."""
        with self.cache._transaction() as cur:
            cur.execute("SELECT remote_id FROM rk_remote_id WHERE entity_type = ? AND "
                        "local_id = ?", (type_name, local_id))
            row = cur.fetchone()
        if row is None:
            if self.cache.find_one(type_name, [["id", "is", local_id]], ["id"]) is None:
                raise StoreError("linked %s %d does not exist" % (type_name, local_id))
            raise StoreError("%s %d is not known to %s (run `reelkit sync`)"
                             % (type_name, local_id, self.tracker))
        return row[0]

    def local_id(self, type_name, remote_id):
        """The cache's id of the tracker's ``remote_id`` of ``type_name``, or None."""
        with self.cache._transaction() as cur:
            cur.execute("SELECT local_id FROM rk_remote_id WHERE entity_type = ? AND "
                        "remote_id = ?", (type_name, str(remote_id)))
            row = cur.fetchone()
        return None if row is None else int(row[0])

    def pair(self, type_name, local_id, remote_id):
        """Record that cached ``type_name`` ``local_id`` is the tracker's ``remote_id``."""
        with self.cache._transaction(write=True) as cur:
            cur.execute("INSERT OR REPLACE INTO rk_remote_id (entity_type, local_id, remote_id) "
                        "VALUES (?, ?, ?)", (type_name, local_id, str(remote_id)))

    def upsert(self, type_name, remote_id, data):
        """Write the tracker's record ``remote_id`` (Reelkit fields, cache links) into
        the cache: updated where paired and changed, else created and paired."""
        known = self.local_id(type_name, remote_id)
        if known is not None:
            current = self.cache.find_one(type_name, [["id", "is", known]], list(data)) or {}
            changed = dict((k, v) for k, v in data.items() if _differs(current.get(k), v))
            if changed:
                self.cache.update(type_name, known, changed)
            return known
        if type_name == "PublishedFile":
            entity = self.cache.register_publishes([data])[0]
        else:
            entity = self.cache.create(type_name, data)
        self.pair(type_name, entity["id"], remote_id)
        return entity["id"]

    def close(self):
        self.cache.close()


class CachedStore(ReadCache):
    """A read cache in front of another :class:`Store` (``remote``) with integer ids."""

    def __init__(self, remote, path, roots=None, project=None, busy_timeout=30):
        self.remote = remote
        self.tracker = getattr(remote, "tracker", None) or remote.backend
        self.backend = remote.backend
        ReadCache.__init__(self, path, roots=roots, project=project, busy_timeout=busy_timeout)
        self.project = project  # now that the cache exists, the site's project follows

    @ReadCache.project.setter
    def project(self, value):
        ReadCache.project.fset(self, value)
        if "remote" in self.__dict__ and "cache" in self.__dict__:
            remote_value = None
            if value is not None:
                remote_value = dict(value, id=int(self.remote_id("Project", value["id"])))
            self.remote.project = remote_value

    # -- links between the two id spaces -------------------------------------
    def _to_remote(self, etype, data):
        out = dict(data)
        for field, value in data.items():
            kind = etype.kind(field)
            if kind == LINK and value:
                out[field] = {"type": value["type"],
                              "id": int(self.remote_id(value["type"], value["id"]))}
            elif kind == MULTILINK and value:
                out[field] = [{"type": v["type"], "id": int(self.remote_id(v["type"], v["id"]))}
                              for v in value]
        return out

    def _to_local(self, etype, data):
        out = {}
        for field, value in data.items():
            if field in ("type", "id"):
                continue
            kind = etype.kind(field)
            if kind == LINK:
                out[field] = self._local_link(value)
            elif kind == MULTILINK:
                out[field] = [link for link in (self._local_link(v) for v in value or [])
                              if link is not None]
            else:
                out[field] = value
        return out

    def _local_link(self, link):
        if not link:
            return None
        local = self.local_id(link["type"], link["id"])
        return None if local is None else {"type": link["type"], "id": local}

    # -- writes: the tracker first ---------------------------------------------
    def create(self, entity_type_name, data):
        etype, data = self.checked_create(entity_type_name, data)
        if etype.name == "PublishedFile":
            return self.register_publish(data)
        made = self.remote.create(etype.name, self._to_remote(etype, data))
        entity = self.cache.create(etype.name, data)
        self.pair(etype.name, entity["id"], made["id"])
        return entity

    def update(self, entity_type_name, entity_id, data):
        etype, data = self.checked_update(entity_type_name, entity_id, data)
        if self.cache.find_one(etype.name, [["id", "is", entity_id]], ["id"]) is None:
            raise StoreError("update: there is no %s with id %d" % (etype.name, entity_id))
        self.remote.update(etype.name, int(self.remote_id(etype.name, entity_id)),
                           self._to_remote(etype, data))
        return self.cache.update(etype.name, entity_id, data)

    def find_or_create(self, entity_type_name, data, match):
        """The cache's answer when it has one; else the tracker's (adopted into the
        cache when the tracker already has it), else a new entity."""
        found = self.find_one(entity_type_name, [[f, "is", data.get(f)] for f in match])
        if found is not None:
            return found, False
        etype = entity_type(entity_type_name)
        remote_data = self._to_remote(etype, check_data(etype, data))
        made, created = self.remote.find_or_create(entity_type_name, remote_data, match)
        local = self.upsert(etype.name, made["id"], self._to_local(etype, dict(
            (k, made.get(k, remote_data.get(k))) for k in remote_data)))
        return self.cache.find_one(etype.name, [["id", "is", local]]), created

    def reserve_version(self, name, published_file_type, entity, task=None):
        entity = base.check_link(entity, list(SCHEMA), "reserve_version")
        remote_entity = {"type": entity["type"],
                         "id": int(self.remote_id(entity["type"], entity["id"]))}
        remote_task = None if task is None else int(self.remote_id(
            "Task", task["id"] if isinstance(task, dict) else task))
        return self.remote.reserve_version(name, published_file_type, remote_entity, remote_task)

    def release_version(self, name, published_file_type, entity, task, version):
        remote_entity = {"type": entity["type"],
                         "id": int(self.remote_id(entity["type"], entity["id"]))}
        remote_task = None if task is None else int(self.remote_id(
            "Task", task["id"] if isinstance(task, dict) else task))
        return self.remote.release_version(name, published_file_type, remote_entity,
                                           remote_task, version)

    def register_publish(self, data):
        return self.register_publishes([data])[0]

    def register_publishes(self, records):
        etype = SCHEMA["PublishedFile"]
        checked = [check_data(etype, data) for data in records]
        made = self.remote.register_publishes([self._to_remote(etype, d) for d in checked])
        for data, record in zip(checked, made):
            data["version_number"] = record["version_number"]
            data["path"] = record["path"]
            data["created_at"] = data.get("created_at") or record.get("created_at")
        cached = self.cache.register_publishes(checked)
        for entity, record in zip(cached, made):
            self.pair("PublishedFile", entity["id"], record["id"])
        return cached

    def path_cache_add(self, path, entity):
        link = base.check_link(entity, list(SCHEMA), "path_cache_add")
        added = self.remote.path_cache_add(path, {
            "type": link["type"], "id": int(self.remote_id(link["type"], link["id"]))})
        self.cache.path_cache_add(path, link)
        return added

    # -- sync ------------------------------------------------------------------
    def sync(self, progress=None):
        """Read the tracker's records of the project into the cache: ``{type: read}``."""
        if self.project is None:
            raise StoreError("sync needs the store's project")
        counts = {}
        for type_name in SYNC_ORDER:
            etype = SCHEMA[type_name]
            filters = []
            if etype.kind("project") == LINK:
                filters = [["project", "is", self.remote.project]]
            records = self.remote.find(type_name, filters)
            for index, record in enumerate(records):
                local = self._to_local(etype, record)
                local.pop("upstream", None)  # below, once every publish is cached
                self.upsert(type_name, record["id"], local)
                if progress is not None:
                    progress(type_name, index + 1, len(records))
            counts[type_name] = len(records)
            if type_name == "PublishedFile":  # a publish may come before its dependency
                for record in records:
                    if record.get("upstream"):
                        self.upsert(type_name, record["id"], {
                            "upstream": self._to_local(etype, record)["upstream"]})
        for type_name in ("Sequence", "Shot", "Asset"):
            for record in self.remote.find(type_name, [["project", "is", self.remote.project]],
                                           ["id"]):
                local = self.local_id(type_name, record["id"])
                for path in self.remote.path_cache_entries(record):
                    _cache_path(self.cache, path, {"type": type_name, "id": local})
        return counts

    def close(self):
        try:
            self.cache.close()
        finally:
            self.remote.close()


def cache_path(settings, tracker):
    """The read cache file of a tracker store's settings (``cache``), or its default."""
    return settings.get("cache") or os.path.join(".reelkit", "%s-cache.sqlite" % tracker)


def _cache_path(cache, path, link):
    from toolkit.store.errors import PathCacheConflict
    try:
        cache.path_cache_add(path, link)
    except PathCacheConflict:
        pass  # the cache keeps what it had; `reelkit sync` never overwrites a conflict


def _differs(old, new):
    if isinstance(old, dict) and isinstance(new, dict):
        return (old.get("type"), old.get("id")) != (new.get("type"), new.get("id"))
    if isinstance(old, list) and isinstance(new, list):
        return [(o.get("type"), o.get("id")) for o in old] != [
            (n.get("type"), n.get("id")) for n in new]
    return old != new
