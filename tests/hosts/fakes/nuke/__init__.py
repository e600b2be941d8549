"""A fake ``nuke`` module: the API the Reelkit engine uses, over an in-memory node graph.

Names, arguments and return shapes follow Nuke's Python API (checked against
``types-nuke`` by ``tests/hosts/stubs``). Scripts are JSON files: ``{"nodes":
[{"Class", "name", "knobs", "nodes"?}], "first_frame", "last_frame",
"root_knobs"?}``; a Group's (or gizmo's) own nodes nest under ``"nodes"``.

What the real Nuke does and this fake models (Foundry's Nuke Python API reference
and Python Developer's Guide):

- Nuke's Python API belongs to the main thread; other threads use
  ``nuke.executeInMainThread``/``executeInMainThreadWithResult`` (Developer's
  Guide, *Threading*): the fake raises when called from another thread.
- ``nuke.nodes.Read(file=...)`` sets knobs only: the file header is not read, the
  format stays the root's and the frame range stays 1-1. The UI's way,
  ``File_Knob.fromUserText("path first-last")``, "parses frame range off the end
  and opens file to get [and] set the format" (API reference, *File_Knob*), and
  sets first/last and origfirst/origlast.
- Nodes live in groups: ``allNodes(recurseGroups=True)`` descends into Groups
  and gizmos, ``fullName()`` is ``Group1.Read1``, ``toNode`` takes full names, and
  ``with group:`` creates nodes inside ``group`` (API reference, *Group*).
- File knobs read their text as Tcl: a back-slash escapes the next character
  (``C:\\shots`` stores ``C:shots``), so paths go in with forward slashes.
- ``scriptOpen``/``scriptClear`` flush the undo queue, an ``Undo.begin()`` group
  left open included; ``Undo.end()`` with none open raises.
- Callbacks: ``addOnScriptLoad`` after a script loads, ``addOnScriptSave`` when
  it is saved (API reference, *callbacks*); both take ``nodeClass="Root"``.
- ``nuke -t`` runs ``init.py`` but never ``menu.py``; ``nuke.GUI`` is False there.
"""

import io
import json
import os
import re
import threading
import traceback

GUI = True

#: Knob flag: hidden from the properties panel.
INVISIBLE = 0x400


class _State(object):
    def __init__(self):
        self.script_name = None
        self.nodes = []             # Node objects, creation order
        self.root = Root()
        self.menus = {"Nuke": Menu("Nuke"), "Nodes": Menu("Nodes")}
        self.undo_steps = []        # labels of the undo steps, oldest first
        self.open_undo = []         # names given to Undo.begin() not yet ended
        self.undo_dirty = False
        self.group = None           # the group new nodes go in (None: the root)
        self.callbacks = {"load": [], "save": []}
        self.main_thread_calls = []  # (job) queued by executeInMainThreadWithResult
        self.root_format = "HD_1080 1920 1080"


def _reset():
    global _state, GUI
    _state = _State()
    GUI = True


def _main(name):
    """Nuke's API is the main thread's: refuse a worker, as the real one misbehaves."""
    main_thread = getattr(threading, "main_thread", None)
    current = threading.current_thread()
    on_main = current is main_thread() if main_thread else isinstance(
        current, threading._MainThread)
    if not on_main:
        raise RuntimeError("nuke.%s called outside the main thread: use "
                           "nuke.executeInMainThreadWithResult" % name)


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
        _main("Knob.value")
        return self._value

    def getValue(self, channel=0):
        _main("Knob.getValue")
        return self._value

    def setValue(self, val, chan=0):
        _main("Knob.setValue")
        self._value = val
        _changed("set %s" % self._name)
        return True

    def setFlag(self, flag):
        self._flags = getattr(self, "_flags", 0) | flag


class String_Knob(Knob):
    """A text knob (user knobs made with ``String_Knob(name, label)``)."""

    def __init__(self, *args, **kwargs):
        Knob.__init__(self, args[0] if args else kwargs.get("name", ""), "")

    def value(self, oc=None):
        return Knob.value(self)

    def setValue(self, val, view=None):
        return Knob.setValue(self, val)


