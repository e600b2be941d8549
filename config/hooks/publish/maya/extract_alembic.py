"""Maya: a pointcache instance's members exported as Alembic, over its frame range."""

import os

import pyblish.api

from toolkit.publish.exports import Export


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
        export = Export(instance, "abc")
        if not cmds.pluginInfo("AbcExport", query=True, loaded=True):
            cmds.loadPlugin("AbcExport", quiet=True)
        roots = " ".join("-root %s" % member for member in export.members)
        cmds.AbcExport(j='-frameRange %d %d -uvWrite -worldSpace %s -file "%s"' % (
            export.first, export.last, roots, export.path.replace(os.sep, "/")))
        export.done(self.log)
