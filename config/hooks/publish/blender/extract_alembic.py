"""Blender: a pointcache instance's objects exported as Alembic, over its frame range."""

import os

import pyblish.api


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
        context = instance.context
        host = context.data["host"]
        members = instance.data.get("members") or []
        first = instance.data.get("frameStart")
        last = instance.data.get("frameEnd")
        if first is None or last is None:
            first, last = host.get_frame_range()
        staging = os.path.join(context.data["publishRun"].staging_dir(),
                               instance.data["name"])
        os.makedirs(staging)
        path = os.path.join(staging, "%s.abc" % instance.data["name"])
        before = host.selection()
        host.select_nodes(members)
        try:
            result = bpy.ops.wm.alembic_export(filepath=path, start=int(first), end=int(last),
                                               selected=True, as_background_job=False)
        finally:
            host.select_nodes(before)
        if "FINISHED" not in result or not os.path.isfile(path):
            raise RuntimeError("Alembic export of %s did not write %s (%s)"
                               % (", ".join(members), path, result))
        instance.data.setdefault("files", []).append(path)
        self.log.info("exported %s (%d-%d) to %s", ", ".join(members), first, last, path)
