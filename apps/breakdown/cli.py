"""``reelkit breakdown SCENE`` and ``reelkit usage PATH|PUBLISH``: the Breakdown headless.

Added to ``reelkit`` through ``cli: "cli:register"`` in the manifest
(:mod:`toolkit.cli.bundles`). ``breakdown`` opens the scene in an engine -- the
one already running in this process (inside ``blender -b``), else the shell
engine for shell scenes, Blender (``bpy`` as a module, background) for
``.blend`` files, or the one ``--engine`` names -- and prints what it loads;
with ``--update-all`` it updates everything out of date and saves the scene.
"""

from __future__ import print_function

import json
import os
import sys

from toolkit.errors import ReelkitError

#: Scene extensions that choose an engine when --engine is not given.
ENGINES_BY_EXTENSION = {".blend": "blender"}


def register(subparsers):
    """Add the ``breakdown`` and ``usage`` sub-commands."""
    from toolkit.cli.arguments import add_project_argument

    breakdown = subparsers.add_parser(
        "breakdown", help="what a scene loads, which of it is out of date; update it")
    breakdown.add_argument("scene", metavar="SCENE", help="the scene file to open")
    breakdown.add_argument("--json", action="store_true", help="print JSON instead of a table")
    breakdown.add_argument("--update-all", action="store_true",
                           help="update every out-of-date reference (pins kept) and save")
    breakdown.add_argument("--engine", default=None,
                           help="engine to open the scene in (default: blender for .blend, "
                                "else shell)")
    add_project_argument(breakdown)
    breakdown.set_defaults(func=breakdown_command)

    usage = subparsers.add_parser(
        "usage", help="which publishes recorded a file or publish as a dependency")
    usage.add_argument("target", metavar="PATH|PUBLISH",
                       help="a published path, or a publish id (123 or #123)")
    usage.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_project_argument(usage)
    usage.set_defaults(func=usage_command)


# -- reelkit breakdown ----------------------------------------------------------

def breakdown_command(args):
    """Open ``args.scene``, print its breakdown, update it with ``--update-all``."""
    from toolkit.cli.arguments import project_from_args
    from toolkit.context import Context
    from toolkit.platform import current_engine
    from toolkit.platform.headless import scene_engine
    from .session import BreakdownSession

    scene = os.path.abspath(args.scene)
    if not os.path.isfile(scene):
        raise ReelkitError("no scene at %s" % scene)
    running = current_engine()  # inside a host already (blender -b --python-expr ...)
    engine_name, context = args.engine, None
    if running is not None:
        project = running.project
    else:
        project = project_from_args(args)
        engine_name = engine_name or ENGINES_BY_EXTENSION.get(
            os.path.splitext(scene)[1].lower(), "shell")
        from toolkit.store import open_store
        store = open_store(project)
        try:
            context = Context.from_path(scene, project, store)
        finally:
            store.close()
    output = sys.stdout
    if args.json:
        # Hosts print their own chatter (Blender: "Info: Read library..."): with
        # --json, stdout carries the JSON document alone and the chatter goes to stderr.
        sys.stdout = sys.stderr
    try:
        with scene_engine(engine_name, project, context) as engine:
            engine.host.open_scene(scene)
            session = BreakdownSession(engine.store, engine.host, project.templates)
            inventory = session.scan()
            report = None
            if args.update_all:
                report = session.update_all()
                if report.updated:
                    engine.host.save_scene()
                inventory = session.inventory
    finally:
        sys.stdout = output
    _print_breakdown(inventory, report, args.json)
    return 1 if report is not None and not report.ok else 0


def _print_breakdown(inventory, report, as_json):
    if as_json:
        data = {"scene": inventory.scene_path, "counts": dict(inventory.counts()),
                "references": [item.as_dict() for item in inventory]}
        if report is not None:
            data["update"] = report.as_dict()
        print(json.dumps(data, indent=2, sort_keys=True))
        return
    rows = [(item.node, item.status.replace("_", " "), _version(item.version),
             _version(item.latest_version), item.name, item.path) for item in inventory]
    _print_table(("NODE", "STATUS", "VERSION", "LATEST", "PUBLISH", "PATH"), rows)
    print(inventory.summary())
    if report is not None:
        print("update: %s" % report.summary())


def _version(version):
    return "v%03d" % version if version is not None else "-"


def _print_table(header, rows):
    widths = [max(len(u"%s" % row[i]) for row in [header] + rows) for i in range(len(header))]
    for row in [header] + rows:
        print("  ".join((u"%s" % cell).ljust(width) for cell, width in zip(row, widths)).rstrip())


# -- reelkit usage ----------------------------------------------------------------

def usage_command(args):
    """Print the publishes that recorded ``args.target`` as a dependency."""
    from toolkit.cli.arguments import project_from_args
    from toolkit.store import open_store

    project = project_from_args(args)
    store = open_store(project)
    try:
        target = find_target(store, args.target, project.templates)
        users = store.publishes_using([target])
    finally:
        store.close()
    if args.json:
        print(json.dumps({"publish": _brief(target), "used_by": [_brief(p) for p in users]},
                         indent=2, sort_keys=True))
        return 0
    print("%s v%03d (%s) is used by %d publish%s" % (
        target.get("name"), target.get("version_number") or 0, target.get("path"), len(users),
        "" if len(users) == 1 else "es"))
    _print_table(("ID", "PUBLISH", "VERSION", "TYPE", "ENTITY", "PATH"), [
        (p["id"], p.get("name"), _version(p.get("version_number")),
         p.get("published_file_type"), _entity(p), p.get("path")) for p in users])
    return 0


def find_target(store, text, templates=None):
    """The PublishedFile ``text`` names: an id (``123``, ``#123``) or a published path.

    A path goes through the shared resolver (relative, symlinked and frame
    spellings). Raises :class:`ReelkitError` naming the argument when none.
    """
    from toolkit.publish.resolve import resolve_path

    ident = text[1:] if text.startswith("#") else text
    if ident.isdigit():
        found = store.find_one("PublishedFile", [["id", "is", int(ident)]])
        if found is None:
            raise ReelkitError("usage: no publish with id %s" % ident)
        return found
    found = resolve_path(store, text, templates, check_files=False)
    if found.publish is None:
        raise ReelkitError("usage: %s is no publish (%s)" % (text, found.describe()))
    return found.publish


def _entity(publish):
    entity = publish.get("entity") or {}
    return "%s %s" % (entity.get("type"), entity.get("code") or entity.get("id")) \
        if entity else "-"


def _brief(publish):
    return {"id": publish["id"], "name": publish.get("name"), "path": publish.get("path"),
            "version": publish.get("version_number"),
            "published_file_type": publish.get("published_file_type"),
            "entity": _entity(publish)}
