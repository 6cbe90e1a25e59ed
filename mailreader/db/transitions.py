"""Every change of a message's, a server copy's or a reply's state, as one named function:
the moves of the state machine in mailreader.db.states, a message's checked before it is
made (IllegalTransition). The caller owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Connection, bindparam, select, update

from mailreader.db.messages import MESSAGES, OUTBOX, ReplyToSend, Working
from mailreader.db.models import Message
from mailreader.db.states import MessageState, ReplyState, ServerState, SetAsideReason, legal
from mailreader.errors import IllegalTransition


def _check(row_id: int, current: str, new: MessageState) -> None:
    if not legal(current, new):
        raise IllegalTransition(f"message row={row_id}: {current} -> {new} is not a move it may make")


def _server(folder: str | None) -> ServerState:
    return ServerState.PENDING if folder else ServerState.LEFT


def mark_decided(w: Working, state: MessageState, *, action: str, reason: str | None,
                 decision: str, at: datetime, folder: str | None) -> None:
    """Decided by the parser: `processed` (to `folder`) or `ignored` (left in the mailbox,
    `folder` None); `decision` is the Decision's JSON, `reason` the parser's."""
    if state not in (MessageState.PROCESSED, MessageState.IGNORED):
        raise IllegalTransition(f"message row={w.id}: mark_decided cannot make it {state}")
    _check(w.id, w.state, state)
    w.state, w.action, w.reason, w.outcome, w.decision = state, action, reason, None, decision
    w.decided_at, w.target_folder, w.server_state = at, folder, _server(folder)


def mark_submitted(w: Working, *, action: str, decision: str, at: datetime, folder: str) -> None:
    """Decided, its readings queued for the remote readings service: filed now, answered
    when the service has answered (`mark_answered`)."""
    _check(w.id, w.state, MessageState.SUBMITTED)
    w.state, w.action, w.reason, w.outcome, w.decision = MessageState.SUBMITTED, action, None, None, decision
    w.decided_at, w.target_folder, w.server_state = at, folder, ServerState.PENDING


def mark_answered(w: Working, outcome: str, reason: str | None) -> None:
    """The remote service answered every submission of a submitted mail: processed, with
    what the resident is told."""
    _check(w.id, w.state, MessageState.PROCESSED)
    w.state, w.outcome, w.reason = MessageState.PROCESSED, outcome, reason


def mark_told(w: Working, outcome: str, reason: str | None) -> None:
    """What the resident was told about a processed `record` mail (mailreader.db.outcomes), and
    why when readings were refused."""
    if w.state != MessageState.PROCESSED:
        raise IllegalTransition(f"message row={w.id}: {w.state}, not processed, has no told outcome")
    w.outcome, w.reason = outcome, reason


def mark_duplicate(w: Working, *, of: int, action: str | None, at: datetime, folder: str | None) -> None:
    """The same mail as row `of`, decided before (answered once already): filed as it was."""
    _check(w.id, w.state, MessageState.DUPLICATE)
    w.state, w.action, w.reason, w.duplicate_of = MessageState.DUPLICATE, action, None, of
    w.decided_at, w.target_folder, w.server_state = at, folder, _server(folder)


def set_aside(w: Working, reason: SetAsideReason, error: str, *, at: datetime, folder: str) -> None:
    """Into the failed folder with its reason: ops reprocess it or discard it."""
    _check(w.id, w.state, MessageState.FAILED)
    w.state, w.reason, w.error, w.outcome = MessageState.FAILED, reason, error, None
    w.decided_at, w.target_folder, w.server_state = at, folder, ServerState.PENDING


def reopen(msg: Message) -> None:
    """Back to `stored`, to be decided again from its bytes (`reprocess`): what the last
    decision wrote is cleared; where the server copy is stays known."""
    _check(msg.id, msg.state, MessageState.STORED)
    msg.state, msg.attempts, msg.error, msg.action = MessageState.STORED, 0, None, None
    msg.reason = msg.outcome = msg.no_reply = None
    msg.duplicate_of = None


_DISCARD = (update(MESSAGES).where(MESSAGES.c.id == bindparam("b_id"),
                                   MESSAGES.c.state == MessageState.FAILED.value)
            .values(state=MessageState.DISCARDED.value))


def discard(s: Connection, row_id: int) -> bool:
    """Give up on a failed message (`failed discard`); False when there is no failed message
    with that id."""
    return bool(s.execute(_DISCARD, {"b_id": row_id}).rowcount)


def _set_server(s: Connection, ids: Sequence[int], state: ServerState) -> None:
    # Only a move the database committed to (pending) is marked done.
    s.execute(update(MESSAGES).where(MESSAGES.c.id.in_(ids),
                                     MESSAGES.c.server_state == ServerState.PENDING.value)
              .values(server_state=state.value))


def mark_moved(s: Connection, ids: Sequence[int]) -> None:
    """The server copies were moved to their target folders."""
    _set_server(s, ids, ServerState.MOVED)


def mark_gone(s: Connection, ids: Sequence[int]) -> None:
    """The mailbox's UIDVALIDITY changed: these UIDs name nothing any more (RFC 3501 §2.3.1.1)."""
    _set_server(s, ids, ServerState.GONE)


_REPLY_DONE = update(OUTBOX).where(OUTBOX.c.id == bindparam("reply_id"),
                                   OUTBOX.c.state == ReplyState.QUEUED.value)


def mark_sent(s: Connection, reply: ReplyToSend, at: datetime) -> None:
    """The SMTP server accepted the reply."""
    s.execute(_REPLY_DONE, {"reply_id": reply.id, "state": ReplyState.SENT.value, "sent_at": at,
                            "attempts": reply.attempts + 1})


def mark_dead(s: Connection, reply: ReplyToSend, error: str) -> None:
    """The SMTP server refused the reply for good."""
    s.execute(_REPLY_DONE, {"reply_id": reply.id, "state": ReplyState.DEAD.value, "last_error": error})


_REPLY_ATTEMPTS = select(OUTBOX.c.attempts).where(OUTBOX.c.id == bindparam("id"),
                                                 OUTBOX.c.state == ReplyState.QUEUED.value)


def defer_reply(s: Connection, reply_id: int, error: str, now: datetime, backoff: Sequence[int],
                max_attempts: int) -> bool:
    """A failed try at a queued reply: tried again after the next step of `backoff` (seconds),
    given up (dead) at `max_attempts`. False when it is no longer queued."""
    attempts = s.execute(_REPLY_ATTEMPTS, {"id": reply_id}).scalar()
    if attempts is None:
        return False
    attempts += 1
    values: dict[str, object] = {"attempts": attempts, "last_error": error}
    if attempts >= max_attempts:
        values["state"] = ReplyState.DEAD.value
    else:
        values["next_attempt_at"] = now + timedelta(seconds=backoff[min(attempts, len(backoff)) - 1])
    s.execute(_REPLY_DONE, {"reply_id": reply_id, **values})
    return True
