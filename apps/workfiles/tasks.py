"""The tasks a File Open panel offers as "My tasks" (the project's tree of
entities and tasks is the core's: :mod:`toolkit.entity_tree`).

Built from the store alone (the embedded SQLite store works offline). "My
tasks" are the tasks assigned to the user (``task_assignees``); in a project
that records no assignments, the tasks the user has published for.
"""

from toolkit.entity_tree import TASK_FIELDS


def my_tasks(store, project, login):
    """The tasks of ``login`` in ``project`` (a Project link), sorted by entity and task.

    Where the project records assignments (``task_assignees``: ShotGrid's,
    Kitsu's, or set in the embedded store), the tasks assigned to the user; in
    a project that records none, the tasks the user has published for.
    """
    if not login:
        return []
    user = store.find_one("User", [["login", "is", login]], ["login"])
    if user is None:
        return []
    tasks = store.find("Task", [["project", "is", project]], TASK_FIELDS + ["task_assignees"])
    if any(task.get("task_assignees") for task in tasks):
        mine = [task for task in tasks
                if any(u.get("id") == user["id"] for u in task.get("task_assignees") or [])]
    else:
        link = {"type": "User", "id": user["id"]}
        published = store.find("PublishedFile", [["project", "is", project],
                                                 ["created_by", "is", link]], ["task"])
        ids = set(p["task"]["id"] for p in published if p.get("task"))
        mine = [task for task in tasks if task["id"] in ids]
    return sorted(mine, key=_task_order)


def _task_order(task):
    entity = task.get("entity") or {}
    return (entity.get("type") or "", entity.get("code") or "", task.get("content") or "")
