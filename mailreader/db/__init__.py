"""Storage: the only package that imports SQLAlchemy."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from mailreader.errors import DatabaseUnavailable


@contextmanager
def transaction(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on error; a lost or unreachable
    database becomes `DatabaseUnavailable` (retry later, touch nothing on the server)."""
    try:
        with sessions() as s, s.begin():
            yield s
    except OperationalError as exc:
        raise DatabaseUnavailable(str(exc.orig)) from exc
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise DatabaseUnavailable(str(exc.orig)) from exc
        raise
