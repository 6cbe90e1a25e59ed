"""Queueing a reply, the outbox's poller half: whether and to whom a decided mail is
answered (robots, our own addresses, the daily limits, the cap on new recipients), and
the reply rendered and stored in the decision's own transaction. The courier sends it
(mailreader/courier/outbox.py)."""

from __future__ import annotations

import functools
import logging
import uuid
from datetime import timedelta
from email.utils import parseaddr
from typing import TYPE_CHECKING

import replies
from mailreader.daemon import respond
from mailreader.daemon.deps import Deps
from mailreader.db import messages as q
from mailreader.db.states import ReplyState
from mailreader.readings.periods import local_today
from parsers import MessageInfo
from replies.model import Original, Reply, ReplySettings

if TYPE_CHECKING:
    from sqlalchemy import Connection

log = logging.getLogger(__name__)


def is_robot(deps: Deps, raw: bytes) -> bool:
    """Auto-generated mail is never answered, even when it could not be processed.

    Judged on the header section alone: the body may be what made processing fail."""
    head = raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    try:
        decision = deps.parse(head + b"\n\n")
    except Exception:
        return True  # cannot tell: a reply to a robot is worse than none
    return decision.action == "ignore" and decision.reason == "auto_generated"


def queue_reply(deps: Deps, s: Connection, msg: q.Working, info: MessageInfo,
                planned: respond.Planned) -> None:
    """Queue the planned reply to `msg`'s sender unless a rule says not to; `msg.reply`
    (and `msg.no_reply`) say which."""
    to = respond.answerable(info, deps.settings.own_addresses, personal=planned.personal)
    if to is None:
        msg.reply = "none:not_answerable"  # a bounce, ourselves, a no-reply address
        return
    # Keyed on the address actually mailed: the limit is about what lands in one inbox.
    # Anyone can put any address in From or Reply-To: without the hourly cap on replies to
    # addresses never answered before, a stranger's mails would have us write to as many
    # third parties as they name (backscatter); the per-address daily limit cannot stop
    # that, each address being new. A personal reply is exempt: it goes to an address
    # registered for the account. What all three rules read is read in one statement.
    history = q.reply_history(s, to, local_today(deps.now(), deps.settings.readings.timezone),
                              deps.now() - timedelta(hours=1), deps.settings.trust.new_recipients_per_hour)
    reply = respond.limit(planned, history.today, deps.settings.replies.max_per_sender_per_day)
    if reply is None:
        msg.no_reply = "daily_limit"
        # README "Whom we answer": one refusal per reason per address a day, then silence.
        msg.reply = ("none:daily_limit" if any(k == "daily_limit" for k, _ in history.today)
                     else "none:same_refusal_today")
        return
    first = not history.ever
    if first and not planned.personal and history.capped:
        msg.no_reply, msg.reply = "new_recipient_cap", "none:new_recipient_cap"
        log.warning("no reply to %s: trust.new_recipients_per_hour (%s) addresses never answered "
                    "before were answered in the last hour", to, deps.settings.trust.new_recipients_per_hour)
        return
    _store_reply(deps, s, msg.id, info, to, reply, planned.reason_key, first_contact=first)
    msg.reply = "queued" if reply.kind != "daily_limit" else "daily_limit_notice"


def reply_settings(deps: Deps) -> ReplySettings:
    s = deps.settings
    return ReplySettings(
        from_addr=s.smtp.from_addr, hotline=s.replies.hotline, site=s.replies.site,
        window_start=s.readings.window_start, window_end=s.readings.window_end,
        subject_max_len=s.replies.subject_max_len,
    )


def _store_reply(deps: Deps, s: Connection, message_row: int, info: MessageInfo, to: str, reply: Reply,
                 reason_key: str | None, *, first_contact: bool = False) -> None:
    """Render now and store the bytes: the Message-ID is fixed here, so a resend after a
    crash between "accepted" and "marked sent" is recognisably the same mail."""
    message_id = f"<{uuid.uuid4().hex}@{_domain(deps.settings.smtp.from_addr)}>"
    now = deps.now()
    original = Original(to_addr=to, subject=info.subject, message_id=info.message_id,
                        references=info.references)
    raw = replies.render_bytes(reply, original, reply_settings(deps), message_id=message_id, date=now)
    q.add_reply(s, {
        "message_row": message_row, "kind": reply.kind,
        "reason_key": reason_key if reply.kind != "daily_limit" else None,
        "to_addr": to, "recipient_key": to.lower(), "envelope_from": deps.settings.smtp.envelope_from,
        "message_id": message_id, "raw": raw, "state": ReplyState.QUEUED, "attempts": 0,
        "created_at": now, "next_attempt_at": now, "first_contact": first_contact,
    })


@functools.lru_cache(maxsize=4)
def _domain(from_addr: str) -> str:
    """The right-hand side of our Message-IDs: the domain we send from (RFC 5322 §3.6.4)."""
    return parseaddr(from_addr)[1].rpartition("@")[2] or "localhost"
