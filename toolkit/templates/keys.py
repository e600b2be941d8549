"""Template keys: the typed fields a template is made of.

A key knows three things: the regular expression its text may match in a path,
how to turn a field value into that text (refusing bad values), and how to turn
matched text back into a value. Keys are built from the ``keys:`` section of
``templates.yml`` by :func:`make_key`.

Every key refuses values holding a path separator (``/`` or ``\\``), ``..``, a
control character (NUL, newline...), longer than one path component may be
(:data:`MAX_COMPONENT_BYTES`), or that are empty, so a field can never move a
path outside the folder its template describes nor fail later in the OS.

Text typed by a person (the CLI, an environment variable) goes through
:meth:`Key.value_from_text`, which refuses what a path could not hold;
:meth:`Key.value_from_str` only reads text the key's own pattern matched.
"""

import re

import six

from toolkit.errors import FieldError
from toolkit.templates.definition import literal_pattern

#: Named filters for string keys (``filter_by``).
NAMED_FILTERS = {
    "alphanumeric": "[A-Za-z0-9]+?",
    "alpha": "[A-Za-z]+?",
}

#: Longest text one path component may hold, in UTF-8 bytes (NAME_MAX of ext4,
#: XFS, APFS, NTFS): a longer field would only fail later, in the OS.
MAX_COMPONENT_BYTES = 255

#: Most digits an integer field may have: 18 digits always fit the 64-bit
#: integers of the store's databases (and Python 3.11 refuses int() of 4,300+).
MAX_INT_DIGITS = 18
_ASCII_DIGITS = re.compile(r"[0-9]{1,%d}\Z" % MAX_INT_DIGITS)
# Control characters (C0, DEL, C1): a file name holding one breaks scripts and listings.
_CONTROL = re.compile(u"[\x00-\x1f\x7f-\x9f]")

# Any text inside one path component, taken as short as possible so that keys
# match left to right, each one giving up text to the keys after it.
_ANY_TEXT = "[^/]+?"

#: Prefix of a sequence field value asking for a frame *spelling* rather than a
#: frame: ``"FORMAT: %d"``, ``"FORMAT: #"``, ``"FORMAT: @"``, ``"FORMAT: $F"``.
FORMAT_PREFIX = "FORMAT:"


#: Key options kept as :attr:`Key.metadata`, never acted on by the core.
METADATA_OPTIONS = ("shotgun_entity_type", "shotgun_field_name")


def _metadata(entity_type, field_name):
    metadata = {}
    for option, value in zip(METADATA_OPTIONS, (entity_type, field_name)):
        if value is not None:
            if not isinstance(value, six.string_types) or not value:
                raise ValueError("%s must be a name, got %r" % (option, value))
            metadata[option] = value
    if field_name is not None and entity_type is None:
        raise ValueError("shotgun_field_name needs shotgun_entity_type (the entity the "
                         "field belongs to)")
    return metadata


def _refuse(key, value, template, reason):
    raise FieldError("template %s: key %s: value %r refused: %s"
                     % (template or "?", key.name, value, reason))


def _check_text(key, text, value, template):
    """Refuse text that could escape or break a path."""
    if not text:
        _refuse(key, value, template, "empty value")
    if "/" in text or "\\" in text:
        _refuse(key, value, template, "contains a path separator")
    if ".." in text or text == ".":
        _refuse(key, value, template, "contains '..' or is '.'")
    if "\x00" in text:
        _refuse(key, value, template, "contains a NUL character")
    if _CONTROL.search(text):
        _refuse(key, value, template, "contains a control character (newline, tab...)")
    if len(text) * 4 > MAX_COMPONENT_BYTES and _utf8_length(text) > MAX_COMPONENT_BYTES:
        _refuse(key, value[:40] + "..." if isinstance(value, six.string_types) else value,
                template, "longer than %d bytes, the most one path component may hold"
                % MAX_COMPONENT_BYTES)


def _utf8_length(text):
    if isinstance(text, six.text_type):
        return len(text.encode("utf-8"))
    return len(text)  # a Python 2 byte string is its own length


