"""``reelkit launch``, ``reelkit run`` and ``reelkit apps``: engines from the command line."""

from __future__ import print_function

import sys

from toolkit.cli.arguments import add_project_argument, project_from_args


def register(subparsers):
    launch = subparsers.add_parser(
        "launch", help="start a host (maya, nuke, houdini, blender, shell) in a context")
    launch.add_argument("engine", metavar="ENGINE", help="engine name: maya, nuke, ...")
    _context_argument(launch)
    launch.add_argument("--dry-run", action="store_true",
                        help="print the command and environment instead of starting the host")
    add_project_argument(launch)
    launch.set_defaults(func=launch_command)

    run = subparsers.add_parser("run", help="run an app command headless (shell engine)")
    run.add_argument("name", metavar="COMMAND", help="command name or short name")
    _context_argument(run)
    add_project_argument(run)
    run.set_defaults(func=run_command)

    # The core knows the Loader only as a command name: this is `run loader`.
    loader = subparsers.add_parser(
        "loader", help="open the Loader in the shell engine (same as `run loader`)")
    _context_argument(loader)
    add_project_argument(loader)
    loader.set_defaults(func=run_command, name="loader")

    apps = subparsers.add_parser("apps", help="list the environment, engine, apps and commands")
    _context_argument(apps)
    apps.add_argument("--engine", default="shell", help="engine to list (default: shell)")
    add_project_argument(apps)
    apps.set_defaults(func=apps_command)


def _context_argument(parser):
    parser.add_argument("--context", default="project", metavar="TEXT",
                        help="'project', 'Shot SH010', 'Shot SH010 comp', 'Asset hero model'")


def _project_and_context(args):
    """The project, and the context checked against its store (ids filled in), so a
    launch into a shot that does not exist fails here, not inside the host."""
    from toolkit.context import Context
    from toolkit.store import open_store
    project = project_from_args(args)
    store = open_store(project)
    try:
        return project, Context.from_string(args.context, project=project, store=store)
    finally:
        store.close()


def launch_command(args):
    from toolkit.platform.launch import launch
    project, context = _project_and_context(args)
    launch(args.engine, context, project, dry_run=args.dry_run)
    return 0


def run_command(args):
    from toolkit.platform import start_engine
    project, context = _project_and_context(args)
    engine = start_engine("shell", context, project)
    try:
        command = engine.find_command(args.name)
        if command is None:
            print("reelkit: error: no command %r (have: %s)" % (
                args.name, ", ".join(_labels(engine)) or "none"), file=sys.stderr)
            return 1
        try:
            command.function()
        except Exception:
            engine.report_error("command %r failed" % command.name)
            return 1
        _wait_for_windows()
        return 0
    finally:
        engine.destroy()


def _wait_for_windows():
    """Run the Qt event loop while a panel a command opened is visible."""
    if "qtpy.QtWidgets" not in sys.modules:
        return
    from toolkit import qt
    app = qt.QtWidgets.QApplication.instance()
    if app is not None and any(w.isVisible() for w in app.topLevelWidgets()):
        app.exec_()


def apps_command(args):
    from toolkit.platform.discovery import BundleIndex
    from toolkit.platform.environment import build_plan, pick_environment
    project, context = _project_and_context(args)
    env_name = pick_environment(project, context)
    problems = []
    plan = build_plan(project, env_name, args.engine, BundleIndex(project), problems)
    print("context:     %s" % context)
    print("environment: %s (%s)" % (env_name, project.environments[env_name].source))
    if plan is not None:
        info = plan.engine.info
        print("engine:      %s %s (%s)" % (info.name, info.manifest.version, info.path))
        for setup in plan.apps:
            manifest = setup.info.manifest
            print("  app %-14s %s %s (%s)" % (setup.instance_name, manifest.name,
                                               manifest.version, setup.info.origin))
            for command in manifest.commands:
                label = command.get("name") if isinstance(command, dict) else command
                print("      command: %s" % label)
    for problem in problems:
        print("problem: %s" % problem, file=sys.stderr)
    return 1 if problems else 0


def _labels(engine):
    return ["%s (%s)" % (c.name, c.short_name) if c.short_name != c.name else c.name
            for c in engine.commands.values()]
