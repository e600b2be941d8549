"""A fake ``hou`` module: the API the Reelkit engine uses, over an in-memory node tree.

Names, arguments and return shapes follow Houdini's ``hou`` (checked against
``types-houdini`` by ``tests/hosts/stubs``). A hip file is JSON: ``{"nodes":
[{"path", "type", "parms", "user_data"?, "locked_hda"?}], "frame_range": [first,
last]}``.

What the real Houdini does and this fake models (SideFX, Houdini help):

- ``Parm.eval()`` evaluates at the current frame: ``$F``/``$F4`` become the frame
  number, ``$OS`` the node's name, backtick expressions are run; only
  ``unexpandedString()`` gives the text as typed (*hou.Parm*). A File SOP reads
  frames through ``$F``/``$F4``; ``%04d`` or ``####`` load nothing.
- One node may hold several file parameters (a shader's textures, a ROP's output):
  ``hou.fileReferences()`` lists them parm by parm (*hou.fileReferences*).
- Without a UI (``hython``, ``hbatch``) ``hou.isUIAvailable()`` is False and the
  shelf and Qt functions raise ``hou.NotAvailable`` (*hou.shelves*, *hou.qt*);
  ``pythonrc.py`` runs before the UI exists either way (*Houdini startup
  scripts*), which is why a UI start is deferred with ``hdefereval``.
- The session's contexts: ``/obj``, ``/img``, ``/out``, ``/stage`` (LOPs), ``/mat``.
- Loading or clearing a hip file flushes the undo queue, an open
  ``hou.undos.group`` included; leaving that group afterwards fails.
- ``hou.hipFile.addEventCallback(callback)`` calls ``callback(event_type)`` with a
  ``hou.hipFileEventType``; a load clears the session first, inside the load's
  Before/AfterLoad (*hou.hipFileEventType*).
- User data (``setUserData``/``userData``) is saved with the hip file
  (*hou.OpNode.setUserData*).
- Output drivers (``/out``) are ``hou.RopNode``s: the Alembic ROP writes
  ``filename`` from the objects matched by ``objects`` under ``root``, over
  ``f1``-``f2`` when ``trange`` is 1, on ``RopNode.render(frame_range=...)``
  (*Alembic output node*, *hou.RopNode.render*); an ``objects`` pattern that
  matches nothing is an error. The file written is a stand-in (``Ogawa`` and a
  JSON summary), not an Alembic archive.
- Houdini's UI belongs to the main thread; work from other threads goes through
  ``hdefereval`` (*hdefereval* module). The fake refuses every call from another
  thread: stricter than Houdini, whose HOM lock serialises non-UI calls, so no
  worker can slip a scene edit past the main thread.
"""

import io
import json
import os
import re
import threading

#: The parameters each node type has (name -> default), by type name.
_PARMS = {"file": {"file": ""}, "alembic": {"fileName": ""},
          "principledshader": {"basecolor_texture": "", "rough_texture": ""},
          "rop_geometry": {"sopoutput": "$HIP/geo/$OS.$F4.bgeo.sc"},
          "sublayer": {"filepath1": ""}, "reference": {"filepath1": ""}}
#: Output drivers in /out (``hou.RopNode``), by type name.
_ROP_PARMS = {"alembic": {"filename": "$HIP/output.abc", "trange": 0, "f1": 1, "f2": 240,
                          "f3": 1, "root": "/obj", "objects": "*"}}
#: The same, for nodes inside a compositing network (the COP "file" node).
_COP_PARMS = {"file": {"filename1": "", "overriderange": 0, "start": 1, "length": 1,
                       "shift": 1}}
#: Parameter labels (``Parm.description()``), as the File COP's help names them.
_LABELS = {"overriderange": "Override Frame Range", "start": "File Range Start",
           "length": "File Range Length", "shift": "Shift to Start at Frame",
           "filename1": "File"}
