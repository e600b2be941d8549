"""The publishes of a task, grouped by name with their versions, newest first."""

import collections
import os

PUBLISH_FIELDS = ["code", "name", "path", "published_file_type", "version_number", "entity",
                  "task", "step", "created_by", "created_at", "description", "thumbnail_path"]


def task_publishes(store, task=None, entity=None):
    """``OrderedDict(name -> [publish, ...])``: the task's (else the entity's) publishes.

    Names sorted; the versions of a name newest first. One store query.
    """
    if task is not None and task.get("id") is not None:
        filters = [["task", "is", {"type": "Task", "id": task["id"]}]]
    elif entity is not None and entity.get("id") is not None:
        filters = [["entity", "is", {"type": entity["type"], "id": entity["id"]}]]
    else:
        return collections.OrderedDict()
    found = store.find("PublishedFile", filters, PUBLISH_FIELDS,
                       order=[("name", "asc"), ("version_number", "desc")])
    grouped = collections.OrderedDict()
    for publish in found:
        grouped.setdefault(publish.get("name") or publish.get("code"), []).append(publish)
    return grouped


def publish_details(publish):
    """``[(label, text)]`` shown for a publish: author, date, comment, thumbnail, size."""
    author = (publish.get("created_by") or {}).get("login") or \
        (publish.get("created_by") or {}).get("name") or ""
    created = publish.get("created_at")
    return [("Name", publish.get("name") or ""),
            ("Version", "v%03d" % (publish.get("version_number") or 0)),
            ("Type", publish.get("published_file_type") or ""),
            ("Author", author),
            ("Date", created.strftime("%Y-%m-%d %H:%M") if created else ""),
            ("Comment", publish.get("description") or ""),
            ("Size", human_size(file_size(publish.get("path")))),
            ("Path", publish.get("path") or "")]


def file_size(path):
    """Bytes of ``path``, or None when it is not on disk."""
    try:
        return os.path.getsize(path) if path else None
    except OSError:
        return None


def human_size(size):
    """``"1.2 MB"``; an empty string for None."""
    if size is None:
        return ""
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return ("%d %s" % (size, unit)) if unit == "B" else ("%.1f %s" % (size, unit))
        size /= 1024.0
