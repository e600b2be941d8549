"""Finalize: the work file versions up once its publish landed."""

import pyblish.api


class FinalizeVersionUp(pyblish.api.ContextPlugin):
    """Saves the scene as the next free work version (the one version-up of
    :mod:`toolkit.workfiles`), when the workfile was published and the
    ``version_up`` setting is on."""

    label = "Version up the work file"
    order = pyblish.api.IntegratorOrder + 0.6   # after the commit (3.5)
    optional = True

    def process(self, context):
        if not context.data["settings"].get("version_up", True):
            self.log.info("version_up is off in this environment")
            return
        published = [i for i in context if i.data.get("family") == "workfile"
                     and i.data.get("records")]
        if not published:
            self.log.info("the workfile was not published: no version-up")
            return
        from toolkit.workfiles import version_up
        path = version_up(context.data["host"], context.data["project"],
                          context.data["reelkitContext"])
        context.data["versionedUp"] = path
        self.log.info("work file saved as %s", path)
