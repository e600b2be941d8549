"""Pins: references kept at their version on purpose, stored in the scene itself.

A pin travels with the scene file (host scene data, :meth:`HostAdapter.write_scene_data`),
so the farm and the next artist see the same pins. The value under
:data:`PINS_KEY` is ``{node: {"version": N, "path": P}}``: the host's name of the
reference, the version it was pinned at (for the panel; a pinned reference is left
alone whatever version it holds) and the file it loaded then. Scenes pinned before
the path was kept hold ``{node: N}``; both are read.

A pin follows its reference by name, and by path when the name changed: an artist
renaming a pinned reference in the host must not find it updated by the next
"update all". A pin whose node is gone is given to the one unpinned reference
loading the file it was pinned at (none, or several: it stays unclaimed), and the
next pin or unpin stores it under the current name.
"""

import os

import six

from toolkit.errors import ReelkitError

#: The scene data key holding the pins.
PINS_KEY = "reelkit.breakdown.pins"


def read_pin_records(host):
    """``{node: (version or None, path or None)}`` as the scene stores them.

    A value someone wrote by hand that is not a mapping is an error naming the key.
    """
    value = host.read_scene_data(PINS_KEY)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ReelkitError("scene data %r must map reference nodes to versions, got %r"
                           % (PINS_KEY, value))
    records = {}
    for node, entry in value.items():
        version, path = entry, None
        if isinstance(entry, dict):
            version, path = entry.get("version"), entry.get("path")
            if path is not None and not isinstance(path, six.string_types):
                raise ReelkitError("scene data %r: the path pinned for %r must be text, got %r"
                                   % (PINS_KEY, node, path))
        if version is not None and (isinstance(version, bool)
                                    or not isinstance(version, six.integer_types)):
            raise ReelkitError("scene data %r: the version pinned for %r must be a number, "
                               "got %r" % (PINS_KEY, node, version))
        records[node] = (version, path)
    return records


def read_pins(host):
    """``{node: version or None}`` of the open scene, by the names the pins were
    stored under (empty when nothing is pinned)."""
    return dict((node, version) for node, (version, _) in read_pin_records(host).items())


def match_pins(records, references):
    """``{node: (version, stored name)}`` of the ``references`` (``(node, path)``
    pairs) that are pinned: by node name, else by the path a pin was taken at
    when exactly one reference not otherwise pinned loads it (a renamed node)."""
    nodes = set(node for node, _ in references)
    matched = dict((node, (records[node][0], node)) for node in nodes if node in records)
    for stored in sorted(records):
        version, path = records[stored]
        if stored in nodes or not path:
            continue
        wanted = _same_file(path)
        candidates = [node for node, ref_path in references
                      if node not in matched and ref_path and _same_file(ref_path) == wanted]
        if len(candidates) == 1:
            matched[candidates[0]] = (version, stored)
    return matched


def write_pins(host, pins):
    """Store ``pins`` (``{node: (version, path)}``); an empty mapping removes the key."""
    value = dict((node, {"version": version, "path": path})
                 for node, (version, path) in pins.items())
    host.write_scene_data(PINS_KEY, value or None)


def set_pinned(host, versions, pinned=True, references=None):
    """Pin (or unpin) references: ``versions`` maps each node to the version it holds.

    ``references``: the scene's ``(node, path)`` pairs. Given, each pin is
    stored under its reference's current name with its current path (pins of
    renamed references follow them; those of references no longer in the scene
    are dropped). Returns ``{node: version}`` now pinned.
    """
    records = read_pin_records(host)
    paths = dict(references or ())
    if references is not None:
        current = {}
        for node, (version, _) in match_pins(records, references).items():
            current[node] = (version, paths.get(node))
        changed = current != records
        records = current
    else:
        changed = False
    for node, version in versions.items():
        if pinned and (node not in records or records[node][0] != version):
            records[node] = (version, paths.get(node, records.get(node, (None, None))[1]))
            changed = True
        elif not pinned and node in records:
            del records[node]
            changed = True
    if changed:
        write_pins(host, records)
    return dict((node, version) for node, (version, _) in records.items())


def _same_file(path):
    return os.path.normcase(os.path.normpath(path)).replace("\\", "/")
