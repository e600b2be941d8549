"""A project's templates: keys, path templates and string templates from templates.yml.

Every mistake in the file is reported as a :class:`~toolkit.errors.ConfigError`
naming the file, the line and the entry (``templates.yml:14: paths.maya_work:
undefined key {Shto}``).
"""

import re
from collections import OrderedDict

import six

from toolkit.errors import ConfigError, ConfigErrors, FieldError, TemplateError
from toolkit.roots import resolve_parent_refs
from toolkit.templates.arguments import check_path
from toolkit.templates.definition import DefinitionError, iter_key_names, parse_definition
from toolkit.templates.index import PathIndex
from toolkit.templates.keys import KEY_TYPES, MAX_COMPONENT_BYTES, _parse_padding
from toolkit.templates.template import TemplatePath, TemplateString

_SECTIONS = ("keys", "paths", "strings")
# A path component longer than a file name may be (in characters: a bound on bytes).
_LONG_COMPONENT = re.compile(r"[^/\\]{%d}" % (MAX_COMPONENT_BYTES + 1))
_PATH_OPTIONS = ("definition", "root_name", "ignore_case")
_STRING_OPTIONS = ("definition", "ignore_case")


def _where(container, key, source):
    """``(file, line)`` of ``key`` in a loaded mapping (any file it was merged from)."""
    if hasattr(container, "where"):
        path, line = container.where(key)
    else:
        path, line = None, None
    return path or source, line


def _error(message, container, key, entry, source):
    path, line = _where(container, key, source)
    return ConfigError(message, path, line, entry)


