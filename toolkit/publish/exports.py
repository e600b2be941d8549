"""What an extractor plugin writes for one instance: its members, frame range and staged file.

The per-host exporters of the default config (``config/hooks/publish/<host>/``)
differ only in the host call that writes the file; :class:`Export` is the rest
they share: the instance's members and frame range (the scene's when the
instance names none), a file in the run's staging folder, and the check that
the host wrote it before it is handed to the integrator.
"""

import os


class Export(object):
    """The file ``instance`` exports to, with ``extension``; ``path`` is in staging.

    ``require_members``: an instance with no member nodes is an error (hosts
    whose exporter would otherwise write the whole scene).
    """

    def __init__(self, instance, extension, require_members=True):
        self.instance = instance
        self.members = instance.data.get("members") or []
        if require_members and not self.members:
            raise RuntimeError("%s has no member nodes to export" % instance.data["name"])
        first = instance.data.get("frameStart")
        last = instance.data.get("frameEnd")
        if first is None or last is None:
            first, last = instance.context.data["host"].get_frame_range()
        self.first, self.last = int(first), int(last)
        staging = os.path.join(instance.context.data["publishRun"].staging_dir(),
                               instance.data["name"])
        os.makedirs(staging)
        self.path = os.path.join(staging, "%s.%s" % (instance.data["name"], extension))

    def done(self, log, failure=None):
        """Hand the written file to the integrator; an error when the host wrote none,
        or said it failed (``failure``: its answer, e.g. an operator's result)."""
        if failure is not None or not os.path.isfile(self.path):
            raise RuntimeError("export of %s did not write %s%s" % (
                ", ".join(self.members), self.path,
                " (%s)" % (failure,) if failure is not None else ""))
        self.instance.data.setdefault("files", []).append(self.path)
        log.info("exported %s (%d-%d) to %s", ", ".join(self.members), self.first, self.last,
                 self.path)
