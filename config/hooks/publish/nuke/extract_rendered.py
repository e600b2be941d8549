"""Nuke: rendered frames publish as they are (no copy to staging: they are files already)."""

import pyblish.api


class ExtractRenderedFrames(pyblish.api.InstancePlugin):
    """Each collected Write sequence becomes a file of the instance's publish."""

    label = "Rendered frames"
    order = pyblish.api.ExtractorOrder
    families = ["render"]
    hosts = ["nuke"]

    def process(self, instance):
        sequences = instance.data.get("sequences") or []
        instance.data.setdefault("files", []).extend(sequences)
        self.log.info("%d sequence(s) to publish", len(sequences))
