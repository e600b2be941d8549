"""The Blender engine bundle."""

from toolkit.platform import Engine

from .host import BlenderHost


class BlenderEngine(Engine):
    """Runs Reelkit apps in Blender: a top-bar menu; panels are top-level Qt windows."""

    host_class = BlenderHost

    def init_engine(self):
        self.host.pin_qt_binding()

    def destroy_engine(self):
        self.host.close()
