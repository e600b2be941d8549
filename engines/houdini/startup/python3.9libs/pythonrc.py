"""Run by Houdini builds that embed Python 3.9: see engines/houdini/startup_hook.py."""

from toolkit.platform.discovery import import_bundle_module

# the bundle's own package differs between a checkout and an install: found, not spelled
import_bundle_module("houdini", "startup_hook").start_reelkit()
