"""The Workfiles app: File Open, File Save, Version Up and Snapshot in every engine."""

from toolkit.platform import Application


class WorkfilesApp(Application):
    """Registers ``File Open...``, ``File Save...``, ``Version Up`` (``reelkit run
    workfiles version-up``) and ``Snapshot``.

    The panels live in ``_qt/``; the logic in :class:`.session.WorkfilesSession`,
    which headless callers use as well.
    """

    def init_app(self):
        self._session = None
        self._listener = self.engine.host.add_scene_listener(self._on_scene_event)
        register = self.engine.register_command
        register("File Open...", self.show_file_open,
                 {"short_name": "file-open", "type": "panel", "group": "Workfiles",
                  "description": "Open a work file or publish of any task; new files."})
        register("File Save...", self.show_file_save,
                 {"short_name": "file-save", "type": "panel", "group": "Workfiles",
                  "description": "Save the scene under a new name as its next free version."})
        register("Version Up", self.version_up,
                 {"short_name": "version-up", "type": "action", "group": "Workfiles",
                  "description": "Save the scene as its next free version."})
        register("Snapshot", self.snapshot,
                 {"short_name": "snapshot", "type": "action", "group": "Workfiles",
                  "description": "Keep a timestamped copy of the scene."})

    def destroy_app(self):
        if self._listener is not None:
            self.engine.host.remove_scene_listener(self._listener)
            self._listener = None
        self._session = None

    def _on_scene_event(self, event):
        """A save is told to the tracker (:meth:`Store.record_work_file`); a scene
        opened elsewhere is followed into its context (``follow_scene_context``)."""
        from toolkit.errors import ReelkitError
        try:
            if event == "saved":
                self.session.record_save()
            elif event == "opened" and self.get_setting("follow_scene_context"):
                self.session.follow_scene()
        except ReelkitError as exc:  # never in the way of the host's own save or open
            self.logger.warning("%s", exc)

    @property
    def session(self):
        """The :class:`WorkfilesSession` of this app (built on first use)."""
        if self._session is None:
            from .session import WorkfilesSession
            self._session = WorkfilesSession.from_app(self)
        return self._session

    def version_up(self):
        """Save the open scene as its next free version; return the new path."""
        path = self.session.version_up()
        self.logger.info("saved %s", path)
        return path

    def snapshot(self):
        """Copy the open scene to its snapshot folder; return the snapshot's path."""
        path = self.session.snapshot()
        self.logger.info("snapshot %s", path)
        return path

    def show_file_open(self):
        """Show the File Open panel; returns the widget."""
        from ._qt.open_panel import FileOpenPanel  # Qt only when a panel shows
        return self.engine.show_panel(FileOpenPanel, "File Open", "workfiles_open",
                                      self.session)

    def show_file_save(self):
        """Show the File Save dialog; returns the widget."""
        from ._qt.save_panel import FileSavePanel
        return self.engine.show_dialog("File Save", self, FileSavePanel, self.session)
