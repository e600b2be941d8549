"""One driver per host: what the contract suite needs to see *inside* the host.

The engine is driven only through ``engine.host`` (the uniform API); a driver
reads the host's own state (the fake's menus and undo queue, Blender's
registered classes) and makes the files the host can load.
"""

import io
import json
import os
import sys


def available():
    """Host names the contract suite runs here: the fakes and the shell always, Blender in 3.11."""
    hosts = ["maya", "nuke", "houdini", "shell"]
    if sys.version_info[:2] == (3, 11):
        try:
            import bpy  # noqa: F401
        except ImportError:
            pass
        else:
            hosts.append("blender")
    return hosts


def make(name, folder):
    return DRIVERS[name](folder)


def _write_json(path, data):
    with io.open(path, "w", encoding="utf-8") as handle:
        handle.write(u"%s" % json.dumps(data))
    return path


class Driver(object):
    scene_ext = ".json"
    has_main_window = True
    #: False where the host's own "unsaved changes" flag stays set after a save.
    clean_after_save = True
    engine = None

    def __init__(self, folder):
        self.folder = folder
        self.window = None

    def path(self, name):
        return os.path.join(self.folder, name)

    def setup(self):
        if self.has_main_window:
            from toolkit import qt
            qt.ensure_application()
            self.window = qt.QtWidgets.QMainWindow()
            self.window.setObjectName("HostMainWindow")
            self.give_main_window(self.window)

    def teardown(self):
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()

    def give_main_window(self, window):
        """Make ``window`` the host's main window."""

    def undo_labels(self):
        """Labels of the host's undo steps, oldest first."""
        raise NotImplementedError

    def menu_labels(self):
        raise NotImplementedError

    def invoke_menu(self, label):
        """Run a menu entry the way the host does when the artist picks it."""
        raise NotImplementedError

    def select(self, names):
        raise NotImplementedError

    #: False where the host has no main loop here to run work a worker hands it
    #: (Blender as a module, ``--background``): run_in_main_thread must refuse.
    main_loop = True

    def run_main_loop_until(self, done):
        """Turn the host's main-thread loop until ``done()`` (what the UI does idle)."""
        while not done():
            self.process_main_thread_events()

    def process_main_thread_events(self):
        raise NotImplementedError

    def nested_reference(self):
        """Reference a file that references another; return (inner path, expected parent)."""
        raise NotImplementedError


class MayaDriver(Driver):
    scene_ext = ".ma"

    def give_main_window(self, window):
        import maya.OpenMayaUI
        maya.OpenMayaUI._set_main_window(window)

    def reference_asset(self):
        return _write_json(self.path("chair.ma"), {
            "nodes": {"chair_geo": "mesh"}, "references": [], "minTime": 1, "maxTime": 10})

    import_asset = reference_asset

    def undo_labels(self):
        from maya import cmds
        return list(cmds._state.undo_steps)

    def _menu(self):
        from maya import cmds
        return cmds._state.menus.get("MayaWindow|ReelkitMenu")

    def menu_labels(self):
        from maya import cmds
        menu = self._menu()
        if menu is None:
            return None
        return [cmds._state.menu_items[i]["label"] for i in menu["items"]
                if not cmds._state.menu_items[i]["divider"]]

    def invoke_menu(self, label):
        from maya import cmds
        for item in self._menu()["items"]:
            if cmds._state.menu_items[item]["label"] == label:
                return cmds._state.menu_items[item]["command"](False)  # Maya passes "checked"
        raise KeyError(label)

    def select(self, names):
        from maya import cmds
        cmds.select(*names, replace=True)

    def create_nodes(self):
        from maya import cmds
        return [cmds.createNode("transform", name="a"), cmds.createNode("transform", name="b")]

    def process_main_thread_events(self):
        import maya.utils
        maya.utils._process_idle_events()

    def nested_reference(self):
        inner = _write_json(self.path("wheel.ma"), {
            "nodes": {"wheel_geo": "mesh"}, "references": [], "minTime": 1, "maxTime": 10})
        outer = _write_json(self.path("car.ma"), {
            "nodes": {"body_geo": "mesh"}, "minTime": 1, "maxTime": 10,
            "references": [{"node": "wheelRN", "path": inner, "namespace": "wheel"}]})
        node = self.engine.host.reference_file(outer)
        return inner, node


class NukeDriver(Driver):
    scene_ext = ".nk"

    def give_main_window(self, window):
        window.show()  # Nuke's window is found among Qt's top-level windows

    def reference_asset(self):
        return self.path("plate.%04d.exr")

    def import_asset(self):
        return _write_json(self.path("setup.nk"), {
            "nodes": [{"Class": "Blur", "name": "Blur1", "knobs": {"size": 3}}],
            "first_frame": 1, "last_frame": 10})

    def undo_labels(self):
        import nuke
        return list(nuke._state.undo_steps)

    def menu_labels(self):
        import nuke
        menu = nuke.menu("Nuke").findItem("Reelkit")
        return None if menu is None else [item.name() for item in menu.items()]

    def invoke_menu(self, label):
        import nuke
        return nuke.menu("Nuke").findItem("Reelkit/" + label).invoke()

    def select(self, names):
        import nuke
        for node in nuke.allNodes():
            node.setSelected(node.name() in names)

    def create_nodes(self):
        import nuke
        return [nuke.nodes.Grade().name(), nuke.nodes.Blur().name()]

    def process_main_thread_events(self):
        import nuke
        nuke._process_main_thread_events()

    def nested_reference(self):
        import nuke
        inner = self.path("grain.%04d.exr")
        group = nuke.nodes.Group(name="Comp")
        with group:
            nuke.nodes.Read(file=inner)
        return inner, "Comp"


