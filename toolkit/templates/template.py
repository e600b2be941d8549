"""Templates: a definition bound to its keys, resolved in both directions.

:class:`TemplatePath` turns fields into an absolute path under one storage root
and reads fields back from a path; :class:`TemplateString` does the same for
names that are not paths (a publish name, a Nuke write node label).

How a path is read (the ambiguity rule): the definition becomes one regular
expression, compiled the first time the template reads text (compiling every
template of a config up front was most of the cost of a process's first
lookup; see :attr:`Template.regex`). Keys match *non-greedily, left to right*: each key
takes the shortest text that still lets the rest of the path match, and a key's
own filter (``alphanumeric``, ``choices``, integer digits...) limits what it can
swallow. So ``{Shot}_{name}`` reads ``SH010_hero_cloth`` as Shot ``SH010``,
name ``hero_cloth`` when Shot is alphanumeric, and also when it is free text.
Optional sections are taken whenever the path allows it.
"""

import os
import re
from collections import OrderedDict

from six.moves import _thread  # not threading: a millisecond of every start

from toolkit.errors import FieldError, TemplateError, TemplateMatchError
from toolkit.templates.arguments import check_fields, check_path
from toolkit.templates import definition as _definition
from toolkit.templates.definition import KeyRef, Literal, Optional
from toolkit.templates.keys import StringKey

_WINDOWS = os.name == "nt"
# One template's reading is planned by one thread at a time (see _plan_reading).
_PLANNING = _thread.allocate_lock()
# Fields usable as regex group names as they are (a dotted key is not).
_GROUP_NAME = re.compile(r"^(?!__)[A-Za-z_][A-Za-z0-9_]*\Z")


