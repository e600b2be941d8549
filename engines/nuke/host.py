"""The uniform host API over the ``nuke`` module.

In Nuke a "reference" is a Read node (or ReadGeo/DeepRead): the file stays on
disk and the node points at it. Importing a script pastes its nodes. Nodes are
named by their full names (``Group1.Read1``): reads inside groups and gizmos
count, and their ``parent`` is the group. Paths go into Nuke with forward
slashes: file knobs and ``nodePaste`` read their text as Tcl, where a
back-slash escapes.

Scene data is one hidden text knob on the root, ``reelkit_data`` (JSON), saved
with the script. Scene listeners hang on ``nuke.addOnScriptLoad`` and
``addOnScriptSave``; the adapter tells of its own new scenes and loads.
"""

import contextlib
import logging
import os
import sys

import nuke
import six

from toolkit.errors import ReelkitError
from toolkit.platform import HostAdapter, Reference, scene_data
from toolkit.platform.host import is_main_thread

LOG = logging.getLogger("reelkit.nuke")

#: The root knob holding Reelkit's scene data.
DATA_KNOB = "reelkit_data"

#: Node classes whose ``file`` knob loads a file, and the Reference kind they report.
READ_CLASSES = {"Read": "read", "DeepRead": "read", "ReadGeo2": "geometry", "Camera2": "camera"}

#: Extensions loaded through ReadGeo rather than Read.
GEOMETRY_EXTENSIONS = (".abc", ".obj", ".fbx", ".usd", ".usda", ".usdc")

#: The C++ class of Nuke's main window (Qt reports it through ``metaObject()``).
MAIN_WINDOW_CLASS = "Foundry::UI::DockMainWindow"


