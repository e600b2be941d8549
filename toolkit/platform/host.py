"""The uniform host API: the only way apps touch a host application.

Every engine ships one :class:`HostAdapter` subclass (``Engine.host_class``).
Apps call ``self.engine.host.<method>``; nothing else in an app may import a
host module (``maya.cmds``, ``nuke``, ``hou``, ``bpy``).

A host module is imported inside the adapter's methods (or at the top of the
adapter's own module), never by the core. Launching never imports the adapter:
``reelkit launch`` reads the ``launch:`` block of the engine's manifest.yml
(which variables get the engine's ``startup/`` folder; see
:mod:`toolkit.platform.launch` and docs/platform.md), so an adapter may freely
import its host.
"""

import collections
import contextlib
import logging
import os
import sys
import threading

#: One loaded file in the scene: ``node`` is the host's name for it (a Maya
#: reference node, a Nuke Read node, a Houdini ``node/parm``, a Blender
#: library...), ``path`` the file it points at (unexpanded frame tokens kept,
#: environment variables expanded), ``kind`` one of "reference", "read", "file",
#: "library", "image", "cache", "import"..., and ``parent`` the ``node`` of the
#: reference this one is nested in (None at the top, or where the host cannot tell).
Reference = collections.namedtuple("Reference", "node path kind parent")
Reference.__new__.__defaults__ = (None,)

#: Events passed to scene listeners (:meth:`HostAdapter.add_scene_listener`).
SCENE_EVENTS = ("opened", "new", "saved", "references_changed")


