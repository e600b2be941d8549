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
_MEMO_SIZE = 2048


class _Node(object):
    __slots__ = ("literals", "patterns", "any_patterns", "by_extension", "leaves", "memo")

    def __init__(self):
        self.literals = {}
        self.patterns = {}        # regex text -> _Pattern (to share identical components)
        self.any_patterns = []    # patterns without a literal extension
        self.by_extension = {}    # literal extension ("exr") -> [_Pattern]
        self.leaves = []          # (rank, template)
        self.memo = {}            # component text -> child nodes it leads to

    def children(self, component):
        """Child nodes ``component`` leads to (remembered: folder names repeat)."""
        found = []
        child = self.literals.get(component)
        if child is not None:
            found.append(child)
        for pattern in self.any_patterns:
            if pattern.regex.match(component):
                found.append(pattern.node)
        if self.by_extension:
            dot = component.rfind(".")
            if dot != -1:
                for pattern in self.by_extension.get(component[dot + 1:], ()):
                    if component.endswith(pattern.suffix) and pattern.regex.match(component):
                        found.append(pattern.node)
        found = tuple(found)
        if len(self.memo) >= _MEMO_SIZE:
            self.memo.clear()  # crude bound; real folder names repeat far less than this
        self.memo[component] = found
        return found


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


def _rank(leaf):
    return leaf[0]


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
        self._forget(trie)
        for flat in template.variants:
            fixed = len(prefix) + sum(len(t.text) for t in flat if isinstance(t, Literal))
            keys = sum(1 for t in flat if not isinstance(t, Literal))
            node = trie
            for component in split_components(flat):
                node = self._child(node, template, component)
            node.leaves.append(((-fixed, keys, template.name), template))

    def _forget(self, node):
        node.memo.clear()
        for child in node.literals.values():
            self._forget(child)
        for pattern in node.patterns.values():
            self._forget(pattern.node)

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
            extension = _extension(suffix) if "." in suffix else ""
            if extension:
                node.by_extension.setdefault(extension, []).append(pattern)
            else:
                node.any_patterns.append(pattern)
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
            if not compared.startswith(prefix):
                continue
            components = text[len(prefix):].split("/")
            last = len(components)
            stack = [(trie, 0)]
            while stack:
                node, depth = stack.pop()
                # Follow the first child in a loop, queue the others (rare).
                while depth < last:
                    component = components[depth]
                    children = node.memo.get(component)
                    if children is None:
                        children = node.children(component)
                    depth += 1
                    if not children:
                        node = None
                        break
                    for other in children[1:]:
                        stack.append((other, depth))
                    node = children[0]
                if node is not None:
                    leaves.extend(node.leaves)
        if len(leaves) == 1:
            return [leaves[0][1]]
        leaves.sort(key=_rank)
        seen = set()
        ordered = []
        for _, template in leaves:
            if template not in seen:
                seen.add(template)
                ordered.append(template)
        return ordered

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
