"""Blender: a pointcache instance's objects exported as Alembic, over its frame range."""

import pyblish.api

from toolkit.publish.exports import Export


class ExtractAlembic(pyblish.api.InstancePlugin):
    """Exports the instance's member objects (``bpy.ops.wm.alembic_export`` of the
    selection) to the run's staging folder; the selection is put back after."""

    label = "Alembic"
    order = pyblish.api.ExtractorOrder
    families = ["pointcache"]
    hosts = ["blender"]

    def process(self, instance):
        import bpy
        try:
            bpy.ops.wm.alembic_export.get_rna_type()
        except KeyError:  # an operator Blender was built without (Debian's 3.4 build)
            raise RuntimeError("this Blender (%s) was built without Alembic: publish %s from "
                               "a Blender build with Alembic export"
                               % (bpy.app.version_string, instance.data["name"]))
        host = instance.context.data["host"]
        export = Export(instance, "abc", require_members=False)
        before = host.selection()
        host.select_nodes(export.members)
        try:
            result = bpy.ops.wm.alembic_export(filepath=export.path, start=export.first,
                                               end=export.last, selected=True,
                                               as_background_job=False)
        finally:
            host.select_nodes(before)
        export.done(self.log, None if "FINISHED" in result else result)
