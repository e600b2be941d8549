"""Files dropped on the Publisher (the shell engine's plates): paths -> instances.

Frames of one sequence become one ``plate`` instance (``plate.%04d.exr``, its
frame range from the first to the last frame found); any other file one
``file`` instance. Names follow the files, cut to letters and digits (the
``{name}`` key of the default templates), made unique against ``taken``.
"""

import os
import re

from .instances import make_instance


def instances_for_paths(paths, taken=()):
    """Instance dicts for the dropped ``paths`` (files; folders are searched one level)."""
    import fileseq
    files = []
    for path in paths:
        if os.path.isdir(path):
            files.extend(os.path.join(path, name) for name in sorted(os.listdir(path))
                         if os.path.isfile(os.path.join(path, name)))
        elif os.path.isfile(path):
            files.append(path)
    taken = set(taken)
    instances = []
    for seq in sorted(fileseq.findSequencesInList(files), key=str):  # stable order
        frames = seq.frameSet()
        stem = seq.basename().rstrip("._-") or "plate"
        name = _unique(re.sub(r"[^A-Za-z0-9]", "", stem) or "file", taken)
        taken.add(name)
        if frames is None or not len(frames):
            instances.append(make_instance(name, "file", [str(seq)]))
            continue
        spec = "%s%s%%0%dd%s" % (seq.dirname(), seq.basename(), seq.zfill(), seq.extension())
        instances.append(make_instance(name, "plate", [spec],
                                       frame_range=(seq.start(), seq.end())))
    return instances


def _unique(name, taken):
    if name not in taken:
        return name
    number = 2
    while "%s%d" % (name, number) in taken:
        number += 1
    return "%s%d" % (name, number)
