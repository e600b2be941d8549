"""Instance and node names obey the template keys they are written into."""

import os
import re

import pyblish.api

from toolkit.publish.checks import CheckFailed, Repair, SelectInvalid

_NAME_KEY = "name"
_FRAME = re.compile(r"%0?\d*d|#+|@+|\$F\d*")


class ValidateNames(pyblish.api.InstancePlugin):
    """The instance name (the publish's ``{name}``) and its member nodes pass the
    ``name`` key of the templates. Repair renames the instance; Select invalid
    selects the badly named nodes."""

    label = "Names"
    order = pyblish.api.ValidatorOrder + 0.2
    actions = [Repair, SelectInvalid]

    def process(self, instance):
        if instance.data.get("family") == "workfile":
            return  # its name comes from the work file's own path
        key = self._key(instance)
        if key is None:
            return
        problems, nodes = [], []
        name = instance.data.get("name", instance.name)
        if not _passes(key, name):
            problems.append("instance name %r" % name)
        for member in instance.data.get("members") or ():
            if _FRAME.search(member) or os.path.isfile(member):
                continue  # a file or a frame sequence, not a node
            # A node's own name: the leaf of a Houdini path or Maya DAG path, without
            # its Maya namespace.
            leaf = re.split(r"[/|]", member)[-1].split(":")[-1]
            if not _passes(key, leaf):
                nodes.append(member)
        if nodes:
            problems.append("node name(s) %s" % ", ".join(repr(n) for n in nodes))
        if problems:
            raise CheckFailed("Names the templates refuse",
                              "%s %s not fit the {%s} key (%s)"
                              % (" and ".join(problems),
                                 "does" if len(problems) == 1 and not nodes[1:] else "do",
                                 _NAME_KEY, _describe(key)),
                              "rename them with letters and digits only (Repair renames the "
                              "instance; Select invalid selects the nodes)", nodes=nodes)

    def repair(self, instance):
        name = instance.data.get("name", instance.name)
        fixed = re.sub(r"[^A-Za-z0-9]", "", name) or "main"
        if fixed != name:
            instance.context.data["session"].rename_instance(name, fixed)
            self.log.info("instance %r renamed %r", name, fixed)

    def _key(self, instance):
        try:
            template = instance.context.data["session"].publish_target(instance)[0]
        except CheckFailed:
            return None  # the integrator reports the missing output
        return (getattr(template, "keys", None) or {}).get(_NAME_KEY)


def _passes(key, value):
    try:
        key.str_from_value(value)
    except Exception:
        return False
    return True


def _describe(key):
    spelled = getattr(key, "filter_by", None) or getattr(key, "choices", None)
    return "allowed: %s" % (spelled,) if spelled else "refused by key %s" % key.name
