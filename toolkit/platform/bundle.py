"""What engines, apps and frameworks share: manifest, settings, hooks, logger."""

import logging
import os


class Bundle(object):
    """Base class of :class:`Engine`, :class:`Application` and :class:`Framework`.

    Built by the engine from a :class:`toolkit.platform.discovery.BundleInfo`
    and the bundle's settings, already validated against its manifest.
    """

    #: "engine", "app" or "framework"
    kind = "bundle"

    def __init__(self, info, settings, env_name=None):
        self._info = info
        self._settings = dict(settings or {})
        self.env_name = env_name
        self.logger = logging.getLogger("reelkit.%s.%s" % (self.kind, info.name))

    # -- identity --------------------------------------------------------------

    @property
    def name(self):
        return self._info.name

    @property
    def version(self):
        return self._info.manifest.version

    @property
    def description(self):
        return self._info.manifest.description

    @property
    def manifest(self):
        return self._info.manifest

    @property
    def disk_location(self):
        """The bundle's folder."""
        return self._info.path

    @property
    def hooks_dir(self):
        """The bundle's own ``hooks/`` folder (``{self}`` in hook settings)."""
        return os.path.join(self._info.path, "hooks")

    # -- settings --------------------------------------------------------------

    @property
    def settings(self):
        """Validated settings: environment values over manifest defaults."""
        return dict(self._settings)

    def get_setting(self, name, default=None):
        """Value of setting ``name`` (its manifest default when the environment omits it)."""
        return self._settings.get(name, default)

    def get_template(self, setting_name):
        """The :class:`Template` a ``template`` setting names, or None when empty."""
        name = self._settings.get(setting_name)
        if not name:
            return None
        return self.project.templates[name]

    def create_hook(self, setting_name, **kwargs):
        """Instance of the hook class a ``hook`` setting names (``hook.parent`` is self)."""
        from toolkit.platform import hooks
        spec = self._settings.get(setting_name)
        if not spec:
            return None
        cls = hooks.load_hook_class(spec, self._hook_folders())
        return cls(self, **kwargs)

    def _hook_folders(self):
        from toolkit.platform import hooks
        return hooks.hook_folders(self.hooks_dir, self.project.hooks_dir, self.engine.hooks_dir)

    # -- where it runs ---------------------------------------------------------

    @property
    def engine(self):
        raise NotImplementedError

    @property
    def context(self):
        return self.engine.context

    @property
    def project(self):
        return self.engine.project

    @property
    def store(self):
        return self.engine.store

    def __repr__(self):
        return "<%s %s %s>" % (type(self).__name__, self.name, self.version)
