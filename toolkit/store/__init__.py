"""The store: entities, published files and the path cache, behind one interface.

::

    from toolkit.store import open_store
    store = open_store(project)             # backend from project.store_settings
    shot = store.find_one("Shot", [["code", "is", "SH010"]])
    store.latest_versions([("comp", "Nuke Script", shot, None)])

Backends: ``sqlite`` (embedded default), ``postgres``, ``shotgrid`` and ``kitsu``; see docs/store.md.
Backend modules are imported only when a store is opened.
"""

from toolkit.store.base import Store, normalize_path, publish_key
from toolkit.store.entities import SCHEMA, display_field
from toolkit.store.errors import ConflictError, PathCacheConflict, StoreError

BACKENDS = ("sqlite", "postgres", "shotgrid", "kitsu")


def open_store_from_settings(settings, roots=None, project=None):
    """Open the store described by ``settings`` (``{"backend": ..., ...}``).

    ``roots`` (name -> folder) anchors the path cache; ``project`` is the
    Project link new entities default to.
    """
    if not isinstance(settings, dict):
        raise StoreError("store settings must be a mapping, got %r" % (settings,))
    backend = settings.get("backend", "sqlite")
    if backend == "sqlite":
        from toolkit.store.sqlite import SqliteStore
        return SqliteStore(settings.get("path"), busy_timeout=settings.get("busy_timeout", 30),
                           roots=roots, project=project)
    if backend in ("postgres", "postgresql"):
        from toolkit.store.postgres import PostgresStore
        return PostgresStore(settings, roots=roots, project=project)
    if backend == "shotgrid":
        from toolkit.store.shotgrid import ShotgridStore
        remote = ShotgridStore(settings, roots=roots, project=project,
                               connection=settings.get("connection"))
        if settings.get("cache") is False:  # every read asks the site
            return remote
        from toolkit.store.readcache import CachedStore, cache_path
        try:
            return CachedStore(remote, cache_path(settings, "shotgrid"), roots=roots,
                               project=project, busy_timeout=settings.get("busy_timeout", 30))
        except Exception:
            remote.close()
            raise
    if backend == "kitsu":
        from toolkit.store.kitsu import KitsuStore
        return KitsuStore(settings, roots=roots, project=project, client=settings.get("client"))
    raise StoreError("unknown store backend %r (known: %s)" % (backend, ", ".join(BACKENDS)))


def open_store(project):
    """Open the store of a loaded project (``toolkit.config.load_project``).

    The project's storage roots anchor the path cache, and its Project entity
    (code = ``project.name``) is created on first use.
    """
    store = open_store_from_settings(dict(project.store_settings or {}),
                                     roots=getattr(project, "roots", None))
    try:
        store.project = ensure_project(store, project.name)
    except Exception:
        store.close()
        raise
    return store


def ensure_project(store, name):
    """The Project link whose code is ``name``, created if the store has none."""
    find_or_create = getattr(store, "find_or_create", None)
    if find_or_create is not None:  # atomic: concurrent first opens make one row
        found, _ = find_or_create("Project", {"code": name, "name": name}, ["code"])
        return {"type": "Project", "id": found["id"], "name": found["name"]}
    found = store.find_one("Project", [["code", "is", name]], ["code", "name"])
    if found is None:
        found = store.create("Project", {"code": name, "name": name})
    return {"type": "Project", "id": found["id"], "name": found["name"]}


__all__ = ["Store", "StoreError", "ConflictError", "PathCacheConflict", "SCHEMA",
           "open_store", "open_store_from_settings", "ensure_project", "publish_key",
           "normalize_path", "display_field"]
