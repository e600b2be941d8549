"""Finding which templates a path belongs to without trying every template.

Each optional-section variant of a path template has a fixed number of path
components, some all literal (``sequences``, ``work``, ``maya``), the others
patterns (``{Shot}_v{version}.ma``). Under each storage root, variants are
grouped by that depth, then by *shape*: the positions of their literal
components. A lookup splits the path, and for each shape of its depth picks the
components at those positions and looks them up in one dict: what remains are
the variants whose literal folders are exactly the path's, each confirmed by
one regular expression over the relative path. Nothing is remembered between
lookups, so a path met for the first time costs what it costs the next time.
A studio config has one to three shapes per depth, and few variants per set of
literal folders (the variants of one template, mostly).

Work is done when a lookup first needs it, not when the config loads: a depth
is indexed the first time a path of that depth is looked up, and a variant's
regular expression compiled the first time a lookup reaches it through its
literal folders (a trie node's patterns, the first time a walk steps there).
A process's first answer (``reelkit parse``, a host opening a scene, a farm
task) thus compiles a couple of regexes instead of one per variant of the
config. :meth:`PathIndex.compile_all` does it all up front instead.

That index is bounded: a depth holding more than ``_MAX_SHAPES`` shapes, or a
set of literal folders shared by more than ``_MAX_VARIANTS`` variants (say a
folder of many file patterns), is left to a trie of path components for that
root (see ``_Node``): literal components by dict, patterns tried only where
they sit, pre-filtered by their file extension, and what a component leads to
remembered per node (:meth:`PathIndex.clear_cache` forgets). Either way the
cost of a lookup grows with the depth of the path, not with the number of
templates.

Fields are read from the captures: each key of a variant is one group, in path
order, and a template reached by exactly one of its variants takes its fields
from them (repeated keys compared, values converted). That gives what the
template's own regex would give: a key never matches ``/``, so with the variant
fixed the whole-path regex splits at the same ``/`` and each component is read
on its own, shortest keys first. When that argument does not hold (a key whose
``filter_by`` could match ``/``, several variants of one template matching, a
repeated key read differently) the template's :meth:`get_fields` decides; a
variant with such a key is confirmed component by component, as the trie
would, since its whole-path regex could let a key run over a ``/``.

Ranking when several templates match (the rule ``template_from_path`` follows):

1. the template whose matching variant has the most fixed characters (the root
   and literal text) wins - the most specific one;
2. then the one with the fewest keys;
3. then the template name, alphabetically (so the answer never depends on the
   order of the config file).
"""

import os
import re
from operator import itemgetter

from six.moves import _thread  # not threading: a millisecond of every start

from toolkit.errors import TemplateMatchError
from toolkit.templates.definition import (Literal, component_tokens, key_names_of,
                                          literal_pattern)

_WINDOWS = os.name == "nt"
_MEMO_SIZE = 2048
#: Bounds of the literal-skeleton index, per root and depth (see the module doc).
_MAX_SHAPES = 8
_MAX_VARIANTS = 16


class _Node(object):
    __slots__ = ("literals", "patterns", "any_patterns", "by_extension", "leaves", "memo",
                 "step")

    def __init__(self):
        self.literals = {}
        self.patterns = {}        # regex text -> _Pattern (to share identical components)
        self.any_patterns = []    # patterns without a literal extension
        self.by_extension = {}    # literal extension ("exr") -> [_Pattern]
        self.leaves = []          # _Leaf
        self.memo = {}            # component text -> step
        self.step = _first_step(self)

    def changed(self):
        """Rebuild :attr:`step` after a literal or pattern was added here (on
        first use: planting a config changes most nodes many times)."""
        self.step = _first_step(self)
        _seed(self)


def _first_step(node):
    """A stand-in for ``node.step`` that compiles the node's patterns and makes
    the real stepper the first time a walk reaches the node."""
    def step(component):
        node.step = _stepper(node)
        return node.step(component)
    return step


