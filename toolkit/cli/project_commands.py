"""``reelkit init``, ``reelkit validate-config`` and ``reelkit demo``."""

from __future__ import print_function

import os
import shutil

from toolkit.errors import ReelkitError


def default_config_dir():
    """The default project config shipped with Reelkit (``config/`` of the repository,
    ``reelkit_config`` once installed)."""
    from toolkit.platform.discovery import shipped_folder
    return shipped_folder("config")[0]


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


def init_project(directory, config=None, name=None):
    """Create a project in ``directory`` from ``config``; return the loaded ProjectConfig.

    Refuses a folder that already holds a project, so nothing is overwritten.
    """
    from toolkit.config import load_project

    config = os.path.abspath(config or default_config_dir())
    if not os.path.isfile(os.path.join(config, "project.yml")):
        raise ReelkitError("not a project config (no project.yml): %s" % config)
    directory = os.path.abspath(directory)
    target = os.path.join(directory, "config")
    if os.path.exists(target):
        raise ReelkitError("a project already exists there: %s" % target)
    # Validate before copying, so a broken config leaves no half-made project.
    load_project(config).templates
    if not os.path.isdir(directory):
        os.makedirs(directory)
    shutil.copytree(config, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    if name:
        _rename_project(os.path.join(target, "project.yml"), name)
    return load_project(directory)


def _rename_project(project_yml, name):
    import io
    import re

    with io.open(project_yml, encoding="utf-8") as handle:
        text = handle.read()
    text, count = re.subn(r"(?m)^name:.*$", "name: %s" % name, text, count=1)
    if not count:
        text = "name: %s\n" % name + text
    with io.open(project_yml, "w", encoding="utf-8") as handle:
        handle.write(text)


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
