"""Errors raised when creating folders."""

from toolkit.errors import ReelkitError


class FolderError(ReelkitError):
    """Folders cannot be created for an entity (nothing was created)."""
