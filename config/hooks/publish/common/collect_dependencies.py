"""Collect what the scene loads, resolved to publish records: the publishes' dependencies."""

import os

import pyblish.api

from toolkit.publish.resolve import resolve_paths


class CollectLoadedPublishes(pyblish.api.ContextPlugin):
    """``context.data["dependencies"]``: the publish records of every loaded file.

    One batched store request for the whole scene (:func:`resolve_paths`);
    files that are not publishes are listed in the log, not depended on.
    """

    label = "Loaded publishes"
    order = pyblish.api.CollectorOrder + 0.2

    def process(self, context):
        host = context.data["host"]
        references = host.list_references()
        scene = context.data.get("currentFile")
        found = resolve_paths(context.data["store"], [ref.path for ref in references],
                              templates=context.data["templates"],
                              relative_to=os.path.dirname(scene) if scene else None,
                              check_files=False)
        records, seen = [], set()
        for item in found:
            if item.publish is None:
                self.log.info("not a publish, no dependency: %s", item.path)
            elif item.publish["id"] not in seen:
                seen.add(item.publish["id"])
                records.append(item.publish)
        context.data["dependencies"] = records
        self.log.info("%d loaded publish(es)", len(records))
