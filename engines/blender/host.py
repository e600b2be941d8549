"""The uniform host API over ``bpy``.

References are linked libraries (``bpy.data.libraries``): ``node`` is the
library's name, ``path`` its absolute file path; images and Alembic/USD caches
read from files are references too (``node``: ``image:<name>``,
``cache:<name>``). Referencing links a file's collections and instances them in
the scene; importing appends them. Blender has no Qt main window: panels are
top-level windows. The menu is a ``bpy.types.Menu`` in the top bar whose
entries run an operator that calls the engine command by name, so it works
headless as well.

Scene data lives in a custom property of the scene (``scene["reelkit_data"]``,
a JSON object as a string: ID properties cannot hold None or lists of mixed
types, nor names over 63 characters), so it is saved with the .blend file. Scene
listeners hang on ``bpy.app.handlers.load_post``/``save_post`` (``load_post``
also runs for a new file, whose path is empty).
"""

import contextlib
import os
import re
import threading

import bpy
from bpy.app.handlers import persistent

from toolkit.errors import ReelkitError
from toolkit.platform import HostAdapter, Reference
from toolkit.platform import scene_data
from toolkit.platform.host import is_main_thread, main_thread_only

#: The scene custom property holding Reelkit's scene data (a JSON object).
DATA_PROPERTY = "reelkit_data"

_watching = []  # adapters with scene listeners: the persistent handlers call them

MENU_IDNAME = "REELKIT_MT_main"
OPERATOR_IDNAME = "reelkit.run_command"


class ReelkitRunCommand(bpy.types.Operator):
    """Run a Reelkit command (the running engine's command called ``command_name``)."""

    bl_idname = OPERATOR_IDNAME
    bl_label = "Run Reelkit Command"
    # Class annotations written as a dict: this module must stay Python 2 syntax.
    __annotations__ = {"command_name": bpy.props.StringProperty(name="Command")}

    def execute(self, context):
        from toolkit.platform import current_engine
        engine = current_engine()
        command = engine.find_command(self.command_name) if engine is not None else None
        if command is None:
            self.report({"ERROR"}, "no Reelkit command %r" % self.command_name)
            return {"CANCELLED"}
        command.callback()  # never raises: the engine reports errors
        return {"FINISHED"}


class ReelkitMenu(bpy.types.Menu):
    """The Reelkit menu: one entry per engine command (``command_names``)."""

    bl_idname = MENU_IDNAME
    bl_label = "Reelkit"
    command_names = []
    command_labels = []  # what each entry shows (a command's label carries its mark)

    def draw(self, context):
        labels = self.command_labels or self.command_names
        for name, label in zip(self.command_names, labels):
            self.layout.operator(OPERATOR_IDNAME, text=label).command_name = name


def _draw_topbar_entry(self, context):
    self.layout.menu(MENU_IDNAME)


class _MainThreadJobs(object):
    """Work other threads hand to Blender's main thread.

    Blender's own advice (bpy.app.timers, "Use a Timer to react to events in
    another thread"): threads put work in a ``queue.Queue`` and a timer
    registered on the main thread runs it. Timers run only with a UI.
    """

    interval = 0.05  # seconds between two looks at the queue

    def __init__(self):
        from six.moves import queue
        self.jobs = queue.Queue()
        self.running = False

    def start(self):
        if not self.running:
            bpy.app.timers.register(self.drain, first_interval=0.0, persistent=True)
            self.running = True

    def put(self, job):
        self.jobs.put(job)

    def drain(self):
        from six.moves import queue
        while True:
            try:
                job = self.jobs.get_nowait()
            except queue.Empty:
                return self.interval  # a timer returning a number runs again
            job()


_main_thread_jobs = _MainThreadJobs()

#: Whether the open file changed since it was saved or loaded, in background mode.
#: There (``blender -b``, and ``bpy`` as a module) Blender keeps
#: ``bpy.data.is_dirty`` set once an undo step was pushed, even across a save and a
#: load (seen on Blender 3.4.1 and bpy 5.0.1), so the adapter keeps its own flag:
#: cleared by save, open and new, set by every change made through the host API.
#: A background script's own ``bpy.data`` edits are not seen; with a UI,
#: ``is_dirty`` is right and is used.
_background = {"modified": False}


def _mark(modified):
    _background["modified"] = modified


@persistent  # handlers survive loading another file only when persistent
def _on_load_post(*args):
    _mark(False)
    event = "opened" if bpy.data.filepath else "new"
    for host in list(_watching):
        host._notify(event)


@persistent
def _on_save_post(*args):
    _mark(False)
    for host in list(_watching):
        host._notify("saved")


