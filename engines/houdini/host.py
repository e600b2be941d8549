"""The uniform host API over ``hou``.

A Houdini "reference" is a node with a parameter naming a file
(``hou.fileReferences()``); updating it repoints that parameter. Loading geometry makes a geo object with a file SOP (an Alembic SOP
for .abc); importing a hip file merges it. The menu is a shelf: Houdini's main
menu is XML read at start-up, while shelves can be built at run time.
"""

import contextlib
import logging
import os
import re
import tempfile

import hou

from toolkit.errors import ReelkitError
from toolkit.platform import HostAdapter, Reference

LOG = logging.getLogger("reelkit.houdini")

HIP_EXTENSIONS = (".hip", ".hipnc", ".hiplc")

#: SOP type and its file parameter, by geometry extension (anything else: the file SOP).
GEOMETRY_LOADERS = {".abc": ("alembic", "fileName")}


def houdini_frame_pattern(path):
    """``shot.%04d.exr`` or ``shot.####.exr`` -> ``shot.$F4.exr`` (Houdini's frame variable)."""
    path = re.sub(r"%0?(\d*)d", lambda m: "$F%s" % (m.group(1) or ""), path)
    return re.sub(r"#+", lambda m: "$F%d" % len(m.group(0)), path)


def shelf_name(menu_name):
    """The shelf's internal name for a menu label ("Reelkit" -> "reelkit")."""
    return re.sub(r"\W+", "_", menu_name).strip("_").lower() or "reelkit"


class HoudiniHost(HostAdapter):
    """Scene operations, shelf and main window of a Houdini session."""

    name = "houdini"

    # -- scene -------------------------------------------------------------------

    def current_scene_path(self):
        if hou.hipFile.isNewFile():
            return None
        return hou.hipFile.path()

    def open_scene(self, path):
        with _load_warnings_logged(path):
            hou.hipFile.load(path, suppress_save_prompt=True)

    def save_scene(self):
        if hou.hipFile.isNewFile():
            raise ReelkitError("the hip file was never saved: use save_scene_as(path)")
        hou.hipFile.save()

    def save_scene_as(self, path):
        hou.hipFile.save(file_name=path)

    def new_scene(self):
        hou.hipFile.clear(suppress_save_prompt=True)

    def is_modified(self):
        return bool(hou.hipFile.hasUnsavedChanges())

    # -- references and loading ------------------------------------------------

    def list_references(self):
        return [Reference(parm.node().path(), parm.eval(), "file")
                for parm, _ in hou.fileReferences() if parm is not None]

    def update_reference(self, node, new_path):
        parms = [parm for parm, _ in hou.fileReferences()
                 if parm is not None and parm.node().path() == node]
        if not parms:
            raise ReelkitError("no Houdini node %r with a file parameter to repoint" % node)
        for parm in parms:
            parm.set(new_path)

    def import_file(self, path, namespace=None):
        if not path.lower().endswith(HIP_EXTENSIONS):
            return [self.reference_file(path, namespace)]
        before = set(n.path() for n in hou.node("/obj").children())
        with _load_warnings_logged(path):
            hou.hipFile.merge(path)
        return sorted(n.path() for n in hou.node("/obj").children() if n.path() not in before)

    def reference_file(self, path, namespace=None):
        sop_type, parm_name = GEOMETRY_LOADERS.get(os.path.splitext(path)[1].lower(),
                                                   ("file", "file"))
        name = namespace or re.sub(r"\W+", "_", os.path.splitext(os.path.basename(path))[0])
        geo = hou.node("/obj").createNode("geo", name)
        loader = geo.createNode(sop_type)
        loader.parm(parm_name).set(path)
        return loader.path()

    def load_image_sequence(self, path, first, last):
        network = hou.node("/img").createNode("cop2net", "reelkit_comp")
        cop = network.createNode("file")
        cop.parm("filename1").set(houdini_frame_pattern(path))
        return cop.path()

    def supported_actions(self):
        # The loader's action names (apps/loader/loading.py): "file_node" and
        # "reference" both make a file SOP, "read_node" a file COP.
        return {"open", "import", "reference", "file_node", "read_node"}

    # -- scene state -----------------------------------------------------------

    def get_frame_range(self):
        first, last = hou.playbar.frameRange()
        return int(first), int(last)

    def set_frame_range(self, first, last):
        hou.playbar.setFrameRange(first, last)
        hou.playbar.setPlaybackRange(first, last)

    def selection(self):
        return [node.path() for node in hou.selectedNodes()]

    @contextlib.contextmanager
    def undo_chunk(self, name):
        with hou.undos.group(name):
            yield

    # -- user interface ----------------------------------------------------------

    def main_window(self):
        if not hou.isUIAvailable():  # hython, hbatch
            return None
        return hou.qt.mainWindow()

    def build_menu(self, menu_name, commands):
        if not hou.isUIAvailable():
            return
        self.clear_menu(menu_name)
        name = shelf_name(menu_name)
        shelf_file = os.path.join(tempfile.gettempdir(), "reelkit_%s_%d.shelf"
                                  % (name, os.getpid()))
        tools = [hou.shelves.newTool(file_path=shelf_file, name="%s_%d" % (name, index),
                                     label=getattr(command, "label", command.name),
                                     script=_tool_script(command))
                 for index, command in enumerate(commands)]
        shelf = hou.shelves.newShelf(file_path=shelf_file, name=name, label=menu_name)
        shelf.setTools(tools)
        shelf_sets = list(hou.shelves.shelfSets().values())
        if shelf_sets:  # show it in the main shelf dock
            shelf_sets[0].setShelves(tuple(shelf_sets[0].shelves()) + (shelf,))

    def clear_menu(self, menu_name):
        shelf = hou.shelves.shelves().get(shelf_name(menu_name))
        if shelf is None:
            return
        for tool in shelf.tools():
            tool.destroy()
        shelf.destroy()


@contextlib.contextmanager
def _load_warnings_logged(path):
    """Houdini raises ``hou.LoadWarning`` once a file *has* loaded (a missing
    asset...): log it rather than report a load that happened as a failure."""
    try:
        yield
    except hou.LoadWarning as warning:
        LOG.warning("%s loaded with warnings:\n%s", path, warning)


def _tool_script(command):
    """The Python a shelf tool runs: the engine's command, found by name when clicked."""
    return ("from toolkit.platform import current_engine\n"
            "command = current_engine().find_command(%r)\n"
            "if command is not None:\n"
            "    command.callback()\n" % (command.name,))
