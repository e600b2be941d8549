"""A shell scene for the Breakdown tests: a recording shell host and what it loads."""

import contextlib

from engines.shell.host import ShellHost


class UndoRecordingHost(ShellHost):
    """The shell host, recording undo chunks and failing to update nodes in ``refuse``."""

    def __init__(self):
        super(UndoRecordingHost, self).__init__()
        self.chunks = []
        self.updates = []
        self.refuse = set()
        self._chunk = None

    @contextlib.contextmanager
    def undo_chunk(self, name):
        self.chunks.append(name)
        self._chunk = name
        try:
            yield
        finally:
            self._chunk = None

    def update_reference(self, node, new_path):
        if node in self.refuse:
            raise IOError("cannot read %s" % new_path)
        self.updates.append((node, self._chunk))
        super(UndoRecordingHost, self).update_reference(node, new_path)


def make_scene(publisher, tmpdir):
    """A shell scene loading: an old comp (v1 of 3), the latest model, an old render
    (spelled ####, v1 of 2), a work file (no publish) and a missing file."""
    comp = [publisher.publish("SH010", "nuke_shot_publish", "Nuke Script") for _ in range(3)]
    model = publisher.publish("prop1", "maya_asset_publish", "Maya Scene")
    renders = [publisher.publish("SH010", "nuke_shot_render", "Rendered Image",
                                 frames=[1001, 1002]) for _ in range(2)]
    loose = str(tmpdir.join("loose.abc"))
    with open(loose, "w") as handle:
        handle.write("x")
    host = UndoRecordingHost()
    nodes = {
        "comp": host.reference_file(comp[0]["path"], "comp"),
        "model": host.reference_file(model["path"], "model"),
        "render": host.load_image_sequence(renders[0]["path"].replace("%04d", "####"),
                                           1001, 1002),
        "loose": host.import_file(loose, "loose")[0],
        "gone": host.reference_file(str(tmpdir.join("gone.ma")), "gone"),
    }
    host.save_scene_as(str(tmpdir.join("scene.json")))
    return host, nodes, {"comp": comp, "model": model, "renders": renders}
