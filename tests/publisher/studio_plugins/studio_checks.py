"""A studio's own pyblish plugins, written for plain pyblish (no Reelkit import).

The Publisher must run this file exactly as pyblish would: discovered from a
folder, filtered by hosts, families and targets, results in context.data.
"""

import pyblish.api


class CollectStudioStamp(pyblish.api.ContextPlugin):
    """Puts the studio's stamp in the context, as many studios' collectors do."""

    order = pyblish.api.CollectorOrder + 0.4
    label = "Studio stamp"

    def process(self, context):
        context.data["studioStamp"] = "ACME-%d" % len(context)
        self.log.info("stamped %s", context.data["studioStamp"])


class ValidateStudioPlateLength(pyblish.api.InstancePlugin):
    """Plates shorter than three frames are refused (a studio rule)."""

    order = pyblish.api.ValidatorOrder
    families = ["plate"]
    label = "Studio plate length"

    def process(self, instance):
        first, last = instance.data["frameStart"], instance.data["frameEnd"]
        assert last - first + 1 >= 3, "plate %s is %d frame(s) long" % (
            instance.data["name"], last - first + 1)


class ExtractMayaOnly(pyblish.api.InstancePlugin):
    """A Maya-only extractor: never loaded in another host."""

    order = pyblish.api.ExtractorOrder
    hosts = ["maya"]

    def process(self, instance):
        raise RuntimeError("a Maya-only plugin ran outside Maya")


class IntegrateFarmOnly(pyblish.api.ContextPlugin):
    """Runs only when the 'farm' target is asked for."""

    order = pyblish.api.IntegratorOrder + 0.1
    targets = ["farm"]

    def process(self, context):
        context.data["farmRan"] = True
