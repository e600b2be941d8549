"""The Nuke engine: ``NukeEngine`` and its host adapter over the ``nuke`` module."""
