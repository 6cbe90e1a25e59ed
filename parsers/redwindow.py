"""The red window: drums the resident copied but says are red (or after the comma) are dropped.

CONTRACT.md "Clarifications": when the resident copies every drum and says the last one
(or last N) is red or after the comma, those digits are dropped (``45217, последняя
красная`` → 4521).  When how many drums are red cannot be told, or the red digit is
given apart, the value is unsure.  Works on the value candidates of `parsers.values`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from parsers.roles import UNSURE, Candidate

SentenceOf = Callable[[int], int]

# "45217, последняя красная", "(две последние цифры красные)".
_COUNT = r"(?:(одн|дв|тр|[123])[а-я]*[ ]+)"
_RED = re.compile(
    rf"(?<![а-я]){_COUNT}?(последн|крайн)[а-я]*(?:[ ]+(одн|дв|тр|[123])[а-я]*)?"
    r"(?:[ ]+(?:цифр|разряд|знак|барабан)[а-я]*)?[ ]*[\-:]?[ ]*(?:-[ ]*)?"
    r"(?:красн|после запятой|за запятой|в красн|дробн)"
    r"|(?<![а-я])красн[а-я]*(?:[ ]+(?:цифр|разряд|окошк|окн)[а-я]*)?[ ]*[\-:]?[ ]*(?:-[ ]*)?"
    rf"{_COUNT}?(?:последн|крайн)[а-я]*(?:[ ]+(одн|дв|тр|[123])[а-я]*)?"
)
_PLURAL = re.compile(r"(?:последн|крайн)(?:ие|их|ими)")
# The red drum's digit given apart ("…, последняя красная 7", "последняя цифра 7 красная";
# "красная 7" itself is masked by then): whether the value above includes it cannot be told.
_RED_GIVEN = re.compile(
    r"(?<![а-я])(?:последн|крайн)[а-я]*(?:(?:[ ]+(?:цифр|разряд|барабан)[а-я]*)?[ ]*[\-:(]?[ ]*\x7f"
    r"|[ ]+(?:цифр|разряд|барабан)[а-я]*[ ]*[\-:(]?[ ]*\d[ )\-]*(?:красн|в красн))"
)
_RED_COUNT = {"одн": 1, "1": 1, "дв": 2, "2": 2, "тр": 3, "3": 3}
#: Rules naming what the red window did to a value.
DROPPED = "the red window dropped"


def red_after(work: str, end: int) -> bool:
    """Whether the line goes on to name red drums: every drum copied may be one too many."""
    stop = work.find("\n", end)
    return _RED.search(work, end, stop if stop >= 0 else len(work)) is not None


def _red_count(m: re.Match[str]) -> int | None:
    """How many drums are red: named ("две последние"), one, or unknown (plural alone)."""
    named = next((g for g in (m.group(1), m.group(3), m.group(4), m.group(5)) if g), None)
    if named is not None:
        return _RED_COUNT[named]
    return None if _PLURAL.search(m.group()) else 1


def _near(values: list[Candidate], sentence: SentenceOf, pos: int) -> list[Candidate]:
    """The values of the sentence at ``pos``, or else of the sentence before it."""
    at = sentence(pos)
    mine = [v for v in values if sentence(v.start) == at]
    return mine or [v for v in values if sentence(v.start) == at - 1]


def red_window(work: str, sentence: SentenceOf, values: list[Candidate]) -> list[Candidate]:
    """Drop the red drums the resident names ("45217, последняя красная" -> 4521)."""
    if not any(w in work for w in ("красн", "запят", "дробн", "последн", "крайн")):
        return values
    for m in _RED_GIVEN.finditer(work):
        for v in _near(values, sentence, m.start()):
            values[values.index(v)] = replace(v, role=UNSURE, rule="red digit given apart")
    for m in _RED.finditer(work):
        count = _red_count(m)
        for v in _near(values, sentence, m.start()):
            if v.role == UNSURE:
                continue
            whole = work[v.start : v.end]
            if any(c in whole for c in ".,"):
                continue  # the resident already wrote the comma
            if count is None or len(str(v.number)) <= count:
                fixed = replace(v, role=UNSURE, rule="red drums not counted")
            else:
                fixed = replace(v, number=v.number // 10**count, rule=DROPPED)
            values[values.index(v)] = fixed
    return values
