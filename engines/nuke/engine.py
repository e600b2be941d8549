"""The Nuke engine bundle."""

from toolkit.platform import Engine

from .host import NukeHost


class NukeEngine(Engine):
    """Runs Reelkit apps in Nuke: a menu on the menu bar, panels over the main window."""

    host_class = NukeHost

    def init_engine(self):
        self.host.pin_qt_binding()

    def destroy_engine(self):
        self.host.close()
