"""New mails of a fetched batch decided several to a transaction, not one each.

Why this is as safe as a transaction per mail: each mail's raw bytes and its first attempt
were committed when the batch was stored (`store_batch`), and nothing outside the database
happens before this commit: the server copies are moved after it, the courier sends only
committed replies, readings (and submissions queued for a remote service) are rows of this
transaction. A crash before the commit leaves these mails stored with one attempt
counted, exactly as a crash while deciding the first of them did: the next cycle decides
each alone (`message.attempt`), counting its attempt before the work, so a mail that kills
the process is still set aside after `pipeline.max_attempts` and its neighbours are
decided. A mail that fails here (an error, its time limit) rolls the others back with it:
it is noted as failed, as it would have been alone, and the others are decided one by one.

What it saves: a BEGIN and a COMMIT per mail (two round trips to PostgreSQL, and each
COMMIT a flush of its write-ahead log), and SQLite's commit of every mail's pages."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from mailreader import db
from mailreader.daemon.deps import Deps
from mailreader.daemon.message import Move, attempt, decide_row, failed_attempt, outcome_and_move
from mailreader.db import messages as q
from mailreader.errors import MessageTimeout, RetryLater
from mailreader.ops.report import CycleReport
from parsers import MessageInfo

log = logging.getLogger(__name__)


class _MailFailed(Exception):
    """One mail's failure while deciding several together (they are rolled back with it)."""

    def __init__(self, row_id: int, attempts: list[int], error: BaseException) -> None:
        super().__init__(row_id)
        self.row_id, self.attempts, self.error = row_id, attempts, error


def attempt_together(deps: Deps, rows: Sequence[tuple[int, MessageInfo | None, int]],
                     report: CycleReport) -> list[Move]:
    """Decide new mails, (row id, headers, uid) each, their first attempt counted when they
    were stored, in one transaction; returns the server moves now due."""
    if not rows:
        return []
    decided: list[q.Working] = []
    try:
        with db.unit(deps.sessions) as s:
            for row_id, info, uid in rows:
                report.at = f"message row={row_id} uid={uid}"
                deps.checkpoint("stored")
                deps.checkpoint("attempt")
                attempts: list[int] = []
                try:
                    with db.translated():  # a lost database is no mail's fault
                        msg = decide_row(deps, s, row_id, info, False, attempts)
                except RetryLater:
                    raise
                except (Exception, MessageTimeout) as exc:  # about this mail: see below
                    raise _MailFailed(row_id, attempts, exc) from exc
                if msg is not None:  # None: another instance decided it
                    decided.append(msg)
            deps.checkpoint("before_commit")
    except _MailFailed as failed:
        log.warning("deciding %s mails together failed at row=%s; deciding them one by one", len(rows),
                    failed.row_id)
        return _one_by_one(deps, rows, failed, report)
    for _ in rows:  # each mail's decision is committed now
        deps.checkpoint("committed")
    moves: list[Move] = []
    for msg in decided:  # told and logged once committed
        told, due = outcome_and_move(msg)
        report.told[told] += 1
        moves += due
    return moves


def _one_by_one(deps: Deps, rows: Sequence[tuple[int, MessageInfo | None, int]], failed: _MailFailed,
                report: CycleReport) -> list[Move]:
    """After a rollback: the failing mail noted as one failed attempt, each other decided in
    a transaction of its own (its first attempt, counted when stored, is still unused)."""
    moves: list[Move] = []
    for row_id, info, uid in rows:
        report.at = f"message row={row_id} uid={uid}"
        if row_id == failed.row_id:
            told, due = failed_attempt(deps, row_id, failed.attempts, failed.error)
            report.told[told] += 1
            moves += due
        else:
            moves += attempt(deps, row_id, report, counted=True, info=info)
        deps.checkpoint("committed")
    return moves
