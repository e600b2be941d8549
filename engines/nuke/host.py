"""The uniform host API over the ``nuke`` module.

In Nuke a "reference" is a Read node (or ReadGeo/DeepRead): the file stays on
disk and the node points at it. Importing a script pastes its nodes.
"""

import contextlib
import os

import nuke

from toolkit.errors import ReelkitError
from toolkit.platform import HostAdapter, Reference

#: Node classes whose ``file`` knob loads a file, and the Reference kind they report.
READ_CLASSES = {"Read": "read", "DeepRead": "read", "ReadGeo2": "geometry", "Camera2": "camera"}

#: Extensions loaded through ReadGeo rather than Read.
GEOMETRY_EXTENSIONS = (".abc", ".obj", ".fbx", ".usd", ".usda", ".usdc")

#: The C++ class of Nuke's main window (Qt reports it through ``metaObject()``).
MAIN_WINDOW_CLASS = "Foundry::UI::DockMainWindow"


class NukeHost(HostAdapter):
    """Scene operations, menu and main window of a Nuke session."""

    name = "nuke"

    # -- scene -------------------------------------------------------------------

    def current_scene_path(self):
        try:
            return nuke.scriptName()
        except RuntimeError:  # Nuke's answer for a script never saved
            return None

    def open_scene(self, path):
        if not os.path.isfile(path):
            raise ReelkitError("cannot open %r: no such Nuke script" % path)
        nuke.scriptClear()  # else Nuke opens a modified script in a new window
        nuke.scriptOpen(path)

    def save_scene(self):
        if self.current_scene_path() is None:
            raise ReelkitError("the Nuke script was never saved: use save_scene_as(path)")
        nuke.scriptSave()

    def save_scene_as(self, path):
        nuke.scriptSaveAs(path, overwrite=1)

    def new_scene(self):
        nuke.scriptClear()

    def is_modified(self):
        return bool(nuke.root().modified())

    # -- references and loading ------------------------------------------------

    def list_references(self):
        return [Reference(node.name(), node["file"].value(), READ_CLASSES[node.Class()])
                for node in nuke.allNodes()
                if node.Class() in READ_CLASSES and node.knob("file") is not None]

    def update_reference(self, node, new_path):
        self._file_knob(node).setValue(new_path)

    def import_file(self, path, namespace=None):
        if not path.lower().endswith(".nk"):
            raise ReelkitError("Nuke imports .nk scripts only, not %r: use reference_file "
                               "or load_image_sequence" % path)
        if not os.path.isfile(path):
            raise ReelkitError("cannot import %r: no such Nuke script" % path)
        nuke.nodePaste(path)
        return [node.name() for node in nuke.selectedNodes()]  # Nuke selects what it pastes

    def reference_file(self, path, namespace=None):
        if path.lower().endswith(GEOMETRY_EXTENSIONS):
            return nuke.nodes.ReadGeo2(file=path).name()
        return nuke.nodes.Read(file=path).name()

    def load_image_sequence(self, path, first, last):
        node = nuke.nodes.Read(file=path, first=first, last=last,
                               origfirst=first, origlast=last)
        return node.name()

    def supported_actions(self):
        # The loader's action names (apps/loader/loading.py): "read_node" makes a Read.
        return {"open", "import", "reference", "read_node"}

    def _file_knob(self, name):
        node = nuke.toNode(name)
        if node is None or node.knob("file") is None:
            raise ReelkitError("no Nuke node %r with a file knob" % name)
        return node["file"]

    # -- scene state -----------------------------------------------------------

    def get_frame_range(self):
        root = nuke.root()
        return int(root["first_frame"].value()), int(root["last_frame"].value())

    def set_frame_range(self, first, last):
        root = nuke.root()
        root["first_frame"].setValue(first)
        root["last_frame"].setValue(last)

    def selection(self):
        return [node.name() for node in nuke.selectedNodes()]

    @contextlib.contextmanager
    def undo_chunk(self, name):
        nuke.Undo.begin(name)
        try:
            yield
        finally:
            nuke.Undo.end()

    # -- user interface ----------------------------------------------------------

    def main_window(self):
        """Nuke's main window: Nuke has no API for it, so look among Qt's top-level widgets."""
        from toolkit import qt
        app = qt.QtWidgets.QApplication.instance()
        if app is None:  # nuke -t
            return None
        windows = [w for w in app.topLevelWidgets() if isinstance(w, qt.QtWidgets.QMainWindow)]
        for window in windows:
            if window.metaObject().className() == MAIN_WINDOW_CLASS:
                return window
        shown = [w for w in windows if w.isVisible()]  # closed windows may linger
        return (shown or windows or [None])[0]

    def build_menu(self, menu_name, commands):
        menu = nuke.menu("Nuke").addMenu(menu_name)
        menu.clearMenu()
        for command in commands:
            label = getattr(command, "label", command.name).replace("/", "-")  # "/": a submenu
            group = command.properties.get("group")
            menu.addCommand("%s/%s" % (group, label) if group else label, command.callback)

    def clear_menu(self, menu_name):
        nuke.menu("Nuke").removeItem(menu_name)
