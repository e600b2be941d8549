"""Reading timestamps without strptime gives exactly what strptime gives."""

import datetime

import pytest

from toolkit.templates.keys import TimestampKey

MOMENT = datetime.datetime(2026, 11, 24, 23, 59, 1, 123456)


@pytest.mark.parametrize("spec", [
    "%Y-%m-%d-%H-%M-%S",       # the default: groups already in datetime's order
    "%Y%m%d", "%Y-%m-%d_%H%M", "%Y-%m-%dT%H:%M:%S.%f",
    "%d.%m.%Y", "%H%M_%Y",     # out of order, with fields missing
    "%y-%j",                   # directives read by strptime itself
])
def test_reading_matches_strptime(spec):
    key = TimestampKey("timestamp", format_spec=spec)
    text = MOMENT.strftime(spec)
    assert key.value_from_str(text) == datetime.datetime.strptime(text, spec)
