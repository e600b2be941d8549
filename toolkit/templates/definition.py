"""Parsing template definitions: ``sequences/{Sequence}/{Shot}[_{name}]_v{version}``.

A definition parses into a tree of three token kinds: literal text, a key
reference ``{name}``, and an optional section ``[...]`` (which may nest). From
the tree this module builds the things a template needs: the regular expression
of the whole definition, and its *variants* (one flat token list per choice of
optional sections), which the path index and file listing work from.
"""

import itertools
import re

from toolkit.errors import TemplateError

# A key name may hold dots between its words (``nuke.output``), as ShotGrid
# Toolkit configs name keys per host; never an empty part or a space.
_NAME = r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*"
_KEY_NAME = re.compile(r"^%s\Z" % _NAME)


def is_key_name(name):
    """True if ``name`` can name a key (``Shot``, ``nuke.output``)."""
    return bool(_KEY_NAME.match(name))


#: More optional sections than this in one template is refused (2**n variants).
MAX_OPTIONAL_SECTIONS = 8


class DefinitionError(TemplateError):
    """A definition string is malformed; the message says where."""


class Literal(object):
    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return "Literal(%r)" % self.text


class KeyRef(object):
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "KeyRef(%r)" % self.name


class Optional(object):
    __slots__ = ("tokens", "index")

    def __init__(self, tokens, index):
        self.tokens = tokens
        self.index = index  # position among the definition's optional sections

    def __repr__(self):
        return "Optional(%r)" % (self.tokens,)


# One token of a definition: a key reference (its name inside), literal text,
# or a single other character ('[', ']', or an unbalanced brace).
_TOKEN = re.compile(r"\{([^{}]*)\}|([^{}\[\]]+)|(.)", re.S)


def parse_definition(definition):
    """Token tree of ``definition``; :class:`DefinitionError` when malformed.

    Read a token at a time (literal runs and key references found by one
    regex), not a character at a time: about a sixth less per definition."""
    stack = [[]]
    counter = itertools.count()
    for match in _TOKEN.finditer(definition):
        name, text, char = match.groups()
        if text is not None:
            stack[-1].append(Literal(text))
        elif name is not None:
            if not _KEY_NAME.match(name):
                raise DefinitionError("bad key reference {%s} at column %d"
                                      % (name, match.start() + 1))
            stack[-1].append(KeyRef(name))
        elif char == "[":
            stack.append([])
        elif char == "]":
            if len(stack) == 1:
                raise DefinitionError("unbalanced ']' at column %d" % (match.start() + 1))
            tokens = stack.pop()
            if not any(isinstance(t, (KeyRef, Optional)) for t in tokens):
                raise DefinitionError("optional section ending at column %d holds no key"
                                      % (match.start() + 1))
            stack[-1].append(Optional(tokens, next(counter)))
        else:  # a brace without its pair
            raise DefinitionError("unbalanced '%s' at column %d" % (char, match.start() + 1))
    if len(stack) != 1:
        raise DefinitionError("unbalanced '[': optional section is never closed")
    if next(counter) > MAX_OPTIONAL_SECTIONS:
        raise DefinitionError("more than %d optional sections" % MAX_OPTIONAL_SECTIONS)
    return stack[0]


def iter_key_names(tokens):
    """Key names in order of appearance (repeats included)."""
    for token in tokens:
        if isinstance(token, KeyRef):
            yield token.name
        elif isinstance(token, Optional):
            for name in iter_key_names(token.tokens):
                yield name


def required_key_names(tokens):
    """Key names outside every optional section, in order, without repeats."""
    seen = []
    for token in tokens:
        if isinstance(token, KeyRef) and token.name not in seen:
            seen.append(token.name)
    return seen


def variants(tokens):
    """Every flat token list the tree can produce, with optional sections taken
    first: ``[(flat_tokens, frozenset(optional indices taken)), ...]``.

    Adjacent literals are merged so that literal text compares as one string.
    """
    results = [([], frozenset())]
    for token in tokens:
        if isinstance(token, Optional):
            inner = variants(token.tokens)
            taken = [(a + b, sa | sb | frozenset([token.index]))
                     for a, sa in results for b, sb in inner]
            results = taken + results
        else:
            results = [(a + [token], sa) for a, sa in results]
    return [(_merge_literals(flat), taken) for flat, taken in results]


