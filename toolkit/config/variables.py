"""Expansion of ``$VAR`` / ``${VAR}`` and ``{config}`` in configuration strings.

Unlike :func:`os.path.expandvars`, an unset variable is an error: a root or an
include that silently keeps a literal ``$SHOW_ROOT`` would send files to a
folder nobody meant to create.
"""

import os
import re

from toolkit.errors import ConfigError

# What is left of "${" once every well-formed variable is taken out.
_MALFORMED = re.compile(r"\$\{[^}]{0,40}\}?")
_VARIABLE = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)\}|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))")


def expand_variables(text, tokens=None, environ=None, path=None, line=None, key=None):
    """Return ``text`` with environment variables and ``{token}`` values filled in.

    ``tokens`` maps names such as ``config`` to values replacing ``{config}``;
    ``environ`` defaults to :data:`os.environ`. ``$$`` stands for a literal ``$``.
    An unset variable raises :class:`ConfigError` located at ``path``/``line``/``key``.
    """
    if environ is None:
        environ = os.environ
    for name, value in (tokens or {}).items():
        text = text.replace("{%s}" % name, value)

    def substitute(match):
        name = match.group("braced") or match.group("bare")
        try:
            return environ[name]
        except KeyError:
            raise ConfigError("environment variable $%s is not set" % name, path, line, key)

    # Split on "$$" so an escaped dollar is never read as the start of a variable.
    parts = text.split("$$")
    for part in parts:
        # "${UNSET" or "${A-B}" would otherwise stay in a path as literal text.
        broken = _MALFORMED.search(_VARIABLE.sub("", part))
        if broken:
            raise ConfigError("malformed variable %r: write ${NAME} (letters, digits, _) or $$ "
                              "for a literal $" % broken.group(0), path, line, key)
    return "$".join(_VARIABLE.sub(substitute, part) for part in parts)
