"""The loader's entity tree: Project -> Sequences -> Shots, Assets grouped by asset type.

Plain objects built with three store queries (sequences, shots, assets), so the
Qt tree model, the tests and a CLI share the same grouping and search.
"""

import itertools


def link(entity):
    """The ``{"type", "id"}`` link the store filters on."""
    return {"type": entity["type"], "id": entity["id"]}


class EntityNode(object):
    """One row of the tree.

    ``kind`` is ``"project"``, ``"group"`` (Sequences, Assets, an asset type) or
    ``"entity"`` (a Sequence, Shot or Asset; ``entity`` holds the store dict).
    """

    def __init__(self, label, kind, entity=None, parent=None):
        self.label = label
        self.kind = kind
        self.entity = entity
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
        return [link(node.entity) for node in self.walk() if node.entity is not None]


def _code(entity):
    return entity.get("code") or entity.get("name") or str(entity.get("id"))


def build_entity_tree(store, project):
    """Build the tree of ``project`` (a Project entity dict) from ``store``."""
    project_filter = [["project", "is", link(project)]]
    root = EntityNode(project.get("name") or _code(project), "project", project)
    sequences = store.find("Sequence", project_filter, ["code"], order=[("code", "asc")])
    shots = store.find("Shot", project_filter, ["code", "sequence"], order=[("code", "asc")])
    assets = store.find("Asset", project_filter, ["code", "sg_asset_type"],
                        order=[("sg_asset_type", "asc"), ("code", "asc")])

    if sequences or shots:
        group = EntityNode("Sequences", "group", parent=root)
        by_id = {}
        for sequence in sequences:
            by_id[sequence["id"]] = EntityNode(_code(sequence), "entity", sequence, group)
        orphans = None
        for shot in shots:
            parent = by_id.get((shot.get("sequence") or {}).get("id"))
            if parent is None:
                if orphans is None:
                    orphans = EntityNode("No Sequence", "group", parent=group)
                parent = orphans
            EntityNode(_code(shot), "entity", shot, parent)

    if assets:
        group = EntityNode("Assets", "group", parent=root)
        for asset_type, members in itertools.groupby(
                assets, key=lambda a: a.get("sg_asset_type") or "Other"):
            type_node = EntityNode(asset_type, "group", parent=group)
            for asset in members:
                EntityNode(_code(asset), "entity", asset, type_node)
    return root


def find_node(root, entity):
    """The node showing ``entity`` (matched on type and id), or None."""
    if not entity:
        return None
    for node in root.walk():
        if (node.entity is not None and node.entity.get("type") == entity.get("type")
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
