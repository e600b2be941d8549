"""What an import could not carry over, each with the tk file and line it came from."""


class Note(object):
    """One thing of the ShotGrid Toolkit config that the Reelkit project does
    not carry over (or carries with a different meaning).

    ``path`` and ``line`` say where the tk config writes it, ``entry`` what it
    is (``keys.timestamp``, ``paths.maya_shot_work``, ``schema/.../shot.yml``).
    """

    __slots__ = ("path", "line", "entry", "message")

    def __init__(self, path, line, entry, message):
        self.path = path
        self.line = line
        self.entry = entry
        self.message = message

    def __str__(self):
        where = self.path or "?"
        if self.line:
            where = "%s:%d" % (where, self.line)
        return "%s: %s: %s" % (where, self.entry, self.message)

    def __repr__(self):
        return "<Note %s>" % self


class Notes(object):
    """The notes of one import, in the order found."""

    def __init__(self):
        self.items = []

    def add(self, where, entry, message):
        """Record a note; ``where`` is ``(path, line)``."""
        self.items.append(Note(where[0], where[1], entry, message))

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def text(self, header):
        """The notes as the text of a report file, ``header`` first."""
        lines = [header, ""]
        if not self.items:
            lines.append("Everything was carried over.")
        lines.extend(str(note) for note in self.items)
        return "\n".join(lines) + "\n"
