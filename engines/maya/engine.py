"""The Maya engine bundle."""

from toolkit.platform import Engine

from .host import MayaHost


class MayaEngine(Engine):
    """Runs Reelkit apps in Maya: a menu on the main menu bar, panels over the main window."""

    host_class = MayaHost

    def init_engine(self):
        self.host.pin_qt_binding()

    def destroy_engine(self):
        self.host.close()
