"""Queries on the mail side's tables (messages, outbox, leases); the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, case, func, insert, literal_column, select, true, update
from sqlalchemy.orm import Session

from mailreader.db.models import Message, Outbox
from mailreader.db.states import ORIGINALS, MessageState, ReplyState, ServerState

OUTBOX = cast(Table, Outbox.__table__)  # declarative tables are typed as FromClause
MESSAGES = cast(Table, Message.__table__)
# The statements run for every mail or reply (the _UPPER_CASE ones below) are built once,
# with bound parameters: building a SQLAlchemy statement and its cache key costs more
# than SQLite takes to run it.


def watermark(s: Session, mailbox: str, uidvalidity: int) -> int:
    """The highest UID already stored: every UID above it is new."""
    found = s.scalar(
        select(func.max(Message.uid)).where(
            Message.mailbox == mailbox, Message.uidvalidity == uidvalidity
        )
    )
    return int(found or 0)


def ids_at(s: Connection, mailbox: str, uidvalidity: int, uids: Sequence[int]) -> dict[int, int]:
    """Row ids of the messages already stored at these UIDs, by UID."""
    if not uids:
        return {}
    m = MESSAGES.c
    rows = s.execute(
        select(m.uid, m.id).where(
            m.mailbox == mailbox, m.uidvalidity == uidvalidity, m.uid.between(min(uids), max(uids)),
        )
    ).all()
    wanted = set(uids)
    return {uid: row_id for uid, row_id in rows if uid in wanted}


_ADD_MESSAGES = insert(MESSAGES).returning(MESSAGES.c.id, sort_by_parameter_order=True)


def add_messages(s: Connection, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert new message rows in one statement; their ids, in the order given."""
    if not rows:
        return []
    return list(s.execute(_ADD_MESSAGES, list(rows)).scalars())


def unfinished(s: Session, mailbox: str, limit: int) -> list[int]:
    """Ids of messages stored but not yet decided (a crash or an error interrupted them)."""
    return list(s.scalars(
        select(Message.id).where(Message.state == MessageState.STORED, Message.mailbox == mailbox)
        .order_by(Message.id).limit(limit)
    ))


def oldest_undecided(s: Session, mailbox: str) -> tuple[int, int, datetime, int] | None:
    """(id, uid, stored at, attempts) of the mailbox's oldest message not yet decided."""
    row = s.execute(
        select(Message.id, Message.uid, Message.received_at, Message.attempts)
        .where(Message.state == MessageState.STORED, Message.mailbox == mailbox)
        .order_by(Message.id).limit(1)
    ).first()
    return None if row is None else (row[0], row[1], row[2], row[3])


def pending_moves(s: Session, mailbox: str, limit: int) -> list[tuple[int, int, int, str | None]]:
    """(id, uid, uidvalidity, target folder) of decided messages not yet moved on the server."""
    rows = s.execute(
        select(Message.id, Message.uid, Message.uidvalidity, Message.target_folder)
        .where(Message.mailbox == mailbox, Message.server_state == ServerState.PENDING,
               Message.state != MessageState.STORED)
        .order_by(Message.id)
        .limit(limit)
    ).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


@dataclass
class Working:
    """A messages row while it is decided: read with one statement, written back with one
    (a plain row costs a fraction of an ORM object's load and flush)."""

    id: int
    uid: int
    message_id: str | None
    content_hash: str
    size: int
    raw: bytes
    state: MessageState
    action: str | None
    reason: str | None
    outcome: str | None
    decision: str | None
    error: str | None
    attempts: int
    server_state: ServerState
    target_folder: str | None
    decided_at: datetime | None
    no_reply: str | None = None
    duplicate_of: int | None = None
    # Not columns: set while deciding. `answered`: run again after it was answered
    # (`reprocess --force`); `reply`: what became of its reply, for the outcome's log line.
    answered: bool = False
    reply: str | None = None

    def __post_init__(self) -> None:
        # Read back as plain strings: named, so that a comparison reads as the state it is.
        self.state, self.server_state = MessageState(self.state), ServerState(self.server_state)


_M = MESSAGES.c
_WORKING = select(_M.id, _M.uid, _M.message_id, _M.content_hash, _M.size, _M.raw, _M.state, _M.action,
                  _M.reason, _M.outcome, _M.decision, _M.error, _M.attempts, _M.server_state,
                  _M.target_folder, _M.decided_at, _M.no_reply,
                  _M.duplicate_of).where(_M.id == bindparam("id"))
