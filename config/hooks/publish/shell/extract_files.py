"""Shell: files and frame sequences dropped on the Publisher publish as they are."""

import pyblish.api


class ExtractDroppedFiles(pyblish.api.InstancePlugin):
    """Members of ``plate`` and ``file`` instances are files already on disk
    (rendered frames, a delivery): each is published from where it is."""

    label = "Dropped files"
    order = pyblish.api.ExtractorOrder
    families = ["plate", "file"]
    hosts = ["shell"]

    def process(self, instance):
        members = instance.data.get("members") or ()
        instance.data.setdefault("files", []).extend(members)
        self.log.info("%d file(s) to publish as they are", len(members))
