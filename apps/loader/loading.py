"""Which load actions a publish offers, and running them through the host API.

Action names are a small vocabulary shared by the loader settings, the host's
``supported_actions()`` and the actions hook:

==============  =================================================  ==========================
name            host API call                                      typical host
==============  =================================================  ==========================
``reference``   ``host.reference_file(path, namespace)``           Maya, any host with refs
``import``      ``host.import_file(path, namespace)``              every host
``open``        ``host.open_scene(path)``                          every host
``read_node``   ``host.load_image_sequence(path, first, last)``    Nuke Read, Houdini COP
``file_node``   ``host.reference_file(path)``                      Houdini file/alembic node
``link``        ``host.reference_file(path)``                      Blender library link
``append``      ``host.import_file(path)``                         Blender append
==============  =================================================  ==========================

A host may advertise ``reference``/``import`` instead of its own words: the menu
then shows its artists' labels (:data:`HOST_LABELS`: Blender "Link"/"Append").

No Qt here: the panel, the CLI and a farm job run the same code.
"""

import collections
import logging
import re

from toolkit.errors import ReelkitError

LOG = logging.getLogger(__name__)


class LoaderError(ReelkitError):
    """A load action cannot run (unknown action, publish without a path...)."""


class Action(collections.namedtuple("Action", "name label")):
    """An action offered for a publish: ``name`` (what runs) and ``label`` (what shows)."""

    __slots__ = ()


def _namespace_for(publish):
    """A namespace safe in every host: the publish name with odd characters folded to ``_``."""
    name = publish.get("name") or publish.get("code") or "publish"
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


def publish_path(publish):
    """The local path of ``publish`` (a string, or a ShotGrid-style ``{"local_path": ...}``)."""
    path = publish.get("path")
    if isinstance(path, dict):
        path = path.get("local_path") or path.get("local_path_linux")
    if not path:
        raise LoaderError("publish %r has no path" % (publish.get("code") or publish.get("id"),))
    return path


def _frame_range(publish, host):
    first, last = publish.get("first_frame"), publish.get("last_frame")
    if first is None or last is None:
        # A sequence published without a range: the scene's range is the best guess.
        first, last = host.get_frame_range()
    return first, last


def _reference(publish, host):
    return host.reference_file(publish_path(publish), namespace=_namespace_for(publish))


def _import(publish, host):
    return host.import_file(publish_path(publish), namespace=_namespace_for(publish))


def _open(publish, host):
    return host.open_scene(publish_path(publish))


def _read_node(publish, host):
    first, last = _frame_range(publish, host)
    return host.load_image_sequence(publish_path(publish), first, last)


def _live_file(publish, host):
    return host.reference_file(publish_path(publish))


def _append(publish, host):
    return host.import_file(publish_path(publish))


# name -> (label, callable(publish, host)); ordered for documentation and menus.
BUILTIN_ACTIONS = collections.OrderedDict([
    ("reference", ("Reference", _reference)),
    ("import", ("Import", _import)),
    ("open", ("Open", _open)),
    ("read_node", ("Create Read Node", _read_node)),
    ("file_node", ("Load as File Node", _live_file)),
    ("link", ("Link", _live_file)),
    ("append", ("Append", _append)),
])


# What artists of a host call an action: a Blender "reference" is a library link.
HOST_LABELS = {
    "blender": {"reference": "Link", "import": "Append"},
    "houdini": {"reference": "Load as File Node", "import": "Merge"},
    "nuke": {"import": "Import Nodes"},
}


def run_builtin_action(name, publish, host):
    """Run the built-in action ``name`` on ``publish`` through ``host``; returns the host's result."""
    try:
        function = BUILTIN_ACTIONS[name][1]
    except KeyError:
        raise LoaderError("unknown loader action %r (known: %s)"
                          % (name, ", ".join(BUILTIN_ACTIONS)))
    return function(publish, host)


def _as_action(item):
    """Hooks may return Action tuples, ``(name, label)`` pairs, dicts or bare names."""
    if isinstance(item, Action):
        return item
    if isinstance(item, dict):
        return Action(item["name"], item.get("label") or item["name"])
    if isinstance(item, (tuple, list)):
        return Action(item[0], item[1])
    return Action(item, item)