def check_component_text(text, what):
    """Raise :class:`FieldError` naming ``what`` when ``text`` could not be one
    path component (empty, separator, ``..``, control character, too long).

    The rule every key applies to its values; the store applies it to entity
    codes that become folder names.
    """
    _check_text(_Named(what), text, text, None)


class _Named(object):
    def __init__(self, name):
        self.name = name


class Key(object):
    """Base of every key type.

    ``name`` is how templates write the key (``{maya_extension}``); ``field`` is
    the name the value is stored under in a fields dict: the ``alias`` when one
    is declared, else ``name``. ``default`` is used by ``apply_fields`` when the
    field is missing; ``abstract`` keys are wildcards when listing files.
    """

    type_name = None
    #: Options every key accepts in templates.yml; subclasses add theirs.
    options = ("type", "default", "alias", "abstract") + METADATA_OPTIONS

    def __init__(self, name, default=None, alias=None, abstract=False,
                 shotgun_entity_type=None, shotgun_field_name=None):
        self.name = name
        self.alias = alias
        self.field = alias or name
        self.default = default
        self.abstract = bool(abstract)
        #: Options Reelkit carries without acting on them (ShotGrid Toolkit's
        #: ``shotgun_entity_type`` / ``shotgun_field_name``: which tracker
        #: field a value comes from), for apps and tools that want them.
        self.metadata = _metadata(shotgun_entity_type, shotgun_field_name)
        self.pattern = _ANY_TEXT
        #: True when :attr:`pattern` may match text holding ``/`` (a custom
        #: ``filter_by``): a path is then read with the template's whole regex.
        self.may_span_folders = False
        #: True when :attr:`pattern` matches text of many lengths (any text, digits):
        #: three such keys in a row cannot be read in bounded time.
        self.open_ended = True

    def __repr__(self):
        return "<%s %s>" % (type(self).__name__, self.name)

    def str_from_value(self, value, template=None):
        """Text written in a path for ``value``; :class:`FieldError` if refused."""
        raise NotImplementedError

    def value_from_str(self, text):
        """Field value for text matched by :attr:`pattern` (already known to match)."""
        return text

    def value_from_text(self, text, template=None):
        """Field value for ``text`` typed by a person (CLI, environment).

        Unlike :meth:`value_from_str`, nothing is assumed of ``text``: what the
        key would refuse to write is a :class:`FieldError` naming the key.
        """
        if not isinstance(text, six.string_types):
            _refuse(self, text, template, "expected text")
        self.str_from_value(text, template)
        return text

    def validate_default(self):
        """Raise :class:`FieldError` if the declared default would be refused."""
        if self.default is not None:
            self.str_from_value(self.default, "<default>")


