"""``ShellHost``: the host API over an in-memory scene kept as JSON.

The scene is a small document -- references (reference, import, read entries),
frame range, selection -- so apps and their tests exercise the same calls they
make in Maya or Nuke. ``save_scene_as(path)`` writes it as JSON,
``open_scene(path)`` reads it back. Scene data (``write_scene_data``) travels in
a JSON sidecar beside the scene, ``<scene>.reelkit``, written and read with it.
"""

import io
import json
import logging
import os
import re

from toolkit.errors import ReelkitError
from toolkit.platform import HostAdapter, Reference, scene_data
from toolkit.platform.host import is_main_thread, main_thread_only

SCENE_VERSION = 1

#: Appended to a scene's path to name the sidecar holding its scene data.
SIDECAR_SUFFIX = ".reelkit"


def sidecar_path(scene_path):
    """The file beside ``scene_path`` that holds its scene data."""
    return scene_path + SIDECAR_SUFFIX


@main_thread_only  # a host like the others: its scene belongs to the main thread
class ShellHost(HostAdapter):
    """A scene document in memory; menus are recorded, not drawn."""

    name = "shell"
    default_frame_range = (1001, 1100)

    def __init__(self, engine=None):
        super(ShellHost, self).__init__(engine)
        self.menus = {}           # menu name -> [Command]: what a host would draw
        self._main_window = None
        self.new_scene()

    # -- scene -----------------------------------------------------------------

    def current_scene_path(self):
        return self._path

    def new_scene(self):
        self._path = None
        self._scene = {"version": SCENE_VERSION, "references": [], "selection": [],
                       "frame_range": list(self.default_frame_range)}
        self._data = {}
        self._modified = False
        self._notify("new")

    def open_scene(self, path):
        scene = _read_json(path, "scene")
        if not isinstance(scene, dict) or scene.get("version") != SCENE_VERSION:
            raise ReelkitError("%s is not a version %d shell scene" % (path, SCENE_VERSION))
        data = {}
        if os.path.isfile(sidecar_path(path)):  # read both before changing anything
            data = _read_json(sidecar_path(path), "scene data sidecar")
            if not isinstance(data, dict):
                raise ReelkitError("%s: the scene data sidecar must hold a JSON object"
                                   % sidecar_path(path))
        self._scene = scene
        self._data = data
        self._path = os.path.abspath(path)
        self._modified = False
        self._notify("opened")

    def save_scene(self):
        if self._path is None:
            raise ReelkitError("the scene was never saved: use save_scene_as(path)")
        self.save_scene_as(self._path)

    def save_scene_as(self, path):
        path = os.path.abspath(path)
        sidecar = sidecar_path(path)
        # Both files are written whole under temporary names first, then renamed:
        # never half a scene, never a scene beside another scene's data.
        partial = _write_partial(path, self._scene)
        partial_data = _write_partial(sidecar, self._data) if self._data else None
        if partial_data is not None:
            _replace(partial_data, sidecar)
        elif os.path.isfile(sidecar):  # a sidecar of the file saved over is stale
            os.remove(sidecar)
        _replace(partial, path)
        self._path = path
        self._modified = False
        self._notify("saved")

    def is_modified(self):
        return self._modified

    # -- references --------------------------------------------------------------

    def list_references(self):
        return [Reference(e["node"], e["path"], e["kind"], e.get("parent"))
                for e in self._scene["references"]]

    def update_reference(self, node, new_path):
        self._entry(node)["path"] = new_path
        self._modified = True
        self._notify("references_changed")

    def import_file(self, path, namespace=None):
        return [self._add(path, "import", namespace)]

    def reference_file(self, path, namespace=None):
        """Reference ``path``; a shell scene brings its own references, nested under it."""
        node = self._add(path, "reference", namespace, suffix="RN")
        renamed = {}  # the referenced scene's node names -> their names here
        for entry in _scene_references(path):
            parent = renamed.get(entry.get("parent"), node)
            renamed[entry["node"]] = self._add(entry["path"], entry["kind"], None,
                                               suffix="RN", parent=parent)
        return node

    def load_image_sequence(self, path, first, last):
        node = self._add(path, "read", "Read")
        self._entry(node)["frames"] = [int(first), int(last)]
        return node

    def _add(self, path, kind, namespace, suffix="", parent=None):
        stem = namespace or re.sub(r"\W", "_", os.path.basename(path).split(".")[0]) or "node"
        taken = set(e["node"] for e in self._scene["references"])
        node, number = stem + suffix, 1
        while node in taken:
            number += 1
            node = "%s%d%s" % (stem, number, suffix)
        entry = {"node": node, "path": path, "kind": kind}
        if parent is not None:
            entry["parent"] = parent
        self._scene["references"].append(entry)
        self._modified = True
        self._notify("references_changed")
        return node

    def _entry(self, node):
        for entry in self._scene["references"]:
            if entry["node"] == node:
                return entry
        raise ReelkitError("no node %r in the scene (has: %s)" % (
            node, ", ".join(e["node"] for e in self._scene["references"]) or "none"))

    # -- scene state ---------------------------------------------------------------

    def get_frame_range(self):
        first, last = self._scene["frame_range"]
        return first, last

    def set_frame_range(self, first, last):
        if int(first) > int(last):
            raise ReelkitError("frame range %s-%s ends before it starts" % (first, last))
        self._scene["frame_range"] = [int(first), int(last)]
        self._modified = True

    def selection(self):
        return list(self._scene["selection"])

    def select_nodes(self, nodes):
        """Select ``nodes`` (scene entries); an unknown name raises before anything changes."""
        nodes = list(nodes)
        for node in nodes:
            self._entry(node)
        self._scene["selection"] = nodes

    select = select_nodes  # the name the shell had before the host API grew select_nodes

    # -- data kept in the scene ----------------------------------------------------

    def read_scene_data(self, key):
        return scene_data.read(scene_data.encode(self._data), key, "the shell's scene data")

    def write_scene_data(self, key, value):
        text = scene_data.write(scene_data.encode(self._data), key, value,
                                "the shell's scene data")
        if text is not None:
            self._data = scene_data.decode(text, "the shell's scene data")
            self._modified = True

    # -- threads -------------------------------------------------------------------

    def run_in_main_thread(self, function, *args, **kwargs):
        """On the main thread, call at once; from a worker, go through Qt's event loop.

        The shell has a main-thread event loop only while Qt runs (panels); without
        one a worker cannot reach the main thread and the base refuses.
        """
        if is_main_thread() or not _qt_running():
            return super(ShellHost, self).run_in_main_thread(function, *args, **kwargs)
        from .main_thread import call_in_qt_main_thread
        return call_in_qt_main_thread(function, args, kwargs)

    def supported_actions(self):
        return set(["reference", "import", "open", "read_node"])

    # -- user interface --------------------------------------------------------------

    def log_handler(self):
        """The shell's console is the process's own: when the process already
        logs somewhere (the ``reelkit`` command does), a second handler would
        print every message twice."""
        if logging.getLogger().handlers:
            return None
        return super(ShellHost, self).log_handler()

    def main_window(self):
        """A plain QMainWindow, made once Qt runs (the shell has no window before)."""
        import sys
        if self._main_window is None and "qtpy.QtWidgets" in sys.modules:
            from toolkit import qt
            if qt.QtWidgets.QApplication.instance() is not None:
                self._main_window = qt.QtWidgets.QMainWindow()
                self._main_window.setWindowTitle("Reelkit")
                self._main_window.setObjectName("ReelkitShellMainWindow")
        return self._main_window

    def dock_panel(self, widget, title, panel_id):
        from toolkit import qt
        window = self.main_window()
        if window is None:
            return None
        dock = qt.QtWidgets.QDockWidget(title, window)
        dock.setObjectName(panel_id + "Dock")
        dock.setWidget(widget)
        window.addDockWidget(qt.QtCore.Qt.RightDockWidgetArea, dock)
        window.show()
        return dock

    def build_menu(self, menu_name, commands):
        self.menus[menu_name] = list(commands)

    def clear_menu(self, menu_name):
        self.menus.pop(menu_name, None)


