"""Everything the Launcher panel does, without Qt: projects, entities, tasks, the
hosts a context's environment allows, the latest work file, and the launch.

A project's hosts are the engines of the environment its context picks (the
shell excepted), each with the executable the launcher would use or why there
is none, so the panel shows a host it cannot start greyed out with the reason.
"""

import collections
import os

from toolkit.context import Context
from toolkit.errors import ReelkitError

#: A host offered in a context: engine name, whether it can start, the
#: executable (or the reason it cannot start).
HostChoice = collections.namedtuple("HostChoice", "engine available detail")

class LauncherSession(object):
    """The projects and store the Launcher works with.

    ``project``: the loaded project the launcher runs in; ``extra_projects``:
    folders of other projects to offer; ``launch``: the function starting a
    host (:func:`toolkit.platform.launch.launch`; tests may pass another).
    """

    def __init__(self, project, extra_projects=(), template_work="{engine}_{entity_type}_work",
                 launch=None, environ=None):
        self.project = project
        self.template_work = template_work
        self._extra = [os.path.expandvars(os.path.expanduser(p)) for p in extra_projects]
        self._launch = launch
        self._environ = environ
        self._stores = {}

    @classmethod
    def from_app(cls, app):
        return cls(app.project, app.get_setting("projects") or (),
                   app.get_setting("template_work"))

    # -- what the artist picks -----------------------------------------------

    def projects(self):
        """``[(name, config_dir)]``: the current project, then the configured ones."""
        from toolkit.config import load_project
        found = [(self.project.name, self.project.config_dir)]
        for folder in self._extra:
            try:
                other = load_project(folder)
            except ReelkitError as exc:
                raise ReelkitError("launcher setting projects: %s: %s" % (folder, exc))
            if other.config_dir not in [c for _, c in found]:
                found.append((other.name, other.config_dir))
        return found

    def use_project(self, config_dir):
        """Switch to the project whose config folder is ``config_dir``."""
        from toolkit.config import load_project
        if config_dir != self.project.config_dir:
            self.project = load_project(config_dir)

    def entities(self):
        """``[entity]`` of this project: shots by sequence and code, then assets by
        type and code, in the order of the project's tree (:mod:`toolkit.entity_tree`)."""
        from toolkit.entity_tree import build_entity_tree
        store = self.store
        tree = build_entity_tree(store, store.project)
        return [node.entity for node in tree.walk()
                if node.kind == "entity" and node.entity["type"] in ("Shot", "Asset")]

    def tasks(self, entity):
        """The tasks of ``entity``, by name."""
        link = {"type": entity["type"], "id": entity["id"]}
        return self.store.find("Task", [["entity", "is", link]], ["content", "step", "entity"],
                               order=[("content", "asc")])

    def context_for(self, entity=None, task=None):
        """The context of a task, else of an entity, else of the project."""
        if task is not None:
            return Context.from_entity(dict(task, type="Task"), self.project, self.store)
        if entity is not None:
            return Context.from_entity(entity, self.project, self.store)
        return Context.from_string("project", project=self.project)

    def hosts(self, context):
        """``[HostChoice]``: every engine of ``context``'s environment but the shell."""
        from toolkit.platform.environment import pick_environment
        from toolkit.platform.launch import find_host
        from toolkit.platform.discovery import BundleIndex
        env_name = pick_environment(self.project, context)
        env = self.project.environments[env_name]
        index = BundleIndex(self.project)
        environ = dict(os.environ if self._environ is None else self._environ)
        choices = []
        for name in sorted(env.get("engines") or {}):
            if name == "shell":
                continue
            info = index.get(name)
            scan = (info.manifest.launch or {}).get("scan") if info is not None else None
            try:
                host = find_host(name, self.project, env, environ, scan=scan)
            except ReelkitError as exc:
                choices.append(HostChoice(name, False, str(exc)))
                continue
            choices.append(HostChoice(name, host.found, host.path if host.found else
                                      "executable %s not found" % host.path))
        return choices

    def latest_work_file(self, engine_name, context):
        """The newest work file of ``engine_name`` in ``context`` (mine first), or None."""
        from toolkit.workfiles import WorkArea, current_login, list_work_files
        if not context.entity:
            return None
        name = self.template_work.format(engine=engine_name,
                                         entity_type=context.entity["type"].lower())
        if name not in self.project.templates:
            return None
        fields = context.as_template_fields()
        fields.pop("User", None)
        me = current_login(context)
        files = list_work_files(WorkArea.for_names(self.project, name), fields, me)
        for owner in (me, None):  # my sandbox, else the shared area
            mine = [f for f in files if f.user == owner]
            if mine:
                return max(mine, key=lambda f: (f.mtime or 0, f.version or 0)).path
        return None

    def launch(self, engine_name, context, open_latest=False, version=None):
        """Start ``engine_name`` in ``context``; returns the launch plan (its ``log_path``)."""
        from toolkit.platform.launch import launch
        open_file = self.latest_work_file(engine_name, context) if open_latest else None
        if open_latest and open_file is None:
            raise ReelkitError("no %s work file in %s to open" % (engine_name, context))
        return (self._launch or launch)(engine_name, context, self.project, version=version,
                                        open_file=open_file, environ=self._environ)

    # -- store -------------------------------------------------------------------

    @property
    def store(self):
        """The current project's store (one per project, opened on first use)."""
        from toolkit.store import open_store
        key = self.project.config_dir
        if key not in self._stores:
            self._stores[key] = open_store(self.project)
        return self._stores[key]

    def close(self):
        for store in self._stores.values():
            store.close()
        self._stores.clear()