def _stepper(node):
    """The function reading one component at ``node``.

    ``step(component)`` is where the component leads: ``(child, captures)``
    (``captures`` is ``()`` for a literal folder, else the text of the
    pattern's keys), ``(None, ((child, captures), ...))`` when several ways
    accept it (a literal folder that a pattern also accepts: rare), or ``()``
    when none does. It is remembered in ``node.memo``, which starts out holding
    the literal folders (see :func:`_seed`).

    Made per node, for what it holds: a cold walk misses the memo about twice per
    path (entity codes, versions, the file name), mostly on nodes holding one
    pattern, or one pattern per extension. There a general loop costs more
    than the regex itself.
    """
    memo = node.memo
    literal = node.literals.get if node.literals else None
    tried = tuple(p.compiled() for p in node.any_patterns)
    by_extension = dict((extension, tuple(p.compiled() for p in patterns))
                        for extension, patterns in node.by_extension.items())
    size = _MEMO_SIZE

    def remember(component, step):
        if len(memo) >= size:
            _seed(node)  # crude bound: cheaper than an LRU, and refills at once
        memo[component] = step
        return step

    def step(component):
        child = literal(component) if literal is not None else None
        found = [] if child is None else [(child, ())]
        # Without a dot the whole name is taken for the extension: patterns
        # found then, if any, want a dot and refuse it.
        for match_one, child, names in (tried + by_extension.get(
                component[component.rfind(".") + 1:], ()) if by_extension else tried):
            match = match_one(component)
            if match is not None:
                found.append((child, match.groups() if names is None
                              else _captures(match, names)))
        return remember(component, () if not found else found[0] if len(found) == 1
                        else (None, tuple(found)))

    if literal is not None and (tried or by_extension):
        return step
    if literal is not None:
        return lambda component: remember(component, ())  # the literals are seeded
    if any(names is not None for tries in (tried,) + tuple(by_extension.values())
           for _, _, names in tries):
        return step

    def step_patterns(component, tries):
        # Patterns without literal folders beside them, keys as their groups.
        way = ()
        for match_one, child, _ in tries:
            match = match_one(component)
            if match is not None:
                if not way:
                    way = (child, match.groups())
                elif way[0] is not None:
                    way = (None, (way, (child, match.groups())))
                else:
                    way = (None, way[1] + ((child, match.groups()),))
        return remember(component, way)

    if not by_extension:
        if len(tried) != 1:
            return lambda component: step_patterns(component, tried)
        match_one, child, _ = tried[0]

        def step_pattern(component):
            match = match_one(component)
            return remember(component, () if match is None else (child, match.groups()))
        return step_pattern
    if tried:
        return step
    alone = dict((extension, tries[0][:2]) for extension, tries in by_extension.items()
                 if len(tries) == 1)

    def step_file(component):
        extension = component[component.rfind(".") + 1:]
        only = alone.get(extension)
        if only is None:
            return step_patterns(component, by_extension.get(extension, ()))
        match = only[0](component)
        return remember(component, () if match is None else (only[1], match.groups()))
    return step_file


def _seed(node):
    """Empty ``node.memo`` but for the literal folders, which every walk meets."""
    memo = node.memo
    memo.clear()
    if node.literals and not node.patterns:
        for text, child in node.literals.items():
            memo[text] = (child, ())


def _captures(match, names):
    """The text of a pattern's keys, in order. ``names`` are the group names
    when a custom filter_by brings groups of its own, else None: then the
    groups are exactly the keys."""
    if names is None:
        return match.groups()
    if len(names) == 1:
        return (match.group(names[0]),)
    return match.group(*names)


class _Pattern(object):
    """One patterned component of the trie, compiled when a walk first needs it."""

    __slots__ = ("text", "regex", "node", "names")

    def __init__(self, text, names):
        self.text = text      # regex text, see _regex_text
        self.regex = None
        self.node = _Node()
        self.names = names    # see _captures; None once known to be the groups

    def compiled(self):
        """``(match, node, names)``, the regex compiled (once)."""
        if self.regex is None:
            self.regex = re.compile(self.text)
            if self.regex.groups == len(self.names):
                self.names = None
        return self.regex.match, self.node, self.names


class _Leaf(object):
    """One variant of one template, at the trie node where it ends."""

    __slots__ = ("rank", "template", "fields", "direct", "reader")

    def __init__(self, rank, template, fields, direct):
        self.rank = rank
        self.template = template
        self.fields = fields      # field of each captured text, in walk order
        self.direct = direct      # fields may be read from the captures
        self.reader = None        # made on first use: see read()

    def read(self, captured):
        """Fields from the walk's captures; None if rejected, False when the
        template's own regex must decide."""
        return (self.reader or self.make_reader())(captured)

    def make_reader(self):
        self.reader = _make_reader(self.fields, self.template.field_converters())
        return self.reader


