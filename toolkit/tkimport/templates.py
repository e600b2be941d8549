"""ShotGrid Toolkit path and string templates as a Reelkit ``templates.yml``.

Definitions are kept as the tk config writes them, ``@shot_root/...``
references included (Reelkit expands them by tk's rule). Every template reads
fixed text in any letter case (``ignore_case: true``), as tk-core does; a
template without ``root_name`` is given tk's default root. A template Reelkit
refuses (an undefined key, a key left out, too many optional sections...) is
left out and noted with its tk file and line.
"""

import re
from collections import OrderedDict

import six

from toolkit.errors import ConfigError, ConfigErrors
from toolkit.templates.definition import KeyRef, Optional

PATH_OPTIONS = ("definition", "root_name")
STRING_OPTIONS = ("definition", "validate_with")
# A whole value that the config loader would read as a block reference.
_BLOCK_REFERENCE = re.compile(r"^@([A-Za-z_][\w-]*(?:\.[\w-]+)*)$")


def convert_templates(sections, keys, roots, default_root, notes):
    """``(paths, strings)``: OrderedDicts name -> Reelkit spec, from the tk
    ``sections`` (see :func:`~toolkit.tkimport.tkfiles.read_templates`)."""
    paths = OrderedDict()
    strings = OrderedDict()
    entries = {}
    for section, out, options in (("paths", paths, PATH_OPTIONS),
                                  ("strings", strings, STRING_OPTIONS)):
        for name, entry in sections[section].items():
            label = "%s.%s" % (section, name)
            spec = entry.spec
            if isinstance(spec, six.string_types):
                spec = {"definition": spec}
            if not isinstance(spec, dict) or not isinstance(spec.get("definition"),
                                                            six.string_types):
                notes.add(entry.where, label, "not carried over: no definition string")
                continue
            for option in spec:
                if option not in options:
                    notes.add((entry.path, entry.option_line(option)), label,
                              "option '%s' is not one tk-core takes: not carried over" % option)
            if spec.get("validate_with"):
                notes.add((entry.path, entry.option_line("validate_with")), label,
                          "validate_with not carried over: Reelkit checks a string against "
                          "its own keys only")
            converted = OrderedDict([("definition", spec["definition"])])
            if section == "paths":
                root_name = spec.get("root_name") or default_root
                if root_name not in roots:
                    notes.add(entry.where, label, "not carried over: root_name '%s' is not in "
                              "roots.yml" % (root_name,))
                    continue
                if root_name != "primary":
                    converted["root_name"] = root_name
            converted["ignore_case"] = True
            out[name] = converted
            entries[(section, name)] = entry
    _expand_block_references(paths, strings)
    tset = _drop_refused(paths, strings, keys, roots, entries, notes)
    _note_defaults_in_optional_sections(tset, entries, notes)
    return paths, strings


def _expand_block_references(paths, strings):
    """A definition that is only ``@name`` (or ``@name.ext``) is written
    expanded: the config loader reads such a whole value as a block reference."""
    from toolkit.templates.templateset import expand_references

    errors = []
    expanded, _ = expand_references({"paths": paths, "strings": strings}, None, errors)
    for (section, name), text in expanded.items():
        spec = (paths if section == "paths" else strings)[name]
        if _BLOCK_REFERENCE.match(spec["definition"]):
            spec["definition"] = text


def _drop_refused(paths, strings, keys, roots, entries, notes):
    """Leave out, with a note each, the templates Reelkit refuses to load;
    returns the set of those it loads."""
    from toolkit.templates import TemplateSet

    fake_roots = dict((name, "/%s" % name) for name in roots)
    for _ in range(len(paths) + len(strings) + 1):
        try:
            return TemplateSet.from_data({"keys": keys, "paths": paths, "strings": strings},
                                         fake_roots)
        except ConfigErrors as exc:
            errors = exc.errors
        except ConfigError as exc:
            errors = [exc]
        dropped = False
        for error in errors:
            section, _, name = (error.key or "").partition(".")
            table = {"paths": paths, "strings": strings}.get(section)
            if table is None or name not in table:
                raise error
            del table[name]
            dropped = True
            entry = entries[(section, name)]
            notes.add((entry.path, entry.option_line("definition")), error.key,
                      "not carried over: Reelkit refuses it: %s" % error.message)
        if not dropped:
            raise errors[0]


def _note_defaults_in_optional_sections(tset, entries, notes):
    """tk writes an optional section whose key has a default (a sequence key's
    is its placeholder); Reelkit leaves it out unless the field is given."""
    for section, table in (("paths", tset.paths), ("strings", tset.strings)):
        for name, template in table.items():
            for key_name in _optional_key_names(template._tokens):
                if template.key_for_name(key_name).default is not None:
                    notes.add(entries[(section, name)].where, "%s.%s" % (section, name),
                              "key %s has a default inside an optional section: tk-core "
                              "writes the section with the default, Reelkit only when the "
                              "field is given" % key_name)


def _optional_key_names(tokens, inside=False):
    names = []
    for token in tokens:
        if isinstance(token, Optional):
            names.extend(_optional_key_names(token.tokens, True))
        elif inside and isinstance(token, KeyRef):
            names.append(token.name)
    return names
