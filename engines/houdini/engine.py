"""The Houdini engine bundle."""

from toolkit.platform import Engine

from .host import HoudiniHost


class HoudiniEngine(Engine):
    """Runs Reelkit apps in Houdini: a shelf of commands, panels over the main window."""

    host_class = HoudiniHost

    def init_engine(self):
        self.host.pin_qt_binding()

    def destroy_engine(self):
        self.host.close()