class StringKey(Key):
    """Text, optionally limited by ``filter_by`` (``alphanumeric``, ``alpha`` or a
    regular expression the whole value must match) or by ``choices`` (a list, or
    a dict of value -> label shown to artists)."""

    type_name = "str"
    options = Key.options + ("filter_by", "choices", "ignore_case")

    def __init__(self, name, filter_by=None, choices=None, ignore_case=False, **kwargs):
        super(StringKey, self).__init__(name, **kwargs)
        self.filter_by = filter_by
        if not isinstance(ignore_case, bool):
            raise ValueError("ignore_case must be true or false, got %r" % (ignore_case,))
        if ignore_case and choices is None:
            raise ValueError("ignore_case applies to choices: this key has none")
        #: Choices match in any letter case (ShotGrid Toolkit's reading); the
        #: value read is the path's own text (``MA``), as tk gives it.
        self.ignore_case = ignore_case
        self.labels = dict(choices) if isinstance(choices, dict) else {}
        self.choices = [six.text_type(c) for c in choices] if choices is not None else None
        for choice in self.choices or ():
            try:
                _check_text(self, choice, choice, None)
            except FieldError as exc:
                raise ValueError("choice %r can never be a field value: %s"
                                 % (choice, str(exc).rsplit(": ", 1)[-1]))
        if filter_by is not None and filter_by not in NAMED_FILTERS:
            check_pattern_cost(filter_by)
        if self.choices is not None:
            # Longest first so that a choice never hides a longer one it prefixes.
            ordered = sorted(self.choices, key=lambda c: (-len(c), c))
            self.pattern = "(?:%s)" % "|".join(literal_pattern(c, ignore_case)
                                               for c in ordered)
            self._choice_set = frozenset(c.lower() if ignore_case else c
                                         for c in self.choices)
            self.may_span_folders = any("/" in c for c in self.choices)
            self.open_ended = False
        elif filter_by is not None:
            self.pattern = NAMED_FILTERS.get(filter_by) or "(?:%s)" % filter_by
            self.may_span_folders = (filter_by not in NAMED_FILTERS
                                     and _may_match_slash(filter_by))
        self._whole = None  # compiled on first write: most keys are only ever read

    def _whole_match(self, value):
        if self._whole is None:
            self._whole = re.compile("(?:%s)\\Z" % self.pattern)
        return self._whole.match(value)

    def str_from_value(self, value, template=None):
        if not isinstance(value, six.string_types):
            if isinstance(value, bool) or not isinstance(value, six.integer_types):
                _refuse(self, value, template, "expected a string")
            value = six.text_type(value)
        _check_text(self, value, value, template)
        if self.choices is not None:
            if (value.lower() if self.ignore_case else value) not in self._choice_set:
                _refuse(self, value, template,
                        "not one of %s" % ", ".join(self.choices))
        elif not self._whole_match(value):
            _refuse(self, value, template, "characters not allowed by filter %s"
                    % (self.filter_by or "(any text without '/')"))
        return value


def check_pattern_cost(pattern):
    """Raise ValueError when the regular expression ``pattern`` repeats something
    that may itself repeat or branch (``(a+)+``, ``(\\w|_)*``, ``(x*y?)+``).

    Such patterns backtrack exponentially on a path that almost matches: one
    typo in a ``filter_by`` would freeze every host reading a long path. Python's
    ``re`` has no time limit, so the shape is refused when the config loads.
    """
    try:
        items = _sre_parse().parse(pattern)
    except Exception as exc:  # noqa: BLE001 - re.error; RecursionError, OverflowError...
        raise ValueError("filter_by %r is not a valid regular expression: %s" % (pattern, exc))
    nested = _nested_repeat(items, False)
    if nested:
        raise ValueError("filter_by %r holds %s: such a pattern can take exponential time "
                         "on a long path; write it flat (e.g. [a-z_]+ instead of ([a-z]+_?)+)"
                         % (pattern, nested))


def _sre_parse():
    try:
        from re import _parser as sre_parse  # Python 3.11+ (sre_parse is deprecated)
    except ImportError:
        import sre_parse
    return sre_parse


_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")


def _nested_repeat(items, inside):
    """What repeats or branches inside a repetition of ``items`` (text), else None.

    Three variable repetitions in a row (``[a-z]*[a-z]*[a-z]*``) count too: they
    backtrack polynomially, n**3 and worse on a 255-character component.
    """
    run = 0
    for op, arg in items:
        op = str(op).upper()
        run = run + 1 if op in _REPEATS and arg[0] != arg[1] else 0
        if run >= 3:
            return "three repetitions in a row"
        if op in _REPEATS:
            low, high, body = arg
            if inside and high != low:
                return "a variable repetition"
            variable = high != low or high > 1
            found = _nested_repeat(body, inside or variable)
            if found and not inside:
                found = found if found.startswith("three") else found + " inside a repetition"
            if found:
                return found
        elif op == "BRANCH":
            if inside:
                return "an alternation"
            for branch in arg[1]:
                found = _nested_repeat(branch, inside)
                if found:
                    return found
        elif op == "SUBPATTERN":
            found = _nested_repeat(arg[-1], inside)
            if found:
                return found
        elif op in ("ATOMIC_GROUP", "ASSERT", "ASSERT_NOT"):
            found = _nested_repeat(arg if op == "ATOMIC_GROUP" else arg[1], inside)
            if found:
                return found
        elif op == "GROUPREF" and inside:
            return "a back-reference"
    return None