def _scene_references(path):
    """The reference entries of the shell scene at ``path`` (none for any other file)."""
    if not path.lower().endswith(".json") or not os.path.isfile(path):
        return []
    try:
        scene = _read_json(path, "scene")
    except ReelkitError:
        return []  # not a shell scene: a plain file referenced
    if not isinstance(scene, dict) or scene.get("version") != SCENE_VERSION:
        return []
    return [e for e in scene.get("references") or [] if e.get("kind") == "reference"]


def _read_json(path, what):
    try:
        with io.open(path, "r", encoding="utf-8") as handle:
            return json.load(handle)
    except (IOError, OSError) as exc:
        raise ReelkitError("cannot open %s %s: %s" % (what, path, exc))
    except ValueError as exc:
        raise ReelkitError("%s is not a shell %s (JSON): %s" % (path, what, exc))


def _write_partial(path, document):
    """Write ``document`` as JSON to ``path + ".saving"``; return that name."""
    partial = path + ".saving"
    text = json.dumps(document, indent=2, sort_keys=True)
    with io.open(partial, "w", encoding="utf-8") as handle:
        handle.write(u"%s\n" % text)
    return partial


def _qt_running():
    import sys
    core = sys.modules.get("qtpy.QtCore")
    return core is not None and core.QCoreApplication.instance() is not None


def _replace(source, target):
    """``os.replace`` on Python 3; rename over the target on Python 2 (POSIX)."""
    replace = getattr(os, "replace", None)
    if replace is not None:
        replace(source, target)
    else:
        if os.name == "nt":
            os.remove(target)
        os.rename(source, target)
