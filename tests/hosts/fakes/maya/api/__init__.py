"""Fake ``maya.api``: the Python API 2.0 (``maya.api.OpenMaya``)."""
