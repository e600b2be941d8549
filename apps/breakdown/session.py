"""Everything a Breakdown panel (or a headless run) works with, in one object.

:class:`BreakdownSession` binds the store, the host and the project's templates.
The app builds one from itself (:meth:`BreakdownSession.from_app`); the CLI,
tests and the benchmark build one directly. It holds the last
:class:`~.inventory.Inventory` scanned; every change goes through the host API
and is followed by a fresh scan.
"""

from toolkit.publish.resolve import version_history

from .inventory import scan
from .pins import read_pins, set_pinned
from .updating import (BreakdownError, apply_changes, plan_update_all, plan_update_selected,
                       plan_update_to)


class BreakdownSession(object):
    """The scene's breakdown: scan, plan, update, pin, select.

    ``templates``: the project's TemplateSet (None: exact published paths only).
    ``check_files``: look for each file on disk (status *missing*).
    """

    def __init__(self, store, host, templates=None, check_files=True):
        self.store = store
        self.host = host
        self.templates = templates
        self.check_files = check_files
        self.inventory = None

    @classmethod
    def from_app(cls, app):
        """The session of a running :class:`BreakdownApp`."""
        check = app.get_setting("check_files")
        return cls(app.store, app.engine.host, getattr(app.project, "templates", None),
                   check_files=True if check is None else bool(check))

    # -- reading -----------------------------------------------------------------

    def scan(self):
        """Read the scene again: the new :class:`Inventory` (one store request)."""
        self.inventory = scan(self.host, self.store, self.templates, self.check_files)
        return self.inventory

    def _current(self):
        return self.inventory if self.inventory is not None else self.scan()

    def history(self, node):
        """Every version of the publish ``node`` loads, newest first ([] when no publish)."""
        item = self._current().item(node)
        if item.publish is None:
            return []
        return version_history(self.store, item.publish)

    # -- planning and updating ---------------------------------------------------

    def plan_all(self):
        """Changes "Update all out of date" would make (pinned references left alone)."""
        return plan_update_all(self._current())

    def plan_selected(self, nodes):
        """Changes "Update selected" would make for ``nodes``."""
        return plan_update_selected(self._current(), nodes)

    def plan_version(self, node, version):
        """The change putting ``node`` on ``version`` (a number, or a record of its history)."""
        if isinstance(version, dict):
            publish = version
        else:
            history = self.history(node)
            publish = next((record for record in history
                            if record.get("version_number") == version), None)
            if publish is None:
                raise BreakdownError("%s: its publish has no version %r (has: %s)" % (
                    node, version, ", ".join("v%03d" % r["version_number"]
                                             for r in history) or "none"))
        return plan_update_to(self._current(), node, publish)

    def apply(self, changes, progress=None):
        """Make ``changes`` in one undo step; returns the :class:`UpdateReport`, then rescans."""
        report = apply_changes(self.host, changes, progress)
        self.scan()
        return report

    def update_all(self, progress=None):
        """Update everything out of date and not pinned; returns the report."""
        return self.apply(self.plan_all(), progress)

    def update_selected(self, nodes, progress=None):
        """Update ``nodes`` to their latest version; returns the report."""
        return self.apply(self.plan_selected(nodes), progress)

    def update_to_version(self, node, version):
        """Put ``node`` on ``version`` of its publish; returns the report."""
        return self.apply([self.plan_version(node, version)])

    # -- pins and selection ----------------------------------------------------------

    def pins(self):
        """``{node: version}`` pinned in the scene."""
        return read_pins(self.host)

    def pin(self, nodes, pinned=True):
        """Pin (or unpin) ``nodes`` at the version each holds; rescans; returns the pins."""
        inventory = self._current()
        versions = dict((node, inventory.item(node).version) for node in nodes)
        references = [(item.node, item.path) for item in inventory]
        pins = set_pinned(self.host, versions, pinned, references)
        self.scan()
        return pins

    def select_in_scene(self, nodes):
        """Select the nodes of these references in the host."""
        self.host.select_nodes(list(nodes))
