"""Storage: the only package that imports SQLAlchemy."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from mailreader.errors import ConfigError, DatabaseUnavailable, MailreaderError

# What a PostgreSQL server that answered says about a wrong URL (role, database, password,
# pg_hba.conf): no retry fixes those. Anything else it says, or no answer, is retried.
_REFUSED = ("does not exist", "authentication failed", "no pg_hba.conf entry")


@contextmanager
def transaction(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on error; a lost or unreachable
    database becomes `DatabaseUnavailable` (retry later, touch nothing on the server)."""
    with _translated(), sessions() as s, s.begin():
        yield s


@contextmanager
def unit(sessions: sessionmaker[Session]) -> Iterator[Connection]:
    """The same unit of work on a bare connection, for the steps run once per mail or per
    reply, whose statements are all Core: a Session's own begin and commit cost about
    60 us, several times a statement (measured on SQLite)."""
    engine = cast(Engine, sessions.kw["bind"])
    with _translated(), engine.begin() as conn:
        yield conn


def translate(exc: DBAPIError) -> MailreaderError:
    """The error an operator sees for a database failure: one line, config or retry later."""
    text = " ".join(str(exc.orig).split())
    if isinstance(exc, OperationalError) and any(p in text for p in _REFUSED):
        return ConfigError("database.url", text)
    return DatabaseUnavailable(text)


@contextmanager
def translated() -> Iterator[None]:
    """Database errors that are not about the data: a lost or unreachable database, or one
    the configuration names wrongly."""
    try:
        yield
    except OperationalError as exc:
        raise translate(exc) from exc
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise translate(exc) from exc
        raise
    except PoolTimeout as exc:  # every pooled connection busy for pool_timeout seconds
        raise DatabaseUnavailable("no database connection was free in time") from exc


_translated = translated


def ping(engine: Engine) -> None:
    """One round trip to the database (health checks); DatabaseUnavailable when it does not answer."""
    with translated(), engine.connect() as conn:
        conn.exec_driver_sql("SELECT 1")
