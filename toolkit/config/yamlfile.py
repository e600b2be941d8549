"""Safe YAML loading that remembers where every value came from.

Mappings load as :class:`YamlMap` and sequences as :class:`YamlList`; both are
plain ``dict``/``list`` subclasses that also carry the source file and the line
of the node and of each key, so errors found long after loading can still name
``file:line: key``. YAML is only ever safe-loaded (libyaml's C parser when
PyYAML was built with it).

Files already parsed once are read back from a content-addressed cache
(:mod:`toolkit.config.yamlcache`): an engine then starts without importing
PyYAML at all, whose import alone costs about 80 ms on Python 2.7.
"""

import io
import sys
from collections import OrderedDict

from toolkit.errors import ConfigError


# Order matters to users (apps and menu entries follow the file): plain dicts keep
# it from Python 3.7 on, Python 2.7 needs an OrderedDict.
_MapBase = dict if sys.version_info >= (3, 7) else OrderedDict


class YamlMap(_MapBase):
    """A dict loaded from YAML, with ``source``, ``line`` and per-key lines."""

    source = None
    line = None

    def __init__(self, *args, **kwargs):
        super(YamlMap, self).__init__(*args, **kwargs)
        self.key_lines = {}

    def key_line(self, key):
        """Line (1-based) where ``key`` was written, else the mapping's own line."""
        return self.key_lines.get(key, self.line)

    def where(self, key=None):
        """``(source, line)`` of ``key`` (or of the mapping itself)."""
        return self.source, (self.key_line(key) if key is not None else self.line)


class YamlList(list):
    """A list loaded from YAML, with ``source``, ``line`` and per-item lines."""

    source = None
    line = None

    def __init__(self, *args):
        super(YamlList, self).__init__(*args)
        self.item_lines = []

    def item_line(self, index):
        try:
            return self.item_lines[index]
        except IndexError:
            return self.line


_LOADER = []


def _loader_class():
    """The locating loader, built on first use so that PyYAML is imported only
    when a file really has to be parsed."""
    if _LOADER:
        return _LOADER[0]
    import yaml

    # libyaml is several times faster on large template files.
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class _LocatingLoader(base):
        """Safe loader whose containers remember file and line."""

        source = None

        def construct_yaml_map(self, node):
            data = YamlMap()
            data.source = self.source
            data.line = node.start_mark.line + 1
            yield data
            # Merge keys (``<<: *anchor``) are flattened first, as SafeLoader does;
            # a key written in the mapping itself may override a merged one.
            explicit = set(id(k) for k, _ in node.value if k.tag != u"tag:yaml.org,2002:merge")
            self.flatten_mapping(node)
            written = set()
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    hash(key)
                except TypeError:
                    raise ConfigError("mapping key is not hashable", self.source,
                                      key_node.start_mark.line + 1)
                if key in written and id(key_node) in explicit:
                    raise ConfigError("duplicate key %r" % (key,), self.source,
                                      key_node.start_mark.line + 1, key)
                data[key] = self.construct_object(value_node, deep=True)
                if id(key_node) in explicit:
                    written.add(key)
                data.key_lines[key] = key_node.start_mark.line + 1

        def construct_yaml_seq(self, node):
            data = YamlList()
            data.source = self.source
            data.line = node.start_mark.line + 1
            yield data
            for item in node.value:
                data.append(self.construct_object(item, deep=True))
                data.item_lines.append(item.start_mark.line + 1)

    _LocatingLoader.add_constructor(u"tag:yaml.org,2002:map", _LocatingLoader.construct_yaml_map)
    _LocatingLoader.add_constructor(u"tag:yaml.org,2002:seq", _LocatingLoader.construct_yaml_seq)
    _LOADER.append(_LocatingLoader)
    return _LocatingLoader


def load_yaml_text(text, source="<string>"):
    """Parse YAML ``text``; errors name ``source`` and the line."""
    import yaml
    loader = _loader_class()(text)
    loader.source = source
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ConfigError("YAML syntax error: %s" % (exc.problem or exc.context),
                          source, line)
    except yaml.YAMLError as exc:
        raise ConfigError("YAML error: %s" % exc, source)
    finally:
        loader.dispose()


def load_yaml(path):
    """Load the YAML file at ``path`` (an empty file loads as an empty YamlMap)."""
    try:
        with io.open(path, "rb") as handle:
            raw = handle.read()
    except (IOError, OSError) as exc:
        raise ConfigError("cannot read file: %s" % getattr(exc, "strerror", exc), path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:  # e.g. saved as cp1252 by a Windows editor
        raise ConfigError("the file is not UTF-8 text (byte 0x%02x): save it as UTF-8"
                          % bytearray(raw[exc.start:exc.start + 1])[0], path,
                          raw.count(b"\n", 0, exc.start) + 1)
    from toolkit.config import yamlcache
    data = yamlcache.read(raw, path)
    if data is yamlcache.MISSING:
        data = load_yaml_text(text, source=path)
        yamlcache.write(raw, data)
    if data is None:
        data = YamlMap()
        data.source = path
        data.line = 1
    return data


def location(container, key=None):
    """``(source, line)`` of a loaded value or of one of its keys/indices.

    Maps merged from several files (``include:``) know which file each key came
    from and answer through their own ``where``.
    """
    if key is not None and hasattr(container, "where"):
        return container.where(key)
    source = getattr(container, "source", None)
    if key is not None and isinstance(container, YamlMap):
        return source, container.key_line(key)
    if key is not None and isinstance(container, YamlList):
        return source, container.item_line(key)
    return source, getattr(container, "line", None)