class File_Knob(String_Knob):
    """A file path knob: its text is Tcl, so a back-slash escapes the next character."""

    def setValue(self, val, view=None):
        return Knob.setValue(self, re.sub(r"\\(.)", r"\1", val or ""))

    def fromUserText(self, *args, **kwargs):
        """What the UI does with a typed or browsed path: ``path [first-last]``; the
        frame range and the format come from the files (the header) when found."""
        _main("File_Knob.fromUserText")
        text = args[0]
        match = re.match(r"^(.*?)(?:\s+(-?\d+)-(-?\d+))?$", text.strip())
        path = match.group(1)
        self.setValue(path)
        frames = _frames_on_disk(path)
        if match.group(2) is not None:
            first, last = int(match.group(2)), int(match.group(3))
        elif frames:
            first, last = frames[0], frames[-1]
        else:
            first = last = 1
        node = self._node
        for name, value in (("first", first), ("last", last), ("origfirst", first),
                            ("origlast", last)):
            node[name]._value = value
        header = _header(path, frames)
        if header is not None:
            node["format"]._value = header


def _frames_on_disk(path):
    """Frame numbers of the files of a ``%04d``/``####`` sequence that exist."""
    folder, name = os.path.split(path)
    parts = re.split(r"%0?\d*d|#+", name, maxsplit=1)
    if len(parts) != 2 or not os.path.isdir(folder or "."):
        return []
    pattern = re.compile(re.escape(parts[0]) + r"(-?\d+)" + re.escape(parts[1]) + "$")
    return sorted(int(m.group(1)) for m in map(pattern.match, os.listdir(folder or ".")) if m)


def _header(path, frames):
    """The format stored in the first file's "header" (the fake image is JSON)."""
    first = path
    if frames:
        first = re.sub(r"%0?(\d*)d", lambda m: "%0*d" % (int(m.group(1) or 1), frames[0]), path)
        first = re.sub(r"#+", lambda m: "%0*d" % (len(m.group(0)), frames[0]), first)
    if not os.path.isfile(first):
        return None
    try:
        with io.open(first, encoding="utf-8") as handle:
            return json.load(handle).get("format")
    except ValueError:
        return None


#: Knobs (and defaults) each node class is made with; file knobs are File_Knobs.
_DEFAULTS = {"Read": {"file": "", "first": 1, "last": 1, "origfirst": 1, "origlast": 1,
                      "format": None},
             "ReadGeo2": {"file": ""}, "Camera2": {"file": ""}, "DeepRead": {"file": ""}}


class Node(object):
    """A node of the script: a class, a name and knobs."""

    def __init__(self, node_class, name, knobs=None, group=None):
        self._class = node_class
        self._name = name
        self._selected = False
        self._group = group  # the Group it lives in (None: the root)
        self._knobs = {}
        for key, value in dict(_DEFAULTS.get(node_class, {}), **(knobs or {})).items():
            knob = (File_Knob if key == "file" else Knob)(key, value)
            knob._value = value
            knob._node = self
            self._knobs[key] = knob
        if node_class == "Read" and self._knobs["format"]._value is None:
            self._knobs["format"]._value = _state.root_format  # no header read

    def Class(self):
        return self._class

    def name(self):
        return self._name

    def fullName(self):
        if self._group is None:
            return self._name
        return "%s.%s" % (self._group.fullName(), self._name)

    def addKnob(self, knob):
        knob._node = self
        self._knobs[knob.name()] = knob
        _changed("add knob")

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


class Group(Node):
    """A node holding nodes; ``with group:`` makes new nodes inside it."""

    def __init__(self, node_class, name, knobs=None, group=None):
        Node.__init__(self, node_class, name, knobs, group)
        self._nodes = []

    def nodes(self):
        return list(self._nodes)

    def node(self, s):
        for child in self._nodes:
            if child.name() == s:
                return child
        return None

    def begin(self):
        self._outer = _state.group
        _state.group = self
        return self

    def end(self):
        _state.group = getattr(self, "_outer", None)

    def __enter__(self):
        return self.begin()

    def __exit__(self, type, value, traceback):
        self.end()


class Gizmo(Group):
    """A gizmo: a group whose nodes come from a .gizmo file."""