def variant_texts(tokens):
    """The definition text of each variant, in the order of :func:`variants`:
    ``sequences/{Sequence}/{Shot}_{name}.ma`` (optional sections chosen, their
    brackets dropped).

    What the path index reads a config from: splitting text at ``/`` and
    finding ``{`` in it is done in C, where walking token lists was most of
    the cost of indexing a large config.
    """
    results = [""]
    for token in tokens:
        if isinstance(token, Optional):
            inner = variant_texts(token.tokens)
            results = [a + b for a in results for b in inner] + results
        elif isinstance(token, Literal):
            results = [a + token.text for a in results]
        else:
            results = [a + "{%s}" % token.name for a in results]
    return results


_KEY_REFERENCE = re.compile(r"\{(%s)\}" % _NAME)


def key_names_of(text):
    """Key names of a variant text (from :func:`variant_texts`), in order."""
    return _KEY_REFERENCE.findall(text)


def component_tokens(text):
    """Flat token list of one component of a variant text (no ``/`` in it)."""
    pieces = _KEY_REFERENCE.split(text)
    tokens = []
    for position, piece in enumerate(pieces):
        if position % 2:
            tokens.append(KeyRef(piece))
        elif piece:
            tokens.append(Literal(piece))
    return tokens


def literal_pattern(text, ignore_case=False):
    """Regular expression matching the literal ``text``; with ``ignore_case``,
    in any letter case (``SEQUENCES``, ``.MA``), as ShotGrid Toolkit reads
    fixed text and choices.

    Written as character classes (``[sS]``) rather than a scoped ``(?i:...)``
    flag, which Python 2.7's ``re`` does not have; the rest of the pattern
    (the keys' own filters) keeps its case.
    """
    if not ignore_case:
        return re.escape(text)
    parts = []
    for char in text:
        lower, upper = char.lower(), char.upper()
        if lower != upper and len(lower) == 1 and len(upper) == 1:
            parts.append("[%s%s]" % (lower, upper))
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _merge_literals(flat):
    merged = []
    for token in flat:
        if isinstance(token, Literal) and merged and isinstance(merged[-1], Literal):
            merged[-1] = Literal(merged[-1].text + token.text)
        else:
            merged.append(token)
    return merged


#: Most open-ended keys (any text, any digits) a template may hold in a row,
#: with no literal text between them.
MAX_KEYS_IN_A_ROW = 2
# More key references than MAX_KEYS_IN_A_ROW with nothing between them.
_KEYS_SIDE_BY_SIDE = re.compile(r"(?:\{%s\}){%d,}" % (_NAME, MAX_KEYS_IN_A_ROW + 1))


def check_key_runs(texts, key_for_name):
    """Raise DefinitionError when a variant holds more than :data:`MAX_KEYS_IN_A_ROW`
    open-ended keys in a row (``{a}{b}{c}``).

    Their regular expressions then split the same text every possible way: a
    path that almost matches takes n**3 steps and more (33 s for a 200-character
    file name with five such keys). A literal between them (``{a}_{b}``) or a
    key with ``choices`` bounds it.

    Read from the variants' text (``texts``, from :func:`variant_texts`): only
    where one regex finds that many key references side by side are the keys
    looked at, which keeps this check out of the way of a config's load time.
    """
    for text in texts:
        if text.count("}{") < MAX_KEYS_IN_A_ROW:
            continue  # no run that long: the common case, told by one count in C
        for side_by_side in _KEYS_SIDE_BY_SIDE.finditer(text):
            run = []
            for name in key_names_of(side_by_side.group(0)) + [None]:
                key = key_for_name(name) if name is not None else None
                if key is not None and getattr(key, "open_ended", False):
                    run.append(name)
                    continue
                if len(run) > MAX_KEYS_IN_A_ROW:
                    raise DefinitionError(
                        "%s: %d keys in a row with no text between them cannot be read in "
                        "bounded time; put text between them ({%s}_{%s}) or give one of them "
                        "choices" % ("".join("{%s}" % n for n in run), len(run), run[0], run[1]))
                run = []


def split_components(flat):
    """Split a flat token list at ``/`` into path components (lists of tokens)."""
    components = [[]]
    for token in flat:
        if isinstance(token, Literal):
            pieces = token.text.split("/")
            for number, piece in enumerate(pieces):
                if number:
                    components.append([])
                if piece:
                    components[-1].append(Literal(piece))
        else:
            components[-1].append(token)
    return components


def to_definition(tokens):
    """Definition text of a token tree (inverse of :func:`parse_definition`)."""
    parts = []
    for token in tokens:
        if isinstance(token, Literal):
            parts.append(token.text)
        elif isinstance(token, KeyRef):
            parts.append("{%s}" % token.name)
        else:
            parts.append("[%s]" % to_definition(token.tokens))
    return "".join(parts)
