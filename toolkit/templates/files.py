"""Listing the files on disk that a path template describes.

Each variant of the template (one per choice of optional sections) becomes a
glob pattern: known fields written out, open keys as ``*``. What the glob finds
is read back with the template (so a key's filter still applies) and checked
against the given fields. Files differing only by their frame are grouped into
one sequence path whose frame is a placeholder; the frames are a
``fileseq.FrameSet``.
"""

import glob
import os

from toolkit.errors import TemplateMatchError
from toolkit.templates.definition import Literal
from toolkit.templates.keys import SequenceKey


def _glob_escape(text):
    # glob.escape does not exist on Python 2.
    return "".join("[%s]" % c if c in "*?[" else c for c in text)


def find_files(template, fields, skip_keys=()):
    """``[(path, frames or None), ...]`` sorted by path; see ``TemplatePath.find_files``."""
    from fileseq import FrameSet  # only needed once something is listed

    skip = set(skip_keys)
    fixed = {}
    placeholders = {}
    for field, key in template.keys.items():
        value = fields.get(field)
        if value is None or field in skip:
            continue
        if isinstance(key, SequenceKey) and not key.is_frame(value):
            placeholders[field] = key.str_from_value(value, template.name)
        elif not key.abstract:
            fixed[field] = key.str_from_value(value, template.name)

    found = {}
    for flat in template.variants:
        present = set(template.key_for_name(t.name).field for t in flat
                      if not isinstance(t, Literal))
        if not set(fixed) <= present:
            continue  # a given field must appear: its optional section is on
        parts = []
        for token in flat:
            if isinstance(token, Literal):
                parts.append(_glob_escape(token.text))
            else:
                field = template.key_for_name(token.name).field
                parts.append(_glob_escape(fixed[field]) if field in fixed else "*")
        pattern = template._write_prefix + "".join(parts).replace("/", os.sep)
        for path in glob.glob(pattern):
            if path in found:
                continue
            try:
                read = template.get_fields(path)
            except TemplateMatchError:
                continue
            if set(read) != present:
                continue  # matched through another variant; counted there
            if all(template.keys[f].str_from_value(read[f]) == text for f, text in fixed.items()):
                found[path] = read

    sequences = {}
    results = []
    frame_fields = [f for f, k in template.keys.items()
                    if isinstance(k, SequenceKey) and f not in fixed]
    for path, read in found.items():
        frame_field = next((f for f in frame_fields
                            if f in read and isinstance(read[f], int)), None)
        if frame_field is None:
            results.append((path, None))
            continue
        others = dict(read)
        frame = others.pop(frame_field)
        # field names are unique, so sorting never compares the values (and
        # never str()s a unicode value, which Python 2 cannot always do)
        group = (frame_field, tuple(sorted(others.items())))
        entry = sequences.setdefault(group, [others, []])
        entry[1].append(frame)
    for (frame_field, _), (others, frames) in sequences.items():
        key = template.keys[frame_field]
        spelled = dict(others)
        spelled[frame_field] = placeholders.get(frame_field, key.placeholder)
        results.append((template.apply_fields(spelled), FrameSet(sorted(frames))))
    results.sort(key=lambda item: item[0])
    return results

