"""The pure core: raw RFC 5322 bytes in, a `Decision` out (see corpus CONTRACT.md).

Nothing in this package performs I/O, reads the clock or logs.  ``parse`` and
``read_info`` never raise: a message that cannot be understood is ignored (left for
people), never answered.
"""

from __future__ import annotations

from email.message import Message

from parsers.classify import is_auto_generated
from parsers.headers import info_of
from parsers.message import attached_texts, parse_bytes, parse_headers, read_body
from parsers.model import Decision, MessageInfo, Submission
from parsers.quoting import MAX_TEXT, split_text
from parsers.subject import decode_subject, is_forward, names_readings, strip_prefixes

_NOT_READINGS = Decision(action="ignore", reason="not_readings")
_AUTO = Decision(action="ignore", reason="auto_generated")


def _subject(msg: Message) -> str:
    try:
        return decode_subject(msg.get("Subject"))
    except Exception:  # an unreadable Subject names nothing
        return ""


_Texts = tuple[str, str, str, str]


def _texts(msg: Message) -> Decision | _Texts:
    """An ignore decision, or the texts extraction reads: subject, own, forwarded, signature."""
    subject = _subject(msg)
    forward_hint = is_forward(subject)
    body = read_body(msg, forward_hint)
    split = split_text(body.text, forward_hint)
    # Content signals look at the sender's own and forwarded words, not at quotes: a
    # resident's reply quoting a notice that calls itself automatic is still hers.
    if is_auto_generated(msg, subject, f"{split.own}\n{split.forwarded}"):
        return _AUTO
    if not names_readings(subject):
        return _NOT_READINGS
    forwarded = [split.forwarded, *map(_forwarded_html, body.forwarded), *attached_texts(body)]
    extra = "\n\n".join(x for x in forwarded if x)[:MAX_TEXT]
    return strip_prefixes(subject), split.own[:MAX_TEXT], extra, split.signature[:MAX_TEXT]


def _decide(msg: Message) -> Decision:
    texts = _texts(msg)
    if isinstance(texts, Decision):
        return texts
    from parsers.extract import extract  # the extraction side, kept out of import cycles

    return extract(*texts)


def _forwarded_html(text: str) -> str:
    """A forwarded HTML container's text without its marker and header block."""
    split = split_text(text, forward_hint=True)
    return split.forwarded or split.own


def parse(raw: bytes) -> Decision:
    """Decide what the daemon does with one raw message; never raises."""
    try:
        return _decide(parse_bytes(raw))
    except Exception:  # last resort: an unreadable mail is left for people, not lost
        return _NOT_READINGS


def explain(raw: bytes) -> str:
    """``parse`` explained: each number of the resident's text, its role and rule, the decision."""
    from parsers.explanation import render
    from parsers.extract import read

    try:
        texts = _texts(parse_bytes(raw))
    except Exception:
        return render(None, _NOT_READINGS, [])
    if isinstance(texts, Decision):
        return render(None, texts, [])
    notes: list[tuple[int, int, str]] = []
    try:
        reading = read(*texts, notes=notes)
    except Exception:
        return render(None, parse(raw), [])
    return render(reading, reading.decision, notes)


def read_info(raw: bytes) -> MessageInfo:
    """The identifying headers of one raw message, decoded and cleaned; never raises."""
    try:
        # The header section alone: same headers as a full parse (checked on the wild corpus).
        return info_of(parse_headers(raw))
    except Exception:  # the daemon still files the mail, without these headers
        return MessageInfo(None, "", None, None, None)


__all__ = ["Decision", "MessageInfo", "Submission", "explain", "parse", "read_info"]
