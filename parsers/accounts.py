"""Find personal account numbers (12 digits) and the one-line ``ACCOUNT*V1[*V2[*V3]]`` form.

CONTRACT.md "Account numbers": an account is exactly 12 digits, possibly written in
groups separated by spaces or dashes; runs of 11 or 13 digits are not accounts, and
neither are serial numbers, INN, phones and the like.  Works on the folded text of
`parsers.numbers` and masks what it takes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.numbers import MASK, mask


@dataclass(frozen=True)
class AccountHit:
    """One written occurrence of an account number."""

    account: str
    start: int
    end: int


@dataclass(frozen=True)
class StarHit:
    """One ``ACCOUNT*V1[*V2[*V3]]`` line: registers in order t1, t2, t3."""

    account: str
    values: tuple[int, ...]
    start: int
    end: int


# 12 digits, compact or in the groupings people use for long numbers.  Groups are
# separated by exactly one space or dash so that a value written after the account
# ("240012345678 4521") is never glued onto it.
_GROUPED = (
    r"\d{4}[ \-]\d{4}[ \-]\d{4}"
    r"|\d{3}[ \-]\d{3}[ \-]\d{3}[ \-]\d{3}"
    r"|\d{2}[ \-]\d{2}[ \-]\d{2}[ \-]\d{2}[ \-]\d{2}[ \-]\d{2}"
    r"|\d{6}[ \-]\d{6}"
    r"|\d{3}[ \-]\d{3}[ \-]\d{6}"
    r"|\d{4}[ \-]\d{8}"
    r"|\d{2}[ \-]\d{4}[ \-]\d{6}"
)
_ACCOUNT_BODY = rf"\d{{12}}|{_GROUPED}"
# A grouped form must not be a slice of a longer grouped run ("3307 2400 1234 5678").
_ACCOUNT = re.compile(
    r"(?<!\d)(?<!\d[\-/.,])(?<!\+)"
    rf"(?:\d{{12}}(?![\d]|[/.]\d)|(?<!\d[ \-])(?:{_GROUPED})(?![\d]|[ \-/.,]\d))"
)

# A star line: the account, then one to three values, each after an asterisk.
_VALUE = r"\d{1,8}(?:[.,]\d{1,3})?"
_STAR = re.compile(
    rf"(?<!\d)(?<!\d[\-/.,])(?<!\+)({_ACCOUNT_BODY})[ ]*\*[ ]*({_VALUE})"
    rf"(?:[ ]*\*[ ]*({_VALUE}))?(?:[ ]*\*[ ]*({_VALUE}))?(?![\d*]|[.,/]\d)"
)

# Labels that make the 12 digits after them something other than an account.
_NOT_ACCOUNT_BEFORE = re.compile(
    r"(?<![а-я])(?:инн|снилс|огрн|огрнип|кпп|бик|окпо|окато|октмо|паспорт[а-я]*|зав[а-я]*\.?|серийн[а-я]*"
    r"|s/?n|с/н|сч[её]тчик[а-я]*|прибор[а-я]*(?: учета)?|пу|тел[а-я]*\.?|моб[а-я]*\.?"
    r"|р/с|к/с|карт[а-я]*|договор[а-я]*)"
    r"[ ]*[:.]?[ ]*(?:№|n|no|номер)?[ ]*[:.]?[ ]*$"
)


# Zone labels just before a spaced run: "Пик Полупик Ночь\n1000 2000 3000" is three
# values under their header, not an account written in groups of four.
_ZONES_BEFORE = re.compile(
    r"(?<![а-я])(?:пик|полупик|ноч|день|дневн|дн|т[ \-]?[123]|зон|тариф)[а-я]*[ :=|\-]*\n?[ |]*$"
)


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _is_account_context(work: str, start: int) -> bool:
    line_start = work.rfind("\n", 0, start) + 1
    before = work[max(line_start, start - 40) : start]
    return _NOT_ACCOUNT_BEFORE.search(before) is None


def take_stars(work: str) -> tuple[str, list[StarHit]]:
    """Find and mask the one-line ``ACCOUNT*V1[*V2[*V3]]`` submissions."""
    hits: list[StarHit] = []

    def on(m: re.Match[str]) -> None:
        values = tuple(int(v.replace(",", ".").split(".")[0]) for v in m.groups()[1:] if v)
        hits.append(StarHit(_digits(m.group(1)), values, m.start(), m.end()))

    return mask(work, _STAR, on=on), hits


def take_accounts(work: str) -> tuple[str, list[AccountHit]]:
    """Find and mask the account numbers, in order of appearance."""
    hits: list[AccountHit] = []
    pieces: list[str] = []
    last = 0
    for m in _ACCOUNT.finditer(work):
        if not _is_account_context(work, m.start()):
            continue
        if " " in m.group() and _ZONES_BEFORE.search(work, max(0, m.start() - 40), m.start()):
            continue
        hits.append(AccountHit(_digits(m.group()), m.start(), m.end()))
        pieces.append(work[last : m.start()])
        pieces.append(MASK * (m.end() - m.start()))
        last = m.end()
    pieces.append(work[last:])
    return "".join(pieces), hits
