"""What `mailreader readings show` prints."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from mailreader.readings.formatting import format_history
from mailreader.readings.service import Reading

AT = datetime(2026, 11, 10, 5, 0, tzinfo=UTC)
ROWS = [
    Reading("2026-11", (("t1", 1099),), "email", "<b@x>", AT),
    Reading("2026-11", (("t1", 10999),), "web", "form:7", AT.replace(hour=4), AT),
]


def test_history_as_text() -> None:
    assert format_history(ROWS, as_json=False).splitlines() == [
        "2026-11  t1=1099  email  2026-11-10T05:00:00+00:00  <b@x>",
        "2026-11  t1=10999  web  2026-11-10T04:00:00+00:00  form:7"
        "  superseded 2026-11-10T05:00:00+00:00",
    ]
    assert format_history([], as_json=False) == "no readings"


def test_history_as_json() -> None:
    data = json.loads(format_history(ROWS, as_json=True))
    assert data[1] == {"period": "2026-11", "readings": {"t1": 10999}, "channel": "web",
                       "source": "form:7", "recorded_at": "2026-11-10T04:00:00+00:00",
                       "superseded": True, "superseded_at": "2026-11-10T05:00:00+00:00",
                       "registered": False}
