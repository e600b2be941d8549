"""Errors raised by publishing."""

from toolkit.errors import ReelkitError


class PublishError(ReelkitError):
    """A publish is refused or failed; no file is left at a published path and no
    record is written."""
