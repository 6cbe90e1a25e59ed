"""Separate the resident's own new words from quotes, signatures, footers and forwards.

Works line by line on plain text (HTML was already rendered).  Reading order:
1. the first reply marker or forward marker splits the body; what follows a reply
   marker is a quote and contributes nothing, what follows a forward marker is the
   forwarded text (CONTRACT.md "Readings": it counts only when the own text has
   neither an account nor a value, which `parsers.candidates` tells);
2. in the own part, ``>`` lines are dropped (RFC 3676 §4.5 quote marks) and a
   signature or legal footer ends the text.
Patterns are anchored to one line and bounded, so a 5 MB body costs linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Cap on the text analysed; a resident's readings never need more.
MAX_TEXT = 64 * 1024
#: Forwards inside forwards followed this deep; the rest is taken as it stands.
MAX_FORWARD_DEPTH = 4
_I = re.IGNORECASE

#: A line opening a forwarded message (Gmail, Yandex, Mail.ru, Apple, Thunderbird): the
#: phrase alone between rules or before a colon, so that "пересылаю сообщение мужа:
#: л/с …" written by the resident stays her text.
FORWARD_MARKER = re.compile(
    r"^[\s\-_=*]*(?:forwarded message|begin forwarded message|"
    r"пересыла\w{0,6} сообщени\w{0,3}|пересланн\w{0,4} сообщени\w{0,3}|"
    r"начало переадресованн\w{0,4} сообщени\w{0,3}|переадресованн\w{0,4} сообщени\w{0,3}|"
    r"перенаправленн\w{0,4} сообщени\w{0,3})[\s\-_=*:]*$",
    re.IGNORECASE | re.MULTILINE,
)
_FORWARD_END = re.compile(
    r"^\s*-*\s*(?:конец пересыла\w* сообщени\w*|end forwarded message|"
    r"конец переадресованн\w* сообщени\w*)\s*-*\s*$",
    _I,
)
_QUOTE_LINE = re.compile(r"^\s{0,3}>")
_ONE_QUOTE_LEVEL = re.compile(r"^\s{0,3}> ?")
# "On Mon, … John <j@x> wrote:", "… написал(а):", "… пишет:": the verb right before the
# colon.  Without the colon "я вам уже писала" is the resident's own sentence.
_ATTRIBUTION_WORD = re.compile(
    r"(?:\bwrote|\bschrieb|a écrit|\bнаписал\w{0,3}(?:\(а\))?|\bпишет|\bписал\w{0,3}"
    r"(?:\(а\))?)\s*:\s*$",
    _I,
)
# "Вы писали 22 октября 2026 г., 12:00:" (The Bat!): the verb, a time, a final colon.
_WROTE_ANYWHERE = re.compile(r"\b(?:wrote|писал\w{0,3}|написал\w{0,3}|пишет)\b", _I)
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_ATTRIBUTION_ADDR = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}>?\"?\s*:\s*$")
_ORIGINAL = re.compile(
    r"^\s*-{2,}\s*(?:original message|исходное сообщение|оригинальное сообщение|"
    r"reply message|ответное сообщение)\s*-{2,}\s*$|^\s*_{10,}\s*$",
    _I,
)
_HEADER_FROM = re.compile(r"^\s*\*?(?:from|от|від|de|von)\s*:\*?\s*\S", _I)
_HEADER_OTHER = re.compile(
    r"^\s*\*?(?:sent|date|to|subject|cc|отправлено|дата|кому|тема|копия)\s*:", _I
)
_HEADER_SUBJECT = re.compile(r"^\s*\*?(?:subject|тема)\s*:\*?\s*(.*)$", _I)
_HEADER_ANY = re.compile(
    r"^\s*\*?(?:from|от|sent|date|to|subject|cc|отправлено|дата|кому|тема|копия|"
    r"reply-to|ответить)\s*:",
    _I,
)
# The daemon's own confirmation, quoted without marks by some clients.
_OWN_NOTICE = re.compile(r"сформирован\w* автоматически|отвечать на (?:него|это письмо) не", _I)
_GREETING_NOTICE = re.compile(r"^\s*уважаем\w{1,3} абонент", _I)
_SIGNATURE = re.compile(
    r"^(?:--\s*|__\s*|"
    r"(?:с|c) (?:уважением|наилучшими пожеланиями|уваж\.)\b.*|"
    r"(?:best|kind|warm)? ?regards\b.*|"
    r"(?:отправлено|послано|sent|получено) (?:с|из|from|via|using|со?) .{0,60}|"
    r"(?:get|скачайте|загрузите) outlook (?:for|для) .{0,40}|"
    r"(?:this|the) (?:e-?mail|message) (?:and any|is|contains|may contain) .*|"
    r"(?:конфиденциальн|disclaimer|confidentiality notice|внимание[:!]? (?:это|данное) "
    r"(?:сообщение|письмо)|(?:это|данное) (?:сообщение|письмо|электронное письмо) "
    r"(?:и любые|может содержать|содержит конфиденц|предназначен)).*)$",
    _I,
)
_RULE_OR_BLANK = re.compile(r"^[\s\-_=*~]*$")
_CONTINUATION = re.compile(r"^\s*(?:<|[\w.+-]{1,64}@)")


@dataclass(frozen=True)
class OwnText:
    """The resident's own new text and the text of forwarded messages."""

    own: str
    forwarded: str = ""
    signature: str = ""  # the signature under the own text (its labelled account may count)


