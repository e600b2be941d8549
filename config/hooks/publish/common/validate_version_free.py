"""The version a publish will get is free: no stray file already sits at its path."""

import os

import pyblish.api

from toolkit.publish.checks import CheckFailed


class ValidateVersionFree(pyblish.api.InstancePlugin):
    """The next version of each instance's publish has no file on disk yet.

    The store allocates versions atomically, so two publishers never collide;
    a file left at the next version's path (copied by hand, a crashed tool from
    before Reelkit) would still make the publish fail late, after the
    extraction: this says so first.
    """

    label = "Version free"
    order = pyblish.api.ValidatorOrder + 0.4

    def process(self, instance):
        context = instance.context
        session = context.data["session"]
        template, fields, published_file_type, name = session.publish_target(instance)
        store = context.data["store"]
        reelkit_context = context.data["reelkitContext"]
        entity = reelkit_context.entity
        task = getattr(reelkit_context, "task", None)
        keys = [(name, published_file_type, {"type": entity["type"], "id": entity["id"]},
                 {"type": "Task", "id": task["id"]} if task and task.get("id") else None)]
        latest = list(store.latest_versions(keys).values())
        version = (latest[0]["version_number"] if latest else 0) + 1
        all_fields = dict(reelkit_context.as_template_fields(), version=version, **fields)
        keys_of = getattr(template, "keys", None) or {}
        if "SEQ" in keys_of:
            all_fields["SEQ"] = "FORMAT: %d"
        try:
            path = template.apply_fields(all_fields)
        except Exception as exc:  # a refused name: the Names check reports it
            self.log.info("no path to check: %s", exc)
            return
        if os.path.exists(path) or ("%" in path and os.path.isdir(os.path.dirname(path))):
            raise CheckFailed("Version taken on disk",
                              "v%03d of %s would go to %s, where files already are"
                              % (version, name, path if "%" not in path
                                 else os.path.dirname(path)),
                              "ask a TD to remove the stray files (no record points at them)")