def _make_reader(fields, converters):
    """A function reading one leaf's fields from the walk's captures.

    Generated, as ``collections.namedtuple`` generates its class: a lookup on a
    cold cache is a handful of microseconds, and a general loop over fields,
    repeats and converters was a third of it. The function returns a dict
    display of the captures (converted where the key is not text), False when
    a key met twice read different text (the template's regex decides then),
    or None when a converter refuses the text (a timestamp such as month 13:
    ``get_fields`` refuses it too). Field names enter the source only through
    ``repr``.
    """
    first = {}
    checks = []
    for position, field in enumerate(fields):
        if field in first:
            checks.append("c[%d] != c[%d]" % (first[field], position))
        else:
            first[field] = position
    convert = dict((field, function) for field, function in converters if field in first)
    namespace = {}
    items = []
    for field, position in sorted(first.items(), key=itemgetter(1)):
        function = convert.get(field)
        if function is None:
            items.append("%r: c[%d]" % (field, position))
        else:
            name = "f%d" % len(namespace)
            namespace[name] = function
            items.append("%r: %s(c[%d])" % (field, name, position))
    lines = ["def read(c):"]
    if checks:
        lines.append("    if %s:" % " or ".join(checks))
        lines.append("        return False")
    lines.append("    try:")
    lines.append("        return {%s}" % ", ".join(items))
    lines.append("    except ValueError:")
    lines.append("        return None")
    exec(compile("\n".join(lines), "<reelkit template reader>", "exec"), namespace)
    return namespace["read"]


def _descend(node, components, captured, found):
    """Walk ``components`` from ``node``, appending ``(leaf, captures)`` to ``found``.

    One loop and no queue: a component accepted several ways is rare, and
    only then is the rest of the walk split."""
    parts = iter(components)
    for component in parts:
        step = node.memo.get(component)
        if step is None:
            step = node.step(component)
        if not step:
            return
        node, more = step
        if more:
            if node is None:
                _split(more, list(parts), captured, found)
                return
            captured += more
    for leaf in node.leaves:
        found.append((leaf, captured))


def _split(ways, rest, captured, found):
    """Walk ``rest`` from each ``(node, captures)`` one component led to."""
    for node, more in ways:
        _descend(node, rest, captured + more, found)


def _extension(text):
    dot = text.rfind(".")
    return text[dot + 1:] if dot != -1 else ""


def _rank(found):
    return found[0].rank


def _reads_by_component(template):
    """True when no key of ``template`` can match ``/`` (see the module doc)."""
    return not any(key.may_span_folders for key in template.keys.values())


def _literal_text(component):
    """The text of an all-literal component, else None."""
    if all(isinstance(token, Literal) for token in component):
        return "".join(token.text for token in component)
    return None


def _fixed_text(template, component):
    """The text of an all-literal component that is compared as text (a dict
    key), else None. A template ignoring letter case (ShotGrid Toolkit's
    reading) has none: its literal folders are patterns, matched in any case."""
    if getattr(template, "ignore_case", False):
        return None
    return _literal_text(component)


def _regex_text(template, components):
    """``(text, names)``: the regular expression of ``components`` joined by ``/``
    (literal text escaped, each key a group named k0, k1... in path order, up
    to the end of the text), and those group names.

    An all-literal component is written ``[^/]*``: the literal-skeleton index
    has compared it already, as a dict key (the trie never asks for one). So
    the variants a config writes once per literal folder (a step, a host)
    share one regex, compiled once."""
    parts = []
    names = []
    for position, component in enumerate(components):
        if position:
            parts.append("/")
        if _fixed_text(template, component) is not None:
            parts.append("[^/]*")
            continue
        for token in component:
            if isinstance(token, Literal):
                parts.append(literal_pattern(token.text,
                                             getattr(template, "ignore_case", False)))
            else:
                names.append("k%d" % len(names))
                parts.append("(?P<%s>%s)" % (names[-1],
                                             template.key_for_name(token.name).pattern))
    return "".join(parts) + "\\Z", tuple(names)


def _no_literals(components):
    return None


def _picker(shape):
    """The function giving a path's text at the literal positions ``shape``
    (a string for one position, a tuple for several): one dict key."""
    return itemgetter(*shape) if shape else _no_literals


# What a variant read by its template's own regex is confirmed with: a match
# without groups (its captures are never read, see _read).
_NO_GROUPS = re.compile("").match("")


