"""``reelkit templates``, ``reelkit resolve`` and ``reelkit parse``."""

from __future__ import print_function

import json

from toolkit.cli.arguments import (add_project_argument, parse_field_assignments,
                                   project_from_args)
from toolkit.cli.parser import ReelkitParser, add_parser_of_class
from toolkit.errors import ReelkitError


#: The sub-commands register() adds: a command line naming one of them
#: registers this module only (toolkit.cli.build_parser).
COMMANDS = ("templates", "resolve", "parse")


def register(subparsers):
    parser = subparsers.add_parser(
        "templates", help="list the project's templates",
        description="List the project's path and string templates with their definitions.")
    add_project_argument(parser)
    parser.add_argument("pattern", nargs="?", help="only names containing this text")
    parser.set_defaults(func=_cmd_templates)

    parser = add_parser_of_class(
        subparsers, _FieldsParser, "resolve", help="fields -> path",
        description="Apply fields to a template and print the path (or string).",
        epilog="example: reelkit resolve maya_shot_work Sequence=SQ010 Shot=SH010 Step=anim "
               "version=3")
    add_project_argument(parser)
    parser.add_argument("name", help="template name")
    parser.add_argument("fields", nargs="*", metavar="KEY=VALUE")
    parser.set_defaults(func=_cmd_resolve)

    parser = subparsers.add_parser(
        "parse", help="path -> template and fields",
        description="Find the template a path belongs to and print its fields.")
    add_project_argument(parser)
    parser.add_argument("path")
    parser.add_argument("--template", help="parse with this template instead of finding one")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=_cmd_parse)


class _FieldsParser(ReelkitParser):
    """``resolve NAME [KEY=VALUE ...]`` with options anywhere: argparse stops
    filling a positional list at the first option, so ``resolve NAME --project
    P Shot=SH010`` would refuse ``Shot=SH010`` as an unknown argument."""

    def parse_known_args(self, args=None, namespace=None):
        namespace, extras = super(_FieldsParser, self).parse_known_args(args, namespace)
        late = [arg for arg in extras if "=" in arg and not arg.startswith("-")]
        namespace.fields = list(getattr(namespace, "fields", None) or ()) + late
        return namespace, [arg for arg in extras if arg not in late]


def typed_fields(template, text_fields):
    """Convert ``key=value`` strings to the values the template's keys hold (ints...)."""
    fields = {}
    for name, text in text_fields.items():
        key = template.keys.get(name) or _key_by_template_name(template, name)
        if key is None:
            raise ReelkitError("template %s has no key %r (keys: %s)" % (
                template.name, name, ", ".join(template.keys)))
        fields[key.field] = key.value_from_text(text, template.name)
    return fields


def _key_by_template_name(template, name):
    for key in template.keys.values():
        if key.name == name:
            return key
    return None


def _cmd_templates(args):
    templates = project_from_args(args).templates
    names = [n for n in templates.names() if not args.pattern or args.pattern in n]
    width = max([len(n) for n in names] or [0])
    for name in names:
        print("%-*s  %s" % (width, name, templates[name].definition))
    return 0


def _cmd_resolve(args):
    template = project_from_args(args).templates[args.name]
    fields = typed_fields(template, parse_field_assignments(args.fields))
    missing = template.missing_keys(fields)
    if missing:
        raise ReelkitError("template %s needs %s" % (template.name, ", ".join(missing)))
    print(template.apply_fields(fields))
    return 0


def _cmd_parse(args):
    templates = project_from_args(args).templates
    if args.template:
        template = templates[args.template]
        fields = template.get_fields(args.path)
    else:
        template, fields = templates.match_path(args.path)
        if template is None:
            raise ReelkitError("no template matches %s" % args.path)
    if args.json:
        print(json.dumps({"template": template.name, "fields": fields}, default=str,
                         sort_keys=True))
    else:
        print(template.name)
        for name in sorted(fields):
            print("  %s: %r" % (name, fields[name]))
    return 0
