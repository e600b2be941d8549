"""``reelkit recover``: report, and with ``--repair`` clean up, what crashed publishes left.

::

    reelkit recover                      # report only (exit 0: nothing found, 1: findings)
    reelkit recover --repair             # remove stale staging, roll back dead runs,
                                         # move paths without a record aside
    reelkit recover --template maya_shot_publish --under /show/sequences/SQ010

See :mod:`toolkit.publish.recovery` for what is found and the rule applied.
"""

from __future__ import print_function

from toolkit.cli.arguments import add_project_argument, project_from_args
from toolkit.errors import ReelkitError


#: The sub-commands register() adds: a command line naming one of them
#: registers this module only (toolkit.cli.build_parser).
COMMANDS = ("recover",)


def register(subparsers):
    """Add ``recover`` to the ``reelkit`` parser."""
    parser = subparsers.add_parser(
        "recover", help="report (and --repair) what crashed publishes left",
        description="Find stale staging copies of killed publishes, journals of interrupted "
                    "publish runs, files at published paths that no publish record names, and "
                    "publish records that keep absolute paths. Report them (exit 1 when there "
                    "is any), or repair them with --repair: staging removed, runs rolled back, "
                    "paths without a record moved to .reelkit/recovered/ in the project (never "
                    "deleted), records rewritten relative to their storage root.")
    parser.add_argument("--repair", action="store_true", help="repair what is found")
    parser.add_argument("--template", action="append", default=[], metavar="NAME",
                        help="also check the published paths of this template (repeatable); "
                             "the templates of recorded publishes are always checked")
    parser.add_argument("--under", action="append", default=[], metavar="FOLDER",
                        help="only look in this folder (default: every storage root)")
    parser.add_argument("--grace", type=float, default=None, metavar="SECONDS",
                        help="how long another host's staging copy must be unchanged before "
                             "it is judged abandoned (default: 6 hours)")
    parser.add_argument("--orphan-age", dest="orphan_age", type=float, default=None,
                        metavar="SECONDS", help="how long ago a file without a record must "
                        "have been placed to be judged an orphan (default: 15 minutes)")
    add_project_argument(parser)
    parser.set_defaults(func=_cmd_recover)


def _cmd_recover(args):
    from toolkit.publish import recovery, staging
    from toolkit.store import open_store
    grace = staging.DEFAULT_GRACE if args.grace is None else args.grace
    orphan_age = recovery.ORPHAN_AGE if args.orphan_age is None else args.orphan_age
    for option, value in (("--grace", grace), ("--orphan-age", orphan_age)):
        if not 0 <= value < float("inf"):
            raise ReelkitError("%s must be a number of seconds, 0 or more" % option)
    project = project_from_args(args)
    store = open_store(project)
    try:
        findings = recovery.scan(project, store, args.under or None, args.template,
                                 grace=grace, orphan_age=orphan_age)
        if not findings:
            print("nothing to recover")
            return 0
        repaired = recovery.repair(project, store, findings, grace=grace) if args.repair else []
        for finding in findings:
            state = "repaired" if finding in repaired else (
                "left" if args.repair else "found")
            print("%-8s %-8s %s: %s" % (state, finding.kind, finding.path, finding.detail))
        left = len(findings) - len(repaired)
        print("%d found, %d repaired" % (len(findings), len(repaired)))
        return 1 if left else 0
    finally:
        store.close()
