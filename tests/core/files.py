"""Writing small config trees for the core tests."""

import io
import os


def write(folder, name, text):
    """Write ``text`` to ``folder/name`` (folders made as needed); return the path."""
    path = os.path.join(str(folder), name)
    if not os.path.isdir(os.path.dirname(path)):
        os.makedirs(os.path.dirname(path))
    with io.open(path, "w", encoding="utf-8") as handle:
        handle.write(u"" + text)
    return path
