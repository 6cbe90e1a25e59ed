"""Times as the database hands them back: every time is stored in UTC, and SQLite keeps no
offset, so a naive time read from it is UTC (PostgreSQL's are aware already)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload


@overload
def utc(moment: datetime) -> datetime: ...
@overload
def utc(moment: None) -> None: ...


def utc(moment: datetime | None) -> datetime | None:
    """`moment` as an aware time: a naive one is taken as UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