#: Parameters holding a file path (what hou.fileReferences lists).
_FILE_PARMS = ("file", "fileName", "filename1", "basecolor_texture", "rough_texture",
               "sopoutput", "filepath1")
_MANAGERS = ("obj", "img", "out", "stage", "mat")


class _State(object):
    def __init__(self):
        self.hip = None             # path of the saved hip file, None while untitled
        self.modified = False
        self.root = OpNode("", "root", None)
        for name in _MANAGERS:
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
        self.ui = True              # False: hython, hbatch
        self.frame = 1.0
        self.event_callbacks = []
        self.home = os.path.join(os.path.expanduser("~"), "houdini_fake")


def _reset():
    global _state
    _state = _State()


def _main(name):
    main_thread = getattr(threading, "main_thread", None)
    current = threading.current_thread()
    on_main = current is main_thread() if main_thread else isinstance(
        current, threading._MainThread)
    if not on_main:
        raise OperationFailed("hou.%s called outside Houdini's main thread: use hdefereval"
                              % name)


def _ui(name):
    if not _state.ui:
        raise NotAvailable("hou.%s is not available without the Houdini UI" % name)


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


class NotAvailable(Exception):
    """Raised when a function needs what this session lacks (the UI in hython)."""


class EnumValue(object):
    def __init__(self, name):
        self._name = name

    def name(self):
        return self._name

    def __repr__(self):
        return "hipFileEventType.%s" % self._name


class hipFileEventType(object):
    """What happened to the hip file (passed to ``hipFile`` event callbacks)."""

    BeforeClear = EnumValue("BeforeClear")
    AfterClear = EnumValue("AfterClear")
    BeforeLoad = EnumValue("BeforeLoad")
    AfterLoad = EnumValue("AfterLoad")
    BeforeMerge = EnumValue("BeforeMerge")
    AfterMerge = EnumValue("AfterMerge")
    BeforeSave = EnumValue("BeforeSave")
    AfterSave = EnumValue("AfterSave")


def _event(event_type):
    for callback in list(_state.event_callbacks):
        callback(event_type)


_LOCAL_VARIABLE = re.compile(r"\$(F(\d*)|OS)\b")


def _expand(text, node):
    """What Houdini does to a parm's text at the current frame (see the module doc)."""
    def local(match):
        if match.group(1) == "OS":
            return node.name()
        width = int(match.group(2) or 0)
        return "%0*d" % (width, int(_state.frame))
    text = re.sub(r"`([^`]*)`", lambda m: _expand(m.group(1), node), text)
    return os.path.expandvars(_LOCAL_VARIABLE.sub(local, text))


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

    def description(self):
        return _LABELS.get(self._name, self._name)

    def eval(self):
        _main("Parm.eval")
        return _expand(self._value, self._node) if isinstance(self._value, str) else self._value

    def evalAsString(self):
        return str(self.eval())

    def unexpandedString(self):
        _main("Parm.unexpandedString")
        return self._value if isinstance(self._value, str) else str(self._value)

    def set(self, value, language=None, follow_parm_reference=True):
        _main("Parm.set")
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
        self._user_data = {}
        self._locked_hda = False
        table = _PARMS
        if parent is not None and parent._type_name == "cop2net":
            table = _COP_PARMS
        elif parent is not None and parent._name == "out" and parent._type_name == "manager":
            table = _ROP_PARMS
        self._parms = dict((k, Parm(self, k, v)) for k, v in table.get(type_name, {}).items())

    def _lock_as_asset(self):
        """Test helper: this node is an installed, locked digital asset."""
        self._locked_hda = True

    def isLockedHDA(self):
        return self._locked_hda

    def isInsideLockedHDA(self):
        parent = self._parent
        while parent is not None:
            if parent._locked_hda:
                return True
            parent = parent._parent
        return False

    def parent(self):
        return self._parent

    def type(self):
        return NodeType(self._type_name)

    def userData(self, name):
        _main("OpNode.userData")
        return self._user_data.get(name)

    def setUserData(self, name, value):
        _main("OpNode.setUserData")
        self._user_data[name] = value
        _changed("Set user data")

    def destroyUserData(self, name, must_exist=True):
        if name not in self._user_data:
            if must_exist:
                raise OperationFailed("no user data %r" % name)
            return
        del self._user_data[name]
        _changed("Delete user data")

    def userDataDict(self):
        return dict(self._user_data)

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
        _main("OpNode.createNode")
        name = node_name or node_type_name + "1"
        number = 1
        while name in self._children:
            number += 1
            name = "%s%d" % (node_name or node_type_name, number)
        kind = RopNode if self._name == "out" and self._type_name == "manager" else OpNode
        child = kind(name, node_type_name, self)
        self._children[name] = child
        _changed("Create %s" % node_type_name)
        return child

    def destroy(self, disable_safety_checks=False):
        del self._parent._children[self._name]
        _changed("Delete %s" % self._name)

    def isSelected(self):
        return self._selected

    def setSelected(self, on, clear_all_selected=False, show_asset_if_selected=False):
        _main("OpNode.setSelected")
        if clear_all_selected:
            for each in _walk(_state.root):
                each._selected = False
        self._selected = bool(on)


