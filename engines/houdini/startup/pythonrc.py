"""Houdini start-up: see ``engines/houdini/startup_hook.py``.

Houdini itself runs ``pythonX.Ylibs/pythonrc.py`` from each ``HOUDINI_PATH``
folder (the launcher puts this folder there; the per-version copies beside this
file are those); this file is the same entry point for a studio that runs it
from its own ``pythonrc.py``.
"""

from engines.houdini.startup_hook import start_reelkit

start_reelkit()
