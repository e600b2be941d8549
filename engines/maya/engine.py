"""The Maya engine bundle."""

from toolkit.platform import Engine

from engines.maya.host import MayaHost


class MayaEngine(Engine):
    """Runs Reelkit apps in Maya: a menu on the main menu bar, panels over the main window."""

    host_class = MayaHost
