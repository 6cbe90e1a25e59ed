"""Billing periods: properties of `place` over any instant and any window."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailreader.readings.periods import add_months, on_day, place
from mailreader.readings.service import ReadingsSettings

TZ = "Asia/Krasnoyarsk"
instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
                        timezones=st.just(UTC))
windows = st.tuples(st.integers(1, 31), st.integers(1, 31)).map(sorted)


@given(instants, windows, st.booleans())
def test_place_agrees_with_the_local_calendar(at: datetime, window: list[int],
                                              defer: bool) -> None:
    start, end = window
    spot = place(at, timezone=TZ, window_start=start, window_end=end, defer_late=defer)
    local = at.astimezone(ZoneInfo(TZ)).date()
    month = local.replace(day=1)
    inside = on_day(month, start) <= local <= on_day(month, end)
    assert spot.in_window == inside
    if inside:
        assert spot.period == f"{local:%Y-%m}" and not spot.deferred
        return
    assert spot.window_opens > local
    assert spot.window_opens - local <= timedelta(days=31)
    assert spot.deferred == defer
    assert spot.period == (f"{spot.window_opens:%Y-%m}" if defer else None)


def test_a_window_starting_on_the_30th_opens_at_the_end_of_february() -> None:
    at = datetime(2027, 2, 10, tzinfo=UTC)
    spot = place(at, timezone=TZ, window_start=30, window_end=31, defer_late=False)
    assert spot.window_opens == date(2027, 2, 28)
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 1)


@pytest.mark.parametrize("bad", [
    {"window_start": 0}, {"window_start": 26}, {"window_end": 32},
    {"outside_window": "accept"}, {"show_consumption": "sometimes"},
    {"max_consumption": 0}, {"timezone": "Mars/Base"},
])
def test_settings_are_validated(bad: dict[str, object]) -> None:
    with pytest.raises(Exception, match=r"window|outside|show|max|Mars"):
        ReadingsSettings(**bad)  # type: ignore[arg-type]
