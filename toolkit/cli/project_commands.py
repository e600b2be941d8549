"""``reelkit init``, ``reelkit validate-config`` and ``reelkit demo``."""

from __future__ import print_function

from toolkit.config.create import default_config_dir, init_project  # noqa: F401 -- their home


def register(subparsers):
    parser = subparsers.add_parser(
        "init", help="create a project from a config",
        description="Create a project in DIR from a project config folder: the config is copied "
                    "to DIR/config and the store is created empty.")
    parser.add_argument("directory", metavar="DIR")
    parser.add_argument("--config", metavar="CONFIG", default=None,
                        help="config folder to copy (default: Reelkit's default config)")
    parser.add_argument("--name", help="project name (default: the config's name)")
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
    project = init_project(args.directory, args.config, args.name)
    print("created project %r in %s" % (project.name, project.root))
    for root_name, path in sorted(project.roots.items()):
        print("  root %-10s %s" % (root_name, path))
    print("  %d templates" % len(list(project.templates.names())))
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
