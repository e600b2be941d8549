"""Reelkit core: templates, context, config, environments, hooks, store, folders.

The core never imports Qt, a host module or an app, and importing it must stay
cheap: sub-packages are imported by whoever needs them, not from here.
"""

__version__ = "0.1.0"
