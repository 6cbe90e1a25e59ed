"""Exactly-once submissions over HTTP: the idempotency keys, stored with the reading they made.

A client that did not get an answer (a timeout, a server killed mid-request) sends the same
request again with the same `Idempotency-Key`. For that to record the reading once, the key
and the answer are written in the same transaction as the reading itself: a crash at any
moment leaves both or neither, and a resubmitted key either finds its answer or runs anew.

A submission's transaction is serialised from its first statement, not only from its first
write, so that it judges the readings it will write over and finds a key committed by a
request with the same key that ran just before it: PostgreSQL takes the advisory lock
recording transactions take anyway (`lock_for_record`), SQLite takes the write lock at once
(BEGIN IMMEDIATE; its driver would begin only at the first write, after the reads).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import Connection, DateTime, Engine, Index, String, Table, Text, bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from mailreader.db import translated
from mailreader.db.base import Base
from mailreader.db.readings_export import lock_for_record
from mailreader.db.readings_store import SqlReadingsStore
from mailreader.errors import MailreaderError

#: Attempts at a submission whose transaction lost a race on a unique index.
ATTEMPTS = 3


class IdempotencyKeyRow(Base):
    """One submission's key, per token name, with the answer it got (RFC draft
    'The Idempotency-Key HTTP Header Field': the same key replays the first answer)."""

    __tablename__ = "idempotency_keys"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)  # the token's name
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the canonical request
    response: Mapped[str] = mapped_column(Text)  # the answer's JSON, as first sent
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    # For a purge of old keys by age.
    __table_args__ = (Index("ix_idempotency_keys_created_at", "created_at"),)


_KEYS = cast(Table, IdempotencyKeyRow.__table__)
_K = _KEYS.c
_FIND = select(_K.request_hash, _K.response).where(_K.token == bindparam("token"), _K.key == bindparam("key"))
_REMEMBER = insert(_KEYS)


class KeyReused(MailreaderError):
    """The key was used before with a different request."""


@dataclass(frozen=True)
class Answer:
    response: str  # JSON
    replayed: bool  # the stored answer of an earlier request with the same key


def submit_once(engine: Engine, token: str, key: str, request_hash: str,
                run: Callable[[SqlReadingsStore], str], now: Callable[[], datetime]) -> Answer:
    """The stored answer for (token, key), or `run`'s, committed together with what `run`
    recorded. Raises KeyReused when the key came with another request."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with _serialised(engine) as conn:
                found = conn.execute(_FIND, {"token": token, "key": key}).first()
                if found is not None:
                    if found.request_hash != request_hash:
                        raise KeyReused(key)
                    return Answer(found.response, True)
                response = run(SqlReadingsStore(conn))
                conn.execute(_REMEMBER, {"token": token, "key": key, "request_hash": request_hash,
                                         "response": response, "created_at": now().astimezone(UTC)})
                return Answer(response, False)
        except IntegrityError:
            # Another writer that does not take the lock first (the mail daemon on one
            # account) won a unique index: everything here rolled back, run it again.
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")


@contextmanager
def _serialised(engine: Engine) -> Iterator[Connection]:
    with translated(), engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            lock_for_record(conn)
        yield conn

