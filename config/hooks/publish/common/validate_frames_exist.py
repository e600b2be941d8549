"""Every frame of a sequence is on disk: gaps are named, holds and single frames allowed."""

import re

import pyblish.api

from toolkit.publish.checks import CheckFailed

_FRAME = re.compile(r"%0?\d*d|#+|@+|\$F\d*")


class ValidateFramesExist(pyblish.api.InstancePlugin):
    """For each member (or collected ``sequences`` entry) that is a frame sequence
    (``%04d``, ``####``, ``@@@@``):
    every frame of the instance's range exists (the sequence's own first-last
    when the instance has no range). A single frame is a still, fine as is; the
    option ``hold: true`` accepts one frame standing for the whole range."""

    label = "Frames on disk"
    order = pyblish.api.ValidatorOrder + 0.3

    def process(self, instance):
        from toolkit.publish.errors import PublishError
        from toolkit.publish.source import resolve_source
        candidates = list(instance.data.get("members") or ()) + \
            list(instance.data.get("sequences") or ())  # e.g. what Write nodes rendered
        for member in candidates:
            if not _FRAME.search(member):
                continue
            try:
                frames = [f for f, _ in resolve_source(member).frames]
            except PublishError as exc:
                raise CheckFailed("Sequence missing", "%s" % exc,
                                  "render or copy the frames, or fix the path")
            first = instance.data.get("frameStart", frames[0])
            last = instance.data.get("frameEnd", frames[-1])
            if len(frames) == 1 and (first == last or instance.data["options"].get("hold")):
                continue  # a still, or one frame held over the range
            missing = sorted(set(range(first, last + 1)) - set(frames))
            if missing:
                raise CheckFailed("Missing frames",
                                  "%s lacks %d frame(s) of %d-%d: %s"
                                  % (member, len(missing), first, last, _ranges(missing)),
                                  "render the missing frames, or set the instance's frame "
                                  "range to what exists")


def _ranges(frames):
    """``[1, 2, 3, 7]`` -> ``"1-3, 7"``."""
    spans, start, previous = [], frames[0], frames[0]
    for frame in frames[1:] + [None]:
        if frame is not None and frame == previous + 1:
            previous = frame
            continue
        spans.append("%d-%d" % (start, previous) if previous != start else "%d" % start)
        if frame is not None:
            start = previous = frame
    return ", ".join(spans)
