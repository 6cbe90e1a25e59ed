"""Walk a raw message's MIME tree and hand back its readable text, never raising.

The main path is the standard library's lenient ``compat32`` parser, not mail-parser:
measured by bench/parse.py on the dev corpus, mail-parser alone parses about 600
messages/s, fewer than the whole of ``parse`` (about 900/s, classification and
extraction included) and too few for the 500/s target once extraction is added;
compat32 already recovers from broken boundaries, missing headers and bad encodings.
text/plain is preferred to text/html (RFC 2046 §5.1.4: later alternatives are richer,
not different), HTML-only mail goes through `parsers.htmltext`, and attached
``message/rfc822`` parts (a forward as attachment, RFC 2046 §5.2.1) come back as
forwarded text.
"""

from __future__ import annotations

import email
import email.parser
import re
from dataclasses import dataclass, field
from email.message import Message

from parsers.charsets import decode_bytes
from parsers.htmltext import html_to_text
from parsers.subject import decode_subject

# Beyond this the resident's text is certainly over; a 5 MB body must stay cheap.
MAX_PART_BYTES = 256 * 1024
MAX_PARTS = 64
MAX_DEPTH = 20
_CR_ONLY = re.compile(rb"\r(?!\n)")
# A leaf part that is not text (a photo of the meter, a PDF) and its base64 body's first
# line: from its Content-Type, through the rest of its header block, to the empty line.
_BINARY_PART = re.compile(
    rb"\n(?i:content-type):(?![ \t]*(?i:text|message|multipart)/)[^\n]*\n"
    rb"(?:(?!--)[!-9;-~]+:[^\n]*\n|[ \t][^\n]*\n)*\n"
    rb"[A-Za-z0-9+/]{40,}={0,2}\n"
)
#: Mail below this size is parsed as it is: skimming it would cost more than it saves.
SKIM_ABOVE = 32 * 1024


@dataclass(frozen=True)
class Body:
    """A message's readable text, forwards found in its HTML, and attached messages.

    Attached messages stay unrendered until `attached_texts` is asked: most mail is
    ignored before anyone needs them, and a returned mail can be large.
    """

    text: str
    forwarded: tuple[str, ...] = ()
    attached: tuple[Message, ...] = ()


def normalise_line_ends(raw: bytes) -> bytes:
    """CRLF and bare CR become LF (RFC 5322 §2.3 only allows CRLF; old Macs sent CR)."""
    if b"\r" not in raw:
        return raw
    return _CR_ONLY.sub(b"\n", raw.replace(b"\r\n", b"\n"))


def without_binary_bodies(text: bytes) -> bytes:
    """``text`` (LF line ends) with each non-text part's base64 body cut to its first line.

    Nothing reads such a body (`_walk` skips every leaf that is neither text nor a
    message), but the standard parser splits it line by line: a 200 KB photo cost about
    three times the rest of its mail. The body ends at the part's boundary (a line
    starting with "-", which base64 never does) or earlier at an empty line: what is cut
    is base64 of that part only. Headers and every other part stay as they were."""
    kept: list[bytes] = []
    pos = 0
    while (m := _BINARY_PART.search(text, pos)) is not None:
        ends = [k for stop in (b"\n-", b"\n\n") if (k := text.find(stop, m.end() - 1)) >= 0]
        kept.append(text[pos : m.end() - 1])
        pos = min(ends, default=len(text))
    if not kept:
        return text
    kept.append(text[pos:])
    return b"".join(kept)


def parse_bytes(raw: bytes) -> Message:
    """The compat32 message of ``raw``; an empty message if even that fails."""
    try:
        text = normalise_line_ends(raw)
        if len(text) > SKIM_ABOVE:
            text = without_binary_bodies(text)
        return email.message_from_bytes(text)
    except Exception:  # compat32 is lenient, but arbitrary bytes may still surprise it
        return Message()


