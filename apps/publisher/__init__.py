"""Publisher app: collect, validate (with repair), extract, integrate - pyblish plugins.

Headless pieces: :mod:`.instances` (publish intent kept in the scene),
:mod:`.discovery` (plugin folders), :mod:`.session` (a run), :mod:`.report`,
:mod:`.plan` (a run saved for elsewhere), :mod:`.cli` (``reelkit publish-scene``);
the panel in :mod:`._qt`; the app class in :mod:`.app`.
"""
