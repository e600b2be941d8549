"""Loader app: browse publishes (entity tree, filters, history) and load them.

Headless pieces: :mod:`.model`, :mod:`.loading`, :mod:`.session` (and the
project's entity tree, shared with Workfiles: :mod:`toolkit.entity_tree`); Qt
views in :mod:`._qt`; the app class in :mod:`.app`.
"""


def show_standalone(project, context=None, exec_=True, host=None):
    """Open the Loader on ``project`` outside any host; see :func:`._qt.standalone.show_standalone`."""
    from ._qt.standalone import show_standalone as _show
    return _show(project, context=context, exec_=exec_, host=host)
