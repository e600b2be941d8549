"""The scene is a work file of this context's work area (its path matches a work template)."""

import pyblish.api

from toolkit.publish.checks import CheckFailed

# Fields that say whose or which file it is, not where it belongs.
_FREE = ("version", "name", "HumanUser", "extension", "timestamp", "Task", "User")


class ValidateWorkArea(pyblish.api.InstancePlugin):
    """The workfile lies in a work template, in the context's entity and step."""

    label = "Scene in the work area"
    order = pyblish.api.ValidatorOrder
    families = ["workfile"]

    def process(self, instance):
        context = instance.context
        session = context.data["session"]
        template, fields, _, _ = session.publish_target(instance)  # CheckFailed if outside
        from toolkit.workfiles.area import WorkArea
        _, work_fields = WorkArea.for_path(context.data["project"], context.data["currentFile"])
        expected = context.data["reelkitContext"].as_template_fields()
        wrong = ["%s is %s, not %s" % (key, work_fields[key], value)
                 for key, value in sorted(expected.items())
                 if key not in _FREE and key in work_fields and work_fields[key] != value]
        if wrong:
            raise CheckFailed("Scene of another context",
                              "%s: %s" % (context.data["currentFile"], "; ".join(wrong)),
                              "open the work file of %s, or switch context"
                              % context.data["reelkitContext"])
