"""The Houdini engine bundle."""

from toolkit.platform import Engine

from engines.houdini.host import HoudiniHost


class HoudiniEngine(Engine):
    """Runs Reelkit apps in Houdini: a shelf of commands, panels over the main window."""

    host_class = HoudiniHost
