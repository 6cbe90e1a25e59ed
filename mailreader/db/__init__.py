"""Storage: the only package that imports SQLAlchemy."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from mailreader.errors import DatabaseUnavailable


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


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except OperationalError as exc:
        raise DatabaseUnavailable(str(exc.orig)) from exc
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise DatabaseUnavailable(str(exc.orig)) from exc
        raise
