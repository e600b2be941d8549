"""What a publish check says when it fails, and the two actions artists get on it.

Publish plugins (pyblish plugins, see docs/publisher.md) raise
:class:`CheckFailed` when the artist can act on the problem; anything else a
plugin raises is reported as unexpected, with its traceback. Two pyblish
actions are shared by every check:

- :class:`Repair` calls the plugin's ``repair(instance)`` (``repair(context)``
  for a context plugin) for each item the check failed on, in one host undo step;
- :class:`SelectInvalid` selects in the host the nodes the failure named
  (``CheckFailed(nodes=[...])``).

A plugin file only imports this module and ``pyblish.api``; it reaches the
host and the project through the pyblish context's data (``context.data["host"]``).
"""

import contextlib

import pyblish.api

from toolkit.errors import ReelkitError


class CheckFailed(ReelkitError):
    """A check failed in a way the artist can fix.

    ``title``: the problem in a few words ("Frame range differs from the shot");
    ``problem``: what is wrong, with the values; ``fix``: how to fix it (and
    whether Repair does); ``nodes``: host nodes at fault, for Select invalid.
    """

    def __init__(self, title, problem, fix=None, nodes=()):
        message = "%s: %s" % (title, problem)
        if fix:
            message += " (fix: %s)" % fix
        super(CheckFailed, self).__init__(message)
        self.title = title
        self.problem = problem
        self.fix = fix
        self.nodes = list(nodes or ())


def failed_results(context, plugin):
    """The results of ``plugin`` in ``context`` that carry an error, in run order."""
    return [result for result in context.data.get("results") or ()
            if result["plugin"] is plugin and result["error"] is not None]


@contextlib.contextmanager
def _undo_chunk(context, label):
    host = context.data.get("host")
    if host is None:
        yield
        return
    with host.undo_chunk(label):
        yield


class Repair(pyblish.api.Action):
    """Fix what the check found, through the plugin's own ``repair``."""

    label = "Repair"
    on = "failed"
    icon = "wrench"

    def process(self, context, plugin):
        items = []
        for result in failed_results(context, plugin):
            item = result["instance"] if result["instance"] is not None else context
            if not any(item is seen for seen in items):
                items.append(item)
        with _undo_chunk(context, "Repair: %s" % (plugin.label or plugin.__name__)):
            for item in items:
                plugin().repair(item)
        self.log.info("repaired %d item(s)", len(items))


class SelectInvalid(pyblish.api.Action):
    """Select in the host the nodes the check named."""

    label = "Select invalid"
    on = "failed"
    icon = "hand-o-up"

    def process(self, context, plugin):
        nodes = []
        for result in failed_results(context, plugin):
            for node in getattr(result["error"], "nodes", None) or ():
                if node not in nodes:
                    nodes.append(node)
        if not nodes:
            self.log.info("the failure names no node")
            return
        context.data["host"].select_nodes(nodes)
        self.log.info("selected %s", ", ".join(nodes))