@main_thread_only  # bpy does not refuse a worker thread: it corrupts data or crashes
class BlenderHost(HostAdapter):
    """Scene operations and menu of a Blender session (UI or ``--background``)."""

    name = "blender"
    #: Blender ships no Qt: panels use whichever binding is installed beside it.
    qt_bindings = ("PySide6", "PySide2")

    def __init__(self, engine=None):
        super(BlenderHost, self).__init__(engine)
        self._chunks = 0  # undo chunks open: no undo push of our own inside one
        if not bpy.app.background:
            _main_thread_jobs.start()  # here, on the main thread: workers only queue

    # -- scene -------------------------------------------------------------------

    def current_scene_path(self):
        return bpy.data.filepath or None

    def open_scene(self, path):
        if not os.path.isfile(path):
            raise ReelkitError("cannot open %r: no such .blend file" % path)
        bpy.ops.wm.open_mainfile(filepath=path)
        _mark(False)

    def save_scene(self):
        if not bpy.data.filepath:
            raise ReelkitError("the Blender file was never saved: use save_scene_as(path)")
        bpy.ops.wm.save_mainfile()
        _mark(False)

    def save_scene_as(self, path):
        if not path.lower().endswith(".blend"):
            raise ReelkitError("cannot save a Blender file as %r: use a .blend file name" % path)
        bpy.ops.wm.save_as_mainfile(filepath=path)
        _mark(False)

    def new_scene(self):
        bpy.ops.wm.read_homefile(use_empty=True)
        _mark(False)

    def is_modified(self):
        if bpy.app.background:
            return _background["modified"]
        return bool(bpy.data.is_dirty)

    # -- references and loading ------------------------------------------------

    def list_references(self):
        """Linked libraries (``node``: the library's name), then images and caches
        read from files (``node``: ``image:<name>``, ``cache:<name>``; Blender names
        are unique per kind of data only). Data that came through a library is
        listed under it."""
        # Library.parent: the library an indirectly linked one came through.
        references = [Reference(library.name, bpy.path.abspath(library.filepath), "library",
                                library.parent.name if library.parent is not None else None)
                      for library in bpy.data.libraries]
        for image in bpy.data.images:
            # Generated images, render results and packed images read no file.
            if image.source not in ("FILE", "SEQUENCE", "MOVIE") or not image.filepath \
                    or image.packed_file is not None:
                continue
            references.append(_file_reference(IMAGE_NODE, image, "image"))
        for cache in bpy.data.cache_files:  # Alembic and USD caches
            if cache.filepath:
                references.append(_file_reference(CACHE_NODE, cache, "cache"))
        return references

    def update_reference(self, node, new_path):
        _mark(True)
        kind, name = _split_node(node)
        if kind == IMAGE_NODE:
            image = _local_data(bpy.data.images, name, node, "image")
            image.filepath = new_path
            image.reload()
        elif kind == CACHE_NODE:
            cache = _local_data(bpy.data.cache_files, name, node, "cache file")
            cache.filepath = new_path  # Blender reloads a cache whose path changes
        else:
            library = bpy.data.libraries.get(node)
            if library is None:
                raise ReelkitError("no linked library %r in this Blender file" % node)
            library.filepath = new_path
            library.reload()
        self._notify("references_changed")

    def reference_file(self, path, namespace=None):
        _mark(True)
        collections = self._load(path, link=True)
        scene = bpy.context.scene
        for collection in collections:  # an instance makes the linked data visible
            instance = bpy.data.objects.new(namespace or collection.name, None)
            instance.instance_type = "COLLECTION"
            instance.instance_collection = collection
            scene.collection.objects.link(instance)
        wanted = os.path.normcase(os.path.abspath(path))
        for library in bpy.data.libraries:
            if os.path.normcase(bpy.path.abspath(library.filepath)) == wanted:
                self._notify("references_changed")
                return library.name
        raise ReelkitError("linking %r made no library" % path)

    def import_file(self, path, namespace=None):
        _mark(True)
        if _is_image(path):  # a still: an Image datablock, as File > Open Image makes
            if not os.path.isfile(path):
                raise ReelkitError("cannot import %r: no such image file" % path)
            image = bpy.data.images.load(path, check_existing=True)
            self._tag_modified("Reelkit import image")
            return [image.name]
        collections = self._load(path, link=False)
        for collection in collections:
            bpy.context.scene.collection.children.link(collection)
        return [collection.name for collection in collections]

    def _load(self, path, link):
        """Link or append every collection of the .blend file ``path``."""
        if not os.path.isfile(path):
            raise ReelkitError("cannot load %r: no such .blend file" % path)
        with bpy.data.libraries.load(path, link=link) as (source, target):
            target.collections = list(source.collections)
        if not target.collections:
            raise ReelkitError("%r holds no collection to %s" % (path, "link" if link else "append"))
        return list(target.collections)

    def load_image_sequence(self, path, first, last):
        """An image strip in the Video Sequence Editor, each frame at its own number.

        ``path`` spells the frame as ``%04d``, ``####``, ``$F4`` or ``@`` (a path
        without one is a single image). Frames missing on disk are refused by
        name, so a strip never shows holes silently. Returns the strip's name.
        """
        _mark(True)
        frames = _frame_files(path, first, last)
        missing = [name for number, name in frames if not os.path.isfile(name)]
        if missing:
            raise ReelkitError("cannot load %r: %d of %d frames missing (first: %s)" % (
                path, len(missing), len(frames), missing[0]))
        scene = _scene()
        editor = scene.sequence_editor or scene.sequence_editor_create()
        strips = getattr(editor, "strips", None)  # Blender 5 renamed "sequences" to "strips"
        if strips is None:
            strips = editor.sequences
        channel = 1 + max([strip.channel for strip in strips] or [0])
        first_number, first_file = frames[0]
        strip = strips.new_image(os.path.basename(first_file), first_file, channel,
                                 first_number)
        for number, name in frames[1:]:
            strip.elements.append(os.path.basename(name))
        self._tag_modified("Reelkit load image sequence")
        return strip.name

    def supported_actions(self):
        return {"open", "reference", "import", "read_node"}

    # -- scene state -----------------------------------------------------------

    def get_frame_range(self):
        scene = bpy.context.scene
        return scene.frame_start, scene.frame_end

    def set_frame_range(self, first, last):
        _mark(True)
        scene = bpy.context.scene
        scene.frame_start = first
        scene.frame_end = last

    def selection(self):
        return [obj.name for obj in bpy.context.view_layer.objects.selected]

    def select_nodes(self, nodes):
        """Select objects by name; a reference's node (:meth:`list_references`)
        selects the objects showing it: a library's instances and linked objects,
        a cache's readers (an image selects nothing)."""
        objects = bpy.context.view_layer.objects
        names = []
        missing = []
        for node in nodes:
            found = _objects_of(node, objects)
            if found is None:
                missing.append(node)
            else:
                names.extend(found)
        if missing:
            raise ReelkitError("no object %s in the view layer to select"
                               % ", ".join(repr(name) for name in missing))
        wanted = set(names)
        for obj in objects:
            obj.select_set(obj.name in wanted)
        if names:
            objects.active = objects.get(names[0])

    # -- data kept in the scene --------------------------------------------------

    def read_scene_data(self, key):
        return scene_data.read(_scene().get(DATA_PROPERTY), key,
                               "scene property %r" % DATA_PROPERTY)

    def write_scene_data(self, key, value):
        scene = _scene()
        where = "scene property %r" % DATA_PROPERTY
        text = scene_data.write(scene.get(DATA_PROPERTY), key, value, where)
        if text is None:
            return  # nothing changed
        scene[DATA_PROPERTY] = text
        self._tag_modified("Reelkit scene data")

    def _tag_modified(self, label):
        """Blender marks the file modified when an undo step is pushed; inside an
        undo chunk the chunk's own push at its end does it."""
        _mark(True)
        if not self._chunks:
            bpy.ops.ed.undo_push(message=label)

    # -- scene listeners and threads ---------------------------------------------

    def _watch_scene(self, watching):
        handlers = ((bpy.app.handlers.load_post, _on_load_post),
                    (bpy.app.handlers.save_post, _on_save_post))
        if watching and self not in _watching:
            _watching.append(self)
        elif not watching and self in _watching:
            _watching.remove(self)
        for handler_list, function in handlers:
            if _watching and function not in handler_list:
                handler_list.append(function)
            elif not _watching and function in handler_list:
                handler_list.remove(function)

    def run_in_main_thread(self, function, *args, **kwargs):
        """From a worker, queue it for the main thread's timer (see
        :class:`_MainThreadJobs`) and wait. ``--background`` runs no timers: refused."""
        if is_main_thread() or not _main_thread_jobs.running:  # never in --background
            return super(BlenderHost, self).run_in_main_thread(function, *args, **kwargs)
        done, outcome = threading.Event(), {}

        def job():
            try:
                outcome["result"] = function(*args, **kwargs)
            except BaseException as exc:
                outcome["error"] = exc
            finally:
                done.set()

        _main_thread_jobs.put(job)
        done.wait()
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("result")

    @contextlib.contextmanager
    def undo_chunk(self, name):
        # Blender's undo steps are snapshots pushed after a change: one push at
        # the end makes the whole block one step.
        self._chunks += 1
        try:
            yield
        finally:
            self._chunks -= 1
        _mark(True)
        bpy.ops.ed.undo_push(message=name)

    # -- user interface ----------------------------------------------------------

    def main_window(self):
        return None  # Blender's UI is not Qt

    def build_menu(self, menu_name, commands):
        self.clear_menu(menu_name)
        ReelkitMenu.bl_label = menu_name
        ReelkitMenu.command_names = [command.name for command in commands]
        ReelkitMenu.command_labels = [getattr(command, "label", command.name)
                                      for command in commands]
        bpy.utils.register_class(ReelkitRunCommand)
        bpy.utils.register_class(ReelkitMenu)
        bpy.types.TOPBAR_MT_editor_menus.append(_draw_topbar_entry)

    def clear_menu(self, menu_name):
        if not hasattr(bpy.types, MENU_IDNAME):
            return
        bpy.types.TOPBAR_MT_editor_menus.remove(_draw_topbar_entry)
        bpy.utils.unregister_class(ReelkitMenu)
        bpy.utils.unregister_class(ReelkitRunCommand)
        ReelkitMenu.command_names = []


