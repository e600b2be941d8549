"""The uniform host API over ``bpy``.

References are linked libraries (``bpy.data.libraries``): ``node`` is the
library's name, ``path`` its absolute file path. Referencing links a file's
collections and instances them in the scene; importing appends them. Blender
has no Qt main window: panels are top-level windows. The menu is a
``bpy.types.Menu`` in the top bar whose entries run an operator that calls the
engine command by name, so it works headless as well.
"""

import contextlib
import os

import bpy

from toolkit.errors import ReelkitError
from toolkit.platform import HostAdapter, Reference

MENU_IDNAME = "REELKIT_MT_main"
OPERATOR_IDNAME = "reelkit.run_command"


class ReelkitRunCommand(bpy.types.Operator):
    """Run a Reelkit command (the running engine's command called ``command_name``)."""

    bl_idname = OPERATOR_IDNAME
    bl_label = "Run Reelkit Command"
    # Class annotations written as a dict: this module must stay Python 2 syntax.
    __annotations__ = {"command_name": bpy.props.StringProperty(name="Command")}

    def execute(self, context):
        from toolkit.platform import current_engine
        engine = current_engine()
        command = engine.find_command(self.command_name) if engine is not None else None
        if command is None:
            self.report({"ERROR"}, "no Reelkit command %r" % self.command_name)
            return {"CANCELLED"}
        command.callback()  # never raises: the engine reports errors
        return {"FINISHED"}


class ReelkitMenu(bpy.types.Menu):
    """The Reelkit menu: one entry per engine command (``command_names``)."""

    bl_idname = MENU_IDNAME
    bl_label = "Reelkit"
    command_names = []

    def draw(self, context):
        for name in self.command_names:
            self.layout.operator(OPERATOR_IDNAME, text=name).command_name = name


def _draw_topbar_entry(self, context):
    self.layout.menu(MENU_IDNAME)


class BlenderHost(HostAdapter):
    """Scene operations and menu of a Blender session (UI or ``--background``)."""

    name = "blender"

    # -- scene -------------------------------------------------------------------

    def current_scene_path(self):
        return bpy.data.filepath or None

    def open_scene(self, path):
        if not os.path.isfile(path):
            raise ReelkitError("cannot open %r: no such .blend file" % path)
        bpy.ops.wm.open_mainfile(filepath=path)

    def save_scene(self):
        if not bpy.data.filepath:
            raise ReelkitError("the Blender file was never saved: use save_scene_as(path)")
        bpy.ops.wm.save_mainfile()

    def save_scene_as(self, path):
        if not path.lower().endswith(".blend"):
            raise ReelkitError("cannot save a Blender file as %r: use a .blend file name" % path)
        bpy.ops.wm.save_as_mainfile(filepath=path)

    def new_scene(self):
        bpy.ops.wm.read_homefile(use_empty=True)

    def is_modified(self):
        return bool(bpy.data.is_dirty)

    # -- references and loading ------------------------------------------------

    def list_references(self):
        return [Reference(library.name, bpy.path.abspath(library.filepath), "library")
                for library in bpy.data.libraries]

    def update_reference(self, node, new_path):
        library = bpy.data.libraries.get(node)
        if library is None:
            raise ReelkitError("no linked library %r in this Blender file" % node)
        library.filepath = new_path
        library.reload()

    def reference_file(self, path, namespace=None):
        collections = self._load(path, link=True)
        scene = bpy.context.scene
        for collection in collections:  # an instance makes the linked data visible
            instance = bpy.data.objects.new(namespace or collection.name, None)
            instance.instance_type = "COLLECTION"
            instance.instance_collection = collection
            scene.collection.objects.link(instance)
        wanted = os.path.normcase(os.path.abspath(path))
        for library in bpy.data.libraries:
            if os.path.normcase(bpy.path.abspath(library.filepath)) == wanted:
                return library.name
        raise ReelkitError("linking %r made no library" % path)

    def import_file(self, path, namespace=None):
        collections = self._load(path, link=False)
        for collection in collections:
            bpy.context.scene.collection.children.link(collection)
        return [collection.name for collection in collections]

    def _load(self, path, link):
        """Link or append every collection of the .blend file ``path``."""
        if not os.path.isfile(path):
            raise ReelkitError("cannot load %r: no such .blend file" % path)
        with bpy.data.libraries.load(path, link=link) as (source, target):
            target.collections = list(source.collections)
        if not target.collections:
            raise ReelkitError("%r holds no collection to %s" % (path, "link" if link else "append"))
        return list(target.collections)

    def supported_actions(self):
        return {"open", "reference", "import"}

    # -- scene state -----------------------------------------------------------

    def get_frame_range(self):
        scene = bpy.context.scene
        return scene.frame_start, scene.frame_end

    def set_frame_range(self, first, last):
        scene = bpy.context.scene
        scene.frame_start = first
        scene.frame_end = last

    def selection(self):
        return [obj.name for obj in bpy.context.view_layer.objects.selected]

    @contextlib.contextmanager
    def undo_chunk(self, name):
        # Blender's undo steps are snapshots pushed after a change: one push at
        # the end makes the whole block one step.
        yield
        bpy.ops.ed.undo_push(message=name)

    # -- user interface ----------------------------------------------------------

    def main_window(self):
        return None  # Blender's UI is not Qt

    def build_menu(self, menu_name, commands):
        self.clear_menu(menu_name)
        ReelkitMenu.bl_label = menu_name
        ReelkitMenu.command_names = [command.name for command in commands]
        bpy.utils.register_class(ReelkitRunCommand)
        bpy.utils.register_class(ReelkitMenu)
        bpy.types.TOPBAR_MT_editor_menus.append(_draw_topbar_entry)

    def clear_menu(self, menu_name):
        if not hasattr(bpy.types, MENU_IDNAME):
            return
        bpy.types.TOPBAR_MT_editor_menus.remove(_draw_topbar_entry)
        bpy.utils.unregister_class(ReelkitMenu)
        bpy.utils.unregister_class(ReelkitRunCommand)
        ReelkitMenu.command_names = []