class RopNode(OpNode):
    """An output driver in ``/out``: ``render`` writes what the node is set to write."""

    def render(self, frame_range=(), res=(), output_file=None, output_format=None,
               to_flipbook=False, quality=2, ignore_inputs=False, method=None,
               ignore_bypass_flags=False, ignore_lock_flags=False, verbose=False,
               output_progress=False):
        _main("RopNode.render")
        if self._type_name != "alembic":
            raise OperationFailed("the fake renders Alembic ROPs only, not %s"
                                  % self._type_name)
        path = output_file or self.parm("filename").eval()
        root = node(self.parm("root").eval())
        pattern = self.parm("objects").eval()
        import fnmatch
        patterns = pattern.split()  # space-separated patterns, names or paths
        found = sorted(child.path() for child in (root.children() if root else ())
                       if any(fnmatch.fnmatch(child.name(), p) or fnmatch.fnmatch(child.path(), p)
                              for p in patterns))
        if not found:
            raise OperationFailed("%s: objects %r match nothing under %s"
                                  % (self.path(), pattern, self.parm("root").eval()))
        frames = list(frame_range) or (
            [self.parm("f1").eval(), self.parm("f2").eval()] if self.parm("trange").eval()
            else [frame(), frame()])
        with io.open(path, "wb") as handle:
            handle.write(b"Ogawa\n" + json.dumps({"objects": found, "frameRange": frames[:2]})
                         .encode("utf-8"))


def _walk(start):
    for child in start.children():
        yield child
        for descendant in _walk(child):
            yield descendant


class NodeType(object):
    """A node's type."""

    def __init__(self, name):
        self._name = name

    def name(self):
        return self._name


def node(path):
    """The node at ``path``, or None."""
    _main("node")
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
    _main("selectedNodes")
    return tuple(n for n in _walk(_state.root) if n.isSelected())


def fileReferences(project_dir_variable="HIP", include_all_refs=True):
    """``((Parm, path), ...)`` for every file parameter that names a file, one per parm."""
    _main("fileReferences")
    return tuple((p, p.unexpandedString()) for n in _walk(_state.root) for p in n.parms()
                 if p.name() in _FILE_PARMS and p.unexpandedString())


def isUIAvailable():
    """True in the Houdini UI, False in hython/hbatch (``_state.ui``)."""
    return _state.ui


def frame(full_precision=False):
    """The current frame."""
    return _state.frame


def setFrame(frame):
    """Go to ``frame``."""
    _state.frame = float(frame)


