"""Listing the files a path template describes, one folder listing per folder.

:func:`toolkit.templates.TemplatePath.find_files` globs, then reads every path
back with the template's whole regular expression. A work area is listed far
more often (every time the File Open panel shows a task) and holds thousands of
files over many sandboxes, so this module walks the template component by
component instead: a component with no open key is joined as text; a component
with open keys is matched, name by name, against one small regular expression
built for that component with the known fields written in. No path is ever read
back as a whole, and folders that cannot hold a match are never entered.

The result is the same as ``find_files``: a path is reported once, through the
first variant (optional sections taken first) it matches, with every field read
from it, known fields included.
"""

import os
import re

from toolkit.templates.definition import KeyRef, Literal, split_components
from toolkit.templates.keys import SequenceKey
from toolkit.workfiles.errors import WorkfilesError


def scan_template(template, fields, open_fields=()):
    """``[(path, fields), ...]`` of the existing files ``template`` describes, sorted by path.

    ``fields`` are the known values (written into the patterns); a field in
    ``open_fields``, or missing from ``fields``, is read from each name found.
    Abstract keys and frame numbers are not supported here (work files have
    neither): such a template raises :class:`WorkfilesError`.
    """
    if template.root is None:
        raise WorkfilesError("template %s is bound to no storage root: its files cannot be "
                             "listed" % template.name)
    open_set = set(open_fields)
    fixed = {}
    for field, key in template.keys.items():
        if isinstance(key, SequenceKey) or key.abstract:
            raise WorkfilesError("template %s: key %s (a frame or abstract key) cannot be "
                                 "listed as a work file" % (template.name, key.name))
        value = fields.get(field)
        if value is not None and field not in open_set:
            fixed[field] = key.str_from_value(value, template.name)

    found = {}
    for flat in template.variants:
        present = set(template.key_for_name(t.name).field for t in flat
                      if isinstance(t, KeyRef))
        if not set(fixed) <= present:
            continue  # a known field must appear: its optional section is on
        plan = [_component(template, tokens, fixed) for tokens in split_components(flat)]
        base = template.root.rstrip("/\\")
        for path, read in _walk(base, plan, 0, {}):
            if path not in found:
                full = dict(fixed_values(template, fixed))
                full.update(read)
                found[path] = full
    return sorted(found.items())


def fixed_values(template, fixed):
    """The field values of the known texts (as ``get_fields`` would read them)."""
    return dict((field, template.keys[field].value_from_str(text))
                for field, text in fixed.items())


def _component(template, tokens, fixed):
    """A component as literal text (str) or ``(regex, [(group, field, key)])``."""
    if all(isinstance(t, Literal) or template.key_for_name(t.name).field in fixed
           for t in tokens):
        return "".join(t.text if isinstance(t, Literal)
                       else fixed[template.key_for_name(t.name).field] for t in tokens)
    parts = []
    groups = []
    for token in tokens:
        if isinstance(token, Literal):
            parts.append(re.escape(token.text))
            continue
        key = template.key_for_name(token.name)
        if key.field in fixed:
            parts.append(re.escape(fixed[key.field]))
            continue
        group = "g%d" % len(groups)
        parts.append("(?P<%s>%s)" % (group, key.pattern))
        groups.append((group, key.field, key))
    return re.compile("".join(parts) + r"\Z"), groups


def _walk(folder, plan, position, read):
    """Yield ``(path, fields read)`` for every file matching ``plan[position:]``."""
    step = plan[position]
    last = position == len(plan) - 1
    if not isinstance(step, tuple):
        path = os.path.join(folder, step)
        if last:
            if os.path.isfile(path):
                yield path, read
        elif os.path.isdir(path):
            for found in _walk(path, plan, position + 1, read):
                yield found
        return
    regex, groups = step
    try:
        names = os.listdir(folder)
    except OSError:  # the folder does not exist (yet)
        return
    match = regex.match
    for name in names:
        hit = match(name)
        if hit is None:
            continue
        values = dict(read)
        consistent = True
        for group, field, key in groups:
            try:
                value = key.value_from_str(hit.group(group))
            except ValueError:
                consistent = False
                break
            if field in values and values[field] != value:
                consistent = False  # a key met twice must read the same both times
                break
            values[field] = value
        if not consistent:
            continue
        path = os.path.join(folder, name)
        if last:
            yield path, values
        else:
            for found in _walk(path, plan, position + 1, values):
                yield found
