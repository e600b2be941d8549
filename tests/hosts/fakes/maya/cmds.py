"""Fake ``maya.cmds``: the commands the Reelkit engine uses, over an in-memory scene.

Every command takes Maya's long flag names only (short aliases would double the
surface the stub check must cover); an unknown flag raises ``TypeError`` the way
Maya does. Scenes are JSON files: ``{"nodes": {name: type}, "references":
[{"node", "path", "namespace"}], "minTime", "maxTime"}``; a referenced file's
nodes show up in the scene under the reference's namespace.
"""

import io
import json
import os
import re


class _State(object):
    """The whole fake session; ``_reset()`` starts a fresh one."""

    def __init__(self):
        self.scene_name = ""
        self.modified = False
        self.nodes = {}             # name -> type
        self.references = []        # [{"node", "path", "namespace"}] in creation order
        self.min_time = 1
        self.max_time = 120
        self.selection = []
        self.menus = {}             # full menu path -> {"label", "parent", "items": [names]}
        self.menu_items = {}        # full item path -> {"label", "command", "parent"}
        self.undo_steps = []        # labels of the undo steps, oldest first
        self.open_chunks = []       # names of the chunks opened and not yet closed
        self.chunk_dirty = False


_state = _State()


def _reset():
    global _state
    _state = _State()


#: Commands that take flags only, no object argument.
_FLAGS_ONLY = ("playbackOptions", "undoInfo")


def _command(*flags):
    """Declare the flags a fake command accepts (``_flags`` is read by the stub check)."""
    def decorate(function):
        positional = function.__name__ not in _FLAGS_ONLY

        def wrapper(*args, **kwargs):
            unknown = sorted(set(kwargs) - set(flags))
            if unknown:
                raise TypeError("Invalid flag '%s'" % unknown[0])
            if args and not positional:
                raise TypeError("%s takes no object argument" % function.__name__)
            return function(*args, **kwargs)
        wrapper.__name__ = function.__name__
        wrapper.__doc__ = function.__doc__
        wrapper._flags = flags
        wrapper._positional = positional
        return wrapper
    return decorate


def _changed(label):
    """Record one undoable change: its own undo step, or part of the open chunk."""
    _state.modified = True
    if _state.open_chunks:
        _state.chunk_dirty = True
    else:
        _state.undo_steps.append(label)


def _unique(name):
    base, number = re.match(r"(.*?)(\d*)$", name).groups()
    number = int(number or 0)
    while name in _state.nodes or name in _state.menus:
        number += 1
        name = "%s%d" % (base, number)
    return name


def _read_scene(path):
    if not os.path.isfile(path):
        raise RuntimeError("File not found: %s" % path)
    with io.open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _load_reference_nodes(reference):
    for name, node_type in _read_scene(reference["path"])["nodes"].items():
        _state.nodes["%s:%s" % (reference["namespace"], name)] = node_type


def _drop_reference_nodes(reference):
    prefix = reference["namespace"] + ":"
    for name in [n for n in _state.nodes if n.startswith(prefix)]:
        del _state.nodes[name]


def _reference_by(node_or_path):
    for reference in _state.references:
        if node_or_path in (reference["node"], _numbered_path(reference)):
            return reference
    raise RuntimeError("'%s' is not a reference node or a referenced file" % node_or_path)


def _numbered_path(reference):
    """The path with Maya's ``{N}`` copy number when the file is referenced again."""
    same = [r for r in _state.references if r["path"] == reference["path"]]
    index = same.index(reference)
    return reference["path"] if index == 0 else "%s{%d}" % (reference["path"], index)


def _namespace_for(path, namespace):
    namespace = namespace or os.path.splitext(os.path.basename(path))[0]
    taken = set(r["namespace"] for r in _state.references)
    taken.update(n.split(":")[0] for n in _state.nodes if ":" in n)
    candidate, number = namespace, 0
    while candidate in taken:
        number += 1
        candidate = "%s%d" % (namespace, number)
    return candidate


@_command("query", "sceneName", "modified", "reference", "open", "force", "rename",
          "save", "type", "newFile", "loadReference", "namespace", "i", "returnNewNodes",
          "prompt", "ignoreVersion", "options")
