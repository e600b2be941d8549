"""The scene's inventory: every file it loads, resolved to its publish, with a status.

:func:`scan` asks the host for its references (``host.list_references()``),
resolves all their paths with one store request
(:func:`toolkit.publish.resolve.resolve_paths`) and lays the pins of the scene
over the result. No Qt here: the panel, the CLI and the engine's notice on
scene open use the same :class:`Inventory`.
"""

import collections
import os

from toolkit.publish import resolve
from toolkit.publish.resolve import (LATEST, MISSING, NOT_A_PUBLISH, OUT_OF_DATE, PINNED,
                                     STATUSES)

from .pins import match_pins, read_pin_records

#: Group label of items that are no publish, or whose entity is unknown.
NO_ENTITY = "(no publish)"


class BreakdownItem(object):
    """One file the scene loads: its reference, its :class:`Resolution`, its pin.

    ``reference`` is the host's :class:`toolkit.platform.host.Reference`,
    ``resolution`` what the resolver found, ``pinned_version`` the version it
    is pinned at (None: not pinned), ``children`` the items nested in it.
    """

    def __init__(self, reference, resolution, pinned=False, pinned_version=None):
        self.reference = reference
        self.resolution = resolution
        self.pinned = pinned
        self.pinned_version = pinned_version
        self.children = []

    node = property(lambda self: self.reference.node, doc="The host's name of the reference.")
    path = property(lambda self: self.reference.path, doc="The file it loads, as the host says.")
    kind = property(lambda self: self.reference.kind, doc="reference, read, file, library...")
    parent = property(lambda self: self.reference.parent, doc="Node it is nested in, or None.")
    publish = property(lambda self: self.resolution.publish, doc="Its PublishedFile, or None.")
    latest = property(lambda self: self.resolution.latest, doc="The newest of its publish.")
    version = property(lambda self: self.resolution.version, doc="Its version, or None.")
    latest_version = property(lambda self: self.resolution.latest_version,
                              doc="The newest version of its publish, or None.")
    behind = property(lambda self: self.resolution.behind,
                      doc="How many versions the newest is ahead.")

    @property
    def status(self):
        """The resolver's status, with :data:`PINNED` for a pinned publish on disk."""
        status = self.resolution.status
        if self.pinned and status in (LATEST, OUT_OF_DATE):
            return PINNED
        return status

    @property
    def needs_update(self):
        """True when "update all" would update it: out of date and not pinned."""
        return self.status == OUT_OF_DATE

    @property
    def entity_label(self):
        """``Shot SH010`` / ``Asset hero``: the entity its publish belongs to."""
        entity = (self.publish or {}).get("entity")
        if not entity:
            return NO_ENTITY
        code = entity.get("code") or entity.get("name") or entity.get("id")
        return "%s %s" % (entity.get("type"), code)

    @property
    def type_label(self):
        """Its published-file type (``Maya Scene``), or the host's kind when no publish."""
        if self.publish is not None:
            return self.publish.get("published_file_type") or "(no type)"
        return "(%s, no publish)" % (self.kind or "file")

    @property
    def name(self):
        """What to call it in a list: the publish name, else the file name."""
        if self.publish is not None and self.publish.get("name"):
            return self.publish["name"]
        return os.path.basename(self.path or "") or self.node

    def as_dict(self):
        """A JSON-ready summary (``reelkit breakdown --json``)."""
        data = self.resolution.as_dict()
        data.update({"node": self.node, "kind": self.kind, "parent": self.parent,
                     "status": self.status, "pinned": self.pinned,
                     "pinned_version": self.pinned_version, "entity": self.entity_label,
                     "type": self.type_label})
        return data

    def __repr__(self):
        return "<BreakdownItem %s %s>" % (self.node, self.status)


class Inventory(object):
    """Every :class:`BreakdownItem` of a scene, in the host's order, and their nesting."""

    def __init__(self, items, scene_path=None):
        self.items = list(items)
        self.scene_path = scene_path
        self.by_node = collections.OrderedDict((item.node, item) for item in self.items)
        self.top = []
        for item in self.items:
            parent = self.by_node.get(item.parent) if item.parent else None
            if parent is not None and parent is not item:
                parent.children.append(item)
            else:
                self.top.append(item)

    def __len__(self):
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def item(self, node):
        """The item of ``node``; KeyError naming the nodes there are."""
        try:
            return self.by_node[node]
        except KeyError:
            raise KeyError("no reference %r in the scene (has: %s)"
                           % (node, ", ".join(self.by_node) or "none"))

    def with_status(self, status):
        """Items whose status is ``status``."""
        return [item for item in self.items if item.status == status]

    def out_of_date(self):
        """Items "update all" would update (out of date, not pinned)."""
        return [item for item in self.items if item.needs_update]

    def counts(self):
        """``{status: count}`` for every status (zeros included), in :data:`STATUSES` order."""
        counts = collections.OrderedDict((status, 0) for status in STATUSES)
        for item in self.items:
            counts[item.status] += 1
        return counts

    def summary(self):
        """``12 references: 3 out of date, 1 pinned, 8 latest`` (zeros left out)."""
        parts = ["%d %s" % (count, status.replace("_", " "))
                 for status, count in self.counts().items() if count]
        text = "%d reference%s" % (len(self), "" if len(self) == 1 else "s")
        return text + (": " + ", ".join(parts) if parts else "")

    def groups(self, by="entity"):
        """``[(label, [items])]`` of the top-level items, grouped ``by`` "entity" or "type".

        Groups are sorted by label, the group of non-publishes last; items keep
        the host's order inside a group.
        """
        if by not in ("entity", "type"):
            raise ValueError("group by 'entity' or 'type', not %r" % (by,))
        grouped = collections.OrderedDict()
        for item in self.top:
            label = item.entity_label if by == "entity" else item.type_label
            grouped.setdefault(label, []).append(item)
        return sorted(grouped.items(), key=lambda pair: (pair[1][0].publish is None, pair[0]))


def scan(host, store, templates=None, check_files=True):
    """The :class:`Inventory` of the scene open in ``host``: one store request in all.

    Relative paths are read from the scene's folder. Pins come from the scene
    (:mod:`.pins`), following a reference renamed since it was pinned.
    """
    references = list(host.list_references() or ())
    scene_path = host.current_scene_path()
    relative_to = os.path.dirname(scene_path) if scene_path else None
    resolutions = resolve.resolve_paths(store, [ref.path for ref in references], templates,
                                        relative_to=relative_to, check_files=check_files)
    pins = match_pins(read_pin_records(host), [(ref.node, ref.path) for ref in references])
    items = [BreakdownItem(ref, found, ref.node in pins, pins.get(ref.node, (None,))[0])
             for ref, found in zip(references, resolutions)]
    return Inventory(items, scene_path)


__all__ = ["BreakdownItem", "Inventory", "scan", "LATEST", "OUT_OF_DATE", "PINNED",
           "NOT_A_PUBLISH", "MISSING", "STATUSES", "NO_ENTITY"]
