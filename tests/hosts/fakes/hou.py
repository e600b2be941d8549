"""A fake ``hou`` module: the API the Reelkit engine uses, over an in-memory node tree.

Names, arguments and return shapes follow Houdini's ``hou`` (checked against
``types-houdini`` by ``tests/hosts/stubs``). A hip file is JSON: ``{"nodes":
[{"path", "type", "parms"}], "frame_range": [first, last]}``.
"""

import io
import json
import os

#: The parameters each node type has (name -> default), by type name.
_PARMS = {"file": {"file": ""}, "alembic": {"fileName": ""}}
#: The same, for nodes inside a compositing network (the COP "file" node).
_COP_PARMS = {"file": {"filename1": ""}}


class _State(object):
    def __init__(self):
        self.hip = None             # path of the saved hip file, None while untitled
        self.modified = False
        self.root = OpNode("", "root", None)
        for name in ("obj", "img", "out"):
            self.root._children[name] = OpNode(name, "manager", self.root)
        self.frame_range = (1.0, 240.0)
        self.playback_range = (1.0, 240.0)
        self.undo_steps = []
        self.open_groups = []
        self.group_dirty = False
        self.shelves = {}
        self.tools = {}
        self.shelf_sets = {"shelf_set_1": ShelfSet("shelf_set_1", "Default")}
        self.main_window = None


def _reset():
    global _state
    _state = _State()


def _changed(label):
    _state.modified = True
    if _state.open_groups:
        _state.group_dirty = True
    else:
        _state.undo_steps.append(label)


class LoadWarning(Exception):
    """Raised after a hip file loaded with warnings (missing assets...), like Houdini."""


class OperationFailed(Exception):
    """Raised by hou when an operation cannot be done."""


class Parm(object):
    """One parameter of a node."""

    def __init__(self, node, name, value):
        self._node = node
        self._name = name
        self._value = value

    def name(self):
        return self._name

    def node(self):
        return self._node

    def path(self):
        return "%s/%s" % (self._node.path(), self._name)

    def eval(self):
        return os.path.expandvars(self._value) if isinstance(self._value, str) else self._value

    def evalAsString(self):
        return str(self.eval())

    def unexpandedString(self):
        return self._value

    def set(self, value, language=None, follow_parm_reference=True):
        self._value = value
        _changed("Change parameter %s" % self._name)


class OpNode(object):
    """A node: a path in the tree, a type name, parameters, children."""

    def __init__(self, name, type_name, parent):
        self._name = name
        self._type_name = type_name
        self._parent = parent
        self._children = {}
        self._selected = False
        table = _COP_PARMS if parent is not None and parent._type_name == "cop2net" else _PARMS
        self._parms = dict((k, Parm(self, k, v)) for k, v in table.get(type_name, {}).items())

    def name(self):
        return self._name

    def path(self):
        if self._parent is None:
            return "/"
        parent = self._parent.path()
        return parent + self._name if parent == "/" else "%s/%s" % (parent, self._name)

    def children(self):
        return tuple(self._children[k] for k in sorted(self._children))

    def node(self, node_path):
        return node(node_path if node_path.startswith("/") else self.path() + "/" + node_path)

    def parm(self, parm_path):
        return self._parms.get(parm_path)

    def parms(self):
        return tuple(self._parms[k] for k in sorted(self._parms))

    def createNode(self, node_type_name, node_name=None, run_init_scripts=True,
                   load_contents=True):
        name = node_name or node_type_name + "1"
        number = 1
        while name in self._children:
            number += 1
            name = "%s%d" % (node_name or node_type_name, number)
        child = OpNode(name, node_type_name, self)
        self._children[name] = child
        _changed("Create %s" % node_type_name)
        return child

    def destroy(self, disable_safety_checks=False):
        del self._parent._children[self._name]
        _changed("Delete %s" % self._name)

    def isSelected(self):
        return self._selected

    def setSelected(self, on, clear_all_selected=False, show_asset_if_selected=False):
        if clear_all_selected:
            for each in _walk(_state.root):
                each._selected = False
        self._selected = bool(on)


def _walk(start):
    for child in start.children():
        yield child
        for descendant in _walk(child):
            yield descendant


def node(path):
    """The node at ``path``, or None."""
    current = _state.root
    for part in [p for p in path.split("/") if p]:
        current = current._children.get(part)
        if current is None:
            return None
    return current


def parm(path):
    """The parameter at ``path`` (node path + "/" + parm name), or None."""
    owner = node(path.rsplit("/", 1)[0] or "/")
    return owner.parm(path.rsplit("/", 1)[1]) if owner is not None else None


def selectedNodes(include_hidden=False):
    """The selected nodes, in tree order."""
    return tuple(n for n in _walk(_state.root) if n.isSelected())


def fileReferences(project_dir_variable="HIP", include_all_refs=True):
    """``((Parm, path), ...)`` for every parameter that names a file."""
    return tuple((p, p.unexpandedString()) for n in _walk(_state.root) for p in n.parms()
                 if p.unexpandedString())


def isUIAvailable():
    """True in the Houdini UI (the fake always has one)."""
    return True


