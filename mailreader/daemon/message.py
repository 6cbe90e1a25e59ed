"""One message's decision, the per-message state machine's middle step:

    stored → attempt counted (commit) → parsed, readings recorded, reply queued,
    state decided (one commit) → the server move it now needs

An attempt that fails is noted on the row; after `pipeline.max_attempts` the mail is
set aside (failed folder, an apology unless it came from a robot). Nothing here touches
the mail server: the cycle moves the server copy after the commit."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import parsers
from mailreader import db
from mailreader.daemon import respond
from mailreader.daemon.deps import Deps
from mailreader.daemon.replying import is_robot, queue_reply
from mailreader.daemon.store import error_text
from mailreader.daemon.timelimit import time_limit
from mailreader.daemon.trust import sender_of
from mailreader.db import messages as q
from mailreader.db import transitions as t
from mailreader.db.outcomes import MailOutcome, of_results, outcome
from mailreader.db.states import MessageState, ServerState, SetAsideReason
from mailreader.errors import MessageTimeout, RetryLater
from mailreader.ops.log import describe
from mailreader.ops.report import CycleReport
from mailreader.protocols import Readings
from parsers import Decision, MessageInfo

if TYPE_CHECKING:
    from sqlalchemy import Connection

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Move:
    """A server move that the database has committed to."""

    row_id: int
    uid: int
    folder: str


def attempt(deps: Deps, row_id: int, report: CycleReport, *, counted: bool = False,
            info: MessageInfo | None = None, answered: bool = False) -> list[Move]:
    """One attempt at deciding a stored message, in one transaction; returns the server
    move it now needs. A failure is noted on the row (set aside at the last attempt).

    `counted`: the attempt was counted when the row was stored; `info`, when given, is
    `parsers.read_info` of the message's bytes, already at hand; `answered`: the resident
    was answered already (a forced reprocess), so a reply goes only when readings changed."""
    if not counted:
        with db.unit(deps.sessions) as s:
            # Counted before the work, so a message that kills the process is still counted.
            if not q.count_attempt(s, row_id):
                return []
    deps.checkpoint("attempt")
    attempts: list[int] = []
    try:
        with db.unit(deps.sessions) as s:
            msg = decide_row(deps, s, row_id, info, answered, attempts)
            if msg is None:
                return []  # another instance got here first
            deps.checkpoint("before_commit")
            result = outcome_and_move(msg)
    except RetryLater:
        raise
    except (Exception, MessageTimeout) as exc:  # anything else is about this message
        result = failed_attempt(deps, row_id, attempts, exc)
    told, moves = result
    report.told[told] += 1
    return moves


def decide_row(deps: Deps, s: Connection, row_id: int, info: MessageInfo | None, answered: bool,
               attempts: list[int]) -> q.Working | None:
    """Decide one stored message in the caller's transaction and save its row; None when it
    is no longer stored. Its attempt count is put in `attempts`, for an error's log line."""
    msg = q.working(s, row_id)
    assert msg is not None
    if msg.state != MessageState.STORED:
        return None
    attempts.append(msg.attempts)
    msg.answered = answered
    # The limit is lifted before the commit, so it can never interrupt one.
    with time_limit(deps.settings.pipeline.message_timeout):
        if msg.attempts > deps.settings.pipeline.max_attempts:
            set_aside(deps, s, msg, SetAsideReason.POISON, msg.error or "gave up after repeated attempts")
        else:
            _record_and_answer(deps, s, msg, info)
    q.save(s, msg)
    return msg


def failed_attempt(deps: Deps, row_id: int, attempts: list[int],
                   exc: BaseException) -> tuple[MailOutcome, list[Move]]:
    """Log a failed attempt and note it on the row (`attempts`: what `decide_row` read)."""
    # Named by row only: the exception's text may quote the mail (its sender, its
    # subject, its bytes), so the journal gets it sanitised; the traceback only at DEBUG.
    log.error("message row=%s failed (attempt %s of %s): %s", row_id, attempts[0] if attempts else 0,
              deps.settings.pipeline.max_attempts, describe(exc))
    log.debug("message row=%s failed", row_id, exc_info=True)
    return _failed_attempt(deps, row_id, exc)


