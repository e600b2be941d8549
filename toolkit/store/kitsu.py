"""The Kitsu backend (CGWire's production tracker), through ``gazu``, with a local read cache.

::

    store:
      backend: kitsu
      url: https://kitsu.studio.lan/api     # the API root gazu talks to
      login_env: REELKIT_KITSU_LOGIN        # NAMES of variables holding the credentials
      password_env: REELKIT_KITSU_PASSWORD
      cache: .reelkit/kitsu-cache.sqlite    # default; relative to the project

Reads are answered by a local SQLite store (the *read cache*), so hosts stay
fast and the Loader, breakdown and workfiles keep working while Kitsu cannot be
reached. Writes go to Kitsu first and reach the cache only once Kitsu accepted
them; an unreachable Kitsu is a :class:`StoreError` naming the URL, never a
half-written record. ``reelkit sync`` (:meth:`KitsuStore.sync`) refreshes the
cache from Kitsu. Kitsu ids are UUIDs; the cache keeps Reelkit's integer ids
and a table ``rk_remote_id`` pairing them.

Mapping (documented in docs/store.md): Project -> project, Sequence/Shot/Asset
-> entities of those entity types (an asset's ``sg_asset_type`` is its entity
type), Step -> task type (``entity_type`` is ``for_entity``), Task -> task,
User -> person (``login`` is ``desktop_login``), PublishedFile -> output file
(``published_file_type`` is the output type, ``version_number`` the revision,
``description`` the comment; task, step, frames, thumbnail and upstream
publishes in the output file's ``data["reelkit"]``), path cache -> the
entity's ``data["reelkit_paths"]``.

Kitsu checks no uniqueness of output file revisions (its unique constraint
includes columns that are NULL), so versions are claimed with
:mod:`toolkit.store.claims`: a claim is an output file whose
``representation`` is ``reelkit-claim:<state>``.
"""

import logging
import os
import posixpath

import six

from toolkit.store import base, claims
from toolkit.store.entities import SCHEMA
from toolkit.store.readcache import ReadCache, cache_path
from toolkit.store.errors import ConflictError, StoreError

#: Reelkit entity type -> Kitsu model path.
MODEL = {"Project": "projects", "Sequence": "entities", "Shot": "entities", "Asset": "entities",
         "Step": "task-types", "Task": "tasks", "User": "persons",
         "PublishedFile": "output-files"}
CLAIM_PREFIX = "reelkit-claim:"
log = logging.getLogger(__name__)


