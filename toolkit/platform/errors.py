"""Errors raised by the platform layer (engines, bundles, launching)."""

from toolkit.errors import ConfigError, ReelkitError


class EngineError(ReelkitError):
    """An engine cannot be started, found or switched."""


class ContextChangeError(EngineError):
    """A context change failed; the engine still runs in ``old`` (the message says which
    step failed and why: ``step``, ``cause``)."""

    def __init__(self, old, new, step, cause):
        self.old = old
        self.new = new
        self.step = step
        self.cause = cause
        EngineError.__init__(self, "cannot switch from %s to %s: %s failed: %s; the engine "
                             "stays in %s" % (old, new, step, cause, old))


class LaunchError(ReelkitError):
    """A host cannot be launched (no executable configured or found)."""


class HookError(ConfigError):
    """A hook path is refused or a hook file does not define one hook class."""
