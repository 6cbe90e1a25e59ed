"""The Subject header: RFC 2047 decoding, reply/forward prefixes, the «показани» rule.

CONTRACT.md "Subject rule": after decoding, prefix removal, case folding and mapping
Latin look-alike letters to Cyrillic, a word must start with ``показани``.
"""

from __future__ import annotations

import re
from email.header import Header, decode_header

from parsers.charsets import decode_bytes
from parsers.clean import bounded

# Re:, RE:, Fwd:, Fw:, Отв:, Ответ:, Пересл:, AW:/WG: (German Outlook), Re[2]:, [Fwd:]…
_PREFIX = re.compile(
    r"^\s*(?:\[\s*)?(?:re|fwd?|aw|wg|tr|sv|vs|отв|ответ|пересл|переслано|fw)"
    r"\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\^\d{1,4})?\s*[:：]\s*(?:\]\s*)?",
    re.IGNORECASE,
)
_FORWARD_PREFIX = re.compile(r"^(?:fwd?|fw|пересл|переслано|wg|tr)\b", re.IGNORECASE)
_ENCODED_WORD = re.compile(r"=\?[^?\s]{1,64}\?[bBqQ]\?")
_WS_BETWEEN_WORDS = re.compile(r"(\?=)\s+(=\?)")
# Latin (and a few Greek) letters that look Cyrillic in a mail client's font.
_LOOKALIKE = str.maketrans(
    {
        "a": "а",
        "b": "в",
        "c": "с",
        "e": "е",
        "h": "н",
        "k": "к",
        "m": "м",
        "n": "п",
        "o": "о",
        "p": "р",
        "r": "г",
        "t": "т",
        "u": "и",
        "x": "х",
        "y": "у",
        "3": "з",
        "0": "о",
        "ё": "е",
    }
)
_WORD = re.compile(r"[^\W_]+")
# Invisible characters that split a word on screen without showing (soft hyphen, ZWSP…).
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_READINGS_STEM = "показани"
_SURROGATE = re.compile("[\udc80-\udcff]")


def decode_subject(value: object) -> str:
    """The decoded text of a Subject (or any unstructured) header; never raises."""
    if value is None:
        return ""
    if isinstance(value, Header):
        # compat32 wraps raw 8-bit header bytes as an "unknown-8bit" Header.
        return "".join(_decode_pieces(decode_header(value)))
    text = value if isinstance(value, str) else str(value)
    text = undo_surrogates(text.replace("\r", "").replace("\n", ""))
    if not _ENCODED_WORD.search(text):
        return text
    # decode_header's cost grows with the square of the number of words: bounded first.
    text = bounded(text)
    # RFC 2047 §6.2: whitespace between adjacent encoded-words is not displayed.
    text = _WS_BETWEEN_WORDS.sub(r"\1\2", text)
    try:
        pieces = decode_header(text)
    except Exception:  # a malformed encoded-word: show it as written
        return text
    return "".join(_decode_pieces(pieces))


def _decode_pieces(pieces: list[tuple[bytes | str, str | None]]) -> list[str]:
    return [c if isinstance(c, str) else decode_bytes(c, charset) for c, charset in pieces]


def undo_surrogates(text: str) -> str:
    """compat32 keeps raw 8-bit header bytes as surrogates; decode them as text."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return decode_bytes(text.encode("ascii", "surrogateescape"))


def strip_prefixes(subject: str) -> str:
    """The subject without any number of reply/forward prefixes."""
    out = subject.strip()
    for _ in range(20):
        stripped = _PREFIX.sub("", out, count=1)
        if stripped == out:
            break
        out = stripped.strip()
    return out


def is_forward(subject: str) -> bool:
    """Whether the outermost prefix says the mail forwards another."""
    return bool(_FORWARD_PREFIX.match(subject.strip().lstrip("[").strip()))


def _fold(word: str) -> str:
    return word.casefold().translate(_LOOKALIKE)


def names_readings(subject: str) -> bool:
    """CONTRACT.md "Subject rule": some word starts with ``показани``."""
    for m in _WORD.finditer(_INVISIBLE.sub("", strip_prefixes(subject))):
        word = m.group()
        if len(word) >= len(_READINGS_STEM) and _fold(word).startswith(_READINGS_STEM):
            return True
    return False