class HostAdapter(object):
    """Base class of every host adapter.

    Subclasses implement the scene operations below; the base raises
    ``NotImplementedError`` naming the host and the method, so a missing
    operation is obvious the first time an app needs it. ``main_window``,
    ``dock_panel``, ``log_handler`` and ``undo_chunk`` have working defaults.
    """

    #: "maya", "nuke", "houdini", "blender", "shell"
    name = None

    def __init__(self, engine=None):
        #: The engine that owns this adapter (None in unit tests of an adapter).
        self.engine = engine

    def _missing(self, method):
        raise NotImplementedError("host %r does not implement HostAdapter.%s()"
                                  % (self.name or type(self).__name__, method))

    # -- scene ---------------------------------------------------------------

    def current_scene_path(self):
        """Path of the open scene, or None when it was never saved."""
        self._missing("current_scene_path")

    def open_scene(self, path):
        """Open the scene at ``path`` (discarding the current one)."""
        self._missing("open_scene")

    def save_scene(self):
        """Save the open scene to its current path."""
        self._missing("save_scene")

    def save_scene_as(self, path):
        """Save the open scene to ``path``; it becomes the current path."""
        self._missing("save_scene_as")

    def new_scene(self):
        """Start an empty scene."""
        self._missing("new_scene")

    def is_modified(self):
        """True when the open scene has unsaved changes."""
        self._missing("is_modified")

    # -- references and loading ----------------------------------------------

    def list_references(self):
        """``[Reference(node, path, kind)]`` for every file the scene loads."""
        self._missing("list_references")

    def update_reference(self, node, new_path):
        """Point the reference/read node ``node`` at ``new_path``."""
        self._missing("update_reference")

    def import_file(self, path, namespace=None):
        """Import ``path`` into the scene; return the new node names."""
        self._missing("import_file")

    def reference_file(self, path, namespace=None):
        """Reference (link) ``path``; return the reference node name."""
        self._missing("reference_file")

    def load_image_sequence(self, path, first, last):
        """Load an image sequence (Nuke Read, Houdini file COP...); return the node."""
        self._missing("load_image_sequence")

    # -- data kept in the scene ------------------------------------------------

    def read_scene_data(self, key):
        """The value stored in the open scene under ``key``, or None.

        Values are JSON-compatible (dict, list, str, int, float, bool, None) and
        travel with the scene file: publish instances, breakdown pins. Hosts keep
        them where they keep such things (Maya: attributes of a node, Nuke: a
        knob of the root, Houdini: user data of ``/obj``, Blender: custom
        properties of the scene, shell: a JSON sidecar beside the scene).
        """
        self._missing("read_scene_data")

    def write_scene_data(self, key, value):
        """Store ``value`` (JSON-compatible; None removes it) under ``key`` in the scene.

        It is saved with the scene; it marks the scene modified like any edit.
        """
        self._missing("write_scene_data")

    def select_nodes(self, nodes):
        """Select ``nodes`` (host names, as :meth:`selection` returns) in the host."""
        self._missing("select_nodes")

    def add_scene_listener(self, callback):
        """Call ``callback(event)`` when the scene changes; return a token.

        ``event`` is one of :data:`SCENE_EVENTS`. Hosts call listeners from their
        own callbacks (Maya ``scriptJob``/``MSceneMessage``, Nuke ``addOnScriptLoad``,
        Houdini ``hipFile.addEventCallback``, Blender ``app.handlers``); a listener
        that raises is logged and never breaks the host's own event. The base
        keeps listeners in a list; adapters call :meth:`_notify` from the host hook.
        """
        listeners = self.__dict__.setdefault("_scene_listeners", [])
        listeners.append(callback)
        if len(listeners) == 1:
            self._watch_scene(True)
        return callback

    def remove_scene_listener(self, token):
        """Stop calling the listener :meth:`add_scene_listener` returned ``token`` for."""
        listeners = self.__dict__.get("_scene_listeners") or []
        if token in listeners:
            listeners.remove(token)
            if not listeners:
                self._watch_scene(False)

    def _watch_scene(self, watching):
        """Install (True) or remove (False) the host callbacks that call :meth:`_notify`.

        Called when the first listener arrives and when the last one leaves, so a
        host without listeners carries no Reelkit callback. The default does
        nothing: adapters whose own operations notify need nothing more.
        """

    def close(self):
        """Drop every scene listener and the host callbacks behind them.

        Engines call it when they stop (``destroy_engine``): a host callback must
        never outlive the engine that installed it.
        """
        listeners = self.__dict__.get("_scene_listeners") or []
        if listeners:
            del listeners[:]
            self._watch_scene(False)

    def _notify(self, event):
        """Call every scene listener with ``event``; errors are logged, not raised."""
        for callback in list(self.__dict__.get("_scene_listeners") or []):
            try:
                callback(event)
            except Exception:
                logging.getLogger(__name__).exception("scene listener failed on %r", event)

    # -- scene state -----------------------------------------------------------

    def get_frame_range(self):
        """``(first, last)`` of the scene's playback range."""
        self._missing("get_frame_range")

    def set_frame_range(self, first, last):
        """Set the scene's playback range."""
        self._missing("set_frame_range")

    def selection(self):
        """Names of the selected nodes."""
        self._missing("selection")

    def supported_actions(self):
        """Set of action names the loader may offer here ("reference", "import"...)."""
        self._missing("supported_actions")

    def run_in_main_thread(self, function, *args, **kwargs):
        """Call ``function(*args, **kwargs)`` on the host's main thread; return its result.

        Every host API call (and every call into ``maya.cmds``, ``nuke``, ``hou``,
        ``bpy``) must happen on the host's main thread: the hosts are not thread
        safe and misbehave or crash otherwise. A worker thread (a panel's loader
        thread, a farm watcher) hands its host work to this method, which blocks
        until the main thread ran it and returns the result or raises its error.
        Called on the main thread it simply calls ``function``.

        Hosts override it with their own mechanism (Maya
        ``maya.utils.executeInMainThreadWithResult``, Nuke
        ``nuke.executeInMainThreadWithResult``, Houdini
        ``hdefereval.executeInMainThreadWithResult``, Blender ``bpy.app.timers``).
        The default refuses from a worker: it has no way to reach the main thread.
        """
        if is_main_thread():
            return function(*args, **kwargs)
        from toolkit.errors import ReelkitError
        raise ReelkitError("host %r cannot run %r from the worker thread %r: it has no main "
                           "thread event loop to hand it to" % (
                               self.name or type(self).__name__,
                               getattr(function, "__name__", function),
                               threading.current_thread().name))

    #: Qt bindings the host ships, in the order to prefer them ("PySide6",
    #: "PySide2"); empty for a host that brings none of its own (the shell).
    qt_bindings = ()

    def pin_qt_binding(self):
        """Set ``QT_API`` to the binding the host ships, before qtpy is imported.

        qtpy picks ``QT_API`` when set, else its own preference (qtpy 1.x tries
        PyQt5 first), while engines wrap the host's windows with the host's own
        binding (shiboken2/6). Engines call this in ``init_engine``; see
        :func:`pin_qt_binding`. Returns the binding pinned, or None.
        """
        return pin_qt_binding(self.qt_bindings)

    @contextlib.contextmanager
    def undo_chunk(self, name):
        """Group everything done inside the block into one undo step.

        The default does nothing; hosts with an undo queue override it.
        """
        yield

    # -- user interface --------------------------------------------------------

    def main_window(self):
        """The host's main window (a QWidget) to parent panels to, or None."""
        return None

    def dock_panel(self, widget, title, panel_id):
        """Dock ``widget`` in the host's UI and return the container, or None.

        Returning None (the default) tells the engine to show the panel as a
        tool window parented to :meth:`main_window` instead.
        """
        return None

    def build_menu(self, menu_name, commands):
        """Create (or rebuild) the host menu ``menu_name``.

        ``commands`` is a list of :class:`toolkit.platform.command.Command` in
        registration order; call ``command.callback()`` from the menu item (it
        never raises: the engine reports errors). Group by
        ``command.properties.get("group")`` if the host can.
        """
        self._missing("build_menu")

    def clear_menu(self, menu_name):
        """Remove the menu ``menu_name`` (no error if it does not exist)."""
        self._missing("clear_menu")

    def log_handler(self):
        """A ``logging.Handler`` writing to the host's console.

        The default writes to ``sys.stderr``, which every host shows somewhere.
        """
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s [%(name)s] %(message)s"))
        return handler