class Template(object):
    """Base of path and string templates.

    ``name``, ``definition``, ``keys`` (field name -> :class:`Key`, in order of
    appearance) and ``source`` (``(file, line)`` where it was declared, if any).
    """

    def __init__(self, name, definition, keys, source=None, ignore_case=False):
        self.name = name
        self.definition = definition
        self.source = source
        #: True when fixed text matches in any letter case (ShotGrid Toolkit's
        #: reading); writing always uses the definition's own spelling.
        self.ignore_case = bool(ignore_case)
        self._tokens = _definition.parse_definition(definition)
        self._check_literals()
        self.keys = OrderedDict()
        self._by_name = {}
        for key_name in _definition.iter_key_names(self._tokens):
            key = keys.get(key_name)
            if key is None:
                raise _definition.DefinitionError("undefined key {%s}" % key_name)
            other = self.keys.get(key.field)
            if other is not None and other is not key:
                raise _definition.DefinitionError(
                    "keys %s and %s are both stored as field %r" % (other.name, key.name, key.field))
            self.keys[key.field] = key
            self._by_name[key_name] = key
        #: The text of each variant (definition.variant_texts), read by the
        #: check below and by the path index.
        self.variant_texts = _definition.variant_texts(self._tokens)
        _definition.check_key_runs(self.variant_texts, self._by_name.get)
        self._required = [keys[n].field for n in _definition.required_key_names(self._tokens)]
        self._regex = None       # compiled on first use: see regex
        self._regex_text = None  # with _converters, _checked, _twins: see _plan_reading
        self._variants = None

    def __repr__(self):
        return "<%s %s: %s>" % (type(self).__name__, self.name, self.definition)

    def _check_literals(self):
        pass

    # -- regular expression ------------------------------------------------

    @property
    def regex(self):
        """The compiled regular expression of the whole definition (for a path
        template: of the path relative to its root), compiled on first use.

        A process usually reads paths of a few templates only, and the path
        index finds them without this regex (it confirms a path with the regex
        of the one variant it points at): compiling every template up front
        cost more than everything else a first lookup does.
        :class:`~toolkit.errors.TemplateError` (naming the template and where
        it is declared) if a key's custom ``filter_by`` cannot be combined into
        it (say, named groups met twice).
        """
        return self._regex or self._compile_regex()

    def _compile_regex(self):
        self._plan_reading()
        try:
            self._regex = re.compile(self._regex_text)
        except re.error as exc:
            where = ""
            if self.source and self.source[0]:
                where = "%s:%s: " % (self.source[0], self.source[1] or "?")
            raise TemplateError("%stemplate %s (%s): cannot build its regular expression: %s"
                                % (where, self.name, self.definition, exc))
        return self._regex

    def field_converters(self):
        """``[(field, function), ...]`` for the keys whose value is not their
        text (integers, frames, timestamps), in order of appearance; ``function``
        turns matched text into the value."""
        self._plan_reading()
        return self._converters

    def _plan_reading(self):
        """Work out how text is read: the regex text and what is done with a
        match (cheap next to compiling it, and done once)."""
        if self._regex_text is not None:
            return
        # Threads may read paths at once (a UI and its workers): the plan is
        # made under a lock, and _regex_text, set last, says it is complete.
        with _PLANNING:
            if self._regex_text is None:
                self._plan_reading_now()

    def _plan_reading_now(self):
        # Groups are named after fields, so a match's groupdict() is almost the
        # fields dict already; repeats that cannot be back-references get
        # "__rN" groups compared after matching.
        self._converters = []    # (field, function) for keys whose value is not the text
        self._checked = []       # fields whose custom filter might reach over a '/'
        self._twins = []         # (group, field)
        self._seen = {}
        # A field that is not a regex group name (``flame.frame``) gets a
        # group of its own, renamed back after matching.
        self._groups = {}
        self._renamed = {}
        parts = self._regex_parts(self._tokens, ())
        del self._seen
        self._regex_text = "".join(parts) + "\\Z"

    def _regex_parts(self, tokens, chain):
        parts = []
        for token in tokens:
            if isinstance(token, Literal):
                parts.append(_definition.literal_pattern(token.text, self.ignore_case))
            elif isinstance(token, Optional):
                inner = self._regex_parts(token.tokens, chain + (token.index,))
                parts.append("(?:%s)?" % "".join(inner))
            else:
                key = self._key_of(token)
                previous = self._seen.get(key.field)
                if previous is not None and chain[:len(previous)] == previous:
                    # The earlier occurrence always matched before this point: a
                    # back-reference lets the regex itself insist on equal text.
                    parts.append("(?P=%s)" % self._group_of(key.field))
                elif previous is not None:
                    group = "__r%d" % len(self._twins)
                    parts.append("(?P<%s>%s)" % (group, key.pattern))
                    self._twins.append((group, key.field))
                else:
                    parts.append("(?P<%s>%s)" % (self._group_of(key.field), key.pattern))
                    self._seen[key.field] = chain
                    if not isinstance(key, StringKey):
                        self._converters.append((key.field, key.value_from_str))
                    elif key.choices is None and key.may_span_folders:
                        self._checked.append(key.field)
        return parts

    def _group_of(self, field):
        group = self._groups.get(field)
        if group is None:
            group = field
            if not _GROUP_NAME.match(field):
                group = "__f%d" % len(self._renamed)
                self._renamed[group] = field
            self._groups[field] = group
        return group

    def _key_of(self, token):
        return self._by_name[token.name]

    # -- fields -> text ----------------------------------------------------

    def _render(self, fields):
        check_fields(fields, "%s.apply_fields" % self.name)
        values = {}
        for field, key in self.keys.items():
            value = fields.get(field)
            if value is not None:
                values[field] = key.str_from_value(value, self.name)
        missing = []
        for field in self._required:
            if field not in values:
                key = self.keys[field]
                if key.default is None:
                    missing.append(field)
                else:
                    values[field] = key.str_from_value(key.default, self.name)
        if missing:
            raise FieldError("template %s: missing fields %s" % (self.name, ", ".join(missing)))
        return "".join(self._render_tokens(self._tokens, values))

    def _render_tokens(self, tokens, values):
        parts = []
        for token in tokens:
            if isinstance(token, Literal):
                parts.append(token.text)
            elif isinstance(token, KeyRef):
                parts.append(values[self._key_of(token).field])
            elif all(self._by_name[n].field in values
                     for n in _definition.required_key_names(token.tokens)):
                parts.extend(self._render_tokens(token.tokens, values))
        return parts

    def apply_fields(self, fields):
        """Text for ``fields``; :class:`FieldError` names any refused value.

        Missing required fields take their key's default; an optional section is
        written only when every key directly inside it has a value.
        """
        raise NotImplementedError

    def missing_keys(self, fields):
        """Required fields absent from ``fields`` (or None) that have no default."""
        check_fields(fields, "%s.missing_keys" % self.name)
        return [f for f in self._required
                if fields.get(f) is None and self.keys[f].default is None]

    # -- text -> fields ----------------------------------------------------

    def _match(self, text, original):
        match = (self._regex or self._compile_regex()).match(text)
        if match is None:
            raise TemplateMatchError("%r does not match template %s (%s)"
                                     % (original, self.name, self.definition))
        fields = match.groupdict()
        if self._renamed:
            for group, field in self._renamed.items():
                fields[field] = fields.pop(group)
        if self._twins:
            for group, field in self._twins:
                value = fields.pop(group)
                if value is None:
                    continue
                if fields[field] is None:
                    fields[field] = value
                elif fields[field] != value:
                    raise TemplateMatchError("%r does not match template %s: %s differs "
                                             "between its occurrences"
                                             % (original, self.name, field))
        if None in fields.values():
            fields = dict((f, v) for f, v in fields.items() if v is not None)
        for field in self._checked:
            if "/" in fields.get(field, ""):
                raise TemplateMatchError("%r does not match template %s: key %s would "
                                         "span folders" % (original, self.name, field))
        try:
            for field, convert in self._converters:
                if field in fields:
                    fields[field] = convert(fields[field])
        except ValueError as exc:  # a timestamp such as month 13
            raise TemplateMatchError("%r does not match template %s: %s"
                                     % (original, self.name, exc))
        return fields

    def get_fields(self, text):
        """Fields read from ``text``; :class:`TemplateMatchError` if it does not match."""
        raise NotImplementedError

    def validate(self, text):
        """True if ``text`` matches this template."""
        try:
            self.get_fields(text)
        except TemplateMatchError:
            return False
        return True

    # -- variants (used by the index and file listing) ---------------------

    @property
    def variants(self):
        """Flat token lists, one per choice of optional sections (taken first)."""
        if self._variants is None:
            self._variants = [flat for flat, _ in _definition.variants(self._tokens)]
        return self._variants

    def key_for_name(self, key_name):
        """The :class:`Key` a definition writes as ``{key_name}``."""
        return self._by_name[key_name]