_WORKING_LOCKED = _WORKING.with_for_update()
#: Written back: what deciding may change (an UPDATE's parameters may not be named like its columns).
_SAVE = update(MESSAGES).where(_M.id == bindparam("b_id"))
_COUNT_ATTEMPT = (update(MESSAGES).where(_M.id == bindparam("b_id"), _M.state == MessageState.STORED.value)
                  .values(attempts=_M.attempts + 1))


def working(s: Connection, row_id: int, *, lock: bool = True) -> Working | None:
    """The row to decide; locked against other instances (FOR UPDATE, which SQLite, with
    its one writer, does without)."""
    row = s.execute(_WORKING_LOCKED if lock else _WORKING, {"id": row_id}).first()
    return None if row is None else Working(**row._mapping)


def save(s: Connection, w: Working) -> None:
    s.execute(_SAVE, {"b_id": w.id, "state": w.state, "action": w.action, "reason": w.reason,
                      "outcome": w.outcome, "decision": w.decision, "error": w.error,
                      "attempts": w.attempts,
                      "server_state": w.server_state, "target_folder": w.target_folder,
                      "decided_at": w.decided_at, "no_reply": w.no_reply, "duplicate_of": w.duplicate_of})


def count_attempt(s: Connection, row_id: int) -> bool:
    """One more attempt at a stored message; False when it is no longer stored."""
    return bool(s.execute(_COUNT_ATTEMPT, {"b_id": row_id}).rowcount)


# Table columns, not ORM attributes (an ORM-enabled SELECT costs about three times as
# much to run), and the states written into the SQL: an "expanding" IN list is rebuilt
# on every execution.
_EARLIER = (
    select(_M.id, _M.action)
    .where(_M.content_hash == bindparam("hash"), _M.id != bindparam("id"),
           _M.state.in_([literal_column(f"'{state}'") for state in ORIGINALS]))
    .order_by(_M.id).limit(1)
)
_EARLIER_SAME_ID = _EARLIER.where(_M.message_id == bindparam("message_id"))


def earlier_copy(s: Connection, msg: Working) -> tuple[int, str | None] | None:
    """(id, action) of the same mail (same Message-ID and content hash) already decided
    under another UID."""
    params = {"hash": msg.content_hash, "id": msg.id}
    if msg.message_id:
        row = s.execute(_EARLIER_SAME_ID, {**params, "message_id": msg.message_id}).first()
    else:
        row = s.execute(_EARLIER, params).first()
    return None if row is None else (row[0], row[1])


def failed(s: Session, since: datetime | None = None) -> Sequence[Message]:
    q = select(Message).where(Message.state == MessageState.FAILED)
    if since is not None:
        q = q.where(Message.received_at >= since)
    return s.scalars(q.order_by(Message.id)).all()


_O = OUTBOX.c
# Counted up to the cap only, and not at all while the outbox's highest id is below the
# cap: ids are distinct positive integers, so the table holds at most max(id) rows (CASE
# runs its subquery only when that bound does not settle it). Counting every first contact
# of the hour cost one row per reply already queued, for every mail: in a backlog drained
# within the hour, time growing with the square of its size.
_FIRST_CONTACTS = case(
    (select(func.coalesce(func.max(_O.id), 0)).scalar_subquery() < bindparam("cap"), 0),
    else_=select(func.count()).select_from(
        select(literal_column("1")).select_from(OUTBOX).where(
            _O.created_at >= bindparam("hour"), _O.first_contact.is_(True),
        ).limit(bindparam("cap")).subquery()).scalar_subquery())
_EVER = select(select(_O.id).where(_O.recipient_key == bindparam("key")).limit(1).scalar_subquery()
               .label("ever")).subquery("e")
# The first contacts are counted only for an address never answered (the cap is about those).
_FLAGS = select(_EVER.c.ever, case((_EVER.c.ever.is_(None), _FIRST_CONTACTS), else_=0)
                .label("first_contacts")).subquery("f")
_KINDS = select(_O.id, _O.kind, _O.reason_key).where(
    _O.recipient_key == bindparam("key"), _O.created_at >= bindparam("since")).subquery("k")
