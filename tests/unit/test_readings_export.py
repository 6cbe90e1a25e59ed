"""`mailreader readings export` on SQLite and PostgreSQL: what a period exports, the file formats,
and `--since` pulls that neither lose nor repeat a submission while others are recorded."""

from __future__ import annotations

import csv
import io
import json
import random
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine, text

from mailreader.cli import cli
from mailreader.db import transaction
from mailreader.db.engine import make_engine, session_factory
from mailreader.db.readings_export import Export
from mailreader.db.readings_store import SqlReadingsStore
from mailreader.db.schema import upgrade
from mailreader.readings.service import Account, Reading, ReadingsService, ReadingsSettings

AT = datetime(2026, 11, 10, 3, 4, 5, tzinfo=UTC)  # 10:04:05 in Krasnoyarsk (+07:00)
RESIDENT = "r@example.ru"  # registered for every account: no limit on what it sends
ACCOUNTS = [Account(f"10000000000{z}", z, emails=frozenset({RESIDENT})) for z in (1, 2, 3)]


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    upgrade(eng)
    with transaction(session_factory(eng)) as s:
        SqlReadingsStore(s).upsert_accounts(ACCOUNTS, frozenset({"zones"}), AT)
    yield eng
    eng.dispose()


def _record(engine: Engine, account: str, period: str, values: dict[str, int], source: str,
            at: datetime = AT) -> None:
    with transaction(session_factory(engine)) as s:
        SqlReadingsStore(s).record(account, Reading(period, tuple(sorted(values.items())), "email",
                                                    source, at))


def _fill(engine: Engine) -> None:
    _record(engine, "100000000001", "2026-11", {"t1": 100}, "<a1@x>")
    _record(engine, "100000000002", "2026-11", {"t1": 200, "t2": 20}, "<b1@x>")
    _record(engine, "100000000003", "2026-10", {"t1": 1, "t2": 2, "t3": 3}, "<c0@x>")
    _record(engine, "100000000001", "2026-11", {"t1": 110}, "<a2@x>", AT + timedelta(hours=1))
    _record(engine, "100000000003", "2026-11", {"t1": 5, "t2": 6, "t3": 7}, "<c1@письмо.рф>")


def test_a_period_exports_the_submissions_in_force_in_commit_order(engine: Engine) -> None:
    _fill(engine)
    export = Export(engine, period="2026-11")
    got = [(s.account, s.values, s.source, s.status) for s in export]
    assert got == [
        ("100000000002", (("t1", 200), ("t2", 20)), "<b1@x>", "recorded"),
        ("100000000001", (("t1", 110),), "<a2@x>", "updated"),
        ("100000000003", (("t1", 5), ("t2", 6), ("t3", 7)), "<c1@письмо.рф>", "recorded"),
    ]
    # The cursor is the end of the table the export saw: --since from it gives what follows.
    _record(engine, "100000000002", "2026-11", {"t1": 201, "t2": 21}, "<b2@x>")
    assert [s.source for s in Export(engine, since=export.cursor)] == ["<b2@x>"]
    assert [s.source for s in Export(engine, period="2026-12")] == []


def test_since_gives_every_submission_once_in_commit_order(engine: Engine) -> None:
    _fill(engine)
    first = Export(engine, since=0)
    assert [(s.source, s.status) for s in first] == [
        ("<a1@x>", "recorded"), ("<b1@x>", "recorded"), ("<c0@x>", "recorded"),
        ("<a2@x>", "updated"), ("<c1@письмо.рф>", "recorded")]
    again = Export(engine, since=first.cursor)
    assert list(again) == [] and again.cursor == first.cursor


def _config(tmp_path: Path, db_url: str) -> Path:
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[imap]\nuser = "e@x"\n[smtp]\nfrom = "e@x"\nuser = "e@x"\n'
                   f'[daemon]\nstate_dir = "{tmp_path}"\n[database]\nurl = "{db_url}"\n')
    return cfg


def _run(cfg: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--config", str(cfg), "readings", "export", *args])


def test_cp1251_semicolon_csv_round_trips(engine: Engine, db_url: str, tmp_path: Path) -> None:
    _fill(engine)
    out = tmp_path / "billing.csv"
    result = _run(_config(tmp_path, db_url), "--period", "2026-11", "--encoding", "cp1251",
                  "--delimiter", ";", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == f"cursor {_end(engine)}"
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("cp1251"), newline=""), delimiter=";"))
    assert rows == [
        ["account", "period", "t1", "t2", "t3", "received_at", "channel", "source", "status"],
        ["100000000002", "2026-11", "200", "20", "", "2026-11-10T10:04:05+07:00", "email", "<b1@x>",
         "recorded"],
        ["100000000001", "2026-11", "110", "", "", "2026-11-10T11:04:05+07:00", "email", "<a2@x>",
         "updated"],
        ["100000000003", "2026-11", "5", "6", "7", "2026-11-10T10:04:05+07:00", "email",
         "<c1@письмо.рф>", "recorded"],
    ]
    assert out.read_bytes().count(b"\r\n") == 4  # RFC 4180 line ends, as Windows imports expect


