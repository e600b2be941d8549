"""The ``reelkit`` command line.

Each ``toolkit/cli/*_commands.py`` module contributes sub-commands through a
``register(subparsers)`` function; a sub-command sets ``func(args) -> int`` with
``set_defaults``. Command modules import their heavy dependencies inside the
functions so that ``reelkit --help`` stays instant.

Exit codes: 0 success, 1 an error the user can fix (printed as
``reelkit: error: ...``), 2 bad usage (argparse).
"""

from __future__ import print_function

import errno
import importlib
import os
import re
import sys

from toolkit import __version__
from toolkit.cli.parser import ReelkitParser
from toolkit.errors import ReelkitError


def _command_modules():
    """Names of the ``*_commands`` modules beside this file, in a stable order.

    Read from the folder listing (a source or a bytecode-only file):
    ``pkgutil.iter_modules`` imports ``inspect``, about 5 ms of every
    ``reelkit`` run, a tenth of a ``reelkit parse``.
    """
    here = os.path.dirname(os.path.abspath(__file__))
    names = set()
    for filename in os.listdir(here):
        name, extension = os.path.splitext(filename)
        if name.endswith("_commands") and extension in (".py", ".pyc"):
            names.add(name)
    return sorted(names)


def build_parser(argv=None):
    """The argument parser for ``argv``.

    A command line naming a core command gets the parsers of that command's
    module only (its ``COMMANDS``): argparse builds some fifty sub-parsers in
    milliseconds, a tenth of a quick ``reelkit parse``. Any other gets every
    core command, and the sub-commands bundles (apps) add through ``cli:`` in
    their manifest (:mod:`toolkit.cli.bundles`), which core commands never
    pay for.
    """
    parser = ReelkitParser(
        prog="reelkit",
        description="Reelkit pipeline toolkit: projects, templates, publishes, engines.")
    parser.add_argument("--version", action="version", version="reelkit " + __version__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = [importlib.import_module("toolkit.cli." + name) for name in _command_modules()]
    # (the top-level options take no value: the first other word is the command)
    first = next((arg for arg in (argv or []) if not arg.startswith("-")), None)
    named = [module for module in modules if first in module.COMMANDS]
    for module in named or modules:
        module.register(subparsers)
    if not named:
        from toolkit.cli.bundles import register_bundle_commands
        register_bundle_commands(subparsers)
    return parser


def main(argv=None):
    """Entry point of the ``reelkit`` console script; returns the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        parser = build_parser(argv)
    except ReelkitError as exc:  # a bundle's broken command line
        report_error(exc)
        return 1
    if not argv:  # Python 2's argparse would exit on a missing sub-command
        parser.print_help()
        return 2
    args = parser.parse_args(argv)
    from toolkit.cli.logsetup import configure
    configure(args.verbose)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args) or 0
    except ReelkitError as exc:
        report_error(exc)
        return 1
    except KeyboardInterrupt:
        print("reelkit: interrupted", file=sys.stderr)
        return 130
    except (EnvironmentError, RuntimeError, ValueError, TypeError, LookupError,
            AttributeError) as exc:  # noqa: B014 - a bug or an unforeseen input
        if getattr(exc, "errno", None) == errno.EPIPE:
            return _reader_went_away()
        # Still one line for the artist; -v shows where it came from.
        if args.verbose:
            import logging
            logging.getLogger("toolkit.cli").exception("unexpected error")
        report_error(exc, unexpected=True)
        return 1


def _reader_went_away():
    """``reelkit publishes --json | head``: the reader stopped reading. Quietly, as
    other Unix tools do: no message, 128 + SIGPIPE, and stdout pointed at the null
    device so the interpreter's last flush does not raise again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    return 141


def report_error(exc, unexpected=False, stream=None):
    """Print ``exc`` as ``reelkit: error: ...`` lines on stderr.

    One line per problem: a :class:`~toolkit.errors.ConfigErrors` prints each
    of its problems; any other message is kept on one line (a newline in a
    value the user typed is shown as ``\\n``).
    """
    stream = stream or sys.stderr
    problems = getattr(exc, "errors", None) or [exc]
    for problem in problems:
        text = _one_line(problem)
        if unexpected and isinstance(exc, UnicodeError):
            # Python 2 under LANG=C: file names are ASCII-only for the interpreter.
            text = ("%s: a name holds characters the system's encoding (%s) cannot hold; "
                    "use a UTF-8 locale (e.g. LANG=C.UTF-8)" % (
                        _one_line(exc), sys.getfilesystemencoding()))
        elif unexpected:
            if isinstance(exc, EnvironmentError) and getattr(exc, "strerror", None):
                text = "%s%s" % (exc.strerror, ": %s" % exc.filename if exc.filename else "")
            text = "%s: %s (unexpected; run with -v for details)" % (type(exc).__name__, text)
        line = u"reelkit: error: %s" % text
        try:
            print(line, file=stream)
        except UnicodeError:  # a stream that cannot show the text (Python 2, LANG=C)
            print(line.encode("ascii", "backslashreplace").decode("ascii"), file=stream)


def _one_line(exc):
    try:
        text = u"%s" % (exc,)
    except UnicodeError:  # Python 2: a byte string message that is not ASCII
        text = repr(exc)
    # Every character str.splitlines() ends a line at, shown escaped.
    text = re.sub(_LINE_BREAKS, lambda m: repr(m.group(0))[1:-1].lstrip("u'"), text) \
        or type(exc).__name__
    if len(text) > _LONGEST:  # a 100,000-character path typed by mistake
        text = u"%s... (%d characters)" % (text[:_LONGEST], len(text))
    return text


# A pattern (re compiles it on first use): only an error needs it.
_LINE_BREAKS = u"[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]"

#: Longest error line printed; the rest is cut (and counted).
_LONGEST = 2000
