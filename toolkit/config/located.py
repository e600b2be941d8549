"""Containers that remember where they were written: :class:`YamlMap`, :class:`YamlList`.

Both are plain ``dict``/``list`` subclasses carrying the source file and the
line of the node and of each key or item, so an error found long after loading
can still name ``file:line: key``. The YAML loader (:mod:`.yamlfile`) and the
parsed-YAML cache (:mod:`.yamlcache`) both build them; they live apart from
either so that neither module has to import the other.
"""

import sys
from collections import OrderedDict

# Order matters to users (apps and menu entries follow the file): plain dicts keep
# it from Python 3.7 on, Python 2.7 needs an OrderedDict.
_MapBase = dict if sys.version_info >= (3, 7) else OrderedDict


class YamlMap(_MapBase):
    """A dict loaded from YAML, with ``source``, ``line`` and per-key lines."""

    source = None
    line = None

    def __init__(self, *args, **kwargs):
        super(YamlMap, self).__init__(*args, **kwargs)
        self.key_lines = {}

    def key_line(self, key):
        """Line (1-based) where ``key`` was written, else the mapping's own line."""
        return self.key_lines.get(key, self.line)

    def where(self, key=None):
        """``(source, line)`` of ``key`` (or of the mapping itself)."""
        return self.source, (self.key_line(key) if key is not None else self.line)


class YamlList(list):
    """A list loaded from YAML, with ``source``, ``line`` and per-item lines."""

    source = None
    line = None

    def __init__(self, *args):
        super(YamlList, self).__init__(*args)
        self.item_lines = []

    def item_line(self, index):
        """Line (1-based) of item ``index``, else the list's own line."""
        try:
            return self.item_lines[index]
        except IndexError:
            return self.line
