"""Where each file of a publish goes: its published path, through the template.

A 1,000-frame sequence would render the template 1,000 times. Instead the
template is rendered once with the frame left as a placeholder, and each frame's
text - written by the template's own ``SEQ`` key, so padding, limits and
refusals are the template's - is put in its place. This is used only when it is
provably the same as rendering each frame (see :func:`_frame_renderer`);
otherwise every frame is rendered through the template.
"""

import os

from toolkit.publish.errors import PublishError


def publish_targets(template, fields, src):
    """``([(source file, published path), ...], recorded path)`` for ``src``.

    The recorded path of a sequence is its frames' path with ``%04d`` (the
    key's padding) for the frame.
    """
    if not src.is_sequence:
        target = template.apply_fields(fields)
        return [(src.frames[0][1], target)], target
    pattern = _placeholder_path(template, fields, "%d")
    render = _frame_renderer(template, fields, pattern, src.frames)
    if render is None:
        def render(frame):
            return template.apply_fields(dict(fields, SEQ=frame))
    pairs = [(path, render(frame)) for frame, path in src.frames]
    if len(set(target for _, target in pairs)) != len(pairs):
        raise PublishError("template %s puts several frames at one path: it needs a {SEQ} key"
                           % getattr(template, "name", template))
    if pattern and "%" in pattern:
        return pairs, pattern
    import fileseq  # a template implementation without FORMAT support
    seq = fileseq.FileSequence(pairs[0][1])
    return pairs, "%s%s%%0%dd%s" % (seq.dirname(), seq.basename(), seq.zfill(), seq.extension())


def _placeholder_path(template, fields, kind):
    try:
        return template.apply_fields(dict(fields, SEQ="FORMAT: %s" % kind))
    except Exception:  # a template implementation without FORMAT support
        return None


def _frame_renderer(template, fields, pattern, frames):
    """``frame -> path``, built from one rendering, or None to render every frame.

    A template writes a path by joining the texts of its keys; the ``SEQ`` key's
    text is the only one that changes from frame to frame. Rendering the
    template with two different placeholders (``%04d`` and ``####``) and
    splitting each at its placeholder must give the same pieces: then the path
    of any frame is those pieces joined by that frame's text, as written by the
    same key (``key.str_from_value``, which also refuses a bad frame exactly as
    rendering would). Any doubt - a template without such a key, a placeholder
    also found elsewhere in the path, two texts that disagree - and None is
    returned. The first and last frames are then rendered both ways as a check.
    """
    keys = getattr(template, "keys", None)
    key = keys.get("SEQ") if isinstance(keys, dict) else None
    str_from_value = getattr(key, "str_from_value", None)
    if str_from_value is None or not pattern or len(frames) < 3:
        return None
    name = getattr(template, "name", None)
    try:
        marks = (str_from_value("FORMAT: %d", name), str_from_value("FORMAT: #", name))
    except Exception:  # not a key with placeholders: render every frame
        return None
    other = _placeholder_path(template, fields, "#")
    if not other or not all(marks) or marks[0] == marks[1]:
        return None
    pieces = pattern.split(marks[0])
    if len(pieces) < 2 or other.split(marks[1]) != pieces:
        return None
    native = os.sep != "/"  # apply_fields writes the OS's separator

    def render(frame):
        text = str_from_value(frame, name)
        if native:
            text = text.replace("/", os.sep)
        return text.join(pieces)
    for frame in (frames[0][0], frames[-1][0]):
        if render(frame) != template.apply_fields(dict(fields, SEQ=frame)):
            return None
    return render


def template_keys(template):
    """The keys of ``template`` (an empty tuple for an object that has none)."""
    keys = getattr(template, "keys", None)
    return keys if keys is not None else ()
