"""Pure renders of the replies residents receive: Jinja2 templates in, EmailMessage out."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage

from replies.model import AccountOutcome, Original, Reply, ReplySettings, ZoneValue


def render(
    reply: Reply,
    original: Original,
    settings: ReplySettings,
    *,
    message_id: str,
    date: datetime,
) -> EmailMessage:
    """Render one reply; the caller fixes its Message-ID and Date (no clock here)."""
    msg = EmailMessage()
    msg["From"] = settings.from_addr
    msg["To"] = original.to_addr
    msg["Subject"] = "Re: " + original.subject
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-replied"
    msg.set_content(reply.kind)
    return msg


__all__ = ["AccountOutcome", "Original", "Reply", "ReplySettings", "ZoneValue", "render"]
