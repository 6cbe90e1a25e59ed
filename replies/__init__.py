"""Pure renders of the replies residents receive: Jinja2 templates in, EmailMessage out."""

from __future__ import annotations

import re
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from replies.model import (
    ACCOUNT_STATUSES,
    REPLY_KINDS,
    AccountOutcome,
    Original,
    Reply,
    ReplySettings,
    ZoneValue,
)

# Reply prefixes residents' clients add ("Re:", "RE[2]:", Outlook's "Отв:" and "Ответ:",
# German "AW:"): stripped so the answer carries exactly one "Re:".
_REPLY_PREFIX = re.compile(r"^(?:\s*(?:re|aw|отв|ответ)\s*(?:\[\d+\]|\(\d+\))?\s*:)+\s*", re.I)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_MSGID = re.compile(r"<[^<>\s]+>")
MAX_REFERENCES = 20  # a hostile thread must not grow our header without bound


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("replies"),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Accounts are shown as digits only, whatever reached the model.
    env.filters["digits"] = lambda value: re.sub(r"\D", "", str(value))
    return env


_ENV = _environment()


def render(
    reply: Reply,
    original: Original,
    settings: ReplySettings,
    *,
    message_id: str,
    date: datetime,
) -> EmailMessage:
    """Render one reply; the caller fixes its Message-ID and Date (no clock here)."""
    if reply.kind not in REPLY_KINDS:
        raise ValueError(f"unknown reply kind {reply.kind!r}")
    unknown = [a.status for a in reply.accounts if a.status not in ACCOUNT_STATUSES]
    if unknown:
        raise ValueError(f"unknown account status {unknown[0]!r}")
    if date.tzinfo is None:
        raise ValueError("date must be timezone-aware (RFC 5322 §3.3 needs the zone)")
    text, html = render_bodies(reply, settings)
    msg = EmailMessage()
    msg["From"] = settings.from_addr
    msg["To"] = original.to_addr
    msg["Subject"] = reply_subject(original.subject, settings.subject_max_len)
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = message_id
    parent = _message_ids(original.message_id or "")[:1]
    if parent:
        # RFC 5322 §3.6.4: In-Reply-To names the parent; References is the parent's
        # References (or nothing) followed by the parent's Message-ID.
        refs = [r for ref in original.references for r in _message_ids(ref)] + parent
        if len(refs) > MAX_REFERENCES:  # keep the thread root and the nearest ancestors
            refs = refs[:1] + refs[-(MAX_REFERENCES - 1) :]
        msg["In-Reply-To"] = parent[0]
        msg["References"] = " ".join(refs)
    # RFC 3834 §5: marks the reply as automatic so other responders stay silent.
    msg["Auto-Submitted"] = "auto-replied"
    # Exchange and Outlook honour this instead: no out-of-office answer to our answer.
    msg["X-Auto-Response-Suppress"] = "All"
    msg.set_content(text, subtype="plain", charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    return msg


def render_bodies(reply: Reply, settings: ReplySettings) -> tuple[str, str]:
    """The text and HTML bodies of `reply` (what the golden files hold)."""
    context = {"kind": reply.kind, "accounts": reply.accounts, "settings": settings}
    text = _ENV.get_template(f"{reply.kind}.txt.j2").render(context)
    html = _ENV.get_template(f"{reply.kind}.html.j2").render(context)
    return text, html


def reply_subject(subject: str, max_len: int) -> str:
    """`Re: <subject>` on one line: CR/LF and other controls become spaces (no header
    injection, RFC 5322 §2.2), earlier reply prefixes go, and it is cut to `max_len`."""
    clean = " ".join(_CONTROL.sub(" ", subject).split())
    clean = _REPLY_PREFIX.sub("", clean)
    full = f"Re: {clean}" if clean else "Re:"
    if len(full) > max_len:
        full = full[: max(max_len - 1, 3)].rstrip() + "…"
    return full


def _message_ids(value: str) -> list[str]:
    # Only well-formed <id> tokens travel on: anything else could smuggle header text.
    return _MSGID.findall(_CONTROL.sub(" ", value))


__all__ = [
    "AccountOutcome",
    "Original",
    "Reply",
    "ReplySettings",
    "ZoneValue",
    "render",
    "render_bodies",
    "reply_subject",
]
