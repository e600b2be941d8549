"""Houdini: a pointcache instance's objects written as Alembic by an Alembic ROP."""

import os

import pyblish.api


class ExtractAlembicHoudini(pyblish.api.InstancePlugin):
    """An Alembic output driver in ``/out`` (made for the export, removed after) writes
    the instance's member objects over its frame range to the run's staging folder."""

    label = "Alembic"
    order = pyblish.api.ExtractorOrder
    families = ["pointcache"]
    hosts = ["houdini"]

    def process(self, instance):
        import hou
        context = instance.context
        members = instance.data.get("members") or []
        if not members:
            raise RuntimeError("%s has no member nodes to export" % instance.data["name"])
        first = instance.data.get("frameStart")
        last = instance.data.get("frameEnd")
        if first is None or last is None:
            first, last = context.data["host"].get_frame_range()
        staging = os.path.join(context.data["publishRun"].staging_dir(),
                               instance.data["name"])
        os.makedirs(staging)
        path = os.path.join(staging, "%s.abc" % instance.data["name"])
        rop = hou.node("/out").createNode("alembic", "reelkit_%s" % instance.data["name"])
        try:
            rop.parm("filename").set(path.replace(os.sep, "/"))
            rop.parm("trange").set(1)   # the frame range below, not the current frame
            rop.parm("f1").set(int(first))
            rop.parm("f2").set(int(last))
            rop.parm("root").set("/obj")
            rop.parm("objects").set(" ".join(members))
            rop.render(frame_range=(int(first), int(last)))
        finally:
            rop.destroy()
        if not os.path.isfile(path):
            raise RuntimeError("Alembic export of %s did not write %s" % (", ".join(members),
                                                                          path))
        instance.data.setdefault("files", []).append(path)
        self.log.info("exported %s (%d-%d) to %s", ", ".join(members), first, last, path)
