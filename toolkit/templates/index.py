"""Finding which templates a path belongs to without trying every template.

Path templates are stored in a trie per storage root. Each level of the trie is
one path component, and a component is either literal text (``sequences``,
``work``), looked up in a dict, or a pattern (``{Shot}_v{version}.ma``), tried
as a small regular expression - but only the patterns written at that level
under the literal folders already walked, pre-filtered by their file extension.
Optional sections are expanded into one trie entry per variant. So the cost of
a lookup grows with the depth of the path, not with the number of templates.

Fields are read during the walk: each pattern captures its keys' text, and a
template reached by exactly one of its variants takes its fields from those
captures (repeated keys compared, values converted). That gives what the
template's own regex would give: a key never matches ``/``, so with the variant
fixed the whole-path regex splits at the same ``/`` and each component is read
on its own, shortest keys first. When that argument does not hold (a key whose
``filter_by`` could match ``/``, several variants of one template matching, a
repeated key read differently) the template's :meth:`get_fields` decides.

What a folder component leads to is remembered per trie node (folder names
repeat: ``SQ010``, ``anim``, ``v003``); :meth:`PathIndex.clear_cache` forgets.

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
        self.leaves = []          # _Leaf
        self.memo = {}            # component text -> step (see :meth:`step`)

    def step(self, component):
        """Where ``component`` leads: ``(child, captures, others)``, or ``()``
        when nowhere. ``captures`` is None for a literal folder, else the text
        of the pattern's keys; ``others`` is None or more ``(child, captures)``
        pairs (several patterns accepting one component is rare)."""
        found = []
        child = self.literals.get(component)
        if child is not None:
            found.append((child, None))
        for pattern in self.any_patterns:
            match = pattern.regex.match(component)
            if match is not None:
                found.append((pattern.node, match.groups() if pattern.names is None
                               else pattern.captures(match)))
        if self.by_extension:
            dot = component.rfind(".")
            if dot != -1:
                for pattern in self.by_extension.get(component[dot + 1:], ()):
                    if component.endswith(pattern.suffix):
                        match = pattern.regex.match(component)
                        if match is not None:
                            found.append((pattern.node, match.groups() if pattern.names is None
                                          else pattern.captures(match)))
        if not found:
            step = ()
        elif len(found) == 1:
            step = (found[0][0], found[0][1], None)
        else:
            step = (found[0][0], found[0][1], tuple(found[1:]))
        if len(self.memo) >= _MEMO_SIZE:
            self.memo.clear()  # crude bound: cheaper than an LRU, and refills at once
        self.memo[component] = step
        return step


class _Pattern(object):
    __slots__ = ("regex", "suffix", "node", "names")

    def __init__(self, regex, suffix, names):
        self.regex = regex
        self.suffix = suffix
        self.node = _Node()
        # Group names when a custom filter_by brings groups of its own, else
        # None: then the groups are exactly the keys, in order.
        self.names = names

    def captures(self, match):
        if len(self.names) == 1:
            return (match.group(self.names[0]),)
        return match.group(*self.names)


class _Leaf(object):
    """One variant of one template, at the trie node where it ends."""

    __slots__ = ("rank", "template", "fields", "repeats", "direct", "converters")

    def __init__(self, rank, template, fields, direct):
        self.rank = rank
        self.template = template
        self.fields = fields      # field of each captured text, in walk order
        first = {}
        repeats = []
        for position, field in enumerate(fields):
            if field in first:
                repeats.append((first[field], position))
            else:
                first[field] = position
        self.repeats = tuple(repeats)   # (i, j): captures i and j must be equal
        self.direct = direct      # fields may be read from the captures
        self.converters = tuple((field, convert) for field, convert in template._converters
                                if field in first)

    def read(self, captured):
        """Fields from the walk's captures; None if rejected, False when the
        template's own regex must decide."""
        for first, other in self.repeats:
            if captured[first] != captured[other]:
                return False
        fields = dict(zip(self.fields, captured))
        try:
            for field, convert in self.converters:
                fields[field] = convert(fields[field])
        except ValueError:  # a timestamp such as month 13: get_fields refuses it too
            return None
        return fields


