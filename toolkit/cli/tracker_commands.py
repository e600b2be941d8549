"""``reelkit sync``: refresh the local read cache of a tracker store (Kitsu)."""

from __future__ import print_function

import sys

from toolkit.cli.arguments import add_project_argument, project_from_args


#: The sub-commands register() adds: a command line naming one of them
#: registers this module only (toolkit.cli.build_parser).
COMMANDS = ("sync",)


def register(subparsers):
    sync = subparsers.add_parser(
        "sync", help="refresh the local read cache of the project's tracker store (Kitsu)")
    sync.add_argument("-q", "--quiet", action="store_true", help="print only the totals")
    add_project_argument(sync)
    sync.set_defaults(func=sync_command)


def sync_command(args):
    from toolkit.errors import ReelkitError
    from toolkit.store import open_store
    project = project_from_args(args)
    store = open_store(project)
    try:
        if not hasattr(store, "sync"):
            raise ReelkitError("the %s store reads its data directly; it has no cache to sync"
                               % store.backend)

        def progress(type_name, done, total):
            if not args.quiet and (done == total or done % 500 == 0):
                print("\r%-14s %d/%d" % (type_name, done, total), end="\n" if done == total
                      else "", file=sys.stderr)
        counts = store.sync(progress)
    finally:
        store.close()
    print("synced %s" % ", ".join("%s %d" % item for item in sorted(counts.items())))
    return 0
