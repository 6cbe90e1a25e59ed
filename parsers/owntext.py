"""A last guard for extraction: cut quoted replies and signatures that reached the body.

The message side strips quotes before `extract` runs; this catches what slips
through (CONTRACT.md: quoted earlier messages, signatures and the daemon's own
confirmation must not contribute numbers).  An inline forwarded block is returned
apart, because forwarded text counts when the resident's own text is empty.
"""

from __future__ import annotations

import re

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
