"""The Blender engine: ``BlenderEngine`` and its host adapter over ``bpy``."""
