"""The Publisher's own error."""

from toolkit.errors import ReelkitError


class PublisherError(ReelkitError):
    """The Publisher cannot run as asked (a bad plan, setting or instance name...)."""
