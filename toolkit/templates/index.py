"""Finding which templates a path belongs to without trying every template.

Path templates are stored in a trie per storage root. Each level of the trie is
one path component, and a component is either literal text (``sequences``,
``work``), looked up in a dict, or a pattern (``{Shot}_v{version}.ma``), tried
as a small regular expression - but only the patterns written at that level
under the literal folders already walked, pre-filtered by their file extension.
Optional sections are expanded into one trie entry per variant. So the cost of
a lookup grows with the depth of the path, not with the number of templates;
the few templates that reach a leaf are then confirmed with their full regex.

Ranking when several templates match (the rule ``template_from_path`` follows):

1. the template whose matching variant has the most fixed characters (the root
   and literal text) wins - the most specific one;
2. then the one with the fewest keys;
3. then the template name, alphabetically (so the answer never depends on the
   order of the config file).
"""

import os
import re

from toolkit.errors import TemplateMatchError
from toolkit.templates.definition import Literal, split_components

_WINDOWS = os.name == "nt"


class _Node(object):
    __slots__ = ("literals", "patterns", "by_extension", "leaves")

    def __init__(self):
        self.literals = {}
        self.patterns = {}        # regex text -> _Pattern (to share identical components)
        self.by_extension = {}    # trailing extension ("exr", "" for none) -> [_Pattern]
        self.leaves = []          # (rank, template)


class _Pattern(object):
    __slots__ = ("regex", "prefix", "suffix", "node")

    def __init__(self, regex, prefix, suffix):
        self.regex = regex
        self.prefix = prefix
        self.suffix = suffix
        self.node = _Node()


def _extension(text):
    dot = text.rfind(".")
    return text[dot + 1:] if dot != -1 else ""


class PathIndex(object):
    """Index of path templates for :meth:`lookup`."""

    def __init__(self, templates):
        self._roots = {}   # compared root prefix -> trie
        for template in templates:
            self.add(template)
        self._ordered = None

    def add(self, template):
        prefix = template._read_prefix_cmp
        trie = self._roots.get(prefix)
        if trie is None:
            trie = self._roots[prefix] = _Node()
        self._ordered = None
        for flat in template.variants:
            fixed = len(prefix) + sum(len(t.text) for t in flat if isinstance(t, Literal))
            keys = sum(1 for t in flat if not isinstance(t, Literal))
            node = trie
            for component in split_components(flat):
                node = self._child(node, template, component)
            node.leaves.append(((-fixed, keys, template.name), template))

    @staticmethod
    def _child(node, template, component):
        if all(isinstance(t, Literal) for t in component):
            text = "".join(t.text for t in component)
            child = node.literals.get(text)
            if child is None:
                child = node.literals[text] = _Node()
            return child
        parts = []
        for token in component:
            if isinstance(token, Literal):
                parts.append(re.escape(token.text))
            else:
                parts.append("(?:%s)" % template.key_for_name(token.name).pattern)
        text = "".join(parts) + "\\Z"
        pattern = node.patterns.get(text)
        if pattern is None:
            prefix = component[0].text if isinstance(component[0], Literal) else ""
            suffix = component[-1].text if isinstance(component[-1], Literal) else ""
            pattern = node.patterns[text] = _Pattern(re.compile(text), prefix, suffix)
            bucket = _extension(suffix) if "." in suffix else ""
            node.by_extension.setdefault(bucket, []).append(pattern)
        return pattern.node

    def _roots_by_length(self):
        if self._ordered is None:
            self._ordered = sorted(self._roots.items(), key=lambda item: -len(item[0]))
        return self._ordered

    def candidates(self, path):
        """Templates whose trie entries accept ``path``, best first (unconfirmed)."""
        text = path.replace("\\", "/") if "\\" in path else path
        compared = text.lower() if _WINDOWS else text
        leaves = []
        for prefix, trie in self._roots_by_length():
            if compared.startswith(prefix):
                components = text[len(prefix):].split("/")
                self._walk(trie, components, 0, leaves)
        leaves.sort(key=lambda leaf: leaf[0])
        seen = set()
        ordered = []
        for _, template in leaves:
            if template not in seen:
                seen.add(template)
                ordered.append(template)
        return ordered

    def _walk(self, node, components, depth, leaves):
        if depth == len(components):
            leaves.extend(node.leaves)
            return
        component = components[depth]
        child = node.literals.get(component)
        if child is not None:
            self._walk(child, components, depth + 1, leaves)
        if not node.by_extension:
            return
        buckets = [node.by_extension.get("")]
        extension = _extension(component)
        if extension:
            buckets.append(node.by_extension.get(extension))
        for bucket in buckets:
            if bucket:
                for pattern in bucket:
                    if (component.startswith(pattern.prefix) and component.endswith(pattern.suffix)
                            and pattern.regex.match(component)):
                        self._walk(pattern.node, components, depth + 1, leaves)

    def lookup(self, path, first=False):
        """``[(template, fields), ...]`` of templates matching ``path``, best first."""
        found = []
        for template in self.candidates(path):
            try:
                fields = template.get_fields(path)
            except TemplateMatchError:
                continue
            found.append((template, fields))
            if first:
                break
        return found
