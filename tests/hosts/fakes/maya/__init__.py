"""A fake ``maya`` package for the engine tests: ``cmds``, ``OpenMayaUI`` and ``utils``.

Only what the Reelkit engine calls is there, with Maya's own names, flags and
return shapes (``tests/hosts/stubs`` checks them against the ``maya-stubs``
package), over a small in-memory scene saved as JSON.
"""
