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
        reelkit_context = context.data["reelkitContext"]
        latest = _latest_versions(context).get((name, published_file_type))
        version = (latest or 0) + 1
        all_fields = dict(reelkit_context.as_template_fields(), version=version, **fields)
        keys_of = getattr(template, "keys", None) or {}
        if "SEQ" in keys_of:
            all_fields["SEQ"] = "FORMAT: %d"
        try:
            path = template.apply_fields(all_fields)
        except Exception as exc:  # a refused name: the Names check reports it
            self.log.info("no path to check: %s", exc)
            return
        if _taken(path):
            raise CheckFailed("Version taken on disk",
                              "v%03d of %s would go to %s, where files already are"
                              % (version, name, path),
                              "ask a TD to remove the stray files (no record points at them)")


def _latest_versions(context):
    """``{(name, type): latest version}`` of every instance of the pass, read with one
    store request the first time an instance asks (1,000 instances: 1 query, not 1,000)."""
    cached = context.data.get("reelkitLatestVersions")
    if cached is not None:
        return cached
    from toolkit.publish.checks import CheckFailed
    session = context.data["session"]
    reelkit_context = context.data["reelkitContext"]
    entity = reelkit_context.entity
    task = getattr(reelkit_context, "task", None)
    entity_link = {"type": entity["type"], "id": entity["id"]}
    task_link = {"type": "Task", "id": task["id"]} if task and task.get("id") else None
    wanted = set()
    for instance in context:
        try:
            _, _, published_file_type, name = session.publish_target(instance)
        except CheckFailed:
            continue  # reported by the check on that instance
        wanted.add((name, published_file_type))
    found = context.data["store"].latest_versions(
        [(name, ptype, entity_link, task_link) for name, ptype in sorted(wanted)])
    cached = dict(((p["name"], p["published_file_type"]), p["version_number"])
                  for p in found.values())
    context.data["reelkitLatestVersions"] = cached
    return cached


def _taken(path):
    """True when a file is at ``path``, or any frame of it when it is a sequence."""
    if "%" not in path:
        return os.path.exists(path)
    from toolkit.publish.errors import PublishError
    from toolkit.publish.source import resolve_source
    try:
        resolve_source(path)
    except PublishError:  # no frame of it exists
        return False
    return True