class NukeHost(HostAdapter):
    """Scene operations, menu and main window of a Nuke session."""

    name = "nuke"
    #: Nuke 11-15 ship PySide2, Nuke 16 PySide6.
    qt_bindings = ("PySide6", "PySide2")

    def __init__(self, engine=None):
        super(NukeHost, self).__init__(engine)
        self._saving = False  # our own save: tell listeners once, after it

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
        nuke.scriptOpen(forward_slashes(path))

    def save_scene(self):
        if self.current_scene_path() is None:
            raise ReelkitError("the Nuke script was never saved: use save_scene_as(path)")
        with self._own_save():
            nuke.scriptSave()

    def save_scene_as(self, path):
        with self._own_save():
            nuke.scriptSaveAs(forward_slashes(path), overwrite=1)

    @contextlib.contextmanager
    def _own_save(self):
        # Nuke calls onScriptSave callbacks before it writes: listeners hear of our
        # own saves after the file is written instead.
        self._saving = True
        try:
            yield
        finally:
            self._saving = False
        self._notify("saved")

    def new_scene(self):
        nuke.scriptClear()
        self._notify("new")

    def is_modified(self):
        return bool(nuke.root().modified())

    # -- references and loading ------------------------------------------------

    def list_references(self):
        """Every node loading a file, inside groups and gizmos too, by full name;
        nodes whose file knob is empty (a Camera that reads no file) load nothing.
        From the root: ``allNodes`` alone lists the current group (``thisGroup``),
        which inside a callback or a ``with group:`` block is not the script."""
        references = []
        for node in nuke.allNodes(group=nuke.root(), recurseGroups=True):
            if node.Class() not in READ_CLASSES or node.knob("file") is None:
                continue
            path = node["file"].value()
            if not path:
                continue
            full_name = node.fullName()
            parent = full_name.rsplit(".", 1)[0] if "." in full_name else None
            references.append(Reference(full_name, path, READ_CLASSES[node.Class()], parent))
        return references

    def update_reference(self, node, new_path):
        self._file_knob(node).setValue(forward_slashes(new_path))
        self._notify("references_changed")

    def import_file(self, path, namespace=None):
        if not path.lower().endswith(".nk"):
            raise ReelkitError("Nuke imports .nk scripts only, not %r: use reference_file "
                               "or load_image_sequence" % path)
        if not os.path.isfile(path):
            raise ReelkitError("cannot import %r: no such Nuke script" % path)
        nuke.nodePaste(forward_slashes(path))
        # Nuke selects what it pastes
        return [node.fullName() for node in nuke.selectedNodes()]

    def reference_file(self, path, namespace=None):
        if path.lower().endswith(GEOMETRY_EXTENSIONS):
            node = nuke.createNode("ReadGeo2", inpanel=False)
            node["file"].fromUserText(forward_slashes(path))
        else:
            node = _read_node(path)
        self._notify("references_changed")
        return node.fullName()

    def load_image_sequence(self, path, first, last):
        node = _read_node(path, int(first), int(last))
        self._notify("references_changed")
        return node.fullName()

    def supported_actions(self):
        # The loader's action names (apps/loader/loading.py): "read_node" makes a Read.
        return {"open", "import", "reference", "read_node"}

    def _file_knob(self, name):
        """The file knob of the node with the full name ``name``."""
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
        return [node.fullName() for node in nuke.selectedNodes()]

    def select_nodes(self, nodes):
        found = [nuke.toNode(name) for name in nodes]
        missing = [name for name, node in zip(nodes, found) if node is None]
        if missing:
            raise ReelkitError("no Nuke node %s to select" % ", ".join(map(repr, missing)))
        for node in nuke.allNodes(group=nuke.root(), recurseGroups=True):
            node.setSelected(False)
        for node in found:
            node.setSelected(True)

    # -- data kept in the scene --------------------------------------------------

    def read_scene_data(self, key):
        knob = nuke.root().knob(DATA_KNOB)
        return scene_data.read(knob.value() if knob is not None else None, key,
                               "the root knob %r" % DATA_KNOB)

    def write_scene_data(self, key, value):
        root = nuke.root()
        knob = root.knob(DATA_KNOB)
        text = scene_data.write(knob.value() if knob is not None else None, key, value,
                                "the root knob %r" % DATA_KNOB)
        if text is None:
            return
        with self.undo_chunk("Reelkit scene data"):  # knob and value: one undo
            if knob is None:
                knob = nuke.String_Knob(DATA_KNOB, "Reelkit data")
                knob.setFlag(nuke.INVISIBLE)  # data, not a setting for the artist
                root.addKnob(knob)
            knob.setValue(text)

    # -- scene listeners and threads ---------------------------------------------

    def _watch_scene(self, watching):
        if watching:
            nuke.addOnScriptLoad(self._on_script_load, nodeClass="Root")
            nuke.addOnScriptSave(self._on_script_save, nodeClass="Root")
        else:
            nuke.removeOnScriptLoad(self._on_script_load, nodeClass="Root")
            nuke.removeOnScriptSave(self._on_script_save, nodeClass="Root")

    def _on_script_load(self):
        self._notify("opened")

    def _on_script_save(self):
        if not self._saving:
            self._notify("saved")

    def run_in_main_thread(self, function, *args, **kwargs):
        """``nuke.executeInMainThreadWithResult``: at once on the main thread, else
        from Nuke's event loop (``nuke -t`` has none: refused there)."""
        if is_main_thread() or not nuke.GUI:
            return super(NukeHost, self).run_in_main_thread(function, *args, **kwargs)
        outcome = {}

        def call():
            # Nuke prints and swallows an exception raised here: keep it for the caller.
            try:
                outcome["result"] = function(*args, **kwargs)
            except BaseException:
                outcome["error"] = sys.exc_info()

        nuke.executeInMainThreadWithResult(call)
        if "error" in outcome:
            six.reraise(*outcome["error"])
        return outcome.get("result")

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


def forward_slashes(path):
    """``path`` with forward slashes: Nuke reads file knobs and script names as Tcl,
    where a back-slash escapes the next character; Nuke takes ``C:/`` on Windows."""
    return path.replace("\\", "/")


def _read_node(path, first=None, last=None):
    """A Read node made the way the UI makes one: ``fromUserText`` reads the file's
    header (format, frame range); the range asked for is set as the original
    range as well, so the Read neither holds nor loops frames it does not have."""
    node = nuke.createNode("Read", inpanel=False)
    text = forward_slashes(path)
    if first is not None:
        text = "%s %d-%d" % (text, first, last)
    node["file"].fromUserText(text)
    if first is not None:
        for name, value in (("first", first), ("last", last),
                            ("origfirst", first), ("origlast", last)):
            node[name].setValue(value)
    return node
