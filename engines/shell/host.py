"""``ShellHost``: the host API over an in-memory scene kept as JSON.

The scene is a small document -- references (reference, import, read entries),
frame range, selection -- so apps and their tests exercise the same calls they
make in Maya or Nuke. ``save_scene_as(path)`` writes it as JSON,
``open_scene(path)`` reads it back.
"""

import io
import json
import logging
import os
import re

from toolkit.errors import ReelkitError
from toolkit.platform import HostAdapter, Reference

SCENE_VERSION = 1


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
        self._modified = False

    def open_scene(self, path):
        try:
            with io.open(path, "r", encoding="utf-8") as handle:
                scene = json.load(handle)
        except (IOError, OSError) as exc:
            raise ReelkitError("cannot open scene %s: %s" % (path, exc))
        except ValueError as exc:
            raise ReelkitError("%s is not a shell scene (JSON): %s" % (path, exc))
        if not isinstance(scene, dict) or scene.get("version") != SCENE_VERSION:
            raise ReelkitError("%s is not a version %d shell scene" % (path, SCENE_VERSION))
        self._scene = scene
        self._path = os.path.abspath(path)
        self._modified = False

    def save_scene(self):
        if self._path is None:
            raise ReelkitError("the scene was never saved: use save_scene_as(path)")
        self.save_scene_as(self._path)

    def save_scene_as(self, path):
        path = os.path.abspath(path)
        text = json.dumps(self._scene, indent=2, sort_keys=True)
        partial = path + ".saving"
        with io.open(partial, "w", encoding="utf-8") as handle:  # never half a scene
            handle.write(u"%s\n" % text)
        _replace(partial, path)
        self._path = path
        self._modified = False

    def is_modified(self):
        return self._modified

    # -- references --------------------------------------------------------------

    def list_references(self):
        return [Reference(e["node"], e["path"], e["kind"]) for e in self._scene["references"]]

    def update_reference(self, node, new_path):
        self._entry(node)["path"] = new_path
        self._modified = True

    def import_file(self, path, namespace=None):
        return [self._add(path, "import", namespace)]

    def reference_file(self, path, namespace=None):
        return self._add(path, "reference", namespace, suffix="RN")

    def load_image_sequence(self, path, first, last):
        node = self._add(path, "read", "Read")
        self._entry(node)["frames"] = [int(first), int(last)]
        return node

    def _add(self, path, kind, namespace, suffix=""):
        stem = namespace or re.sub(r"\W", "_", os.path.basename(path).split(".")[0]) or "node"
        taken = set(e["node"] for e in self._scene["references"])
        node, number = stem + suffix, 1
        while node in taken:
            number += 1
            node = "%s%d%s" % (stem, number, suffix)
        self._scene["references"].append({"node": node, "path": path, "kind": kind})
        self._modified = True
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

    def select(self, nodes):
        """Select ``nodes`` (the shell's stand-in for clicking in a viewport)."""
        for node in nodes:
            self._entry(node)
        self._scene["selection"] = list(nodes)

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


def _replace(source, target):
    """``os.replace`` on Python 3; rename over the target on Python 2 (POSIX)."""
    replace = getattr(os, "replace", None)
    if replace is not None:
        replace(source, target)
    else:
        if os.name == "nt":
            os.remove(target)
        os.rename(source, target)