def _is_header_block(lines: list[str], i: int) -> bool:
    """An Outlook-style "From: … Sent: …" block starting at line ``i``."""
    if not _HEADER_FROM.match(lines[i]):
        return False
    window = lines[i + 1 : i + 6]
    return sum(1 for x in window if _HEADER_OTHER.match(x)) >= 2


def _next_is_quote(lines: list[str], i: int) -> bool:
    for line in lines[i + 1 : i + 4]:
        if line.strip():
            return bool(_QUOTE_LINE.match(line))
    return False


def _is_attribution(lines: list[str], i: int) -> bool:
    """A line introducing a quoted message ("On … wrote:", "… <addr>:", "Вы писали …:")."""
    line = lines[i].strip()
    if not line.endswith(":") or len(line) > 400:
        return False
    if _ATTRIBUTION_WORD.search(line) or _ATTRIBUTION_ADDR.search(line):
        return True
    if _next_is_quote(lines, i):
        return True
    return bool(_WROTE_ANYWHERE.search(line) and _TIME.search(line))


def _marker(lines: list[str], i: int) -> str | None:
    """What line ``i`` opens: "forward", "reply" or nothing."""
    line = lines[i]
    if len(line) < 200 and FORWARD_MARKER.match(line):
        return "forward"
    if _ORIGINAL.match(line) or _is_header_block(lines, i) or _is_attribution(lines, i):
        return "reply"
    if _GREETING_NOTICE.match(line) and any(_OWN_NOTICE.search(x) for x in lines[i : i + 15]):
        return "reply"
    return None


def _cut_start(lines: list[str], i: int) -> int:
    """Include a wrapped first half of an attribution ("… Name <" / "addr>:")."""
    if i > 0 and _CONTINUATION.match(lines[i]) and lines[i - 1].strip():
        return i - 1
    return i


def _own_lines(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if _QUOTE_LINE.match(line):
            continue
        if _SIGNATURE.match(line.strip()):
            break
        out.append(line)
    while out and _RULE_OR_BLANK.match(out[-1]):
        out.pop()  # a separator left above a removed quote
    return out


def _unquote_whole(lines: list[str]) -> list[str]:
    """Apple Mail quotes a whole forwarded message with '>': take one level off."""
    filled = [x for x in lines if x.strip()]
    quoted = sum(1 for x in filled if _QUOTE_LINE.match(x))
    if not filled or quoted * 10 < len(filled) * 6:
        return lines
    return [_ONE_QUOTE_LEVEL.sub("", x, count=1) for x in lines]


def _forward_body(lines: list[str], depth: int) -> str:
    """The forwarded message without its header block, quotes and signature."""
    lines = _unquote_whole(lines)
    body: list[str] = []
    in_headers = True
    for line in lines:
        if _FORWARD_END.match(line):
            break
        if in_headers and (not line.strip() or _HEADER_ANY.match(line)):
            subject = _HEADER_SUBJECT.match(line)
            if subject:
                body.append(subject.group(1))
            continue
        if in_headers and _is_attribution([line], 0):
            continue  # Yandex/Mail.ru: '20.11.2026, 21:14, "Name" <a@b>:'
        in_headers = False
        body.append(line)
    if depth >= MAX_FORWARD_DEPTH:
        return "\n".join(_own_lines(body))
    inner = _split(body, False, depth + 1)
    return "\n".join(x for x in (inner.own, inner.forwarded) if x)


def _own(lines: list[str]) -> str:
    return "\n".join(_own_lines(lines))


#: A signature is a few lines: a name, an account, a phone.
_SIGNATURE_LINES = 6


def _signature(lines: list[str]) -> str:
    """The signature block of the own lines (from its marker, a few lines, no quotes)."""
    for n, line in enumerate(lines):
        if not _QUOTE_LINE.match(line) and _SIGNATURE.match(line.strip()):
            block = lines[n : n + _SIGNATURE_LINES]
            return "\n".join(x for x in block if not _QUOTE_LINE.match(x))
    return ""


def split_text(text: str, forward_hint: bool = False) -> OwnText:
    """Own text and forwarded text of a plain-text body.

    After a '>'-marked quote the resident may write on (bottom-posting, interleaving:
    RFC 3676 §4.5 marks every quoted line), so scanning goes on; an unmarked quote
    (Outlook header block, the daemon's notice) runs to the end.  ``forward_hint``
    (the subject says Fwd) makes any quote open a forward, since Outlook forwards and
    replies look the same.
    """
    return _split(text[:MAX_TEXT].split("\n"), forward_hint, 0)


def _split(lines: list[str], forward_hint: bool, depth: int) -> OwnText:
    own: list[str] = []
    start = 0
    for i in range(len(lines)):
        if i < start or _QUOTE_LINE.match(lines[i]):
            continue
        kind = _marker(lines, i)
        if kind is None:
            continue
        own.extend(lines[start : max(_cut_start(lines, i), start)])
        if kind == "forward" or forward_hint:
            return OwnText(_own(own), _forward_body(lines[i + 1 :], depth), _signature(own))
        if not _next_is_quote(lines, i):
            return OwnText(_own(own), signature=_signature(own))
        start = i + 1
    own.extend(lines[start:])
    return OwnText(_own(own), signature=_signature(own))
