"""A HostAdapter that records what the loader asks of it, for the tests."""

import contextlib

from toolkit.platform import HostAdapter


class RecordingHost(HostAdapter):
    """Records every call in :attr:`calls`; a path containing ``BROKEN`` fails to load."""

    name = "recorder"

    def __init__(self, actions=("reference", "import", "open", "read_node", "file_node")):
        super(RecordingHost, self).__init__()
        self.actions = set(actions)
        self.calls = []
        self.undo_chunks = []
        self._open_chunk = None

    def _record(self, *call):
        self.calls.append(call + (self._open_chunk,))
        if "BROKEN" in str(call[1]):
            raise IOError("cannot read %s" % call[1])

    def supported_actions(self):
        return set(self.actions)

    def reference_file(self, path, namespace=None):
        self._record("reference_file", path, namespace)
        return "ref:%s" % namespace

    def import_file(self, path, namespace=None):
        self._record("import_file", path, namespace)
        return ["imported:%s" % namespace]

    def open_scene(self, path):
        self._record("open_scene", path)

    def load_image_sequence(self, path, first, last):
        self._record("load_image_sequence", path, first, last)
        return "Read1"

    def get_frame_range(self):
        return (1001, 1100)

    @contextlib.contextmanager
    def undo_chunk(self, name):
        self.undo_chunks.append(name)
        self._open_chunk = name
        try:
            yield
        finally:
            self._open_chunk = None
