"""``create_folders``: make the folders of an entity from the schema, and cache them.

Creating folders for a Shot creates its Sequence folder on the way, the Shot
folder, and everything the schema puts beneath it (step folders for the Steps
of the Shot's tasks, static folders, host folders when that host starts) - but
not the folders of other entities. Every entity folder goes into the store's
path cache, so any file beneath it resolves to the entity.

The whole plan is checked before anything is made: a folder recorded in the
path cache for another entity, or an entity already cached at another folder
(renamed since), is a :class:`FolderError` and nothing is created. Re-running
is a no-op.
"""

import getpass
import os
import re
import string

from toolkit.folders.errors import FolderError
from toolkit.folders.schema import load_schema


def create_folders(project, store, entity, engine=None, dry_run=False, user=None, schema=None):
    """Create the folders of ``entity`` (a link; a Task means its entity and step).

    ``engine``: the host starting (``"maya"``...), which also creates folders
    deferred to it. ``dry_run``: create nothing, return what would be created.
    ``user``: login for user workspaces (default: the login running this).
    Returns the folders created (absolute paths, parents first).
    """
    schema = schema or load_schema(project.schema_dir)
    root = (getattr(project, "roots", None) or {}).get(schema.root_name)
    if not root:
        raise FolderError("the folder schema uses root %r, which project %s does not define"
                          % (schema.root_name, getattr(project, "name", "?")))
    plan = FolderPlan(store, schema, os.path.abspath(root), engine, user)
    plan.build(entity)
    plan.check()
    return plan.execute(dry_run)


class FolderPlan(object):
    """The folders (and path-cache entries) for one entity, before any is made."""

    def __init__(self, store, schema, root, engine, user):
        self.store = store
        self.schema = schema
        self.root = root
        self.engine = engine
        self.user = user
        self.folders = []        # absolute paths, parents first
        self.cache = []          # (path, entity link)

    # -- planning ------------------------------------------------------------
    def build(self, entity):
        entity = self._fetch(entity)
        steps = None
        if entity["type"] == "Task":
            steps = [entity["step"]] if entity.get("step") else []
            if not entity.get("entity"):
                raise FolderError("task %r is not linked to an entity" % entity.get("content"))
            entity = self._fetch(entity["entity"])
        project = getattr(self.store, "project", None)
        self._add(self.root, project)
        if entity["type"] == "Project":
            for node in self.schema.nodes:
                self._expand(node, self.root, None, steps)
            return
        nodes = self.schema.entity_nodes(entity["type"])
        if not nodes:
            raise FolderError("the folder schema has no folder for %s entities"
                              % entity["type"])
        if steps is None:
            steps = self._steps_of(entity)
        for node in nodes:
            path = self._chain_path(node, entity)
            for child in node.children:
                self._expand(child, path, entity, steps)

    def _fetch(self, link):
        if not isinstance(link, dict) or not link.get("type") or link.get("id") is None:
            raise FolderError("expected an entity link {'type', 'id'}, got %r" % (link,))
        found = self.store.find_one(link["type"], [["id", "is", link["id"]]])
        if found is None:
            raise FolderError("%s %s does not exist" % (link["type"], link["id"]))
        return found

    def _steps_of(self, entity):
        tasks = self.store.find("Task", [["entity", "is", entity]], ["step"])
        steps = {}
        for task in tasks:
            if task.get("step"):
                steps[task["step"]["id"]] = task["step"]
        return [steps[i] for i in sorted(steps)]

    def _chain_path(self, node, entity):
        """The folder of ``entity`` at ``node``, adding its ancestors to the plan."""
        names = []
        current = entity   # what the node being named stands for
        chain = node.chain()
        owners = [None] * len(chain)
        for index in range(len(chain) - 1, -1, -1):
            item = chain[index]
            if item.kind == "static":
                names.append(item.name)
                continue
            if current is None:
                raise FolderError("%s: the %s folder %r has no filter linking it to %s"
                                  % (_where(chain[index + 1]), chain[index + 1].kind,
                                     chain[index + 1].name, item.kind))
            if item.kind == "entity":
                if isinstance(current, dict) and current.get("type") != item.entity_type:
                    current = None
                if not isinstance(current, dict):
                    raise FolderError("%s: expected a %s above, the schema does not match"
                                      % (_where(item), item.entity_type))
                if current is not entity:  # a link from the child's filter
                    current = self._fetch(current)
                names.append(_format(item, current))
                owners[index] = current
                current = self._parent_value(item, current)
            elif item.kind == "list":
                names.append(_format(item, {"value": current}))
                current = None
            else:
                raise FolderError("%s: a %s folder cannot hold an entity folder"
                                  % (_where(item), item.kind))
        names.reverse()
        path = self.root
        for item, name, owner in zip(chain, names, owners):
            path = os.path.join(path, name)
            self._add(path, owner and {"type": owner["type"], "id": owner["id"]})
        return path

    def _parent_value(self, node, entity):
        if not node.filter:
            return None
        field = list(node.filter)[0]
        if field not in entity:
            raise FolderError("%s: %s has no field %r (filter)" % (_where(node), entity["type"],
                                                                   field))
        value = entity[field]
        if value in (None, ""):
            raise FolderError("%s %s has no %s: the schema puts it under its %s folder"
                              % (entity["type"], entity.get("code"), field, field))
        return value

    def _expand(self, node, parent_path, entity, steps):
        if not node.wanted_for(self.engine):
            return
        if node.kind in ("entity", "list"):
            return  # other entities' folders are made when they are
        if node.kind == "static":
            targets = [(node.name, None)]
        elif node.kind == "step":
            targets = [(_format(node, self._fetch(step)), None) for step in steps or ()]
        else:  # user_workspace
            login = self.user or getpass.getuser()
            targets = [(_format(node, {"login": login}), None)]
        for name, owner in targets:
            path = os.path.join(parent_path, name)
            self._add(path, owner)
            for child in node.children:
                self._expand(child, path, entity, steps)

    def _add(self, path, entity):
        if path not in self.folders:
            self.folders.append(path)
        if entity:
            self.cache.append((path, {"type": entity["type"], "id": entity["id"]}))

    # -- checking and doing ----------------------------------------------------
    def check(self):
        # Whatever the schema and the codes say, nothing is made outside the root.
        root = _norm(self.root).rstrip("/") + "/"
        for path in self.folders:
            if not (_norm(path) + "/").startswith(root):
                raise FolderError("%s is outside the project root %s: refused" % (path, self.root))
        for path, entity in self.cache:
            if os.path.exists(path) and not os.path.isdir(path):
                raise FolderError("%s exists and is not a folder" % path)
            known = self.store.path_cache_lookup(path)
            if known and (known["type"], known["id"]) != (entity["type"], entity["id"]):
                if _norm(path) in [_norm(p) for p in self.store.path_cache_entries(known)]:
                    raise FolderError("%s is already the folder of %s %s (path cache); not "
                                      "reusing it for %s %s" % (
                                          path, known["type"], _label(known), entity["type"],
                                          entity["id"]))
            entries = [_norm(p) for p in self.store.path_cache_entries(entity)]
            if entries and _norm(path) not in entries:
                raise FolderError("%s %s already has the folder %s in the path cache (renamed "
                                  "since?); not creating %s" % (entity["type"], entity["id"],
                                                                 entries[0], path))
        for path in self.folders:
            if os.path.exists(path) and not os.path.isdir(path):
                raise FolderError("%s exists and is not a folder" % path)

    def execute(self, dry_run=False):
        created = [path for path in self.folders if not os.path.isdir(path)]
        if dry_run:
            return created
        for path in created:
            try:
                os.makedirs(path)
            except OSError as exc:
                if not os.path.isdir(path):
                    raise FolderError("cannot create %s: %s" % (path, exc))
        for path, entity in self.cache:
            self.store.path_cache_add(path, entity)
        return created


