"""Maya: a pointcache instance's members exported as Alembic, over its frame range."""

import os

import pyblish.api


class ExtractAlembicMaya(pyblish.api.InstancePlugin):
    """``AbcExport`` of the instance's member nodes (one ``-root`` each) to the run's
    staging folder; the ``AbcExport`` plug-in is loaded first when it is not
    (a fresh preferences folder loads it not)."""

    label = "Alembic"
    order = pyblish.api.ExtractorOrder
    families = ["pointcache"]
    hosts = ["maya"]

    def process(self, instance):
        from maya import cmds
        context = instance.context
        members = instance.data.get("members") or []
        if not members:
            raise RuntimeError("%s has no member nodes to export" % instance.data["name"])
        first = instance.data.get("frameStart")
        last = instance.data.get("frameEnd")
        if first is None or last is None:
            first, last = context.data["host"].get_frame_range()
        if not cmds.pluginInfo("AbcExport", query=True, loaded=True):
            cmds.loadPlugin("AbcExport", quiet=True)
        staging = os.path.join(context.data["publishRun"].staging_dir(),
                               instance.data["name"])
        os.makedirs(staging)
        path = os.path.join(staging, "%s.abc" % instance.data["name"])
        roots = " ".join("-root %s" % member for member in members)
        job = '-frameRange %d %d -uvWrite -worldSpace %s -file "%s"' % (
            int(first), int(last), roots, path.replace(os.sep, "/"))
        cmds.AbcExport(j=job)
        if not os.path.isfile(path):
            raise RuntimeError("Alembic export of %s did not write %s" % (", ".join(members),
                                                                          path))
        instance.data.setdefault("files", []).append(path)
        self.log.info("exported %s (%d-%d) to %s", ", ".join(members), first, last, path)
