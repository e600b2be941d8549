"""``reelkit sync`` for the Kitsu store: bring the local read cache up to date.

Every record of the project is read from Kitsu (plus the task types and people,
which Kitsu keeps for the whole studio) and written into the cache: updated
when its Kitsu id is already paired with a cached entity, created and paired
otherwise. Version claims are skipped; published output files are registered
with their own revision. Nothing is ever written to Kitsu here.
"""

import datetime

from toolkit.store.kitsu import CLAIM_PREFIX
from toolkit.store.errors import StoreError

ORDER = ("Project", "Sequence", "Shot", "Asset", "Step", "User", "Task", "PublishedFile")


def pull(store, progress=None):
    """Read Kitsu into ``store.cache``; return ``{entity type: records read}``."""
    if store.project is None:
        raise StoreError("sync needs the store's project")
    project = store.remote_id("Project", store.project["id"])
    types = dict((t["id"], t["name"]) for t in store._call("fetch_all", "entity-types"))
    entities = store._call("fetch_all", "entities", {"project_id": project})
    by_type = {}
    for entity in entities:
        kind = types.get(entity.get("entity_type_id"))
        kind = kind if kind in ("Sequence", "Shot") else "Asset"
        by_type.setdefault(kind, []).append(entity)
    read = {
        "Sequence": by_type.get("Sequence", []),
        "Shot": by_type.get("Shot", []),
        "Asset": by_type.get("Asset", []),
        "Step": store._call("fetch_all", "task-types"),
        "User": store._call("fetch_all", "persons"),
        "Task": store._call("fetch_all", "tasks", {"project_id": project}),
    }
    files = []
    for entity in entities:
        files.extend(f for f in store._call("fetch_all", "output-files",
                                              {"entity_id": entity["id"]})
                     if not (f.get("representation") or "").startswith(CLAIM_PREFIX)
                     and not f.get("canceled"))
    read["PublishedFile"] = files
    counts = {}
    for type_name in ORDER[1:]:
        records = read[type_name]
        for index, record in enumerate(records):
            _upsert(store, type_name, record, types, upstream=False)
            if progress is not None:
                progress(type_name, index + 1, len(records))
        counts[type_name] = len(records)
    # Dependencies once every publish is in the cache: Kitsu lists output files in
    # no particular order, and a publish may come before the one it depends on.
    for record in read["PublishedFile"]:
        if ((record.get("data") or {}).get("reelkit") or {}).get("upstream"):
            _upsert(store, "PublishedFile", record, types)
    for entity in entities:
        for entry in ((entity.get("data") or {}).get("reelkit_paths") or []):
            _cache_path(store, entity, entry)
    return counts


def _link(store, remote_id):
    if not remote_id:
        return None
    found = store.local_link(remote_id)
    return None if found is None else {"type": found[0], "id": found[1]}


def _fields(store, type_name, record, types):
    if type_name in ("Sequence", "Shot", "Asset"):
        data = {"code": record["name"], "description": record.get("description")}
        if type_name == "Shot":
            data["sequence"] = _link(store, record.get("parent_id"))
            frames = record.get("data") or {}
            data["sg_cut_in"] = _int(frames.get("frame_in"))
            data["sg_cut_out"] = _int(frames.get("frame_out"))
        if type_name == "Asset":
            data["sg_asset_type"] = types.get(record.get("entity_type_id"))
        return data
    if type_name == "Step":
        return {"code": record["name"], "entity_type": record.get("for_entity"),
                "description": record.get("description")}
    if type_name == "User":
        name = " ".join(p for p in (record.get("first_name"), record.get("last_name")) if p)
        return {"login": record.get("desktop_login") or record.get("email"), "name": name,
                "email": record.get("email")}
    if type_name == "Task":
        return {"content": record["name"], "entity": _link(store, record.get("entity_id")),
                "step": _link(store, record.get("task_type_id")),
                "task_assignees": [l for l in (_link(store, p) for p in
                                               record.get("assignees") or []) if l]}
    extra = (record.get("data") or {}).get("reelkit") or {}
    output_type = store._call("fetch_one", "output-types", record["output_type_id"])
    created = extra.get("created_at")
    return {"path": record.get("path"), "name": record["name"],
            "published_file_type": output_type["name"], "version_number": record["revision"],
            "entity": _link(store, record.get("entity_id")),
            "task": _link(store, extra.get("task")), "step": _link(store, extra.get("step")),
            "created_by": _link(store, record.get("person_id")),
            "description": record.get("comment") or None,
            "created_at": datetime.datetime.strptime(created[:19], "%Y-%m-%dT%H:%M:%S")
            if created else None,
            "first_frame": extra.get("first_frame"), "last_frame": extra.get("last_frame"),
            "thumbnail_path": extra.get("thumbnail_path"), "code": extra.get("code"),
            "upstream": [l for l in (_link(store, u) for u in extra.get("upstream") or []) if l]}


def _int(value):
    """A frame number Kitsu keeps as text or a number; None when it holds none."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _upsert(store, type_name, record, types, upstream=True):
    data = _fields(store, type_name, record, types)
    if not upstream:
        data.pop("upstream", None)
    if type_name not in ("Step", "User"):
        data["project"] = {"type": "Project", "id": store.project["id"]}
    data = dict((k, v) for k, v in data.items() if v is not None or k == "description")
    if type_name == "PublishedFile" and (not data.get("path") or data.get("entity") is None):
        return  # not one of Reelkit's: no path, or an entity outside the cache
    store.upsert(type_name, record["id"], data)


def _cache_path(store, entity, entry):
    root, _, rel = entry.partition(":")
    link = _link(store, entity["id"])
    if link is None:
        return
    try:
        path = store.cache.join_path(root, rel)
        if store.cache.path_cache_lookup(path) is None or path not in \
                store.cache.path_cache_entries(link):
            store.cache.path_cache_add(path, link)
    except StoreError:
        pass  # a root this project does not have, or a conflict the cache keeps
