"""``reelkit publish-scene``: publish a scene without Qt (a shell, Blender in background, the farm).

    reelkit publish-scene SCENE [--context TEXT] [--instance NAME ...] [--report FILE.json]
                                [--plan FILE.json] [--comment TEXT] [--engine NAME]

The engine is the plan's, else ``--engine``, else chosen by the scene's
extension (``.blend``: Blender, run in this process through ``bpy``; anything
else: the shell). The context is the plan's, else ``--context``, else read
from the scene's path. Exit status 0 when published, 1 otherwise with every
failure on stderr (and in ``--report``).
"""

from __future__ import print_function

import os
import sys

#: Scene extensions whose host can run in this process, and its engine.
ENGINES_BY_EXTENSION = {".blend": "blender"}


def register(subparsers):
    """Add ``publish-scene`` (called by :mod:`toolkit.cli.bundles` through ``cli:``)."""
    from toolkit.cli.arguments import add_project_argument
    parser = subparsers.add_parser(
        "publish-scene", help="validate and publish a scene headless (the Publisher's plugins)",
        description="Open SCENE in an engine without UI, run the Publisher's plugins and "
                    "publish everything or nothing. Exit 0 when published, 1 otherwise.")
    parser.add_argument("scene", metavar="SCENE")
    parser.add_argument("--context", default=None, metavar="TEXT",
                        help="'Shot SH010 comp' (default: the plan's, else read from SCENE's "
                             "path)")
    parser.add_argument("--instance", dest="instances", action="append", metavar="NAME",
                        help="publish only this instance (repeat; the workfile always)")
    parser.add_argument("--report", metavar="FILE.json", help="write the report as JSON")
    parser.add_argument("--plan", metavar="FILE.json", help="run a plan saved by the panel")
    parser.add_argument("--comment", default=None, help="the publish comment")
    parser.add_argument("--engine", default=None, help="engine to run (default: by extension)")
    add_project_argument(parser)
    parser.set_defaults(func=publish_scene_command)


def publish_scene_command(args):
    import logging
    quiet = logging.getLogger("pyblish")
    propagate = quiet.propagate
    if not getattr(args, "verbose", False):
        # pyblish logs each failure with its traceback, and plugins log what they
        # do; the report (--report) keeps all of it per item, and the lines printed
        # say what failed, once. -v shows pyblish's own output too.
        quiet.propagate = False
    try:
        return _publish_scene(args)
    finally:
        quiet.propagate = propagate


def _publish_scene(args):
    from toolkit.cli.arguments import project_from_args
    from toolkit.errors import ReelkitError
    from toolkit.platform.headless import scene_engine

    from .plan import Plan

    plan = Plan.load(args.plan) if args.plan else None
    if plan is not None and os.path.abspath(plan.scene) != os.path.abspath(args.scene):
        raise ReelkitError("the plan %s was made for %s, not %s" % (args.plan, plan.scene,
                                                                    args.scene))
    if not os.path.isfile(args.scene):
        raise ReelkitError("no scene at %s" % args.scene)
    if args.project is None and plan is not None and plan.data.get("project"):
        args.project = plan.data["project"]
    project = project_from_args(args)
    context = _context(args, project, plan)
    engine_name = (plan.engine if plan is not None else None) or args.engine or \
        ENGINES_BY_EXTENSION.get(os.path.splitext(args.scene)[1].lower(), "shell")
    with scene_engine(engine_name, project, context) as engine:
        engine.host.open_scene(os.path.abspath(args.scene))  # the file, as saved
        app = _publisher(engine)
        session = app.session
        if plan is not None:
            session.apply_plan(plan)
        if args.instances:
            session.only_instances = set(args.instances)
        if args.comment is not None:
            session.comment = args.comment
        report = session.publish()
    if args.report:
        report.save(args.report)
    if report.ok:
        for record in report.records:
            print("published %s v%03d %s" % (record["name"], record["version_number"],
                                             record["path"]))
        return 0
    for line in report.error_lines():
        print("reelkit: %s" % line, file=sys.stderr)
    return 1


def _context(args, project, plan):
    from toolkit.context import Context
    from toolkit.store import open_store
    store = open_store(project)
    try:
        if args.context:
            return Context.from_string(args.context, project=project, store=store)
        if plan is not None and plan.data.get("context"):
            return plan.context(project)
        return Context.from_path(os.path.abspath(args.scene), project, store=store)
    finally:
        store.close()


def _publisher(engine):
    from toolkit.errors import ReelkitError
    for app in engine.apps.values():
        if app.name == "publisher":
            return app
    raise ReelkitError("the %s engine runs no publisher app in environment %s: add it to "
                       "env/%s.yml" % (engine.name, engine.env_name, engine.env_name))
