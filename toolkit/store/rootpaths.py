"""Publish paths stored relative to their storage root: ``{primary}/sequences/...``.

A project moved to another mount, or seen from another OS (roots per OS in
``project.yml``), keeps its publishes: the store writes a path under a root as
``{<root name>}/<path below the root>`` and gives it back joined to the root
as this machine configures it. A path under no root is kept absolute. Records
written before this rule keep their absolute path (both spellings are matched
when looking a path up) until ``reelkit recover --repair`` rewrites them
(:meth:`toolkit.store.base.Store.relativize_publish_paths`).
"""

import six

#: The PublishedFile fields holding a path.
PATH_FIELDS = ("path", "thumbnail_path")


class RootPaths(object):
    """Converts between absolute paths (normalised, ``/``) and their stored spelling."""

    def __init__(self, roots):
        # Longest root first: a root inside another stores paths under the inner one.
        self._roots = sorted(((name, path.rstrip("/")) for name, path in (roots or {}).items()
                              if path), key=lambda item: (-len(item[1]), item[0]))
        self._by_name = dict(self._roots)

    def stored(self, path):
        """The spelling stored for the absolute, normalised ``path``."""
        for name, root in self._roots:
            if path.startswith(root) and (len(path) == len(root) or path[len(root)] == "/"):
                return u"{%s}%s" % (name, path[len(root):])
        return path

    def absolute(self, value):
        """The absolute path of a stored spelling (an absolute one is returned as is;
        a root this project does not have leaves the spelling as stored)."""
        if value and value[0] == "{" and isinstance(value, six.string_types):
            end = value.find("}")
            root = self._by_name.get(value[1:end])
            if root is not None:
                return root + value[end + 1:]
        return value

    def spellings(self, path):
        """Every spelling ``path`` may be stored under: relative to its root, and
        absolute (records written before paths were stored relative)."""
        stored = self.stored(path)
        return [stored, path] if stored != path else [path]

    def convert_record(self, record):
        """Turn the stored path fields of a PublishedFile dict absolute, in place."""
        for field in PATH_FIELDS:
            value = record.get(field)
            if value:
                record[field] = self.absolute(value)
        return record
