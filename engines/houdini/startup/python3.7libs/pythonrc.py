"""Run by Houdini builds that embed Python 3.7: see engines/houdini/startup_hook.py."""

from engines.houdini.startup_hook import start_reelkit

start_reelkit()
