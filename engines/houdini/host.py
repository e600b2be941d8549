"""The uniform host API over ``hou``.

A Houdini "reference" is one parameter naming a file (``hou.fileReferences()``
lists them parm by parm): its ``node`` is the parm's path, ``/obj/geo1/file1/file``,
and updating it repoints that parameter alone (a shader's other textures, a
ROP's output stay). Paths are listed as typed (``unexpandedString``) with only
environment variables expanded: ``$F4`` stays, so the version in the path is
the one on disk. Its ``parent`` is the locked digital asset it lives in, if any.

Loading geometry makes a geo object with a file SOP (an Alembic SOP for .abc);
frame numbers are written Houdini's way (``$F4``), on load and on update.
Importing a hip file merges it. The menu is a shelf (Houdini's main menu is XML
read at start-up) kept in the user's preferences folder, where the shelf set
that lists it is saved too.

Scene data is user data of ``/obj`` (``reelkit_data``, JSON), saved with the hip
file. Scene listeners hang on ``hou.hipFile.addEventCallback``.
"""

import contextlib
import logging
import os
import re

import hou

from toolkit.errors import ReelkitError
from toolkit.platform import HostAdapter, Reference, scene_data
from toolkit.platform.host import is_main_thread

LOG = logging.getLogger("reelkit.houdini")

#: The node and user data name holding Reelkit's scene data.
DATA_NODE = "/obj"
DATA_NAME = "reelkit_data"

#: The contexts an imported hip file may add nodes to.
CONTEXTS = ("/obj", "/stage", "/out", "/mat", "/img", "/ch", "/shop")

#: Houdini's own variables, never expanded when listing (frame, node name...).
HOUDINI_LOCALS = re.compile(r"^(F\d*|FF|T|SF|ST|OS|OPNAME|N|NFRAMES|FSTART|FEND|FPS)$")

HIP_EXTENSIONS = (".hip", ".hipnc", ".hiplc")

#: SOP type and its file parameter, by geometry extension (anything else: the file SOP).
GEOMETRY_LOADERS = {".abc": ("alembic", "fileName")}


def houdini_frame_pattern(path):
    """``shot.%04d.exr`` or ``shot.####.exr`` -> ``shot.$F4.exr`` (Houdini's frame variable)."""
    path = re.sub(r"%0?(\d*)d", lambda m: "$F%s" % (m.group(1) or ""), path)
    return re.sub(r"#+", lambda m: "$F%d" % len(m.group(0)) if len(m.group(0)) > 1 else "$F",
                  path)


def expand_environment(text, environ=None):
    """``text`` with environment variables expanded and Houdini's own left as typed.

    ``$F4``, ``$OS``... and backtick expressions stay: they depend on the frame
    or the node, and a listed path must be the one typed. ``$HIP``/``$JOB`` are
    expanded when the environment holds them (Houdini sets them there).
    """
    environ = os.environ if environ is None else environ

    def variable(match):
        name = match.group(1) or match.group(2)
        if HOUDINI_LOCALS.match(name) or name not in environ:
            return match.group(0)
        return environ[name]
    return re.sub(r"\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)", variable, text)


def shelf_name(menu_name):
    """The shelf's internal name for a menu label ("Reelkit" -> "reelkit")."""
    return re.sub(r"\W+", "_", menu_name).strip("_").lower() or "reelkit"


