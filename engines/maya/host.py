"""The uniform host API over ``maya.cmds``.

Flags are spelt in full (``query=True, sceneName=True`` rather than ``q=True,
sn=True``): the same commands, easier to read for whoever maintains this.

Scene data is one string attribute (JSON) on a network node,
``reelkitSceneData.reelkitData``, saved with the scene like any node. Scene
listeners hang on ``maya.api.OpenMaya.MSceneMessage`` callbacks.
"""

import contextlib
import logging
import os

from maya import OpenMayaUI, cmds, utils

from toolkit.errors import ReelkitError
from toolkit.platform import HostAdapter, Reference, scene_data
from toolkit.platform.host import is_main_thread

LOG = logging.getLogger("reelkit.maya")

#: Maya's ``file -type`` for each scene extension it writes.
FILE_TYPES = {".ma": "mayaAscii", ".mb": "mayaBinary"}

#: The plugin that reads a file type; a clean preferences folder loads neither.
PLUGINS = {".abc": "AbcImport", ".fbx": "fbxmaya"}

#: The node and attribute holding Reelkit's scene data.
DATA_NODE = "reelkitSceneData"
DATA_ATTR = "reelkitData"

#: Scene messages -> the listener event each one means.
SCENE_MESSAGES = (("kAfterNew", "new"), ("kAfterOpen", "opened"), ("kAfterSave", "saved"),
                  ("kAfterCreateReference", "references_changed"),
                  ("kAfterLoadReference", "references_changed"),
                  ("kAfterRemoveReference", "references_changed"))


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
    #: Maya 2017-2024 ship PySide2, 2025 and later PySide6.
    qt_bindings = ("PySide6", "PySide2")

    def __init__(self, engine=None):
        super(MayaHost, self).__init__(engine)
        self._callback_ids = []
        self._batch = bool(cmds.about(batch=True))  # read here: cmds refuse worker threads

    # -- scene -------------------------------------------------------------------

    def current_scene_path(self):
        return cmds.file(query=True, sceneName=True) or None

    def open_scene(self, path):
        """Open ``path`` without prompts. A scene that opens with errors (unknown
        nodes, missing plugins) is open all the same: Maya raises after loading,
        so the errors are logged when the scene is the one asked for."""
        if not os.path.isfile(path):
            raise ReelkitError("cannot open %r: no such Maya scene" % path)
        try:
            cmds.file(path, open=True, force=True, prompt=False)
        except RuntimeError as exc:
            opened = cmds.file(query=True, sceneName=True) or ""
            if os.path.normcase(os.path.abspath(opened)) != os.path.normcase(
                    os.path.abspath(path)):
                raise ReelkitError("Maya could not open %s: %s" % (path, exc))
            LOG.warning("%s opened with errors: %s", path, exc)

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
        """Every reference node, nested ones too (``file -query -reference`` lists the
        top level only), each with the reference node it is nested in."""
        references = []
        for node in cmds.ls(type="reference") or []:
            if node == "sharedReferenceNode" or node.endswith("_UNKNOWN_REF_NODE_"):
                continue  # Maya's own bookkeeping nodes, pointing at no file
            try:
                path = cmds.referenceQuery(node, filename=True, withoutCopyNumber=True)
            except RuntimeError:
                continue  # a reference node whose file was never set
            parent = cmds.referenceQuery(node, parent=True, referenceNode=True)
            references.append(Reference(node, path, "reference", parent or None))
        return references

    def update_reference(self, node, new_path):
        if not cmds.ls(node, type="reference"):
            raise ReelkitError("no Maya reference node %r to repoint" % node)
        cmds.file(new_path, loadReference=node)

    def import_file(self, path, namespace=None):
        load_plugin_for(path)
        flags = {"i": True, "returnNewNodes": True}
        if namespace:
            flags["namespace"] = namespace
        return list(cmds.file(path, **flags) or [])

    def reference_file(self, path, namespace=None):
        load_plugin_for(path)
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

    def select_nodes(self, nodes):
        missing = [node for node in nodes if not cmds.objExists(node)]
        if missing:
            raise ReelkitError("no Maya node %s to select" % ", ".join(map(repr, missing)))
        if nodes:
            cmds.select(*nodes, replace=True)
        else:
            cmds.select(clear=True)

    # -- data kept in the scene --------------------------------------------------

    def read_scene_data(self, key):
        return scene_data.read(self._data_text(), key, "%s.%s" % (DATA_NODE, DATA_ATTR))

    def write_scene_data(self, key, value):
        text = scene_data.write(self._data_text(), key, value, "%s.%s" % (DATA_NODE, DATA_ATTR))
        if text is None:
            return
        with self.undo_chunk("Reelkit scene data"):  # node, attribute, value: one undo
            if not cmds.objExists(DATA_NODE):
                cmds.createNode("network", name=DATA_NODE)
            if not cmds.attributeQuery(DATA_ATTR, node=DATA_NODE, exists=True):
                cmds.addAttr(DATA_NODE, longName=DATA_ATTR, dataType="string")
            cmds.setAttr("%s.%s" % (DATA_NODE, DATA_ATTR), text, type="string")

    def _data_text(self):
        if not cmds.objExists("%s.%s" % (DATA_NODE, DATA_ATTR)):
            return None
        return cmds.getAttr("%s.%s" % (DATA_NODE, DATA_ATTR))

    # -- scene listeners and threads ---------------------------------------------

    def _watch_scene(self, watching):
        from maya.api import OpenMaya
        if watching and not self._callback_ids:
            for message, event in SCENE_MESSAGES:
                self._callback_ids.append(OpenMaya.MSceneMessage.addCallback(
                    getattr(OpenMaya.MSceneMessage, message), self._on_message, event))
        elif not watching:
            while self._callback_ids:
                OpenMaya.MMessage.removeCallback(self._callback_ids.pop())

    def _on_message(self, event):
        self._notify(event)

    def run_in_main_thread(self, function, *args, **kwargs):
        """``maya.utils.executeInMainThreadWithResult``: at once on the main thread,
        else at the next idle event. Batch Maya has no idle events: refused there."""
        if not is_main_thread() and not self._batch:
            return utils.executeInMainThreadWithResult(function, *args, **kwargs)
        return super(MayaHost, self).run_in_main_thread(function, *args, **kwargs)

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
            cmds.menuItem(label=getattr(command, "label", command.name), parent=menu,
                          command=_menu_callback(command))

    def clear_menu(self, menu_name):
        menu = menu_object_name(menu_name)
        if cmds.menu(menu, exists=True):
            cmds.deleteUI(menu, menu=True)


def load_plugin_for(path):
    """Load the plugin that reads ``path`` (Alembic, FBX) unless it is loaded already."""
    plugin = PLUGINS.get(os.path.splitext(path)[1].lower())
    if plugin is None or cmds.pluginInfo(plugin, query=True, loaded=True):
        return
    try:
        cmds.loadPlugin(plugin, quiet=True)
    except RuntimeError as exc:
        raise ReelkitError("cannot load %s: Maya's %s plug-in did not load (%s)"
                           % (path, plugin, exc))


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
