"""The store links a publish records: its entity, task, step, author and dependencies.

A context may name them by code only (read from a path); each function finds
the record the store holds, or refuses with a :class:`PublishError` before any
file is touched. Shared by :func:`toolkit.publish.publish_file` and
:class:`toolkit.publish.run.PublishRun`.
"""

import getpass

from toolkit.publish.errors import PublishError


def display(type_name):
    """The field a link to ``type_name`` shows (``code``, ``content``...)."""
    from toolkit.store import display_field
    return display_field(type_name)


def entity_link(store, entity):
    """``{"type", "id"}`` of the context's entity (found by code under its parent)."""
    if not entity or not isinstance(entity, dict) or not entity.get("type"):
        raise PublishError("the context has no entity to publish for")
    if entity.get("id") is not None:
        return {"type": entity["type"], "id": entity["id"]}
    # By code, under its parent: SH010 exists in every sequence, and a record
    # linked to another sequence's SH010 would be wrong while its file looks right.
    from toolkit.store.errors import StoreError
    from toolkit.store.lookup import find_by_code, parent_code
    try:
        found = find_by_code(store, entity["type"], entity.get(display(entity["type"])),
                             parent_code(entity))
    except StoreError as exc:
        raise PublishError("cannot publish for this context: %s" % exc)
    return {"type": found["type"], "id": found["id"]}


def task_link(store, task, entity):
    """``{"type": "Task", "id"}`` of ``task`` on ``entity``, None without a task."""
    if not task:
        return None
    if task.get("id") is not None:
        return {"type": "Task", "id": task["id"]}
    found = store.find_one("Task", [["content", "is", task.get("content")],
                                    ["entity", "is", entity]], ["content"])
    if found is None:
        raise PublishError("task %r of %s %s is not in the store"
                           % (task.get("content"), entity["type"], entity["id"]))
    return {"type": "Task", "id": found["id"]}


def step_link(store, step, entity):
    """``{"type": "Step", "id"}`` of ``step``, None without one or when the store has none."""
    if not step:
        return None
    if step.get("id") is not None:
        return {"type": "Step", "id": step["id"]}
    # A Step record is optional in small set-ups: without one the publish
    # simply carries no step link (the step is still in its path).
    found = store.find_one("Step", [["code", "is", step.get("code")],
                                    ["entity_type", "in", [entity["type"], None]]], ["code"])
    return {"type": "Step", "id": found["id"]} if found else None


def user_link(store, user):
    """The User link of ``user`` (a link or a login; default: who runs this), or None."""
    if isinstance(user, dict) and user.get("id") is not None:
        return {"type": "User", "id": user["id"]}
    login = user.get("login") if isinstance(user, dict) else user
    if not login:
        try:
            login = getpass.getuser()
        except Exception:  # no login name in this environment
            return None
    found = store.find_one("User", [["login", "is", login]], ["login"])
    return {"type": "User", "id": found["id"]} if found else None


def dependency_link(store, dependency):
    """The PublishedFile link of a dependency (a record or a published path)."""
    if isinstance(dependency, dict):
        if dependency.get("type") != "PublishedFile" or dependency.get("id") is None:
            raise PublishError("a dependency must be a PublishedFile record, got %r"
                               % (dependency,))
        return {"type": "PublishedFile", "id": dependency["id"]}
    from toolkit.store import normalize_path
    found = store.find_one("PublishedFile", [["path", "is", normalize_path(dependency)]],
                           ["path"])
    if found is None:
        raise PublishError("dependency %s is not a published file" % (dependency,))
    return {"type": "PublishedFile", "id": found["id"]}
