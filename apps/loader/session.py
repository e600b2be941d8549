"""Everything a Loader panel (or a headless load) works with, in one object.

:class:`LoaderSession` binds the store, the host, the actions setting, the
actions hook and the starting context. The app builds one from itself
(:meth:`LoaderSession.from_app`); tests, the standalone window and the benchmark
build one directly.
"""

import os

from toolkit.entity_tree import build_entity_tree
from .loading import ActionCatalog, LoaderError, load_publishes, run_builtin_action
from .model import PublishList, PublishQuery

MANIFEST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "manifest.yml")


def default_setting(name):
    """The manifest default of setting ``name`` (the one place defaults are written)."""
    from toolkit.config.yamlfile import load_yaml
    return load_yaml(MANIFEST)["settings"][name].get("default")


def default_actions_hook(parent=None):
    """An instance of the loader's own actions hook (``{self}/actions.py``).

    ``parent`` is what the hook runs built-in actions through (its
    ``run_builtin_action``): a :class:`LoaderSession` or the app.
    """
    from toolkit.platform.hooks import hook_folders, load_hook_class
    folder = os.path.join(os.path.dirname(MANIFEST), "hooks")
    return load_hook_class("{self}/actions.py", hook_folders(folder))(parent)


class LoaderSession(object):
    """The store, host, actions and context one Loader works with.

    ``project`` is the Project entity whose publishes show (None: the first
    project of the store); ``context`` a :class:`toolkit.context.Context` whose
    entity is selected first; ``action_map`` the ``actions`` setting (its manifest
    default if None); ``hook`` the actions hook (the default hook if None).
    """

    def __init__(self, store, host=None, action_map=None, hook=None, project=None,
                 context=None, page_size=200):
        self.store = store
        self.host = host
        self.context = context
        if project is None:
            project = self._context_project(store, context)
        self.project = project
        if action_map is None:
            action_map = default_setting("actions")
        if hook is None:
            hook = default_actions_hook(self)
        elif getattr(hook, "parent", False) is None:
            hook.parent = self  # a hook made without a parent runs built-ins through us
        self.catalog = ActionCatalog(action_map, host, hook)
        self.query = PublishQuery(store, project)
        self.page_size = page_size

    # The actions hook (whose parent this is) runs built-in actions through this.
    run_builtin_action = staticmethod(run_builtin_action)

    @staticmethod
    def _context_project(store, context):
        config = getattr(context, "project", None) if context is not None else None
        found = _project_entity(store, config) if config is not None else None
        if found is None:
            found = store.find_one("Project", [], ["code", "name"], order=[("id", "asc")])
        if found is None:
            raise LoaderError("the store holds no Project")
        return found

    @classmethod
    def from_app(cls, app):
        """The session of a running :class:`apps.loader.app.LoaderApp`."""
        store = app.store
        project = _project_entity(store, app.project)
        return cls(store, host=app.engine.host, action_map=app.get_setting("actions"),
                   hook=app.create_hook("hook_actions"), project=project,
                   context=app.context, page_size=app.get_setting("page_size") or 200)

    def entity_tree(self):
        """A fresh :class:`EntityNode` tree of the project."""
        return build_entity_tree(self.store, self.project)

    def publish_list(self):
        """A new, empty :class:`PublishList` (set a filter, then fetch)."""
        return PublishList(self.query, self.page_size)

    def start_entity(self):
        """The entity the Loader selects first: the context's, if any."""
        return getattr(self.context, "entity", None) if self.context is not None else None

    def load(self, publishes, action=None):
        """Run ``action`` (each one's default if None) on ``publishes``: a :class:`LoadReport`."""
        return load_publishes(self.catalog, list(publishes), action)


def _project_entity(store, project_config):
    """The Project entity of a loaded project config (by code, then by name)."""
    name = getattr(project_config, "name", None)
    if name:
        for field in ("code", "name"):
            found = store.find_one("Project", [[field, "is", name]], ["code", "name"])
            if found is not None:
                return found
    return None
