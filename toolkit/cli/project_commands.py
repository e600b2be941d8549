"""``reelkit init``, ``reelkit validate-config`` and ``reelkit demo``."""

from __future__ import print_function

from toolkit.config.create import default_config_dir, init_project  # noqa: F401 -- their home
from toolkit.errors import ReelkitError


#: The sub-commands register() adds: a command line naming one of them
#: registers this module only (toolkit.cli.build_parser).
COMMANDS = ("init", "validate-config", "demo")


def register(subparsers):
    parser = subparsers.add_parser(
        "init", help="create a project from a config",
        description="Create a project in DIR from a project config folder: the config is copied "
                    "to DIR/config and the store is created empty.")
    parser.add_argument("directory", metavar="DIR")
    parser.add_argument("--config", metavar="CONFIG", default=None,
                        help="config folder to copy (default: Reelkit's default config)")
    parser.add_argument("--name", help="project name (default: the config's name)")
    parser.add_argument("--from-tk-config", metavar="TK_CONFIG", default=None,
                        help="make the config from a ShotGrid Toolkit pipeline configuration "
                             "(its core/templates.yml, roots.yml and schema); what cannot be "
                             "carried over is listed (docs/tk_import.md)")
    parser.add_argument("--root", metavar="NAME=PATH", action="append", default=[],
                        help="with --from-tk-config: the folder of a storage root of roots.yml "
                             "(repeatable)")
    parser.set_defaults(func=_cmd_init)

    parser = subparsers.add_parser(
        "validate-config", help="check a project config and report every problem",
        description="Load a project config folder and report every problem found, each with its "
                    "file, line and entry. Exit code 1 when there is any.")
    parser.add_argument("directory", metavar="DIR", nargs="?", default=None,
                        help="config folder or project folder (default: Reelkit's default config)")
    parser.set_defaults(func=_cmd_validate)

    parser = subparsers.add_parser(
        "demo", help="create a demo project with sample data",
        description="Create a demo project in DIR from the default config, with the embedded "
                    "SQLite store, and print what it resolved.")
    parser.add_argument("directory", metavar="DIR")
    parser.set_defaults(func=_cmd_demo)


def _cmd_init(args):
    if args.from_tk_config:
        return _init_from_tk(args)
    if args.root:
        raise ReelkitError("--root goes with --from-tk-config")
    project = init_project(args.directory, args.config, args.name)
    print("created project %r in %s" % (project.name, project.root))
    for root_name, path in sorted(project.roots.items()):
        print("  root %-10s %s" % (root_name, path))
    print("  %d templates" % len(list(project.templates.names())))
    return 0


def _init_from_tk(args):
    from toolkit.tkimport import import_tk_config

    if args.config:
        raise ReelkitError("--config and --from-tk-config exclude each other")
    roots = {}
    for item in args.root:
        name, equals, path = item.partition("=")
        if not equals or not name or not path:
            raise ReelkitError("--root %r: write NAME=PATH" % (item,))
        roots[name] = path
    result = import_tk_config(args.from_tk_config, args.directory, args.name, roots)
    project = result.project
    print("created project %r in %s from ShotGrid Toolkit config %s"
          % (project.name, project.root, args.from_tk_config))
    for root_name, path in sorted(project.roots.items()):
        print("  root %-10s %s" % (root_name, path))
    templates = project.templates
    print("  %d keys, %d path templates, %d string templates"
          % (len(templates.keys), len(templates.paths), len(templates.strings)))
    print("  %d thing(s) not carried over (listed in %s):" % (len(result.notes), result.report))
    for note in result.notes:
        print("    %s" % note)
    return 0


def _cmd_validate(args):
    from toolkit.config import validate_project

    directory = args.directory or default_config_dir()
    errors = validate_project(directory)
    if not errors:  # the files load: now what an engine would refuse at start
        from toolkit.config import load_project
        from toolkit.platform.environment import check_config
        errors = check_config(load_project(directory))
    for error in errors:
        print(str(error))
    if errors:
        print("%d problem(s) in %s" % (len(errors), directory))
        return 1
    print("ok: %s" % directory)
    return 0


def _cmd_demo(args):
    from toolkit.demo import create_demo

    create_demo(args.directory, out=print)
    return 0
