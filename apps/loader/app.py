"""The Loader app: browse publishes and bring them into the scene."""

from toolkit.platform import Application


class LoaderApp(Application):
    """Registers ``Loader...`` (``reelkit run loader``) and loads publishes headless.

    The panel lives in ``_qt/``; everything it does is reachable without Qt
    through :meth:`load` (CLI, farm) and :class:`apps.loader.session.LoaderSession`.
    """

    def init_app(self):
        self._session = None
        self.engine.register_command(
            "Loader...", self.show_loader,
            {"short_name": "loader", "type": "panel",
             "description": "Browse publishes and load them into the scene."})

    def destroy_app(self):
        self._session = None

    @property
    def session(self):
        """The :class:`LoaderSession` of this app (built on first use)."""
        if self._session is None:
            from .session import LoaderSession
            self._session = LoaderSession.from_app(self)
        return self._session

    def show_loader(self):
        """Show the Loader panel (docked where the host can); returns the widget."""
        from ._qt.panel import LoaderPanel  # Qt only when a panel shows
        return self.engine.show_panel(LoaderPanel, "Loader", "loader", self.session)

    def run_builtin_action(self, name, publish, host):
        """Run built-in action ``name``: the actions hook (``hook.parent`` is the app) calls this."""
        from .loading import run_builtin_action
        return run_builtin_action(name, publish, host)

    def actions_for(self, publish):
        """Actions offered for ``publish`` in this engine's host: ``[Action(name, label)]``."""
        return self.session.catalog.actions_for(publish)

    def load(self, publishes, action=None):
        """Load ``publishes`` with ``action`` (each one's default action if None).

        Runs inside one host undo chunk; a failing publish does not stop the
        others. Returns a :class:`apps.loader.loading.LoadReport`.
        """
        return self.session.load(publishes, action)
