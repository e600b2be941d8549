"""The Houdini engine: ``HoudiniEngine`` and its host adapter over ``hou``."""