class ActionCatalog(object):
    """Decides which actions each publish offers.

    ``action_map`` maps published-file types to action names (the app's ``actions``
    setting); only the names the host supports are kept. An actions ``hook`` may add
    actions of its own through ``generate_actions(publish, host)``, and runs every
    action through ``execute_action(name, publish, host)``.
    """

    def __init__(self, action_map, host, hook=None):
        self.action_map = dict(action_map or {})
        self.host = host
        self.hook = hook
        self._supported = None

    @property
    def supported(self):
        """The action names the host can run (an empty set without a host)."""
        if self._supported is None:
            self._supported = set(self.host.supported_actions()) if self.host is not None else set()
        return self._supported

    def actions_for(self, publish):
        """The actions offered for ``publish``, default (double-click) action first."""
        actions = []
        for name in self.action_map.get(publish.get("published_file_type"), ()):
            if name in self.supported:
                label = HOST_LABELS.get(self.host.name, {}).get(name) or (
                    BUILTIN_ACTIONS[name][0] if name in BUILTIN_ACTIONS else name)
                # Two names may do one thing in a host (Houdini: reference and
                # file_node both make a file SOP): offer it once, first name wins.
                if label not in [a.label for a in actions]:
                    actions.append(Action(name, label))
        if self.hook is not None and self.host is not None:
            for item in self.hook.generate_actions(publish, self.host) or ():
                action = _as_action(item)
                if action.name not in [a.name for a in actions]:
                    actions.append(action)
        return actions

    def default_action(self, publish):
        """The first action offered for ``publish``, or None."""
        actions = self.actions_for(publish)
        return actions[0] if actions else None

    def common_actions(self, publishes):
        """The actions every one of ``publishes`` offers, in the order of the first one."""
        common = None
        for publish in publishes:
            actions = self.actions_for(publish)
            if common is None:
                common = actions
            else:
                names = set(a.name for a in actions)
                common = [a for a in common if a.name in names]
        return common or []

    def execute(self, name, publish):
        """Run action ``name`` on one publish (through the hook when there is one)."""
        if self.host is None:
            raise LoaderError("no host to load %r into" % (publish.get("code"),))
        if self.hook is not None:
            return self.hook.execute_action(name, publish, self.host)
        return run_builtin_action(name, publish, self.host)


class LoadReport(object):
    """What happened when several publishes were loaded: results and per-item errors."""

    def __init__(self, action):
        self.action = action
        self.loaded = []   # [(publish, host result)]
        self.failed = []   # [(publish, error message)]

    @property
    def ok(self):
        return not self.failed

    def summary(self):
        """One line for a status bar: ``Loaded 2 of 3 (1 failed)``."""
        total = len(self.loaded) + len(self.failed)
        text = "%s: loaded %d of %d" % (self.action, len(self.loaded), total)
        if self.failed:
            text += " (%d failed)" % len(self.failed)
        return text

    def error_lines(self):
        """``code vNNN: message`` for every failure."""
        return ["%s v%03d: %s" % (p.get("code") or p.get("name"), p.get("version_number") or 0, m)
                for p, m in self.failed]

    def __repr__(self):
        return "<LoadReport %s>" % self.summary()


#: Actions that replace the scene. Hosts flush their undo queue when a scene
#: opens (an undo chunk around it breaks), so these never run inside one.
SCENE_REPLACING = frozenset(["open"])


def load_publishes(catalog, publishes, action=None):
    """Run ``action`` on every publish, the loads inside one host undo chunk named ``Load``.

    With ``action`` None each publish gets its default (first offered) action.
    Opening a scene (:data:`SCENE_REPLACING`) runs outside any undo chunk.
    One failing publish does not stop the others: its error is collected in the
    returned :class:`LoadReport` (and logged with its traceback).
    """
    report = LoadReport(action or "default")
    if catalog.host is None:
        raise LoaderError("no host to load into")
    chunk = []  # publishes waiting to load together in one undo chunk

    def load_chunk():
        if chunk:
            with catalog.host.undo_chunk("Load"):
                for publish in chunk:
                    _load_one(catalog, publish, action, report)
            del chunk[:]

    for publish in publishes:
        if _action_name(catalog, publish, action) in SCENE_REPLACING:
            load_chunk()
            _load_one(catalog, publish, action, report)
        else:
            chunk.append(publish)
    load_chunk()
    return report


def _action_name(catalog, publish, action):
    """The action that will run for ``publish`` (None when it has none)."""
    if action is not None:
        return action
    try:
        default = catalog.default_action(publish)
    except Exception:
        return None  # _load_one reports it
    return default.name if default is not None else None


def _load_one(catalog, publish, action, report):
    name = action
    try:
        if name is None:
            default = catalog.default_action(publish)
            if default is None:
                raise LoaderError("no action for %r in %s" % (
                    publish.get("published_file_type"), catalog.host.name))
            name = default.name
        report.loaded.append((publish, catalog.execute(name, publish)))
    except Exception as error:  # one bad file must not stop the batch
        LOG.warning("loader: %s failed on %s", name, publish.get("path"), exc_info=True)
        report.failed.append((publish, str(error) or error.__class__.__name__))
