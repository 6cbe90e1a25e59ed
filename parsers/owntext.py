"""Stage 2, own text: the texts to read, the resident's own first, the forwarded one after.

The message side (`parsers.quoting`) strips quotes before this stage; here a last guard
cuts what slipped through (CONTRACT.md: quoted earlier messages, signatures and the
daemon's own confirmation must not contribute numbers).  An inline forwarded block is
kept apart with the forwarded text, because forwarded text counts when the resident's
own text names neither an account nor a value (the next stage tells).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.classify import Parts
from parsers.numbers import MAX_TEXT

# A line that starts a quoted earlier message: everything from it on is not new text.
_QUOTE_START = re.compile(
    r"^\s*(?:-- ?|_{5,}|-{2,}\s*(?:original message|исходное сообщение)[\s-]*)$"
    r"|(?:написал[аи]?|wrote|пишет|писал[аи]?)[\s:]*$"
    # Lines of the daemon's own replies (replies/templates), in case one is quoted bare.
    r"|^\s*(?:уважаемый абонент|ваши показания приняты|мы получили ваше письмо"
    r"|как передать показания по электронной почте|это письмо (?:отправлено|сформировано) автомат)",
    re.IGNORECASE,
)
# A line that opens an inline forwarded message.
_FORWARD_START = re.compile(
    r"^[\s-]*(?:пересылаемое сообщение|forwarded message|начало пересылаемого сообщения"
    r"|переслано|begin forwarded message)[\s:-]*$",
    re.IGNORECASE,
)
# Header lines of a forwarded message carry dates and addresses, never readings.
_HEADER = re.compile(
    r"^\s*(?:from|to|cc|date|subject|sent|от|кому|копия|дата|тема|отправлено|от кого)\s*:",
    re.IGNORECASE,
)


# A mail client's own line ("Отправлено с Redmi Note 10", "Sent from my Galaxy S21"):
# its model number is not a reading.  Only the line goes; text around it stays.
_CLIENT_LINE = re.compile(
    r"^\s*(?:отправлено (?:с|со|из) |sent from |get outlook for )", re.IGNORECASE
)

_TIME = re.compile(r"\d{1,2}:\d{2}")
_SENDER_HINT = re.compile(r"@|\"|»|\d{4}")


def _is_attribution(line: str) -> bool:
    """ "21.11.2026, 09:02, "ПАО …" :" — a client's line over a quoted message."""
    line = line.rstrip()
    return (
        len(line) < 200
        and line.endswith(":")
        and _TIME.search(line) is not None
        and _SENDER_HINT.search(line) is not None
    )


def _is_header_block(lines: list[str], n: int) -> bool:
    """ "From: …" followed by more header lines: an Outlook-style quoted message."""
    if not _HEADER.match(lines[n]):
        return False
    return any(_HEADER.match(x) for x in lines[n + 1 : n + 4])


def forwarded_text(text: str) -> str:
    """Forwarded text without its header lines."""
    return "\n".join(x for x in text.splitlines() if not _HEADER.match(x.lstrip("> ")))


def split_own(body: str) -> tuple[str, str]:
    """The resident's own lines, and the text of an inline forwarded block (or "")."""
    own: list[str] = []
    lines = body.splitlines()
    for n, line in enumerate(lines):
        if _FORWARD_START.match(line):
            rest = [x.lstrip("> ") for x in lines[n + 1 :]]
            return "\n".join(own), forwarded_text("\n".join(rest))
        if _QUOTE_START.search(line) or _is_attribution(line) or _is_header_block(lines, n):
            break
        if not line.lstrip().startswith(">") and not _CLIENT_LINE.match(line):
            own.append(line)
    return "\n".join(own), ""


@dataclass(frozen=True)
class Sources:
    """What the candidates stage reads: the own text (subject first), the forwarded text
    to read instead when the own one says nothing ("" when there is none), the signature."""

    own: str
    forwarded: str
    signature: str


def own_text(parts: Parts) -> Sources:
    """The subject with the resident's own lines, the forwarded text, and the signature."""
    own, leaked = split_own(parts.own[:MAX_TEXT])
    extra = "\n".join(t for t in (forwarded_text(parts.forwarded[:MAX_TEXT]), leaked) if t.strip())
    return Sources(parts.subject + "\n" + own, parts.subject + "\n" + extra if extra else "", parts.signature)