def _confirmer(template, components, leaf, compiled, variants, keys):
    """Append to ``variants`` the confirmer of one variant: ``(match, leaf,
    names)`` where ``match(relative)`` is a match object when the relative path
    has this variant's shape (its literal components taken as compared
    already), else None, and ``names`` are as for :func:`_captures`.
    ``compiled`` maps regex text to compiled regexes; ``components`` are
    the variant's component texts, holding ``keys`` keys in all.

    Nothing is compiled here: the entry first holds a stand-in that, when a
    lookup first reaches this variant, compiles (or finds in ``compiled``) the
    regex and puts the real entry in its place in ``variants``. A lookup thus
    compiles the regexes of the few variants its literal folders point at,
    and later lookups pay nothing for it. Called with None, the stand-in
    only compiles (see :meth:`PathIndex.compile_all`)."""
    position = len(variants)
    if leaf.direct:
        def first_match(relative):
            text, names = _regex_text(template, [component_tokens(c) for c in components])
            regex = compiled.get(text)
            if regex is None:
                regex = compiled[text] = re.compile(text)
            # Python 2 iterates a list by index too: replacing this entry
            # while _confirm walks the list is safe
            variants[position] = (regex.match, leaf,
                                  None if regex.groups == len(names) else names)
            return None if relative is None else regex.match(relative)
        # until compiled, the group names are read by name: right either way
        first_match.stand_in = True
        variants.append((first_match, leaf, _group_names(keys)))
        return

    def first_check(relative):
        # A key may match '/' here: check each patterned component on its own,
        # as the trie does, so that no key runs over a folder.
        checks = tuple((where, re.compile(_regex_text(template, [tokens])[0]).match)
                       for where, tokens in enumerate(component_tokens(c) for c in components)
                       if _fixed_text(template, tokens) is None)

        def match(relative):
            parts = relative.split("/")
            for where, match_one in checks:
                if match_one(parts[where]) is None:
                    return None
            return _NO_GROUPS
        variants[position] = (match, leaf, None)
        return None if relative is None else match(relative)
    first_check.stand_in = True
    variants.append((first_check, leaf, None))


def _group_names(count):
    """The group names :func:`_regex_text` gives ``count`` keys, or None for none."""
    names = _GROUP_NAMES.get(count)
    if names is None:
        names = _GROUP_NAMES[count] = tuple("k%d" % number for number in range(count)) or None
    return names


_GROUP_NAMES = {0: None}


def _confirm(road, relative, components, found):
    """Append ``(leaf, captures)`` to ``found`` for each variant of ``road`` (the
    shapes of one depth) that the relative path matches."""
    for pick, by_literals in road:
        variants = by_literals.get(pick(components))
        if variants:
            for match, leaf, names in variants:
                matched = match(relative)
                if matched is not None:
                    found.append((leaf, matched.groups() if names is None
                                  else _captures(matched, names)))


# In _Root.ways: a depth whose variants wait for a lookup to need them.
_PENDING = object()


class _Root(object):
    """What is indexed under one storage root.

    A depth (number of components) is indexed the first time a lookup meets a
    path of that depth: until then its variants wait in ``pending``, grouped
    by depth, which only needed counting their ``/``. A process reading paths
    of a few depths indexes those only.
    """

    __slots__ = ("prefix", "trie", "depths", "ways", "pending", "build")

    def __init__(self, prefix, build):
        self.prefix = prefix
        self.trie = _Node()    # only the depths left to it
        self.depths = {}       # number of components -> _Depth
        # number of components -> ((pick, {literal text: [confirmer]}), ...)
        # per shape, None when the trie reads that depth, or _PENDING
        self.ways = {}
        self.pending = {}      # number of components -> [(template, text, components)]
        self.build = build     # builds one depth: PathIndex._build_depth

    @property
    def roads(self):
        """:attr:`ways` with every depth indexed (what lookups would find)."""
        for count in list(self.pending):
            self.build(self, count)
        return self.ways


class _Depth(object):
    """The variants of one depth under one root."""

    __slots__ = ("variants", "shapes")

    def __init__(self):
        self.variants = []   # (template, components, leaf), kept to plant them in the trie
        self.shapes = {}     # literal positions -> {their text: [confirmer]}; None: the trie


