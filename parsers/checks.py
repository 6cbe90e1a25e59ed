"""Stage 5, consistency checks: what was assigned must agree with itself, or nothing is recorded.

A wrong reading is a wrong bill, worse than a refusal (CONTRACT.md "Readings" and its
Clarifications).  In order: the old meter's final value beside the new one's; for each
account, values the resident doubts; corrections ("ошибся, правильно …", applied by
`parsers.corrections`); one value per register (digits and words that disagree, two
values of one zone); the zone count (t1 present, no value left without a register, every
zone named has its value); and last, any number of the text left without a role.
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers.assign import Assignment, Refusal
from parsers.candidates import Found
from parsers.corrections import apply as apply_corrections
from parsers.model import ZONES
from parsers.replaced import replaced_meter
from parsers.roles import UNLABELLED, UNSURE, Candidate


@dataclass(frozen=True)
class Checked:
    """The readings of each account, in order of appearance, as they will be recorded,
    and the values assigned to it (`Assignment.values`)."""

    readings: dict[str, dict[str, int]]
    values: dict[str, tuple[Candidate, ...]]


def _ambiguous(why: str) -> Refusal:
    return Refusal("ambiguous", why)


def _by_zone(values: tuple[Candidate, ...]) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for v in values:
        found.setdefault(v.zone, set()).add(v.number)
    return found


def _shown(numbers: set[int]) -> str:
    return ", ".join(map(str, sorted(numbers)))


def _conflict(numbers: set[int], words: set[int], what: str) -> Refusal:
    if numbers & words and numbers - words:
        return _ambiguous(f"the digits and the words disagree: {_shown(numbers)}")
    return _ambiguous(f"{what}: {_shown(numbers)}")


def _one_per_register(
    found: dict[str, set[int]], dangling: frozenset[str], words: set[int]
) -> dict[str, int] | Refusal:
    """One value per register and the registers a meter has; digits and words that
    disagree are two values of one register (``words``: the numbers written in words)."""
    loose = found.pop(UNLABELLED, set())
    for zone, numbers in found.items():
        if len(numbers) > 1:
            return _conflict(numbers, words, f"two values for {zone}")
    readings = {zone: next(iter(numbers)) for zone, numbers in found.items()}
    loose -= set(readings.values())
    if not readings:
        if not loose:
            return _ambiguous("no value is left once the corrections are applied")
        if len(loose) != 1:
            return _conflict(loose, words, "several values and no zone to tell them apart")
        readings = {"t1": loose.pop()}
    elif loose:
        return _ambiguous(f"values without a zone beside zoned ones: {_shown(loose)}")
    elif "t1" not in readings or not set(readings) <= set(ZONES):
        return _ambiguous("the zones named are not a meter's (no t1, or a zone that cannot be told)")
    if not dangling <= set(readings):
        return _ambiguous("a zone was named but its value could not be read")
    return readings


def _account(
    found: Found, values: tuple[Candidate, ...], dangling: frozenset[str]
) -> dict[str, int] | Refusal:
    """The readings of one account from its assigned values, or why there are none."""
    if not values:
        return _ambiguous("an account was given no value beside others that were")
    if any(v.role == UNSURE for v in values):
        return _ambiguous("the resident is not sure of a value")
    first, last = min(v.start for v in values), max(v.start for v in values)
    marks = [c for c in found.corrections if first < c <= last]
    zoned = [(v.zone, v) for v in values]
    by_zone = apply_corrections(zoned, marks, found.work) if marks else _by_zone(values)
    if by_zone is None:
        return _ambiguous("which value a correction replaces cannot be told")
    words = {v.number for v in values if any(c.isalpha() for c in found.text[v.start : v.end])}
    return _one_per_register(by_zone, dangling, words)


def check(found: Found, assignment: Assignment | Refusal) -> Checked | Refusal:
    """The readings to record, or why the assigned values do not agree (a refusal of
    the assignment stands)."""
    if isinstance(assignment, Refusal):
        return assignment
    if found.values and replaced_meter(found.work, found.aside):
        return _ambiguous("the old meter's final value beside the new meter's")
    readings: dict[str, dict[str, int]] = {}
    for acc, values in assignment.values.items():
        result = _account(found, values, assignment.dangling[acc])
        if isinstance(result, Refusal):
            return result
        readings[acc] = result
    if found.unexplained:
        shown = ", ".join(c.text for c in found.unexplained)
        return _ambiguous(f"a number no rule explains: {shown}")
    return Checked(readings, assignment.values)
