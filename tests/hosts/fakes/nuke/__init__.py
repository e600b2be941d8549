"""A fake ``nuke`` module: the API the Reelkit engine uses, over an in-memory node graph.

Names, arguments and return shapes follow Nuke's Python API (checked against
``types-nuke`` by ``tests/hosts/stubs``). Scripts are JSON files: ``{"nodes":
[{"Class", "name", "knobs"}], "first_frame", "last_frame"}``.
"""

import io
import json
import os
import re


class _State(object):
    def __init__(self):
        self.script_name = None
        self.nodes = []             # Node objects, creation order
        self.root = Root()
        self.menus = {"Nuke": Menu("Nuke"), "Nodes": Menu("Nodes")}
        self.undo_steps = []        # labels of the undo steps, oldest first
        self.open_undo = []         # names given to Undo.begin() not yet ended
        self.undo_dirty = False


def _reset():
    global _state
    _state = _State()


def _changed(label):
    _state.root.setModified(True)
    if _state.open_undo:
        _state.undo_dirty = True
    else:
        _state.undo_steps.append(label)


class Knob(object):
    """A named value on a node."""

    def __init__(self, name, value=""):
        self._name = name
        self._value = value

    def name(self):
        return self._name

    def value(self, index=0):
        return self._value

    def getValue(self, channel=0):
        return self._value

    def setValue(self, val, chan=0):
        self._value = val
        _changed("set %s" % self._name)
        return True


class Node(object):
    """A node of the script: a class, a name and knobs."""

    def __init__(self, node_class, name, knobs=None):
        self._class = node_class
        self._name = name
        self._selected = False
        self._knobs = {}
        defaults = {"Read": {"file": "", "first": 1, "last": 1}}.get(node_class, {})
        for key, value in dict(defaults, **(knobs or {})).items():
            self._knobs[key] = Knob(key, value)

    def Class(self):
        return self._class

    def name(self):
        return self._name

    def fullName(self):
        return self._name

    def knob(self, p, follow_link=True):
        return self._knobs.get(p)

    def knobs(self):
        return dict(self._knobs)

    def __getitem__(self, name):
        if name not in self._knobs:
            raise NameError("%s has no knob %r" % (self._name, name))
        return self._knobs[name]

    def isSelected(self):
        return self._selected

    def setSelected(self, selected):
        self._selected = bool(selected)


class Root(Node):
    """The script's root: frame range and the modified flag."""

    def __init__(self):
        Node.__init__(self, "Root", "root", {"first_frame": 1, "last_frame": 100, "name": ""})
        self._modified = False

    def firstFrame(self):
        return int(self["first_frame"].value())

    def lastFrame(self):
        return int(self["last_frame"].value())

    def modified(self):
        return self._modified

    def setModified(self, modified):
        self._modified = bool(modified)


class NodeConstructor(object):
    """``nuke.nodes.Read(file=..., first=...)``: create a node of one class."""

    def __init__(self, node_class):
        self._class = node_class

    def __call__(self, *args, **kwargs):
        return _create(self._class, kwargs)


class Nodes(object):
    """``nuke.nodes``: one constructor per node class, by attribute."""

    def __getattr__(self, item):
        if item.startswith("_"):
            raise AttributeError(item)
        return NodeConstructor(item)


nodes = Nodes()


def _create(node_class, knobs):
    knobs = dict(knobs)
    name = knobs.pop("name", None) or _unique_name(node_class)
    node = Node(node_class, name, knobs)
    _state.nodes.append(node)
    _changed("create %s" % node_class)
    return node


def _unique_name(node_class):
    taken = set(n.name() for n in _state.nodes)
    number = 1
    while "%s%d" % (node_class, number) in taken:
        number += 1
    return "%s%d" % (node_class, number)


def createNode(typ, knobs="", inpanel=True):
    """Create a node; ``knobs`` is a string of ``name value`` pairs."""
    pairs = re.findall(r"(\S+)\s+(\{[^}]*\}|\S+)", knobs or "")
    return _create(typ, dict((k, v.strip("{}")) for k, v in pairs))


def allNodes(filter=None, group=None, recurseGroups=False):
    """Every node of the script, or those of one class."""
    return [n for n in _state.nodes if filter is None or n.Class() == filter]


def toNode(s):
    """The node called ``s`` (or the root), or None."""
    if s == "root":
        return _state.root
    for node in _state.nodes:
        if node.name() == s:
            return node
    return None


def selectedNodes(filter=None):
    """The selected nodes."""
    return [n for n in _state.nodes if n.isSelected() and (filter is None or n.Class() == filter)]


def delete(n):
    """Remove a node."""
    _state.nodes.remove(n)
    _changed("delete")


def root():
    """The root node."""
    return _state.root


def modified():
    """True when the script has unsaved changes."""
    return _state.root.modified()


def scriptName():
    """The script's file path; RuntimeError when it was never saved (as Nuke does)."""
    if not _state.script_name:
        raise RuntimeError("No name for the script")
    return _state.script_name