class HoudiniHost(HostAdapter):
    """Scene operations, shelf and main window of a Houdini session."""

    name = "houdini"
    #: Houdini 18-20 ship PySide2, 20.5 and later PySide6.
    qt_bindings = ("PySide6", "PySide2")

    def __init__(self, engine=None):
        super(HoudiniHost, self).__init__(engine)
        self._loading = False  # between BeforeLoad and AfterLoad: a clear is no "new"
        self._ui = bool(hou.isUIAvailable())  # read here: hou refuses worker threads

    # -- scene -------------------------------------------------------------------

    def current_scene_path(self):
        if hou.hipFile.isNewFile():
            return None
        return hou.hipFile.path()

    def open_scene(self, path):
        with _load_warnings_logged(path):
            hou.hipFile.load(path, suppress_save_prompt=True)

    def save_scene(self):
        if hou.hipFile.isNewFile():
            raise ReelkitError("the hip file was never saved: use save_scene_as(path)")
        hou.hipFile.save()

    def save_scene_as(self, path):
        hou.hipFile.save(file_name=path)

    def new_scene(self):
        hou.hipFile.clear(suppress_save_prompt=True)

    def is_modified(self):
        return bool(hou.hipFile.hasUnsavedChanges())

    # -- references and loading ------------------------------------------------

    def list_references(self):
        references = []
        for parm, _ in hou.fileReferences():
            if parm is None:
                continue  # a reference Houdini cannot tie to a parameter
            path = expand_environment(parm.unexpandedString())
            references.append(Reference(parm.path(), path, "file", _asset_of(parm.node())))
        return references

    def update_reference(self, node, new_path):
        """Repoint the file parameter ``node`` (``/obj/geo1/file1/file``). A node path
        is taken when that node has exactly one file parameter."""
        parms = [parm for parm, _ in hou.fileReferences() if parm is not None]
        chosen = [parm for parm in parms if parm.path() == node]
        if not chosen:
            chosen = [parm for parm in parms if parm.node().path() == node]
            if len(chosen) > 1:
                raise ReelkitError("Houdini node %r has several file parameters (%s): name "
                                   "the one to repoint" % (node, ", ".join(
                                       parm.name() for parm in chosen)))
        if not chosen:
            raise ReelkitError("no Houdini file parameter %r to repoint" % node)
        chosen[0].set(houdini_frame_pattern(new_path))

    def import_file(self, path, namespace=None):
        """Merge a hip file (return the nodes it added, in any context: a LOP-only
        file adds to /stage); anything else loads as a reference."""
        if not path.lower().endswith(HIP_EXTENSIONS):
            return [self.reference_file(path, namespace)]
        before = _top_level_nodes()
        with _load_warnings_logged(path):
            hou.hipFile.merge(path)
        return sorted(_top_level_nodes() - before)

    def reference_file(self, path, namespace=None):
        sop_type, parm_name = GEOMETRY_LOADERS.get(os.path.splitext(path)[1].lower(),
                                                   ("file", "file"))
        name = namespace or re.sub(r"\W+", "_", os.path.splitext(os.path.basename(path))[0])
        geo = hou.node("/obj").createNode("geo", name)
        loader = geo.createNode(sop_type)
        loader.parm(parm_name).set(houdini_frame_pattern(path))
        self._notify("references_changed")
        return loader.parm(parm_name).path()

    def load_image_sequence(self, path, first, last):
        """A file COP reading frames ``first``-``last`` of ``path``, in the one
        Reelkit compositing network (made on first use)."""
        network = hou.node("/img/reelkit_comp")
        if network is None:
            network = hou.node("/img").createNode("cop2net", "reelkit_comp")
        cop = network.createNode("file")
        cop.parm("filename1").set(houdini_frame_pattern(path))
        _set_cop_frame_range(cop, int(first), int(last))
        self._notify("references_changed")
        return cop.parm("filename1").path()

    def supported_actions(self):
        # The loader's action names (apps/loader/loading.py): "file_node" and
        # "reference" both make a file SOP, "read_node" a file COP.
        return {"open", "import", "reference", "file_node", "read_node"}

    # -- scene state -----------------------------------------------------------

    def get_frame_range(self):
        first, last = hou.playbar.frameRange()
        return int(first), int(last)

    def set_frame_range(self, first, last):
        hou.playbar.setFrameRange(first, last)
        hou.playbar.setPlaybackRange(first, last)

    def selection(self):
        return [node.path() for node in hou.selectedNodes()]

    def select_nodes(self, nodes):
        found = [_node_or_parm_owner(path) for path in nodes]
        missing = [path for path, node in zip(nodes, found) if node is None]
        if missing:
            raise ReelkitError("no Houdini node %s to select" % ", ".join(map(repr, missing)))
        for node in hou.selectedNodes():
            node.setSelected(False)
        for node in found:
            node.setSelected(True)

    # -- data kept in the scene --------------------------------------------------

    def read_scene_data(self, key):
        return scene_data.read(hou.node(DATA_NODE).userData(DATA_NAME), key,
                               "user data %r of %s" % (DATA_NAME, DATA_NODE))

    def write_scene_data(self, key, value):
        node = hou.node(DATA_NODE)
        text = scene_data.write(node.userData(DATA_NAME), key, value,
                                "user data %r of %s" % (DATA_NAME, DATA_NODE))
        if text is not None:
            node.setUserData(DATA_NAME, text)

    # -- scene listeners and threads ---------------------------------------------

    def _watch_scene(self, watching):
        if watching:
            hou.hipFile.addEventCallback(self._on_hip_event)
        elif self._on_hip_event in hou.hipFile.eventCallbacks():
            hou.hipFile.removeEventCallback(self._on_hip_event)

    def _on_hip_event(self, event_type):
        events = hou.hipFileEventType
        if event_type == events.BeforeLoad:
            self._loading = True
        elif event_type == events.AfterLoad:
            self._loading = False
            self._notify("opened")
        elif event_type == events.AfterClear and not self._loading:
            self._notify("new")
        elif event_type == events.AfterSave:
            self._notify("saved")
        elif event_type == events.AfterMerge:
            self._notify("references_changed")

    def run_in_main_thread(self, function, *args, **kwargs):
        """``hdefereval.executeInMainThreadWithResult``: at once on the main thread,
        else from the UI's event loop. hython has none: refused there."""
        if is_main_thread() or not self._ui:
            return super(HoudiniHost, self).run_in_main_thread(function, *args, **kwargs)
        import hdefereval  # only importable with the UI
        return hdefereval.executeInMainThreadWithResult(function, *args, **kwargs)

    @contextlib.contextmanager
    def undo_chunk(self, name):
        with hou.undos.group(name):
            yield

    # -- user interface ----------------------------------------------------------

    def main_window(self):
        if not hou.isUIAvailable():  # hython, hbatch
            return None
        return hou.qt.mainWindow()

    def build_menu(self, menu_name, commands):
        if not hou.isUIAvailable():
            return  # hython, hbatch: no shelves
        self.clear_menu(menu_name)
        name = shelf_name(menu_name)
        # The shelf set listing this shelf is saved in the user's preferences: the
        # shelf file lives there too, at one path every session rewrites.
        shelf_file = shelf_file_path(name)
        tools = [hou.shelves.newTool(file_path=shelf_file, name="%s_%d" % (name, index),
                                     label=getattr(command, "label", command.name),
                                     script=_tool_script(command))
                 for index, command in enumerate(commands)]
        shelf = hou.shelves.newShelf(file_path=shelf_file, name=name, label=menu_name)
        shelf.setTools(tools)
        shelf_sets = list(hou.shelves.shelfSets().values())
        if shelf_sets:  # show it in the main shelf dock
            shelf_sets[0].setShelves(tuple(shelf_sets[0].shelves()) + (shelf,))

    def clear_menu(self, menu_name):
        if not hou.isUIAvailable():
            return  # hython, hbatch: no shelves to clear
        shelf = hou.shelves.shelves().get(shelf_name(menu_name))
        if shelf is None:
            return
        for tool in shelf.tools():
            tool.destroy()
        shelf.destroy()