def _failed_attempt(deps: Deps, row_id: int, exc: BaseException) -> tuple[MailOutcome, list[Move]]:
    """Note the error on the row; at the last attempt, set the mail aside. The apology is
    rendered from the cleaned headers within the time limit; when even that fails, the mail
    is set aside without one (the cycle goes on: a mail never stops the mailbox)."""
    error = error_text(exc)
    reason = SetAsideReason.TIMEOUT if isinstance(exc, MessageTimeout) else SetAsideReason.INTERNAL_ERROR
    try:
        with db.unit(deps.sessions) as s, time_limit(deps.settings.pipeline.message_timeout):
            return _note_failure(deps, s, row_id, reason, error, apology=True)
    except RetryLater:
        raise
    except (Exception, MessageTimeout) as again:
        log.error("message row=%s: no apology could be queued; set aside without one: %s", row_id,
                  describe(again))
        log.debug("message row=%s: no apology", row_id, exc_info=True)
    with db.unit(deps.sessions) as s:
        return _note_failure(deps, s, row_id, reason, error, apology=False)


def _note_failure(deps: Deps, s: Connection, row_id: int, reason: SetAsideReason, error: str, *,
                  apology: bool) -> tuple[MailOutcome, list[Move]]:
    msg = q.working(s, row_id, lock=False)
    assert msg is not None
    msg.error = error
    # Still stored: the failed attempt was rolled back (one decided meanwhile stays decided).
    if msg.attempts >= deps.settings.pipeline.max_attempts and msg.state == MessageState.STORED:
        set_aside(deps, s, msg, reason, error, apology=apology)
    q.save(s, msg)
    return outcome_and_move(msg)


def outcome_and_move(msg: q.Working) -> tuple[MailOutcome, list[Move]]:
    """The outcome for reports, and the move now due; logs the outcome and what became of
    the reply."""
    result = outcome(msg.state, msg.action, msg.reason, msg.outcome)
    log.info("message uid=%s message_id=%s outcome=%s reason=%s reply=%s state=%s attempts=%s",
             msg.uid, msg.message_id, result.outcome, result.reason or "-", msg.reply or "none",
             msg.state, msg.attempts)
    if msg.state != MessageState.STORED and msg.server_state == ServerState.PENDING and msg.target_folder:
        return result, [Move(msg.id, msg.uid, msg.target_folder)]
    return result, []


