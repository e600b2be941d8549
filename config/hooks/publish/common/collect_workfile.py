"""Collect the workfile: the saved scene is always an instance of its own."""

import os

import pyblish.api


class CollectWorkfile(pyblish.api.ContextPlugin):
    """The open scene as instance ``workfile`` (family ``workfile``).

    Collected when the environment says what a workfile publishes as
    (``outputs: {workfile: {type: ...}}``); the scene need not be saved yet:
    the checks say so and offer to fix it.
    """

    label = "Workfile"
    order = pyblish.api.CollectorOrder - 0.1

    def process(self, context):
        if "workfile" not in (context.data["settings"].get("outputs") or {}):
            self.log.info("this environment publishes no workfile (no outputs.workfile)")
            return
        path = context.data.get("currentFile")
        instance = context.create_instance("workfile", family="workfile", families=[],
                                           variant="main", options={})
        instance.data["label"] = os.path.basename(path) if path else "workfile (never saved)"
        if path:
            instance.append(path)
        host = context.data["host"]
        first, last = host.get_frame_range()
        instance.data["frameStart"], instance.data["frameEnd"] = int(first), int(last)
