"""``reelkit launch``, ``reelkit run`` and ``reelkit apps``: engines from the command line."""

from __future__ import print_function

import argparse
import os
import sys

from toolkit.cli.arguments import add_project_argument, project_from_args
from toolkit.cli.parser import ReelkitParser, add_parser_of_class


#: The sub-commands register() adds: a command line naming one of them
#: registers this module only (toolkit.cli.build_parser).
COMMANDS = ("launch", "host-python", "run", "loader", "apps")


def register(subparsers):
    launch = add_parser_of_class(
        subparsers, _HostArgsParser, "launch",
        help="start a host (maya, nuke, houdini, blender, shell) in a context",
        description="Start a host with Reelkit in a context: the executable from the config's "
                    "launchers (or the host's usual install places), a clean environment, the "
                    "host's output in a log file. Arguments after -- go to the host.")
    launch.add_argument("engine", metavar="ENGINE", help="engine name: maya, nuke, ...")
    _context_argument(launch)
    launch.add_argument("--version", dest="host_version", metavar="V", default=None,
                        help="host version: a key of launchers.ENGINE.versions, or a version "
                             "found in the install places")
    launch.add_argument("--open", dest="open_file", metavar="FILE", default=None,
                        help="a scene file the engine opens once it has started")
    launch.add_argument("--wait", action="store_true",
                        help="wait for the host to exit; its exit status becomes reelkit's")
    launch.add_argument("--explain", action="store_true",
                        help="print every environment variable set or removed, and why")
    launch.add_argument("--dry-run", action="store_true",
                        help="print the command and environment instead of starting the host")
    add_project_argument(launch)
    launch.set_defaults(func=launch_command)

    host_python = subparsers.add_parser(
        "host-python", help="prepare Reelkit's dependencies for a host's own Python",
        description="Fill the folder of Reelkit's pure-Python dependencies for hosts running "
                    "Python VERSION (done by `reelkit launch` when missing).")
    host_python.add_argument("python_version", metavar="VERSION", help="2.7, 3.10, 3.11...")
    host_python.add_argument("--root", default=None,
                             help="folder of the per-version folders (default: "
                                  "$REELKIT_HOST_PYTHON, else the user cache)")
    host_python.add_argument("--python", default=None, metavar="EXE",
                             help="an interpreter of VERSION whose pip installs (needed for "
                                  "source-only packages of Python 2.7)")
    host_python.add_argument("--wheelhouse", default=None, metavar="DIR",
                             help="install from this folder of wheels only")
    host_python.add_argument("--force", action="store_true", help="prepare again")
    host_python.set_defaults(func=host_python_command)

    run = subparsers.add_parser("run", help="run an app command headless (shell engine)")
    run.add_argument("name", metavar="COMMAND", help="command name or short name (or APP COMMAND, "
                     "e.g. `run workfiles version-up`)")
    run.add_argument("app_command", metavar="APP_COMMAND", nargs="?", default=None,
                     help=argparse.SUPPRESS)
    run.add_argument("--scene", metavar="PATH", default=None,
                     help="open this scene in the shell host first; with no --context, the "
                          "context is the scene's")
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


class _HostArgsParser(ReelkitParser):
    """A sub-command parser that hands everything after ``--`` over as ``host_args``.

    Plain argparse cannot: its positionals are matched before ``--`` is seen,
    so ``launch blender --context X -- -b`` would refuse ``-b``.
    """

    def parse_known_args(self, args=None, namespace=None):
        args = list(sys.argv[1:] if args is None else args)
        host_args = []
        if "--" in args:
            at = args.index("--")
            args, host_args = args[:at], args[at + 1:]
        namespace, extras = super(_HostArgsParser, self).parse_known_args(args, namespace)
        namespace.host_args = host_args
        return namespace, extras


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
    plan = launch(args.engine, context, project, dry_run=args.dry_run, explain=args.explain,
                  wait=args.wait, version=args.host_version, host_args=args.host_args,
                  open_file=args.open_file)
    if not args.dry_run:
        print("reelkit: %s %s; log: %s" % (
            args.engine, "exited with status %d" % plan.returncode if args.wait
            else "started (pid %d)" % plan.process.pid, plan.log_path), file=sys.stderr)
    return 0


def host_python_command(args):
    from toolkit.platform import hostpython
    folder = hostpython.prepare(args.python_version, args.root, python=args.python,
                                wheelhouse=args.wheelhouse, force=args.force,
                                out=lambda line: print(line, file=sys.stderr))
    print(folder)
    return 0


def run_command(args):
    from toolkit.platform import start_engine
    project, context = _project_and_context(args)
    scene = getattr(args, "scene", None)
    if scene and args.context == "project":  # the scene's own context, as a host would start
        context = _scene_context(project, scene)
    engine = start_engine("shell", context, project)
    try:
        if scene:
            engine.host.open_scene(scene)
        command = _find_command(engine, args.name, getattr(args, "app_command", None))
        if command is None:
            wanted = args.name
            if getattr(args, "app_command", None):
                wanted = "%s of app %s" % (args.app_command, args.name)
            print("reelkit: error: no command %r (have: %s)" % (
                wanted, ", ".join(_labels(engine)) or "none"), file=sys.stderr)
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


def _scene_context(project, scene):
    from toolkit.context import Context
    from toolkit.store import open_store
    store = open_store(project)
    try:
        return Context.from_path(os.path.abspath(scene), project, store)
    finally:
        store.close()


def _find_command(engine, name, app_command):
    """``name`` alone, or the command ``app_command`` of app instance ``name``."""
    if app_command is None:
        return engine.find_command(name)
    app = engine.apps.get(name)
    for command in engine.commands.values():
        if command.bundle is app and app_command in (command.name,
                                                     command.properties.get("short_name")):
            return command
    return None


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
