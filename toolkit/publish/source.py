"""What is being published: one file, or every frame of a sequence.

A sequence is written with a frame placeholder (``plate.%04d.exr``,
``plate.####.exr``, ``plate.@@@@.exr``) - its frames are found on disk - or as a
fileseq range (``plate.1001-1100#.exr``), whose frames must all exist.
"""

import os
import re

import six

from toolkit.publish.errors import PublishError

_PLACEHOLDER = re.compile(r"%0?\d*d|#+|@+")
_RANGE = re.compile(r"\d+(-\d+)?(x\d+)?([,:]\d+(-\d+)?(x\d+)?)*[#@]+")


class Source(object):
    """Files to publish: ``frames`` is ``[(frame or None, path), ...]``."""

    def __init__(self, spec, frames, is_sequence):
        self.spec = spec
        self.frames = frames
        self.is_sequence = is_sequence

    @property
    def first_frame(self):
        return self.frames[0][0] if self.is_sequence else None

    @property
    def last_frame(self):
        return self.frames[-1][0] if self.is_sequence else None

    def __len__(self):
        return len(self.frames)


def resolve_source(spec):
    """A :class:`Source` for ``spec``; :class:`PublishError` if nothing is there."""
    if not spec or not isinstance(spec, six.string_types):
        raise PublishError("nothing to publish: expected a file path or a frame sequence, got %r"
                           % (spec,))
    name = os.path.basename(spec)
    if os.path.isfile(spec):
        return Source(spec, [(None, os.path.abspath(spec))], False)
    placeholder = None
    if not _RANGE.search(name):
        for placeholder in _PLACEHOLDER.finditer(name):
            pass  # the last placeholder is the frame
    if placeholder is not None:
        frames = _frames_on_disk(os.path.dirname(os.path.abspath(spec)),
                                 name[:placeholder.start()], name[placeholder.end():],
                                 _width(placeholder.group(0)))
        if not frames:
            raise PublishError("no frame of %s exists" % spec)
        return Source(spec, frames, True)
    if not _RANGE.search(name):
        if os.path.isdir(spec):
            raise PublishError("%s is a folder: publish a file or a frame sequence" % spec)
        raise PublishError("%s does not exist" % spec)
    import fileseq  # a range such as plate.1001-1100#.exr, fileseq's padding rules

    try:
        seq = fileseq.FileSequence(os.path.abspath(spec))
    except fileseq.ParseException as exc:
        raise PublishError("%s is not a frame sequence fileseq understands: %s" % (spec, exc))
    frame_set = seq.frameSet()
    if frame_set is None or not len(frame_set):
        raise PublishError("%s names no frames" % spec)
    frames = [(int(f), seq.frame(f)) for f in frame_set]
    missing = [path for _, path in frames if not os.path.isfile(path)]
    if missing:
        raise PublishError("%d frame(s) of %s are missing, first: %s"
                           % (len(missing), spec, missing[0]))
    return Source(spec, sorted(frames), True)


def _width(placeholder):
    """Digits a placeholder stands for: ``%04d`` 4, ``####`` 4, ``@@`` 2 (host spelling,
    one character per digit), ``%d`` 1 (unpadded)."""
    if placeholder.startswith("%"):
        digits = placeholder[1:-1].lstrip("0")
        return int(digits) if digits else 1
    return len(placeholder)


def _frames_on_disk(folder, prefix, suffix, width):
    """``[(frame, path)]`` of the files in ``folder`` that are frames of the
    sequence, in frame order.

    Padded frames have exactly ``width`` digits; longer numbers carry no extra
    zeros. One regular expression reads the whole listing joined with NUL
    (never part of a file name): a render folder may hold many thousands.
    """
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    # Each name follows a NUL: the pattern then starts with literal text, which
    # the regex engine finds by a fast scan instead of trying every position.
    digits = re.findall("\0%s(\\d{%d}|[1-9]\\d{%d,})%s(?=\0|\\Z)" % (
        re.escape(prefix), width, width, re.escape(suffix)), "\0" + "\0".join(names))
    head = os.path.join(folder, prefix)  # one join, not one per file
    frames = [(int(text), text) for text in digits]
    frames.sort()
    return [(frame, head + text + suffix) for frame, text in frames]
