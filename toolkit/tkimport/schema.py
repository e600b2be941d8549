"""A ShotGrid Toolkit folder schema (``core/schema``) as Reelkit's ``folders.yml``.

tk describes each folder by a folder of the same name in ``core/schema`` and,
for a folder that is not plain, a ``<name>.yml`` beside it (``type:
shotgun_entity``, ``shotgun_list_field``, ``shotgun_step``,
``user_workspace``, ``static`` with ``defer_creation``...). The tree of the
default storage root (``core/schema/project`` in a one-root config, else
``core/schema/<root>``) becomes the Reelkit schema; what Reelkit's schema has
no word for (task folders, files copied into folders, other roots' trees,
filters other than "under its parent") is a note with file and line.
"""

import os
from collections import OrderedDict

import six

from toolkit.config.yamlfile import load_yaml
from toolkit.errors import ConfigError

#: tk entity fields that link an entity to the folder above it, as Reelkit
#: names them in its store.
_PARENT_FIELDS = {("Shot", "sg_sequence"): "sequence", ("Asset", "sg_asset_type"): "sg_asset_type",
                  ("Shot", "sequence"): "sequence"}
_HANDLED = {
    "static": ("type", "defer_creation"),
    "shotgun_entity": ("type", "name", "entity_type", "filters"),
    "shotgun_list_field": ("type", "entity_type", "field_name", "skip_unused"),
    "shotgun_step": ("type", "name"),
    "user_workspace": ("type", "name"),
}


def convert_schema(schema_dir, default_root, notes):
    """The Reelkit folder schema (a dict for ``folders.yml``) of tk's
    ``schema_dir``, or None when the config has none."""
    if not os.path.isdir(schema_dir):
        return None
    ignored = _ignore_names(schema_dir)
    root_name = default_root
    top = None
    for name in sorted(os.listdir(schema_dir)):
        folder = os.path.join(schema_dir, name)
        if not os.path.isdir(folder):
            continue
        # a root's tree: <folder>.yml says which root (type: project, root_name)
        settings = _settings(folder + ".yml")
        serves = settings.get("root_name") or (default_root if name == "project" else name)
        if serves == default_root and top is None:
            top = folder
        else:
            notes.add((folder + ".yml", None), "schema/%s" % name,
                      "the folders of root %s are not carried over: a Reelkit folder "
                      "schema describes one root (%s)" % (serves, default_root))
    if top is None:
        notes.add((schema_dir, None), "schema", "no folder tree for root %s: no folder schema "
                  "carried over" % default_root)
        return None
    folders = _children(top, schema_dir, ignored, notes, None)
    return OrderedDict([("root", root_name), ("folders", folders)])


def _settings(path):
    """The settings of a schema folder (its ``<name>.yml``), {} when it has none."""
    if not os.path.isfile(path):
        return {}
    settings = load_yaml(path)
    if not isinstance(settings, dict):
        raise ConfigError("a folder's settings must be a mapping", path, 1)
    return settings


def _ignore_names(schema_dir):
    path = os.path.join(schema_dir, "ignore_files")
    names = set(["ignore_files"])
    if os.path.isfile(path):
        with open(path) as handle:
            for line in handle:
                line = line.strip()
                if line and not line.startswith("#"):
                    names.add(line)
    return names


def _children(folder, schema_dir, ignored, notes, parent_type):
    nodes = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name in ignored:
            continue
        if os.path.isdir(path):
            node = _node(path, schema_dir, ignored, notes, parent_type)
            if node is not None:
                nodes.append(node)
        elif name.endswith(".yml") and os.path.isdir(path[:-4]):
            continue  # the settings of the folder beside it
        else:
            notes.add((path, None), _label(path, schema_dir),
                      "file not carried over: a Reelkit folder schema creates folders only")
    return nodes


def _label(path, schema_dir):
    return "schema/" + os.path.relpath(path, schema_dir).replace(os.sep, "/")


def _node(path, schema_dir, ignored, notes, parent_type):
    label = _label(path, schema_dir)
    settings_path = path + ".yml"
    settings = _settings(settings_path)
    where = (settings_path, None)
    kind = settings.get("type", "static")

    def note(option, message):
        line = settings.key_line(option) if option and hasattr(settings, "key_line") else None
        notes.add((settings_path, line), label, message)

    if kind not in _HANDLED:
        notes.add(where, label, "folder type '%s' not carried over (nor what is beneath it)"
                  % (kind,))
        return None
    for option in settings:
        if option not in _HANDLED[kind]:
            note(option, "option '%s' not carried over" % (option,))
    node = OrderedDict()
    entity_type = None
    if kind == "static":
        node["name"] = os.path.basename(path)
        defer = settings.get("defer_creation")
        if defer:
            node["defer_creation"] = _engines(defer)
    elif kind == "shotgun_entity":
        entity_type = settings.get("entity_type")
        from toolkit.store.entities import SCHEMA
        if entity_type not in SCHEMA:
            note("entity_type", "entity type '%s' not carried over (nor what is beneath it): "
                 "the Reelkit store has %s" % (entity_type, ", ".join(sorted(SCHEMA))))
            return None
        node["type"] = "entity"
        node["entity_type"] = entity_type
        node["name"] = _name(settings.get("name", "code"))
        link = _parent_filter(entity_type, settings.get("filters") or [], parent_type, note)
        if link:
            node["filter"] = {link: "$parent"}
    elif kind == "shotgun_list_field":
        node["type"] = "list"
        node["entity_type"] = settings.get("entity_type")
        node["field"] = settings.get("field_name")
        node["name"] = "{value}"
        entity_type = "list"
    elif kind == "shotgun_step":
        node["type"] = "step"
        if settings.get("name", "short_name") not in ("short_name", "code"):
            note("name", "step folders are named by the Step's code in Reelkit, not by '%s'"
                 % settings.get("name"))
        node["name"] = "{code}"
    else:
        node["type"] = "user_workspace"
        node["name"] = "{login}"
    children = _children(path, schema_dir, ignored, notes, entity_type or parent_type)
    if children:
        node["folders"] = children
    return node


def _engines(defer):
    """tk engine names (``tk-maya``) as Reelkit's (``maya``)."""
    if defer is True:
        return True
    names = [defer] if isinstance(defer, six.string_types) else list(defer)
    names = [n[3:] if n.startswith("tk-") else n for n in names]
    return names[0] if len(names) == 1 else names


def _name(name):
    """A tk name expression (``code``, ``{code}_{sg_asset_type}``) as Reelkit's."""
    text = six.text_type(name)
    return text if "{" in text else "{%s}" % text


def _parent_filter(entity_type, filters, parent_type, note):
    """The Reelkit field linking ``entity_type`` to the folder above, or None."""
    link = None
    for item in filters:
        if not isinstance(item, dict):
            note("filters", "filter '%s' not carried over" % (item,))
            continue
        field = item.get("path")
        values = item.get("values") or []
        if field == "project" and values == ["$project"]:
            continue  # every Reelkit entity is of its project
        mapped = _PARENT_FIELDS.get((entity_type, field))
        if (item.get("relation") == "is" and len(values) == 1
                and six.text_type(values[0]).startswith("$") and mapped and link is None):
            link = mapped
            continue
        note("filters", "filter %s %s %s not carried over: a Reelkit entity folder is only "
             "filtered by the folder above it" % (field, item.get("relation"), values))
    return link
