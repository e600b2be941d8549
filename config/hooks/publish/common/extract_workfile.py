"""Extract the workfile: a copy of the saved scene in the run's staging folder."""

import os
import shutil

import pyblish.api


class ExtractWorkfile(pyblish.api.InstancePlugin):
    """Copies the scene file, so what publishes is the scene as it was checked."""

    label = "Workfile copy"
    order = pyblish.api.ExtractorOrder
    families = ["workfile"]

    def process(self, instance):
        context = instance.context
        scene = context.data["currentFile"]
        staging = os.path.join(context.data["publishRun"].staging_dir(), "workfile")
        os.makedirs(staging)
        staged = os.path.join(staging, os.path.basename(scene))
        shutil.copy2(scene, staged)
        instance.data.setdefault("files", []).append(staged)
        self.log.info("staged %s", staged)
