"""Apps and frameworks: bundles that run inside an engine."""

from toolkit.platform.bundle import Bundle


class _Hosted(Bundle):
    """A bundle owned by a running engine."""

    def __init__(self, engine, info, settings, env_name=None):
        super(_Hosted, self).__init__(info, settings, env_name)
        self._engine = engine

    @property
    def engine(self):
        return self._engine

    @property
    def frameworks(self):
        """Frameworks the environment loaded for this engine, by name."""
        return self._engine.frameworks


class Application(_Hosted):
    """Base class of an app.

    Override :meth:`init_app` to register commands with
    ``self.engine.register_command``; keep Qt imports inside the functions that
    show panels. ``destroy_app`` is called when the engine stops or switches
    context.
    """

    kind = "app"

    def init_app(self):
        """Called once the app is built; register commands here."""

    def destroy_app(self):
        """Called before the app is dropped; release what ``init_app`` took."""


class Framework(_Hosted):
    """Base class of a framework: shared code several apps use.

    Listed under ``frameworks:`` of an engine block; started before the apps,
    reachable as ``app.frameworks[name]``.
    """

    kind = "framework"

    def init_framework(self):
        """Called once the framework is built."""

    def destroy_framework(self):
        """Called before the framework is dropped."""