class TemplateSet(object):
    """Every template of a project, by name.

    ``keys`` (key name -> Key), ``paths`` and ``strings`` (name -> template),
    ``roots`` (root name -> absolute path, or None when not bound to roots) and
    ``source`` (the file read). Iterating yields the templates, paths first.
    """

    def __init__(self, keys, paths, strings, roots=None, source=None):
        self.keys = keys
        self.paths = paths
        self.strings = strings
        self.roots = roots
        self.source = source
        self._index = None
        self._by_definition = None

    # -- loading -----------------------------------------------------------

    @classmethod
    def from_file(cls, path, roots=None):
        """Load ``path`` (includes and ``@refs`` resolved when the config layer
        provides them); ``roots`` maps root names to absolute paths."""
        try:
            from toolkit.config.includes import load_config_file
        except ImportError:  # older trees: plain YAML
            from toolkit.config.yamlfile import load_yaml as load_config_file
        return cls.from_data(load_config_file(path), roots, source=path)

    @classmethod
    def from_data(cls, data, roots=None, source=None):
        """Build from a loaded mapping (ideally a YamlMap, for line numbers).

        Every independent mistake is reported at once: one :class:`ConfigError`,
        or :class:`~toolkit.errors.ConfigErrors` holding each of several.
        """
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise _error("templates file must hold a mapping with sections %s"
                         % ", ".join(_SECTIONS), data, None, None, source)
        errors = []
        for section in data:
            # ``_name`` blocks are shared snippets for ``@name`` references.
            if section not in _SECTIONS and not six.text_type(section).startswith("_"):
                errors.append(_error("unknown section (expected %s)" % ", ".join(_SECTIONS),
                                     data, section, six.text_type(section), source))
        sections = {}
        for section in _SECTIONS:
            value = data.get(section)
            if value is None:
                value = {}
            if not isinstance(value, dict):
                errors.append(_error("must be a mapping of name -> entry", data, section,
                                     section, source))
                value = {}
            sections[section] = value

        keys, broken = _load_keys(sections["keys"], source, errors)
        expanded, unresolved = expand_references(sections, source, errors)
        tset = cls(keys, OrderedDict(), OrderedDict(), roots, source)
        for section_name in ("paths", "strings"):
            section = sections[section_name]
            for name, spec in section.items():
                entry = "%s.%s" % (section_name, name)
                if (section_name, name) in unresolved:
                    continue  # its '@' reference is reported already
                try:
                    if section_name == "strings" and name in tset.paths:
                        raise _error("template name %r is already used in paths" % (name,),
                                     section, name, entry, source)
                    template = _load_template(tset, section_name, section, name, spec,
                                              source, broken,
                                              expanded.get((section_name, name)))
                except ConfigError as exc:
                    errors.append(exc)
                    continue
                if template is not None:
                    getattr(tset, section_name)[name] = template
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise ConfigErrors(errors)
        return tset

    # -- access ------------------------------------------------------------

    def __getitem__(self, name):
        template = self.paths.get(name) or self.strings.get(name)
        if template is None:
            import difflib  # only to suggest a name in the error
            near = difflib.get_close_matches(six.text_type(name), self.names(), 3)
            raise TemplateError("unknown template %r%s" % (
                name, " (did you mean %s?)" % ", ".join(near) if near else ""))
        return template

    def get(self, name, default=None):
        """The template called ``name``, or ``default``."""
        return self.paths.get(name) or self.strings.get(name) or default

    def __contains__(self, name):
        return name in self.paths or name in self.strings

    def __iter__(self):
        for template in self.paths.values():
            yield template
        for template in self.strings.values():
            yield template

    def __len__(self):
        return len(self.paths) + len(self.strings)

    def names(self):
        """Template names, paths first, in file order."""
        return list(self.paths) + list(self.strings)

    def find_definition(self, definition, root_name):
        """The path template with exactly this definition and root, or None."""
        if self._by_definition is None:
            self._by_definition = {}
            for template in self.paths.values():
                self._by_definition.setdefault((template.definition, template.root_name), template)
        return self._by_definition.get((definition, root_name))

    # -- paths -> templates ------------------------------------------------

    @property
    def index(self):
        if self._index is None:
            self._index = PathIndex(self.paths.values())
        return self._index

    def compile_all(self):
        """Build the path index and compile every regular expression now.

        Templates and the index compile what a lookup needs on first use, which
        is what most processes want (a ``reelkit parse``, a host opening a
        scene, a farm task read a few paths). A long-lived process that would
        rather pay once at start (a dispatcher, a UI's start-up thread) calls
        this; every answer is the same either way."""
        for template in self:
            if template._regex is None:
                template._compile_regex()
        self.index.compile_all()

    def templates_from_path(self, path):
        """Every path template matching ``path``, best first.

        Best means: most fixed characters (root and literal text of the variant
        that matches), then fewest keys, then name alphabetically. A path that
        reaches a root by another spelling (a symlink, the root's physical
        folder) is read as if spelled the configured way (:mod:`toolkit.roots`).
        """
        check_path(path, "templates_from_path")
        if len(path) > MAX_COMPONENT_BYTES and _LONG_COMPONENT.search(path):
            return []  # no file can have that name: never run a regex over it
        path = resolve_parent_refs(path)  # "lnk/.." as the OS reads it, not as text
        found = self.index.lookup(path)
        if not found:
            alias = self._under_root(path)
            found = self.index.lookup(alias) if alias else found
        return [template for template, _ in found]

    def template_from_path(self, path):
        """The best path template matching ``path`` (rule of
        :meth:`templates_from_path`), or None."""
        return self.match_path(path)[0]

    def match_path(self, path):
        """``(template, fields)`` of the best template for ``path``, or ``(None, None)``.

        One lookup instead of ``template_from_path`` then ``get_fields``.
        """
        check_path(path, "match_path")
        if len(path) > MAX_COMPONENT_BYTES and _LONG_COMPONENT.search(path):
            return None, None  # no file can have that name: never run a regex over it
        path = resolve_parent_refs(path)  # "lnk/.." as the OS reads it, not as text
        found = self.index.best(path)
        if found is None:
            alias = self._under_root(path)
            found = self.index.best(alias) if alias else None
        return found or (None, None)

    def _under_root(self, path):
        if not self.roots:
            return None
        from toolkit.roots import under_root
        return under_root(path, [root for root in self.roots.values() if root])


def _load_keys(section, source, errors):
    """``(keys, broken)``: the keys that load, and the names of those that do not
    (their mistakes appended to ``errors``)."""
    keys = OrderedDict()
    broken = set()
    for name, spec in section.items():
        try:
            keys[name] = _load_key(section, name, spec, source)
        except ConfigError as exc:
            errors.append(exc)
            broken.add(name)
    return keys, broken


