import datetime

from toolkit.clock import utc_now


def test_utc_now_is_naive_utc():
    now = utc_now()
    assert now.tzinfo is None
    # Compare with the local clock converted to UTC through the epoch.
    import time
    expected = datetime.datetime(*time.gmtime()[:6])
    assert abs((now - expected).total_seconds()) < 5