class PathIndex(object):
    """Index of path templates for :meth:`lookup` and :meth:`best`."""

    def __init__(self, templates):
        self._roots = {}    # compared root prefix -> _Root
        self._ordered = []  # (prefix, _Root), longest prefix first
        self._single = None
        self._compiled = {}  # regex text -> compiled, shared by the variants writing it
        # Building a depth, or adding a template, is done by one thread at a
        # time; lookups need no lock (a depth's road is set once it is whole).
        self._building = _thread.allocate_lock()
        for template in templates:
            self._index(template)

    def add(self, template):
        """Index one more path template."""
        with self._building:
            self.clear_cache()
            self._index(template)

    def _index(self, template):
        """Queue the variants of ``template`` by depth (see :class:`_Root`); a
        depth indexed already takes them at once."""
        prefix = template._read_prefix_cmp
        root = self._roots.get(prefix)
        if root is None:
            root = self._roots[prefix] = _Root(prefix, self._build_depth)
            self._ordered = sorted(self._roots.items(), key=lambda item: -len(item[0]))
            # best() reads a single root itself; paths compare folded on Windows
            self._single = self._ordered[0] if len(self._ordered) == 1 and not _WINDOWS \
                else None
        # Variants as text (see variant_texts): components are strings here,
        # made token lists only where a regex is built from them.
        for text in template.variant_texts:
            components = text.split("/")
            count = len(components)
            if root.ways.get(count, _PENDING) is _PENDING:
                root.pending.setdefault(count, []).append((template, text, components))
                root.ways[count] = _PENDING
            else:
                self._add_text(root, template, text, components, {})
                self._pave(root, count)

    def _build_depth(self, root, count):
        """Index the waiting variants of depth ``count`` under ``root``;
        returns the depth's road."""
        with self._building:
            if root.ways.get(count) is _PENDING:  # not built by another thread meanwhile
                facts = {}
                for template, text, components in root.pending.pop(count, ()):
                    self._add_text(root, template, text, components, facts)
                self._pave(root, count)
            return root.ways[count]

    def _add_text(self, root, template, text, components, facts):
        """Index one variant given as text; ``facts`` remembers per template
        what its variants share."""
        known = facts.get(template)
        if known is None:
            known = facts[template] = (
                _reads_by_component(template),
                dict((name, template.key_for_name(name).field)
                     for name in set(key_names_of(template.definition))))
        direct, field_of = known
        names = key_names_of(text)
        fixed = len(root.prefix) + len(text) - sum(len(name) + 2 for name in names)
        fields = tuple(field_of[name] for name in names)
        leaf = _Leaf((-fixed, len(names), template.name), template, fields, direct)
        self._add_variant(root, template, components, leaf, len(names))

    def _add_variant(self, root, template, components, leaf, keys):
        """Index one variant; ``components`` are its component texts, holding
        ``keys`` keys in all."""
        count = len(components)
        depth = root.depths.get(count)
        if depth is None:
            depth = root.depths[count] = _Depth()
        depth.variants.append((template, components, leaf))
        if depth.shapes is None:
            self._plant(root.trie, template, components, leaf)
            return
        blind = getattr(template, "ignore_case", False)
        literal = [None if blind or "{" in component else component for component in components]
        shape = tuple(position for position, text in enumerate(literal) if text is not None)
        variants = depth.shapes.setdefault(shape, {}).setdefault(_picker(shape)(literal), [])
        _confirmer(template, components, leaf, self._compiled, variants, keys)
        if len(depth.shapes) > _MAX_SHAPES or len(variants) > _MAX_VARIANTS:
            # Too many shapes or look-alikes to try each: the trie reads this
            # depth from now on, sharing what the variants have in common.
            depth.shapes = None
            for planted in depth.variants:
                self._plant(root.trie, *planted)

    @staticmethod
    def _pave(root, count):
        """Make the road of depth ``count`` under ``root`` (once per depth for a
        whole config, not once per variant)."""
        shapes = root.depths[count].shapes
        root.ways[count] = None if shapes is None else tuple(
            (_picker(shape), by_literals) for shape, by_literals in sorted(shapes.items()))

    def _plant(self, trie, template, components, leaf):
        node = trie
        for component in components:
            node = self._child(node, template, component_tokens(component))
        node.leaves.append(leaf)

    def compile_all(self):
        """Compile now every regular expression the index would compile on
        first use: for a long-lived process that would rather pay at start (a
        dispatcher, a UI's start-up thread). Lookups answer the same either way."""
        for root in self._roots.values():
            for count in list(root.pending):
                self._build_depth(root, count)
            for depth in root.depths.values():
                for by_literals in (depth.shapes or {}).values():
                    for variants in by_literals.values():
                        for entry in list(variants):
                            if getattr(entry[0], "stand_in", False):
                                entry[0](None)  # compiles, and puts itself away
            self._compile_node(root.trie)

    def _compile_node(self, node):
        node.step = _stepper(node)
        for child in node.literals.values():
            self._compile_node(child)
        for pattern in node.patterns.values():
            self._compile_node(pattern.node)

    def clear_cache(self):
        """Forget the folder walks the trie remembers (for timing a cold start).

        Depths read by their literal folders remember nothing: for them this
        changes nothing."""
        for root in self._roots.values():
            self._forget(root.trie)

    def _forget(self, node):
        _seed(node)
        for child in node.literals.values():
            self._forget(child)
        for pattern in node.patterns.values():
            self._forget(pattern.node)

    @staticmethod
    def _child(node, template, component):
        text = _fixed_text(template, component)
        if text is not None:
            child = node.literals.get(text)
            if child is None:
                child = node.literals[text] = _Node()
                node.changed()
            return child
        text, names = _regex_text(template, [component])
        pattern = node.patterns.get(text)
        if pattern is None:
            suffix = component[-1].text if isinstance(component[-1], Literal) else ""
            pattern = node.patterns[text] = _Pattern(text, names)
            extension = _extension(suffix) if "." in suffix and not getattr(
                template, "ignore_case", False) else ""
            if extension:
                node.by_extension.setdefault(extension, []).append(pattern)
            else:
                node.any_patterns.append(pattern)
            node.changed()
        return pattern.node

    def _walk(self, path):
        """``[(leaf, captures), ...]`` for every variant accepting ``path``."""
        text = path.replace("\\", "/") if "\\" in path else path
        compared = text.lower() if _WINDOWS else text
        found = []
        for prefix, root in self._ordered:
            if not compared.startswith(prefix):
                continue
            relative = text[len(prefix):]
            components = relative.split("/")
            if ".." in relative and ".." in components:
                continue  # get_fields refuses '..' folders: so does every template
            road = root.ways.get(len(components), ())
            if road is _PENDING:
                road = self._build_depth(root, len(components))
            if road is None:
                _descend(root.trie, components, (), found)
            else:
                _confirm(road, relative, components, found)
        return found

    def candidates(self, path):
        """Templates whose variants accept ``path``, best first (unconfirmed)."""
        found = self._walk(path)
        found.sort(key=_rank)
        seen = set()
        ordered = []
        for leaf, _ in found:
            if leaf.template not in seen:
                seen.add(leaf.template)
                ordered.append(leaf.template)
        return ordered

    def best(self, path):
        """``(template, fields)`` of the best template for ``path``, or None.

        The answer of ``lookup(path, first=True)``, by a shorter road for the
        usual case: one storage root, one variant accepting the path.
        Anything else takes the general road.
        """
        if self._single is None or "\\" in path or ".." in path:
            return self._first(path)
        prefix, root = self._single
        if not path.startswith(prefix):
            return None
        relative = path[len(prefix):]
        components = relative.split("/")
        road = root.ways.get(len(components), ())
        if road is _PENDING:
            road = self._build_depth(root, len(components))
        if road is None:
            return self._best_by_trie(root.trie, components, path)
        found = []
        _confirm(road, relative, components, found)
        if len(found) != 1 or not found[0][0].direct:
            return self._best_of(found, path)
        leaf, captured = found[0]
        fields = (leaf.reader or leaf.make_reader())(captured)
        if fields is None:
            return None
        if fields is False:
            return self._best_of(found, path)
        return leaf.template, fields

    def _best_by_trie(self, node, components, path):
        """:meth:`best` for a depth the trie reads: one way through it, one
        variant at its end; anything else takes the general road."""
        captured = ()
        for component in components:
            step = node.memo.get(component)
            if step is None:
                step = node.step(component)
            if not step:
                return None
            node, more = step
            if more:
                if node is None:  # accepted several ways
                    return self._first(path)
                captured += more
        leaves = node.leaves
        if len(leaves) != 1 or not leaves[0].direct:
            return self._first(path) if leaves else None
        leaf = leaves[0]
        fields = (leaf.reader or leaf.make_reader())(captured)
        if fields is None:
            return None
        if fields is False:
            return self._first(path)
        return leaf.template, fields

    def _first(self, path):
        return self._best_of(self._walk(path), path)

    def _best_of(self, found, path):
        results = self._results(found, path, True)
        return results[0] if results else None

    def lookup(self, path, first=False):
        """``[(template, fields), ...]`` of templates matching ``path``, best first."""
        return self._results(self._walk(path), path, first)

    @staticmethod
    def _results(found, path, first):
        """What :meth:`lookup` answers from what :meth:`_walk` found."""
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