class hipFile(object):
    """The current hip file."""

    @staticmethod
    def path():
        return _state.hip or os.path.join(os.getcwd(), "untitled.hip")

    @staticmethod
    def name():
        return _state.hip or "untitled.hip"

    @staticmethod
    def isNewFile():
        return _state.hip is None

    @staticmethod
    def hasUnsavedChanges():
        return _state.modified

    @staticmethod
    def save(file_name=None, save_to_recent_files=True):
        path = file_name or _state.hip
        if path is None:
            raise OperationFailed("no file name to save to")
        data = {"nodes": [{"path": n.path(), "type": n._type_name,
                           "parms": dict((p.name(), p.unexpandedString()) for p in n.parms())}
                          for n in _walk(_state.root) if n._type_name != "manager"],
                "frame_range": list(_state.frame_range)}
        with io.open(path, "w", encoding="utf-8") as handle:
            handle.write(u"%s" % json.dumps(data, indent=1, sort_keys=True))
        _state.hip = path
        _state.modified = False

    @staticmethod
    def clear(suppress_save_prompt=False):
        kept = _state  # the UI (main window, shelves) outlives the scene
        _reset()
        for attribute in ("main_window", "shelves", "tools", "shelf_sets"):
            setattr(_state, attribute, getattr(kept, attribute))
        return True

    @staticmethod
    def load(file_name, suppress_save_prompt=False, ignore_load_warnings=False):
        data = _read(file_name)
        hipFile.clear()
        _add_nodes(data["nodes"])
        _state.frame_range = tuple(data["frame_range"])
        _state.hip = os.path.abspath(file_name)
        _state.modified = False
        _state.undo_steps = []
        _warn(data, ignore_load_warnings)

    @staticmethod
    def merge(file_name, node_pattern="*", overwrite_on_conflict=False,
              ignore_load_warnings=False):
        data = _read(file_name)
        _add_nodes(data["nodes"])
        _changed("Merge")
        _warn(data, ignore_load_warnings)


def _warn(data, ignore_load_warnings):
    # Houdini loads what it can, then raises: the scene has changed already.
    if data.get("warnings") and not ignore_load_warnings:
        raise LoadWarning("\n".join(data["warnings"]))


def _read(path):
    if not os.path.isfile(path):
        raise OperationFailed("Unable to open file: %s" % path)
    with io.open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _add_nodes(entries):
    for entry in sorted(entries, key=lambda e: e["path"].count("/")):
        parent_path, name = entry["path"].rsplit("/", 1)
        parent = node(parent_path or "/")
        if name in parent._children:  # merge renames on conflict, as Houdini does
            name = name + "_merged"
        child = OpNode(name, entry["type"], parent)
        parent._children[name] = child
        for key, value in entry["parms"].items():
            child._parms[key]._value = value


class playbar(object):
    """The timeline."""

    @staticmethod
    def frameRange():
        return _state.frame_range

    @staticmethod
    def setFrameRange(start, end):
        _state.frame_range = (float(start), float(end))
        _changed("Global frame range")

    @staticmethod
    def playbackRange():
        return _state.playback_range

    @staticmethod
    def setPlaybackRange(start, end):
        _state.playback_range = (float(start), float(end))


class qt(object):
    """Houdini's Qt objects."""

    @staticmethod
    def mainWindow():
        return _state.main_window


class UndosGroup(object):
    """Everything done inside ``with hou.undos.group(label):`` undoes at once."""

    def __init__(self, label):
        self._label = label

    def label(self):
        return self._label

    def __enter__(self):
        _state.open_groups.append(self._label)
        return self

    def __exit__(self, type, value, traceback):
        _state.open_groups.pop()
        if not _state.open_groups and _state.group_dirty:
            _state.undo_steps.append(self._label)
            _state.group_dirty = False


class undos(object):
    """The undo queue."""

    @staticmethod
    def group(label, editor=None):
        return UndosGroup(label)

    @staticmethod
    def undoLabels():
        return tuple(reversed(_state.undo_steps))


class Tool(object):
    """A shelf tool: a label and a Python script run when it is clicked."""

    def __init__(self, name, label, script):
        self._name = name
        self._label = label
        self._script = script

    def name(self):
        return self._name

    def label(self):
        return self._label

    def script(self):
        return self._script

    def destroy(self):
        _state.tools.pop(self._name, None)


class Shelf(object):
    """A shelf tab holding tools."""

    def __init__(self, name, label):
        self._name = name
        self._label = label
        self._tools = ()

    def name(self):
        return self._name

    def label(self):
        return self._label

    def tools(self):
        return self._tools

    def setTools(self, tools):
        self._tools = tuple(tools)

    def destroy(self):
        _state.shelves.pop(self._name, None)
        for shelf_set in _state.shelf_sets.values():
            shelf_set.setShelves([s for s in shelf_set.shelves() if s is not self])


class ShelfSet(object):
    """A group of shelves shown together in a shelf dock."""

    def __init__(self, name, label):
        self._name = name
        self._label = label
        self._shelves = ()

    def name(self):
        return self._name

    def shelves(self):
        return self._shelves

    def setShelves(self, shelves):
        self._shelves = tuple(shelves)


class shelves(object):
    """Shelves, shelf sets and tools."""

    @staticmethod
    def shelves():
        return dict(_state.shelves)

    @staticmethod
    def shelfSets():
        return dict(_state.shelf_sets)

    @staticmethod
    def tool(tool_name):
        return _state.tools.get(tool_name)

    @staticmethod
    def newShelf(file_path=None, name=None, label=None):
        shelf = Shelf(name, label or name)
        _state.shelves[name] = shelf
        return shelf

    @staticmethod
    def newTool(file_path=None, name=None, label=None, script=None, language=None,
                icon=None, help=None):
        tool = Tool(name, label or name, script or "")
        _state.tools[name] = tool
        return tool


_state = _State()
