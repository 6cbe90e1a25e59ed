"""The purge's statements: which decided mail has kept its raw bytes too long, and dropping them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, and_, exists, func, select, update

from mailreader.db.messages import MESSAGES, OUTBOX
from mailreader.db.states import DECIDED_FOR_GOOD, FINISHED_REPLIES, ReplyState

_M, _O = MESSAGES.c, OUTBOX.c


def _purgeable(cutoff: datetime) -> ColumnElement[bool]:
    reply_queued = exists().where(_O.message_row == _M.id, _O.state == ReplyState.QUEUED.value)
    return and_(_M.state.in_(DECIDED_FOR_GOOD), _M.purged_at.is_(None), _M.received_at < cutoff,
                _M.decided_at < cutoff, ~reply_queued)


def due(s: Connection, cutoff: datetime, limit: int) -> list[tuple[int, int]]:
    """(id, bytes held) of up to `limit` messages to purge: decided before `cutoff`, received
    before it too, and with no reply still queued; locked against a `reprocess` meanwhile."""
    q = select(_M.id, func.length(_M.raw)).where(_purgeable(cutoff)).order_by(_M.id).limit(limit)
    if s.dialect.name == "postgresql":
        q = q.with_for_update(of=MESSAGES, skip_locked=True)
    return [(int(r[0]), int(r[1] or 0)) for r in s.execute(q)]


def drop(s: Connection, ids: Sequence[int], cutoff: datetime, now: datetime) -> tuple[list[int], int]:
    """Empty the raw bytes (and the error text, which may quote them) of these messages, and
    the bytes of their finished replies; the rows, decisions and readings stay. Returns the ids
    purged (the conditions are checked again) and how many replies were emptied."""
    if not ids:
        return [], 0
    done = [int(r[0]) for r in s.execute(
        update(MESSAGES).where(_M.id.in_(ids), _purgeable(cutoff))
        .values(raw=b"", error=None, purged_at=now).returning(_M.id))]
    if not done:
        return [], 0
    replies = s.execute(update(OUTBOX).where(_O.message_row.in_(done), _O.state.in_(FINISHED_REPLIES),
                                             func.length(_O.raw) > 0).values(raw=b""))
    return done, int(replies.rowcount)


def would_drop(s: Connection, cutoff: datetime) -> tuple[int, int, int]:
    """(messages, bytes, replies) a purge at `cutoff` would drop, changing nothing."""
    messages, size = s.execute(
        select(func.count(), func.coalesce(func.sum(func.length(_M.raw)), 0)).where(_purgeable(cutoff))
    ).one()
    replies = s.scalar(select(func.count()).select_from(OUTBOX).where(
        _O.message_row.in_(select(_M.id).where(_purgeable(cutoff))), _O.state.in_(FINISHED_REPLIES),
        func.length(_O.raw) > 0))
    return int(messages), int(size), int(replies or 0)
