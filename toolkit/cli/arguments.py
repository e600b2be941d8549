"""Arguments and look-ups shared by the sub-commands."""

import os

from toolkit.errors import ReelkitError


def add_project_argument(parser):
    """Add ``--project PATH`` (default: ``$REELKIT_PROJECT``, else the current folder)."""
    parser.add_argument(
        "--project", metavar="PATH",
        help="project folder (default: $REELKIT_PROJECT, else the project above the current folder)")


def project_from_args(args):
    """Load the project named by ``--project``, ``$REELKIT_PROJECT`` or found above the cwd."""
    from toolkit.config import find_project, load_project

    path = getattr(args, "project", None) or os.environ.get("REELKIT_PROJECT")
    if not path:
        path = find_project(os.getcwd())
        if not path:
            raise ReelkitError(
                "no project: pass --project PATH, set REELKIT_PROJECT, or run inside a project folder")
    return load_project(path)


def parse_field_assignments(pairs):
    """``["Shot=SH010", "version=3"]`` -> ``{"Shot": "SH010", "version": "3"}`` (strings)."""
    fields = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ReelkitError("expected key=value, got %r" % pair)
        fields[key] = value
    return fields
