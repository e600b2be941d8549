"""Type checks at the template API's entry points.

``match_path(5)`` or ``apply_fields(["SH010"])`` must say which argument is
wrong, not fail deep inside with an AttributeError. Both raise
:class:`~toolkit.errors.ArgumentTypeError` (a ReelkitError and a TypeError).
"""

import six

from toolkit.errors import ArgumentTypeError


def check_path(value, function, name="path"):
    """``value`` if it is text (a path); else ArgumentTypeError naming ``function``."""
    if not isinstance(value, six.string_types):
        raise ArgumentTypeError("%s: %s must be a string, got %s %s"
                                % (function, name, type(value).__name__, _short(value)))
    return value


def check_fields(value, function, name="fields"):
    """``value`` if it is a mapping of field values; else ArgumentTypeError."""
    if not hasattr(value, "get") or not hasattr(value, "items"):
        raise ArgumentTypeError("%s: %s must be a mapping field -> value, got %s %s"
                                % (function, name, type(value).__name__, _short(value)))
    return value


def _short(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:60] + "..."