class TemplateString(Template):
    """A template for text that is not a path (names, labels)."""

    def apply_fields(self, fields):
        return self._render(fields)

    def get_fields(self, text):
        check_path(text, "%s.get_fields" % self.name, "text")
        return self._match(text, text)


class TemplatePath(Template):
    """A path template under the storage root ``root_name``.

    ``root`` is that root's absolute path on this OS, or None for a template not
    bound to a root (it then reads and writes paths relative to the root).
    ``apply_fields`` joins with the running OS's separator; ``get_fields``
    accepts ``/`` and ``\\`` alike.
    """

    def __init__(self, name, definition, keys, root_name="primary", root=None, source=None,
                 template_set=None, ignore_case=False):
        self.root_name = root_name
        self.root = root
        self._set = template_set
        self._parent = False
        super(TemplatePath, self).__init__(name, definition, keys, source, ignore_case)
        if root is None:
            self._write_prefix = ""
            self._read_prefix = ""
        else:
            stripped = root.rstrip("/\\")
            self._write_prefix = stripped + os.sep
            self._read_prefix = stripped.replace("\\", "/") + "/"
        self._read_prefix_cmp = self._read_prefix.lower() if _WINDOWS else self._read_prefix

    def _check_literals(self):
        # A key name never holds a backslash (definition.is_key_name), so the
        # definition holds one exactly when its fixed text does.
        if "\\" in self.definition:
            raise _definition.DefinitionError("use '/' between folders, not '\\'")
        if self.definition.startswith("/"):
            raise _definition.DefinitionError("a path definition is relative to its root: "
                                              "it must not start with '/'")
        if "//" in self.definition or self.definition.endswith("/"):
            raise _definition.DefinitionError("empty folder name ('//' or a trailing '/')")
        if ".." in self.definition.split("/"):
            raise _definition.DefinitionError("'..' is not allowed in a path definition")

    def apply_fields(self, fields):
        """Absolute path (under the root) for ``fields``."""
        relative = self._render(fields)
        if os.sep != "/":
            relative = relative.replace("/", os.sep)
        return self._write_prefix + relative

    def relative_path(self, path):
        """``path`` relative to this template's root, with ``/`` separators."""
        text = path.replace("\\", "/") if "\\" in path else path
        prefix = self._read_prefix
        if prefix:
            head = text[:len(prefix)]
            if (head.lower() if _WINDOWS else head) != self._read_prefix_cmp:
                from toolkit.roots import under_root  # a symlink or the physical folder
                alias = under_root(path, [self.root])
                if alias is None:
                    raise TemplateMatchError("%r does not match template %s: not under root "
                                             "%s (%s)" % (path, self.name, self.root_name,
                                                          self.root))
                return self.relative_path(alias)
            text = text[len(prefix):]
        return text

    def get_fields(self, path):
        """Fields read from ``path`` (absolute, under the root)."""
        check_path(path, "%s.get_fields" % self.name)
        relative = self.relative_path(path)
        if ".." in relative and ".." in relative.split("/"):
            raise TemplateMatchError("%r does not match template %s: holds '..'"
                                     % (path, self.name))
        return self._match(relative, path)

    @property
    def parent(self):
        """Template of the folder holding this template's paths, or None at the root.

        The set's own template with that definition and root when there is one,
        else an unnamed-in-the-set template called ``<name>.parent``.
        """
        if self._parent is False:
            self._parent = self._make_parent()
        return self._parent

    def _make_parent(self):
        tokens = self._tokens
        for position in range(len(tokens) - 1, -1, -1):
            token = tokens[position]
            if isinstance(token, Literal) and "/" in token.text:
                head = token.text[:token.text.rindex("/")]
                parent_tokens = list(tokens[:position]) + ([Literal(head)] if head else [])
                break
        else:
            return None
        text = _definition.to_definition(parent_tokens)
        if self._set is not None:
            found = self._set.find_definition(text, self.root_name)
            if found is not None:
                return found
        keys = dict((key.name, key) for key in self.keys.values())
        return TemplatePath(self.name + ".parent", text, keys, self.root_name, self.root,
                            self.source, self._set, self.ignore_case)

    def find_files(self, fields, skip_keys=()):
        """Existing files and folders matching ``fields``, some keys left open.

        Keys in ``skip_keys``, keys missing from ``fields`` and abstract keys
        (frames, eyes) are wildcards. Frames of one sequence come back as one
        path whose frame is written with the sequence key's placeholder
        (``..._v003.%04d.exr``). Sorted.
        """
        from toolkit.templates.files import find_files
        return [path for path, _ in find_files(self, fields, skip_keys)]

    def find_sequences(self, fields, skip_keys=()):
        """Like :meth:`find_files`, as ``(path, frames)`` pairs where ``frames``
        is a ``fileseq.FrameSet`` (None for paths without a frame)."""
        from toolkit.templates.files import find_files
        return find_files(self, fields, skip_keys)

