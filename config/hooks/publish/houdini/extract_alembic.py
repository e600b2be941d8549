"""Houdini: a pointcache instance's objects written as Alembic by an Alembic ROP."""

import os

import pyblish.api

from toolkit.publish.exports import Export


class ExtractAlembicHoudini(pyblish.api.InstancePlugin):
    """An Alembic output driver in ``/out`` (made for the export, removed after) writes
    the instance's member objects over its frame range to the run's staging folder."""

    label = "Alembic"
    order = pyblish.api.ExtractorOrder
    families = ["pointcache"]
    hosts = ["houdini"]

    def process(self, instance):
        import hou
        export = Export(instance, "abc")
        rop = hou.node("/out").createNode("alembic", "reelkit_%s" % instance.data["name"])
        try:
            rop.parm("filename").set(export.path.replace(os.sep, "/"))
            rop.parm("trange").set(1)   # the frame range below, not the current frame
            rop.parm("f1").set(export.first)
            rop.parm("f2").set(export.last)
            rop.parm("root").set("/obj")
            rop.parm("objects").set(" ".join(export.members))
            rop.render(frame_range=(export.first, export.last))
        finally:
            rop.destroy()
        export.done(self.log)
