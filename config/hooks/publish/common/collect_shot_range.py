"""Collect the shot's frame range from the store: what the scene's range is checked against."""

import pyblish.api


class CollectCutRange(pyblish.api.ContextPlugin):
    """``context.data["shotFrameRange"]``: the shot's ``(sg_cut_in, sg_cut_out)``.

    Read with one store request when the context is a shot whose cut range the
    tracker knows (ShotGrid's cut in/out, Kitsu's frame in/out, the embedded
    store's fields); otherwise nothing is set and the range check says so. It
    runs before the other collectors, so a studio's own collector of the range
    (another source, handles added) has the last word.
    """

    label = "Shot frame range"
    order = pyblish.api.CollectorOrder - 0.05

    def process(self, context):
        entity = getattr(context.data.get("reelkitContext"), "entity", None)
        if not entity or entity.get("type") != "Shot" or entity.get("id") is None:
            self.log.info("not a shot known to the store: no frame range to check against")
            return
        shot = context.data["store"].find_one("Shot", [["id", "is", entity["id"]]],
                                              ["sg_cut_in", "sg_cut_out"])
        first, last = (shot or {}).get("sg_cut_in"), (shot or {}).get("sg_cut_out")
        if first is None or last is None:
            self.log.info("shot %s has no cut range in the store", entity.get("code"))
            return
        context.data["shotFrameRange"] = (int(first), int(last))
        self.log.info("shot %s plays %d-%d", entity.get("code"), first, last)
