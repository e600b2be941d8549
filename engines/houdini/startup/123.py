"""Houdini runs ``123.py`` (found through ``HOUDINI_SCRIPT_PATH``) when the UI
starts without a scene: see ``engines/houdini/startup_hook.py``."""

from engines.houdini.startup_hook import start_reelkit

start_reelkit()