def file(*args, **flags):
    """The ``file`` command: query, open, rename/save, new, reference, import."""
    path = args[0] if args else None
    if flags.get("query"):
        if flags.get("sceneName"):
            return _state.scene_name
        if flags.get("modified"):
            return _state.modified
        if flags.get("reference"):
            return [_numbered_path(r) for r in _state.references]
        raise RuntimeError("file: nothing to query")
    if flags.get("newFile"):
        if _state.modified and not flags.get("force"):
            raise RuntimeError("Unsaved changes.")
        _begin_scene("")
        return ""
    if flags.get("open"):
        if _state.modified and not flags.get("force"):
            raise RuntimeError("Unsaved changes.")
        data = _read_scene(path)
        _begin_scene(os.path.abspath(path))
        _state.nodes.update(data["nodes"])
        for reference in data["references"]:
            _state.references.append(dict(reference))
            _load_reference_nodes(reference)
        _state.min_time, _state.max_time = data["minTime"], data["maxTime"]
        return _state.scene_name
    if "rename" in flags:
        _state.scene_name = flags["rename"]
        return _state.scene_name
    if flags.get("save"):
        return _save(flags.get("type"))
    if "loadReference" in flags:
        reference = _reference_by(flags["loadReference"])
        _drop_reference_nodes(reference)
        reference["path"] = path
        _load_reference_nodes(reference)
        _changed("file -loadReference")
        return path
    if flags.get("reference"):
        reference = {"path": path, "namespace": _namespace_for(path, flags.get("namespace"))}
        reference["node"] = _unique(reference["namespace"] + "RN")
        _load_reference_nodes(reference)
        _state.nodes[reference["node"]] = "reference"
        _state.references.append(reference)
        _changed("file -reference")
        if flags.get("returnNewNodes"):
            return [n for n in _state.nodes if n.startswith(reference["namespace"] + ":")]
        return _numbered_path(reference)
    if flags.get("i"):
        added = []
        namespace = flags.get("namespace")
        for name, node_type in sorted(_read_scene(path)["nodes"].items()):
            name = _unique("%s:%s" % (namespace, name) if namespace else name)
            _state.nodes[name] = node_type
            added.append(name)
        _changed("file -import")
        return added if flags.get("returnNewNodes") else path
    raise RuntimeError("file: no action flag given")


def _begin_scene(name):
    _state.scene_name = name
    _state.modified = False
    _state.nodes = {}
    _state.references = []
    _state.selection = []
    _state.min_time, _state.max_time = 1, 120
    _state.undo_steps = []


def _save(file_type):
    if not _state.scene_name:
        raise RuntimeError("The scene has no name: use file -rename first.")
    expected = {".ma": "mayaAscii", ".mb": "mayaBinary"}.get(
        os.path.splitext(_state.scene_name)[1].lower())
    if file_type and file_type != expected:
        raise RuntimeError("Type %r does not match %s" % (file_type, _state.scene_name))
    own = dict((n, t) for n, t in _state.nodes.items()
               if not any(n.startswith(r["namespace"] + ":") for r in _state.references))
    data = {"nodes": own, "references": _state.references,
            "minTime": _state.min_time, "maxTime": _state.max_time}
    with io.open(_state.scene_name, "w", encoding="utf-8") as handle:
        handle.write(u"%s" % json.dumps(data, indent=1, sort_keys=True))
    _state.modified = False
    return _state.scene_name


@_command("referenceNode", "filename", "withoutCopyNumber", "namespace", "nodes")
def referenceQuery(*args, **flags):
    """What a reference node or referenced file holds."""
    reference = _reference_by(args[0])
    if flags.get("referenceNode"):
        return reference["node"]
    if flags.get("filename"):
        return reference["path"] if flags.get("withoutCopyNumber") else _numbered_path(reference)
    if flags.get("namespace"):
        return ":" + reference["namespace"]
    if flags.get("nodes"):
        return sorted(n for n in _state.nodes if n.startswith(reference["namespace"] + ":"))
    raise RuntimeError("referenceQuery: nothing to query")


@_command("name")
def createNode(*args, **flags):
    """Create a node of a type; returns its (unique) name."""
    name = _unique(flags.get("name") or args[0] + "1")
    _state.nodes[name] = args[0]
    _changed("createNode")
    return name


@_command("selection", "long", "type")
def ls(*args, **flags):
    """List nodes: the selection, by type, or the ones named."""
    names = list(_state.selection) if flags.get("selection") else sorted(_state.nodes)
    if args:
        names = [n for n in names if n in args]
    if flags.get("type"):
        names = [n for n in names if _state.nodes.get(n) == flags["type"]]
    return names


