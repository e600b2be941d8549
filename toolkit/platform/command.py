"""Commands registered by bundles: what the host menu and ``reelkit run`` show."""

import logging

log = logging.getLogger("reelkit.platform")


class Command(object):
    """A named action offered by a bundle.

    ``callback`` is the guarded callable menus must call: an exception in the
    bundle's function is logged and reported by the engine, never raised into
    the host. ``function`` is the bundle's own callable (``reelkit run`` uses it
    to get a real exit status).
    """

    def __init__(self, name, function, properties, bundle, engine):
        self.name = name
        self.function = function
        self.properties = dict(properties or {})
        self.bundle = bundle
        self._engine = engine
        #: A short note shown after the name in the host menu ("3 out of date"),
        #: set through :meth:`Engine.mark_command`; None shows the name alone.
        self.mark = None

    @property
    def label(self):
        """What the host menu shows: the name, with the mark in brackets when set."""
        return "%s [%s]" % (self.name, self.mark) if self.mark else self.name

    @property
    def short_name(self):
        return self.properties.get("short_name") or self.name

    def callback(self, *args, **kwargs):
        try:
            return self.function(*args, **kwargs)
        except Exception:  # an app must never take the host down
            self._engine.report_error("command %r of %s failed" % (self.name, self._owner()))
            return None

    def _owner(self):
        bundle = self.bundle
        return "%r" % (bundle.name,) if bundle is not None else "the engine"

    def __repr__(self):
        return "<Command %r of %s>" % (self.name, self._owner())
