"""The scene's frame range is the shot's."""

import pyblish.api

from toolkit.publish.checks import CheckFailed, Repair


class ValidateFrameRange(pyblish.api.InstancePlugin):
    """Scene range == ``context.data["shotFrameRange"]`` (filled by a collector from the
    tracker). Without a known shot range the check passes and says so in its log.
    Repair sets the scene's range to the shot's."""

    label = "Frame range"
    order = pyblish.api.ValidatorOrder + 0.1
    families = ["workfile"]
    actions = [Repair]

    def process(self, instance):
        shot = instance.context.data.get("shotFrameRange")
        if not shot:
            self.log.info("no shot frame range known: nothing to compare")
            return
        scene = tuple(instance.context.data["host"].get_frame_range())
        if tuple(scene) != tuple(shot):
            raise CheckFailed("Frame range differs from the shot",
                              "the scene plays %d-%d, the shot is %d-%d"
                              % (scene[0], scene[1], shot[0], shot[1]),
                              "set the scene's range to %d-%d (Repair does)" % tuple(shot))

    def repair(self, instance):
        first, last = instance.context.data["shotFrameRange"]
        instance.context.data["host"].set_frame_range(first, last)
