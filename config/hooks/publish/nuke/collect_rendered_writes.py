"""Nuke: the frames a render instance's Write nodes already rendered."""

import pyblish.api


class CollectRenderedWrites(pyblish.api.InstancePlugin):
    """``instance.data["sequences"]``: the file knob of each Write node member
    (``.../beauty.%04d.exr``), for the frame check and the extractor."""

    label = "Rendered Writes"
    order = pyblish.api.CollectorOrder + 0.3
    families = ["render"]
    hosts = ["nuke"]

    def process(self, instance):
        import nuke
        sequences = instance.data.setdefault("sequences", [])
        for name in instance.data.get("members") or ():
            node = nuke.toNode(name)
            if node is not None and node.Class() == "Write" and node["file"].value():
                sequences.append(node["file"].value())
        self.log.info("%d rendered sequence(s)", len(sequences))
