"""Turn one account's labels and numbers into its readings, or say they are ambiguous.

CONTRACT.md "Readings": a single unlabelled value is t1; labelled values go to their
zone; a correction ("ошибся, правильно …") replaces what it corrects; anything left
contradictory or unplaceable is ambiguous, because a wrong reading is worse than
none.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from parsers.corrections import apply as apply_corrections
from parsers.model import ZONES
from parsers.zones import Label

UNLABELLED = "?"


@dataclass(frozen=True)
class Value:
    """A candidate meter value written at ``start``..``end``."""

    number: int
    start: int
    end: int
    unsure: bool = False
    rule: str = "reading"


class Outcome(Enum):
    """Why an account has no readings to record."""

    NONE = "no_readings"
    AMBIGUOUS = "ambiguous"


_Item = Label | Value
_Zoned = list[tuple[str, Value]]


def gap_ok(work: str, start: int, end: int) -> bool:
    """Whether a label and a value are close enough to belong together."""
    gap = work[start:end]
    if any(c.isdigit() for c in gap):
        return False
    # A table's rule line ("|------|------|") between the header and its row adds no words.
    if not gap.strip(" \n|-+=_:") and gap.count("\n") <= 2:
        return True
    return len(gap.strip()) <= 30 and gap.count("\n") <= 1


def _pair_runs(first: list[_Item], second: list[_Item]) -> _Zoned | None:
    """Pair a run of labels with the run of values beside it (either order given)."""
    labels = [i for i in first + second if isinstance(i, Label)]
    values = [i for i in first + second if isinstance(i, Value)]
    zones = [lab.zone for lab in labels]
    if len(set(zones)) == 1:
        zones = zones[:1]
    if len(zones) == len(values):
        return list(zip(zones, values, strict=True))
    if len(zones) == 1 and len(values) > 1:
        # "День 4500 4600": the label takes the value next to it, the rest stay unplaced.
        near = values[0] if isinstance(first[0], Label) else values[-1]
        return [(zones[0], near)] + [(UNLABELLED, v) for v in values if v is not near]
    return None


def _runs(items: list[_Item]) -> list[list[_Item]]:
    runs: list[list[_Item]] = []
    for item in items:
        if runs and type(runs[-1][-1]) is type(item):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def pair(labels: list[Label], values: list[Value], work: str) -> tuple[_Zoned, set[str]] | None:
    """Give each value a zone, or UNLABELLED; ``None`` when labels cannot be placed.

    Also returns the zones of labels left without a value ("Ночь" and nothing readable).
    """
    items: list[_Item] = sorted([*labels, *values], key=lambda i: i.start)
    runs = _runs(items)
    forward = not runs or isinstance(runs[0][0], Label)
    out: _Zoned = []
    dangling: set[str] = set()
    i = 0
    while i < len(runs):
        run = runs[i]
        is_head = isinstance(run[0], Label) == forward
        nxt = runs[i + 1] if i + 1 < len(runs) else None
        if is_head and nxt is not None and gap_ok(work, run[-1].end, nxt[0].start):
            paired = _pair_runs(run, nxt)
            if paired is None:
                return None
            out.extend(paired)
            i += 2
            continue
        if isinstance(run[0], Value):
            out.extend((UNLABELLED, v) for v in run if isinstance(v, Value))
        else:
            dangling.update(lab.zone for lab in run if isinstance(lab, Label))
        i += 1
    return out, dangling


def _by_zone(zoned: _Zoned) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for zone, value in zoned:
        found.setdefault(zone, set()).add(value.number)
    return found


def resolve(
    labels: list[Label], values: list[Value], corrections: list[int], work: str
) -> dict[str, int] | Outcome:
    """The readings of one account from its labels and values, or why there are none."""
    if not values:
        return Outcome.NONE
    if any(v.unsure for v in values):
        return Outcome.AMBIGUOUS
    paired = pair(labels, values, work)
    if paired is None:
        return Outcome.AMBIGUOUS
    zoned, dangling = paired
    first, last = values[0].start, values[-1].start
    marks = [c for c in corrections if first < c <= last]
    found = apply_corrections(zoned, marks, work) if marks else _by_zone(zoned)
    if found is None:
        return Outcome.AMBIGUOUS
    readings = _readings(found)
    if isinstance(readings, dict) and not dangling <= set(readings):
        return Outcome.AMBIGUOUS  # a zone was named but its value could not be read
    return readings


def _readings(found: dict[str, set[int]]) -> dict[str, int] | Outcome:
    loose = found.pop(UNLABELLED, set())
    if any(len(vals) > 1 for vals in found.values()):
        return Outcome.AMBIGUOUS
    readings = {zone: next(iter(vals)) for zone, vals in found.items()}
    loose -= set(readings.values())
    if not readings:
        return {"t1": loose.pop()} if len(loose) == 1 else Outcome.AMBIGUOUS
    if loose or "t1" not in readings or not set(readings) <= set(ZONES):
        return Outcome.AMBIGUOUS
    return readings