def _may_match_slash(pattern):
    """False when the regular expression ``pattern`` can never match text
    holding ``/``; True when it can, or when that is not easy to tell."""
    try:
        items = _sre_parse().parse(pattern)
    except Exception:  # noqa: BLE001 - any doubt means "it may"
        return True
    return _items_may_match_slash(items)


_SLASH = ord("/")
# Character categories that never hold "/" (\d \w \s); their negations do.
_SAFE_CATEGORIES = ("CATEGORY_DIGIT", "CATEGORY_WORD", "CATEGORY_SPACE")


def _items_may_match_slash(items):
    for op, arg in items:
        op = str(op).upper()   # opcode names: "LITERAL" (3.x) or "literal" (2.7)
        if op in ("LITERAL", "NOT_LITERAL"):
            if (arg == _SLASH) == (op == "LITERAL"):
                return True
        elif op == "IN":
            negate = any(str(o).upper() == "NEGATE" for o, _ in arg)
            covers = _set_covers_slash([(o, a) for o, a in arg if str(o).upper() != "NEGATE"])
            if covers is None or covers != negate:
                return True
        elif op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            if _items_may_match_slash(arg[2]):
                return True
        elif op in ("SUBPATTERN", "ATOMIC_GROUP"):
            if _items_may_match_slash(arg[-1] if op == "SUBPATTERN" else arg):
                return True
        elif op == "BRANCH":
            if any(_items_may_match_slash(branch) for branch in arg[1]):
                return True
        elif op != "AT":   # anchors match no text; anything else (".", lookarounds...)
            return True
    return False


def _set_covers_slash(items):
    """Whether a ``[...]`` set's items include ``/``; None when unsure."""
    for op, arg in items:
        op = str(op).upper()
        if op == "LITERAL":
            if arg == _SLASH:
                return True
        elif op == "RANGE":
            if arg[0] <= _SLASH <= arg[1]:
                return True
        elif op == "CATEGORY":
            if str(arg).upper() not in _SAFE_CATEGORIES:
                return None
        else:
            return None
    return False


def _int_pattern(padding, strict):
    """Digits of a non-negative integer written with ``padding`` zeros.

    Strict matching accepts exactly what formatting would write: ``007`` for
    padding 3, never ``7`` nor ``0007``; relaxed matching accepts any digits.
    """
    # [0-9], not \\d: on Python 3 \\d also matches Arabic-Indic and other digits.
    # Bounded, so a path holding a 5,000-digit "version" is not read as one.
    if not strict:
        return "[0-9]{1,%d}" % MAX_INT_DIGITS
    if padding <= 1:
        return "(?:0|[1-9][0-9]{0,%d})" % (MAX_INT_DIGITS - 1)
    if padding >= MAX_INT_DIGITS:
        return "[0-9]{%d}" % padding
    return "(?:[0-9]{%d}|[1-9][0-9]{%d,%d})" % (padding, padding, MAX_INT_DIGITS - 1)


def _parse_padding(format_spec):
    """Padding from an integer format_spec (``"03"``), or ValueError."""
    if format_spec in (None, ""):
        return 0
    spec = six.text_type(format_spec)
    if not re.match(r"^0[1-9]\d*$", spec):
        raise ValueError("integer format_spec must look like '03' (zero padding "
                         "and width), got %r" % (format_spec,))
    return int(spec)


