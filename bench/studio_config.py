"""A generated template config shaped like a studio's, for benchmarks and tests.

Studios write their ``templates.yml`` the way Reelkit's default config and the
public ShotGrid Toolkit default config do: shots and assets, a folder per
pipeline step, then per host a ``work`` area (with an optional artist sandbox),
snapshots beside it, a ``publish`` area, renders as image sequences in a folder
per version, caches, review media, textures and editorial deliveries; host file
extensions as keys aliased to one ``extension`` field. :func:`studio_templates`
writes such a config with as many path templates as asked (150 by default),
hosts added until the count is reached. Python 2.7 and 3.
"""

from collections import OrderedDict

#: Hosts in the order a studio's config grows: (name, work-file extensions,
#: renders images).
HOSTS = (
    ("maya", ("ma", "mb"), True),
    ("nuke", ("nk",), True),
    ("houdini", ("hip", "hipnc", "hiplc"), True),
    ("blender", ("blend",), True),
    ("katana", ("katana",), True),
    ("mari", ("mra",), False),
    ("substance", ("spp",), False),
    ("photoshop", ("psd",), False),
    ("3dsmax", ("max",), True),
    ("gaffer", ("gfr",), True),
    ("cinema4d", ("c4d",), True),
    ("unreal", ("uasset", "umap"), True),
    ("hiero", ("hrox",), False),
    ("zbrush", ("zpr", "ztl"), False),
    ("clarisse", ("project",), True),
    ("fusion", ("comp",), True),
    ("silhouette", ("sfx",), True),
    ("3dequalizer", ("3de",), False),
    ("marvelous", ("zprj",), False),
)

STEPS = ("layout", "anim", "fx", "lighting", "comp", "model", "rig", "surfacing",
         "lookdev", "roto", "paint", "matchmove")

ENTITIES = (
    ("shot", "sequences/{Sequence}/{Shot}/{Step}", "{Shot}"),
    ("asset", "assets/{AssetType}/{Asset}/{Step}", "{Asset}"),
)


def studio_keys():
    """The ``keys:`` section: entity codes, steps, versions, frames, extensions."""
    keys = OrderedDict([
        ("Sequence", {"type": "str", "filter_by": "alphanumeric"}),
        ("Shot", {"type": "str", "filter_by": "alphanumeric"}),
        ("Asset", {"type": "str", "filter_by": "alphanumeric"}),
        ("AssetType", {"type": "str", "choices": ["character", "prop", "environment",
                                                   "vehicle", "fx", "matte"]}),
        ("Step", {"type": "str", "choices": list(STEPS)}),
        ("Task", {"type": "str", "filter_by": "[A-Za-z0-9-]+?"}),
        ("HumanUser", {"type": "str", "filter_by": "[a-z0-9.-]+?"}),
        ("name", {"type": "str", "filter_by": "alphanumeric", "default": "main"}),
        ("version", {"type": "int", "format_spec": "03"}),
        ("output", {"type": "str", "filter_by": "alphanumeric"}),
        ("channel", {"type": "str", "filter_by": "alphanumeric"}),
        ("eye", {"type": "str", "choices": ["left", "right"], "abstract": True}),
        ("SEQ", {"type": "sequence", "format_spec": "04"}),
        ("UDIM", {"type": "int", "format_spec": "04"}),
        ("width", {"type": "int"}),
        ("height", {"type": "int"}),
        ("timestamp", {"type": "timestamp", "format_spec": "%Y-%m-%d-%H-%M-%S"}),
        ("image_extension", {"type": "str", "choices": ["exr", "dpx", "tif", "png"],
                             "default": "exr"}),
        ("texture_extension", {"type": "str", "choices": ["exr", "tif", "tx"],
                               "default": "exr"}),
    ])
    for host, extensions, _ in HOSTS:
        if len(extensions) > 1:
            keys["%s_extension" % host] = {"type": "str", "choices": list(extensions),
                                           "default": extensions[0], "alias": "extension"}
    return keys


def _extension(host, extensions):
    return "{%s_extension}" % host if len(extensions) > 1 else extensions[0]


