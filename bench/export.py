"""`mailreader readings export` of a period of 1,000,000 submissions, on SQLite and on
PostgreSQL: wall time and peak RSS of the exporting process (prints figures; not a test).

    .venv/bin/python bench/export.py [--n 1000000] [--only sqlite,postgres]

The period holds N accounts' submissions in force (1, 2 or 3 registers, in turn) and, for
one account in 20, the earlier submission it superseded, so the in-force filter has work to
do; they are loaded in bulk (executemany on SQLite, COPY on PostgreSQL), not through the
service. Each export is a `mailreader readings export` process of its own, its CPU time
and peak RSS (ru_maxrss) read by wait4 (on a loaded machine CPU time says more than wall
time): `--period` as CSV (cp1251, ';') and as JSON lines, and `--since 0` as CSV (UTF-8:
every submission, the superseded ones too).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy import text  # noqa: E402

from mailreader.db.engine import make_engine  # noqa: E402
from mailreader.db.schema import upgrade  # noqa: E402

PG = os.environ.get("MAILREADER_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
AT = datetime(2026, 11, 10, 3, 0, tzinfo=UTC)
RUNS = (("period csv cp1251 ;", ["--period", "2026-11", "--encoding", "cp1251", "--delimiter", ";"]),
        ("period jsonl", ["--period", "2026-11", "--format", "jsonl"]),
        ("since 0 csv utf-8", ["--since", "0"]))


Row = tuple[str, str, str, str, int, str, str, datetime, bool, datetime | None]


def _accounts(n: int) -> Iterator[tuple[str, int, datetime]]:
    for i in range(n):
        yield (f"{240000000000 + i}", i % 3 + 1, AT)


def _readings(n: int) -> Iterator[Row]:
    """(submission, account, period, zone, value, channel, source, recorded_at, superseded, superseded_at)"""
    seq = 0
    for i in range(n):
        account = f"{240000000000 + i}"
        zones = ("t1", "t2", "t3")[: i % 3 + 1]
        at = AT + timedelta(seconds=i)
        if i % 20 == 0:  # a typo corrected later
            seq += 1
            for z in zones:
                yield (f"s{seq}", account, "2026-11", z, 1000 + i % 997, "email",
                       f"<typo.{i}@mail.example.ru>", at, True, at + timedelta(minutes=5))
        seq += 1
        for z in zones:
            yield (f"s{seq}", account, "2026-11", z, 1100 + i % 997, "email",
                   f"<{i}.{seq}@mail.example.ru>", at + timedelta(minutes=5), False, None)


_COLS = "submission, account, period, zone, value, channel, source, recorded_at, superseded, superseded_at"


def fill_sqlite(url: str, n: int) -> None:
    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        cur = raw.cursor()
        cur.executemany("INSERT INTO accounts (account, zones, imported_at) VALUES (?, ?, ?)",
                        ((a, z, at.replace(tzinfo=None).isoformat(" ")) for a, z, at in _accounts(n)))
        cur.executemany(f"INSERT INTO readings ({_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (_sqlite_row(r) for r in _readings(n)))
    engine.dispose()


def _sqlite_row(r: Row) -> tuple[object, ...]:
    # As SQLAlchemy stores them in SQLite: UTC without an offset.
    at, gone = r[7].replace(tzinfo=None), r[9].replace(tzinfo=None) if r[9] else None
    return (*r[:7], at.isoformat(" "), r[8], gone.isoformat(" ") if gone else None)


def fill_postgres(url: str, n: int) -> None:
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    schema = url.split("search_path%3D")[1]
    with psycopg.connect(PG.replace("postgresql+psycopg", "postgresql"), autocommit=False) as conn:
        conn.execute(f'SET search_path TO "{schema}"')
        with conn.cursor().copy("COPY accounts (account, zones, imported_at) FROM STDIN") as copy:
            for account in _accounts(n):
                copy.write_row(account)
        with conn.cursor().copy(f"COPY readings ({_COLS}) FROM STDIN") as copy:
            for row in _readings(n):
                copy.write_row(row)
        conn.execute("ANALYZE accounts")
        conn.execute("ANALYZE readings")


def export(url: str, work: Path, args: list[str]) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds, peak RSS in KiB, bytes written) of one export process."""
    cfg = work / "config.toml"
    cfg.write_text(f'[imap]\nuser = "e@x"\n[smtp]\nfrom = "e@x"\nuser = "e@x"\n'
                   f'[daemon]\nstate_dir = "{work}"\n[database]\nurl = "{url}"\n')
    out = work / "out"
    started = time.monotonic()
    proc = subprocess.Popen([str(ROOT / ".venv/bin/mailreader"), "--config", str(cfg), "readings",
                             "export", *args, "--output", str(out)], stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - started
    err = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"export failed ({proc.returncode}): {err}")
    size = out.stat().st_size
    out.unlink()
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, size


def run(name: str, url: str, work: Path, n: int, fill: Callable[[str, int], None]) -> None:
    started = time.monotonic()
    fill(url, n)
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT count(*) FROM readings")).scalar_one()
    engine.dispose()
    print(f"{name}: filled {n} accounts, {rows} reading rows in {time.monotonic() - started:.1f} s",
          flush=True)
    for label, args in RUNS:
        seconds, cpu, rss, size = export(url, work, args)
        print(f"{name}: {label:<20} {seconds:6.1f} s wall, {cpu:6.1f} s CPU, peak RSS "
              f"{rss / 1024:5.1f} MiB  {size / 2**20:6.1f} MiB written", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--only", default="postgres,sqlite")
    opts = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    work = Path(tempfile.mkdtemp(prefix="mailreader-export-"))
    try:
        if "postgres" in opts.only:
            schema = f"bench_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(PG.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
                conn.execute(f'CREATE SCHEMA "{schema}"')
            try:
                run("postgres", f"{PG}?options=-csearch_path%3D{schema}", work, opts.n, fill_postgres)
            finally:
                with psycopg.connect(PG.replace("postgresql+psycopg", "postgresql"),
                                     autocommit=True) as conn:
                    conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        if "sqlite" in opts.only:
            run("sqlite", f"sqlite:///{work / 'mailreader.sqlite3'}", work, opts.n, fill_sqlite)
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
