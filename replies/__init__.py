"""Pure renders of the replies residents receive: Jinja2 templates in, EmailMessage out."""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from collections.abc import MutableMapping
from datetime import datetime
from email import message_from_bytes, policy
from email.header import Header
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape

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
# RFC 5322 §3.6.4 msg-id, ASCII only: "<" dot-atom-text "@" (dot-atom-text / no-fold-literal) ">".
# Anything else (a UTF-8 id of RFC 6532, obsolete forms) is left out of the reply: a 7-bit
# reply cannot carry it, and a header must not carry what it cannot vouch for.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM = rf"{_ATOM}(?:\.{_ATOM})*"
_MSGID = re.compile(rf"<{_DOT_ATOM}@(?:{_DOT_ATOM}|\[[\x21-\x5a\x5e-\x7e]*\])>")
#: Longer ids would not fit on one header line with their name (RFC 5322 §2.1.1: 998).
MAX_MSGID = 900
MAX_REFERENCES = 20  # a hostile thread must not grow our header without bound
CRLF = "\r\n"  # RFC 5322 §2.1: the line ending on the wire


class _Templates(Environment):
    """An environment whose template lookups are a dict: every {% import %} and
    {% include %} of a render looks its template up again, and the loader's cache (a
    locked LRU) cost a fifth of a reply's render. Sound only with `auto_reload=False`."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._memo: dict[tuple[str, str | None], Template] = {}

    def get_template(self, name: str | Template, parent: str | None = None,
                     globals: MutableMapping[str, Any] | None = None) -> Template:
        if globals or not isinstance(name, str):
            return super().get_template(name, parent, globals)
        found = self._memo.get((name, parent))
        if found is None:
            found = self._memo[(name, parent)] = super().get_template(name, parent)
        return found


def _environment() -> Environment:
    env = _Templates(
        loader=PackageLoader("replies"),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # The templates ship with the package and never change while it runs: no stat()
        # of each template file on every render.
        auto_reload=False,
    )
    # Accounts are shown as digits only, whatever reached the model.
    env.filters["digits"] = lambda value: re.sub(r"\D", "", str(value))
    # The templates use none of Jinja's default globals (range, dict, cycler…), and each
    # {% import %} compares the caller's globals with the module's, key by key: about
    # 40 % of a reply's render went there.
    env.globals.clear()
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
    raw = render_bytes(reply, original, settings, message_id=message_id, date=date)
    msg = message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def render_bytes(
    reply: Reply,
    original: Original,
    settings: ReplySettings,
    *,
    message_id: str,
    date: datetime,
) -> bytes:
    """The reply as it goes on the wire (CRLF, 7-bit): what the outbox stores.

    Assembled directly rather than through `EmailMessage`, whose header objects cost
    about ten times the templates themselves; `render` parses these bytes back."""
    if reply.kind not in REPLY_KINDS:
        raise ValueError(f"unknown reply kind {reply.kind!r}")
    unknown = [a.status for a in reply.accounts if a.status not in ACCOUNT_STATUSES]
    if unknown:
        raise ValueError(f"unknown account status {unknown[0]!r}")
    if date.tzinfo is None:
        raise ValueError("date must be timezone-aware (RFC 5322 §3.3 needs the zone)")
    text, html = render_bodies(reply, settings)
    headers = [
        ("From", _address(settings.from_addr)),
        ("To", _CONTROL.sub("", original.to_addr)),
        ("Subject", _unstructured("Subject", reply_subject(original.subject, settings.subject_max_len))),
        ("Date", format_datetime(date)),
        ("Message-ID", message_id),
    ]
    parent = _message_ids(original.message_id or "")[:1]
    if parent:
        # RFC 5322 §3.6.4: In-Reply-To names the parent; References is the parent's
        # References (or nothing) followed by the parent's Message-ID.
        refs = [r for ref in original.references for r in _message_ids(ref)] + parent
        if len(refs) > MAX_REFERENCES:  # keep the thread root and the nearest ancestors
            refs = refs[:1] + refs[-(MAX_REFERENCES - 1) :]
        headers += [("In-Reply-To", parent[0]), ("References", _fold_words("References", refs))]
    # RFC 3834 §5: marks the reply as automatic so other responders stay silent.
    headers.append(("Auto-Submitted", "auto-replied"))
    # Exchange and Outlook honour this instead: no out-of-office answer to our answer.
    headers.append(("X-Auto-Response-Suppress", "All"))
    # Base64 bodies can never contain "=_" (RFC 2045 §6.8), so this boundary cannot occur
    # inside a part (RFC 2046 §5.1.1); derived from the Message-ID, the render stays pure.
    boundary = "=_" + hashlib.sha256(message_id.encode()).hexdigest()[:32]
    headers += [("MIME-Version", "1.0"),
                ("Content-Type", f'multipart/alternative;{CRLF} boundary="{boundary}"')]
    out = [f"{k}: {v}" for k, v in headers]
    for subtype, body in (("plain", text), ("html", html)):
        # Text is encoded in its canonical form, lines ending in CRLF (RFC 2046 §4.1.1).
        canonical = CRLF.join(body.splitlines()).encode() + (CRLF.encode() if body.endswith("\n") else b"")
        out += ["", f"--{boundary}", f'Content-Type: text/{subtype}; charset="utf-8"',
                "Content-Transfer-Encoding: base64", "",
                base64.encodebytes(canonical).decode("ascii").rstrip("\n").replace("\n", CRLF)]
    out += ["", f"--{boundary}--", ""]
    return CRLF.join(out).encode("ascii")


@functools.lru_cache(maxsize=8)
def _address(value: str) -> str:
    """`Name <addr>` with the name RFC 2047-encoded when not ASCII (one per configuration)."""
    name, addr = parseaddr(_CONTROL.sub(" ", value))
    return formataddr((name, addr), charset="utf-8")


@functools.lru_cache(maxsize=256)  # most replies are "Re: Показания": encoded once
def _unstructured(name: str, value: str) -> str:
    """An unstructured header's value, RFC 2047-encoded when not ASCII, folded at 78."""
    charset = "us-ascii" if value.isascii() else "utf-8"
    return Header(value, charset, maxlinelen=78, header_name=name).encode(linesep=CRLF)


def _fold_words(name: str, words: list[str]) -> str:
    """Space-separated tokens folded so that no line passes 78 characters (RFC 5322 §2.2.3)."""
    lines, width = [""], len(name) + 2
    for word in words:
        if lines[-1] and width + 1 + len(word) > 78:
            lines.append("")
            width = 1
        width += len(word) + (1 if lines[-1] else 0)
        lines[-1] = f"{lines[-1]} {word}" if lines[-1] else word
    return f"{CRLF} ".join(lines)


#: At most this many candidate values named in an ambiguous refusal.
MAX_CANDIDATES = 6


def render_bodies(reply: Reply, settings: ReplySettings) -> tuple[str, str]:
    """The text and HTML bodies of `reply` (what the golden files hold)."""
    # Only digits are ever shown back: a candidate is a number, never text to be injected.
    shown = [c for c in reply.candidates if c.isascii() and c.isdigit()][:MAX_CANDIDATES]
    context = {"kind": reply.kind, "accounts": reply.accounts, "settings": settings, "candidates": shown}
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
    # Only valid ASCII msg-ids travel on: anything else could smuggle header text.
    return [m for m in _MSGID.findall(value) if len(m) <= MAX_MSGID]


__all__ = [
    "AccountOutcome",
    "Original",
    "Reply",
    "ReplySettings",
    "ZoneValue",
    "render",
    "render_bodies",
    "render_bytes",
    "reply_subject",
]