def _end(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT max(id) FROM readings")).scalar_one())


def test_jsonl_to_stdout(engine: Engine, db_url: str, tmp_path: Path) -> None:
    _fill(engine)
    result = _run(_config(tmp_path, db_url), "--since", "0", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 5
    assert lines[2] == {"account": "100000000003", "period": "2026-10", "t1": 1, "t2": 2, "t3": 3,
                        "received_at": "2026-11-10T10:04:05+07:00", "channel": "email",
                        "source": "<c0@x>", "status": "recorded"}


def test_an_unwritable_value_is_an_error_and_no_file(engine: Engine, db_url: str, tmp_path: Path) -> None:
    _record(engine, "100000000001", "2026-11", {"t1": 100}, "<信@例子.中国>")
    out = tmp_path / "billing.csv"
    result = _run(_config(tmp_path, db_url), "--period", "2026-11", "--encoding", "cp1251",
                  "--output", str(out))
    assert result.exit_code == 1
    assert result.output == ("mailreader: row 1 (account 100000000001): source has '信', which cp1251 "
                             "cannot write\n")
    assert not list(tmp_path.glob("*billing.csv*"))  # neither the file nor a partial one


def test_usage_errors(tmp_path: Path) -> None:
    cfg = _config(tmp_path, f"sqlite:///{tmp_path / 'none.sqlite3'}")
    assert _run(cfg).exit_code == 2
    assert _run(cfg, "--period", "2026-13").exit_code == 2
    assert _run(cfg, "--period", "2026-11", "--encoding", "klingon").exit_code == 2
    result = _run(cfg, "--period", "2026-11")  # read-only: the database is never created
    assert result.exit_code == 78 and not (tmp_path / "none.sqlite3").exists()
    down = _run(_config(tmp_path, "postgresql+psycopg://postgres@127.0.0.1:1/test"), "--since", "0")
    assert down.exit_code == 75 and down.output.startswith("mailreader: unavailable, try again later: ")
    assert len(down.output.splitlines()) == 1


def test_pulls_during_recording_lose_and_repeat_nothing(engine: Engine) -> None:
    """Writers (several instances on PostgreSQL) submit through the readings service, each
    transaction pausing between its INSERT and its commit so that commits overtake each
    other, while pulls run one after another from the last cursor."""
    settings = ReadingsSettings(timezone="UTC")
    errors: list[BaseException] = []
    accepted: list[str] = []

    def writer(n: int) -> None:
        rnd = random.Random(n)
        sessions = session_factory(engine)
        try:
            for i in range(40):
                account = ACCOUNTS[rnd.randrange(3)]
                value = 1000 * n + 10 * i + 10_000  # rising: every submission is accepted
                with transaction(sessions) as s:
                    result = ReadingsService(SqlReadingsStore(s), settings, lambda: AT).submit(
                        account.account, {z: value for z in ("t1", "t2", "t3")[: account.zones]},
                        channel="email", source=f"<{n}.{i}@x>", sender=RESIDENT)
                    if rnd.random() < 0.3:
                        threading.Event().wait(rnd.random() / 100)  # commit later than others
                if result.status in ("recorded", "updated"):
                    accepted.append(f"<{n}.{i}@x>")
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    # SQLite has one writer at a time anyway; PostgreSQL gets three instances at once.
    count = 3 if engine.dialect.name == "postgresql" else 1
    writers = [threading.Thread(target=writer, args=(n,)) for n in range(count)]
    for t in writers:
        t.start()
    pulled: list[str] = []
    cursor, pulls, alive = 0, 0, True
    while alive:
        alive = any(t.is_alive() for t in writers)  # one more pull after the last commit
        export = Export(engine, since=cursor)
        pulled += [s.source for s in export]
        cursor, pulls = export.cursor, pulls + 1
    assert errors == []
    with engine.connect() as conn:
        stored = conn.scalars(text("SELECT source FROM readings WHERE zone = 't1' ORDER BY id")).all()
    assert len(stored) == 40 * count and sorted(stored) == sorted(accepted)
    assert len(set(pulled)) == len(pulled) and pulls > 1
    assert pulled == stored  # every one, once, in commit order


def test_postgresql_a_later_insert_cannot_commit_before_an_earlier_one(pg_url: str) -> None:
    """Without the record lock, B (inserted second, greater id) commits while A is open, a pull
    moves the cursor past B, and A, committed next with its smaller id, is never pulled."""
    eng = make_engine(pg_url)
    upgrade(eng)
    sessions = session_factory(eng)
    with transaction(sessions) as s:
        SqlReadingsStore(s).upsert_accounts(ACCOUNTS, frozenset({"zones"}), AT)
    try:
        with transaction(sessions) as first:
            SqlReadingsStore(first).record("100000000001", Reading("2026-11", (("t1", 1),), "email",
                                                                   "<A@x>", AT))
            second = threading.Thread(target=_record, args=(eng, "100000000002", "2026-11",
                                                            {"t1": 2, "t2": 2}, "<B@x>"))
            second.start()
            _until_waiting_or_done(eng, second)
            early = Export(eng, since=0)
            pulled = [s.source for s in early]
        second.join()
        late = Export(eng, since=early.cursor)
        pulled += [s.source for s in late]
        assert pulled == ["<A@x>", "<B@x>"]
    finally:
        eng.dispose()


def _until_waiting_or_done(eng: Engine, thread: threading.Thread) -> None:
    """Until the thread waits for a lock (or has finished: then the lock is missing)."""
    waiting = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
    with eng.connect() as conn:
        while thread.is_alive() and not conn.execute(waiting).scalar_one():
            conn.rollback()
            threading.Event().wait(0.01)
