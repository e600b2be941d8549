"""Configuration files with ``include:`` and ``@name`` references.

:func:`load_config_file` loads a YAML file the way every project file is read:

``include:`` (top level only)
    A path or a list of paths, relative to the including file; ``{config}``
    (the project's config folder) and ``$VAR``/``${VAR}`` are expanded. The
    top-level mappings of the included files are deep-merged in order (a later
    include wins over an earlier one) and the including file wins over all of
    them. Included files may include further files.

``@name`` references
    A string value that is exactly ``@name`` or ``@a.b.c`` is replaced by that
    top-level block (or the block at that dotted path; a number picks a list
    item) of the merged file. ``@@text`` stands for the literal ``@text``.

Referenced blocks stay in the result; by convention shared blocks are given
names starting with ``_`` so readers of the config know they are not settings
of their own. Every value keeps the file and line it was written at, so errors
found later still point at the right place; mappings built by merging are
:class:`MergedMap` and know, per key, which file the key came from.
"""

import os
import re

import six

from toolkit.config.variables import expand_variables
from toolkit.config.yamlfile import YamlList, YamlMap, load_yaml
from toolkit.errors import ConfigError

INCLUDE_KEY = "include"

_REFERENCE = re.compile(r"^@([A-Za-z_][\w-]*(?:\.[\w-]+)*)$")


class MergedMap(YamlMap):
    """A :class:`YamlMap` merged from several files.

    ``source`` and ``line`` are those of the winning (including) mapping;
    ``key_sources`` records the file of keys that came from another file.
    """

    def __init__(self, *args, **kwargs):
        super(MergedMap, self).__init__(*args, **kwargs)
        self.key_sources = {}

    def key_source(self, key):
        """File where ``key`` was written."""
        return self.key_sources.get(key, self.source)

    def where(self, key=None):
        if key is None:
            return self.source, self.line
        return self.key_source(key), self.key_line(key)


def where(container, key=None):
    """``(file, line)`` of ``container`` or of one of its keys/items.

    Understands merged mappings, whose keys may come from different files.
    """
    if key is not None and isinstance(container, YamlMap):
        return container.where(key)
    if key is not None and isinstance(container, YamlList):
        return container.source, container.item_line(key)
    return getattr(container, "source", None), getattr(container, "line", None)


def load_config_file(path, config_dir=None, environ=None):
    """Load the YAML file at ``path`` with its includes and references resolved.

    ``config_dir`` fills ``{config}`` in include paths; by default it is the
    nearest folder at or above the file holding ``project.yml`` (else the file's
    own folder). ``environ`` defaults to :data:`os.environ`. Returns a
    :class:`YamlMap`; raises :class:`ConfigError` naming file, line and entry.
    """
    path = os.path.abspath(path)
    if config_dir is None:
        config_dir = _guess_config_dir(path)
    data = _load_with_includes(path, os.path.abspath(config_dir), environ, [])
    return _Resolver(data).resolve()


def _guess_config_dir(path):
    # Config files sit at most two folders below project.yml (env/includes/x.yml);
    # looking further up could pick some unrelated project.yml.
    folder = os.path.dirname(path)
    candidate = folder
    for _ in range(3):
        if os.path.isfile(os.path.join(candidate, "project.yml")):
            return candidate
        candidate = os.path.dirname(candidate)
    return folder


def _load_with_includes(path, config_dir, environ, chain):
    data = load_yaml(path)
    if not isinstance(data, YamlMap):
        raise ConfigError("the top level must be a mapping, not %s" % _kind(data),
                          path, getattr(data, "line", 1))
    if INCLUDE_KEY not in data:
        return data

    entries = data[INCLUDE_KEY]
    if isinstance(entries, six.string_types):
        entries = [(entries, data.key_line(INCLUDE_KEY))]
    elif isinstance(entries, YamlList):
        entries = list(zip(entries, [entries.item_line(i) for i in range(len(entries))]))
    elif entries is None:
        entries = []
    else:
        raise ConfigError("must be a path or a list of paths", path,
                          data.key_line(INCLUDE_KEY), INCLUDE_KEY)

    chain = chain + [path]
    merged = None
    for entry, line in entries:
        if not isinstance(entry, six.string_types):
            raise ConfigError("include entries must be paths, not %s" % _kind(entry),
                              path, line, INCLUDE_KEY)
        target = expand_variables(entry, {"config": config_dir}, environ,
                                  path, line, INCLUDE_KEY)
        target = os.path.normpath(os.path.join(os.path.dirname(path),
                                               os.path.expanduser(target)))
        if target in chain:
            cycle = " -> ".join(chain[chain.index(target):] + [target])
            raise ConfigError("include cycle: %s" % cycle, path, line, INCLUDE_KEY)
        if not os.path.isfile(target):
            raise ConfigError("included file not found: %s" % target, path, line, INCLUDE_KEY)
        included = _load_with_includes(target, config_dir, environ, chain)
        merged = included if merged is None else merge(merged, included)

    own = _copy_map(data)
    del own[INCLUDE_KEY]
    own.key_lines.pop(INCLUDE_KEY, None)
    return own if merged is None else merge(merged, own)


