"""A lease row: at most one instance polls a mailbox; another takes over when it expires.

Works the same on SQLite and PostgreSQL: the row is read FOR UPDATE (PostgreSQL) and
a lost insert race shows up as an IntegrityError, meaning someone else holds it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from mailreader.db import transaction
from mailreader.db.models import Lease
from mailreader.db.times import utc


def acquire(sessions: sessionmaker[Session], name: str, holder: str, now: datetime,
            ttl: float, is_dead: Callable[[str], bool] = lambda holder: False) -> bool:
    """Take or renew the lease; False while another live holder has it.

    `is_dead(holder)` lets a holder known to be gone (a dead process on this host) be
    replaced at once instead of after its lease runs out."""
    try:
        with transaction(sessions) as s:
            row = s.scalars(select(Lease).where(Lease.name == name).with_for_update()).first()
            if row is None:
                s.add(Lease(name=name, holder=holder, expires_at=now + timedelta(seconds=ttl)))
                return True
            if row.holder != holder and utc(row.expires_at) > now and not is_dead(row.holder):
                return False
            row.holder, row.expires_at = holder, now + timedelta(seconds=ttl)
            return True
    except IntegrityError:
        return False


def release(sessions: sessionmaker[Session], name: str, holder: str) -> None:
    with transaction(sessions) as s:
        s.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder))


def holder_of(sessions: sessionmaker[Session], name: str) -> tuple[str, datetime] | None:
    with transaction(sessions) as s:
        row = s.get(Lease, name)
        return (row.holder, row.expires_at) if row else None
