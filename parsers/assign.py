"""Stage 4, assignment: give each value its account, then its register.

CONTRACT.md "Several accounts": one submission per account, in the order they appear; a
value goes to the account on its line, else the one before it, else the one after it when
that is clear (`_after_clearly`), and when no such rule gives every account a value,
which value is whose cannot be told.
Then each account's labels and values are paired (`parsers.pairing`); the values of an
``ACCOUNT*V1*V2`` line come with their registers.  A mail this stage cannot assign is
refused; what it assigned is checked by stage 5.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from parsers.accounts import STAR_RULE
from parsers.candidates import Found
from parsers.pairing import pair
from parsers.roles import ACCOUNT, LABEL, Candidate

#: More accounts or numbers than one household writes: a table or a log.
MAX_ACCOUNTS = 20
MAX_ITEMS = 200


@dataclass(frozen=True)
class Refusal:
    """Why the mail cannot be recorded: a reason of CONTRACT.md and, for people, why."""

    reason: str
    why: str


@dataclass(frozen=True)
class Assignment:
    """Per account, in order of appearance: its values, each with its register (``zone``,
    `UNLABELLED` when none), in the order pairing gave them; and the zones it names
    without a value."""

    values: dict[str, tuple[Candidate, ...]]
    dangling: dict[str, frozenset[str]]


@dataclass(frozen=True)
class _Occurrence:
    account: str
    start: int
    line: int


def _occurrences(found: Found) -> list[_Occurrence]:
    hits = [(h.account, h.start) for h in found.accounts if h.role == ACCOUNT]
    hits += [(h.account, h.start) for h in found.stars if h.role == ACCOUNT]
    return sorted((_Occurrence(acc, pos, found.index.line(pos)) for acc, pos in hits), key=lambda o: o.start)


def _owner_by_line(found: Found, occ: list[_Occurrence], pos: int) -> str | None:
    line = found.index.line(pos)
    owners = {o.account for o in occ if o.line == line}
    return owners.pop() if len(owners) == 1 else None


def _owner_before(occ: list[_Occurrence], pos: int) -> str | None:
    n = bisect.bisect_left([o.start for o in occ], pos)
    return occ[n - 1].account if n else None


def _after_clearly(found: Found, occ: list[_Occurrence], pos: int) -> str | None:
    """The account after ``pos``, when nothing says the value is another's.  On the line of
    the account before it, the value must open a new clause that its account ends
    ("показания 4521 по л/с A, показания 812 по л/с B"); "5010 ЛС A 3000 ЛС B" is refused.
    Never on the line right under the account before it ("5010 / ЛС A / 3000 / ЛС B":
    under A or over B?), nor with a blank line between the value and its account."""
    n = bisect.bisect_right([o.start for o in occ], pos)
    if n == len(occ):
        return None
    owner, line = occ[n], found.index.line(pos)
    between = found.work[pos : owner.start]
    if "\n\n" in between.replace(" ", "").replace("\t", ""):
        return None
    if n and occ[n - 1].line == line - 1:
        return None
    if n and occ[n - 1].line == line:
        opened = _CLAUSE.search(found.work, occ[n - 1].start, pos)
        if opened is None or _CLAUSE.search(between):
            return None
    return owner.account


#: What ends a clause on a line: "показания 4521 по л/с A, показания 812 по л/с B",
#: "4521 для ЛС A и 1200 для ЛС B".
_CLAUSE = re.compile(r"[,;]|(?<![а-я])и(?![а-я])")


def _split(found: Found, occ: list[_Occurrence]) -> dict[str, list[Candidate]] | None:
    """Each value and label of the text given to an account, or None if unclear."""
    accounts = list(dict.fromkeys(o.account for o in occ))
    starred = {s.account for s in found.stars}
    items = [*found.values, *found.labels]
    if len(accounts) == 1:
        return {accounts[0]: items}
    strategies: tuple[Callable[[int], str | None], ...] = (
        lambda p: _owner_by_line(found, occ, p) or _owner_before(occ, p),
        lambda p: _owner_before(occ, p),
        lambda p: _after_clearly(found, occ, p),
    )
    for owner_of in strategies:
        split: dict[str, list[Candidate]] = {a: [] for a in accounts}
        for item in items:
            owner = owner_of(item.start)
            if owner is None:
                break
            split[owner].append(item)
        else:
            if all(a in starred or any(i.role != LABEL for i in split[a]) for a in accounts):
                return split
    return None


_Items = tuple[list[Candidate], list[Candidate]]


def _with_stars(found: Found, account: str, items: list[Candidate]) -> _Items:
    """The account's labels and values, its ``ACCOUNT*V`` values among them (each with a
    label of its register where its line starts)."""
    labels = [i for i in items if i.role == LABEL]
    values = [i for i in items if i.role != LABEL]
    for star in found.stars:
        if star.account == account and star.role != ACCOUNT:
            labels.append(Candidate("", star.start, star.start, LABEL, STAR_RULE, zone=star.zone))
            values.append(star)
    values.sort(key=lambda v: v.start)
    labels.sort(key=lambda lab: lab.start)
    return labels, values


def _given(v: Candidate, account: str, zone: str) -> Candidate:
    """The value given its account and register (built directly: `replace` costs more)."""
    return Candidate(v.text, v.start, v.end, v.role, v.rule, v.number, account, zone)


def assign(found: Found) -> Assignment | Refusal:
    """Every value given its account and register, or why that cannot be done."""
    occ = _occurrences(found)
    if not occ:  # an account named but given no value ("л/с … передам позже") has no readings
        if found.accounts:
            return Refusal("no_readings", "the only accounts named are old or given no value")
        return Refusal("no_account", "no account number in the resident's text")
    if len(occ) > MAX_ACCOUNTS or len(found.values) + len(found.labels) > MAX_ITEMS:
        return Refusal("ambiguous", "a table or a log, not one household's readings")
    split = _split(found, occ)
    if split is None:
        return Refusal("ambiguous", "which value belongs to which account cannot be told")
    accounts = {acc: _with_stars(found, acc, items) for acc, items in split.items()}
    if not any(values for _, values in accounts.values()):
        return Refusal("no_readings", "an account, but no meter value in the resident's text")
    values: dict[str, tuple[Candidate, ...]] = {}
    dangling: dict[str, frozenset[str]] = {}
    for acc, (labels, vals) in accounts.items():
        paired = pair(labels, vals, found.work) if vals else None
        if vals and paired is None:
            return Refusal("ambiguous", "zone labels and values cannot be paired")
        zoned = paired.zoned if paired is not None else []
        values[acc] = tuple(_given(v, acc, zone) for zone, v in zoned)
        dangling[acc] = paired.dangling if paired is not None else frozenset()
    return Assignment(values, dangling)