def merge(base, override):
    """Deep-merge two mappings into a new :class:`MergedMap`; ``override`` wins.

    Mappings present on both sides are merged key by key; anything else
    (scalars, lists) is replaced whole. Neither argument is changed.
    """
    result = MergedMap()
    result.source, result.line = override.source, override.line
    for side in (base, override):
        for key, value in side.items():
            if key in result and isinstance(result[key], dict) and isinstance(value, dict):
                value = merge(result[key], value)
            result[key] = value
            source, line = where(side, key)
            result.key_lines[key] = line
            if source != result.source:
                result.key_sources[key] = source
            else:
                result.key_sources.pop(key, None)
    return result


def _copy_map(data):
    copy = MergedMap(data)
    copy.source, copy.line = data.source, data.line
    copy.key_lines = dict(data.key_lines)
    copy.key_sources = dict(getattr(data, "key_sources", {}))
    return copy


def _kind(value):
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return "%s %r" % (type(value).__name__, value)


class _Resolver(object):
    """Replaces ``@name`` strings by blocks of one merged file."""

    def __init__(self, root):
        self.root = root
        self.active = []  # references being expanded, to catch @a -> @b -> @a

    def resolve(self):
        return self._value(self.root, self.root, None, ())

    def _value(self, value, container, key, keypath):
        """``value`` resolved; the very same object when it holds no reference.

        Copying only what changes keeps loading a large file about as fast as
        plain YAML.
        """
        if isinstance(value, dict):
            changed = {}
            for child_key, child in value.items():
                new = self._value(child, value, child_key, keypath + (child_key,))
                if new is not child:
                    changed[child_key] = new
            if not changed:
                return value
            result = _copy_map(value) if isinstance(value, YamlMap) else dict(value)
            result.update(changed)
            return result
        if isinstance(value, list):
            items = [self._value(child, value, index, keypath + (index,))
                     for index, child in enumerate(value)]
            if all(new is old for new, old in zip(items, value)):
                return value
            result = YamlList(items)
            result.source, result.line = getattr(value, "source", None), getattr(value, "line", None)
            result.item_lines = list(getattr(value, "item_lines", []))
            return result
        if isinstance(value, six.string_types) and value.startswith("@"):
            if value.startswith("@@"):
                return value[1:]
            match = _REFERENCE.match(value)
            if match:
                return self._reference(match.group(1), container, key, keypath)
        return value

    def _reference(self, name, container, key, keypath):
        source, line = where(container, key)
        dotted_key = ".".join(str(part) for part in keypath)
        if name in self.active:
            cycle = " -> ".join("@" + n for n in self.active[self.active.index(name):] + [name])
            raise ConfigError("reference cycle: %s" % cycle, source, line, dotted_key)
        block = self.root
        walked = []
        for part in name.split("."):
            walked.append(part)
            if isinstance(block, dict) and part in block:
                block = block[part]
            elif isinstance(block, list) and part.isdigit() and int(part) < len(block):
                block = block[int(part)]
            else:
                known = ", ".join(sorted(str(k) for k in block)) if isinstance(block, dict) else ""
                hint = " (known: %s)" % known if known and len(walked) > 1 else ""
                raise ConfigError("unknown reference '@%s': no '%s'%s"
                                  % (name, ".".join(walked), hint), source, line, dotted_key)
        self.active.append(name)
        try:
            # Each use gets its own copy, so changing one app's settings in
            # memory cannot change another's.
            return _deep_copy(self._value(block, container, key, keypath))
        finally:
            self.active.pop()


def _deep_copy(value):
    """Copy of nested maps and lists, keeping their locations."""
    if isinstance(value, dict):
        result = _copy_map(value) if isinstance(value, YamlMap) else dict(value)
        for key, child in value.items():
            result[key] = _deep_copy(child)
        return result
    if isinstance(value, list):
        result = YamlList(_deep_copy(child) for child in value)
        result.source, result.line = getattr(value, "source", None), getattr(value, "line", None)
        result.item_lines = list(getattr(value, "item_lines", []))
        return result
    return value