class KitsuStore(ReadCache):
    """A :class:`Store` whose writes go to Kitsu and whose reads come from a local cache."""

    backend = "kitsu"
    tracker = "Kitsu"

    def __init__(self, settings, roots=None, project=None, client=None):
        for key in ("url", "login_env", "password_env"):
            if not isinstance(settings.get(key), six.string_types) or not settings.get(key):
                raise StoreError("the kitsu store needs %r in its settings (url, login_env, "
                                 "password_env)" % key)
        ReadCache.__init__(self, cache_path(settings, "kitsu"), roots=roots, project=project,
                           busy_timeout=settings.get("busy_timeout", 30))
        self.url = settings["url"].rstrip("/")
        self._settings = settings
        self._client = client
        self._types = {}  # (model, name) -> remote id of a looked-up helper record

    def local_link(self, remote_id):
        """``(type, local id)`` of a Kitsu id already in the cache, or None (Kitsu's
        UUIDs are unique across types, so a link's target type need not be known)."""
        with self.cache._transaction() as cur:
            cur.execute("SELECT entity_type, local_id FROM rk_remote_id WHERE remote_id = ?",
                        (remote_id,))
            row = cur.fetchone()
        return None if row is None else (row[0], int(row[1]))

    # -- the connection --------------------------------------------------------
    def _kitsu(self):
        """A logged-in gazu client (made on the first write: reads never need one)."""
        if self._client is None:
            login = os.environ.get(self._settings["login_env"])
            password = os.environ.get(self._settings["password_env"])
            if not login or not password:
                raise StoreError("the Kitsu login and password are read from the environment "
                                 "variables %s and %s, which are not both set"
                                 % (self._settings["login_env"], self._settings["password_env"]))
            try:
                import gazu
                from gazu import client as raw
            except ImportError:
                raise StoreError("the kitsu store needs gazu (pip install gazu)")
            client = raw.create_client(self.url)
            try:
                gazu.log_in(login, password, client=client)
            except Exception as exc:
                raise StoreError("cannot log in to Kitsu at %s as %s: %s"
                                 % (self.url, login, _scrub(exc, password)))
            self._client = client
        return self._client

    def _call(self, name, *args):
        """One gazu request (``fetch_all``, ``create``, ``update``, ``delete``...)."""
        client = self._kitsu()
        from gazu import client as raw
        try:
            return getattr(raw, name)(*args, client=client)
        except Exception as exc:
            if "connect" in type(exc).__name__.lower() or "connection" in str(exc).lower():
                raise StoreError("Kitsu at %s cannot be reached (%s): nothing was written"
                                 % (self.url, type(exc).__name__))
            raise StoreError("Kitsu refused %s: %s" % (name, exc))

    def _helper_id(self, model, name, data=None):
        """Id of the Kitsu record of ``model`` called ``name`` (entity type, output
        type, file status...), created when missing; the lowest id if two clients
        made it at once."""
        key = (model, name)
        if key not in self._types:
            found = self._call("fetch_all", model, {"name": name})
            if not found:
                try:
                    self._call("create", model, dict(data or {}, name=name))
                except StoreError:
                    pass  # made by someone else meanwhile: read it back
                found = self._call("fetch_all", model, {"name": name})
            if not found:
                raise StoreError("Kitsu has no %s %r and would not create it" % (model, name))
            self._types[key] = sorted(item["id"] for item in found)[0]
        return self._types[key]

    # -- writes: Kitsu first, then the cache ---------------------------------
    def create(self, entity_type_name, data):
        etype, data = self.checked_create(entity_type_name, data)
        if etype.name == "PublishedFile":
            return self.register_publish(data)
        self._check_links(etype, data)
        fields = self._remote_data(etype, data)
        remote = self._studio_record(etype.name, fields) or \
            self._call("create", MODEL[etype.name], fields)
        entity = self.cache.create(etype.name, data)
        self.pair(etype.name, entity["id"], remote["id"])
        return entity

    def update(self, entity_type_name, entity_id, data):
        etype, data = self.checked_update(entity_type_name, entity_id, data)
        if self.cache.find_one(etype.name, [["id", "is", entity_id]], ["id"]) is None:
            raise StoreError("update: there is no %s with id %d" % (etype.name, entity_id))
        self._check_links(etype, data)
        remote = self._remote_data(etype, data, updating=True)
        if "data" in remote:  # Kitsu replaces an entity's data whole: keep what else it holds
            current = self._call("fetch_one", MODEL[etype.name],
                                 self.remote_id(etype.name, entity_id)).get("data") or {}
            remote["data"] = dict(current, **remote["data"])
        if remote:
            self._call("update", MODEL[etype.name], self.remote_id(etype.name, entity_id), remote)
        return self.cache.update(etype.name, entity_id, data)

    def _studio_record(self, type_name, fields):
        """The Kitsu task type, person or project a new Step, User or Project names.

        Kitsu keeps task types and people for the whole studio (and projects by
        name): a project's cache adopts the existing record rather than
        creating a second one of the same name."""
        lookup = {"Step": ("task-types", {"name": fields.get("name"),
                                          "for_entity": fields.get("for_entity")}),
                  "User": ("persons", {"desktop_login": fields.get("desktop_login")}),
                  "Project": ("projects", {"name": fields.get("name")})}.get(type_name)
        if lookup is None:
            return None
        found = self._call("fetch_all", lookup[0], lookup[1])
        return sorted(found, key=lambda record: record["id"])[0] if found else None

    def _check_links(self, etype, data):
        for type_name, ids in base.linked_ids(etype, data).items():
            for local_id in ids:
                self.remote_id(type_name, local_id)  # known to Kitsu, or refused

    def _remote(self, link):
        return None if not link else self.remote_id(link["type"], link["id"])

    def _remote_data(self, etype, data, updating=False):
        """The Kitsu fields for Reelkit ``data`` of ``etype``."""
        name = etype.name
        out = {}
        project = data.get("project") or (None if updating else self.project)
        if name == "Project":
            if "code" in data or "name" in data:
                out["name"] = data.get("name") or data.get("code")
                out["code"] = data.get("code") or data.get("name")
            if "description" in data:
                out["description"] = data["description"]
        elif name in ("Sequence", "Shot", "Asset"):
            if "code" in data:
                out["name"] = data["code"]
            if "description" in data:
                out["description"] = data["description"]
            if project is not None and "project" in data or not updating:
                if project is None:
                    raise StoreError("a %s needs a project" % name)
                out["project_id"] = self._remote(project)
            if not updating:
                type_name = name if name != "Asset" else (data.get("sg_asset_type") or "Prop")
                out["entity_type_id"] = self._helper_id("entity-types", type_name)
            elif name == "Asset" and data.get("sg_asset_type"):
                out["entity_type_id"] = self._helper_id("entity-types", data["sg_asset_type"])
            if name == "Shot" and "sequence" in data:
                out["parent_id"] = self._remote(data["sequence"])
            if name == "Shot" and ("sg_cut_in" in data or "sg_cut_out" in data):
                # Kitsu keeps a shot's range in its data (frame_in, frame_out)
                out["data"] = dict((kitsu_key, data[field]) for field, kitsu_key in (
                    ("sg_cut_in", "frame_in"), ("sg_cut_out", "frame_out")) if field in data)
        elif name == "Step":
            if "code" in data:
                out["name"] = data["code"]
            if "entity_type" in data or not updating:
                out["for_entity"] = data.get("entity_type") or "Shot"
            if "description" in data:
                out["description"] = data["description"]
        elif name == "Task":
            if "content" in data:
                out["name"] = data["content"]
            if "entity" in data:
                out["entity_id"] = self._remote(data["entity"])
            if "step" in data:
                out["task_type_id"] = self._remote(data["step"])
            if "task_assignees" in data:
                out["assignees"] = [self._remote(user) for user in data["task_assignees"] or []]
            if not updating:
                if not data.get("entity"):
                    raise StoreError("a Kitsu task needs an entity")
                if not data.get("step"):
                    # Kitsu types every task: one with no step is typed by its own name
                    out["task_type_id"] = self._task_type(data.get("content") or "Task",
                                                          data["entity"]["type"])
                if project is None:
                    raise StoreError("a Task needs a project")
                out["project_id"] = self._remote(project)
                out["task_status_id"] = self._default_task_status()
        elif name == "User":
            if "login" in data:
                out["desktop_login"] = data["login"]
            if "name" in data or not updating:
                full = (data.get("name") or data.get("login") or "").split(None, 1)
                out["first_name"] = full[0] if full else data.get("login")
                out["last_name"] = full[1] if len(full) > 1 else ""
            if "email" in data or not updating:
                # Kitsu requires an address; example.com is reserved for examples (RFC 2606)
                out["email"] = data.get("email") or "%s@example.com" % data.get("login")
        return out

    def _task_type(self, name, for_entity):
        """Id of the Kitsu task type ``name`` for entities of ``for_entity``, made if missing."""
        key = ("task-types", name, for_entity)
        if key not in self._types:
            query = {"name": name, "for_entity": for_entity}
            found = self._call("fetch_all", "task-types", query)
            if not found:
                self._call("create", "task-types", query)
                found = self._call("fetch_all", "task-types", query)
            self._types[key] = sorted(record["id"] for record in found)[0]
        return self._types[key]

    def _default_task_status(self):
        if ("task-status", None) not in self._types:
            found = self._call("fetch_all", "task-status", {"is_default": "true"})
            if not found:
                found = self._call("fetch_all", "task-status")
            if not found:
                raise StoreError("Kitsu has no task status to give a new task")
            self._types[("task-status", None)] = found[0]["id"]
        return self._types[("task-status", None)]

    # -- publishes -----------------------------------------------------------
    def _output_key(self, key, task_id=None):
        """The Kitsu fields naming one publish key's output files."""
        name, ptype, (type_name, entity_id), task = key
        # Kitsu keys output files by task *type*: a publish under a task takes its
        # task's type (two tasks of one type on one entity share a version sequence).
        task_type = None
        if task is not None:
            task_type = self._call("fetch_one", "tasks",
                                   self.remote_id("Task", task)).get("task_type_id")
        if task_type is None:
            task_type = self._task_type("Publish", "Asset" if type_name == "Asset" else type_name)
        return {"name": name, "entity_id": self.remote_id(type_name, entity_id),
                "output_type_id": self._helper_id("output-types", ptype,
                                                  {"short_name": ptype.lower()[:20]}),
                "task_type_id": task_type}

    def _records(self, fields):
        """``[(revision, id, state)]`` of the output files of one key (claims too)."""
        rows = self._call("fetch_all", "output-files", dict(fields))
        result = []
        for row in rows:
            if row.get("canceled"):
                continue
            rep = row.get("representation") or ""
            state = rep[len(CLAIM_PREFIX):] if rep.startswith(CLAIM_PREFIX) else "published"
            result.append((row.get("revision") or 0, row["id"], state))
        return result

    def _claim(self, key, version=None):
        fields = self._output_key(key)
        status = self._helper_id("file-status", "Reelkit", {"color": "#888888"})

        def first():
            taken = self._records(fields)
            if version is None:
                return max([v for v, _, _ in taken] + [0]) + 1
            if any(v == version and state != "claim" for v, _, state in taken):
                raise ConflictError("version %d of publish %r (%s) is already registered"
                                    % (version, key[0], key[1]))
            return version

        def create(number):
            data = dict(fields, revision=number, representation=CLAIM_PREFIX + "claim",
                        file_status_id=status)
            return self._call("create", "output-files", data)["id"]

        def rivals(number, mine):
            return [(i, claims.CLAIM if state == "claim" else claims.KEPT)
                    for v, i, state in self._records(fields) if v == number and i != mine]

        return claims.claim_number(
            first, create, rivals,
            keep=lambda mine: self._call("update", "output-files", mine,
                                         {"representation": CLAIM_PREFIX + "kept"}),
            retire=lambda mine: self._call("delete", "data/output-files/%s" % mine),
            exact=version is not None)

    def reserve_version(self, name, published_file_type, entity, task=None):
        key = base.publish_key(name, published_file_type, entity, task)
        return self._claim(key)[0]

    def release_version(self, name, published_file_type, entity, task, version):
        key = base.publish_key(name, published_file_type, entity, task)
        taken = self._records(self._output_key(key))
        if not taken or max(v for v, _, _ in taken) != version:
            return False
        mine = [i for v, i, state in taken if v == version]
        if any(state != "kept" for v, _, state in taken if v == version):
            return False
        for claim in mine:
            self._call("delete", "data/output-files/%s" % claim)
        return bool(mine)

    def register_publish(self, data):
        return self.register_publishes([data])[0]

    def register_publishes(self, records):
        """Register publishes: each claimed and filled on Kitsu, then all cached at once."""
        prepared = [self.prepare_publish(data) for data in records]
        for data, _ in prepared:
            self._check_links(SCHEMA["PublishedFile"], data)
            found = self.cache.find_one("PublishedFile", [["path", "is", data["path"]]],
                                        ["version_number"])
            if found is not None:
                raise ConflictError("%s is already published (version %s): a published path "
                                    "is never reused" % (data["path"], found["version_number"]))
        placed = []
        try:
            for data, key in prepared:
                fields = self._output_key(key)
                version = data.get("version_number")
                kept = [i for v, i, state in self._records(fields)
                        if version is not None and v == version and state == "kept"]
                remote = kept[0] if kept else None
                if remote is None:
                    version, remote = self._claim(key, version)
                data["version_number"] = version
                self._call("update", "output-files", remote, self._output_data(data))
                placed.append(remote)
                self._preview(remote, data)
            cached = self.cache.register_publishes([data for data, _ in prepared])
        except Exception:
            for remote in placed:  # Kitsu has no transaction: take back what was written
                try:
                    self._call("delete", "data/output-files/%s" % remote)
                except StoreError:
                    pass
            raise
        for entity, remote in zip(cached, placed):
            self.pair("PublishedFile", entity["id"], remote)
        return cached

    def _preview(self, remote, data):
        """The thumbnail as a Kitsu preview: a comment on the publish's task carrying the
        picture (Kitsu shows previews on task comments; a publish with no task has none).
        A preview Kitsu refuses is logged: the publish itself is complete without it."""
        thumbnail = data.get("thumbnail_path")
        if not thumbnail or not data.get("task") or not os.path.isfile(thumbnail):
            return
        task = self.remote_id("Task", data["task"]["id"])
        try:
            status = self._call("fetch_one", "tasks", task)["task_status_id"]
            comment = self._call("post", "actions/tasks/%s/comment" % task, {
                "task_status_id": status,
                "comment": "Published %s v%03d" % (data["name"], data["version_number"])})
            preview = self._call("post", "actions/tasks/%s/comments/%s/add-preview"
                                 % (task, comment["id"]), {})
            self._call("upload", "pictures/preview-files/%s" % preview["id"], thumbnail)
        except StoreError as exc:
            log.warning("the thumbnail of %s was not added to Kitsu as a preview: %s",
                        data["path"], exc)
            return
        extra = dict(self._output_data(data)["data"]["reelkit"], preview=preview["id"])
        self._call("update", "output-files", remote, {"data": {"reelkit": extra}})

    def _output_data(self, data):
        extra = {"task": data.get("task") and self._remote(data["task"]),
                 "step": data.get("step") and self._remote(data["step"]),
                 "upstream": [self._remote(link) for link in data.get("upstream") or []],
                 "first_frame": data.get("first_frame"), "last_frame": data.get("last_frame"),
                 "thumbnail_path": data.get("thumbnail_path"), "code": data.get("code"),
                 "created_at": data["created_at"].isoformat() if data.get("created_at") else None}
        out = {"path": data["path"], "comment": data.get("description") or "",
               "representation": posixpath.splitext(data["path"])[1].lstrip(".") or "file",
               "data": {"reelkit": extra}}
        if data.get("created_by"):
            out["person_id"] = self._remote(data["created_by"])
        return out

    # -- work files ----------------------------------------------------------
    def record_work_file(self, path, entity, task=None, name=None, version=None, user=None):
        """A Kitsu working file for the save (Kitsu files work files under a task: a
        save outside any task, or not named and versioned, records nothing). One
        record per name, task and version (Kitsu's own rule); a second save of it
        updates the path and author. Returns the working file's Kitsu id."""
        if task is None or not name or version is None:
            return None
        key = {"name": name, "task_id": self.remote_id("Task", task["id"]),
               "entity_id": self.remote_id(entity["type"], entity["id"]),
               "revision": int(version)}
        data = {"path": base.normalize_path(path)}
        if user is not None and user.get("id") is not None:
            data["person_id"] = self.remote_id("User", user["id"])
        found = self._call("fetch_all", "working-files", dict(key))
        if found:
            self._call("update", "working-files", found[0]["id"], data)
            return found[0]["id"]
        return self._call("create", "working-files", dict(key, **data))["id"]

    # -- path cache ----------------------------------------------------------
    def path_cache_add(self, path, entity):
        link = base.check_link(entity, list(SCHEMA), "path_cache_add")
        root, rel = self.split_path(path)
        norm = base.normalize_path(path)
        owner = self.cache.path_cache_lookup(norm)
        if owner is not None and norm in self.cache.path_cache_entries(owner):
            # already cached: the cache says whether for this entity or another (conflict)
            return self.cache.path_cache_add(norm, link)
        if link["type"] in ("Sequence", "Shot", "Asset"):
            remote = self.remote_id(link["type"], link["id"])
            current = self._call("fetch_one", "entities", remote).get("data") or {}
            paths = sorted(set(current.get("reelkit_paths", []) + ["%s:%s" % (root, rel)]))
            self._call("update", "entities", remote, {"data": dict(current, reelkit_paths=paths)})
        return self.cache.path_cache_add(norm, link)

    # -- sync ------------------------------------------------------------------
    def sync(self, progress=None):
        """Bring the cache up to date with Kitsu; returns ``{type: records read}``."""
        from toolkit.store.kitsu_sync import pull
        return pull(self, progress)



def _scrub(exc, secret):
    text = str(exc)
    return text.replace(secret, "***") if secret else text
