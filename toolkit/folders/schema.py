"""The folder schema: a YAML tree describing the folders of a project.

``config/schema/folders.yml``::

    root: primary                 # the storage root the tree starts at
    folders:
      - name: sequences           # a static folder
        folders:
          - type: entity          # one folder per entity of that type
            entity_type: Sequence
            name: "{code}"        # formatted with the entity's fields
            folders:
              - type: entity
                entity_type: Shot
                name: "{code}"
                filter: {sequence: $parent}   # a Shot goes under its Sequence
                folders:
                  - type: step    # one folder per Step of the entity's tasks
                    name: "{code}"
                    folders:
                      - name: work
                        folders:
                          - {name: maya, defer_creation: maya}

Node ``type`` (default ``static``): ``static``, ``entity`` (``entity_type``,
``filter``), ``list`` (one folder per value of ``field`` of ``entity_type``:
asset types), ``step``, ``user_workspace`` (``name: "{login}"``).
``defer_creation``: ``true`` (only when a host starts) or a host name / list of
host names. Children go under ``folders``.
"""

import os
import re

import six

from toolkit.errors import ConfigError

SCHEMA_FILE = "folders.yml"
NODE_TYPES = ("static", "entity", "list", "step", "user_workspace")
_NODE_KEYS = ("name", "type", "entity_type", "field", "filter", "defer_creation", "folders")
PARENT = "$parent"
# A name that is only dots, or holds a control character (newline, NUL...).
_ESCAPING = re.compile(u"^\\s*\\.+\\s*$|[\\x00-\\x1f\\x7f]")


class Node(object):
    """One folder of the schema (possibly standing for many folders on disk)."""

    def __init__(self, kind, name, parent=None, entity_type=None, field=None, filter=None,
                 defer=None, where=None):
        self.kind = kind
        self.name = name
        self.parent = parent
        self.entity_type = entity_type
        self.field = field
        self.filter = filter or {}
        self.defer = defer
        self.where = where
        self.children = []

    def wanted_for(self, engine):
        """Whether this folder is created when ``engine`` (or no host) starts."""
        if not self.defer:
            return True
        if engine is None:
            return False
        return self.defer is True or engine in self.defer

    def chain(self):
        """This node and its ancestors, root first."""
        nodes = []
        node = self
        while node is not None:
            nodes.append(node)
            node = node.parent
        return list(reversed(nodes))

    def walk(self):
        yield self
        for child in self.children:
            for node in child.walk():
                yield node

    def __repr__(self):
        return "<Node %s %r>" % (self.kind, self.name)


class FolderSchema(object):
    """The parsed schema: the root name and the top-level nodes."""

    def __init__(self, root_name, nodes, source=None):
        self.root_name = root_name
        self.nodes = nodes
        self.source = source

    def walk(self):
        for node in self.nodes:
            for child in node.walk():
                yield child

    def entity_nodes(self, type_name):
        return [n for n in self.walk() if n.kind == "entity" and n.entity_type == type_name]


def load_schema(schema_dir):
    """Read ``<schema_dir>/folders.yml``; :class:`ConfigError` with file:line on mistakes."""
    from toolkit.config.yamlfile import load_yaml

    path = os.path.join(schema_dir, SCHEMA_FILE)
    if not os.path.isfile(path):
        raise ConfigError("the folder schema is missing", path)
    data = load_yaml(path)
    return parse_schema(data, path)


def parse_schema(data, source="<schema>"):
    """A :class:`FolderSchema` from loaded YAML (``YamlMap`` keeps line numbers)."""
    if not isinstance(data, dict):
        raise ConfigError("the folder schema must be a mapping with 'folders'", source)
    unknown = set(data) - set(("root", "folders"))
    if unknown:
        raise ConfigError("unknown key; known keys: root, folders", source,
                          _line(data, sorted(unknown)[0]), sorted(unknown)[0])
    root = data.get("root", "primary")
    if not isinstance(root, six.string_types):
        raise ConfigError("must be the name of a storage root", source, _line(data, "root"), "root")
    nodes = _nodes(data.get("folders") or [], None, source, "folders", data)
    return FolderSchema(root, nodes, source)


def _line(container, key=None):
    if key is not None and hasattr(container, "key_line"):
        return container.key_line(key)
    return getattr(container, "line", None)


def _nodes(items, parent, source, where, container):
    if not isinstance(items, list):
        raise ConfigError("must be a list of folders", source, _line(container, "folders"), where)
    result = []
    for index, item in enumerate(items):
        result.append(_node(item, parent, source, "%s[%d]" % (where, index), container))
    return result


def _node(item, parent, source, where, container):
    if isinstance(item, six.string_types):
        item = {"name": item}
    if not isinstance(item, dict):
        raise ConfigError("a folder is a mapping (name, type, ...) or a name", source,
                          _line(container), where)

    def fail(message, key=None):
        raise ConfigError(message, source, _line(item, key), where + ("." + key if key else ""))

    for key in item:
        if key not in _NODE_KEYS:
            fail("unknown key; known keys: %s" % ", ".join(_NODE_KEYS), key)
    kind = item.get("type", "static")
    if kind not in NODE_TYPES:
        fail("unknown folder type %r; known: %s" % (kind, ", ".join(NODE_TYPES)), "type")
    name = item.get("name")
    if kind == "user_workspace" and name is None:
        name = "{login}"
    if kind in ("step", "entity") and name is None:
        name = "{code}"
    if kind == "list" and name is None:
        name = "{value}"
    if not isinstance(name, six.string_types) or not name or "/" in name or "\\" in name:
        fail("a folder needs a name without path separators", "name")
    if _ESCAPING.search(name) or (kind == "static" and name.strip() in (".", "..")):
        # ".." (or "{code}.." making one) would put folders outside the project.
        fail("a folder name cannot be '.', '..' or hold a control character", "name")
    entity_type = item.get("entity_type")
    if kind in ("entity", "list"):
        from toolkit.store.entities import SCHEMA
        if entity_type not in SCHEMA:
            fail("entity_type must be one of %s" % ", ".join(sorted(SCHEMA)), "entity_type")
    field = item.get("field")
    if kind == "list" and not field:
        fail("a list folder needs 'field' (e.g. sg_asset_type)", "field")
    flt = item.get("filter") or {}
    if not isinstance(flt, dict) or any(v != PARENT for v in flt.values()):
        fail("filter maps a field to $parent, e.g. {sequence: $parent}", "filter")
    if len(flt) > 1:
        fail("filter takes one field", "filter")
    defer = item.get("defer_creation")
    if isinstance(defer, six.string_types):
        defer = [defer]
    if defer not in (None, True, False) and not (
            isinstance(defer, list) and all(isinstance(d, six.string_types) for d in defer)):
        fail("defer_creation is true or a host name (or list of names)", "defer_creation")
    node = Node(kind, name, parent, entity_type, field, flt, defer or None,
                (source, _line(item)))
    node.children = _nodes(item.get("folders") or [], node, source, where + ".folders", item)
    return node
