"""Importing billing's account registry: encodings, re-import, bad lines, batches."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mailreader.db.readings_models import AccountRow
from mailreader.db.readings_store import SqlReadingsStore
from mailreader.readings.accounts_import import (
    AccountsFileError,
    ImportSummary,
    LineError,
    detect_encoding,
    import_accounts,
)
from mailreader.readings.formatting import format_summary
from mailreader.readings.service import ReadingsService, ReadingsSettings
from tests.unit.test_readings_support import BACKENDS, Clock, db_session

AT = datetime(2026, 10, 26, 3, 0, tzinfo=UTC)
FULL = (
    "account,zones,t1,t2,t3,reading_date,digits,surname,email\n"
    "121000000001,1,1000,,,2026-09-20,5,Иванова,Anna@Example.ru\n"
    "121000000002,2,5000,2000,,20.09.2026,,Петров,a@b.ru; c@d.ru\n"
    "121000000003,3,,,,,,,\n"
)


@pytest.fixture(params=BACKENDS)
def session(request: pytest.FixtureRequest) -> Iterator[Session]:
    with db_session(request.param) as s:
        yield s


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "a.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run(session: Session, path: Path, batch: int = 5000) -> ImportSummary:
    return import_accounts(SqlReadingsStore(session), path, now=Clock(AT), batch=batch)


def test_full_export_is_imported(session: Session, tmp_path: Path) -> None:
    summary = run(session, write(tmp_path, FULL))
    assert (summary.added, summary.updated, summary.rejected) == (3, 0, 0)
    one = SqlReadingsStore(session).account("121000000001")
    assert one is not None
    assert (one.zones, one.digits, one.last, one.last_date) == (1, 5, (("t1", 1000),),
                                                                date(2026, 9, 20))
    assert (one.surname, one.emails) == ("Иванова", frozenset({"anna@example.ru"}))
    two = SqlReadingsStore(session).account("121000000002")
    assert two is not None
    assert (two.last, two.last_date, two.emails) == (
        (("t1", 5000), ("t2", 2000)), date(2026, 9, 20), frozenset({"a@b.ru", "c@d.ru"}))
    three = SqlReadingsStore(session).account("121000000003")
    assert three is not None and (three.zones, three.last, three.emails) == (3, (), frozenset())


def test_initial_readings_are_the_baseline(session: Session, tmp_path: Path) -> None:
    run(session, write(tmp_path, FULL))
    svc = ReadingsService(SqlReadingsStore(session), ReadingsSettings(show_consumption="always"),
                          Clock(datetime(2026, 11, 5, tzinfo=UTC)))
    low = svc.submit("121000000002", {"t1": 4999, "t2": 2001}, channel="web", source="s",
                     sender=None)
    assert low.status == "lower_than_last"
    ok = svc.submit("121000000001", {"t1": 1100}, channel="web", source="s", sender=None)
    assert (ok.status, ok.consumption) == ("recorded", (("t1", 100),))


def test_cp1251_with_semicolons_is_detected(session: Session, tmp_path: Path) -> None:
    text = "account;zones;surname;email\n121000000001;1;Сидорова;x@y.ru;z@w.ru\n"
    quoted = 'account;zones;surname;email\n121000000001;1;Сидорова;"x@y.ru;z@w.ru"\n'
    path = write(tmp_path, quoted, "cp1251")
    assert detect_encoding(path) == "cp1251"
    summary = run(session, path)
    assert (summary.added, summary.encoding) == (1, "cp1251")
    acct = SqlReadingsStore(session).account("121000000001")
    assert acct is not None and acct.surname == "Сидорова"
    assert acct.emails == frozenset({"x@y.ru", "z@w.ru"})
    bad = run(session, write(tmp_path, text, "cp1251", "b.csv"))
    assert bad.rejected == 1 and "5 fields" in bad.errors[0].message


def test_utf8_bom_is_accepted(session: Session, tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeff" + FULL)
    assert detect_encoding(path) == "utf-8-sig"
    assert run(session, path).added == 3


def test_reimport_updates_only_the_columns_it_carries(session: Session, tmp_path: Path) -> None:
    run(session, write(tmp_path, FULL))
    summary = run(session, write(tmp_path, "account,zones\n121000000001,2\n121000000009,1\n",
                                 name="b.csv"))
    assert (summary.added, summary.updated, summary.rejected) == (1, 1, 0)
    one = SqlReadingsStore(session).account("121000000001")
    assert one is not None
    assert (one.zones, one.last, one.surname, one.digits) == (2, (("t1", 1000),), "Иванова", 5)
    assert session.scalar(select(func.count()).select_from(AccountRow)) == 4


def test_bad_lines_are_reported_with_line_numbers(session: Session, tmp_path: Path) -> None:
    text = (
        "account,zones,t1,t2,reading_date,digits,email\n"
        "12100000001,1,,,,,\n"  # 11 digits
        "121000000002,4,,,,,\n"
        "121000000003,1,10,20,,,\n"  # t2 on a single-rate meter
        "\n"
        "121000000004,1,x,,,,\n"
        "121000000005,1,,,2026-13-01,,\n"
        "121000000006,1,123456,,,5,\n"  # does not fit five digits
        "121000000007,1,,,,,not-an-address\n"
        "121000000008,1\n"
        "121000000009,2,\"12 345,6\",\"6 789\",01.10.2026,,\n"
    )
    summary = run(session, write(tmp_path, text))
    assert (summary.added, summary.rejected) == (1, 8)
    assert [e.line for e in summary.errors] == [2, 3, 4, 6, 7, 8, 9, 10]
    assert "12 digits" in summary.errors[0].message
    assert "t2 given" in summary.errors[2].message
    acct = SqlReadingsStore(session).account("121000000009")
    assert acct is not None and acct.last == (("t1", 12345), ("t2", 6789))


def test_batches_and_repeated_accounts(session: Session, tmp_path: Path) -> None:
    lines = [f"1210000{i:05d},1,{i}" for i in range(2500)] + ["121000000007,1,99999"]
    summary = run(session, write(tmp_path, "account,zones,t1\n" + "\n".join(lines)), batch=1000)
    # The repeat lands in a later batch: which row billing meant cannot be told, so both
    # lines are rejected, each naming the other, and the account is not imported.
    assert (summary.added, summary.updated, summary.rejected) == (2499, 0, 2)
    assert [(e.line, e.message) for e in summary.errors] == [
        (9, "account 121000000007 is on lines 9 and 2502: none of them is imported"),
        (2502, "account 121000000007 is on lines 9 and 2502: none of them is imported")]
    assert SqlReadingsStore(session).account("121000000007") is None


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty"),
    ("account,t1\n121000000001,5\n", "lacks zones"),
    ("account,zones,debt\n121000000001,1,500\n", "unknown columns debt"),
])
def test_wrong_file_is_refused_whole(tmp_path: Path, text: str, message: str) -> None:
    with db_session("sqlite") as session, pytest.raises(AccountsFileError, match=message):
        run(session, write(tmp_path, text))


def test_missing_file_is_a_file_error(tmp_path: Path) -> None:
    with db_session("sqlite") as session, pytest.raises(AccountsFileError, match="No such"):
        run(session, tmp_path / "absent.csv")


def test_summary_text_and_json() -> None:
    errors = tuple(LineError(n, "zones '4' is not 1, 2 or 3") for n in range(2, 62))
    summary = ImportSummary(10, 2, 60, errors, "cp1251")
    text = format_summary(summary).splitlines()
    assert text[0] == "added=10 updated=2 rejected=60 encoding=cp1251"
    assert text[1] == "line 2: zones '4' is not 1, 2 or 3"
    assert text[-1] == "... and 10 more rejected lines"
    assert summary.to_json()["errors"][0] == {"line": 2, "message": "zones '4' is not 1, 2 or 3"}