def _host_templates(host, extensions, renders):
    """Every template one host brings, shots and assets."""
    ext = _extension(host, extensions)
    for entity, root, code in ENTITIES:
        work = "%s/work/[{HumanUser}/]%s" % (root, host)
        yield ("%s_%s_work" % (host, entity),
               "%s/%s[_{Task}]_{name}_v{version}.%s" % (work, code, ext))
        yield ("%s_%s_snapshot" % (host, entity),
               "%s/snapshots/%s_{name}_v{version}.{timestamp}.%s" % (work, code, ext))
        yield ("%s_%s_publish" % (host, entity),
               "%s/publish/%s/%s[_{Task}]_{name}_v{version}.%s" % (root, host, code, ext))
        if renders:
            version = "%s_{name}[_{output}]_v{version}" % code
            yield ("%s_%s_render" % (host, entity),
                   "%s/render/%s/%s/[{eye}/]%s[_{eye}].{SEQ}.{image_extension}"
                   % (root, host, version, version))


def _shared_templates():
    """Templates that are not a host's: roots, caches, review, textures, editorial."""
    yield "sequence_root", "sequences/{Sequence}"
    yield "shot_root", "sequences/{Sequence}/{Shot}"
    yield "shot_step_root", "sequences/{Sequence}/{Shot}/{Step}"
    yield "asset_type_root", "assets/{AssetType}"
    yield "asset_root", "assets/{AssetType}/{Asset}"
    yield "asset_step_root", "assets/{AssetType}/{Asset}/{Step}"
    for entity, root, code in ENTITIES:
        for cache, extension in (("abc", "abc"), ("usd", "usd"), ("fbx", "fbx")):
            yield ("%s_%s_cache" % (entity, cache),
                   "%s/cache/%s/{name}/v{version}/%s_{name}_v{version}.%s"
                   % (root, cache, code, extension))
        yield ("%s_vdb_cache" % entity,
               "%s/cache/vdb/{name}/v{version}/%s_{name}_v{version}.{SEQ}.vdb" % (root, code))
        yield ("%s_review_movie" % entity,
               "%s/review/%s_{Step}_{name}_v{version}.mov" % (root, code))
        yield ("%s_review_frames" % entity,
               "%s/review/%s_{Step}_{name}_v{version}/%s_{Step}_{name}_v{version}.{SEQ}.jpg"
               % (root, code, code))
    yield ("asset_texture",
           "assets/{AssetType}/{Asset}/{Step}/publish/textures/{name}_v{version}/"
           "{Asset}_{name}_{channel}_v{version}.{UDIM}.{texture_extension}")
    yield ("shot_plate",
           "sequences/{Sequence}/{Shot}/plates/{name}/v{version}/"
           "{Shot}_{name}_v{version}.{SEQ}.{image_extension}")
    yield ("shot_delivery",
           "sequences/{Sequence}/{Shot}/comp/delivery/{width}x{height}/"
           "{Shot}_v{version}.{SEQ}.{image_extension}")
    yield ("shot_delivery_movie",
           "sequences/{Sequence}/{Shot}/comp/delivery/{width}x{height}/{Shot}_v{version}.mov")
    yield "sequence_edit", "sequences/{Sequence}/editorial/{Sequence}_{name}_v{version}.edl"
    yield "sequence_audio", "sequences/{Sequence}/editorial/audio/{Sequence}_{name}_v{version}.wav"


def studio_templates(count=150):
    """A ``templates.yml`` mapping (keys, paths, strings) with ``count`` path templates."""
    paths = OrderedDict(_shared_templates())
    for host, extensions, renders in HOSTS:
        for name, definition in _host_templates(host, extensions, renders):
            if len(paths) == count:
                break
            paths[name] = definition
    if len(paths) < count:
        raise ValueError("at most %d path templates here" % len(paths))
    strings = OrderedDict([
        ("shot_publish_name", "{Shot}_{Step}_{name}"),
        ("asset_publish_name", "{Asset}_{Step}_{name}"),
        ("shot_version_name", "{Shot}_{name}_v{version}"),
        ("render_pub_name", "{Shot}_{name}[_{output}]"),
    ])
    return OrderedDict([("keys", studio_keys()), ("paths", paths), ("strings", strings)])


def to_yaml(data):
    """``templates.yml`` text for :func:`studio_templates` data (no PyYAML needed:
    flow mappings and quoted strings only)."""
    lines = ["keys:"]
    for name, spec in data["keys"].items():
        lines.append("  %s: {%s}" % (name, ", ".join(
            "%s: %s" % (option, _yaml_value(value)) for option, value in spec.items())))
    for section in ("paths", "strings"):
        lines.append("%s:" % section)
        for name, definition in data[section].items():
            lines.append("  %s: %s" % (name, _yaml_value(definition)))
    return "\n".join(lines) + "\n"


def _yaml_value(value):
    if isinstance(value, list):
        return "[%s]" % ", ".join(_yaml_value(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return "'%s'" % value.replace("'", "''")
