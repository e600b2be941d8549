"""The scene is saved, with nothing left unsaved: what is published is what is on disk."""

import pyblish.api

from toolkit.publish.checks import CheckFailed, Repair


class ValidateSceneSaved(pyblish.api.InstancePlugin):
    """Scene saved and unmodified. Repair saves it (when it has a file).

    Optional: a host whose modified flag cannot be trusted (``bpy`` 5.0 run as a
    Python module reports ``is_dirty`` even right after a save) can run without it.
    """

    label = "Scene saved"
    order = pyblish.api.ValidatorOrder - 0.1
    families = ["workfile"]
    actions = [Repair]
    optional = True

    def process(self, instance):
        host = instance.context.data["host"]
        if not host.current_scene_path():
            raise CheckFailed("Scene never saved", "the scene has no file yet",
                              "save it in the work area (Workfiles, or File > Save As)")
        if host.is_modified():
            raise CheckFailed("Unsaved changes",
                              "the scene has changes that are not saved in %s"
                              % host.current_scene_path(), "save the scene (Repair does)")

    def repair(self, instance):
        host = instance.context.data["host"]
        if not host.current_scene_path():
            raise CheckFailed("Scene never saved", "Repair cannot choose a file name",
                              "save it in the work area with Workfiles")
        host.save_scene()