def _record_and_answer(deps: Deps, s: Connection, msg: q.Working, info: MessageInfo | None) -> None:
    """Decide the message from its bytes: set aside what was stored so, mark a second copy
    a duplicate, else parse it, record its readings and queue the reply."""
    imap = deps.settings.imap
    if msg.reason == SetAsideReason.TOO_LARGE:
        set_aside(deps, s, msg, SetAsideReason.TOO_LARGE, f"{msg.size} bytes > imap.max_message_size")
        return
    if msg.reason == SetAsideReason.BAD_HEADERS:
        set_aside(deps, s, msg, SetAsideReason.BAD_HEADERS, msg.error or "its headers could not be stored")
        return
    earlier = q.earlier_copy(s, msg)
    if earlier is not None:
        # The same mail delivered twice: answered once already.
        earlier_id, earlier_action = earlier
        t.mark_duplicate(msg, of=earlier_id, action=earlier_action, at=deps.now(),
                         folder=imap.processed_folder if earlier_action != "ignore" else None)
        return
    decision = deps.parse(msg.raw)
    decided_at = deps.now()
    if decision.action == "ignore":
        _mark_decided(msg, decision, decided_at, MessageState.IGNORED, None)
        return
    info = parsers.read_info(msg.raw) if info is None else info
    sender = sender_of(deps.settings.trust, msg.raw, info)
    if sender.forged is not None:
        # Neither recorded nor answered: a forged sender's mail is left for people.
        set_aside(deps, s, msg, SetAsideReason.UNAUTHENTICATED,
                  f"authentication failed: {sender.forged.detail}", apology=False)
        return
    if decision.action == "reject":
        planned = respond.plan(decision.reason or "ambiguous", candidates=decision.candidates)
    elif deps.submitter is not None:
        _submit_later(deps, s, msg, decision, decided_at, sender.identity)
        return
    else:
        readings = readings_for(deps, s)
        results = [
            readings.submit(sub.account, sub.as_dict(), channel="email",
                            source=msg.message_id or f"message:{msg.id}", sender=sender.identity)
            for sub in decision.submissions
        ]
        planned = respond.plan("result", results)
    deps.checkpoint("recorded_readings")
    _mark_decided(msg, decision, decided_at, MessageState.PROCESSED, imap.processed_folder)
    changed = False
    if decision.action == "record":
        told = of_results(r.status for r in results)
        t.mark_told(msg, told.outcome, told.reason)
        changed = any(r.status in ("recorded", "updated") for r in results)
    if msg.answered and not changed:
        # Run again (`reprocess --force`): the resident was answered, nothing changed.
        msg.reply = "none:already_answered"
    else:
        queue_reply(deps, s, msg, info, planned)
    deps.checkpoint("queued")


def _submit_later(deps: Deps, s: Connection, msg: q.Working, decision: Decision, at: datetime,
                  sender: str | None) -> None:
    """The remote backend: the submissions are queued in this transaction instead of sent,
    and the mail is "submitted"; its reply waits for the service's answers
    (mailreader/daemon/submitter.py). The server copy is moved after this commit, as any other."""
    from mailreader.db import submissions

    submissions.enqueue(s, msg.id, [(sub.account, sub.as_dict()) for sub in decision.submissions],
                        message_id=msg.message_id, content_hash=msg.content_hash,
                        source=msg.message_id or f"message:{msg.id}", sender=sender, at=at,
                        answered_before=msg.answered)
    deps.checkpoint("recorded_readings")
    t.mark_submitted(msg, action=decision.action, at=at, folder=deps.settings.imap.processed_folder,
                     decision=json.dumps(decision.to_json(), ensure_ascii=False))
    msg.reply = "pending:readings_service"
    deps.checkpoint("queued")


def _mark_decided(msg: q.Working, decision: Decision, at: datetime, state: MessageState,
                  folder: str | None) -> None:
    t.mark_decided(msg, state, action=decision.action, reason=decision.reason,
                   decision=json.dumps(decision.to_json(), ensure_ascii=False), at=at, folder=folder)


def set_aside(deps: Deps, s: Connection, msg: q.Working, reason: SetAsideReason, error: str, *,
              apology: bool = True) -> None:
    """Send the mail to the failed folder with its reason; the resident is told (too large,
    or a generic apology) unless `apology` is False or the mail came from a robot."""
    t.set_aside(msg, reason, error, at=deps.now(), folder=deps.settings.imap.failed_folder)
    if not apology:
        msg.reply = "none:apology_failed"
    elif is_robot(deps, msg.raw):
        msg.reply = "none:robot"
    else:
        kind = "too_large" if reason == SetAsideReason.TOO_LARGE else "internal_error"
        queue_reply(deps, s, msg, parsers.read_info(msg.raw), respond.plan(kind))


def readings_for(deps: Deps, s: Connection) -> Readings:
    """The readings service inside the message's transaction (`deps.readings`, else SQL-backed)."""
    if deps.readings is not None:
        return deps.readings(s)
    from mailreader.db.readings_store import SqlReadingsStore
    from mailreader.readings.service import ReadingsService

    return ReadingsService(SqlReadingsStore(s), deps.settings.readings, deps.now)