class Root(Group):
    """The script's root: frame range and the modified flag."""

    def __init__(self):
        Group.__init__(self, "Root", "root", {"first_frame": 1, "last_frame": 100, "name": ""})
        self._modified = False

    def fullName(self):
        return "root"

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


_GROUP_CLASSES = {"Group": Group, "Gizmo": Gizmo}


def _create(node_class, knobs):
    _main("nodes.%s" % node_class)
    knobs = dict(knobs)
    name = knobs.pop("name", None) or _unique_name(node_class)
    node = _GROUP_CLASSES.get(node_class, Node)(node_class, name, knobs, _state.group)
    _siblings().append(node)
    _changed("create %s" % node_class)
    return node


def _siblings(group=None):
    group = group if group is not None else _state.group
    return _state.nodes if group is None or group is _state.root else group._nodes


def _unique_name(node_class):
    taken = set(n.name() for n in _siblings())
    number = 1
    while "%s%d" % (node_class, number) in taken:
        number += 1
    return "%s%d" % (node_class, number)


def createNode(typ, knobs="", inpanel=True):
    """Create a node the way the UI does (``inpanel``: open its panel); ``knobs`` is
    a string of ``name value`` pairs."""
    pairs = re.findall(r"(\S+)\s+(\{[^}]*\}|\S+)", knobs or "")
    return _create(typ, dict((k, v.strip("{}")) for k, v in pairs))


def allNodes(filter=None, group=None, recurseGroups=False):
    """The nodes of the current group (or ``group``), optionally with those inside
    its groups and gizmos; ``filter`` keeps one class."""
    _main("allNodes")
    found = []

    def walk(nodes):
        for node in nodes:
            if filter is None or node.Class() == filter:
                found.append(node)
            if recurseGroups and isinstance(node, Group):
                walk(node.nodes())
    walk(_siblings(group))
    return found


def toNode(s):
    """The node with the full name ``s`` (``Group1.Read1``; or the root), or None."""
    _main("toNode")
    if s == "root":
        return _state.root
    nodes, found = _state.nodes, None
    for part in s.split("."):
        found = next((n for n in nodes if n.name() == part), None)
        if found is None:
            return None
        nodes = found.nodes() if isinstance(found, Group) else []
    return found


def selectedNodes(filter=None):
    """The selected nodes."""
    _main("selectedNodes")
    return [n for n in _siblings() if n.isSelected() and (filter is None or n.Class() == filter)]


def delete(n):
    """Remove a node."""
    _siblings(n._group).remove(n)
    _changed("delete")


def root():
    """The root node."""
    _main("root")
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
    _main("scriptOpen")
    data = _read(filename)
    _clear()
    _state.script_name = os.path.abspath(filename)
    _paste(data)
    _state.root["first_frame"]._value = data["first_frame"]
    _state.root["last_frame"]._value = data["last_frame"]
    for name, value in (data.get("root_knobs") or {}).items():
        knob = String_Knob(name)
        knob._value = value
        _state.root._knobs[name] = knob
    _state.root.setModified(False)
    _run_callbacks("load")


def scriptSaveAs(filename=None, overwrite=-1):
    """Save the script to ``filename`` and make it the script's name."""
    _main("scriptSaveAs")
    if os.path.exists(filename) and overwrite == 0:
        raise RuntimeError("%s already exists" % filename)
    _state.script_name = filename
    _run_callbacks("save")
    _write(filename)


def scriptSave(filename=None):
    """Save the script (to its own name when ``filename`` is None)."""
    _main("scriptSave")
    _run_callbacks("save")
    _write(filename or scriptName())
    return True


def scriptClear(*args, **kwargs):
    """Empty the script and forget its name."""
    _main("scriptClear")
    _clear()


def _run_callbacks(kind):
    for call, args, kwargs in list(_state.callbacks[kind]):
        call(*args, **kwargs)


def addOnScriptLoad(call, args=(), kwargs={}, nodeClass="Root"):
    """Call ``call(*args, **kwargs)`` after a script loads."""
    _state.callbacks["load"].append((call, tuple(args), dict(kwargs)))


def removeOnScriptLoad(call, args=(), kwargs={}, nodeClass="Root"):
    """Remove a callback added by ``addOnScriptLoad`` (the same call, args and kwargs)."""
    _state.callbacks["load"].remove((call, tuple(args), dict(kwargs)))


