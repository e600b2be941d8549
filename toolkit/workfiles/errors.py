"""The error the work-file functions raise on bad input or a refused operation."""

from toolkit.errors import ReelkitError


class WorkfilesError(ReelkitError):
    """A work file cannot be saved, versioned, snapshotted or listed; the message says why."""
