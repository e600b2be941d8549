"""Pins: references kept at their version on purpose, stored in the scene itself.

A pin travels with the scene file (host scene data, :meth:`HostAdapter.write_scene_data`),
so the farm and the next artist see the same pins. The value under
:data:`PINS_KEY` is ``{node: version}``: the host's name of the reference and the
version it was pinned at (for the panel; a pinned reference is left alone
whatever version it holds).
"""

import six

from toolkit.errors import ReelkitError

#: The scene data key holding the pins.
PINS_KEY = "reelkit.breakdown.pins"


def read_pins(host):
    """``{node: version or None}`` of the open scene (empty when nothing is pinned).

    A value someone wrote by hand that is not a mapping is an error naming the key.
    """
    value = host.read_scene_data(PINS_KEY)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ReelkitError("scene data %r must map reference nodes to versions, got %r"
                           % (PINS_KEY, value))
    pins = {}
    for node, version in value.items():
        if version is not None and not isinstance(version, six.integer_types):
            raise ReelkitError("scene data %r: the version pinned for %r must be a number, "
                               "got %r" % (PINS_KEY, node, version))
        pins[node] = version
    return pins


def write_pins(host, pins):
    """Store ``pins`` (``{node: version}``) in the scene; an empty mapping removes the key."""
    host.write_scene_data(PINS_KEY, dict(pins) if pins else None)


def set_pinned(host, versions, pinned=True):
    """Pin (or unpin) references: ``versions`` maps each node to the version it holds.

    Returns the pins now in the scene. Nodes not pinned are ignored when unpinning.
    """
    pins = read_pins(host)
    changed = False
    for node, version in versions.items():
        if pinned and pins.get(node, "unset") != version:
            pins[node] = version
            changed = True
        elif not pinned and node in pins:
            del pins[node]
            changed = True
    if changed:
        write_pins(host, pins)
    return pins
