"""Queries on the queue of submissions for a remote readings service; the caller owns the
transaction. Rows are queued with the mail's decision and answered one by one
(mailreader.db.submission_models names the states)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, func, insert, select, update

from mailreader.db.states import SubmissionState as Sub
from mailreader.db.submission_models import RemoteSubmission

#: The `last_error` of a submission held back because the service refuses us (401/403...).
REFUSED = "refused: "
SUBMISSIONS = cast(Table, RemoteSubmission.__table__)
_C = SUBMISSIONS.c


def idempotency_key(message_id: str | None, content_hash: str, row_id: int, account: str,
                    values: Mapping[str, int], sender: str | None = None) -> str:
    """The key a submission is sent with, the same at every retry of it: derived from the
    message's stored identity (its Message-ID, content hash and row) and what it submits
    for the account. The values are part of it so that a forced reprocess that reads the
    mail differently submits anew, while one that reads it the same is answered with the
    first answer (the service replays a key it knows). The sender too: a service refuses a
    known key sent with another body (422), and a reprocess after [trust] changed may
    verify the sender differently."""
    canonical = json.dumps([message_id or "", content_hash, row_id, account, sorted(values.items()),
                            sender],
                           ensure_ascii=True, separators=(",", ":"))
    return "mr1-" + hashlib.sha256(canonical.encode()).hexdigest()[:56]


@dataclass(frozen=True)
class Queued:
    """A submission to send."""

    id: int
    message_row: int
    account: str
    values: dict[str, int]
    source: str
    sender: str | None
    key: str
    attempts: int

    def body(self) -> dict[str, Any]:
        """The API's request body (channel e-mail)."""
        return {"account": self.account, "values": self.values, "channel": "email",
                "source": self.source, "sender": self.sender}


_ADD = insert(SUBMISSIONS)


def enqueue(s: Connection, message_row: int, items: Sequence[tuple[str, Mapping[str, int]]], *,
            message_id: str | None, content_hash: str, source: str, sender: str | None,
            at: datetime, answered_before: bool = False) -> None:
    """Queue one submission per (account, values) of a mail, due now; an earlier decision's
    are kept as `replaced` (the reply is rendered from this decision's answers alone)."""
    s.execute(update(SUBMISSIONS).where(_C.message_row == message_row).values(state=Sub.REPLACED))
    s.execute(_ADD, [{
        "message_row": message_row, "account": account, "values": json.dumps(dict(values)),
        "source": source, "sender": sender,
        "idempotency_key": idempotency_key(message_id, content_hash, message_row, account, values, sender),
        "state": Sub.QUEUED, "attempts": 0, "created_at": at, "next_attempt_at": at,
        "answered_before": answered_before,
    } for account, values in items])


_DUE = (select(_C.id, _C.message_row, _C.account, _C["values"], _C.source, _C.sender, _C.idempotency_key,
               _C.attempts)
        .where(_C.state == Sub.QUEUED, _C.next_attempt_at <= bindparam("now"))
        .order_by(_C.id).limit(bindparam("limit")))


def due(s: Connection, now: datetime, limit: int) -> list[Queued]:
    """Queued submissions whose time has come, oldest first."""
    return [Queued(row_id, row, account, json.loads(values), source, sender, key, attempts)
            for row_id, row, account, values, source, sender, key, attempts
            in s.execute(_DUE, {"now": now, "limit": limit})]


_SET = update(SUBMISSIONS).where(_C.id == bindparam("b_id"), _C.state == Sub.QUEUED)


def store_answer(s: Connection, sub_id: int, answer: Mapping[str, Any], *, replayed: bool,
                 at: datetime) -> bool:
    """Keep the service's answer; False when it was no longer queued (answered meanwhile)."""
    done = s.execute(_SET, {"b_id": sub_id, "state": Sub.ANSWERED, "answer": json.dumps(answer),
                            "replayed": replayed, "answered_at": at, "last_error": None})
    return bool(done.rowcount)


_DEFER = _SET.values(attempts=_C.attempts + 1)


def defer(s: Connection, sub_id: int, until: datetime, error: str) -> None:
    """One more failed attempt: sent again at `until`."""
    s.execute(_DEFER, {"b_id": sub_id, "next_attempt_at": until, "last_error": error[:2000]})


def reject(s: Connection, sub_id: int, error: str) -> None:
    s.execute(_SET, {"b_id": sub_id, "state": Sub.REJECTED, "last_error": error[:2000]})


def cancel_queued(s: Connection, message_row: int, why: str) -> None:
    """The message's submissions not sent yet are given up (the message was set aside)."""
    s.execute(update(SUBMISSIONS).where(_C.message_row == message_row, _C.state == Sub.QUEUED)
              .values(state=Sub.CANCELLED, last_error=why))


_OPEN = select(func.count()).select_from(SUBMISSIONS).where(
    _C.message_row == bindparam("row"), _C.state == Sub.QUEUED)
_ANSWERS = (select(_C.answer, _C.replayed, _C.answered_before)
            .where(_C.message_row == bindparam("row"), _C.state == Sub.ANSWERED).order_by(_C.id))


def still_queued(s: Connection, message_row: int) -> int:
    return int(s.execute(_OPEN, {"row": message_row}).scalar_one())


def answers(s: Connection, message_row: int) -> list[tuple[dict[str, Any], bool, bool]]:
    """(answer JSON, replayed, queued by a forced reprocess) of the message's answered
    submissions, in the order they were queued."""
    return [(json.loads(a), bool(r), bool(b)) for a, r, b in s.execute(_ANSWERS, {"row": message_row})]


@dataclass(frozen=True)
class Pending:
    """What `mailreader status` says about the queue."""

    count: int
    oldest: datetime | None
    attempts: int  # of the oldest
    last_error: str | None  # of the oldest


def pending(s: Connection) -> Pending:
    count = int(s.execute(select(func.count()).select_from(SUBMISSIONS)
                          .where(_C.state == Sub.QUEUED)).scalar_one())
    first = s.execute(select(_C.created_at, _C.attempts, _C.last_error).where(_C.state == Sub.QUEUED)
                      .order_by(_C.id).limit(1)).first()
    if first is None:
        return Pending(count, None, 0, None)
    return Pending(count, first[0], first[1], first[2])
