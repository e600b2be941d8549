"""Reelkit platform: bundles (engines, apps, frameworks), environments, hooks.

Public API::

    from toolkit.platform import (start_engine, current_engine, change_context,
                                  Engine, Application, Framework, Hook,
                                  HostAdapter, Reference)

Nothing here imports Qt or a host module; ``toolkit.qt`` is imported only when
a panel is shown.
"""

from toolkit.platform.application import Application, Framework
from toolkit.platform.engine import Engine, change_context, current_engine, start_engine
from toolkit.platform.hooks import Hook
from toolkit.platform.host import HostAdapter, Reference

__all__ = ["Application", "Engine", "Framework", "Hook", "HostAdapter", "Reference",
           "change_context", "current_engine", "start_engine"]
