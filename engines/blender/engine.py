"""The Blender engine bundle."""

from toolkit.platform import Engine

from engines.blender.host import BlenderHost


class BlenderEngine(Engine):
    """Runs Reelkit apps in Blender: a top-bar menu; panels are top-level Qt windows."""

    host_class = BlenderHost