def _load_key(section, name, spec, source):
    """One key from its entry; its first mistake raised as a ConfigError."""
    entry = "keys.%s" % name
    if not isinstance(spec, dict):
        raise _error("a key must be a mapping such as {type: str}", section, name, entry,
                     source)
    type_name = spec.get("type", "str")
    cls = KEY_TYPES.get(type_name) if isinstance(type_name, six.string_types) else None
    if cls is None:
        raise _error("unknown key type %r (expected one of %s)" % (
            type_name, ", ".join(sorted(KEY_TYPES))), spec, "type", entry, source)
    options = {}
    for option, value in spec.items():
        if option not in cls.options:
            raise _error("unknown option %r for a %s key (expected %s)" % (
                option, cls.type_name, ", ".join(cls.options)), spec, option, entry, source)
        if option != "type":
            options[str(option)] = value
    _check_key_options(cls, spec, options, entry, source)
    try:
        key = cls(name, **options)
    except (ValueError, TypeError) as exc:
        raise _error(six.text_type(exc), spec, None, entry, source)
    try:
        key.validate_default()
    except FieldError as exc:
        raise _error("bad default: %s" % exc, spec, "default", entry, source)
    return key


def _check_key_options(cls, spec, options, entry, source):
    """Check options whose mistakes are worth pointing at their own line."""
    import re
    if "format_spec" in options:
        value = options["format_spec"]
        try:
            if cls.type_name == "timestamp":
                cls("probe", format_spec=value)
            else:
                _parse_padding(value)
        except (ValueError, TypeError) as exc:
            raise _error("bad format_spec: %s" % exc, spec, "format_spec", entry, source)
    if "filter_by" in options:
        value = options["filter_by"]
        if not isinstance(value, six.string_types) or not value:
            raise _error("filter_by must be alphanumeric, alpha or a regular expression",
                         spec, "filter_by", entry, source)
        if value not in ("alphanumeric", "alpha"):
            try:
                re.compile(value)
            except re.error as exc:
                raise _error("filter_by is not a valid regular expression: %s" % exc,
                             spec, "filter_by", entry, source)
    if "choices" in options:
        value = options["choices"]
        if not isinstance(value, (list, dict)) or not value:
            raise _error("choices must be a non-empty list or a mapping value -> label",
                         spec, "choices", entry, source)
        for choice in value:
            if cls.type_name == "str" and not isinstance(choice, six.string_types + six.integer_types):
                raise _error("choice %r is not a string" % (choice,), spec, "choices", entry,
                             source)
            if cls.type_name != "str" and not isinstance(choice, six.integer_types):
                raise _error("choice %r is not an integer" % (choice,), spec, "choices", entry,
                             source)
    if "alias" in options:
        value = options["alias"]
        # a field name, dotted like key names may be (``mari.channel``)
        if not isinstance(value, six.string_types) or not re.match(
                r"^[A-Za-z_]\w*(?:\.\w+)*\Z", value):
            raise _error("alias must be a field name", spec, "alias", entry, source)
    if "spelling" in options and options["spelling"] not in ("%d", "#", "@", "$F"):
        raise _error("spelling must be one of %d, #, @, $F", spec, "spelling", entry, source)


