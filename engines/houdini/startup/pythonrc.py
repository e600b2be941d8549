"""Houdini start-up: see ``engines/houdini/startup_hook.py``.

Houdini itself runs ``pythonX.Ylibs/pythonrc.py`` from each ``HOUDINI_PATH``
folder (the launcher puts this folder there; the per-version copies beside this
file are those); this file is the same entry point for a studio that runs it
from its own ``pythonrc.py``.
"""

from toolkit.platform.discovery import import_bundle_module

# the bundle's own package differs between a checkout and an install: found, not spelled
import_bundle_module("houdini", "startup_hook").start_reelkit()
