"""Sends the submissions queued for a remote readings service and answers each mail from
the service's answers, once all of its submissions have one.

    decided: submissions queued, mail "submitted", moved on the server (one commit each)
    → each submission POSTed with its idempotency key (no transaction open meanwhile)
    → its answer stored; the mail's last one also renders the reply, queues it and marks
      the mail "processed" (one commit)

It runs in the poller, after each batch's commits and moves and once per cycle for the
retries that came due, so the courier stays free of parsers and templates. A crash
anywhere re-sends at most a submission whose answer was not yet stored, with the same
key: the service answers it with its first answer, and the reply goes once.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

import parsers
from mailreader import db
from mailreader.daemon import respond
from mailreader.daemon.message import outcome_and_move, set_aside
from mailreader.daemon.replying import queue_reply
from mailreader.db import messages as q
from mailreader.db import submissions as subq
from mailreader.db import transitions as t
from mailreader.db.outcomes import of_results
from mailreader.db.states import MessageState, SetAsideReason
from mailreader.errors import ReadingsServiceRefused, ReadingsServiceUnavailable, SubmissionRejected
from mailreader.ops.report import CycleReport
from replies.model import ACCOUNT_STATUSES

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from mailreader.daemon.deps import Deps
    from mailreader.readings.client import Answer

log = logging.getLogger(__name__)

#: Submissions read from the queue at a time.
BATCH = 200
#: The first wait after the service failed, doubled at each failure in a row up to the cap.
BACKOFF_FIRST = 5.0
BACKOFF_CAP = 300.0


class Client(Protocol):
    """What sending needs of mailreader.readings.client.ReadingsClient (a fake in tests)."""

    def submit(self, body: Mapping[str, Any], key: str) -> Answer: ...


@dataclass
class Submitter:
    """The poller's handle on the remote service: its client (made at the first use) and
    when it may be tried again after failing. The waits are the process's: a restarted
    daemon tries at once, the queue itself is in the database."""

    make_client: Callable[[], Client]
    random: Callable[[], float] = random.random
    failures: int = 0
    down_until: datetime | None = None
    refused: str | None = None  # the refusal last logged, so that it is logged once
    _client: Client | None = field(default=None, repr=False)

    @property
    def client(self) -> Client:
        if self._client is None:
            self._client = self.make_client()
        return self._client

    def failed(self, now: datetime) -> datetime:
        """Note a failure; when to try again: 5 s doubling to 5 min, each wait drawn from
        its upper three quarters (jitter, so that instances do not retry in step)."""
        self.failures += 1
        wait = min(BACKOFF_CAP, BACKOFF_FIRST * 2 ** (self.failures - 1))
        self.down_until = now + timedelta(seconds=wait * (0.75 + 0.25 * self.random()))
        return self.down_until

    def answered(self) -> None:
        if self.failures or self.refused:
            log.info("the readings service answers again; sending the queued submissions")
        self.failures, self.down_until, self.refused = 0, None, None


def drain_submissions(deps: Deps, report: CycleReport) -> None:
    """Send every due submission while the service answers, and queue the replies of the
    mails now fully answered; the first failure ends the round (the rest wait for the same
    backoff). Nothing with the built-in service."""
    sub = deps.submitter
    if sub is None or report.db_error or (sub.down_until is not None and deps.now() < sub.down_until):
        return
    while True:
        with db.unit(deps.sessions) as s:
            todo = subq.due(s, deps.now(), BATCH)
        for item in todo:
            if deps.stop_requested() or not _send(deps, sub, item, report):
                return
        if len(todo) < BATCH:
            return


def _send(deps: Deps, sub: Submitter, item: subq.Queued, report: CycleReport) -> bool:
    """One submission; False when the service failed and the rest must wait."""
    try:
        answer = sub.client.submit(item.body(), item.key)
        if answer.result.status not in ACCOUNT_STATUSES:  # no reply is written for it
            raise ReadingsServiceRefused(f"readings service: unknown status {answer.result.status!r}")
    except ReadingsServiceUnavailable as exc:
        until = sub.failed(deps.now())
        if sub.failures == 1:
            log.warning("readings service unavailable, submissions wait (retrying with backoff): %s", exc)
        with db.unit(deps.sessions) as s:
            subq.defer(s, item.id, until, str(exc))
        report.submissions_deferred += 1
        return False
    except ReadingsServiceRefused as exc:
        # Our configuration: nothing the mail can change. Logged once, the mail is not
        # set aside, and its submissions wait until the token or the URL is put right.
        until = sub.failed(deps.now())
        if sub.refused != str(exc):
            log.error("the readings service refuses us; submissions stay queued: %s", exc)
            sub.refused = str(exc)
        with db.unit(deps.sessions) as s:
            subq.defer(s, item.id, until, subq.REFUSED + str(exc))
        report.submissions_deferred += 1
        return False
    except SubmissionRejected as exc:
        sub.answered()
        _rejected(deps, item, str(exc), report)
        return True
    sub.answered()
    with db.unit(deps.sessions) as s:
        # The mail's row first (locked on PostgreSQL): two senders storing the last two
        # answers of one mail at once would each see the other's still queued, and neither
        # would reply.
        msg = q.working(s, item.message_row)
        if subq.store_answer(s, item.id, answer.body, replayed=answer.replayed, at=deps.now()):
            deps.checkpoint("answer_stored")
            if msg is not None and msg.state == MessageState.SUBMITTED \
                    and subq.still_queued(s, item.message_row) == 0:
                _reply(deps, s, msg, report)
    deps.checkpoint("answered")
    return True


def _reply(deps: Deps, s: Connection, msg: q.Working, report: CycleReport) -> None:
    """Every submission of the mail is answered: its reply, from those answers only, under
    the same rules as the built-in service's (`queue_reply`'s per-sender limits)."""
    from mailreader.readings.client import result_from_json

    answered = subq.answers(s, msg.id)
    results = [result_from_json(a) for a, _, _ in answered]
    told = of_results(r.status for r in results)
    t.mark_answered(msg, told.outcome, told.reason)
    # A replayed answer is what the service said the first time: nothing changed now.
    changed = any(r.status in ("recorded", "updated") and not replayed
                  for r, (_, replayed, _) in zip(results, answered, strict=True))
    if any(before for _, _, before in answered) and not changed:
        msg.reply = "none:already_answered"  # a forced reprocess of answered mail
    else:
        queue_reply(deps, s, msg, parsers.read_info(msg.raw), respond.plan("result", results))
    q.save(s, msg)
    told_now, _ = outcome_and_move(msg)
    report.told[told_now] += 1


def _rejected(deps: Deps, item: subq.Queued, error: str, report: CycleReport) -> None:
    """The service refused the body (422): the mail is set aside with the reason, and the
    resident gets the apology that other set-aside mail gets."""
    log.error("message row=%s: %s", item.message_row, error)
    with db.unit(deps.sessions) as s:
        subq.reject(s, item.id, error)
        subq.cancel_queued(s, item.message_row, "another submission of this mail was rejected")
        msg = q.working(s, item.message_row)
        if msg is None or msg.state != MessageState.SUBMITTED:
            return
        moved = msg.server_state != "pending"
        folder, server_state = msg.target_folder, msg.server_state
        set_aside(deps, s, msg, SetAsideReason.SUBMISSION_REJECTED, error)
        if moved:
            # Already filed in the processed folder: it stays there (`failed list` and
            # `reprocess` work from the stored bytes), never moved from a mailbox it left.
            msg.target_folder, msg.server_state = folder, server_state
        q.save(s, msg)
        told, _ = outcome_and_move(msg)
    report.told[told] += 1