#: File extensions Blender loads as images, not as .blend files.
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".exr", ".tif", ".tiff", ".tga", ".bmp", ".dpx",
                    ".cin", ".hdr", ".webp", ".jp2")

_FRAME_TOKEN = re.compile(r"%0?(\d*)d|\$F(\d*)|#+|@+")


#: Prefixes of the ``node`` of an image and of a cache file (libraries have none).
IMAGE_NODE = "image:"
CACHE_NODE = "cache:"


def _file_reference(prefix, data, kind):
    library = data.library
    return Reference(prefix + data.name, bpy.path.abspath(data.filepath, library=library), kind,
                     library.name if library is not None else None)


def _split_node(node):
    """``(prefix, data name)`` of a reference node; prefix "" for a library."""
    for prefix in (IMAGE_NODE, CACHE_NODE):
        if node.startswith(prefix):
            return prefix, node[len(prefix):]
    return "", node


def _local_data(collection, name, node, what):
    """The datablock ``name`` of this file; linked data follows its library instead."""
    found = [data for data in collection if data.name == name and data.library is None]
    if not found:
        linked = [data for data in collection if data.name == name]
        if linked:
            raise ReelkitError("%s %r comes from the library %r: update that library instead"
                               % (what, name, linked[0].library.name))
        raise ReelkitError("no %s %r in this Blender file" % (what, node))
    return found[0]


