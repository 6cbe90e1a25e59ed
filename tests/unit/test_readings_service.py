"""The readings service's rules, through the SQL store, with a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mailreader.db.readings_models import ReadingRow
from mailreader.db.readings_store import SqlReadingsStore
from mailreader.readings.service import Account, Reading, ReadingsService, ReadingsSettings
from tests.unit.test_readings_support import BACKENDS, Clock, db_session

KRSK = timezone(timedelta(hours=7))  # Asia/Krasnoyarsk has no DST since 2014
NOV_10 = datetime(2026, 11, 10, 12, 0, tzinfo=KRSK)
OCT_10 = datetime(2026, 10, 10, 12, 0, tzinfo=KRSK)
ONE, TWO, THREE = "121000000001", "121000000002", "121000000003"


@pytest.fixture(params=BACKENDS)
def session(request: pytest.FixtureRequest) -> Iterator[Session]:
    with db_session(request.param) as s:
        yield s


@pytest.fixture
def store(session: Session) -> SqlReadingsStore:
    store = SqlReadingsStore(session)
    store.upsert_accounts([
        Account(ONE, 1, digits=5, last=(("t1", 1000),), last_date=date(2026, 9, 20),
                surname="Иванова", emails=frozenset({"anna@example.ru"})),
        Account(TWO, 2, last=(("t1", 5000), ("t2", 2000)), last_date=date(2026, 9, 20)),
        Account(THREE, 3),
    ], frozenset({"account", "zones", "t1", "t2", "digits", "reading_date", "email"}),
        datetime(2026, 9, 30, tzinfo=UTC))
    return store


def service(store: SqlReadingsStore, at: datetime = NOV_10, **settings: object) -> ReadingsService:
    return ReadingsService(store, ReadingsSettings(**settings), Clock(at))  # type: ignore[arg-type]


def rebill(store: SqlReadingsStore, account: Account) -> None:
    """A later billing export with a new last reading for `account`."""
    columns = frozenset({"t1", "t2", "t3", "reading_date"})
    added, updated = store.upsert_accounts([account], columns, datetime(2026, 10, 26, tzinfo=UTC))
    assert (added, updated) == (0, 1)


def submit(svc: ReadingsService, account: str = ONE, sender: str | None = None,
           **values: int) -> tuple[str, object, object]:
    r = svc.submit(account, values, channel="email", source="<m@x>", sender=sender)
    return r.status, r.period, r.consumption


@pytest.mark.parametrize(("local", "status", "period", "opens"), [
    (datetime(2026, 11, 1, 0, 0), "recorded", "2026-11", None),  # 31 Oct 17:00 UTC
    (datetime(2026, 11, 25, 23, 59), "recorded", "2026-11", None),
    (datetime(2026, 11, 26, 0, 0), "outside_window", None, "2026-12-01"),  # 25 Nov 17:00 UTC
    (datetime(2026, 11, 30, 23, 59), "outside_window", None, "2026-12-01"),
    (datetime(2026, 12, 31, 23, 59), "outside_window", None, "2027-01-01"),
])
def test_window_edges_are_judged_in_krasnoyarsk(
    store: SqlReadingsStore, local: datetime, status: str, period: str | None, opens: str | None
) -> None:
    at = local.replace(tzinfo=KRSK).astimezone(UTC)
    r = service(store, at).submit(ONE, {"t1": 1100}, channel="email", source="s", sender=None)
    assert (r.status, r.period, r.window_opens) == (status, period, opens)
    assert r.meter_zones == 1


def test_window_can_start_later_in_the_month(store: SqlReadingsStore) -> None:
    early = datetime(2026, 11, 14, 23, 59, tzinfo=KRSK)
    r = service(store, early, window_start=15).submit(ONE, {"t1": 1100}, channel="e", source="s",
                                                       sender=None)
    assert (r.status, r.window_opens) == ("outside_window", "2026-11-15")
    r = service(store, early + timedelta(minutes=1), window_start=15).submit(
        ONE, {"t1": 1100}, channel="e", source="s", sender=None)
    assert (r.status, r.period) == ("recorded", "2026-11")


def test_late_reading_counts_for_next_period_when_configured(store: SqlReadingsStore) -> None:
    late = datetime(2026, 12, 28, 9, 0, tzinfo=KRSK)
    r = service(store, late, outside_window="next_period").submit(
        ONE, {"t1": 1100}, channel="email", source="s", sender=None)
    assert (r.status, r.period, r.window_opens) == ("recorded", "2027-01", "2027-01-01")
    assert store.in_force(ONE, "2027-01")[1] is not None


def test_unknown_account_is_refused_and_nothing_stored(store: SqlReadingsStore,
                                                       session: Session) -> None:
    r = service(store).submit("999999999999", {"t1": 5}, channel="email", source="s", sender=None)
    assert (r.status, r.values, r.meter_zones) == ("unknown_account", (("t1", 5),), None)
    assert session.scalar(select(func.count()).select_from(ReadingRow)) == 0


@pytest.mark.parametrize(("account", "values"), [
    (ONE, {"t1": 1100, "t2": 50}),  # two values for a single-rate meter
    (TWO, {"t1": 5100}),  # one value for a two-zone meter
    (TWO, {"t1": 5100, "t2": 2100, "t3": 10}),  # t3 for a two-zone meter
    (TWO, {"t1": 5100, "t3": 10}),  # the right count, the wrong registers
    (THREE, {"t1": 1, "t2": 2}),  # two values for a three-zone meter
])
def test_zone_mismatch_each_way(store: SqlReadingsStore, account: str,
                                values: dict[str, int]) -> None:
    r = service(store).submit(account, values, channel="email", source="s", sender=None)
    assert r.status == "zone_mismatch"
    assert r.meter_zones == {ONE: 1, TWO: 2, THREE: 3}[account]
    assert store.in_force(account, "2026-11")[1] is None


def test_three_zone_meter_without_baseline_is_recorded(store: SqlReadingsStore) -> None:
    r = service(store, show_consumption="always").submit(
        THREE, {"t3": 3, "t1": 1, "t2": 2}, channel="web", source="s", sender=None)
    assert (r.status, r.values, r.consumption) == ("recorded", (("t1", 1), ("t2", 2), ("t3", 3)),
                                                   None)


def test_lower_than_billing_baseline_is_refused(store: SqlReadingsStore) -> None:
    assert submit(service(store), TWO, t1=4999, t2=2100)[0] == "lower_than_last"
    r = service(store).submit(TWO, {"t1": 4999, "t2": 2100}, channel="email", source="s", sender=None)
    assert r.previous == (("t1", 5000),)  # only the lower zone, with the value it is below
    assert submit(service(store), TWO, t1=5000, t2=2000)[0] == "recorded"


def test_rollover_with_digits_is_accepted_with_its_consumption(store: SqlReadingsStore) -> None:
    rebill(store, Account(ONE, 1, digits=5, last=(("t1", 99990),), last_date=date(2026, 10, 20)))
    assert submit(service(store, show_consumption="always"), t1=5) == (
        "recorded", "2026-11", (("t1", 15),))


def test_rollover_beyond_plausible_is_lower_than_last(store: SqlReadingsStore) -> None:
    # 1000 -> 400 on a 5-digit meter would mean 99,400 kWh in a month.
    assert submit(service(store), t1=400)[0] == "lower_than_last"


def test_lower_without_digits_is_never_a_rollover(store: SqlReadingsStore) -> None:
    assert submit(service(store), TWO, t1=5100, t2=1)[0] == "lower_than_last"


@pytest.mark.parametrize(("values", "status"), [
    ({"t1": 1000 + 20000}, "recorded"),  # exactly the limit
    ({"t1": 1000 + 20001}, "implausible"),
    ({"t1": 100000}, "too_long"),  # six digits on a five-digit display
    ({"t1": -5}, "implausible"),
])
def test_implausible_consumption(store: SqlReadingsStore, values: dict[str, int],
                                 status: str) -> None:
    r = service(store).submit(ONE, values, channel="email", source="s", sender=None)
    assert r.status == status


def test_a_value_with_a_digit_too_many_is_too_long(store: SqlReadingsStore) -> None:
    r = service(store).submit(ONE, {"t1": 1234567}, channel="email", source="s", sender=None)
    assert (r.status, r.meter_digits) == ("too_long", 5)
    # Without the meter's digits known, seven digits are still more than any meter shows.
    r = service(store).submit(THREE, {"t1": 1234567, "t2": 1, "t3": 2}, channel="email", source="s",
                              sender=None)
    assert (r.status, r.meter_digits) == ("too_long", None)


def test_negative_value_without_baseline_is_implausible(store: SqlReadingsStore) -> None:
    assert submit(service(store), THREE, t1=1, t2=-2, t3=3)[0] == "implausible"


def test_implausible_is_per_zone(store: SqlReadingsStore) -> None:
    assert submit(service(store, max_consumption=500), TWO, t1=5400, t2=2600)[0] == "implausible"
    assert submit(service(store, max_consumption=500), TWO, t1=5400, t2=2400)[0] == "recorded"


def test_second_submission_supersedes_and_compares_with_earlier_period(
    store: SqlReadingsStore,
) -> None:
    svc = service(store, show_consumption="always")
    assert submit(svc, t1=10999) == ("recorded", "2026-11", (("t1", 9999),))  # a typo
    # The correction is lower than the typo but compared with September's 1000.
    assert submit(svc, t1=1099) == ("updated", "2026-11", (("t1", 99),))
    history = svc.history(ONE)
    assert [(h.values, h.superseded) for h in history] == [((("t1", 1099),), False),
                                                           ((("t1", 10999),), True)]
    assert history[1].superseded_at == NOV_10
    assert store.in_force(ONE, "2026-11")[1] == history[0]


def test_same_values_again_are_unchanged_and_not_stored_twice(
    store: SqlReadingsStore, session: Session
) -> None:
    svc = service(store)
    assert submit(svc, TWO, t1=5100, t2=2050)[0] == "recorded"
    assert submit(svc, TWO, t1=5100, t2=2050)[0] == "unchanged"
    assert session.scalar(select(func.count()).select_from(ReadingRow)) == 2
    assert len(svc.history(TWO)) == 1


def test_own_earlier_reading_is_the_next_baseline(store: SqlReadingsStore) -> None:
    assert submit(service(store, OCT_10), TWO, t1=5500, t2=2200)[0] == "recorded"
    nov = service(store, show_consumption="always")
    assert submit(nov, TWO, t1=5400, t2=2300)[0] == "lower_than_last"
    assert submit(nov, TWO, t1=5600, t2=2300) == ("recorded", "2026-11",
                                                   (("t1", 100), ("t2", 100)))


def test_billing_reading_newer_than_own_one_wins(store: SqlReadingsStore) -> None:
    assert submit(service(store, OCT_10), TWO, t1=5500, t2=2200)[0] == "recorded"
    rebill(store, Account(TWO, 2, last=(("t1", 5300), ("t2", 2150)), last_date=date(2026, 10, 20)))
    assert submit(service(store, show_consumption="always"), TWO, t1=5400, t2=2200) == (
        "recorded", "2026-11", (("t1", 100), ("t2", 50)))


def test_billing_reading_of_the_same_period_is_not_a_baseline(store: SqlReadingsStore) -> None:
    rebill(store, Account(TWO, 2, last=(("t1", 9000), ("t2", 9000)), last_date=date(2026, 11, 3)))
    assert submit(service(store, show_consumption="always"), TWO, t1=5400, t2=2200) == (
        "recorded", "2026-11", None)


@pytest.mark.parametrize(("mode", "sender", "shown"), [
    ("always", None, True),
    ("never", "anna@example.ru", False),
    ("linked", "Anna@Example.RU", True),
    ("linked", "other@example.ru", False),
    ("linked", None, False),
])
def test_consumption_shown_per_setting_and_sender(
    store: SqlReadingsStore, mode: str, sender: str | None, shown: bool
) -> None:
    status, _, consumption = submit(service(store, show_consumption=mode), sender=sender, t1=1250)
    assert status == "recorded"
    assert consumption == ((("t1", 250),) if shown else None)


def test_refusals_carry_no_consumption(store: SqlReadingsStore) -> None:
    r = service(store, show_consumption="always").submit(ONE, {"t1": 900}, channel="e",
                                                         source="s", sender=None)
    assert (r.status, r.consumption) == ("lower_than_last", None)


def test_unknown_register_is_a_programming_error(store: SqlReadingsStore) -> None:
    with pytest.raises(ValueError, match="t4"):
        service(store).submit(ONE, {"t4": 1}, channel="e", source="s", sender=None)


def test_naive_clock_is_refused(store: SqlReadingsStore) -> None:
    with pytest.raises(ValueError, match="aware"):
        service(store, datetime(2026, 11, 10)).submit(ONE, {"t1": 1}, channel="e", source="s",
                                                      sender=None)


def test_history_is_newest_first_and_limited(store: SqlReadingsStore) -> None:
    for month in range(1, 13):
        at = datetime(2026, month, 5, tzinfo=KRSK)
        svc = service(store, at, max_consumption=10**6)
        assert submit(svc, TWO, t1=6000 + month, t2=3000)[0] == "recorded"
    rows = service(store).history(TWO, limit=3)
    assert [r.period for r in rows] == ["2026-12", "2026-11", "2026-10"]
    assert rows[0].values == (("t1", 6012), ("t2", 3000))
    assert rows[0].channel == "email" and rows[0].source == "<m@x>"
    assert rows[0].recorded_at == datetime(2026, 12, 5, tzinfo=KRSK)
    assert rows[0].to_json()["readings"] == {"t1": 6012, "t2": 3000}


def test_one_current_value_per_register_and_period(store: SqlReadingsStore,
                                                   session: Session) -> None:
    # What two instances racing on the same account would produce is refused by the database.
    store.record(ONE, Reading("2026-11", (("t1", 1100),), "e", "a", NOV_10))
    row = session.scalars(select(ReadingRow)).one()
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(ReadingRow(submission="x", account=ONE, period="2026-11", zone="t1", value=1,
                               channel="e", source="b", recorded_at=NOV_10))
    assert [r.values for r in store.history(ONE, 5)] == [(("t1", row.value),)]


def test_strangers_are_limited_per_account_and_period_refusals_included(store: SqlReadingsStore) -> None:
    svc = service(store, stranger_limit=3)
    assert submit(svc, t1=900)[0] == "lower_than_last"  # refused: counted all the same
    assert submit(svc, t1=1100)[0] == "recorded"
    assert submit(svc, t1=1050)[0] == "updated"
    assert submit(svc, t1=1060)[0] == "stranger_limit"  # the fourth of the period
    assert [r.values for r in store.history(ONE, 5) if not r.superseded] == [(("t1", 1050),)]
    assert submit(svc, TWO, t1=5100, t2=2100)[0] == "recorded"  # another account: its own count
    assert submit(svc, sender="anna@example.ru", t1=1070)[0] == "updated"  # registered: no limit
    assert submit(service(store, at=NOV_10 + timedelta(days=30), stranger_limit=3), t1=1200)[0] == "recorded"


def test_no_stranger_at_all_with_a_limit_of_zero(store: SqlReadingsStore) -> None:
    assert submit(service(store, stranger_limit=0), t1=1100)[0] == "stranger_limit"
    assert store.history(ONE, 5) == []


def test_a_stranger_never_supersedes_a_registered_senders_reading(store: SqlReadingsStore) -> None:
    svc = service(store)
    assert submit(svc, sender="anna@example.ru", t1=1100)[0] == "recorded"
    assert submit(svc, sender="mallory@evil.test", t1=1200)[0] == "registered_in_force"
    (current,) = [r for r in store.history(ONE, 5) if not r.superseded]
    assert current.values == (("t1", 1100),) and current.registered
    # The other way round is a correction like any other.
    assert submit(svc, TWO, t1=5100, t2=2100)[0] == "recorded"


def test_a_registered_sender_supersedes_a_strangers_reading(store: SqlReadingsStore) -> None:
    svc = service(store)
    assert submit(svc, t1=1300)[0] == "recorded"
    assert submit(svc, sender="Anna@example.ru", t1=1100)[0] == "updated"
    (current,) = [r for r in store.history(ONE, 5) if not r.superseded]
    assert current.values == (("t1", 1100),) and current.registered
