"""The Maya engine: ``MayaEngine`` and its host adapter over ``maya.cmds``."""
