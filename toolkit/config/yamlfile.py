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
import re
import sys

from toolkit.config import yamlcache
from toolkit.config.located import YamlList, YamlMap  # noqa: F401 -- public here too
from toolkit.errors import ConfigError

#: Most nodes a file may hold once its aliases are expanded. A "billion laughs"
#: file (aliases of aliases) is a few hundred bytes that would expand to 10**9
#: values: refused before anything walks it. Real configs hold a few thousand.
MAX_EXPANDED_NODES = 200000

#: Deepest nesting of mappings and sequences a file may have. libyaml before
#: 0.2.6 (Python 2.7's wheels) crashes the process on a few thousand levels.
MAX_DEPTH = 200

_PY2 = sys.version_info[0] == 2


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
    """Parse YAML ``text``; errors name ``source`` and the line.

    Refused before any value is built: nesting deeper than :data:`MAX_DEPTH`
    and aliases expanding past :data:`MAX_EXPANDED_NODES` values.
    """
    import yaml
    _check_depth(text, source)
    loader = _loader_class()(text)
    loader.source = source
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if "&" in text:  # an alias needs an anchor: without one nothing can expand
            _check_expansion(node, source)
        return loader.construct_document(node)
    except RuntimeError as exc:  # RecursionError on Python 3
        if "recursion" not in str(exc):
            raise
        raise ConfigError("nested too deeply to be read (more than about %d levels)"
                          % MAX_DEPTH, source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ConfigError("YAML syntax error: %s" % (exc.problem or exc.context),
                          source, line)
    except yaml.YAMLError as exc:
        raise ConfigError("YAML error: %s" % exc, source)
    finally:
        loader.dispose()


# Patterns, not compiled ones: re compiles (and keeps) them on first use, and
# only a parse needs them, never a start that reads the parsed-YAML cache.
_FLOW_BRACKETS = r"[^\[\]{}]+"
_BLOCK_INDICATORS = r"(?:^|\s)[-?](?=\s)"
_INNERMOST_PAIRS = r"\[\]|\{\}"
_LONG_LINE = r"(?m)^[^\n]{%d,}" % (MAX_DEPTH + 1)


def _check_depth(text, source):
    """Refuse text that may nest deeper than :data:`MAX_DEPTH`, before parsing it.

    An upper bound, computed on the text: open flow brackets (``[``, ``{``,
    never balanced back), plus, on one line, its indentation and the block
    indicators (``- - - x``) it holds. Quoted brackets only make the bound
    larger, never smaller, and real configs stay far below it.
    """
    deepest = 0
    if text.count("[") + text.count("{") > MAX_DEPTH:  # else it cannot nest that deep
        # Each pass drops the innermost pairs (in C): a nest d deep needs d passes.
        brackets = re.sub(_FLOW_BRACKETS, "", text)
        while deepest <= MAX_DEPTH:
            inner = re.sub(_INNERMOST_PAIRS, "", brackets)
            if inner == brackets:
                break
            brackets = inner
            deepest += 1
        deepest += brackets.count("[") + brackets.count("{")  # never closed
    block = 0
    for match in re.finditer(_LONG_LINE, text):  # a shorter line cannot nest that deep
        line = match.group(0)
        stripped = line.lstrip(" ")
        if stripped:
            block = max(block, len(line) - len(stripped)
                        + len(re.findall(_BLOCK_INDICATORS, stripped)))
    if deepest > MAX_DEPTH or block > MAX_DEPTH:
        raise ConfigError("nested more than %d levels deep: refused (a config never needs "
                          "that; is the file what you meant?)" % MAX_DEPTH, source)


def _check_expansion(root, source):
    """Refuse a node tree that expands (through aliases) past :data:`MAX_EXPANDED_NODES`
    values, or in which an alias refers to a node holding it.

    Each node's expanded size is counted once (memoised by identity), so even
    a billion-laughs tree is measured in a few microseconds per distinct node.
    """
    sizes = {}
    open_nodes = set()
    stack = [(root, False)]
    while stack:
        node, closing = stack.pop()
        ident = id(node)
        if closing:
            open_nodes.discard(ident)
            total = 1 + sum(sizes[id(child)] for child in _children(node))
            if total > MAX_EXPANDED_NODES:
                raise ConfigError("its aliases (*name) expand to more than %d values: "
                                  "refused (an alias bomb?)" % MAX_EXPANDED_NODES,
                                  source, node.start_mark.line + 1)
            sizes[ident] = total
            continue
        if ident in sizes:
            continue
        open_nodes.add(ident)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_nodes:
                raise ConfigError("an alias (*name) refers to a mapping or list that holds "
                                  "it: a value cannot contain itself", source,
                                  child.start_mark.line + 1)
            if id(child) not in sizes:
                stack.append((child, False))


def _children(node):
    value = node.value
    if not isinstance(value, list):
        return ()
    if value and isinstance(value[0], tuple):
        return [part for pair in value for part in pair]
    return value


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
