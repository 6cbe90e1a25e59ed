"""What the commands print for people: one timestamp convention (ISO 8601 with the offset,
in the utility's time zone) and text from stored mail made safe for a terminal."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from mailreader.db.times import utc

# C0 and C1 controls (ESC starts terminal commands, CR rewrites a line, TAB breaks
# columns) and the bidirectional overrides that reorder what a terminal shows.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def when(moment: datetime | None, timezone: str) -> str | None:
    """`2026-11-20T10:00:00+07:00`: to the second, in `timezone` ([readings] timezone).
    A naive time is UTC (SQLite hands stored times back without their zone)."""
    if moment is None:
        return None
    return utc(moment).astimezone(_zone(timezone)).isoformat(timespec="seconds")


@lru_cache(maxsize=4)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def printable(text: str | None) -> str:
    """Text as a terminal shows it literally: every control character escaped (`\\x1b`,
    `\\t`, `\\n`), so that stored mail data cannot move the cursor, recolour or forge lines."""
    if text is None:
        return ""
    return _UNSAFE.sub(_escape, text)


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    named = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}.get(c)
    if named:
        return named
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"