class HoudiniDriver(Driver):
    scene_ext = ".hip"

    def give_main_window(self, window):
        import hou
        hou._state.main_window = window

    def reference_asset(self):
        return self.path("rock.bgeo.sc")

    def import_asset(self):
        return _write_json(self.path("rig.hip"), {
            "nodes": [{"path": "/obj/rig", "type": "geo", "parms": {}}],
            "frame_range": [1, 10]})

    def undo_labels(self):
        import hou
        return list(hou._state.undo_steps)

    def _shelf(self):
        import hou
        return hou.shelves.shelves().get("reelkit")

    def menu_labels(self):
        shelf = self._shelf()
        return None if shelf is None else [tool.label() for tool in shelf.tools()]

    def invoke_menu(self, label):
        for tool in self._shelf().tools():
            if tool.label() == label:
                exec(tool.script(), {"__name__": "__main__"})  # what Houdini does on a click
                return
        raise KeyError(label)

    def select(self, names):
        import hou
        for path in names:
            hou.node(path).setSelected(True)

    def create_nodes(self):
        import hou
        obj = hou.node("/obj")
        return [obj.createNode("geo", "a").path(), obj.createNode("geo", "b").path()]

    def process_main_thread_events(self):
        import hdefereval
        hdefereval._process_events()

    def nested_reference(self):
        import hou
        inner = self.path("leaf.bgeo.sc")
        tree = hou.node("/obj").createNode("geo", "tree")
        tree._lock_as_asset()  # an installed digital asset: its contents come from the HDA
        tree.createNode("file").parm("file").set(inner)
        return inner, "/obj/tree"


class ShellDriver(Driver):
    has_main_window = False

    def reference_asset(self):
        return self.path("asset.abc")

    import_asset = reference_asset

    def undo_labels(self):
        return None  # the shell has no undo queue

    def menu_labels(self):
        commands = self.engine.host.menus.get("Reelkit")
        return None if commands is None else [c.name for c in commands]

    def invoke_menu(self, label):
        for command in self.engine.host.menus["Reelkit"]:
            if command.name == label:
                return command.callback()
        raise KeyError(label)

    def select(self, names):
        self.engine.host.select(names)

    def create_nodes(self):
        return [self.engine.host.reference_file(self.path("a.abc")),
                self.engine.host.reference_file(self.path("b.abc"))]

    def setup(self):
        from toolkit import qt
        qt.ensure_application()  # the shell's main loop, when it has one, is Qt's

    def process_main_thread_events(self):
        from toolkit import qt
        qt.QtWidgets.QApplication.processEvents()

    def nested_reference(self):
        inner = self.path("wheel.abc")
        outer = _write_json(self.path("car.json"), {
            "version": 1, "selection": [], "frame_range": [1, 10],
            "references": [{"node": "wheelRN", "path": inner, "kind": "reference"}]})
        node = self.engine.host.reference_file(outer)
        return inner, node


class BlenderDriver(Driver):
    scene_ext = ".blend"
    has_main_window = False
    main_loop = False  # bpy as a module: no window manager loop runs timers
    # bpy as a module is background mode: the adapter tracks changes itself there
    clean_after_save = True

    def setup(self):
        import bpy
        bpy.ops.wm.read_homefile(use_empty=True)
        collection = bpy.data.collections.new("Chair")
        bpy.context.scene.collection.children.link(collection)
        collection.objects.link(bpy.data.objects.new("chair_geo", bpy.data.meshes.new("m")))
        bpy.ops.wm.save_as_mainfile(filepath=self.path("chair.blend"))
        bpy.ops.wm.read_homefile(use_empty=True)

    def reference_asset(self):
        return self.path("chair.blend")

    import_asset = reference_asset

    def undo_labels(self):
        return None  # checked by undoing in tests/hosts/blender

    def menu_labels(self):
        import bpy
        menu = getattr(bpy.types, "REELKIT_MT_main", None)
        return None if menu is None else list(menu.command_names)

    def invoke_menu(self, label):
        import bpy
        return bpy.ops.reelkit.run_command(command_name=label)

    def select(self, names):
        import bpy
        for obj in bpy.context.view_layer.objects:
            obj.select_set(obj.name in names)

    def create_nodes(self):
        import bpy
        names = []
        for name in ("a", "b"):
            obj = bpy.data.objects.new(name, None)
            bpy.context.scene.collection.objects.link(obj)
            names.append(obj.name)
        bpy.context.view_layer.update()  # the view layer lists new objects after an update
        return names

    def nested_reference(self):
        import bpy
        scene = bpy.context.scene.name
        bpy.ops.wm.save_as_mainfile(filepath=self.path("shot_for_nesting.blend"))
        bpy.ops.wm.read_homefile(use_empty=True)
        with bpy.data.libraries.load(self.path("chair.blend"), link=True) as (source, target):
            target.collections = list(source.collections)
        room = bpy.data.collections.new("Room")
        bpy.context.scene.collection.children.link(room)
        instance = bpy.data.objects.new("chair_instance", None)
        instance.instance_type = "COLLECTION"
        instance.instance_collection = target.collections[0]
        room.objects.link(instance)
        bpy.ops.wm.save_as_mainfile(filepath=self.path("room.blend"))
        bpy.ops.wm.open_mainfile(filepath=self.path("shot_for_nesting.blend"))
        assert bpy.context.scene.name == scene
        node = self.engine.host.reference_file(self.path("room.blend"))
        return self.path("chair.blend"), node


DRIVERS = {"maya": MayaDriver, "nuke": NukeDriver, "houdini": HoudiniDriver,
           "shell": ShellDriver, "blender": BlenderDriver}
