"""``reelkit create``, ``folders``, ``publishes`` and ``publish``: the store from a shell.

::

    reelkit create Sequence SQ01
    reelkit create Shot SH010 --sequence SQ01
    reelkit create Asset hero --asset-type Character
    reelkit create Step comp --entity-type Shot
    reelkit create Task comp --entity "Shot SH010" --step comp
    reelkit create User jdoe --name "Jane Doe"
    reelkit folders Shot SH010 [--dry-run] [--engine maya]
    reelkit publishes [--entity "Shot SH010"] [--type "Maya Scene"] [--latest] [--json]
    reelkit publish FILE --context "Shot SH010 comp" --template maya_shot_publish \\
        --type "Maya Scene" [--name main] [--comment "..."] [--field key=value]
"""

from __future__ import print_function

import json
import sys

from toolkit.cli.arguments import add_project_argument, parse_field_assignments, project_from_args
from toolkit.errors import ReelkitError

CREATABLE = ("Sequence", "Shot", "Asset", "Step", "Task", "User")


#: The sub-commands register() adds: a command line naming one of them
#: registers this module only (toolkit.cli.build_parser).
COMMANDS = ("create", "folders", "publishes", "publish")


def register(subparsers):
    """Add the store sub-commands to the ``reelkit`` parser."""
    create = subparsers.add_parser("create", help="create an entity in the project's store")
    create.add_argument("entity_type", choices=CREATABLE, metavar="TYPE",
                        help="one of: %s" % ", ".join(CREATABLE))
    create.add_argument("code", help="code (login for a User, name for a Task)")
    create.add_argument("--sequence", help="Shot: its sequence code")
    create.add_argument("--asset-type", dest="asset_type", help="Asset: its type (Character...)")
    create.add_argument("--entity", help='Task: what it is for, e.g. "Shot SH010"')
    create.add_argument("--step", help="Task: the step code")
    create.add_argument("--entity-type", dest="step_entity_type",
                        help="Step: the entity type it applies to (Shot, Asset)")
    create.add_argument("--cut", metavar="FIRST-LAST", help="Shot: its cut range, e.g. 1001-1096")
    create.add_argument("--assignee", action="append", default=[], metavar="LOGIN",
                        help="Task: a user working on it (repeat for several)")
    create.add_argument("--name", help="User: full name")
    create.add_argument("--description")
    add_project_argument(create)
    create.set_defaults(func=run_create)

    folders = subparsers.add_parser("folders", help="create an entity's folders (schema)")
    folders.add_argument("entity_type", metavar="TYPE")
    folders.add_argument("code")
    folders.add_argument("--dry-run", action="store_true", help="only list what would be made")
    folders.add_argument("--engine", help="also create folders deferred to this host")
    add_project_argument(folders)
    folders.set_defaults(func=run_folders)

    publishes = subparsers.add_parser("publishes", help="list published files")
    publishes.add_argument("--entity", help='e.g. "Shot SH010"')
    publishes.add_argument("--type", dest="published_file_type", help='e.g. "Maya Scene"')
    publishes.add_argument("--name")
    publishes.add_argument("--latest", action="store_true",
                           help="only the latest version of each name/type/entity/task")
    publishes.add_argument("--json", action="store_true", help="JSON output")
    add_project_argument(publishes)
    publishes.set_defaults(func=run_publishes)

    publish = subparsers.add_parser("publish", help="publish a file or a frame sequence")
    publish.add_argument("source", metavar="FILE", help="a file or plate.%%04d.exr / ####")
    publish.add_argument("--context", required=True, help='e.g. "Shot SH010 comp"')
    publish.add_argument("--template", required=True, help="publish template name")
    publish.add_argument("--type", dest="published_file_type", required=True)
    publish.add_argument("--name")
    publish.add_argument("--comment", default="")
    publish.add_argument("--thumbnail")
    publish.add_argument("--field", action="append", default=[], metavar="KEY=VALUE",
                         help="extra template field (repeatable)")
    publish.add_argument("--user", metavar="LOGIN",
                         help="the author, a User's login (default: the login running this)")
    add_project_argument(publish)
    publish.set_defaults(func=run_publish)


def _open(args):
    from toolkit.store import open_store
    project = project_from_args(args)
    return project, open_store(project)


def _find_entity(store, text):
    """``"Shot SH010"`` or ``"Shot SQ020/SH010"`` -> the one Shot; a clear error otherwise."""
    from toolkit.store import SCHEMA
    from toolkit.store.lookup import find_by_code, split_code
    words = (text or "").split()
    if len(words) != 2:
        raise ReelkitError('expected "TYPE CODE" (e.g. "Shot SH010" or "Shot SQ020/SH010"), '
                           'got %r' % (text,))
    type_name = dict((t.lower(), t) for t in SCHEMA).get(words[0].lower())
    if type_name is None:
        raise ReelkitError("unknown entity type %r" % words[0])
    code, parent = split_code(words[1])
    return find_by_code(store, type_name, code, parent)


def _cut_range(text):
    """``(first, last)`` of ``"1001-1096"``; a clear error for anything else."""
    first, sep, last = text.partition("-")
    if not (sep and first.isdigit() and last.isdigit() and int(first) <= int(last)
            and len(first) <= 9 and len(last) <= 9):
        raise ReelkitError("--cut takes FIRST-LAST frame numbers such as 1001-1096, got %r"
                           % text)
    return int(first), int(last)


