"""`mailreader reprocess`: run stored mail again from its bytes, without mailing a resident
twice, and fetch a mail that was too large back from the server once the limit allows it.

Only failed mail is run again unless forced. A forced run of mail that was answered
already (processed, a duplicate) answers again only when readings changed: the readings
service says `unchanged` for the same submission, and that is not worth a second mail.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from mailreader import db
from mailreader.daemon.deps import Deps
from mailreader.daemon.message import attempt
from mailreader.daemon.submitter import drain_submissions
from mailreader.db import transitions
from mailreader.db.models import Message
from mailreader.db.states import ANSWERED, RUNNABLE, MessageState, ServerState, SetAsideReason
from mailreader.errors import MailreaderError, RetryLater
from mailreader.ops.report import CycleReport
from mailreader.ops.retention import refuse_if_purged

log = logging.getLogger(__name__)


def check(deps: Deps, ids: Sequence[int], *, force: bool) -> None:
    """Every id names a stored mail that may be run again, or one error naming them all
    (nothing is run then: a typo in one id must not half-run a list)."""
    problems = []
    with db.transaction(deps.sessions) as s:
        for row_id in ids:
            msg = s.get(Message, row_id)
            if msg is None:
                problems.append(f"{row_id}: no such message")
            elif msg.purged_at is not None:
                try:
                    refuse_if_purged(row_id, msg.purged_at)
                except MailreaderError as exc:
                    problems.append(str(exc))
            elif msg.state == MessageState.STORED:
                problems.append(f"{row_id}: not decided yet (the next cycle decides it)")
            elif msg.state == "submitted":
                problems.append(f"{row_id}: waiting for the readings service's answer")
            elif msg.state not in RUNNABLE and not force:
                problems.append(f"{row_id}: {msg.state}, not failed (--force runs it again)")
    if problems:
        raise MailreaderError("reprocess refused: " + "; ".join(problems))


def reprocess(deps: Deps, row_id: int, report: CycleReport) -> str:
    """Run a stored message again from its raw bytes; move the server copy if it exists.

    A copy still in the mailbox is moved by the next cycle; one already filed (in the
    failed folder, say) is looked up there by Message-ID and moved now."""
    with db.transaction(deps.sessions) as s:
        msg = s.get(Message, row_id)
        if msg is None:
            raise MailreaderError(f"no message with id {row_id}")
        refuse_if_purged(row_id, msg.purged_at)
        answered = msg.state in ANSWERED
        too_large = headers_only(msg)
    if too_large:
        _fetch_whole(deps, row_id)
    with db.transaction(deps.sessions) as s:
        msg = s.get(Message, row_id)
        assert msg is not None
        was_in = msg.target_folder if msg.server_state == ServerState.MOVED else None
        transitions.reopen(msg)
    moves = attempt(deps, row_id, report, answered=answered)
    drain_submissions(deps, report)  # the remote service's answers, and so the reply
    with db.transaction(deps.sessions) as s:
        msg = s.get(Message, row_id)
        assert msg is not None
        message_id, state = msg.message_id, msg.state
    if was_in is None or not moves:
        return state
    target = moves[0].folder
    if target != was_in and message_id:
        try:
            with deps.open_mailbox(deps.settings.imap) as box:
                uids = box.find_by_message_id(was_in, message_id)
                if uids:
                    box.move_from(was_in, uids, target)
        except RetryLater as exc:
            log.warning("reprocessed row=%s; its copy stays in %s: %s", row_id, was_in, exc)
    with db.unit(deps.sessions) as s:
        transitions.mark_moved(s, [row_id])
    return state


def headers_only(msg: Message) -> bool:
    """Only the header section is stored: the mail was over `[imap] max_message_size`."""
    return msg.reason == SetAsideReason.TOO_LARGE


def _fetch_whole(deps: Deps, row_id: int) -> None:
    """Replace the stored header section of a too-large mail by the whole mail, fetched
    again from where it lies on the server (the failed folder, found by Message-ID, or
    still the mailbox, by UID); a clear error when the limit or the server forbids it."""
    from mailreader.daemon.fingerprint import content_hash

    limit = deps.settings.imap.max_message_size
    with db.transaction(deps.sessions) as s:
        msg = s.get(Message, row_id)
        assert msg is not None
        size, head, message_id = msg.size, msg.raw, msg.message_id
        moved, folder, uid = msg.server_state == ServerState.MOVED, msg.target_folder, msg.uid
        uidvalidity = msg.uidvalidity
    if size > limit:
        raise MailreaderError(
            f"message {row_id} is {size} bytes, over [imap] max_message_size = {limit}: "
            "raise it in the configuration, then run reprocess again")
    with deps.open_mailbox(deps.settings.imap) as box:
        if moved and folder:
            if not message_id:
                raise MailreaderError(f"message {row_id} has no Message-ID to find it by in {folder}: "
                                      "export it from the server by hand")
            where = folder
            found = box.fetch_from(folder, box.find_by_message_id(folder, message_id))
        else:
            where = deps.settings.imap.mailbox
            found = box.fetch([uid]) if box.uidvalidity == uidvalidity else []
    # The stored header section is the start of the whole mail: it tells the right copy.
    whole = next((m.raw for m in found if m.raw.startswith(head)), None)
    if whole is None:
        raise MailreaderError(f"message {row_id} is no longer in {where} on the server: "
                              "only its headers are stored")
    with db.transaction(deps.sessions) as s:
        msg = s.get(Message, row_id)
        assert msg is not None
        msg.raw, msg.content_hash, msg.size = whole, content_hash(whole), len(whole)
    log.info("message row=%s fetched whole again from %s (%s bytes)", row_id, where, len(whole))
