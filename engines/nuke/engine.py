"""The Nuke engine bundle."""

from toolkit.platform import Engine

from engines.nuke.host import NukeHost


class NukeEngine(Engine):
    """Runs Reelkit apps in Nuke: a menu on the menu bar, panels over the main window."""

    host_class = NukeHost
