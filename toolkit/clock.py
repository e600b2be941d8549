"""The current time as Reelkit records it: naive UTC datetimes.

One place for it because ``datetime.utcnow()`` is deprecated from Python 3.12
while Python 2.7 has no ``datetime.timezone``.
"""

import datetime


def utc_now():
    """Now, in UTC, as a naive datetime (what the store and timestamp keys hold)."""
    utc = getattr(datetime, "timezone", None)
    if utc is None:  # Python 2.7
        return datetime.datetime.utcnow()
    return datetime.datetime.now(utc.utc).replace(tzinfo=None)
