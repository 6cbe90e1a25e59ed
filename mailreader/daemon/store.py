"""Keeping fetched mail: a batch's raw bytes and identifying headers stored in one
transaction before anything is decided (idempotent per mailbox, UIDVALIDITY and UID)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

import parsers
from mailreader import db
from mailreader.daemon.deps import Deps
from mailreader.daemon.fingerprint import content_hash
from mailreader.daemon.timelimit import time_limit
from mailreader.db import messages as q
from mailreader.db.states import MessageState, ServerState, SetAsideReason
from mailreader.errors import MessageTimeout, RetryLater
from mailreader.ops.log import describe
from mailreader.protocols import FetchedMessage
from parsers import MessageInfo, clean

if TYPE_CHECKING:
    from sqlalchemy import Connection

log = logging.getLogger(__name__)

#: One fetched mail: the message, its size on the server, whether it was too large to fetch whole.
Fetched = tuple[FetchedMessage, int, bool]
#: One stored mail: its row id, whether the row is new, its identifying headers (None: not read in time).
Stored = tuple[int, bool, MessageInfo | None]

NO_INFO = MessageInfo(None, "", None, None, None)


def store_batch(deps: Deps, uidvalidity: int, batch: Sequence[Fetched]) -> list[Stored]:
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
            return _insert_rows(deps, s, uidvalidity, batch, infos)
    except RetryLater:
        raise
    except Exception as exc:  # one mail's values, most likely: find it
        log.error("storing a batch of %s failed; storing its mails one by one: %s", len(batch), describe(exc))
        log.debug("storing a batch failed", exc_info=True)
    return [_store_one(deps, uidvalidity, item, info) for item, info in zip(batch, infos, strict=True)]


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


def _store_one(deps: Deps, uidvalidity: int, item: Fetched, info: MessageInfo | None) -> Stored:
    try:
        with db.unit(deps.sessions) as s:
            return _insert_rows(deps, s, uidvalidity, [item], [info])[0]
    except RetryLater:
        raise
    except Exception as exc:  # this mail's values: keep its bytes and set it aside
        log.error("message uid=%s: its headers could not be stored; set aside without them: %s", item[0].uid,
                  describe(exc))
        log.debug("message uid=%s: storing failed", item[0].uid, exc_info=True)
        error = error_text(exc)
    with db.unit(deps.sessions) as s:
        return _insert_rows(deps, s, uidvalidity, [item], [NO_INFO], unstorable=error)[0]


def _insert_rows(deps: Deps, s: Connection, uidvalidity: int, batch: Sequence[Fetched],
                 infos: Sequence[MessageInfo | None], *, unstorable: str | None = None) -> list[Stored]:
    mailbox = deps.settings.imap.mailbox
    known = q.ids_at(s, mailbox, uidvalidity, [msg.uid for msg, _, _ in batch])
    now = deps.now()
    fresh = []
    for (msg, size, too_large), info in zip(batch, infos, strict=True):
        if msg.uid in known:
            continue
        head = info or NO_INFO
        # Known already: it will be set aside with this reason when it is decided.
        reason = (SetAsideReason.TOO_LARGE if too_large
                  else SetAsideReason.BAD_HEADERS if unstorable else None)
        fresh.append({
            "mailbox": mailbox, "uidvalidity": uidvalidity, "uid": msg.uid, "raw": msg.raw, "size": size,
            "message_id": head.message_id or None, "content_hash": content_hash(msg.raw),
            "from_addr": head.from_addr, "subject": head.subject, "state": MessageState.STORED,
            "reason": reason,
            "error": unstorable, "attempts": 1, "server_state": ServerState.PENDING, "received_at": now})
    new_ids = iter(q.add_messages(s, fresh))
    return [(known[msg.uid], False, info) if msg.uid in known else (next(new_ids), True, info)
            for (msg, _, _), info in zip(batch, infos, strict=True)]


def error_text(exc: BaseException) -> str:
    """An exception as the error column keeps it: the message may quote a mail's values."""
    return clean.text(f"{type(exc).__name__}: {exc}", 4000)
