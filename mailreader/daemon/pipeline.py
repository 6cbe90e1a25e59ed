"""One poll cycle and the durable per-message state machine behind it.

    fetch → stored (commit) → attempt counted (commit) → parsed, readings recorded,
    reply queued, state decided (one commit) → moved on the server (commit)

The database, not IMAP flags, is the record of what was processed: the server
is only changed after the commit, so a crash at any point is repaired by the
next cycle (pending moves are finished, stored messages are decided) without a
second reading or a second reply.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

import parsers
from mailreader import db
from mailreader.config import ImapSettings, Settings, SmtpSettings
from mailreader.daemon import respond
from mailreader.daemon.timelimit import MessageTimeout, time_limit
from mailreader.daemon.trust import sender_of
from mailreader.db import messages as q
from mailreader.db import transitions as t
from mailreader.db.outcomes import MailOutcome, of_results, outcome
from mailreader.db.states import MessageState, SetAsideReason
from mailreader.errors import DatabaseUnavailable, RetryLater
from mailreader.mail.imap import FetchedMessage
from mailreader.ops.log import describe
from mailreader.ops.report import CycleReport as CycleReport  # re-exported: the cycle's result
from mailreader.ops.report import guard
from parsers import Decision, MessageInfo, clean

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

#: In a batch, the courier is woken after every this many decided mails: often enough that
#: it sends while the rest are decided, seldom enough that it finds several replies due.
COURIER_WAKE_EVERY = 10


class Mailbox(Protocol):
    uidvalidity: int

    def uids_after(self, last_uid: int) -> list[int]: ...
    def sizes(self, uids: Sequence[int]) -> dict[int, int]: ...
    def fetch(self, uids: Sequence[int]) -> list[FetchedMessage]: ...
    def fetch_headers(self, uids: Sequence[int]) -> list[FetchedMessage]: ...
    def move_many(self, uids: Sequence[int], folder: str) -> None: ...
    def find_by_message_id(self, folder: str, message_id: str) -> list[int]: ...
    def fetch_from(self, folder: str, uids: Sequence[int]) -> list[FetchedMessage]: ...
    def move_from(self, folder: str, uids: Sequence[int], target: str) -> None: ...


class Sender(Protocol):
    def send(self, raw: bytes, *, envelope_from: str, to: str) -> None: ...


@dataclass
class Deps:
    """Everything a cycle touches, injected (adapters, clock, seams)."""

    settings: Settings
    sessions: sessionmaker[Session]
    open_mailbox: Callable[[ImapSettings], AbstractContextManager[Mailbox]]
    open_sender: Callable[[SmtpSettings], AbstractContextManager[Sender]]
    now: Callable[[], datetime]
    parse: Callable[[bytes], Decision] = parsers.parse
    # Told each fetched batch's raw mails before they are stored and decided, so that
    # `parse` can have them parsed meanwhile (mailreader/daemon/parse_ahead.py); None: inline.
    parse_ahead: Callable[[Sequence[bytes]], None] | None = None
    # Builds the readings service inside the message's transaction (default: SQL-backed).
    readings: Callable[[Connection], Any] | None = None
    # Called at every step boundary with the step's name: the fault-injection seam.
    checkpoint: Callable[[str], None] = lambda step: None
    stop_requested: Callable[[], bool] = lambda: False
    # Who sends the outbox: None sends inline; `mailreader run` hands it to its courier
    # process (mailreader/courier/process.py), which is woken here and reports back.
    courier: Callable[[CycleReport], None] | None = None
    # Who we are for the poller lease (several instances may share one database).
    instance: str = field(default_factory=lambda: default_instance())
    lease_ttl: float = 60.0
    _lease_renewed: float = 0.0


def default_instance() -> str:
    import os
    import socket
    import uuid

    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _dead_here(holder: str) -> bool:
    """A holder on this host whose process is gone (killed, crashed): no need to wait."""
    import os
    import socket

    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class LeaseLost(RetryLater):
    """Another instance took over the mailbox: stop touching it."""


def _lease_name(deps: Deps) -> str:
    return f"poller:{deps.settings.imap.user}:{deps.settings.imap.mailbox}"


def hold_lease(deps: Deps, *, force: bool = False) -> bool:
    """Take or renew the poller lease; renewed at most every third of its lifetime."""
    import time

    from mailreader.db import lease

    now = time.monotonic()
    if not force and now - deps._lease_renewed < deps.lease_ttl / 3:
        return True
    ok = lease.acquire(deps.sessions, _lease_name(deps), deps.instance, deps.now(), deps.lease_ttl,
                       is_dead=_dead_here)
    if ok:
        deps._lease_renewed = now
    return ok


def release_lease(deps: Deps) -> None:
    """Give the mailbox up on a clean stop, so that another instance takes over at once
    instead of after the lease runs out; a database that is gone leaves it to expire."""
    from mailreader.db import lease

    try:
        lease.release(deps.sessions, _lease_name(deps), deps.instance)
    except DatabaseUnavailable as exc:
        log.warning("could not release the poller lease (it expires by itself): %s", exc)


def _still_leader(deps: Deps) -> None:
    if not hold_lease(deps):
        raise LeaseLost("another instance holds the mailbox lease")


def poll_once(deps: Deps) -> CycleReport:
    """One cycle: finish what a crash left, fetch and decide new mail, send replies.

    The heartbeat is the poller's: an instance that does not hold the mailbox says nothing
    about it (its good cycles would hide the poller's failing ones). A cycle that crashes
    still counts, with the mail in hand, before the exception goes on."""
    report = CycleReport()
    try:
        if guard(report, "imap", lambda: _poll_mailbox(deps, report)):
            send_replies(deps, report)
            if not report.db_error and report.leader:
                _heartbeat(deps, report)
    except Exception as exc:
        if report.leader:
            report.errors.append(describe(exc))
            try:
                _heartbeat(deps, report)
            except Exception:  # the database too: the crash itself is what is raised
                log.debug("no heartbeat after a crashed cycle", exc_info=True)
        raise
    return report


def send_replies(deps: Deps, report: CycleReport) -> None:
    """Send what the outbox holds, or wake the courier to; an SMTP failure is noted once and
    ends sending for this cycle (the replies stay queued), a database failure ends the cycle."""
    if report.smtp_error or report.db_error:
        return
    if deps.courier is not None:
        deps.courier(report)
        return
    from mailreader.courier import outbox

    guard(report, "smtp", lambda: outbox.send_due(deps, report))


def _poll_mailbox(deps: Deps, report: CycleReport) -> None:
    report.leader = hold_lease(deps, force=True)
    if not report.leader:
        log.debug("another instance polls %s; sending replies only", deps.settings.imap.mailbox)
        return
    with deps.open_mailbox(deps.settings.imap) as box:
        finish_moves(deps, box)
        for row_id in _stored_ids(deps):
            if deps.stop_requested():
                break
            _still_leader(deps)
            report.at = f"message row={row_id}"
            handle(deps, box, row_id, report)
            report.at = None
        fetch_new(deps, box, report)


def _heartbeat(deps: Deps, report: CycleReport) -> None:
    from mailreader.db.models import Heartbeat

    now = deps.now()
    summary = json.dumps({"fetched": report.fetched, "outcomes": dict(report.outcomes),
                          "replies_sent": report.replies_sent})
    try:
        with db.transaction(deps.sessions) as s:
            hb = s.get(Heartbeat, deps.settings.imap.mailbox)
            if hb is None:
                hb = Heartbeat(name=deps.settings.imap.mailbox, last_cycle_at=now)
                s.add(hb)
            hb.last_cycle_at, hb.summary = now, summary
            hb.last_error = "; ".join(report.errors) or None
            if report.ok:
                hb.last_success_at = now
                hb.failures, hb.failing_since, hb.failing_at = 0, None, None
            else:
                hb.failures = (hb.failures or 0) + 1
                hb.failing_since = hb.failing_since or now
                hb.failing_at = report.at
    except DatabaseUnavailable as exc:
        report.db_error = str(exc)


def _stored_ids(deps: Deps) -> list[int]:
    with db.transaction(deps.sessions) as s:
        return q.unfinished(s, deps.settings.imap.mailbox, limit=10_000)


def fetch_new(deps: Deps, box: Mailbox, report: CycleReport) -> None:
    """Fetch, store and decide new mail batch by batch; each batch's moves, then its replies."""
    imap = deps.settings.imap
    with db.transaction(deps.sessions) as s:
        last = q.watermark(s, imap.mailbox, box.uidvalidity)
    uids = box.uids_after(last)
    for start in range(0, len(uids), imap.batch_size):
        chunk = uids[start : start + imap.batch_size]
        sizes = box.sizes(chunk)
        for batch in cut_batches(chunk, sizes, imap.batch_bytes, imap.max_message_size):
            if deps.stop_requested():
                return
            _fetch_batch(deps, box, report, batch, sizes)


def cut_batches(uids: Sequence[int], sizes: dict[int, int], budget: int,
                max_size: int) -> list[list[int]]:
    """`uids` in order, cut so that the mails fetched whole in one batch add up to at most
    `budget` bytes (RFC822.SIZE, learnt before fetching): what a batch holds in memory is
    bounded by bytes, not only by count. A mail larger than the budget goes alone; one over
    `max_size` is only fetched as headers and weighs nothing; one without a size is gone."""
    batches: list[list[int]] = []
    current: list[int] = []
    total = 0
    for uid in uids:
        if uid not in sizes:
            continue
        weight = sizes[uid] if sizes[uid] <= max_size else 0
        if current and total + weight > budget:
            batches.append(current)
            current, total = [], 0
        current.append(uid)
        total += weight
    if current:
        batches.append(current)
    return batches


def _fetch_batch(deps: Deps, box: Mailbox, report: CycleReport, uids: Sequence[int],
                 sizes: dict[int, int]) -> None:
    """One batch: fetched, stored, decided, moved, then its replies handed over. Its bytes
    are let go when it returns, before the next batch is fetched."""
    imap = deps.settings.imap
    big = [u for u in uids if sizes[u] > imap.max_message_size]
    fetched = [(m, False) for m in box.fetch([u for u in uids if u not in big])]
    fetched += [(m, True) for m in box.fetch_headers(big)]
    deps.checkpoint("fetched")
    _still_leader(deps)
    batch = sorted(fetched, key=lambda p: p[0].uid)
    del fetched
    if deps.parse_ahead is not None:
        deps.parse_ahead([m.raw for m, too_large in batch if not too_large])
    in_order = [m.uid for m, _ in batch]
    report.at = f"uids {uids[0]}-{uids[-1]} (being stored)"
    stored = store(deps, box.uidvalidity, [(m, sizes.get(m.uid, len(m.raw)), big) for m, big in batch])
    del batch  # decided from the database, one at a time
    report.fetched += len(stored)
    moves: list[Move] = []
    for n, ((row_id, fresh, info), uid) in enumerate(zip(stored, in_order, strict=True), 1):
        report.at = f"message row={row_id} uid={uid}"
        deps.checkpoint("stored")
        if deps.stop_requested():
            break  # the rest stays "stored": the next cycle decides it
        _still_leader(deps)
        moves += decide(deps, row_id, report, counted=fresh, info=info)
        deps.checkpoint("committed")
        if deps.courier is not None and n % COURIER_WAKE_EVERY == 0:
            # These replies are committed: the courier may send them while the next
            # mails are decided (the batch's last ones are handed over below).
            send_replies(deps, report)
    report.at = None
    # The batch's server moves, all after their commits (a crash before this point
    # leaves them to the next cycle's finish_moves); then its replies, so that in a long
    # backlog residents are answered as their batch is done, not at the very end.
    apply_moves(deps, box, moves)
    send_replies(deps, report)


def store(deps: Deps, uidvalidity: int,
          batch: Sequence[tuple[FetchedMessage, int, bool]]) -> list[tuple[int, bool, MessageInfo | None]]:
    """Keep a batch's raw bytes before anything is decided, in one transaction
    (idempotent per location). Each item is (message, size, too large); returns
    (row id, new row, identifying headers or None when they could not be read in time)
    per message, in order.

    A new row counts its first attempt already, saving a transaction per message: a mail
    that a crash kept from being tried carries one attempt it did not use. When the batch
    cannot be stored, its mails are stored one by one, so that one mail's headers never
    keep the others out (that mail is stored without them and set aside)."""
    infos = [_read_info(deps, msg.raw) for msg, _, _ in batch]
    try:
        with db.unit(deps.sessions) as s:
            return _store_rows(deps, s, uidvalidity, batch, infos)
    except RetryLater:
        raise
    except Exception as exc:  # one mail's values, most likely: find it
        log.error("storing a batch of %s failed; storing its mails one by one: %s", len(batch), describe(exc))
        log.debug("storing a batch failed", exc_info=True)
    return [_store_one(deps, uidvalidity, item, info) for item, info in zip(batch, infos, strict=True)]


_NO_INFO = MessageInfo(None, "", None, None, None)


def _read_info(deps: Deps, raw: bytes) -> MessageInfo | None:
    """`parsers.read_info` within the per-message time limit (its decoding is bounded; this
    is the backstop): None when it ran out, and the row is stored without the headers."""
    deps.checkpoint("headers")
    try:
        with time_limit(deps.settings.pipeline.message_timeout):
            return parsers.read_info(raw)
    except MessageTimeout:
        log.warning("reading a mail's headers took longer than message_timeout; stored without them")
        return None


def _store_one(deps: Deps, uidvalidity: int, item: tuple[FetchedMessage, int, bool],
               info: MessageInfo | None) -> tuple[int, bool, MessageInfo | None]:
    try:
        with db.unit(deps.sessions) as s:
            return _store_rows(deps, s, uidvalidity, [item], [info])[0]
    except RetryLater:
        raise
    except Exception as exc:  # this mail's values: keep its bytes and set it aside
        log.error("message uid=%s: its headers could not be stored; set aside without them: %s", item[0].uid,
                  describe(exc))
        log.debug("message uid=%s: storing failed", item[0].uid, exc_info=True)
        error = _error_text(exc)
    with db.unit(deps.sessions) as s:
        return _store_rows(deps, s, uidvalidity, [item], [_NO_INFO], unstorable=error)[0]


def _store_rows(deps: Deps, s: Connection, uidvalidity: int,
                batch: Sequence[tuple[FetchedMessage, int, bool]], infos: Sequence[MessageInfo | None], *,
                unstorable: str | None = None) -> list[tuple[int, bool, MessageInfo | None]]:
    from mailreader.daemon.fingerprint import content_hash

    mailbox = deps.settings.imap.mailbox
    known = q.ids_at(s, mailbox, uidvalidity, [msg.uid for msg, _, _ in batch])
    now = deps.now()
    fresh = []
    for (msg, size, too_large), info in zip(batch, infos, strict=True):
        if msg.uid in known:
            continue
        head = info or _NO_INFO
        reason = "too_large" if too_large else "bad_headers" if unstorable else None
        fresh.append({
            "mailbox": mailbox, "uidvalidity": uidvalidity, "uid": msg.uid, "raw": msg.raw, "size": size,
            "message_id": head.message_id or None, "content_hash": content_hash(msg.raw),
            "from_addr": head.from_addr, "subject": head.subject, "state": "stored", "reason": reason,
            "error": unstorable, "attempts": 1, "server_state": "pending", "received_at": now})
    new_ids = iter(q.add_messages(s, fresh))
    return [(known[msg.uid], False, info) if msg.uid in known else (next(new_ids), True, info)
            for (msg, _, _), info in zip(batch, infos, strict=True)]


def _error_text(exc: BaseException) -> str:
    """An exception as the error column keeps it: the message may quote a mail's values."""
    return clean.text(f"{type(exc).__name__}: {exc}", 4000)


@dataclass(frozen=True)
class Move:
    """A server move that the database has committed to."""

    row_id: int
    uid: int
    folder: str


def handle(deps: Deps, box: Mailbox | None, row_id: int, report: CycleReport) -> None:
    """Decide one stored message, then act on the server copy (when connected)."""
    moves = decide(deps, row_id, report)
    deps.checkpoint("committed")
    if box is not None:
        apply_moves(deps, box, moves)


def apply_moves(deps: Deps, box: Mailbox, moves: Sequence[Move]) -> None:
    by_folder: dict[str, list[Move]] = {}
    for m in moves:
        by_folder.setdefault(m.folder, []).append(m)
    for folder, items in by_folder.items():
        box.move_many([m.uid for m in items], folder)
        deps.checkpoint("moved")
        with db.unit(deps.sessions) as s:
            t.mark_moved(s, [m.row_id for m in items])


def decide(deps: Deps, row_id: int, report: CycleReport, *, counted: bool = False,
           info: MessageInfo | None = None, answered: bool = False) -> list[Move]:
    """Decide a stored message in one transaction; returns the server move it now needs.

    `info`, when given, is `parsers.read_info` of the message's bytes, already at hand;
    `answered`: the resident was answered already (a forced reprocess), so a reply goes
    only when readings changed."""
    if not counted:
        with db.unit(deps.sessions) as s:
            # Counted before the work, so a message that kills the process is still counted.
            if not q.count_attempt(s, row_id):
                return []
    deps.checkpoint("attempt")
    max_attempts = deps.settings.pipeline.max_attempts
    attempts = 0
    try:
        with db.unit(deps.sessions) as s:
            msg = q.working(s, row_id)
            assert msg is not None
            if msg.state != "stored":
                return []  # another instance got here first
            attempts, msg.answered = msg.attempts, answered
            # The limit is lifted before the commit, so it can never interrupt one.
            with time_limit(deps.settings.pipeline.message_timeout):
                if attempts > max_attempts:
                    _set_aside(deps, s, msg, "poison", msg.error or "gave up after repeated attempts")
                else:
                    _decide(deps, s, msg, info)
            q.save(s, msg)
            deps.checkpoint("before_commit")
            result = _after(msg)
    except RetryLater:
        raise
    except (Exception, MessageTimeout) as exc:  # anything else is about this message
        # Named by row only: the exception's text may quote the mail (its sender, its
        # subject, its bytes), so the journal gets it sanitised; the traceback only at DEBUG.
        log.error("message row=%s failed (attempt %s of %s): %s", row_id, attempts, max_attempts,
                  describe(exc))
        log.debug("message row=%s failed", row_id, exc_info=True)
        result = _failed_attempt(deps, row_id, exc)
    told, moves = result
    report.told[told] += 1
    return moves


def _failed_attempt(deps: Deps, row_id: int, exc: BaseException) -> tuple[MailOutcome, list[Move]]:
    """Note the error on the row; at the last attempt, set the mail aside. The apology is
    rendered from the cleaned headers within the time limit; when even that fails, the mail
    is set aside without one (the cycle goes on: a mail never stops the mailbox)."""
    error = _error_text(exc)
    reason = "timeout" if isinstance(exc, MessageTimeout) else "internal_error"
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


def _note_failure(deps: Deps, s: Connection, row_id: int, reason: str, error: str, *,
                  apology: bool) -> tuple[MailOutcome, list[Move]]:
    msg = q.working(s, row_id, lock=False)
    assert msg is not None
    msg.error = error
    # Still stored: the failed attempt was rolled back (one decided meanwhile stays decided).
    if msg.attempts >= deps.settings.pipeline.max_attempts and msg.state == MessageState.STORED:
        _set_aside(deps, s, msg, reason, error, apology=apology)
    q.save(s, msg)
    return _after(msg)


def _after(msg: q.Working) -> tuple[MailOutcome, list[Move]]:
    """The outcome for reports, and the move now due; logs the outcome and what became of
    the reply."""
    result = outcome(msg.state, msg.action, msg.reason, msg.outcome)
    log.info("message uid=%s message_id=%s outcome=%s reason=%s reply=%s state=%s attempts=%s",
             msg.uid, msg.message_id, result.outcome, result.reason or "-", msg.reply or "none",
             msg.state, msg.attempts)
    if msg.state != "stored" and msg.server_state == "pending" and msg.target_folder:
        return result, [Move(msg.id, msg.uid, msg.target_folder)]
    return result, []


def _decide(deps: Deps, s: Connection, msg: q.Working, info: MessageInfo | None) -> None:
    imap = deps.settings.imap
    if msg.reason == "too_large":
        _set_aside(deps, s, msg, "too_large", f"{msg.size} bytes > imap.max_message_size")
        return
    if msg.reason == "bad_headers":
        _set_aside(deps, s, msg, "bad_headers", msg.error or "its headers could not be stored")
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
        _settle(msg, decision, decided_at, "ignored", None)
        return
    info = parsers.read_info(msg.raw) if info is None else info
    sender = sender_of(deps.settings.trust, msg.raw, info)
    if sender.forged is not None:
        # Neither recorded nor answered: a forged sender's mail is left for people.
        _set_aside(deps, s, msg, "unauthenticated", f"authentication failed: {sender.forged.detail}",
                   apology=False)
        return
    if decision.action == "reject":
        planned = respond.plan(decision.reason or "ambiguous", candidates=decision.candidates)
    else:
        readings = deps_readings(deps, s)
        results = [
            readings.submit(sub.account, sub.as_dict(), channel="email",
                            source=msg.message_id or f"message:{msg.id}", sender=sender.identity)
            for sub in decision.submissions
        ]
        planned = respond.plan("result", results)
    deps.checkpoint("recorded_readings")
    _settle(msg, decision, decided_at, "processed", imap.processed_folder)
    changed = False
    if decision.action == "record":
        told = of_results(r.status for r in results)
        t.mark_told(msg, told.outcome, told.reason)
        changed = any(r.status in ("recorded", "updated") for r in results)
    if msg.answered and not changed:
        # Run again (`reprocess --force`): the resident was answered, nothing changed.
        msg.reply = "none:already_answered"
    else:
        _queue(deps, s, msg, info, planned)
    deps.checkpoint("queued")


def _settle(msg: q.Working, decision: Decision, at: datetime, state: str, folder: str | None) -> None:
    t.mark_decided(msg, MessageState(state), action=decision.action, reason=decision.reason,
                   decision=json.dumps(decision.to_json(), ensure_ascii=False), at=at, folder=folder)


def _set_aside(deps: Deps, s: Connection, msg: q.Working, reason: str, error: str, *,
               apology: bool = True) -> None:
    t.set_aside(msg, SetAsideReason(reason), error, at=deps.now(), folder=deps.settings.imap.failed_folder)
    # The resident is told (a robot never is): too large, or a generic apology.
    if not apology:
        msg.reply = "none:apology_failed"
    elif _is_robot(deps, msg.raw):
        msg.reply = "none:robot"
    else:
        kind = "too_large" if reason == "too_large" else "internal_error"
        _queue(deps, s, msg, parsers.read_info(msg.raw), respond.plan(kind))


def _is_robot(deps: Deps, raw: bytes) -> bool:
    """Auto-generated mail is never answered, even when it could not be processed.

    Judged on the header section alone: the body may be what made processing fail."""
    head = raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    try:
        decision = deps.parse(head + b"\n\n")
    except Exception:
        return True  # cannot tell: a reply to a robot is worse than none
    return decision.action == "ignore" and decision.reason == "auto_generated"


def _queue(deps: Deps, s: Connection, msg: q.Working, info: MessageInfo, planned: respond.Planned) -> None:
    from mailreader.courier import outbox

    to = respond.answerable(info, deps.settings.own_addresses, personal=planned.personal)
    if to is None:
        msg.reply = "none:not_answerable"  # a bounce, ourselves, a no-reply address
        return
    since = outbox.start_of_day(deps)
    # Keyed on the address actually mailed: the limit is about what lands in one inbox.
    sent_today = q.reply_kinds_since(s, to, since)
    reply = respond.limit(planned, sent_today, deps.settings.replies.max_per_sender_per_day)
    if reply is None:
        msg.no_reply = "daily_limit"
        # README "Whom we answer": one refusal per reason per address a day, then silence.
        msg.reply = ("none:daily_limit" if any(k == "daily_limit" for k, _ in sent_today)
                     else "none:same_refusal_today")
        return
    first = not q.ever_replied(s, to)
    if first and not planned.personal and _over_new_recipient_cap(deps, s):
        msg.no_reply, msg.reply = "new_recipient_cap", "none:new_recipient_cap"
        log.warning("no reply to %s: trust.new_recipients_per_hour (%s) addresses never answered "
                    "before were answered in the last hour", to, deps.settings.trust.new_recipients_per_hour)
        return
    outbox.queue(deps, s, msg.id, info, to, reply, planned.reason_key, first_contact=first)
    msg.reply = "queued" if reply.kind != "daily_limit" else "daily_limit_notice"


def _over_new_recipient_cap(deps: Deps, s: Connection) -> bool:
    """Whether the hour's replies to new addresses are used up. Anyone can put any
    address in From or Reply-To: without this cap, a stranger's mails would have us
    write to as many third parties as they name (backscatter); the per-address daily
    limit cannot stop that, each address being new. A personal reply is exempt: it goes
    to an address registered for the account."""
    since = deps.now() - timedelta(hours=1)
    return q.first_contacts_reach(s, since, deps.settings.trust.new_recipients_per_hour)


def deps_readings(deps: Deps, s: Connection) -> Any:
    if deps.readings is not None:
        return deps.readings(s)
    from mailreader.db.readings_store import SqlReadingsStore
    from mailreader.readings.service import ReadingsService

    return ReadingsService(SqlReadingsStore(s), deps.settings.readings, deps.now)


def finish_moves(deps: Deps, box: Mailbox) -> None:
    """Server moves that a crash (or a server error) left undone after the commit."""
    with db.transaction(deps.sessions) as s:
        todo = q.pending_moves(s, deps.settings.imap.mailbox, limit=10_000)
    stale = [row_id for row_id, _, uidvalidity, _ in todo if uidvalidity != box.uidvalidity]
    if stale:
        # UIDs of another UIDVALIDITY mean nothing now (RFC 3501 §2.3.1.1).
        with db.unit(deps.sessions) as s:
            t.mark_gone(s, stale)
    apply_moves(deps, box, [Move(row_id, uid, folder) for row_id, uid, uidvalidity, folder in todo
                            if uidvalidity == box.uidvalidity and folder])
