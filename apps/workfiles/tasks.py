"""The tasks a File Open panel offers: "My tasks" and the entity tree of the project.

Built from the store alone (the embedded SQLite store works offline). "My
tasks" are the tasks assigned to the user (``task_assignees``); in a project
that records no assignments, the tasks the user has published for.
"""

import collections


TASK_FIELDS = ["content", "entity", "step"]

#: A row of the task tree: ``label``, ``entity`` (store dict or None), ``task``
#: (store dict or None), ``children`` (list of TaskNode).
TaskNode = collections.namedtuple("TaskNode", "label entity task children")


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


def task_tree(store, project):
    """``[TaskNode]``: Sequences -> Shots -> tasks, and asset types -> Assets -> tasks.

    Three store queries (tasks, shots, assets), whatever the size of the project.
    """
    tasks = store.find("Task", [["project", "is", project]], TASK_FIELDS)
    by_entity = collections.defaultdict(list)
    for task in sorted(tasks, key=_task_order):
        entity = task.get("entity") or {}
        by_entity[(entity.get("type"), entity.get("id"))].append(task)
    shots = store.find("Shot", [["project", "is", project]], ["code", "sequence"])
    assets = store.find("Asset", [["project", "is", project]], ["code", "sg_asset_type"])
    groups = collections.OrderedDict()
    for shot in sorted(shots, key=lambda s: ((s.get("sequence") or {}).get("code") or "",
                                             s["code"])):
        parent = (shot.get("sequence") or {}).get("code") or "(no sequence)"
        groups.setdefault(("Sequence", parent), []).append(shot)
    for asset in sorted(assets, key=lambda a: (a.get("sg_asset_type") or "", a["code"])):
        groups.setdefault(("AssetType", asset.get("sg_asset_type") or "(no type)"),
                          []).append(asset)
    roots = []
    for (_, label), entities in groups.items():
        children = []
        for entity in entities:
            leaves = [TaskNode(_task_label(t), entity, t, [])
                      for t in by_entity.get((entity["type"], entity["id"]), [])]
            children.append(TaskNode(entity["code"], entity, None, leaves))
        roots.append(TaskNode(label, None, None, children))
    return roots


def _task_label(task):
    step = (task.get("step") or {}).get("code")
    return "%s (%s)" % (task["content"], step) if step and step != task["content"] \
        else task["content"]


def _task_order(task):
    entity = task.get("entity") or {}
    return (entity.get("type") or "", entity.get("code") or "", task.get("content") or "")