class IntegerKey(Key):
    """A non-negative integer, zero padded by ``format_spec`` (``"03"`` -> ``007``).

    With ``strict_matching`` (the default) a path must hold exactly the padded
    spelling; without it any digits are read.
    """

    type_name = "int"
    options = Key.options + ("format_spec", "strict_matching", "choices")

    def __init__(self, name, format_spec=None, strict_matching=True, choices=None, **kwargs):
        super(IntegerKey, self).__init__(name, **kwargs)
        self.format_spec = format_spec
        self.padding = _parse_padding(format_spec)
        if not isinstance(strict_matching, bool):
            raise ValueError("strict_matching must be true or false, not %r" % (strict_matching,))
        self.strict_matching = strict_matching
        self.choices = [int(c) for c in choices] if choices is not None else None
        self._fmt = "%%0%dd" % self.padding if self.padding else "%d"
        self.pattern = _int_pattern(self.padding, self.strict_matching)

    def _as_int(self, value, template):
        if isinstance(value, bool):
            _refuse(self, value, template, "expected an integer")
        if isinstance(value, six.integer_types):
            number = value
        elif isinstance(value, six.string_types) and _ASCII_DIGITS.match(value):
            number = int(value)
        else:
            # "+3", " 3", "3_000", "3.0", "0x10", non-ASCII digits: int() would
            # take several of them, a path must not.
            if isinstance(value, six.string_types) and len(value) > 40:
                value = value[:40] + "..."
            _refuse(self, value, template, "expected an integer written with the digits "
                    "0-9 only (at most %d)" % MAX_INT_DIGITS)
        if number < 0:
            _refuse(self, value, template, "negative numbers are not allowed")
        if number >= 10 ** MAX_INT_DIGITS:
            _refuse(self, value, template, "more than %d digits" % MAX_INT_DIGITS)
        if self.choices is not None and number not in self.choices:
            _refuse(self, value, template, "not one of %s"
                    % ", ".join(str(c) for c in self.choices))
        return number

    def str_from_value(self, value, template=None):
        return self._fmt % self._as_int(value, template)

    def value_from_str(self, text):
        return int(text)

    def value_from_text(self, text, template=None):
        if not isinstance(text, six.string_types):
            _refuse(self, text, template, "expected text")
        return self._as_int(text, template)


# Frame spellings, per host family. Each is (regex on the whole spelling, kind).
_SPELLINGS = (
    (re.compile(r"^%0?(\d*)d\Z"), "%d"),       # printf: %04d, %d (Nuke, Maya, RV)
    (re.compile(r"^(#+)\Z"), "#"),             # hashes: #### = 4 digits (Nuke)
    (re.compile(r"^(@+)\Z"), "@"),             # at signs: @@@@ = 4 digits
    (re.compile(r"^\$F(\d*)\Z"), "$F"),        # Houdini: $F4, $F
    (re.compile(r"^(<UDIM>)\Z"), "<UDIM>"),     # texture tiles: Mari, Nuke, Arnold
    (re.compile(r"^(\$UDIM)\Z"), "$UDIM"),     # texture tiles: Houdini, Katana
)
_SPELLING_PATTERN = "%0?\\d*d|#+|@+|\\$F\\d*|<UDIM>|\\$UDIM"
#: Placeholders of texture tiles (UDIMs): never padded, whatever the key's padding.
UDIM_SPELLINGS = ("<UDIM>", "$UDIM")
#: Every kind ``FORMAT:`` takes.
FORMAT_KINDS = ("%d", "#", "@", "$F") + UDIM_SPELLINGS


def frame_spelling(kind, padding):
    """The frame placeholder of ``kind`` (``%d``, ``#``, ``@``, ``$F``) for ``padding``."""
    if kind == "%d":
        return "%%0%dd" % padding if padding > 1 else "%d"
    if kind in ("#", "@"):
        return kind * max(padding, 1)
    if kind == "$F":
        return "$F%d" % padding if padding > 1 else "$F"
    if kind in UDIM_SPELLINGS:
        return kind
    raise ValueError("unknown frame spelling %r" % (kind,))


def parse_spelling(text):
    """``(kind, padding)`` of a frame placeholder such as ``$F4``, else None."""
    for regex, kind in _SPELLINGS:
        match = regex.match(text)
        if match:
            group = match.group(1)
            if kind in UDIM_SPELLINGS:
                return kind, 0
            if kind in ("#", "@"):
                return kind, len(group)
            return kind, int(group) if group else (1 if kind == "$F" else 0)
    return None


