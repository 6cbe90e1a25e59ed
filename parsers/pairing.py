"""Pair zone labels with the values beside them: which register each value of an account is.

CONTRACT.md "Readings": labelled values go to their zone ("день 4521", "4521 (день)",
"День Ночь\\n4521 2103"); a value no label names stays `UNLABELLED` (a single-rate
meter's t1, if it is alone).  Labels that cannot be placed make the pairing fail,
because a value given the wrong register is a wrong bill.
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers.roles import LABEL, UNLABELLED, Candidate

Zoned = list[tuple[str, Candidate]]


@dataclass(frozen=True)
class Paired:
    """An account's values with their registers, and the zones named without a value."""

    zoned: Zoned
    dangling: frozenset[str]


def gap_ok(work: str, start: int, end: int) -> bool:
    """Whether a label and a value are close enough to belong together."""
    gap = work[start:end]
    if any(c.isdigit() for c in gap):
        return False
    # A table's rule line ("|------|------|") between the header and its row adds no words.
    if not gap.strip(" \n|-+=_:") and gap.count("\n") <= 2:
        return True
    return len(gap.strip()) <= 30 and gap.count("\n") <= 1


def _is_label(item: Candidate) -> bool:
    return item.role == LABEL


def _pair_runs(first: list[Candidate], second: list[Candidate]) -> Zoned | None:
    """Pair a run of labels with the run of values beside it (either order given)."""
    labels = [i for i in first + second if _is_label(i)]
    values = [i for i in first + second if not _is_label(i)]
    zones = [lab.zone for lab in labels]
    if len(set(zones)) == 1:
        zones = zones[:1]
    if len(zones) == len(values):
        return list(zip(zones, values, strict=True))
    if len(zones) == 1 and len(values) > 1:
        # "День 4500 4600": the label takes the value next to it, the rest stay unplaced.
        near = values[0] if _is_label(first[0]) else values[-1]
        return [(zones[0], near)] + [(UNLABELLED, v) for v in values if v is not near]
    return None


def _runs(items: list[Candidate]) -> list[list[Candidate]]:
    runs: list[list[Candidate]] = []
    for item in items:
        if runs and _is_label(runs[-1][-1]) == _is_label(item):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def pair(labels: list[Candidate], values: list[Candidate], work: str) -> Paired | None:
    """Give each value a zone, or UNLABELLED; ``None`` when labels cannot be placed.

    Labels and values are in the order written.  Also returns the zones of labels left
    without a value ("Ночь" and nothing readable).
    """
    items = sorted([*labels, *values], key=lambda i: i.start)
    runs = _runs(items)
    forward = not runs or _is_label(runs[0][0])
    out: Zoned = []
    dangling: set[str] = set()
    i = 0
    while i < len(runs):
        run = runs[i]
        is_head = _is_label(run[0]) == forward
        nxt = runs[i + 1] if i + 1 < len(runs) else None
        if is_head and nxt is not None and gap_ok(work, run[-1].end, nxt[0].start):
            paired = _pair_runs(run, nxt)
            if paired is None:
                return None
            out.extend(paired)
            i += 2
            continue
        if _is_label(run[0]):
            dangling.update(lab.zone for lab in run)
        else:
            out.extend((UNLABELLED, v) for v in run)
        i += 1
    return Paired(out, frozenset(dangling))
