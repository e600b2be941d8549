"""The Breakdown app: what the open scene loads, what is out of date, updating it safely."""

from toolkit.errors import ReelkitError
from toolkit.platform import Application

#: The command's name in the host menu (its mark says how many are out of date).
COMMAND_NAME = "Breakdown..."

#: Values of the ``group_by`` setting.
GROUPINGS = ("entity", "type")


class BreakdownApp(Application):
    """Registers ``Breakdown...`` (``reelkit run breakdown``) and the notice on scene open.

    The panel lives in ``_qt/``; everything it does is reachable without Qt
    through :attr:`session` (:class:`.session.BreakdownSession`), which the CLI
    and the farm use too.

    With ``notify_on_open`` (the default), every scene the host opens is
    scanned once (one store request): when references are out of date, one
    line goes to the host's log and the menu item shows how many, without a
    dialog. Pinned references do not count.
    """

    def init_app(self):
        self._session = None
        self._listener = None
        group_by = self.get_setting("group_by") or "entity"
        if group_by not in GROUPINGS:
            raise ReelkitError("app %s (environment %s): setting group_by must be one of %s, "
                               "got %r" % (getattr(self, "instance_name", self.name),
                                           self.env_name, ", ".join(GROUPINGS), group_by))
        self.command = self.engine.register_command(
            COMMAND_NAME, self.show_breakdown,
            {"short_name": "breakdown", "type": "panel",
             "description": "What the scene loads, what is out of date; update it."})
        if self.get_setting("notify_on_open", True):
            self._listener = self.engine.host.add_scene_listener(self._on_scene_event)

    def destroy_app(self):
        if self._listener is not None:
            self.engine.host.remove_scene_listener(self._listener)
            self._listener = None
        self._session = None

    @property
    def session(self):
        """The :class:`BreakdownSession` of this app (built on first use)."""
        if self._session is None:
            from .session import BreakdownSession
            self._session = BreakdownSession.from_app(self)
        return self._session

    def show_breakdown(self):
        """Show the Breakdown panel (docked where the host can); returns the widget."""
        from ._qt.panel import BreakdownPanel  # Qt only when a panel shows
        return self.engine.show_panel(BreakdownPanel, "Breakdown", "breakdown", self.session,
                                      self.get_setting("group_by") or "entity")

    def check_scene(self):
        """Scan the open scene and say whether it is out of date (log line + menu mark).

        One store request and no file system access. Returns the
        :class:`Inventory` (None when the check failed). Called on scene open;
        never raises into the host: a failure is logged as a warning.
        """
        from .inventory import scan
        session = self.session
        try:
            # No look at the files: on a network share a stat per reference would
            # hold up opening the scene, and "out of date" needs only the store.
            inventory = scan(session.host, session.store, session.templates, check_files=False)
        except Exception as exc:  # a notice must never break opening a scene
            self.logger.warning("Breakdown: could not check the scene's references: %s", exc)
            self.engine.mark_command(self.command, None)
            return None
        stale = inventory.out_of_date()
        if stale:
            self.logger.warning("Breakdown: %d of %d references in %s are out of date (%s); "
                                "open Reelkit > Breakdown to update", len(stale),
                                len(inventory), inventory.scene_path or "the scene",
                                ", ".join(item.node for item in stale[:5])
                                + (", ..." if len(stale) > 5 else ""))
            self.engine.mark_command(self.command, "%d out of date" % len(stale))
        else:
            self.engine.mark_command(self.command, None)
        return inventory

    def _on_scene_event(self, event):
        if event == "opened":
            self.check_scene()
        elif event == "new":
            self.engine.mark_command(self.command, None)
