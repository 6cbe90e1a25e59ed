"""The `db_url` fixture: every test that touches a database runs on SQLite and on PostgreSQL.

PostgreSQL is the machine's server on 127.0.0.1:5432 (trust auth, database `test`,
or $MAILREADER_TEST_PG_URL); each test gets a schema of its own, dropped afterwards.

`pytest --db sqlite|postgresql|both` (default both, as CI runs) keeps the tests of one
database: a test runs on PostgreSQL when it is parametrised "postgresql", asks for `pg_url`,
or is marked `postgresql` (it reaches the server by $MAILREADER_TEST_PG_URL itself). With
`--db sqlite` the rest need no PostgreSQL server.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

DATABASES = ("sqlite", "postgresql")
PG_URL = os.environ.get("MAILREADER_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--db", choices=(*DATABASES, "both"), default="both",
                     help="the database(s) the tests run on (default both, as CI runs)")


def _databases(item: pytest.Item) -> set[str]:
    """The databases a collected test runs on."""
    used = set()
    callspec = getattr(item, "callspec", None)
    if callspec is not None:
        used |= {v for v in callspec.params.values() if isinstance(v, str) and v in DATABASES}
    if "pg_url" in getattr(item, "fixturenames", ()) or item.get_closest_marker("postgresql"):
        used.add("postgresql")
    return used


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    chosen = config.getoption("--db")
    if chosen == "both":
        return
    keep = [i for i in items if _databases(i) <= {chosen}]
    dropped = [i for i in items if not _databases(i) <= {chosen}]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


def _pg_schema_url(schema: str) -> str:
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'mailreader.sqlite3'}"
        return
    yield from _pg_schema()


@pytest.fixture
def migrated_engine(db_url: str) -> Iterator[Engine]:
    """An engine on `db_url` whose schema is at the newest migration."""
    from mailreader.db.engine import make_engine
    from mailreader.db.schema import upgrade

    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """PostgreSQL only: for what SQLite does not do (several instances)."""
    yield from _pg_schema()


def _pg_schema() -> Iterator[str]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # a missing server is a failure here, never a skip
        pytest.fail(f"PostgreSQL at {PG_URL} is needed (scripts/test.sh starts it): {exc}")
    try:
        yield _pg_schema_url(schema)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
