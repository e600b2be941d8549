"""``ShellEngine``: no host application, commands run from the command line."""

from toolkit.platform import Engine

from .host import ShellHost


class ShellEngine(Engine):
    """Runs apps in a plain Python process; panels get a QApplication of their own."""

    host_class = ShellHost

    def init_engine(self):
        first, last = (list(self.get_setting("frame_range") or [1001, 1100]) + [1001, 1100])[:2]
        self.host.default_frame_range = (int(first), int(last))
        self.host.new_scene()

    def destroy_engine(self):
        self.host.close()
