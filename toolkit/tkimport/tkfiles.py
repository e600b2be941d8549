"""Reading a ShotGrid Toolkit pipeline configuration's files as tk-core does.

``core/templates.yml`` may pull in other files with ``include:`` (one path)
and ``includes:`` (a list): paths relative to the including file, ``~`` and
environment variables expanded, an absolute path of another OS skipped. The
``keys``, ``paths`` and ``strings`` of included files come first, in order,
and the including file's own entries win. ``core/roots.yml`` names the
storage roots; the one marked ``default: true`` (else ``primary``) is where a
template without ``root_name`` lives.

Every entry keeps the file and line it was written at, for the import notes.
"""

import ntpath
import os
import posixpath
from collections import OrderedDict

import six

from toolkit.config.yamlfile import load_yaml
from toolkit.errors import ConfigError

SECTIONS = ("keys", "paths", "strings")


class Entry(object):
    """One key or template as the tk config writes it: ``spec`` (the YAML
    value), ``path`` and ``line``."""

    __slots__ = ("name", "spec", "path", "line")

    def __init__(self, name, spec, path, line):
        self.name = name
        self.spec = spec
        self.path = path
        self.line = line

    @property
    def where(self):
        return self.path, self.line

    def option_line(self, option):
        """The line of one of the entry's options (its own line if unknown)."""
        if isinstance(self.spec, dict) and hasattr(self.spec, "key_line"):
            return self.spec.key_line(option) or self.line
        return self.line


def read_templates(path):
    """``{section: OrderedDict(name -> Entry)}`` of a tk ``templates.yml``."""
    return _read(os.path.abspath(path), [])


def _read(path, chain):
    if path in chain:
        raise ConfigError("include cycle: %s" % " -> ".join(chain + [path]), path)
    data = load_yaml(path)
    result = dict((section, OrderedDict()) for section in SECTIONS)
    if not isinstance(data, dict):
        raise ConfigError("the top level must be a mapping with keys, paths and strings", path,
                          getattr(data, "line", 1))
    for include, line in _includes(path, data):
        included = _read(include, chain + [path])
        for section in SECTIONS:
            result[section].update(included[section])
    for section in SECTIONS:
        block = data.get(section)
        if block is None:
            continue
        if not isinstance(block, dict):
            raise ConfigError("must be a mapping of name -> entry", path,
                              data.key_line(section), section)
        for name, spec in block.items():
            result[section][six.text_type(name)] = Entry(six.text_type(name), spec, path,
                                                         block.key_line(name))
    return result


def _includes(path, data):
    """``[(absolute path, line)]`` of the files ``path`` includes, for this OS."""
    found = []
    for key in ("include", "includes"):
        if key not in data:
            continue
        value = data[key]
        items = [value] if isinstance(value, six.string_types) else value
        if not isinstance(items, list):
            raise ConfigError("must be a path or a list of paths", path, data.key_line(key), key)
        for index, item in enumerate(items):
            line = items.item_line(index) if hasattr(items, "item_line") else data.key_line(key)
            if not isinstance(item, six.string_types):
                raise ConfigError("include entries must be paths", path, line, key)
            target = os.path.expanduser(os.path.expandvars(item))
            if posixpath.isabs(target) or ntpath.isabs(target):
                if not _absolute_here(target):
                    continue  # a path for another OS: tk-core skips it too
            else:
                target = os.path.join(os.path.dirname(path), target)
            target = os.path.normpath(target)
            if not os.path.isfile(target):
                raise ConfigError("included file not found: %s" % target, path, line, key)
            if target not in [f for f, _ in found]:
                found.append((target, line))
    return found


def _absolute_here(path):
    if os.name == "nt":
        return ntpath.isabs(path) and not posixpath.isabs(path)
    return posixpath.isabs(path)


class Root(object):
    """A storage root of ``roots.yml``: ``paths`` per OS name (linux, darwin,
    windows; empty ones left out), ``default`` and where it is written."""

    def __init__(self, name, paths, default, where):
        self.name = name
        self.paths = paths
        self.default = default
        self.where = where


_OS_KEYS = (("linux_path", "linux"), ("mac_path", "darwin"), ("windows_path", "windows"))
ROOT_OPTIONS = ("linux_path", "mac_path", "windows_path", "default", "description",
                "shotgun_storage_id")


def read_roots(path, notes):
    """``(roots, default name)`` from a tk ``roots.yml`` (None: the file is
    missing, a single ``primary`` root as in old configs)."""
    if not os.path.isfile(path):
        return [Root("primary", {}, True, (path, None))], "primary"
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError("roots.yml must map root names to their settings", path, 1)
    roots = []
    for name, spec in data.items():
        where = (path, data.key_line(name))
        if not isinstance(spec, dict):
            spec = {}
        paths = {}
        for key, os_name in _OS_KEYS:
            value = spec.get(key)
            if isinstance(value, six.string_types) and value.strip():
                paths[os_name] = value.strip()
        for option in spec:
            if option not in ROOT_OPTIONS:
                notes.add((path, spec.key_line(option)), "roots.%s" % name,
                          "option '%s' not carried over" % (option,))
        roots.append(Root(six.text_type(name), paths, spec.get("default") is True, where))
    if not roots:
        raise ConfigError("roots.yml defines no storage root", path, 1)
    marked = [root.name for root in roots if root.default]
    if marked:
        default = marked[0]
    elif any(root.name == "primary" for root in roots):
        default = "primary"
    elif len(roots) == 1:
        default = roots[0].name
    else:
        raise ConfigError("no root is marked 'default: true' and none is called primary: "
                          "tk-core cannot tell where templates without root_name live", path, 1)
    return roots, default
