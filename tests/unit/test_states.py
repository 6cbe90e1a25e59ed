"""The state machine's moves (mailreader.db.transitions): each legal one does what its name
says, any other is refused before it is written; the SQL ones on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Connection, Engine, insert, select

from mailreader.daemon.cycle import poll_once
from mailreader.db import messages as q
from mailreader.db import transitions as t
from mailreader.db.messages import MESSAGES, OUTBOX, Working
from mailreader.db.states import (
    TRANSITIONS,
    MessageState,
    ReplyState,
    ServerState,
    SetAsideReason,
    legal,
)
from mailreader.errors import IllegalTransition
from mailreader.ops.status import collect
from tests.world import World, mail

AT = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
S = MessageState


def _row(state: MessageState = S.STORED, **kw: object) -> Working:
    fields: dict[str, object] = {
        "id": 7, "uid": 40, "message_id": "<m@x>", "content_hash": "h", "size": 10, "raw": b"x",
        "state": state, "action": None, "reason": None, "outcome": None, "decision": None,
        "error": None, "attempts": 1, "server_state": "pending", "target_folder": None,
        "decided_at": None}
    fields.update(kw)
    return Working(**fields)  # type: ignore[arg-type]


def test_a_row_read_back_names_its_states() -> None:
    w = _row("failed", server_state="moved")  # type: ignore[arg-type]
    assert w.state is S.FAILED and w.server_state is ServerState.MOVED
    with pytest.raises(ValueError, match="'lost'"):
        _row("lost")  # type: ignore[arg-type]


def test_the_table_names_every_state_and_discarded_is_one() -> None:
    assert set(TRANSITIONS) == set(MessageState)
    assert MessageState("discarded") is S.DISCARDED
    assert [s for s in MessageState if legal(s, S.DISCARDED)] == [S.FAILED]
    # Every decided mail may be run again, except one waiting for the remote readings
    # service's answers: its submissions are out, and a new decision would not cancel them.
    assert all(legal(s, S.STORED) for s in MessageState if s not in (S.STORED, S.SUBMITTED))
    assert not legal(S.STORED, S.STORED) and not legal(S.SUBMITTED, S.STORED)


def test_a_submitted_mail_is_answered_or_set_aside() -> None:
    w = _row()
    t.mark_submitted(w, action="record", decision="{}", at=AT, folder="Processed")
    assert (w.state, w.target_folder, w.server_state) == (S.SUBMITTED, "Processed", ServerState.PENDING)
    t.mark_answered(w, "refused", "unknown_account")
    assert (w.state, w.outcome, w.reason) == (S.PROCESSED, "refused", "unknown_account")
    with pytest.raises(IllegalTransition):
        t.mark_answered(w, "recorded", None)  # processed already
    assert [s for s in MessageState if legal(S.SUBMITTED, s)] == [S.PROCESSED, S.FAILED]


@pytest.mark.parametrize(("state", "folder", "server"), [
    (S.PROCESSED, "Processed", ServerState.PENDING), (S.IGNORED, None, ServerState.LEFT)])
def test_mark_decided(state: MessageState, folder: str | None, server: ServerState) -> None:
    w = _row(outcome="stale")
    t.mark_decided(w, state, action="record", reason=None, decision="{}", at=AT, folder=folder)
    assert (w.state, w.action, w.outcome, w.decision, w.decided_at, w.target_folder, w.server_state) == (
        state, "record", None, "{}", AT, folder, server)


def test_mark_told_only_on_a_processed_row() -> None:
    w = _row()
    with pytest.raises(IllegalTransition):
        t.mark_told(w, "refused", "unknown_account")
    t.mark_decided(w, S.PROCESSED, action="record", reason=None, decision="{}", at=AT, folder="P")
    t.mark_told(w, "refused", "unknown_account")
    assert (w.outcome, w.reason) == ("refused", "unknown_account")


def test_mark_duplicate_names_its_original_not_a_reason() -> None:
    w = _row(reason="too_large")
    t.mark_duplicate(w, of=3, action="ignore", at=AT, folder=None)
    assert (w.state, w.duplicate_of, w.reason, w.action, w.server_state) == (
        S.DUPLICATE, 3, None, "ignore", ServerState.LEFT)


def test_set_aside() -> None:
    w = _row(outcome="recorded")
    t.set_aside(w, SetAsideReason.POISON, "gave up", at=AT, folder="Failed")
    assert (w.state, w.reason, w.error, w.outcome, w.target_folder, w.server_state, w.decided_at) == (
        S.FAILED, "poison", "gave up", None, "Failed", ServerState.PENDING, AT)


@pytest.mark.parametrize("state", [S.PROCESSED, S.IGNORED, S.DUPLICATE, S.FAILED, S.DISCARDED])
def test_a_decided_row_is_never_decided_again_without_being_reopened(state: MessageState) -> None:
    w = _row(state)
    with pytest.raises(IllegalTransition, match=f"row=7: {state} -> failed"):
        t.set_aside(w, SetAsideReason.TIMEOUT, "late", at=AT, folder="Failed")
    with pytest.raises(IllegalTransition):
        t.mark_duplicate(w, of=1, action=None, at=AT, folder=None)
    with pytest.raises(IllegalTransition):
        t.mark_decided(w, S.PROCESSED, action="record", reason=None, decision="{}", at=AT, folder="P")
    assert w == _row(state)  # nothing was written


def test_mark_decided_makes_only_decided_states() -> None:
    with pytest.raises(IllegalTransition, match="cannot make it failed"):
        t.mark_decided(_row(), S.FAILED, action="record", reason=None, decision="{}", at=AT, folder=None)


@pytest.fixture
def engine(migrated_engine: Engine) -> Engine:
    return migrated_engine


def _insert(engine: Engine, **kw: object) -> int:
    values: dict[str, object] = {
        "mailbox": "INBOX", "uidvalidity": 1, "uid": kw.pop("uid", 1), "content_hash": "h", "size": 1,
        "raw": b"x", "state": "stored", "attempts": 1, "server_state": "pending", "received_at": AT}
    values.update(kw)
    with engine.begin() as c:
        return int(c.execute(insert(MESSAGES).returning(MESSAGES.c.id), values).scalar_one())


def _state(engine: Engine, row_id: int) -> tuple[str, str, int | None]:
    with engine.connect() as c:
        row = c.execute(select(MESSAGES.c.state, MESSAGES.c.server_state, MESSAGES.c.duplicate_of)
                        .where(MESSAGES.c.id == row_id)).one()
    return row[0], row[1], row[2]


def test_discard_only_a_failed_message(engine: Engine) -> None:
    failed = _insert(engine, uid=1, state="failed")
    processed = _insert(engine, uid=2, state="processed")
    with engine.begin() as c:
        assert t.discard(c, failed) and not t.discard(c, processed) and not t.discard(c, 999)
        assert not t.discard(c, failed)  # discarded already
    assert _state(engine, failed)[0] == "discarded" and _state(engine, processed)[0] == "processed"


def test_only_a_pending_server_copy_is_marked_moved_or_gone(engine: Engine) -> None:
    pending, left, other = (_insert(engine, uid=u, state="processed", server_state=s)
                            for u, s in ((1, "pending"), (2, "left"), (3, "pending")))
    with engine.begin() as c:
        t.mark_moved(c, [pending, left])
        t.mark_gone(c, [other])
    assert [_state(engine, i)[1] for i in (pending, left, other)] == ["moved", "left", "gone"]


def test_a_decided_row_is_saved_and_read_back_with_its_original(engine: Engine) -> None:
    first = _insert(engine, uid=1, state="processed", action="record")
    second = _insert(engine, uid=2)
    with engine.begin() as c:
        w = q.working(c, second, lock=False)
        assert w is not None and w.state is S.STORED
        t.mark_duplicate(w, of=first, action="record", at=AT, folder="Processed")
        q.save(c, w)
    assert _state(engine, second) == ("duplicate", "pending", first)


def _reply(engine: Engine, attempts: int = 0) -> q.ReplyToSend:
    values = {"kind": "accepted", "to_addr": "a@x", "recipient_key": "a@x", "envelope_from": "e@x",
              "message_id": f"<r{attempts}@x>", "raw": b"r", "state": "queued", "attempts": attempts,
              "created_at": AT, "next_attempt_at": AT}
    with engine.begin() as c:
        c.execute(insert(OUTBOX), values)
        [reply_id] = q.due_replies(c, AT, 10)
        reply = q.lock_reply(c, reply_id)
    assert reply is not None
    return reply


def _reply_row(engine: Engine, reply_id: int) -> tuple[str, int, datetime]:
    with engine.connect() as c:
        row = c.execute(select(OUTBOX.c.state, OUTBOX.c.attempts, OUTBOX.c.next_attempt_at)
                        .where(OUTBOX.c.id == reply_id)).one()
    return row[0], row[1], row[2]


def test_a_reply_is_sent_or_dead_once(engine: Engine) -> None:
    reply = _reply(engine)
    with engine.begin() as c:
        t.mark_sent(c, reply, AT)
        t.mark_dead(c, reply, "refused")  # sent already: not queued, nothing changes
    assert _reply_row(engine, reply.id)[:2] == (ReplyState.SENT, 1)


def test_a_deferred_reply_waits_then_dies(engine: Engine) -> None:
    reply = _reply(engine)
    with engine.begin() as c:
        assert t.defer_reply(c, reply.id, "down", AT, (60, 300), max_attempts=3)
    state, attempts, at = _reply_row(engine, reply.id)
    assert (state, attempts) == ("queued", 1) and at.replace(tzinfo=UTC) == AT + timedelta(seconds=60)
    with engine.begin() as c:
        t.defer_reply(c, reply.id, "down", AT, (60, 300), max_attempts=3)
        assert _reply_row_in(c, reply.id) == (2, AT + timedelta(seconds=300))
        t.defer_reply(c, reply.id, "down", AT, (60, 300), max_attempts=3)
        assert not t.defer_reply(c, reply.id, "down", AT, (60, 300), max_attempts=3)
    assert _reply_row(engine, reply.id)[:2] == ("dead", 3)


def _reply_row_in(c: Connection, reply_id: int) -> tuple[int, datetime]:
    row = c.execute(select(OUTBOX.c.attempts, OUTBOX.c.next_attempt_at)
                    .where(OUTBOX.c.id == reply_id)).one()
    return row[0], row[1].replace(tzinfo=UTC)


def test_a_duplicate_names_its_original_and_counts_as_one_outcome(world: World) -> None:
    """Copies of two different mails: each copy's row names its original, its reason stays
    empty, and `status` counts them under one key (the reason no longer carries the id)."""
    for body, msgid in (("RECORD 121000000000 563", "<a@x>"), ("nothing here", "<b@x>")):
        raw = mail(body, msgid=msgid)
        for hop in ("a", "c"):
            world.server.deliver(f"Received: from {hop} by b; Sat, 21 Nov 2026 10:00:00 +0700\r\n"
                                 .encode() + raw)
    report = poll_once(world.deps)
    assert report.outcomes == {"recorded": 1, "ignored/not_readings": 1, "duplicate": 2}
    rows = world.rows()
    assert [(r.state, r.reason, r.duplicate_of) for r in rows] == [
        ("processed", None, None), ("duplicate", None, rows[0].id),
        ("ignored", "not_readings", None), ("duplicate", None, rows[2].id)]
    assert collect(world.deps, probe=False).today == report.outcomes