def parse_headers(raw: bytes) -> Message:
    """The compat32 header section of ``raw`` (the body is left unparsed: a quarter of the
    cost of `parse_bytes` for a message with attachments)."""
    try:
        text = normalise_line_ends(raw)
        # Only up to the first empty line: the header parser would otherwise read every
        # line of the body too (into a payload nobody asks for); the headers come out
        # the same, since they end there at the latest.
        end = text.find(b"\n\n")
        return email.parser.BytesHeaderParser().parsebytes(text if end < 0 else text[: end + 2])
    except Exception:  # as lenient as parse_bytes
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
    text = decode_bytes(data[:MAX_PART_BYTES], declared)
    if "\r" in text:  # CRLF inside base64/QP content survives the transfer decoding
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _is_attachment(part: Message) -> bool:
    disposition = str(part.get("Content-Disposition", "")).lower()
    return disposition.startswith("attachment")


@dataclass
class _Piece:
    """An inline text part, "plain" or "html", decoded when first read: most mail is
    multipart/alternative, and its HTML is never read when the plain text is there."""

    kind: str
    part: Message
    _text: str | None = field(default=None, init=False, repr=False)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = part_text(self.part)
        return self._text


@dataclass
class _Found:
    """Inline text parts in order, and attached messages."""

    pieces: list[_Piece] = field(default_factory=list)
    attached: list[Message] = field(default_factory=list)


def _walk(msg: Message, depth: int, out: _Found) -> None:
    if depth > MAX_DEPTH or len(out.pieces) >= MAX_PARTS:
        return
    ctype = msg.get_content_type()
    payload = msg.get_payload()
    if ctype == "message/rfc822":
        out.attached.append(msg)
    elif msg.is_multipart() and isinstance(payload, list):
        subs = [p for p in payload[:MAX_PARTS] if isinstance(p, Message)]
        if ctype == "multipart/alternative":
            _walk_alternative(subs, depth, out)
        else:  # mixed, related, signed…: every part in order (iOS puts text after photos)
            for sub in subs:
                _walk(sub, depth + 1, out)
    elif _is_attachment(msg):
        return
    elif _reads_as_plain(msg, ctype):
        out.pieces.append(_Piece("plain", msg))
    elif ctype == "text/html":
        out.pieces.append(_Piece("html", msg))


def _has_plain(found: _Found) -> bool:
    return any(p.kind == "plain" and p.text.strip() for p in found.pieces)


def _walk_alternative(subs: list[Message], depth: int, out: _Found) -> None:
    """RFC 2046 §5.1.4: one content several ways; plain text if any way has it."""
    options: list[_Found] = []
    for sub in subs:
        option = _Found()
        _walk(sub, depth + 1, option)
        options.append(option)
    with_plain = [o for o in options if _has_plain(o)]
    with_any = [o for o in options if o.pieces or o.attached]
    chosen = with_plain[0] if with_plain else (with_any[-1] if with_any else None)
    if chosen is not None:
        out.pieces.extend(chosen.pieces)
        out.attached.extend(chosen.attached)


def _reads_as_plain(leaf: Message, ctype: str) -> bool:
    """text/plain, or a multipart whose boundary is broken (its payload is raw text)."""
    return ctype == "text/plain" or (
        leaf.get_content_maintype() == "multipart" and isinstance(leaf.get_payload(), str)
    )


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
    body = read_body(inner)
    subject = decode_subject(inner.get("Subject"))
    nested = (_forward_text(p, depth + 1) for p in body.attached)
    return "\n".join(x for x in (subject, body.text, *body.forwarded, *nested) if x)


def attached_texts(body: Body) -> tuple[str, ...]:
    """The text of each attached message (a forward as attachment, RFC 2046 §5.2.1)."""
    return tuple(_forward_text(part, 0) for part in body.attached)


def read_body(msg: Message, forward_hint: bool = False) -> Body:
    """The inline text parts in order (plain text preferred, else HTML rendered) and the
    attached messages.  ``forward_hint`` (the subject says Fwd) makes HTML quote
    containers count as forwards.
    """
    found = _Found()
    _walk(msg, 0, found)
    attached = tuple(found.attached)
    if _has_plain(found):
        plain = [p.text for p in found.pieces if p.kind == "plain" and p.text.strip()]
        return Body("\n\n".join(plain), (), attached)
    texts: list[str] = []
    forwarded: list[str] = []
    for piece in found.pieces:
        if piece.kind == "html":
            converted = html_to_text(piece.text, forward_hint)
            texts.append(converted.text)
            forwarded.extend(converted.forwarded)
    return Body("\n\n".join(t for t in texts if t.strip()), tuple(forwarded), attached)
