"""Values written in Russian words: "четыре тысячи пятьсот двенадцать" reads as 4512.

CONTRACT.md "Clarifications": a value written in words counts, and digits and words
that disagree are ambiguous (the extraction sees both as values of one register).
`spell_out` rewrites each run of number words of the folded text as its digits,
padded with spaces to the run's length, so that every offset stays valid and the
rules for digits (money, counts, labels) apply to it unchanged.  A single word ("два
счётчика", "пять") is a count, not a meter value, and is left alone.
"""

from __future__ import annotations

import re

_UNITS = {
    "ноль": 0, "один": 1, "одна": 1, "одно": 1, "два": 2, "две": 2, "три": 3, "четыре": 4,
    "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9,
}  # fmt: skip
_TEENS = {
    "десять": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14,
    "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18,
    "девятнадцать": 19,
}  # fmt: skip
_TENS = {
    "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60,
    "семьдесят": 70, "восемьдесят": 80, "девяносто": 90,
}  # fmt: skip
_HUNDREDS = {
    "сто": 100, "двести": 200, "триста": 300, "четыреста": 400, "пятьсот": 500,
    "шестьсот": 600, "семьсот": 700, "восемьсот": 800, "девятьсот": 900,
}  # fmt: skip
_THOUSAND = ("тысяча", "тысячи", "тысяч")
#: Rank of each word inside a group of three digits: each must come after a higher one.
_RANK = {
    **{w: 3 for w in _HUNDREDS},
    **{w: 2 for w in _TENS},
    **{w: 1 for w in _TEENS},
    **{w: 0 for w in _UNITS},
}
_VALUE = {**_UNITS, **_TEENS, **_TENS, **_HUNDREDS}
_WORD = "|".join(sorted([*_VALUE, *_THOUSAND], key=len, reverse=True))
_RUN = re.compile(rf"(?<![а-я])(?:{_WORD})(?:[ \-]+(?:{_WORD}))*(?![а-я])")
_SPLIT = re.compile(r"[ \-]+")
#: Every run of two or more number words contains one of these (a cheap test first).
_HINTS = ("дцать", "десят", "сто", "сот", "сти", "ста", "сорок", "тысяч", "девяносто")


def _group(words: list[str]) -> int | None:
    """The value of up to three words of falling rank ("пятьсот двенадцать"), or None."""
    total, last = 0, 4
    for w in words:
        rank = _RANK[w]
        if rank >= last or (last == 1 and rank == 0):
            return None  # "двадцать сто", "двенадцать три": not one number
        total += _VALUE[w]
        last = 0 if rank == 1 else rank  # a teen ends the group
    return total


def value_of(words: list[str]) -> int | None:
    """The number spelt by ``words``, or None when they are not one number."""
    if words.count("тысяча") + words.count("тысячи") + words.count("тысяч") > 1:
        return None
    cut = next((i for i, w in enumerate(words) if w in _THOUSAND), None)
    if cut is None:
        return _group(words)
    high = _group(words[:cut]) if cut else 1
    low = _group(words[cut + 1 :]) if cut + 1 < len(words) else 0
    if high is None or low is None:
        return None
    return high * 1000 + low


def _digits(m: re.Match[str]) -> str:
    words = _SPLIT.split(m.group())
    value = value_of(words)
    if value is None or len(words) < 2:
        return m.group()
    text = str(value)
    return text + " " * (len(m.group()) - len(text))


def spell_out(work: str) -> str:
    """``work`` with each number written in words replaced by its digits (same length)."""
    if not any(w in work for w in _HINTS):
        return work
    return _RUN.sub(_digits, work)
