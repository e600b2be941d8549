"""The project's entity tree: Project -> Sequences -> Shots, Assets grouped by
asset type, and, when asked, each entity's tasks below it.

One tree for every app that browses a project (the Loader's entities, the
Workfiles' tasks): plain objects built with three or four store queries
whatever the size of the project, so Qt models, tests and a CLI share the
same grouping, labels and search.
"""

import itertools


def link(entity):
    """The ``{"type", "id"}`` link the store filters on."""
    return {"type": entity["type"], "id": entity["id"]}


class EntityNode(object):
    """One row of the tree.

    ``kind`` is ``"project"``, ``"group"`` (Sequences, Assets, an asset type),
    ``"entity"`` (a Sequence, Shot or Asset; ``entity`` holds the store dict) or
    ``"task"`` (``task`` holds the store dict, ``entity`` its Shot or Asset).
    """

    def __init__(self, label, kind, entity=None, parent=None, task=None):
        self.label = label
        self.kind = kind
        self.entity = entity
        self.task = task
        self.parent = parent
        self.children = []
        if parent is not None:
            parent.children.append(self)

    def __repr__(self):
        return "<EntityNode %s %r>" % (self.kind, self.label)

    @property
    def row(self):
        return self.parent.children.index(self) if self.parent is not None else 0

    def walk(self):
        """This node and every node below it, depth first."""
        yield self
        for child in self.children:
            for node in child.walk():
                yield node

    def path(self):
        """Labels from the root down to this node."""
        labels = []
        node = self
        while node is not None:
            labels.append(node.label)
            node = node.parent
        return labels[::-1]

    def matches(self, text):
        """Whether this node's label contains ``text`` (case-insensitive; empty matches)."""
        return not text or text.lower() in self.label.lower()

    def publish_entities(self):
        """Links of the entities whose publishes this node shows; None for the whole project.

        A sequence shows its own publishes and those of its shots; a group shows those
        of every entity below it.
        """
        if self.kind == "project":
            return None
        if self.kind == "task":
            return [link(self.entity)]
        return [link(node.entity) for node in self.walk()
                if node.entity is not None and node.kind == "entity"]


def _code(entity):
    return entity.get("code") or entity.get("name") or str(entity.get("id"))


#: Fields of the tasks a tree with tasks holds.
TASK_FIELDS = ["content", "entity", "step"]


def build_entity_tree(store, project, tasks=False):
    """Build the tree of ``project`` (a Project entity dict) from ``store``; with
    ``tasks``, each Sequence, Shot and Asset holds its tasks first (sorted by
    name, labelled by :func:`task_label`)."""
    project_filter = [["project", "is", link(project)]]
    root = EntityNode(project.get("name") or _code(project), "project", project)
    sequences = store.find("Sequence", project_filter, ["code"], order=[("code", "asc")])
    shots = store.find("Shot", project_filter, ["code", "sequence"], order=[("code", "asc")])
    assets = store.find("Asset", project_filter, ["code", "sg_asset_type"],
                        order=[("sg_asset_type", "asc"), ("code", "asc")])

    by_entity = {}
    if tasks:
        for task in sorted(store.find("Task", project_filter, TASK_FIELDS),
                           key=lambda t: (t.get("content") or "", t["id"])):
            entity = task.get("entity") or {}
            by_entity.setdefault((entity.get("type"), entity.get("id")), []).append(task)

    def add_entity(entity, parent):
        node = EntityNode(_code(entity), "entity", entity, parent)
        for task in by_entity.get((entity["type"], entity["id"]), ()):
            EntityNode(task_label(task), "task", entity, node, task)
        return node

    if sequences or shots:
        group = EntityNode("Sequences", "group", parent=root)
        by_id = {}
        for sequence in sequences:
            by_id[sequence["id"]] = add_entity(sequence, group)
        orphans = None
        for shot in shots:
            parent = by_id.get((shot.get("sequence") or {}).get("id"))
            if parent is None:
                if orphans is None:
                    orphans = EntityNode("No Sequence", "group", parent=group)
                parent = orphans
            add_entity(shot, parent)

    if assets:
        group = EntityNode("Assets", "group", parent=root)
        for asset_type, members in itertools.groupby(
                assets, key=lambda a: a.get("sg_asset_type") or "Other"):
            type_node = EntityNode(asset_type, "group", parent=group)
            for asset in members:
                add_entity(asset, type_node)
    return root


def task_label(task):
    """A task as a tree shows it: ``layout``, or ``blocking (anim)`` when its
    step is named otherwise."""
    step = (task.get("step") or {}).get("code")
    return "%s (%s)" % (task["content"], step) if step and step != task["content"] \
        else task["content"]


def find_node(root, entity):
    """The node showing ``entity`` (matched on type and id), or None."""
    if not entity:
        return None
    for node in root.walk():
        if (node.kind == "entity" and node.entity.get("type") == entity.get("type")
                and node.entity.get("id") == entity.get("id")):
            return node
    return None


def search(root, text):
    """Nodes to show for a search: every match with its ancestors and descendants.

    Typing ``SQ01`` keeps the sequence's shots visible; typing ``SH010`` keeps the
    path down to that shot. Returns a set of ``id(node)``; the root always shows.
    """
    visible = set([id(root)])
    for node in root.walk():
        if node is root or id(node) in visible or not node.matches(text):
            continue
        visible.update(id(below) for below in node.walk())
        above = node.parent
        while above is not None:
            visible.add(id(above))
            above = above.parent
    return visible
