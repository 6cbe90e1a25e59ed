"""One poll cycle: finish what a crash left, fetch, store and decide new mail batch by
batch, move the server copies, send (or hand over) the replies, write the heartbeat.

    fetch → stored, first attempt counted (commit) → parsed, readings recorded, reply
    queued, state decided (one commit for up to ten new mails) → moved on the server (commit)

The database, not IMAP flags, is the record of what was processed: the server
is only changed after the commit, so a crash at any point is repaired by the
next cycle (pending moves are finished, stored messages are decided) without a
second reading or a second reply. The scheduler and `mailreader poll-once` call the
same `poll_once`."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from mailreader import db
from mailreader.daemon.deps import Deps
from mailreader.daemon.leader import hold_lease, still_leader
from mailreader.daemon.message import Move, attempt
from mailreader.daemon.store import store_batch
from mailreader.daemon.submitter import drain_submissions
from mailreader.daemon.together import attempt_together
from mailreader.db import messages as q
from mailreader.db import transitions as t
from mailreader.ops.log import describe
from mailreader.ops.report import CycleReport, guard
from mailreader.ops.status import write_heartbeat
from mailreader.protocols import Mailbox

log = logging.getLogger(__name__)

#: New mails of a fetched batch decided in one transaction, at most (daemon/together.py);
#: the courier is woken after each such commit: often enough that it sends while the rest
#: are decided, seldom enough that it finds several replies due.
DECIDE_TOGETHER = 10


def poll_once(deps: Deps) -> CycleReport:
    """One cycle: finish what a crash left, fetch and decide new mail, send replies.

    The heartbeat is the poller's: an instance that does not hold the mailbox says nothing
    about it (its good cycles would hide the poller's failing ones). A cycle that crashes
    still counts, with the mail in hand, before the exception goes on."""
    report = CycleReport()
    try:
        if guard(report, "imap", lambda: _poll_mailbox(deps, report)):
            if report.leader:
                guard(report, "readings", lambda: drain_submissions(deps, report))
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


def _heartbeat(deps: Deps, report: CycleReport) -> None:
    write_heartbeat(deps.sessions, deps.settings.imap.mailbox, deps.now(), report)


def send_replies(deps: Deps, report: CycleReport) -> None:
    """Send what the outbox holds, or wake the courier to; an SMTP failure is noted once and
    ends sending for this cycle (the replies stay queued), a database failure ends the cycle."""
    if report.smtp_error or report.db_error:
        return
    if deps.courier is not None:
        deps.courier(report)
        return
    from mailreader.courier.outbox import send_due

    guard(report, "smtp", lambda: send_due(deps, report))


def _poll_mailbox(deps: Deps, report: CycleReport) -> None:
    report.leader = hold_lease(deps, force=True)
    if not report.leader:
        log.debug("another instance polls %s; sending replies only", deps.settings.imap.mailbox)
        return
    with deps.open_mailbox(deps.settings.imap) as box:
        finish_moves(deps, box)
        for row_id in _unfinished_rows(deps):
            if deps.stop_requested():
                break
            still_leader(deps)
            report.at = f"message row={row_id}"
            decide_and_move(deps, box, row_id, report)
            report.at = None
        fetch_new(deps, box, report)


def _unfinished_rows(deps: Deps) -> list[int]:
    """Mail stored but not decided: a crash or a failed attempt left it."""
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
            _process_batch(deps, box, report, batch, sizes)


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


def _process_batch(deps: Deps, box: Mailbox, report: CycleReport, uids: Sequence[int],
                   sizes: dict[int, int]) -> None:
    """One batch: fetched, stored, decided, moved, then its replies handed over. Its bytes
    are let go when it returns, before the next batch is fetched."""
    imap = deps.settings.imap
    big = [u for u in uids if sizes[u] > imap.max_message_size]
    fetched = [(m, False) for m in box.fetch([u for u in uids if u not in big])]
    fetched += [(m, True) for m in box.fetch_headers(big)]
    deps.checkpoint("fetched")
    still_leader(deps)
    batch = sorted(fetched, key=lambda p: p[0].uid)
    del fetched
    if deps.parse_ahead is not None:
        deps.parse_ahead([m.raw for m, too_large in batch if not too_large])
    in_order = [m.uid for m, _ in batch]
    report.at = f"uids {uids[0]}-{uids[-1]} (being stored)"
    stored = store_batch(deps, box.uidvalidity, [(m, sizes.get(m.uid, len(m.raw)), big) for m, big in batch])
    del batch  # decided from the database
    report.fetched += len(stored)
    moves: list[Move] = []
    rows = [(row_id, fresh, info, uid) for (row_id, fresh, info), uid in zip(stored, in_order, strict=True)]
    for start in range(0, len(rows), DECIDE_TOGETHER):
        if deps.stop_requested():
            break  # the rest stays "stored": the next cycle decides it
        # Before the transaction: renewing the lease is a write of its own, which SQLite
        # would make wait for this one.
        still_leader(deps)
        chunk = rows[start : start + DECIDE_TOGETHER]
        moves += attempt_together(deps, [(row_id, info, uid) for row_id, fresh, info, uid in chunk if fresh],
                                  report)
        for row_id, fresh, info, uid in chunk:
            if not fresh:  # stored by an earlier cycle: its attempt is counted first, alone
                report.at = f"message row={row_id} uid={uid}"
                deps.checkpoint("stored")
                moves += attempt(deps, row_id, report, info=info)
                deps.checkpoint("committed")
        if deps.courier is not None:
            # These replies are committed: the courier may send them while the next
            # mails are decided.
            send_replies(deps, report)
    report.at = None
    # The batch's server moves, all after their commits (a crash before this point
    # leaves them to the next cycle's finish_moves); then its replies, so that in a long
    # backlog residents are answered as their batch is done, not at the very end.
    apply_moves(deps, box, moves)
    drain_submissions(deps, report)
    send_replies(deps, report)


def decide_and_move(deps: Deps, box: Mailbox | None, row_id: int, report: CycleReport) -> None:
    """Decide one stored message, then act on the server copy (when connected)."""
    moves = attempt(deps, row_id, report)
    deps.checkpoint("committed")
    if box is not None:
        apply_moves(deps, box, moves)


def apply_moves(deps: Deps, box: Mailbox, moves: Sequence[Move]) -> None:
    """Move the server copies, folder by folder, and note each move as done."""
    by_folder: dict[str, list[Move]] = {}
    for m in moves:
        by_folder.setdefault(m.folder, []).append(m)
    for folder, items in by_folder.items():
        box.move_many([m.uid for m in items], folder)
        deps.checkpoint("moved")
        with db.unit(deps.sessions) as s:
            t.mark_moved(s, [m.row_id for m in items])


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