@_command("replace", "add", "clear", "deselect")
def select(*args, **flags):
    """Change the selection."""
    for name in args:
        if name not in _state.nodes:
            raise ValueError("No object matches name: %s" % name)
    if flags.get("clear") or not (flags.get("add") or flags.get("deselect")):
        _state.selection = []
    if flags.get("deselect"):
        _state.selection = [n for n in _state.selection if n not in args]
    else:
        _state.selection.extend(n for n in args if n not in _state.selection)


@_command("query", "edit", "minTime", "maxTime", "animationStartTime", "animationEndTime")
def playbackOptions(*args, **flags):
    """Query or set the playback range."""
    if flags.get("query"):
        if flags.get("minTime"):
            return float(_state.min_time)
        if flags.get("maxTime"):
            return float(_state.max_time)
        raise RuntimeError("playbackOptions: nothing to query")
    if "minTime" in flags:
        _state.min_time = flags["minTime"]
    if "maxTime" in flags:
        _state.max_time = flags["maxTime"]
    _changed("playbackOptions")


@_command("openChunk", "closeChunk", "chunkName", "query", "state")
def undoInfo(*args, **flags):
    """Open and close undo chunks (everything done in between undoes at once)."""
    if flags.get("openChunk"):
        _state.open_chunks.append(flags.get("chunkName", ""))
    elif flags.get("closeChunk"):
        if not _state.open_chunks:
            raise RuntimeError("undoInfo: no chunk is open")
        name = _state.open_chunks.pop()
        if not _state.open_chunks and _state.chunk_dirty:
            _state.undo_steps.append(name)
            _state.chunk_dirty = False
    elif flags.get("query") and flags.get("state"):
        return True


@_command("label", "parent", "tearOff", "exists", "query", "edit", "itemArray",
          "deleteAllItems")
def menu(*args, **flags):
    """Create, query or empty a menu of a window's menu bar."""
    name = args[0] if args else None
    if flags.get("exists"):
        return _full_menu(name) is not None
    if flags.get("query") or flags.get("edit"):
        full = _full_menu(name)
        if full is None:
            raise RuntimeError("Object '%s' not found." % name)
        if flags.get("query"):
            if flags.get("itemArray"):
                return [i.rsplit("|", 1)[1] for i in _state.menus[full]["items"]] or None
            if flags.get("label"):
                return _state.menus[full]["label"]
            raise RuntimeError("menu: nothing to query")
        if flags.get("deleteAllItems"):
            for item in _state.menus[full]["items"]:
                del _state.menu_items[item]
            _state.menus[full]["items"] = []
        if "label" in flags:
            _state.menus[full]["label"] = flags["label"]
        return full
    parent = flags.get("parent")
    if parent != "MayaWindow":
        raise RuntimeError("menu: only MayaWindow has a menu bar in this fake")
    short = name or "menu1"
    if _full_menu(short) is not None:
        short = _unique(short)
    full = "%s|%s" % (parent, short)
    _state.menus[full] = {"label": flags.get("label", short), "parent": parent, "items": []}
    return full


def _full_menu(name):
    for full in _state.menus:
        if name in (full, full.rsplit("|", 1)[1]):
            return full
    return None


@_command("label", "command", "parent", "divider", "query", "exists")
def menuItem(*args, **flags):
    """Add an item to a menu, or query one."""
    if flags.get("exists"):
        return any(args[0] in (i, i.rsplit("|", 1)[1]) for i in _state.menu_items)
    if flags.get("query"):
        item = [i for i in _state.menu_items if args[0] in (i, i.rsplit("|", 1)[1])][0]
        if flags.get("label"):
            return _state.menu_items[item]["label"]
        if flags.get("command"):
            return _state.menu_items[item]["command"]
        raise RuntimeError("menuItem: nothing to query")
    parent = _full_menu(flags.get("parent"))
    if parent is None:
        raise RuntimeError("menuItem: no parent menu %r" % flags.get("parent"))
    number = len(_state.menu_items) + 1
    full = "%s|%s" % (parent, args[0] if args else "menuItem%d" % number)
    _state.menu_items[full] = {"label": flags.get("label", ""), "parent": parent,
                               "command": flags.get("command"),
                               "divider": bool(flags.get("divider"))}
    _state.menus[parent]["items"].append(full)
    return full


@_command("menu", "window", "control")
def deleteUI(*args, **flags):
    """Delete menus (and their items)."""
    for name in args:
        full = _full_menu(name)
        if full is None:
            raise RuntimeError("Object '%s' not found." % name)
        for item in _state.menus.pop(full)["items"]:
            del _state.menu_items[item]
