"""Updating references: first a plan (what will change), then the change, in one undo step.

A plan is a list of :class:`Change` (node, from -> to) the panel shows before a
bulk update and the CLI prints. :func:`apply_changes` runs it inside one host
undo chunk; a reference the host fails to update is reported with its error
and the others still update.
"""

import collections
import logging

from toolkit.errors import ReelkitError
from toolkit.publish.resolve import in_spelling_of
from toolkit.store.base import record_key

LOG = logging.getLogger(__name__)


class BreakdownError(ReelkitError):
    """A breakdown request that cannot be carried out (unknown node, no such version...)."""


class Change(collections.namedtuple(
        "Change", "node from_path to_path from_version to_version publish")):
    """One planned update: ``node`` goes from ``from_path`` (v``from_version``) to
    ``to_path`` (v``to_version``, the record ``publish``)."""

    __slots__ = ()

    def describe(self):
        """``charRN: v001 -> v003``."""
        return "%s: %s -> %s" % (self.node, _version_text(self.from_version),
                                 _version_text(self.to_version))


def _version_text(version):
    return "v%03d" % version if version is not None else "?"


def change_to(item, publish):
    """The :class:`Change` putting ``item`` on ``publish`` (a record of its history).

    The new path keeps the frame spelling the host used (``####``, ``$F4``).
    """
    path = publish.get("path")
    if not path:
        raise BreakdownError("publish %r has no path" % (publish.get("code") or publish.get("id")))
    return Change(item.node, item.path, in_spelling_of(path, item.path), item.version,
                  publish.get("version_number"), publish)


def plan_update_all(inventory):
    """Changes bringing every out-of-date, unpinned item to its latest version.

    An item nested in one that is updated too is left out: reloading the parent
    brings whatever the parent's new version loads, and the node it had may be
    gone by the time its turn comes.
    """
    stale = inventory.out_of_date()
    changing = set(item.node for item in stale)
    return [change_to(item, item.latest) for item in stale
            if not _ancestors(inventory, item) & changing]


def _ancestors(inventory, item):
    """Nodes ``item`` is nested in, nearest first (a set; cycles are cut)."""
    found = set()
    parent = item.parent
    while parent and parent not in found and parent in inventory.by_node:
        found.add(parent)
        parent = inventory.by_node[parent].parent
    return found


def plan_update_selected(inventory, nodes):
    """Changes bringing the items of ``nodes`` to their latest version.

    Selecting is asking: a pinned item selected is updated too (its pin stays).
    Items already latest, files that are no publish, and items nested in one
    updated too (see :func:`plan_update_all`) are skipped.
    """
    items = [inventory.item(node) for node in nodes]
    items = [item for item in items
             if item.publish is not None and item.latest is not None and item.behind]
    changing = set(item.node for item in items)
    return [change_to(item, item.latest) for item in items
            if not _ancestors(inventory, item) & changing]


def plan_update_to(inventory, node, publish):
    """The change putting ``node`` on ``publish``, a version of its own publish."""
    item = inventory.item(node)
    if item.publish is None:
        raise BreakdownError("%s loads %s, which is no publish: there is no version to choose"
                             % (node, item.path))
    if item.resolution.key != record_key(publish):
        raise BreakdownError("%s is %s; %r is another publish" % (
            node, item.resolution.describe(), publish.get("code") or publish.get("path")))
    return change_to(item, publish)


class UpdateReport(object):
    """What :func:`apply_changes` did: ``updated`` changes and ``failed`` ``(change, message)``."""

    def __init__(self):
        self.updated = []
        self.failed = []

    @property
    def ok(self):
        """True when nothing failed."""
        return not self.failed

    def summary(self):
        """``2 updated, 1 failed: charRN: <why>``."""
        text = "%d updated" % len(self.updated)
        if self.failed:
            text += ", %d failed: %s" % (len(self.failed), "; ".join(
                "%s: %s" % (change.node, message) for change, message in self.failed))
        return text

    def as_dict(self):
        return {"updated": [change.describe() for change in self.updated],
                "failed": [{"node": change.node, "error": message}
                           for change, message in self.failed]}


def apply_changes(host, changes, progress=None):
    """Run ``changes`` through ``host.update_reference`` inside one undo chunk.

    A change that fails is recorded with its message; the others still run.
    ``progress(done, total, change)`` is called after each one. Returns an
    :class:`UpdateReport`.
    """
    report = UpdateReport()
    changes = list(changes)
    if not changes:
        return report
    with host.undo_chunk("Reelkit: update %d reference%s" % (
            len(changes), "" if len(changes) == 1 else "s")):
        for done, change in enumerate(changes, 1):
            try:
                host.update_reference(change.node, change.to_path)
            except Exception as exc:  # one bad reference must not stop the others
                LOG.warning("could not update %s to %s: %s", change.node, change.to_path, exc)
                report.failed.append((change, str(exc) or type(exc).__name__))
            else:
                report.updated.append(change)
            if progress is not None:
                progress(done, len(changes), change)
    return report
