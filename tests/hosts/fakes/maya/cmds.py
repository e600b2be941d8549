"""Fake ``maya.cmds``: the commands the Reelkit engine uses, over an in-memory scene.

Every command takes Maya's long flag names only (short aliases would double the
surface the stub check must cover); an unknown flag raises ``TypeError`` the way
Maya does. Scenes are JSON files: ``{"nodes": {name: type}, "references":
[{"node", "path", "namespace"}], "attrs": {node: {attr: value}}, "minTime",
"maxTime", "errors": [...], "requires": [plugin]}``; a referenced file's nodes
(and its own references, nested) show up under the reference's namespace.

What the real Maya does and this fake models (Autodesk's documentation):

- Commands raise when called off the main thread: "Maya commands throw an
  exception if they are called outside the main thread" (Maya Help, *Python and
  threading*).
- ``file -query -reference`` lists the scene's top-level references only; nested
  reference nodes are found with ``ls -type reference`` and ``referenceQuery
  -parent -referenceNode`` names the one a reference is nested in (Maya Help,
  *file* and *referenceQuery* commands).
- ``file -open`` of a scene with errors (unknown nodes, missing plugins) opens
  what it can and *then* raises ``RuntimeError`` ("Error reading file"); without
  ``prompt=False`` a UI session would ask first (Maya Help, *file* command:
  ``-prompt``).
- Alembic and FBX files are read by the ``AbcImport`` and ``fbxmaya`` plugins; a
  fresh preferences folder loads neither, and ``file -i``/``-reference`` of such
  a file fails ("Unrecognized file type") until ``loadPlugin`` (Maya Help,
  *Alembic Cache* and *FBX plug-in* pages).
- Opening or starting a scene flushes the undo queue (Maya Help, *flushUndo*:
  "file -new and file -open flush the undo queue"): a chunk open around it is
  gone, and closing it afterwards is an error.
- Scene messages (``MSceneMessage.kAfterOpen``...) are sent to the callbacks
  ``maya.api.OpenMaya`` registered (see ``fakes/maya/api/OpenMaya.py``).
- A plug-in's commands exist in ``maya.cmds`` only once it is loaded: ``AbcExport``
  after ``loadPlugin("AbcExport")`` (Maya Help, *Alembic Cache*: "AbcExport -j
  '-frameRange 1 24 -root |pCube1 -file /tmp/test.abc'"; one ``-root`` per
  exported node, a missing root is an error). The file written here is a stand-in
  (``Ogawa`` and a JSON summary), not an Alembic archive.
"""

import io
import json
import os
import re
import threading


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
        self.attrs = {}             # node -> {attr: value}: dynamic string attributes
        self.batch = False          # maya -batch / mayapy: no UI, no idle events
        self.plugins = set()        # loaded plugins
        self.plugin_paths = set(["AbcImport", "AbcExport", "fbxmaya"])  # installed ones
        self.callbacks = {}         # id -> (message, function, client data)
        self.prompts = []           # dialogs Maya would have shown (and waited on)


_state = _State()


#: Commands plug-ins add to ``maya.cmds`` when they load, by plug-in (not in
#: maya-stubs, which lists Maya's own commands; the stub check leaves these out).
_plugin_commands = {"AbcExport": ("AbcExport",)}


def _reset():
    global _state
    _state = _State()
    for names in _plugin_commands.values():
        for name in names:
            globals().pop(name, None)  # a fresh session has its plug-ins unloaded


def _abc_export(jobArg=None, j=None):
    """``AbcExport -j "<job>"``: the plug-in's command (added by ``loadPlugin``)."""
    import shlex
    _main_thread_only("AbcExport")
    jobs = jobArg if jobArg is not None else j
    for job in ([jobs] if isinstance(jobs, str) or not isinstance(jobs, list) else jobs):
        words = shlex.split(job or "")
        roots, frames, path = [], None, None
        index = 0
        while index < len(words):
            word = words[index]
            if word == "-root":
                roots.append(words[index + 1])
                index += 2
            elif word == "-frameRange":
                frames = [float(words[index + 1]), float(words[index + 2])]
                index += 3
            elif word == "-file":
                path = words[index + 1]
                index += 2
            else:
                index += 1
        if not path:
            raise RuntimeError("AbcExport: no -file given in the job")
        for root in roots:
            if root.lstrip("|").split("|")[-1] not in _state.nodes:
                raise RuntimeError("AbcExport: %s is not a valid root node" % root)
        with io.open(path, "wb") as handle:
            handle.write(b"Ogawa\n" + json.dumps(
                {"roots": roots, "frameRange": frames}).encode("utf-8"))


def _main_thread_only(name):
    main_thread = getattr(threading, "main_thread", None)
    current = threading.current_thread()
    on_main = current is main_thread() if main_thread else isinstance(
        current, threading._MainThread)
    if not on_main:
        raise RuntimeError("%s: Maya commands cannot be called outside the main thread" % name)


