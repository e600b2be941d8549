"""Errors raised by the platform layer (engines, bundles, launching)."""

from toolkit.errors import ConfigError, ReelkitError


class EngineError(ReelkitError):
    """An engine cannot be started, found or switched."""


class LaunchError(ReelkitError):
    """A host cannot be launched (no executable configured or found)."""


class HookError(ConfigError):
    """A hook path is refused or a hook file does not define one hook class."""
