"""The outbox's sending half: queued replies (queued by the poller in the decision's own
transaction, mailreader/daemon/replying.py) leave over one SMTP connection per batch and
are marked sent only once accepted; a failing server defers them with a back-off.

It imports neither the parser nor the templates: the courier process runs it and stays
small. One-cycle commands (`poll-once`, `reprocess`) run it inline."""

from __future__ import annotations

import contextlib
import logging
import time
from contextlib import ExitStack
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from mailreader import db
from mailreader.db import messages as q
from mailreader.db import transitions
from mailreader.errors import MailServerUnavailable, PermanentSendError
from mailreader.protocols import Sender

if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager

    from sqlalchemy.orm import Session, sessionmaker

    from mailreader.config import Settings, SmtpSettings
    from mailreader.ops.report import CycleReport


class Sending(Protocol):
    """What sending needs: the poller's `Deps`, or the courier's smaller set."""

    @property
    def settings(self) -> Settings: ...
    @property
    def sessions(self) -> sessionmaker[Session]: ...
    @property
    def now(self) -> Callable[[], datetime]: ...
    @property
    def open_sender(self) -> Callable[[SmtpSettings], AbstractContextManager[Sender]]: ...
    @property
    def stop_requested(self) -> Callable[[], bool]: ...
    @property
    def checkpoint(self) -> Callable[[str], None]: ...

log = logging.getLogger(__name__)

BATCH = 200
#: Seconds to wait before the n-th retry; the last step repeats.
BACKOFF = (60, 300, 900, 3600, 4 * 3600)
#: After this many failed attempts (about two days) a reply is given up.
MAX_ATTEMPTS = 15


class Connection:
    """An SMTP session kept open from one round of sending to the next (the courier's):
    opened when a reply is due, closed after `idle` seconds without one, or when the
    server fails. RFC 5321 §4.5.3.2.7 has servers wait at least five minutes for the
    next command, so an idle limit well below that never meets a session the server
    already dropped."""

    def __init__(self, deps: Sending, idle: float = 30.0) -> None:
        self._deps = deps
        self._idle = idle
        self._stack: ExitStack | None = None
        self._sender: Sender | None = None
        self._used = 0.0

    def sender(self) -> Sender:
        if self._stack is None or self._sender is None:
            stack = ExitStack()
            self._sender = stack.enter_context(self._deps.open_sender(self._deps.settings.smtp))
            self._stack = stack
        self._used = time.monotonic()
        return self._sender

    def close_if_idle(self) -> None:
        if self._stack is not None and time.monotonic() - self._used > self._idle:
            self.close()

    def close(self) -> None:
        stack, self._stack, self._sender = self._stack, None, None
        if stack is not None:
            with contextlib.suppress(MailServerUnavailable):
                stack.close()


def send_due(deps: Sending, report: CycleReport, connection: Connection | None = None) -> None:
    """Send every due reply over one connection (`connection`'s, kept open, when given);
    stop the batch when the server fails. A stop request ends sending after the reply in
    hand: the rest stay queued."""
    while True:
        with db.unit(deps.sessions) as s:
            pending = q.due_replies(s, deps.now(), BATCH)
        if not pending:
            return
        try:
            if connection is None:
                with deps.open_sender(deps.settings.smtp) as sender:
                    _send_all(deps, sender, pending, report)
            else:
                _send_all(deps, connection.sender(), pending, report)
        except MailServerUnavailable as exc:
            if connection is not None:
                connection.close()
            _defer(deps, pending, str(exc), report)
            raise
        if len(pending) < BATCH or deps.stop_requested():
            return


def _send_all(deps: Sending, sender: Sender, pending: list[int], report: CycleReport) -> None:
    for reply_id in pending:
        if deps.stop_requested():
            return
        _send_one(deps, sender, reply_id, report)


def _send_one(deps: Sending, sender: Sender, reply_id: int, report: CycleReport) -> None:
    with db.unit(deps.sessions) as s:
        # Locked row by row so that two instances never send the same reply.
        row = q.lock_reply(s, reply_id)
        if row is None:
            return
        try:
            sender.send(row.raw, envelope_from=row.envelope_from, to=row.to_addr)
        except PermanentSendError as exc:
            transitions.mark_dead(s, row, str(exc)[:2000])
            log.error("reply %s to %s refused for good: %s", row.message_id, row.to_addr, exc)
            return
        deps.checkpoint("smtp_accepted")
        transitions.mark_sent(s, row, deps.now())
        report.replies_sent += 1
        log.info("reply sent to=%s kind=%s message_id=%s", row.to_addr, row.kind, row.message_id)


def _defer(deps: Sending, ids: list[int], error: str, report: CycleReport) -> None:
    now = deps.now()
    with db.unit(deps.sessions) as s:
        for reply_id in ids:
            if transitions.defer_reply(s, reply_id, error[:2000], now, BACKOFF, MAX_ATTEMPTS):
                report.replies_deferred += 1