def _load_template(tset, section_name, section, name, spec, source, broken=(), expanded=None):
    """The template of one entry, or None when it uses a key in ``broken``
    (a key whose own mistake is already reported). ``expanded`` is its
    definition with ``@`` references expanded, when it holds any."""
    entry = "%s.%s" % (section_name, name)
    options = _STRING_OPTIONS if section_name == "strings" else _PATH_OPTIONS
    if isinstance(spec, six.string_types):
        definition, root_name, container, line_key = spec, "primary", section, name
    elif isinstance(spec, dict):
        for option in spec:
            if option not in options:
                raise _error("unknown option %r (expected %s)" % (option, ", ".join(options)),
                             spec, option, entry, source)
        definition = spec.get("definition")
        if not isinstance(definition, six.string_types) or not definition:
            if "definition" in spec:
                raise _error("definition is not a string", spec, "definition", entry, source)
            raise _error("definition is missing", section, name, entry, source)
        root_name = spec.get("root_name", "primary")
        container, line_key = spec, "definition"
    else:
        raise _error("a template must be a definition string or a mapping with a definition",
                     section, name, entry, source)
    if not definition:
        raise _error("empty definition", container, line_key, entry, source)
    if expanded is not None:
        definition = expanded
    ignore_case = spec.get("ignore_case", False) if isinstance(spec, dict) else False
    if not isinstance(ignore_case, bool):
        raise _error("ignore_case must be true or false", spec, "ignore_case", entry, source)
    if broken:
        try:
            if any(key_name in broken for key_name in iter_key_names(parse_definition(definition))):
                return None
        except DefinitionError:
            pass  # reported below, by the template itself
    source_line = _where(container, line_key, source)
    try:
        if section_name == "strings":
            return TemplateString(name, definition, tset.keys, source=source_line,
                                  ignore_case=ignore_case)
        root = None
        if tset.roots is not None:
            if root_name not in tset.roots:
                raise _error("unknown root_name %r (roots: %s)" % (
                    root_name, ", ".join(sorted(tset.roots)) or "none"),
                    container, "root_name" if isinstance(spec, dict) and "root_name" in spec
                    else line_key, entry, source)
            root = tset.roots[root_name]
        return TemplatePath(name, definition, tset.keys, root_name, root, source=source_line,
                            template_set=tset, ignore_case=ignore_case)
    except DefinitionError as exc:
        raise _error("%s in %r" % (exc, definition), container, line_key, entry, source)


class _Unresolved(Exception):
    """A definition whose ``@`` reference cannot be expanded."""


def expand_references(sections, source, errors):
    """``({(section, name): definition}, unresolved)``: the definitions of paths
    and strings holding ``@`` references, expanded, and the entries that could
    not be (their mistakes appended to ``errors``).

    The rule of ShotGrid Toolkit configs: ``@name`` anywhere in a definition
    stands for the definition of the path or string template whose name is the
    longest one the text after ``@`` starts with, so ``@shot_root/work/{name}``
    is ``shot_root``'s definition followed by ``/work/{name}``; ``@@`` is a
    literal ``@``. An ``@`` naming no template is an error naming the file and
    line, never a folder called ``@shot_root``.
    """
    raw = OrderedDict()
    for section_name in ("paths", "strings"):
        for name, spec in sections[section_name].items():
            definition = spec.get("definition") if isinstance(spec, dict) else spec
            if isinstance(definition, six.string_types):
                raw[(section_name, name)] = (definition, spec, name, sections[section_name])
    if not any("@" in entry[0] for entry in raw.values()):
        return {}, set()   # the usual Reelkit config: nothing to expand
    by_name = {}
    for section_name, name in raw:
        by_name.setdefault(six.text_type(name), (section_name, name))
    names = sorted(by_name, key=len, reverse=True)
    expanded = {}
    unresolved = set()

    def fail(entry_id, message):
        definition, spec, name, section = raw[entry_id]
        if isinstance(spec, dict):
            container, line_key = spec, "definition"
        else:
            container, line_key = section, name
        return _error(message, container, line_key, "%s.%s" % entry_id, source)

    def resolve(entry_id, chain):
        if entry_id in expanded:
            return expanded[entry_id]
        if entry_id in unresolved:
            raise _Unresolved()
        if entry_id in chain:
            cycle = chain[chain.index(entry_id):] + [entry_id]
            raise fail(chain[-1], "reference cycle: %s" % " -> ".join(
                "@%s" % name for _, name in cycle))
        text = raw[entry_id][0]
        if "@" not in text:
            return text
        pieces = []
        for piece in text.split("@@"):
            parts = piece.split("@")
            resolved = [parts[0]]
            for part in parts[1:]:
                target = next((n for n in names if part.startswith(n)), None)
                if target is None:
                    raise fail(entry_id, "'@%s' names no path or string template (write "
                                         "'@@' for a literal '@')" % part)
                resolved.append(resolve(by_name[target], chain + [entry_id])
                                + part[len(target):])
            pieces.append("".join(resolved))
        expanded[entry_id] = "@".join(pieces)
        return expanded[entry_id]

    for entry_id in raw:
        try:
            resolve(entry_id, [])
        except ConfigError as exc:
            errors.append(exc)
            unresolved.add(entry_id)
        except _Unresolved:
            unresolved.add(entry_id)
    return dict((entry_id, text) for entry_id, text in expanded.items()), unresolved