def scriptOpen(filename=None):
    """Open a script (replacing this one in this fake: Nuke would use a new window if dirty)."""
    data = _read(filename)
    _clear()
    _state.script_name = os.path.abspath(filename)
    _paste(data)
    _state.root["first_frame"]._value = data["first_frame"]
    _state.root["last_frame"]._value = data["last_frame"]
    _state.root.setModified(False)


def scriptSaveAs(filename=None, overwrite=-1):
    """Save the script to ``filename`` and make it the script's name."""
    if os.path.exists(filename) and overwrite == 0:
        raise RuntimeError("%s already exists" % filename)
    _state.script_name = filename
    _write(filename)


def scriptSave(filename=None):
    """Save the script (to its own name when ``filename`` is None)."""
    _write(filename or scriptName())
    return True


def scriptClear(*args, **kwargs):
    """Empty the script and forget its name."""
    _clear()


def scriptReadFile(s):
    """Read the nodes of the script ``s`` into this one."""
    _paste(_read(s))
    _changed("read file")


def nodePaste(s):
    """Paste the nodes saved in file ``s``; returns the last one pasted."""
    pasted = _paste(_read(s))
    _changed("paste")
    return pasted[-1] if pasted else None


def _clear():
    _state.script_name = None
    _state.nodes = []
    _state.root = Root()
    _state.undo_steps = []


def _read(path):
    if not path or not os.path.isfile(path):
        raise RuntimeError("%s: No such file or directory" % path)
    with io.open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _paste(data):
    for node in _state.nodes:
        node.setSelected(False)
    pasted = []
    for entry in data["nodes"]:
        name = entry["name"] if toNode(entry["name"]) is None else _unique_name(entry["Class"])
        node = Node(entry["Class"], name, entry["knobs"])
        node.setSelected(True)  # Nuke selects what it pastes
        _state.nodes.append(node)
        pasted.append(node)
    return pasted


def _write(path):
    data = {"nodes": [{"Class": n.Class(), "name": n.name(),
                       "knobs": dict((k, v.value()) for k, v in n.knobs().items())}
                      for n in _state.nodes],
            "first_frame": _state.root.firstFrame(), "last_frame": _state.root.lastFrame()}
    with io.open(path, "w", encoding="utf-8") as handle:
        handle.write(u"%s" % json.dumps(data, indent=1, sort_keys=True))
    _state.root.setModified(False)


class MenuItem(object):
    """A command in a menu."""

    def __init__(self, name, script=None):
        self._name = name
        self._script = script

    def name(self):
        return self._name

    def script(self):
        return self._script if isinstance(self._script, str) else ""

    def invoke(self):
        if callable(self._script):
            self._script()
        else:
            exec(self._script, {"__name__": "__main__"})


class Menu(MenuItem):
    """A menu: ``addCommand`` / ``addMenu`` / ``removeItem`` / ``findItem``, paths with '/'."""

    def __init__(self, name):
        MenuItem.__init__(self, name)
        self._items = []

    def addCommand(self, name, command=None, shortcut="", icon="", tooltip="", index=-1,
                   readonly=False):
        head, _, rest = name.partition("/")
        if rest:
            return self.addMenu(head).addCommand(rest, command, shortcut, icon)
        if not name:  # Nuke's separator: "" or "-"
            return None
        item = MenuItem(name, command)
        self._items.append(item)
        return item

    def addMenu(self, name, icon="", tooltip="", index=-1):
        existing = self.findItem(name)
        if isinstance(existing, Menu):
            return existing
        menu = Menu(name)
        self._items.append(menu)
        return menu

    def addSeparator(self, *args, **kwargs):
        self._items.append(MenuItem("-"))

    def findItem(self, name):
        head, _, rest = name.partition("/")
        for item in self._items:
            if item.name() == head:
                return item.findItem(rest) if rest and isinstance(item, Menu) else item
        return None

    def menu(self, name):
        return self.findItem(name)

    def items(self):
        return list(self._items)

    def removeItem(self, name):
        self._items = [i for i in self._items if i.name() != name]

    def clearMenu(self):
        self._items = []


def menu(name):
    """A top-level menu: "Nuke" (the menu bar), "Nodes" (the toolbar)..."""
    return _state.menus[name]


class Undo(object):
    """Nuke's undo queue: ``Undo.begin(name)`` ... ``Undo.end()`` make one step."""

    @classmethod
    def begin(cls, *args, **kwargs):
        _state.open_undo.append(args[0] if args else "")

    @classmethod
    def end(cls, *args, **kwargs):
        name = _state.open_undo.pop()
        if not _state.open_undo and _state.undo_dirty:
            _state.undo_steps.append(name)
            _state.undo_dirty = False

    @classmethod
    def cancel(cls, *args, **kwargs):
        _state.open_undo.pop()
        _state.undo_dirty = False


def executeInMainThread(call, args=(), kwargs=None):
    """Run ``call`` now (the fake has one thread)."""
    call(*args, **(kwargs or {}))


_state = _State()
