"""Text folding and masking: the folded copy of the resident's text every rule reads.

Everything here works on a *folded* copy of the resident's text that keeps every
character at its original offset, so tokens found later can be located in the
original text and compared by position.  What a rule takes (an account, a distractor
of `parsers.distractors`, a zone label) is overwritten with ``MASK`` so that no later
pattern can see its digits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

#: Overwrites consumed text.  Not a space and not a word character, so a masked
#: span splits digit groups instead of gluing the numbers on both sides.
MASK = "\x7f"

#: At most this much text is examined: readings fit in a few lines, and the
#: bound keeps the cost of a pathological 5 MB body small.
MAX_TEXT = 64 * 1024

# Latin letters that look like Cyrillic ones: residents' keyboards mix them
# ("Пoкaзaния", "T1", "CЧЕТ").  The mapping is one character to one character.
_LOOKALIKE = str.maketrans(
    {
        "a": "а", "b": "в", "c": "с", "e": "е", "h": "н", "k": "к", "m": "м",
        "o": "о", "p": "р", "t": "т", "x": "х", "y": "у", "ё": "е",
        "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ",
        "\u2003": " ", "\u200a": " ", "\t": " ", "\r": " ", "\u2028": "\n",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2212": "-", "\u00b7": "*", "\u2022": "*", "\u00d7": "*", "\uff0a": "*",
    }
)  # fmt: skip


# Every other decimal digit ("４５２１", "٤٥٢١") reads as its ASCII digit, so accounts
# come out as plain digits.
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def _ascii_digit(m: re.Match[str]) -> str:
    return str(unicodedata.decimal(m.group(), 0))


def fold(text: str) -> str:
    """Lower-case, map look-alike Latin letters to Cyrillic, normalise spaces and dashes.

    The result has exactly the length of ``text`` (offsets stay valid).
    """
    text = text[:MAX_TEXT]
    lowered = text.lower()
    if len(lowered) != len(text):  # a few code points lower-case into two
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return _OTHER_DIGIT.sub(_ascii_digit, lowered.translate(_LOOKALIKE))


Recorder = Callable[["re.Match[str]"], None]


def mask(work: str, pattern: re.Pattern[str], group: int | str = 0, on: Recorder | None = None) -> str:
    """Overwrite every match of ``pattern`` (or only its ``group``) with ``MASK``."""

    def repl(m: re.Match[str]) -> str:
        if m.group(group) is None:
            return m.group(0)
        if on is not None:
            on(m)
        s, e = m.span(group)
        whole = m.group(0)
        base = m.start(0)
        return whole[: s - base] + MASK * (e - s) + whole[e - base :]

    return pattern.sub(repl, work)
