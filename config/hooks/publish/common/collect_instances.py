"""Collect the instances the artist created, as stored in the scene (or in a farm plan)."""

import pyblish.api


class CollectSceneInstances(pyblish.api.ContextPlugin):
    """One pyblish instance per stored instance; ``active: false`` ones stay unchecked."""

    label = "Scene instances"
    order = pyblish.api.CollectorOrder

    def process(self, context):
        for spec in context.data.get("sceneInstances") or ():
            instance = context.create_instance(spec["name"], family=spec["family"],
                                               families=[], variant=spec["variant"],
                                               options=dict(spec["options"]),
                                               publish=bool(spec["active"]))
            instance.extend(spec["members"])
            instance.data["members"] = list(spec["members"])
            if spec["frame_range"]:
                instance.data["frameStart"], instance.data["frameEnd"] = spec["frame_range"]
        self.log.info("%d instance(s) in the scene", len(context) - 1
                      if any(i.data.get("family") == "workfile" for i in context)
                      else len(context))
