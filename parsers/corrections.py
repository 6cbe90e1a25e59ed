"""Apply a resident's corrections: a later value replaces the earlier one it corrects.

CONTRACT.md "Clarifications": a value introduced by a correction ("вернее", "правильно",
"- нет, 4401") replaces the earlier value of the same register.  Values are taken in
the order written; each correction word opens a new epoch, and a value of a later epoch
replaces what earlier epochs said of its register.  An unlabelled corrected value takes
the register of the value it directly follows ("4410 - нет, 4401"), or of the only
register named before; otherwise which one it corrects cannot be told.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Protocol

from parsers.roles import UNLABELLED

#: At most this many characters between a value and the correction word right after it.
_INLINE = 12


class _Placed(Protocol):
    @property
    def number(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def _target(zone_of: dict[str, int], prev: tuple[str, _Placed] | None, mark: int, work: str) -> str | None:
    """The register an unlabelled corrected value belongs to, or None if unclear."""
    named = [z for z in zone_of if z != UNLABELLED]
    if not named:
        return UNLABELLED
    if prev is not None and mark - prev[1].end <= _INLINE and "\n" not in work[prev[1].end : mark]:
        return prev[0]
    return named[0] if len(named) == 1 and UNLABELLED not in zone_of else None


def apply(zoned: Sequence[tuple[str, _Placed]], marks: list[int], work: str) -> dict[str, set[int]] | None:
    """Numbers per register once corrections are applied; ``None`` when unclear."""
    found: dict[str, set[int]] = {}
    epoch_of: dict[str, int] = {}
    prev: tuple[str, _Placed] | None = None
    for zone, value in sorted(zoned, key=lambda zv: zv[1].start):
        epoch = bisect.bisect_right(marks, value.start)
        fresh = prev is not None and epoch > bisect.bisect_right(marks, prev[1].start)
        if zone == UNLABELLED and fresh:
            target = _target(epoch_of, prev, marks[epoch - 1], work)
            if target is None:
                return None
            zone = target
        if epoch_of.get(zone, epoch) < epoch:
            found[zone] = set()  # a later epoch replaces what earlier ones said
        single = not [z for z in epoch_of if z not in (UNLABELLED, zone)]
        if zone != UNLABELLED and epoch_of.get(UNLABELLED, epoch) < epoch and single:
            found.pop(UNLABELLED, None)  # a single-rate value corrected with a label
            epoch_of.pop(UNLABELLED, None)
        found.setdefault(zone, set()).add(value.number)
        epoch_of[zone] = epoch
        prev = (zone, value)
    return found
