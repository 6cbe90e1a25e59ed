"""Billing periods: which month a reading counts for, judged in the utility's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Placement:
    """Where a submission made at some instant falls.

    `period` is None when the window is closed and submissions are refused; then
    `window_opens` is the local date the next window opens. With `next_period`,
    a late submission is counted for the following month: `period` is set and
    `deferred` is True.
    """

    period: str | None
    window_opens: date
    in_window: bool
    deferred: bool = False


def local_midnight(day: date, timezone: str) -> datetime:
    """The start of `day` in `timezone` ([readings] timezone), in UTC: the bound of "today"
    for the per-sender limits and `status`, and the day an operator types. In UTC because
    times are stored in UTC and SQLite keeps no offset: a bound in local time would be
    compared as if it were UTC (from 17:00 UTC on, Krasnoyarsk's today would seem to start
    tomorrow)."""
    return datetime.combine(day, time(), ZoneInfo(timezone)).astimezone(UTC)


def local_today(now: datetime, timezone: str) -> datetime:
    """`local_midnight` of the day `now` falls on in `timezone`."""
    return local_midnight(now.astimezone(ZoneInfo(timezone)).date(), timezone)


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def on_day(month: date, day: int) -> date:
    """`day` of `month`, or its last day when the month is shorter (a window set to
    start on the 30th opens on 28 February)."""
    last = (add_months(month, 1) - timedelta(days=1)).day
    return month.replace(day=min(day, last))


def place(
    instant: datetime,
    *,
    timezone: str,
    window_start: int,
    window_end: int,
    defer_late: bool,
) -> Placement:
    """Place a submission made at the aware `instant` in a billing period.

    The window is days `window_start`..`window_end` inclusive of the local month: a
    reading sent at 00:30 on the 26th local time (still the 25th in UTC) is late.
    """
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    local = instant.astimezone(ZoneInfo(timezone)).date()
    month = local.replace(day=1)
    opens = on_day(month, window_start)
    if local < opens:
        # Before this month's window: with next_period it counts for this month's one.
        period = period_of(month) if defer_late else None
        return Placement(period, opens, in_window=False, deferred=defer_late)
    if local <= on_day(month, window_end):
        return Placement(period_of(month), opens, in_window=True)
    following = add_months(month, 1)
    opens = on_day(following, window_start)
    return Placement(period_of(following) if defer_late else None, opens, False, defer_late)
