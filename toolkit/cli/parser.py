"""The ``reelkit`` argument parser: argparse's, with a help formatter that
reads the terminal's width without ``shutil``.

argparse (3.x) makes a help formatter for every argument added, and that
formatter imports ``shutil`` (with bz2 and lzma) for the terminal's width:
milliseconds of every ``reelkit`` command, most of which print no help.
"""

import argparse
import os
import sys


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout; the width is read as ``shutil`` reads it."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        if width is None:
            width = _terminal_columns() - 2
        super(_HelpFormatter, self).__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns():
    """Columns of the terminal, as ``shutil.get_terminal_size`` reads them."""
    try:
        columns = int(os.environ["COLUMNS"])
        if columns > 0:
            return columns
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):  # no terminal; Python 2
        return 80


class ReelkitParser(argparse.ArgumentParser):
    """The ``reelkit`` parser; its sub-command parsers are of its class too
    (argparse makes them with the parent's class)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super(ReelkitParser, self).__init__(*args, **kwargs)


def add_parser_of_class(subparsers, parser_class, name, **kwargs):
    """``subparsers.add_parser(name, **kwargs)``, made of ``parser_class`` (a
    :class:`ReelkitParser` that reads its command line its own way)."""
    # _SubParsersAction builds sub-parsers with the parent's class; its
    # _parser_class attribute is the one way to choose another (2.7 to 3.13).
    kept = subparsers._parser_class
    subparsers._parser_class = parser_class
    try:
        return subparsers.add_parser(name, **kwargs)
    finally:
        subparsers._parser_class = kept
