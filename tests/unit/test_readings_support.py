"""Databases for the readings tests: SQLite in memory, and PostgreSQL when
$MAILREADER_TEST_PG_URL is set (a schema per test, dropped afterwards)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from mailreader.db.readings_models import AccountRow, ReadingRow, StrangerAttemptRow

PG_URL = os.environ.get("MAILREADER_TEST_PG_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
TABLES = [AccountRow.__table__, ReadingRow.__table__, StrangerAttemptRow.__table__]


@contextmanager
def db_engine(backend: str) -> Iterator[Engine]:
    if backend == "sqlite":
        engine = create_engine("sqlite://")
        AccountRow.metadata.create_all(engine, tables=TABLES)  # type: ignore[arg-type]
        yield engine
        engine.dispose()
        return
    assert PG_URL is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    engine = create_engine(f"{PG_URL}{sep}options=-csearch_path%3D{schema}")
    try:
        AccountRow.metadata.create_all(engine, tables=TABLES)  # type: ignore[arg-type]
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def db_session(backend: str) -> Iterator[Session]:
    with db_engine(backend) as engine, Session(engine) as session, session.begin():
        yield session


class Clock:
    """A settable clock: the service reads time only through it."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at