def shelf_file_path(name):
    """``$HOUDINI_USER_PREF_DIR/toolbar/reelkit_<name>.shelf``: where Houdini keeps
    the user's shelves, the same for every session."""
    return os.path.join(hou.homeHoudiniDirectory(), "toolbar", "reelkit_%s.shelf" % name)


def _node_or_parm_owner(path):
    """The node at ``path``, or the node of the parameter at ``path`` (a Reference node)."""
    node = hou.node(path)
    if node is None:
        parm = hou.parm(path)
        node = parm.node() if parm is not None else None
    return node


def _top_level_nodes():
    """Paths of the nodes directly inside each context (/obj, /stage...)."""
    paths = set()
    for context in CONTEXTS:
        network = hou.node(context)
        if network is not None:
            paths.update(child.path() for child in network.children())
    return paths


def _asset_of(node):
    """The locked digital asset ``node`` lives in (its contents come from the asset), or None."""
    if not node.isInsideLockedHDA():
        return None
    parent = node.parent()
    while parent is not None and not parent.isLockedHDA():
        parent = parent.parent()
    return parent.path() if parent is not None else None


#: The File COP's frame-range parameters, by the labels its help page gives them
#: (their internal names are not documented): override on, first file, how many,
#: and the frame the sequence starts at.
COP_RANGE_LABELS = ("Override Frame Range", "File Range Start", "File Range Length",
                    "Shift to Start at Frame")


def _set_cop_frame_range(cop, first, last):
    by_label = dict((parm.description(), parm) for parm in cop.parms())
    missing = [label for label in COP_RANGE_LABELS if label not in by_label]
    if missing:
        LOG.warning("%s: no parameter labelled %s; the frame range is detected from the "
                    "files instead of %d-%d", cop.path(), ", ".join(missing), first, last)
        return
    override, start, length, shift = [by_label[label] for label in COP_RANGE_LABELS]
    override.set(1)
    start.set(first)
    length.set(last - first + 1)
    shift.set(first)


@contextlib.contextmanager
def _load_warnings_logged(path):
    """Houdini raises ``hou.LoadWarning`` once a file *has* loaded (a missing
    asset...): log it rather than report a load that happened as a failure."""
    try:
        yield
    except hou.LoadWarning as warning:
        LOG.warning("%s loaded with warnings:\n%s", path, warning)


def _tool_script(command):
    """The Python a shelf tool runs: the engine's command, found by name when clicked."""
    return ("from toolkit.platform import current_engine\n"
            "command = current_engine().find_command(%r)\n"
            "if command is not None:\n"
            "    command.callback()\n" % (command.name,))
