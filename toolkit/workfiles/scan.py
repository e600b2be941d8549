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
from toolkit.templates.keys import SequenceKey, StringKey
from toolkit.workfiles.errors import WorkfilesError


def scan_template(template, fields, open_fields=(), sort=True):
    """``[(path, fields), ...]`` of the existing files ``template`` describes, sorted by path.

    ``fields`` are the known values (written into the patterns); a field in
    ``open_fields``, or missing from ``fields``, is read from each name found.
    Abstract keys and frame numbers are not supported here (work files have
    neither): such a template raises :class:`WorkfilesError`. ``sort=False``
    leaves the order to the caller (who sorts by something else anyway).
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

    known = fixed_values(template, fixed)
    found = {}
    for flat in template.variants:
        present = set(template.key_for_name(t.name).field for t in flat
                      if isinstance(t, KeyRef))
        if not set(fixed) <= present:
            continue  # a known field must appear: its optional section is on
        plan = [_component(template, tokens, fixed) for tokens in split_components(flat)]
        matches = []
        _walk(template.root.rstrip("/\\"), plan, 0, known, matches)
        if not found:
            found = dict(matches)
            continue
        for path, read in matches:
            found.setdefault(path, read)  # the first variant (sections taken) wins
    return sorted(found.items()) if sort else list(found.items())


def fixed_values(template, fixed):
    """The field values of the known texts (as ``get_fields`` would read them)."""
    return dict((field, template.keys[field].value_from_str(text))
                for field, text in fixed.items())


def _component(template, tokens, fixed):
    """A component as literal text (str), or ``(regex, [(field, convert or None)],
    positions)``: the open keys in order, and where their groups are among the
    regex's groups when keys' patterns hold groups of their own (else None)."""
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
        parts.append("(%s)" % key.pattern)
        # text keys read as their text: no call per file for them
        groups.append((key.field, None if isinstance(key, StringKey) else key.value_from_str))
    regex = re.compile("".join(parts) + r"\Z")
    if regex.groups != len(groups):  # a custom filter_by with groups of its own
        positions, index = [], 0
        for part in parts:
            if part.startswith("(") and not part.startswith("(?"):
                positions.append(index)
                index += 1 + re.compile(part[1:-1]).groups
        return regex, groups, positions, None
    # Names of one folder are also matched all at once: one findall over the
    # listing joined by newlines runs the loop in C. Only when no key's
    # pattern can match a newline (it would join two names).
    multi = None
    if not any(_may_match_newline(part) for part in parts):
        multi = re.compile("(?m)^(%s)$" % "".join(parts))
    return regex, groups, None, multi


def _may_match_newline(pattern):
    """True when ``pattern`` can match text holding a newline (or that is not easy to tell)."""
    try:
        found = re.compile(pattern).finditer("a\nb\n\n_0 -.")
        return any("\n" in match.group(0) for match in found)
    except re.error:
        return True


def _walk(folder, plan, position, read, out):
    """Append ``(path, fields)`` to ``out`` for every file matching ``plan[position:]``.

    ``read`` holds the fields known so far (copied, never changed, per match).
    """
    step = plan[position]
    last = position == len(plan) - 1
    if not isinstance(step, tuple):
        path = os.path.join(folder, step)
        if last:
            if os.path.isfile(path):
                out.append((path, dict(read)))
        elif os.path.isdir(path):
            _walk(path, plan, position + 1, read, out)
        return
    regex, groups, positions, multi = step
    try:
        names = os.listdir(folder)
    except OSError:  # the folder does not exist (yet)
        return
    if last and multi is not None and not any(field in read for field, _ in groups) \
            and len(set(field for field, _ in groups)) == len(groups):
        _read_listing(folder, names, multi, groups, read, out)
        return
    match = regex.match
    prefix = folder + os.sep
    fields = [field for field, _ in groups]
    converters = [(field, convert) for field, convert in groups if convert is not None]
    # A key met again (in an earlier folder, or twice here) must read the same text:
    # checked only when the plan has such a key, which is known once per folder.
    checked = len(set(fields)) != len(fields) or any(field in read for field in fields)
    for name in names:
        hit = match(name)
        if hit is None:
            continue
        texts = hit.groups()
        if positions is not None:
            texts = [texts[i] for i in positions]
        if checked:
            values = _read_checked(read, groups, texts)
            if values is None:
                continue
        else:
            values = read.copy()
            values.update(zip(fields, texts))
            try:
                for field, convert in converters:
                    values[field] = convert(values[field])
            except ValueError:
                continue
        if last:
            out.append((prefix + name, values))
        else:
            _walk(prefix + name, plan, position + 1, values, out)


def _read_listing(folder, names, multi, groups, read, out):
    """The files of one folder matched with one ``findall`` over its listing."""
    prefix = folder + os.sep
    fields = [field for field, _ in groups]
    converters = [(field, convert) for field, convert in groups if convert is not None]
    append = out.append
    for found in multi.findall("\n".join(names)):
        values = read.copy()
        values.update(zip(fields, found[1:]))
        try:
            for field, convert in converters:
                values[field] = convert(values[field])
        except ValueError:
            continue
        append((prefix + found[0], values))


def _read_checked(read, groups, texts):
    """The fields of one match when keys repeat; None when two readings differ."""
    values = read.copy()
    for (field, convert), text in zip(groups, texts):
        if convert is not None:
            try:
                text = convert(text)
            except ValueError:
                return None
        if field in values and values[field] != text:
            return None
        values[field] = text
    return values