def addOnScriptSave(call, args=(), kwargs={}, nodeClass="Root"):
    """Call ``call(*args, **kwargs)`` when the script is saved."""
    _state.callbacks["save"].append((call, tuple(args), dict(kwargs)))


def removeOnScriptSave(call, args=(), kwargs={}, nodeClass="Root"):
    """Remove a callback added by ``addOnScriptSave``."""
    _state.callbacks["save"].remove((call, tuple(args), dict(kwargs)))


def scriptReadFile(s):
    """Read the nodes of the script ``s`` into this one."""
    _paste(_read(s))
    _changed("read file")


def nodePaste(s):
    """Paste the nodes saved in file ``s``; returns the last one pasted. The name is
    read as Tcl, like a file knob: back-slashes escape."""
    _main("nodePaste")
    pasted = _paste(_read(re.sub(r"\\(.)", r"\1", s)))
    _changed("paste")
    return pasted[-1] if pasted else None


def _clear():
    _state.script_name = None
    _state.nodes = []
    _state.group = None
    _state.root = Root()
    _state.undo_steps = []  # the undo queue is flushed, open groups included
    _state.open_undo = []
    _state.undo_dirty = False


def _read(path):
    if not path or not os.path.isfile(path):
        raise RuntimeError("%s: No such file or directory" % path)
    with io.open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _paste(data, group=None):
    siblings = _siblings(group)
    for node in siblings:
        node.setSelected(False)
    pasted = []
    for entry in data["nodes"]:
        taken = set(n.name() for n in siblings)
        name = entry["name"] if entry["name"] not in taken else _unique_name(entry["Class"])
        node = _GROUP_CLASSES.get(entry["Class"], Node)(entry["Class"], name, entry["knobs"],
                                                         group)
        node.setSelected(True)  # Nuke selects what it pastes
        siblings.append(node)
        pasted.append(node)
        if isinstance(node, Group):
            _paste({"nodes": entry.get("nodes") or []}, node)
    return pasted


def _saved(nodes):
    saved = []
    for n in nodes:
        entry = {"Class": n.Class(), "name": n.name(),
                 "knobs": dict((k, v._value) for k, v in n.knobs().items())}
        if isinstance(n, Group):
            entry["nodes"] = _saved(n.nodes())
        saved.append(entry)
    return saved


def _write(path):
    builtin = ("first_frame", "last_frame", "name")
    data = {"nodes": _saved(_state.nodes),
            "root_knobs": dict((k, v._value) for k, v in _state.root.knobs().items()
                               if k not in builtin),
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
        if not _state.open_undo:
            raise RuntimeError("Undo.end(): no undo group is open (was the queue flushed?)")
        name = _state.open_undo.pop()
        if not _state.open_undo and _state.undo_dirty:
            _state.undo_steps.append(name)
            _state.undo_dirty = False

    @classmethod
    def cancel(cls, *args, **kwargs):
        _state.open_undo.pop()
        _state.undo_dirty = False


def executeInMainThread(call, args=(), kwargs=None):
    """Run ``call`` on the main thread, later when called from another thread."""
    _queue(call, args, kwargs)


def executeInMainThreadWithResult(call, args=(), kwargs=None):
    """Run ``call`` on the main thread and wait for its result.

    As Nuke's own (``nuke/executeInMain.py``): a non-tuple ``args`` is one
    argument, and an exception raised by ``call`` is printed and swallowed: the
    caller gets None.
    """
    if not isinstance(args, tuple):
        args = (args,)
    job = _queue(call, args, kwargs)
    try:
        _main("executeInMainThreadWithResult")
    except RuntimeError:
        job["done"].wait()
    else:
        _process_main_thread_events()
    return job.get("result")


def _queue(call, args, kwargs):
    job = {"done": threading.Event()}

    def run():
        try:
            job["result"] = call(*(args or ()), **(kwargs or {}))
        except Exception:
            traceback.print_exc()
        job["done"].set()
    _state.main_thread_calls.append(run)
    return job


def _process_main_thread_events():
    """What Nuke's event loop does: run the calls other threads queued."""
    while _state.main_thread_calls:
        _state.main_thread_calls.pop(0)()


_state = _State()