def _extension(text):
    dot = text.rfind(".")
    return text[dot + 1:] if dot != -1 else ""


def _rank(found):
    return found[0].rank


def _reads_by_component(template):
    """True when no key of ``template`` can match ``/`` (see the module doc)."""
    return not any(key.may_span_folders for key in template.keys.values())


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
        self.clear_cache()
        direct = _reads_by_component(template)
        for flat in template.variants:
            fixed = len(prefix) + sum(len(t.text) for t in flat if isinstance(t, Literal))
            keys = sum(1 for t in flat if not isinstance(t, Literal))
            node = trie
            fields = []
            for component in split_components(flat):
                node = self._child(node, template, component)
                fields.extend(template.key_for_name(t.name).field for t in component
                              if not isinstance(t, Literal))
            node.leaves.append(_Leaf((-fixed, keys, template.name), template, tuple(fields),
                                     direct))

    def clear_cache(self):
        """Forget the remembered folder walks (for timing a cold start)."""
        for trie in self._roots.values():
            self._forget(trie)

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
        names = []
        for token in component:
            if isinstance(token, Literal):
                parts.append(re.escape(token.text))
            else:
                names.append("k%d" % len(names))
                parts.append("(?P<%s>%s)" % (names[-1], template.key_for_name(token.name).pattern))
        text = "".join(parts) + "\\Z"
        pattern = node.patterns.get(text)
        if pattern is None:
            suffix = component[-1].text if isinstance(component[-1], Literal) else ""
            regex = re.compile(text)
            pattern = node.patterns[text] = _Pattern(
                regex, suffix, None if regex.groups == len(names) else tuple(names))
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

    def _walk(self, path):
        """``[(leaf, captures), ...]`` for every trie entry accepting ``path``."""
        text = path.replace("\\", "/") if "\\" in path else path
        compared = text.lower() if _WINDOWS else text
        found = []
        for prefix, trie in self._roots_by_length():
            if not compared.startswith(prefix):
                continue
            components = text[len(prefix):].split("/")
            if ".." in components:
                continue  # get_fields refuses '..' folders: so does every template
            last = len(components)
            pending = [(trie, 0, ())]
            while pending:
                node, depth, captured = pending.pop()
                while depth < last:
                    component = components[depth]
                    step = node.memo.get(component)
                    if step is None:
                        step = node.step(component)
                    if not step:
                        node = None
                        break
                    depth += 1
                    node, more, others = step
                    if others is not None:
                        for other, other_more in others:
                            pending.append((other, depth, captured if other_more is None
                                            else captured + other_more))
                    if more is not None:
                        captured += more
                if node is not None and node.leaves:
                    for leaf in node.leaves:
                        found.append((leaf, captured))
        return found

    def candidates(self, path):
        """Templates whose trie entries accept ``path``, best first (unconfirmed)."""
        found = self._walk(path)
        found.sort(key=_rank)
        seen = set()
        ordered = []
        for leaf, _ in found:
            if leaf.template not in seen:
                seen.add(leaf.template)
                ordered.append(leaf.template)
        return ordered

    def lookup(self, path, first=False):
        """``[(template, fields), ...]`` of templates matching ``path``, best first."""
        found = self._walk(path)
        if len(found) == 1:  # the usual case: one variant of one template
            leaf, captured = found[0]
            fields = _read(leaf, captured, path)
            return [] if fields is None else [(leaf.template, fields)]
        found.sort(key=_rank)
        counts = {}
        for leaf, _ in found:
            counts[leaf.template] = counts.get(leaf.template, 0) + 1
        results = []
        seen = set()
        for leaf, captured in found:
            template = leaf.template
            if template in seen:
                continue
            seen.add(template)
            if counts[template] == 1:
                fields = _read(leaf, captured, path)
            else:  # reached by several variants: its own regex picks the reading
                fields = _fields_or_none(template, path)
            if fields is not None:
                results.append((template, fields))
                if first:
                    break
        return results


def _read(leaf, captured, path):
    fields = leaf.read(captured) if leaf.direct else False
    if fields is False:
        return _fields_or_none(leaf.template, path)
    return fields


def _fields_or_none(template, path):
    try:
        return template.get_fields(path)
    except TemplateMatchError:
        return None