def _objects_of(node, objects):
    """Names of the objects ``node`` stands for, or None when it names nothing."""
    if objects.get(node) is not None:
        return [node]
    kind, name = _split_node(node)
    if kind == IMAGE_NODE:
        return [] if bpy.data.images.get(name) is not None else None
    if kind == CACHE_NODE:
        cache = bpy.data.cache_files.get(name)
        if cache is None:
            return None
        return [obj.name for obj in objects
                if any(getattr(item, "cache_file", None) == cache
                       for item in list(obj.modifiers) + list(obj.constraints))]
    library = bpy.data.libraries.get(node)
    if library is None:
        return None
    return [obj.name for obj in objects
            if obj.library == library or (obj.instance_collection is not None
                                          and obj.instance_collection.library == library)]


def _is_image(path):
    return os.path.splitext(path)[1].lower() in IMAGE_EXTENSIONS


def _frame_files(path, first, last):
    """``[(frame, file)]`` of a sequence path for ``first``..``last`` (one file without
    a frame token). The padding is the token's: ``%04d``/``$F4``/``####`` four digits."""
    match = None
    for match in _FRAME_TOKEN.finditer(os.path.basename(path)):
        pass  # the last token of the file name is the frame
    if match is None:
        return [(int(first) if first is not None else 1, path)]
    token = match.group(0)
    width = int(match.group(1) or match.group(2) or 0) if token[0] in "%$" else len(token)
    folder = os.path.dirname(path)
    name = os.path.basename(path)
    head, tail = name[:match.start()], name[match.end():]
    return [(frame, os.path.join(folder, "%s%0*d%s" % (head, width, frame, tail)))
            for frame in range(int(first), int(last) + 1)]


def _scene():
    """The scene Reelkit's scene data lives in: the window's, else the file's first."""
    return bpy.context.scene or bpy.data.scenes[0]


