"""Raw mail is not kept forever: the bytes of decided mail older than `[storage]
keep_raw_days` are dropped, its row, decision and readings kept (`mailreader purge`, and
daily from the daemon).

Never touched: mail not yet decided, mail set aside (ops may reprocess it), and mail
whose reply is still queued. A purged message cannot be reprocessed or exported; it says
so."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from mailreader import db
from mailreader.db import retention as q
from mailreader.errors import MailreaderError

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

#: Messages per transaction: short transactions beside a running poller.
CHUNK = 500


@dataclass(frozen=True)
class Purged:
    messages: int = 0
    bytes: int = 0
    replies: int = 0
    cutoff: datetime | None = None  # mail decided before this was purged; None: kept forever


def cutoff(now: datetime, keep_days: int) -> datetime | None:
    return None if keep_days == 0 else now - timedelta(days=keep_days)


def purge(sessions: sessionmaker[Session], now: Callable[[], datetime], keep_days: int, *,
          dry_run: bool = False) -> Purged:
    """Drop the raw bytes of decided mail older than `keep_days` (0: none), in chunks."""
    before = cutoff(now(), keep_days)
    if before is None:
        return Purged()
    if dry_run:
        with db.unit(sessions) as s:
            return Purged(*q.would_drop(s, before), cutoff=before)
    messages = size = replies = 0
    while True:
        with db.unit(sessions) as s:
            found = q.due(s, before, CHUNK)
            done, emptied = q.drop(s, [row_id for row_id, _ in found], before, now())
        held = dict(found)
        messages, size, replies = messages + len(done), size + sum(held[i] for i in done), replies + emptied
        if len(found) < CHUNK:
            break
    if messages:
        log.info("purged the raw bytes of %s messages (%s bytes) and %s replies decided before %s",
                 messages, size, replies, before.isoformat())
    return Purged(messages, size, replies, before)


def refuse_if_purged(row_id: int, purged_at: datetime | None) -> None:
    """A purged message has no bytes left to reprocess or export: say so, plainly."""
    if purged_at is not None:
        raise MailreaderError(f"message {row_id} was purged on {purged_at:%Y-%m-%d} "
                              "([storage] keep_raw_days): its raw bytes are gone; the decision and "
                              "readings are kept")