def _format(node, values):
    try:
        name = _FolderNames().vformat(node.name, (), _Values(values))
    except (KeyError, IndexError, ValueError) as exc:
        raise FolderError("%s: cannot name folder %r: %s" % (_where(node), node.name, exc))
    if not name or "/" in name or "\\" in name or name.strip(". ") == "" or _CONTROL.search(name):
        raise FolderError("%s: folder name %r from %r is not a valid folder name"
                          % (_where(node), name, node.name))
    return name


_CONTROL = re.compile(u"[\x00-\x1f\x7f]")


class _FolderNames(string.Formatter):
    def get_field(self, field_name, args, kwargs):
        # "{code.__class__}" or "{code[0]}": a folder name takes plain fields only.
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*\Z", field_name):
            raise ValueError("only plain fields such as {code} may name a folder, not {%s}"
                             % field_name)
        return string.Formatter.get_field(self, field_name, args, kwargs)

    def format_field(self, value, format_spec):
        if value is None:  # a Shot without a code must not become a folder "None"
            raise ValueError("a field it names is empty")
        return string.Formatter.format_field(self, value, format_spec)


class _Values(dict):
    def __missing__(self, key):
        raise KeyError("no field %r" % key)


def _where(node):
    source, line = node.where or (None, None)
    return "%s:%s" % (source, line) if line else str(source)


def _label(entity):
    for key in ("code", "content", "login", "name"):
        if entity.get(key):
            return entity[key]
    return entity.get("id")


def _norm(path):
    return os.path.normpath(os.path.abspath(path)).replace("\\", "/")

