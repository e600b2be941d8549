"""The uniform host API over ``maya.cmds``.

Flags are spelt in full (``query=True, sceneName=True`` rather than ``q=True,
sn=True``): the same commands, easier to read for whoever maintains this.
"""

import contextlib
import os

from maya import OpenMayaUI, cmds

from toolkit.errors import ReelkitError
from toolkit.platform import HostAdapter, Reference

#: Maya's ``file -type`` for each scene extension it writes.
FILE_TYPES = {".ma": "mayaAscii", ".mb": "mayaBinary"}


def scene_file_type(path):
    """``mayaAscii`` or ``mayaBinary`` for ``path``; ReelkitError for anything else."""
    extension = os.path.splitext(path)[1].lower()
    if extension not in FILE_TYPES:
        raise ReelkitError("cannot save a Maya scene as %r: use a .ma or .mb file name" % path)
    return FILE_TYPES[extension]


def menu_object_name(menu_name):
    """The Maya UI object name for a menu label ("Reelkit" -> "ReelkitMenu")."""
    return "".join(c for c in menu_name if c.isalnum()) + "Menu"


class MayaHost(HostAdapter):
    """Scene operations, menu and main window of a Maya session."""

    name = "maya"

    # -- scene -------------------------------------------------------------------

    def current_scene_path(self):
        return cmds.file(query=True, sceneName=True) or None

    def open_scene(self, path):
        cmds.file(path, open=True, force=True)

    def save_scene(self):
        path = self.current_scene_path()
        if not path:
            raise ReelkitError("the Maya scene was never saved: use save_scene_as(path)")
        cmds.file(save=True, type=scene_file_type(path))

    def save_scene_as(self, path):
        file_type = scene_file_type(path)  # refuse before renaming the scene
        cmds.file(rename=path)
        cmds.file(save=True, type=file_type)

    def new_scene(self):
        cmds.file(newFile=True, force=True)

    def is_modified(self):
        return bool(cmds.file(query=True, modified=True))

    # -- references and loading ------------------------------------------------

    def list_references(self):
        references = []
        for numbered_path in cmds.file(query=True, reference=True) or []:
            node = cmds.referenceQuery(numbered_path, referenceNode=True)
            path = cmds.referenceQuery(node, filename=True, withoutCopyNumber=True)
            references.append(Reference(node, path, "reference"))
        return references

    def update_reference(self, node, new_path):
        if not cmds.ls(node, type="reference"):
            raise ReelkitError("no Maya reference node %r to repoint" % node)
        cmds.file(new_path, loadReference=node)

    def import_file(self, path, namespace=None):
        flags = {"i": True, "returnNewNodes": True}
        if namespace:
            flags["namespace"] = namespace
        return list(cmds.file(path, **flags) or [])

    def reference_file(self, path, namespace=None):
        if not namespace:
            namespace = os.path.splitext(os.path.basename(path))[0]
        numbered_path = cmds.file(path, reference=True, namespace=namespace)
        return cmds.referenceQuery(numbered_path, referenceNode=True)

    def supported_actions(self):
        return {"open", "reference", "import"}

    # -- scene state -----------------------------------------------------------

    def get_frame_range(self):
        return (int(cmds.playbackOptions(query=True, minTime=True)),
                int(cmds.playbackOptions(query=True, maxTime=True)))

    def set_frame_range(self, first, last):
        cmds.playbackOptions(minTime=first, maxTime=last,
                             animationStartTime=first, animationEndTime=last)

    def selection(self):
        return list(cmds.ls(selection=True) or [])

    @contextlib.contextmanager
    def undo_chunk(self, name):
        cmds.undoInfo(openChunk=True, chunkName=name)
        try:
            yield
        finally:
            cmds.undoInfo(closeChunk=True)

    # -- user interface ----------------------------------------------------------

    def main_window(self):
        address = OpenMayaUI.MQtUtil.mainWindow()
        if address is None:  # maya -batch, mayapy
            return None
        from toolkit import qt
        return wrap_instance(address, qt.QtWidgets.QWidget)

    def build_menu(self, menu_name, commands):
        if OpenMayaUI.MQtUtil.mainWindow() is None:
            return  # no menu bar in batch mode
        menu = menu_object_name(menu_name)
        if cmds.menu(menu, exists=True):
            cmds.menu(menu, edit=True, deleteAllItems=True)
        else:
            menu = cmds.menu(menu, label=menu_name, parent="MayaWindow", tearOff=True)
        group = None
        for index, command in enumerate(commands):
            if index and command.properties.get("group") != group:
                cmds.menuItem(divider=True, parent=menu)
            group = command.properties.get("group")
            cmds.menuItem(label=command.name, parent=menu,
                          command=_menu_callback(command))

    def clear_menu(self, menu_name):
        menu = menu_object_name(menu_name)
        if cmds.menu(menu, exists=True):
            cmds.deleteUI(menu, menu=True)


def _menu_callback(command):
    # Maya calls menu commands with a "checked" argument; the command takes none.
    return lambda *args: command.callback()


def wrap_instance(address, widget_class):
    """The Python wrapper of the Qt object at ``address`` (shiboken of the running binding)."""
    try:
        from qtpy import shiboken  # qtpy >= 2
    except ImportError:  # qtpy 1.x, the Python 2 hosts: PySide2 only
        import shiboken2 as shiboken
    return shiboken.wrapInstance(int(address), widget_class)
