"""Startup script of the shell engine: ``reelkit launch shell`` runs it.

Starts the engine from the REELKIT_* environment, then opens an interactive
Python prompt with ``engine`` bound.
"""

from __future__ import print_function

import code
import sys

from toolkit.bootstrap import bootstrap_from_environment
from toolkit.errors import ReelkitError


def main():
    try:
        engine = bootstrap_from_environment()
    except ReelkitError as exc:
        print("reelkit: error: %s" % exc, file=sys.stderr)
        return 1
    banner = "Reelkit shell: %s in %s\nCommands: %s" % (
        engine.name, engine.context, ", ".join(engine.commands) or "none")
    code.interact(banner=banner, local={"engine": engine})
    engine.destroy()
    return 0


if __name__ == "__main__":
    sys.exit(main())