class SequenceKey(IntegerKey):
    """A frame number, or a placeholder for every frame of a sequence.

    Paths may hold a concrete frame (``1001``) or any host's placeholder:
    ``%04d``, ``####``, ``@@@@``, ``$F4`` (and the unpadded ``%d``, ``#``,
    ``@``, ``$F``). Field values follow one convention:

    * an ``int`` (or digit string) is a frame, written with the key's padding;
    * ``"FORMAT: <kind>"`` with kind ``%d``, ``#``, ``@`` or ``$F`` writes that
      host's placeholder at the key's padding (``"FORMAT: $F"`` -> ``$F4``);
    * a placeholder itself (``"%04d"``, ``"####"``) is written as given;
    * ``"<UDIM>"`` / ``"$UDIM"`` (or ``"FORMAT: <UDIM>"``) stand for every
      texture tile and are never padded: ``default: "<UDIM>"`` is a valid default.

    Reading a path gives an ``int`` for a frame and the placeholder text
    otherwise. ``spelling`` (default ``%d``) is the placeholder kind
    ``find_files`` writes for grouped sequences. Sequence keys are abstract
    unless declared otherwise.
    """

    type_name = "sequence"
    options = IntegerKey.options + ("spelling",)

    def __init__(self, name, spelling="%d", abstract=True, **kwargs):
        super(SequenceKey, self).__init__(name, abstract=abstract, **kwargs)
        if spelling not in ("%d", "#", "@", "$F"):
            raise ValueError("spelling must be one of %%d, #, @, $F; got %r" % (spelling,))
        self.spelling = spelling
        self.placeholder = frame_spelling(spelling, self.padding)
        self.pattern = "(?:%s|%s)" % (self.pattern, _SPELLING_PATTERN)

    def str_from_value(self, value, template=None):
        if isinstance(value, six.string_types) and not _ASCII_DIGITS.match(value):
            text = value.strip()
            if text.startswith(FORMAT_PREFIX):
                kind = text[len(FORMAT_PREFIX):].strip()
                if kind not in FORMAT_KINDS:
                    _refuse(self, value, template,
                            "FORMAT: takes one of %s" % ", ".join(FORMAT_KINDS))
                return frame_spelling(kind, self.padding)
            if parse_spelling(value) is None:
                _refuse(self, value, template, "expected a frame number, a frame "
                        "placeholder (%04d, ####, @@@@, $F4, <UDIM>, $UDIM) or 'FORMAT: %d'")
            return value
        return super(SequenceKey, self).str_from_value(value, template)

    def value_from_str(self, text):
        return int(text) if text.isdigit() else text

    def value_from_text(self, text, template=None):
        if not isinstance(text, six.string_types):
            _refuse(self, text, template, "expected text")
        if _ASCII_DIGITS.match(text) or not text.strip() or text.strip()[:1] in "+-0123456789":
            return self._as_int(text, template)
        self.str_from_value(text, template)  # a placeholder or "FORMAT: ..."
        return text

    def is_frame(self, value):
        """True for a concrete frame value, False for a placeholder request."""
        return not isinstance(value, six.string_types) or bool(_ASCII_DIGITS.match(value))


# strftime directives a timestamp format may use, with the text each writes.
_STRFTIME = {
    "Y": "\\d{4}", "y": "\\d{2}", "m": "\\d{2}", "d": "\\d{2}", "H": "\\d{2}",
    "M": "\\d{2}", "S": "\\d{2}", "j": "\\d{3}", "f": "\\d{6}", "%": "%",
}


def _strftime_pattern(format_spec):
    parts = []
    i = 0
    while i < len(format_spec):
        char = format_spec[i]
        if char == "%":
            directive = format_spec[i + 1:i + 2]
            if directive not in _STRFTIME:
                raise ValueError("timestamp format_spec %r: unsupported directive %%%s "
                                 "(use %s)" % (format_spec, directive, " ".join(
                                     "%" + d for d in sorted(_STRFTIME))))
            parts.append(_STRFTIME[directive])
            i += 2
        else:
            if char in "/\\":
                raise ValueError("timestamp format_spec %r holds a path separator"
                                 % (format_spec,))
            parts.append(re.escape(char))
            i += 1
    return "".join(parts)


