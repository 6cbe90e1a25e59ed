"""What deciding a reply reads of the replies queued before (`messages.reply_history`), in one
statement, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from mailreader.db import messages as q
from mailreader.db.engine import make_engine
from mailreader.db.schema import upgrade

T0 = datetime(2026, 11, 20, 12, tzinfo=UTC)


def _reply(n: int, to: str, at: datetime, *, kind: str = "result", reason: str | None = None,
           first: bool = False) -> dict[str, object]:
    return {"kind": kind, "reason_key": reason, "to_addr": to, "recipient_key": to.lower(),
            "envelope_from": "e@x", "message_id": f"<{n}@x>", "raw": b"x", "state": "sent", "attempts": 0,
            "created_at": at, "next_attempt_at": at, "first_contact": first}


def test_today_ever_and_the_hourly_cap(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    with engine.begin() as s:
        # Nothing queued yet: never answered, under any cap (the outbox is empty).
        assert q.reply_history(s, "a@x", T0, T0, 1) == q.ReplyHistory([], ever=False, capped=False)
        s.execute(insert(q.OUTBOX), [
            _reply(1, "A@x", T0 - timedelta(days=1), first=True),  # yesterday: ever, not today
            _reply(2, "a@x", T0 + timedelta(minutes=1), kind="rejection", reason="no_account"),
            _reply(3, "a@x", T0 + timedelta(minutes=2)),
            _reply(4, "b@x", T0 + timedelta(minutes=3), first=True),
            _reply(5, "c@x", T0 + timedelta(minutes=4), first=True),
        ])
        a = q.reply_history(s, "a@X", T0, T0, 2)
        assert a == q.ReplyHistory([("rejection", "no_account"), ("result", None)], ever=True, capped=False)
        # A new address: two first contacts since T0 reach a cap of two, not one of three.
        assert q.reply_history(s, "new@x", T0, T0, 2) == q.ReplyHistory([], ever=False, capped=True)
        assert not q.reply_history(s, "new@x", T0, T0, 3).capped
        # The first contact of the day before is out of the hour.
        assert not q.reply_history(s, "new@x", T0, T0 + timedelta(minutes=3, seconds=30), 2).capped
        # A cap above the outbox's size is not even counted (and not reached).
        assert not q.reply_history(s, "new@x", T0, T0 - timedelta(days=2), 6).capped
        assert q.reply_history(s, "new@x", T0, T0 - timedelta(days=2), 3).capped
    engine.dispose()
