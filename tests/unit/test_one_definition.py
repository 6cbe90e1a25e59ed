"""Facts the layers cannot share by import, held equal: the pure parser may import nothing of
mailreader, so it names the meter registers itself, and the service's must be the same."""

from __future__ import annotations

from datetime import UTC, date, datetime

import parsers.model
from mailreader.db.outcomes import Outcome, of_results
from mailreader.readings import service
from mailreader.readings.periods import local_midnight, local_today


def test_the_parser_and_the_service_name_the_same_registers() -> None:
    assert parsers.model.ZONES == service.ZONES == ("t1", "t2", "t3")


def test_each_accepted_status_is_an_outcome_of_its_own() -> None:
    assert [of_results([s]).outcome for s in service.ACCEPTED] == [
        Outcome.RECORDED, Outcome.UPDATED, Outcome.UNCHANGED]


def test_today_starts_at_the_utility_s_local_midnight() -> None:
    # Krasnoyarsk is UTC+7: its 25 November runs from 17:00 UTC on the 24th.
    start = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
    assert local_midnight(date(2026, 11, 25), "Asia/Krasnoyarsk") == start
    assert local_today(datetime(2026, 11, 24, 17, 0, tzinfo=UTC), "Asia/Krasnoyarsk") == start
    assert local_today(datetime(2026, 11, 25, 16, 59, tzinfo=UTC), "Asia/Krasnoyarsk") == start
    assert local_today(datetime(2026, 11, 24, 16, 59, tzinfo=UTC), "Asia/Krasnoyarsk") < start