def is_main_thread():
    """True on the process's main thread (the one every host runs its UI and scene on)."""
    main_thread = getattr(threading, "main_thread", None)
    if main_thread is not None:
        return threading.current_thread() is main_thread()
    return isinstance(threading.current_thread(), threading._MainThread)  # Python 2


#: qtpy's ``QT_API`` value for each binding module.
_QT_API_NAMES = {"PySide6": "pyside6", "PySide2": "pyside2", "PyQt5": "pyqt5", "PyQt6": "pyqt6"}


def pin_qt_binding(bindings, environ=None):
    """Point ``QT_API`` at the first of ``bindings`` the process has, before qtpy loads.

    ``bindings`` are module names in order of preference ("PySide6", "PySide2").
    A binding already imported wins (the host loaded it for its own UI); else a
    ``QT_API`` naming one of ``bindings`` is kept (the launcher or the artist
    chose); else the first one importable. Nothing is imported here. When
    qtpy was already imported with another binding it is too late: a warning
    says so and nothing changes. Returns the module name pinned, or None.
    """
    environ = os.environ if environ is None else environ
    if not bindings:
        return None
    log = logging.getLogger("reelkit.platform")
    wanted = (environ.get("QT_API") or "").lower()
    chosen = next((name for name in bindings if name in sys.modules), None)
    if chosen is None:
        chosen = next((name for name in bindings
                       if _QT_API_NAMES.get(name) == wanted and _importable(name)), None)
    if chosen is None:
        chosen = next((name for name in bindings if _importable(name)), None)
    if chosen is None:
        log.debug("none of the Qt bindings %s is importable: QT_API left alone", bindings)
        return None
    qtpy = sys.modules.get("qtpy")
    loaded = getattr(qtpy, "API_NAME", None)
    if loaded is not None and loaded != chosen:
        log.warning("qtpy was imported with %s before Reelkit could pin %s: panels may fail "
                    "to parent to the host's windows", loaded, chosen)
        return None
    environ["QT_API"] = _QT_API_NAMES[chosen]
    return chosen


def _importable(name):
    """True when module ``name`` can be imported (checked without importing it)."""
    if name in sys.modules:
        return True
    try:
        import importlib.util
        return importlib.util.find_spec(name) is not None
    except ImportError:  # Python 2: no importlib.util
        import imp
        try:
            handle = imp.find_module(name)
        except ImportError:
            return False
        if handle[0] is not None:
            handle[0].close()
        return True


#: The host API methods that touch the scene (guarded by :func:`main_thread_only`).
SCENE_METHODS = (
    "current_scene_path", "open_scene", "save_scene", "save_scene_as", "new_scene",
    "is_modified", "list_references", "update_reference", "import_file", "reference_file",
    "load_image_sequence", "read_scene_data", "write_scene_data", "select_nodes",
    "get_frame_range", "set_frame_range", "selection", "build_menu", "clear_menu")


def main_thread_only(cls):
    """Class decorator: the adapter's scene methods raise when called off the main thread.

    For hosts whose module does not refuse by itself (``bpy`` as a module, the
    shell) yet must never be touched from a worker: the error names the method
    and points at :meth:`HostAdapter.run_in_main_thread`.
    """
    for name in SCENE_METHODS:
        method = cls.__dict__.get(name)
        if method is not None and callable(method):
            setattr(cls, name, _guarded(cls.name or cls.__name__, name, method))
    return cls


def _guarded(host, name, method):
    def guarded(*args, **kwargs):
        if not is_main_thread():
            from toolkit.errors import ReelkitError
            raise ReelkitError("%s host: %s() was called from the worker thread %r; hosts run "
                               "on their main thread only: use host.run_in_main_thread()"
                               % (host, name, threading.current_thread().name))
        return method(*args, **kwargs)
    guarded.__name__ = method.__name__
    guarded.__doc__ = method.__doc__
    return guarded
