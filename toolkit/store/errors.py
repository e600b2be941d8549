"""Errors raised by the store."""

from toolkit.errors import ReelkitError


class StoreError(ReelkitError):
    """A store request is refused (unknown type, field or operator, bad value,
    a conflict with what is recorded) or the database cannot be reached.

    Nothing is written when this is raised.
    """


class PathCacheConflict(StoreError):
    """A folder is already recorded in the path cache for another entity."""


class ConflictError(StoreError):
    """A write conflicts with what is recorded (a unique path, login or version)."""


class NotFoundError(StoreError):
    """No entity matches what was asked for by code."""


class AmbiguousError(StoreError):
    """Several entities match a code; the message lists how to name each one."""