def _strftime_parts(format_spec):
    """Regex with one group per field, when every directive is plain digits
    written once (else None: strptime then does the reading)."""
    directives = re.findall(r"%(.)", format_spec.replace("%%", ""))
    if (not set(directives) <= set("YmdHMSf") or len(set(directives)) != len(directives)
            or "%%" in format_spec):
        return None
    parts = []
    for piece in re.split(r"(%.)", format_spec):
        if piece.startswith("%") and len(piece) == 2:
            parts.append("(?P<%s>%s)" % (piece[1], _STRFTIME[piece[1]]))
        else:
            parts.append(re.escape(piece))
    return re.compile("".join(parts) + "\\Z")


class TimestampKey(Key):
    """A date and time written with ``format_spec`` (strftime, default
    ``%Y-%m-%d-%H-%M-%S``). Values are ``datetime`` objects, or strings already
    in that format; reading a path gives a ``datetime``. The default may be
    ``now`` (local time) or ``utc_now``."""

    type_name = "timestamp"
    options = Key.options + ("format_spec",)

    def __init__(self, name, format_spec="%Y-%m-%d-%H-%M-%S", **kwargs):
        super(TimestampKey, self).__init__(name, **kwargs)
        self.format_spec = six.text_type(format_spec)
        self.pattern = _strftime_pattern(self.format_spec)
        self.open_ended = False  # digits of fixed widths
        self._parts = _strftime_parts(self.format_spec)
        # datetime() arguments in order: the group holding each, or its default;
        # when the groups already are year, month, day... in order, no reordering.
        self._order = None if self._parts is None else tuple(
            (self._parts.groupindex.get(name, 0) - 1, default)
            for name, default in (("Y", 1900), ("m", 1), ("d", 1), ("H", 0), ("M", 0),
                                  ("S", 0), ("f", 0)))
        self._in_order = self._parts is not None and "".join(
            sorted(self._parts.groupindex, key=self._parts.groupindex.get)) in (
                "Ymd", "YmdH", "YmdHM", "YmdHMS", "YmdHMSf")
        if self._parts is None:
            # Directives this module does not read itself: let strptime check
            # them (only then: importing _strptime costs a few milliseconds).
            import datetime
            sample = datetime.datetime(2001, 2, 3, 4, 5, 6, 789000)
            try:
                written = sample.strftime(self.format_spec)
                datetime.datetime.strptime(written, self.format_spec)
            except ValueError as exc:
                raise ValueError("timestamp format_spec %r: %s" % (format_spec, exc))

    def str_from_value(self, value, template=None):
        import datetime
        from toolkit.clock import utc_now

        if value in ("now", "utc_now"):
            value = utc_now() if value == "utc_now" else datetime.datetime.now()
        if isinstance(value, datetime.datetime):
            text = value.strftime(self.format_spec)
        elif isinstance(value, six.string_types):
            try:
                parsed = datetime.datetime.strptime(value, self.format_spec)
            except ValueError:
                parsed = None
            # strptime is lenient (non-ASCII digits, "2024-1-5"): only the exact
            # spelling the format writes would match the path again.
            if parsed is None or parsed.strftime(self.format_spec) != value:
                _refuse(self, value[:40], template,
                        "not a timestamp in the format %s" % self.format_spec)
            text = value
        else:
            _refuse(self, value, template, "expected a datetime or a string")
        _check_text(self, text, value, template)
        return text

    def value_from_str(self, text):
        import datetime

        if self._parts is not None:
            # strptime is slow (tens of microseconds): read the digits directly.
            match = self._parts.match(text)
            if match:
                groups = match.groups()
                if self._in_order:
                    return datetime.datetime(*map(int, groups))
                return datetime.datetime(*[int(groups[index]) if index >= 0 else default
                                           for index, default in self._order])
        return datetime.datetime.strptime(text, self.format_spec)


KEY_TYPES = dict((cls.type_name, cls) for cls in (StringKey, IntegerKey, SequenceKey, TimestampKey))
KEY_TYPES["string"] = StringKey
KEY_TYPES["integer"] = IntegerKey
