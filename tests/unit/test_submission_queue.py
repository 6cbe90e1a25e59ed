"""The queue of submissions for a remote readings service, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from mailreader.db import messages as q
from mailreader.db import submissions as subq

T0 = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


@pytest.fixture
def engine(migrated_engine: Engine) -> Engine:
    return migrated_engine


def _message(engine: Engine, uid: int) -> int:
    with engine.begin() as s:
        (row,) = q.add_messages(s, [{
            "mailbox": "INBOX", "uidvalidity": 1, "uid": uid, "raw": b"x", "size": 1,
            "message_id": f"<{uid}@x>", "content_hash": f"h{uid}", "state": "submitted", "attempts": 1,
            "server_state": "pending", "received_at": T0}])
    return row


def test_the_key_is_the_message_s_and_the_account_s_and_stable() -> None:
    key = subq.idempotency_key("<a@x>", "h", 7, "121000000000", {"t1": 5})
    assert key == subq.idempotency_key("<a@x>", "h", 7, "121000000000", {"t1": 5})
    assert key.startswith("mr1-") and len(key) <= 64
    others = {subq.idempotency_key("<b@x>", "h", 7, "121000000000", {"t1": 5}),
              subq.idempotency_key("<a@x>", "h2", 7, "121000000000", {"t1": 5}),
              subq.idempotency_key("<a@x>", "h", 8, "121000000000", {"t1": 5}),
              subq.idempotency_key("<a@x>", "h", 7, "121000000001", {"t1": 5}),
              subq.idempotency_key("<a@x>", "h", 7, "121000000000", {"t1": 6}),
              subq.idempotency_key(None, "h", 7, "121000000000", {"t1": 5}),
              subq.idempotency_key("<a@x>", "h", 7, "121000000000", {"t1": 5}, "ivan@example.org")}
    assert key not in others and len(others) == 7


def test_queued_sent_deferred_answered(engine: Engine) -> None:
    row = _message(engine, 1)
    with engine.begin() as s:
        subq.enqueue(s, row, [("121000000000", {"t1": 5}), ("121000000001", {"t1": 6, "t2": 7})],
                     message_id="<1@x>", content_hash="h1", source="<1@x>", sender=None, at=T0)
    with engine.begin() as s:
        due = subq.due(s, T0, 10)
        assert [(d.account, d.values, d.attempts) for d in due] == [
            ("121000000000", {"t1": 5}, 0), ("121000000001", {"t1": 6, "t2": 7}, 0)]
        assert due[0].body() == {"account": "121000000000", "values": {"t1": 5}, "channel": "email",
                                 "source": "<1@x>", "sender": None}
        assert subq.pending(s) == subq.Pending(2, s.execute(subq.SUBMISSIONS.select()).first().created_at,
                                               0, None)
        subq.defer(s, due[0].id, T0 + timedelta(seconds=5), "readings service: connection refused")
    with engine.begin() as s:
        assert [d.account for d in subq.due(s, T0, 10)] == ["121000000001"]
        later = subq.due(s, T0 + timedelta(seconds=5), 10)
        assert [(d.account, d.attempts) for d in later] == [("121000000000", 1), ("121000000001", 0)]
        assert subq.pending(s).last_error == "readings service: connection refused"
        assert subq.store_answer(s, later[0].id, {"status": "recorded"}, replayed=True, at=T0)
        assert not subq.store_answer(s, later[0].id, {"status": "recorded"}, replayed=False, at=T0)
        assert subq.still_queued(s, row) == 1
        assert subq.store_answer(s, later[1].id, {"status": "unknown_account"}, replayed=False, at=T0)
        assert subq.still_queued(s, row) == 0
        assert subq.answers(s, row) == [({"status": "recorded"}, True, False),
                                        ({"status": "unknown_account"}, False, False)]
        assert subq.pending(s) == subq.Pending(0, None, 0, None)


def test_a_rejection_cancels_the_rest_and_a_new_decision_replaces_the_old(engine: Engine) -> None:
    row, other = _message(engine, 1), _message(engine, 2)
    with engine.begin() as s:
        for r in (row, other):
            subq.enqueue(s, r, [("121000000000", {"t1": 5}), ("121000000001", {"t1": 6})],
                         message_id=None, content_hash="h", source=f"message:{r}", sender=None, at=T0)
    with engine.begin() as s:
        first = subq.due(s, T0, 10)[0]
        subq.reject(s, first.id, "422")
        subq.cancel_queued(s, row, "another submission of this mail was rejected")
        assert [d.message_row for d in subq.due(s, T0, 10)] == [other, other]
        subq.enqueue(s, row, [("121000000000", {"t1": 7})], message_id=None, content_hash="h",
                     source=f"message:{row}", sender=None, at=T0, answered_before=True)
        states = [r.state for r in s.execute(subq.SUBMISSIONS.select()
                                             .where(subq.SUBMISSIONS.c.message_row == row)
                                             .order_by(subq.SUBMISSIONS.c.id))]
        assert states == ["replaced", "replaced", "queued"]
        assert [d.values for d in subq.due(s, T0, 10) if d.message_row == row] == [{"t1": 7}]