def _fire(message):
    """Send a scene message to the callbacks registered for it (in registration order)."""
    for key in sorted(_state.callbacks):
        registered = _state.callbacks.get(key)
        if registered is not None and registered[0] == message:
            registered[1](registered[2])


#: Commands that take flags only, no object argument.
_FLAGS_ONLY = ("playbackOptions", "undoInfo", "about")


def _command(*flags):
    """Declare the flags a fake command accepts (``_flags`` is read by the stub check)."""
    def decorate(function):
        positional = function.__name__ not in _FLAGS_ONLY

        def wrapper(*args, **kwargs):
            _main_thread_only(function.__name__)
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
    if os.path.splitext(path)[1].lower() in _PLUGIN_FOR:  # a cache: one mesh, no scene
        _require_plugins(path)
        return {"nodes": {os.path.splitext(os.path.basename(path))[0] + "_mesh": "mesh"},
                "references": [], "minTime": 1, "maxTime": 1}
    with io.open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _load_reference_nodes(reference):
    """Bring in the referenced file's nodes, and its own references nested under it."""
    data = _read_scene(reference["path"])
    _require_plugins(reference["path"], data)
    for name, node_type in data["nodes"].items():
        _state.nodes["%s:%s" % (reference["namespace"], name)] = node_type
    for inner in data.get("references") or []:
        nested = {"path": inner["path"], "parent": reference["node"],
                  "namespace": "%s:%s" % (reference["namespace"], inner["namespace"]),
                  "node": "%s:%s" % (reference["namespace"], inner["node"])}
        _state.nodes[nested["node"]] = "reference"
        _state.references.append(nested)
        _load_reference_nodes(nested)


def _drop_reference_nodes(reference):
    prefix = reference["namespace"] + ":"
    for name in [n for n in _state.nodes if n.startswith(prefix)]:
        del _state.nodes[name]
    for nested in [r for r in _state.references if r.get("parent") == reference["node"]]:
        _state.references.remove(nested)
        _drop_reference_nodes(nested)


#: The plugin that reads each file type (Maya Help: Alembic Cache, FBX plug-in).
_PLUGIN_FOR = {".abc": "AbcImport", ".fbx": "fbxmaya"}


def _require_plugins(path, data=None):
    plugin = _PLUGIN_FOR.get(os.path.splitext(path)[1].lower())
    if plugin is not None and plugin not in _state.plugins:
        raise RuntimeError("Unrecognized file type for %s (is the %s plug-in loaded?)"
                           % (path, plugin))


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
        if flags.get("reference"):  # the top level only, as Maya lists them
            return [_numbered_path(r) for r in _state.references if not r.get("parent")]
        raise RuntimeError("file: nothing to query")
    if flags.get("newFile"):
        if _state.modified and not flags.get("force"):
            raise RuntimeError("Unsaved changes.")
        _begin_scene("")
        _fire(_message("kAfterNew"))
        return ""
    if flags.get("open"):
        if _state.modified and not flags.get("force"):
            raise RuntimeError("Unsaved changes.")
        data = _read_scene(path)
        if data.get("errors") and flags.get("prompt", True) and not _state.batch:
            _state.prompts.append("file -open %s" % path)  # a dialog the artist must answer
        _begin_scene(os.path.abspath(path))
        _state.nodes.update(data["nodes"])
        for node, attrs in (data.get("attrs") or {}).items():
            _state.attrs[node] = dict(attrs)
        for reference in data["references"]:
            reference = dict(reference)
            _state.references.append(reference)
            _state.nodes[reference["node"]] = "reference"
            _load_reference_nodes(reference)
        _state.min_time, _state.max_time = data["minTime"], data["maxTime"]
        _fire(_message("kAfterOpen"))
        if data.get("errors"):  # opened, and yet an error: what Maya does
            raise RuntimeError("Error reading file. %s" % "; ".join(data["errors"]))
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
        _fire(_message("kAfterLoadReference"))
        return path
    if flags.get("reference"):
        reference = {"path": path, "namespace": _namespace_for(path, flags.get("namespace"))}
        reference["node"] = _unique(reference["namespace"] + "RN")
        _load_reference_nodes(reference)
        _state.nodes[reference["node"]] = "reference"
        _state.references.append(reference)
        _changed("file -reference")
        _fire(_message("kAfterCreateReference"))
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
        _fire(_message("kAfterImport"))
        return added if flags.get("returnNewNodes") else path
    raise RuntimeError("file: no action flag given")


def _message(name):
    from maya.api import OpenMaya
    return getattr(OpenMaya.MSceneMessage, name)


def _begin_scene(name):
    _state.scene_name = name
    _state.modified = False
    _state.nodes = {}
    _state.references = []
    _state.attrs = {}
    _state.selection = []
    _state.min_time, _state.max_time = 1, 120
    # file -new / -open flush the undo queue, open chunks included (Maya Help, flushUndo).
    _state.undo_steps = []
    _state.open_chunks = []
    _state.chunk_dirty = False