def homeHoudiniDirectory():
    """The user's Houdini preferences folder ($HOUDINI_USER_PREF_DIR)."""
    return _state.home


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
        _main("hipFile.save")
        path = file_name or _state.hip
        if path is None:
            raise OperationFailed("no file name to save to")
        _event(hipFileEventType.BeforeSave)
        data = {"nodes": [{"path": n.path(), "type": n._type_name,
                           "parms": dict((p.name(), p._value) for p in n.parms()),
                           "user_data": n._user_data, "locked_hda": n._locked_hda}
                          for n in _walk(_state.root) if n._type_name != "manager"],
                "managers": dict((n.name(), n._user_data) for n in _state.root.children()),
                "frame_range": list(_state.frame_range)}
        with io.open(path, "w", encoding="utf-8") as handle:
            handle.write(u"%s" % json.dumps(data, indent=1, sort_keys=True))
        _state.hip = path
        _state.modified = False
        _event(hipFileEventType.AfterSave)

    @staticmethod
    def clear(suppress_save_prompt=False):
        _main("hipFile.clear")
        _event(hipFileEventType.BeforeClear)
        kept = _state  # the UI and the session's settings outlive the scene
        _reset()
        for attribute in ("main_window", "shelves", "tools", "shelf_sets", "ui",
                          "event_callbacks", "home"):
            setattr(_state, attribute, getattr(kept, attribute))
        _event(hipFileEventType.AfterClear)
        return True

    @staticmethod
    def load(file_name, suppress_save_prompt=False, ignore_load_warnings=False):
        _main("hipFile.load")
        data = _read(file_name)
        _event(hipFileEventType.BeforeLoad)
        hipFile.clear()
        _add_nodes(data["nodes"])
        for name, user_data in (data.get("managers") or {}).items():
            _state.root._children[name]._user_data = dict(user_data)
        _state.frame_range = tuple(data["frame_range"])
        _state.hip = os.path.abspath(file_name)
        _state.modified = False
        _state.undo_steps = []
        _event(hipFileEventType.AfterLoad)
        _warn(data, ignore_load_warnings)

    @staticmethod
    def merge(file_name, node_pattern="*", overwrite_on_conflict=False,
              ignore_load_warnings=False):
        _main("hipFile.merge")
        data = _read(file_name)
        _event(hipFileEventType.BeforeMerge)
        _add_nodes(data["nodes"])
        _changed("Merge")
        _event(hipFileEventType.AfterMerge)
        _warn(data, ignore_load_warnings)

    @staticmethod
    def addEventCallback(callback):
        _state.event_callbacks.append(callback)

    @staticmethod
    def removeEventCallback(callback):
        _state.event_callbacks.remove(callback)

    @staticmethod
    def eventCallbacks():
        return tuple(_state.event_callbacks)


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
        child._user_data = dict(entry.get("user_data") or {})
        child._locked_hda = bool(entry.get("locked_hda"))


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
        _ui("qt.mainWindow")
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
        if not _state.open_groups:
            raise OperationFailed("undo group %r ended after the undo queue was cleared"
                                  % self._label)
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
    """A shelf tab holding tools, defined in a ``.shelf`` file."""

    def __init__(self, name, label, file_path=None):
        self._name = name
        self._label = label
        self._tools = ()
        self._file_path = file_path

    def filePath(self):
        return self._file_path

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
        _ui("shelves.shelves")
        return dict(_state.shelves)

    @staticmethod
    def shelfSets():
        _ui("shelves.shelfSets")
        return dict(_state.shelf_sets)

    @staticmethod
    def tool(tool_name):
        _ui("shelves.tool")
        return _state.tools.get(tool_name)

    @staticmethod
    def newShelf(file_path=None, name=None, label=None):
        _ui("shelves.newShelf")
        shelf = Shelf(name, label or name, file_path)
        _state.shelves[name] = shelf
        return shelf

    @staticmethod
    def newTool(file_path=None, name=None, label=None, script=None, language=None,
                icon=None, help=None):
        _ui("shelves.newTool")
        tool = Tool(name, label or name, script or "")
        _state.tools[name] = tool
        return tool


_state = _State()
