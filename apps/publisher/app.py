"""The Publisher app: check the scene and publish its work."""

from toolkit.platform import Application


class PublisherApp(Application):
    """Registers ``Publish...`` (``reelkit run publish``); publishes headless too.

    The panel lives in ``_qt/``; everything it does goes through
    :attr:`session` (a :class:`.session.PublishSession`), which the CLI, the
    farm and the tests use as well.
    """

    def init_app(self):
        self._session = None
        self.engine.register_command(
            "Publish...", self.show_publisher,
            {"short_name": "publish", "type": "panel",
             "description": "Check the scene and publish its work."})

    def destroy_app(self):
        self._session = None

    @property
    def session(self):
        """The :class:`PublishSession` of this app (built on first use)."""
        if self._session is None:
            from .session import PublishSession
            self._session = PublishSession.from_app(self)
        return self._session

    def show_publisher(self):
        """Show the Publisher panel (docked where the host can); returns the widget."""
        from ._qt.panel import PublisherPanel  # Qt only when a panel shows
        return self.engine.show_panel(PublisherPanel, "Publish", "publisher", self.session)

    def validate(self):
        """Collect and validate the open scene; returns the report."""
        return self.session.validate()

    def publish(self, comment=None):
        """Publish the open scene (all or nothing); returns the report."""
        if comment is not None:
            self.session.comment = comment
        return self.session.publish()