#: One row of flags, joined with today's replies when there are any.
_REPLY_HISTORY = (select(_FLAGS.c.ever, _FLAGS.c.first_contacts, _KINDS.c.kind, _KINDS.c.reason_key)
                  .select_from(_FLAGS.outerjoin(_KINDS, true())).order_by(_KINDS.c.id))


@dataclass(frozen=True)
class ReplyHistory:
    """What deciding a reply to one address needs to know of the replies queued before."""

    #: (kind, reason_key) of every reply queued to the address since the start of the day.
    today: list[tuple[str, str | None]]
    #: Whether any reply was ever queued to the address.
    ever: bool
    #: For an address never answered: whether the cap of first contacts in the hour is reached.
    capped: bool


def reply_history(s: Connection, to_addr: str, since: datetime, hour: datetime, cap: int) -> ReplyHistory:
    """The replies queued to `to_addr` since `since`, whether it was ever answered, and whether
    `cap` replies queued since `hour` were the first to their address: one statement (one
    round trip on PostgreSQL, where three were)."""
    rows = s.execute(_REPLY_HISTORY, {"key": to_addr.lower(), "since": since, "hour": hour,
                                      "cap": cap}).all()
    ever, first_contacts = rows[0][0], rows[0][1]
    return ReplyHistory(today=[(r[2], r[3]) for r in rows if r[2] is not None], ever=ever is not None,
                        capped=ever is None and int(first_contacts) >= cap)


_ADD_REPLY = insert(OUTBOX)


def add_reply(s: Connection, values: dict[str, Any]) -> None:
    """Queue a reply row (a Core INSERT: one per reply, no object to keep)."""
    s.execute(_ADD_REPLY, values)


_DUE = (select(OUTBOX.c.id)
        .where(OUTBOX.c.state == ReplyState.QUEUED.value, OUTBOX.c.next_attempt_at <= bindparam("now"))
        .order_by(OUTBOX.c.id).limit(bindparam("limit")))
_DUE_PG = _DUE.with_for_update(skip_locked=True)


def due_replies(s: Connection, now: datetime, limit: int) -> list[int]:
    """Ids of queued replies whose time has come, locked so that no other instance sends
    them (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite has one writer anyway)."""
    pg = s.dialect.name == "postgresql"
    return list(s.scalars(_DUE_PG if pg else _DUE, {"now": now, "limit": limit}))


def outbox_depth(s: Session) -> tuple[int, datetime | None]:
    row = s.execute(
        select(func.count(Outbox.id), func.min(Outbox.created_at)).where(Outbox.state == ReplyState.QUEUED)
    ).one()
    return int(row[0]), row[1]


@dataclass(frozen=True)
class ReplyToSend:
    id: int
    to_addr: str
    envelope_from: str
    message_id: str
    kind: str
    raw: bytes
    attempts: int


_LOCK_REPLY = select(OUTBOX.c.id, OUTBOX.c.to_addr, OUTBOX.c.envelope_from, OUTBOX.c.message_id,
                     OUTBOX.c.kind, OUTBOX.c.raw, OUTBOX.c.attempts).where(
    OUTBOX.c.id == bindparam("id"), OUTBOX.c.state == ReplyState.QUEUED.value)
_LOCK_REPLY_PG = _LOCK_REPLY.with_for_update(skip_locked=True)


def lock_reply(s: Connection, reply_id: int) -> ReplyToSend | None:
    """The queued reply, locked for sending; None when sent meanwhile or locked elsewhere."""
    pg = s.dialect.name == "postgresql"
    row = s.execute(_LOCK_REPLY_PG if pg else _LOCK_REPLY, {"id": reply_id}).first()
    return None if row is None else ReplyToSend(*row)


def outcomes_since(s: Session, since: datetime) -> dict[str, int]:
    """Messages decided since `since`, counted by outcome (mailreader.db.outcomes)."""
    from mailreader.db.outcomes import outcome

    rows = s.execute(
        select(Message.state, Message.action, Message.reason, Message.outcome, func.count(Message.id))
        .where(Message.decided_at >= since)
        .group_by(Message.state, Message.action, Message.reason, Message.outcome)
    ).all()
    out: dict[str, int] = {}
    for state, action, reason, stored, n in rows:
        key = str(outcome(state, action, reason, stored))
        out[key] = out.get(key, 0) + int(n)
    return out


def failed_count(s: Session) -> int:
    return int(s.scalar(select(func.count(Message.id)).where(Message.state == MessageState.FAILED)) or 0)