def run_create(args):
    from toolkit.store import display_field
    project, store = _open(args)
    try:
        kind = args.entity_type
        field = display_field(kind)
        data = {field: args.code}
        if args.description:
            data["description"] = args.description
        duplicate = [[field, "is", args.code]]
        if kind == "Shot":
            if args.sequence:
                data["sequence"] = _find_entity(store, "Sequence " + args.sequence)
                duplicate.append(["sequence", "is", data["sequence"]])
            if args.cut:
                data["sg_cut_in"], data["sg_cut_out"] = _cut_range(args.cut)
        elif kind == "Asset":
            if args.asset_type:
                data["sg_asset_type"] = args.asset_type
        elif kind == "Step":
            data["entity_type"] = args.step_entity_type
        elif kind == "Task":
            if not args.entity:
                raise ReelkitError('a Task needs --entity "Shot SH010"')
            data["entity"] = _find_entity(store, args.entity)
            duplicate.append(["entity", "is", data["entity"]])
            if args.step:
                data["step"] = _find_entity(store, "Step " + args.step)
            if args.assignee:
                data["task_assignees"] = [_find_entity(store, "User " + login)
                                          for login in args.assignee]
        elif kind == "User":
            data["name"] = args.name or args.code
        # One transaction: two artists creating SH010 at once make one Shot.
        entity, created = store.find_or_create(kind, data, [f[0] for f in duplicate])
        if not created:
            raise ReelkitError("%s %s already exists" % (kind, args.code))
        print("created %s %s (id %d)" % (kind, args.code, entity["id"]))
        return 0
    finally:
        store.close()


def run_folders(args):
    from toolkit.folders import create_folders
    project, store = _open(args)
    try:
        entity = _find_entity(store, "%s %s" % (args.entity_type, args.code))
        created = create_folders(project, store, entity, engine=args.engine, dry_run=args.dry_run)
        for path in created:
            print(("would create " if args.dry_run else "created ") + path)
        if not created:
            print("nothing to create")
        return 0
    finally:
        store.close()


def run_publishes(args):
    from toolkit.store.lookup import project_link
    project, store = _open(args)
    try:
        link = project_link(store)  # a studio store holds other projects' publishes too
        filters = [["project", "is", link]] if link is not None else []
        if args.entity:
            filters.append(["entity", "is", _find_entity(store, args.entity)])
        if args.published_file_type:
            filters.append(["published_file_type", "is", args.published_file_type])
        if args.name:
            filters.append(["name", "is", args.name])
        found = store.find("PublishedFile", filters,
                           order=[("entity", "asc"), ("name", "asc"), ("version_number", "asc")])
        if args.latest:
            latest = {}
            for record in found:  # ordered by version: the last one wins
                latest[(record["name"], record["published_file_type"],
                        record["entity"]["type"], record["entity"]["id"],
                        (record["task"] or {}).get("id"))] = record
            found = [r for r in found if r in latest.values()]
        if args.json:
            json.dump([_jsonable(r) for r in found], sys.stdout, indent=2, sort_keys=True)
            print()
            return 0
        for record in found:
            entity = record["entity"]
            print("%-10s %-12s %-20s %-16s v%03d  %s" % (
                entity["type"], entity.get("code"), record["name"], record["published_file_type"],
                record["version_number"], record["path"]))
        if not found:
            print("no publishes")
        return 0
    finally:
        store.close()


def _login():
    import getpass
    try:
        return getpass.getuser()
    except Exception:  # no login name in this environment (a container, a service)
        return None


def _author(store, login):
    """The User record of ``--user`` (refused when unknown), else of the login running
    this when the store knows it, else None."""
    wanted = login or _login()
    found = store.find_one("User", [["login", "is", wanted]], ["login"]) if wanted else None
    if found is None and login:
        known = sorted(u["login"] for u in store.find("User", [], ["login"]))
        raise ReelkitError("--user %s: no such User in the store (known: %s; add one with "
                           "`reelkit create User %s`)" % (login, ", ".join(known) or "none",
                                                          login))
    return found


def _jsonable(record):
    result = dict(record)
    if result.get("created_at") is not None:
        result["created_at"] = result["created_at"].isoformat()
    return result


def run_publish(args):
    from toolkit.context import Context
    from toolkit.publish import publish_file
    project, store = _open(args)
    try:
        context = Context.from_string(args.context, project, store)
        template = project.templates[args.template]
        author = _author(store, args.user)
        fields = publish_fields(template, context, parse_field_assignments(args.field))
        record = publish_file(project, context, args.source, template,
                              fields, args.published_file_type,
                              comment=args.comment, name=args.name, thumbnail=args.thumbnail,
                              store=store, user=author)
        print("published %s v%03d: %s" % (record["name"], record["version_number"],
                                          record["path"]))
        if author is None:
            print("warning: no author recorded: no User %r in the store (pass --user LOGIN)"
                  % _login(), file=sys.stderr)
        return 0
    finally:
        store.close()


def publish_fields(template, context, text_fields):
    """Typed values of ``--field KEY=VALUE`` for a publish in ``context``.

    Refused, each with one clear error: a key the template does not have, a
    value its key refuses, and what :mod:`toolkit.publish.fields` refuses of
    every publish: ``version`` (the store allocates it) and a field that
    contradicts the context (``Shot=SH020`` in an SH010 context). A field
    equal to the context's own value is accepted.
    """
    from toolkit.cli.template_commands import typed_fields
    from toolkit.publish.fields import ALLOCATED_FIELDS, check_publish_fields
    # before typing: "version=abc" is refused for what it sets, not for its spelling
    check_publish_fields(None, dict((name, value) for name, value in text_fields.items()
                                    if name in ALLOCATED_FIELDS), "--field")
    fields = typed_fields(template, text_fields)
    check_publish_fields(context, fields, "--field")
    return fields