def _save(file_type):
    if not _state.scene_name:
        raise RuntimeError("The scene has no name: use file -rename first.")
    expected = {".ma": "mayaAscii", ".mb": "mayaBinary"}.get(
        os.path.splitext(_state.scene_name)[1].lower())
    if file_type and file_type != expected:
        raise RuntimeError("Type %r does not match %s" % (file_type, _state.scene_name))
    top = [r for r in _state.references if not r.get("parent")]
    own = dict((n, t) for n, t in _state.nodes.items()
               if not any(n.startswith(r["namespace"] + ":") for r in top)
               and not any(n == r["node"] for r in top))
    data = {"nodes": own, "references": top,
            "attrs": dict((n, a) for n, a in _state.attrs.items() if n in own),
            "minTime": _state.min_time, "maxTime": _state.max_time}
    with io.open(_state.scene_name, "w", encoding="utf-8") as handle:
        handle.write(u"%s" % json.dumps(data, indent=1, sort_keys=True))
    _state.modified = False
    _fire(_message("kAfterSave"))
    return _state.scene_name


@_command("referenceNode", "filename", "withoutCopyNumber", "namespace", "nodes", "parent")
def referenceQuery(*args, **flags):
    """What a reference node or referenced file holds; ``parent`` with
    ``referenceNode``: the reference node it is nested in, or None at the top."""
    reference = _reference_by(args[0])
    if flags.get("parent") and flags.get("referenceNode"):
        return reference.get("parent")
    if flags.get("referenceNode"):
        return reference["node"]
    if flags.get("filename"):
        return reference["path"] if flags.get("withoutCopyNumber") else _numbered_path(reference)
    if flags.get("namespace"):
        return ":" + reference["namespace"]
    if flags.get("nodes"):
        return sorted(n for n in _state.nodes if n.startswith(reference["namespace"] + ":"))
    raise RuntimeError("referenceQuery: nothing to query")


@_command("batch")
def about(*args, **flags):
    """What runs: ``batch`` is True in ``maya -batch`` and ``mayapy``."""
    if flags.get("batch"):
        return _state.batch
    raise RuntimeError("about: nothing to ask")


@_command("query", "loaded")
def pluginInfo(*args, **flags):
    """Whether a plugin is loaded."""
    if flags.get("query") and flags.get("loaded"):
        return args[0] in _state.plugins
    raise RuntimeError("pluginInfo: nothing to query")


@_command("quiet")
def loadPlugin(*args, **flags):
    """Load plugins by name; returns their names (an unknown one raises, as in Maya)."""
    for name in args:
        if name not in _state.plugin_paths:
            raise RuntimeError("Plug-in, \"%s\", was not found on MAYA_PLUG_IN_PATH." % name)
        _state.plugins.add(name)
        for command in _plugin_commands.get(name, ()):
            globals()[command] = _abc_export
    return list(args)


def objExists(*args):
    """True when a node (or ``node.attr``) exists."""
    _main_thread_only("objExists")
    node, _, attr = args[0].partition(".")
    if node not in _state.nodes:
        return False
    return not attr or attr in _state.attrs.get(node, {})


@_command("longName", "dataType")
def addAttr(*args, **flags):
    """Add a dynamic attribute (string data only in this fake)."""
    node = args[0]
    if node not in _state.nodes:
        raise ValueError("No object matches name: %s" % node)
    if flags.get("dataType") != "string":
        raise RuntimeError("addAttr: this fake makes string attributes only")
    if flags["longName"] in _state.attrs.get(node, {}):
        raise RuntimeError("Found a duplicate attribute name %s" % flags["longName"])
    _state.attrs.setdefault(node, {})[flags["longName"]] = None
    _changed("addAttr")


@_command("type")
def setAttr(*args, **flags):
    """Set ``node.attr`` (string attributes need ``type="string"``, as in Maya)."""
    node, _, attr = args[0].partition(".")
    if attr not in _state.attrs.get(node, {}):
        raise RuntimeError("setAttr: No object matches name: %s" % args[0])
    if flags.get("type") != "string":
        raise RuntimeError("setAttr: string attributes need type='string'")
    _state.attrs[node][attr] = args[1]
    _changed("setAttr")


@_command()
def getAttr(*args, **flags):
    """The value of ``node.attr``."""
    node, _, attr = args[0].partition(".")
    if attr not in _state.attrs.get(node, {}):
        raise ValueError("No object matches name: %s" % args[0])
    return _state.attrs[node][attr]


@_command("node", "exists")
def attributeQuery(*args, **flags):
    """Whether attribute ``args[0]`` exists on ``node``."""
    if flags.get("exists"):
        return args[0] in _state.attrs.get(flags["node"], {})
    raise RuntimeError("attributeQuery: nothing to query")


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
