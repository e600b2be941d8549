"""The Launcher app: registers ``Launcher...`` (``reelkit run launcher``)."""

from toolkit.platform import Application


class LauncherApp(Application):
    """A desktop panel that starts hosts in a context; its logic is
    :class:`~.session.LauncherSession`, usable without Qt."""

    def init_app(self):
        self._session = None
        self.engine.register_command(
            "Launcher...", self.show_launcher,
            {"short_name": "launcher", "type": "panel",
             "description": "Start Maya, Nuke, Houdini or Blender in a project, shot or task."})

    def destroy_app(self):
        self._session = None

    @property
    def session(self):
        """The :class:`LauncherSession` of this app (built on first use)."""
        if self._session is None:
            from .session import LauncherSession
            self._session = LauncherSession.from_app(self)
        return self._session

    def show_launcher(self):
        """Show the Launcher panel; returns the widget."""
        from ._qt.panel import LauncherPanel  # Qt only when a panel shows
        return self.engine.show_panel(LauncherPanel, "Launcher", "launcher", self.session,
                                      self.get_setting("open_latest"))
