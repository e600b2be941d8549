"""Scene data as one JSON object kept in a single string of the host's scene.

Each host keeps Reelkit's scene data (:meth:`HostAdapter.read_scene_data`) in
one text slot it saves with the scene: a string attribute of a Maya node, a
knob of Nuke's root, user data of Houdini's ``/obj``, a custom property of a
Blender scene. This module turns that text into values and back, the same way
for every host, so a key has the same rules everywhere (any non-empty string)
and a slot someone edited by hand fails with one clear error.
"""

import json

import six

from toolkit.errors import ReelkitError


def check_key(key):
    """``key`` if it is a non-empty string; ReelkitError otherwise."""
    if not isinstance(key, six.string_types) or not key:
        raise ReelkitError("scene data keys are non-empty strings, not %r" % (key,))
    return key


def decode(text, where):
    """The dict held by ``text`` (empty when ``text`` is empty or None)."""
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ReelkitError("%s does not hold Reelkit scene data (JSON): %s" % (where, exc))
    if not isinstance(data, dict):
        raise ReelkitError("%s holds %s, not a JSON object of Reelkit scene data"
                           % (where, type(data).__name__))
    return data


def encode(data):
    """The text for the dict ``data`` (keys sorted: the same data saves the same)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def read(text, key, where):
    """The value under ``key`` in the slot text ``text``, or None."""
    return decode(text, where).get(check_key(key))


def write(text, key, value, where):
    """The slot's new text with ``key`` set to ``value`` (None removes it).

    Returns None when nothing changes (removing a key that is not there), so
    the host is not marked modified for nothing. A value JSON cannot hold raises
    ReelkitError before anything is written.
    """
    data = decode(text, where)
    key = check_key(key)
    if value is None:
        if key not in data:
            return None
        del data[key]
        return encode(data)
    try:
        data[key] = json.loads(json.dumps(value, allow_nan=False))  # JSON-proof, a copy
    except (TypeError, ValueError) as exc:
        raise ReelkitError("scene data %r must be JSON-compatible (dict, list, str, int, "
                           "float, bool, None): %s" % (key, exc))
    return encode(data)
