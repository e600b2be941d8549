"""Integrate: plan every extracted file as a publish of the run (registered all together)."""

import pyblish.api


class IntegratePublishes(pyblish.api.InstancePlugin):
    """Each file in ``instance.data["files"]`` becomes a publish of the run, with the
    scene's loaded publishes as dependencies, the comment and the thumbnail. The
    session commits the run after the last integrator: all of them land or none."""

    label = "Publishes"
    order = pyblish.api.IntegratorOrder

    def process(self, instance):
        session = instance.context.data["session"]
        files = instance.data.get("files") or ()
        if not files:
            self.log.info("nothing extracted for %s", instance.data.get("name"))
            return
        for source in files:
            planned = session.plan_publish(instance, source)
            self.log.info("%s -> %s (%s)", source, planned.template.name,
                          planned.published_file_type)
