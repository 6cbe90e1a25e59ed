"""Walk a raw message's MIME tree and hand back its readable text, never raising.

The main path is the standard library's lenient ``compat32`` parser, not mail-parser:
measured on the dev corpus (bench/parse.py) mail-parser costs several times more per
message than the whole of ``parse`` is allowed, and the compat32 walk already recovers
from broken boundaries, missing headers and bad encodings.  text/plain is preferred
to text/html (RFC 2046 §5.1.4: later alternatives are richer, not different), HTML-only
mail goes through `parsers.htmltext`, and attached ``message/rfc822`` parts (a forward
as attachment, RFC 2046 §5.2.1) come back as forwarded text.
"""

from __future__ import annotations

import email
import re
from dataclasses import dataclass
from email.message import Message

from parsers.charsets import decode_bytes
from parsers.htmltext import html_to_text

# Beyond this the resident's text is certainly over; a 5 MB body must stay cheap.
MAX_PART_BYTES = 256 * 1024
MAX_PARTS = 64
_CR_ONLY = re.compile(rb"\r(?!\n)")


@dataclass(frozen=True)
class Body:
    """A message's readable text: own part, HTML-quote remainder and attached forwards."""

    text: str
    forwarded: tuple[str, ...] = ()
    from_html: bool = False


def normalise_line_ends(raw: bytes) -> bytes:
    """CRLF and bare CR become LF (RFC 5322 §2.3 only allows CRLF; old Macs sent CR)."""
    if b"\r" not in raw:
        return raw
    return _CR_ONLY.sub(b"\n", raw.replace(b"\r\n", b"\n"))


def parse_bytes(raw: bytes) -> Message:
    """The compat32 message of ``raw``; an empty message if even that fails."""
    try:
        return email.message_from_bytes(normalise_line_ends(raw))
    except Exception:  # compat32 is lenient, but arbitrary bytes may still surprise it
        return Message()


def part_text(part: Message) -> str:
    """The decoded text of a leaf part (transfer encoding, then charset)."""
    try:
        data = part.get_payload(decode=True)
    except Exception:  # broken base64/QP: take the raw payload rather than nothing
        data = None
    if not isinstance(data, bytes):
        raw = part.get_payload()
        data = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""
    try:
        declared = part.get_content_charset()
    except Exception:  # an undecodable parameter is as good as no charset
        declared = None
    return decode_bytes(data[:MAX_PART_BYTES], declared)


def _is_attachment(part: Message) -> bool:
    disposition = str(part.get("Content-Disposition", "")).lower()
    return disposition.startswith("attachment")


def _leaves(msg: Message, depth: int = 0) -> list[Message]:
    """Leaf parts in order, stopping at attached messages (kept as leaves)."""
    if depth > 20:
        return []
    ctype = msg.get_content_type()
    payload = msg.get_payload()
    if ctype == "message/rfc822" or not msg.is_multipart() or not isinstance(payload, list):
        return [msg]
    out: list[Message] = []
    for sub in payload[:MAX_PARTS]:
        if isinstance(sub, Message):
            out.extend(_leaves(sub, depth + 1))
    return out


def _attached_message(part: Message) -> Message | None:
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        return payload[0]
    if isinstance(payload, str):
        return email.message_from_string(payload)
    return None


def _forward_text(part: Message, depth: int) -> str:
    inner = _attached_message(part)
    if inner is None or depth > 3:
        return ""
    body = read_body(inner, depth + 1)
    subject = str(inner.get("Subject", "") or "")
    return "\n".join(x for x in (subject, body.text, *body.forwarded) if x)


def read_body(msg: Message, depth: int = 0) -> Body:
    """The first text/plain leaf (else the first HTML leaf as text) and attached forwards."""
    plain: str | None = None
    html: str | None = None
    forwarded: list[str] = []
    for leaf in _leaves(msg):
        ctype = leaf.get_content_type()
        if ctype == "message/rfc822":
            forwarded.append(_forward_text(leaf, depth))
        elif _is_attachment(leaf):
            continue
        elif ctype == "text/plain" and plain is None:
            plain = part_text(leaf)
        elif ctype == "text/html" and html is None:
            html = part_text(leaf)
    if plain is not None and plain.strip():
        return Body(plain, tuple(forwarded))
    if html is not None:
        converted = html_to_text(html)
        return Body(converted.text, (*converted.forwarded, *forwarded), from_html=True)
    return Body(plain or "", tuple(forwarded))
