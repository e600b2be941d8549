"""Publish intent kept in the scene: the instances an artist created.

An instance is a plain dict, saved in the scene through the host API
(:meth:`HostAdapter.write_scene_data` under :data:`SCENE_KEY`), so reopening the
scene, or opening it on the farm, needs no re-picking::

    {"name": "heroCache", "family": "pointcache", "variant": "main",
     "frame_range": [1001, 1100], "members": ["hero_geo"], "options": {},
     "active": true}

``members`` are host node names, or file paths and frame sequences for the
shell's dropped files. The workfile instance is not stored: a collector makes
it for every saved scene.
"""

import six

from toolkit.errors import ReelkitError

#: The scene data key holding the list of instances.
SCENE_KEY = "reelkit.publish.instances"

_FIELDS = ("name", "family", "variant", "frame_range", "members", "options", "active")


class InstanceError(ReelkitError):
    """An instance is malformed (names the instance and the field)."""


def make_instance(name, family, members=(), frame_range=None, variant=None, options=None,
                  active=True):
    """A checked instance dict (see the module docstring)."""
    return check_instance({"name": name, "family": family, "variant": variant or "main",
                           "frame_range": list(frame_range) if frame_range else None,
                           "members": list(members or ()), "options": dict(options or {}),
                           "active": bool(active)})


def check_instance(spec, where="instance"):
    """``spec`` completed with defaults; :class:`InstanceError` naming the bad field."""
    if not isinstance(spec, dict):
        raise InstanceError("%s: an instance is a mapping, not %r" % (where, spec))
    name = spec.get("name")
    if not isinstance(name, six.string_types) or not name:
        raise InstanceError("%s: 'name' must be a non-empty string, got %r" % (where, name))
    where = "instance '%s'" % name
    family = spec.get("family")
    if not isinstance(family, six.string_types) or not family:
        raise InstanceError("%s: 'family' must be a non-empty string, got %r" % (where, family))
    unknown = sorted(set(spec) - set(_FIELDS))
    if unknown:
        raise InstanceError("%s: unknown field(s) %s (known: %s)"
                            % (where, ", ".join(unknown), ", ".join(_FIELDS)))
    frame_range = spec.get("frame_range")
    if frame_range is not None:
        if (not isinstance(frame_range, (list, tuple)) or len(frame_range) != 2
                or not all(isinstance(f, six.integer_types) for f in frame_range)
                or frame_range[0] > frame_range[1]):
            raise InstanceError("%s: 'frame_range' must be [first, last] with first <= last, "
                                "got %r" % (where, frame_range))
        frame_range = [int(frame_range[0]), int(frame_range[1])]
    members = spec.get("members") or []
    if not isinstance(members, (list, tuple)) or \
            not all(isinstance(m, six.string_types) for m in members):
        raise InstanceError("%s: 'members' must be a list of names, got %r" % (where, members))
    options = spec.get("options") or {}
    if not isinstance(options, dict):
        raise InstanceError("%s: 'options' must be a mapping, got %r" % (where, options))
    return {"name": name, "family": family, "variant": spec.get("variant") or "main",
            "frame_range": frame_range, "members": list(members), "options": dict(options),
            "active": bool(spec.get("active", True))}


def read_instances(host):
    """The instances stored in the open scene (checked), in creation order."""
    stored = host.read_scene_data(SCENE_KEY) or []
    if not isinstance(stored, list):
        raise InstanceError("scene data %r holds %s, not a list of instances"
                            % (SCENE_KEY, type(stored).__name__))
    return [check_instance(spec, "scene instance %d" % (index + 1))
            for index, spec in enumerate(stored)]


def write_instances(host, instances):
    """Store ``instances`` in the open scene (all checked first; names unique)."""
    checked = [check_instance(spec) for spec in instances]
    names = [spec["name"] for spec in checked]
    twice = sorted(set(name for name in names if names.count(name) > 1))
    if twice:
        raise InstanceError("instance names must be unique in a scene: %s" % ", ".join(twice))
    host.write_scene_data(SCENE_KEY, checked or None)
    return checked


def add_instance(host, instance):
    """Add ``instance`` (a dict or :func:`make_instance`'s) to the scene; returns it."""
    instance = check_instance(instance)
    existing = read_instances(host)
    if any(spec["name"] == instance["name"] for spec in existing):
        raise InstanceError("the scene already has an instance '%s'" % instance["name"])
    write_instances(host, existing + [instance])
    return instance


def update_instance(host, instance_name, changes):
    """Change fields (a dict) of the stored instance ``instance_name``; returns the new dict."""
    instances = read_instances(host)
    for index, spec in enumerate(instances):
        if spec["name"] == instance_name:
            instances[index] = check_instance(dict(spec, **changes))
            write_instances(host, instances)
            return instances[index]
    raise InstanceError("the scene has no instance '%s'" % instance_name)


def remove_instance(host, name):
    """Remove the stored instance ``name`` (an unknown name raises)."""
    instances = read_instances(host)
    kept = [spec for spec in instances if spec["name"] != name]
    if len(kept) == len(instances):
        raise InstanceError("the scene has no instance '%s'" % name)
    write_instances(host, kept)
