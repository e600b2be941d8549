"""Nuke runs this file when its interface starts: the launcher puts this folder on ``NUKE_PATH``.

``init.py`` beside it starts the engine in ``nuke -t``, where ``menu.py`` never
runs. A failure is logged, never raised: Nuke must open anyway.
"""

from reelkit_nuke_start import start_reelkit

start_reelkit()
