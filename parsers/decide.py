"""Stage 6, decision: record the checked readings, or refuse and say what was seen.

The `Trace` it returns is what `parse` answers (its `Decision`) and what ``mailreader
parse --explain`` prints: the text read, every candidate with its final role (a value
recorded says its register), the decision and why.  An ambiguous refusal of the
resident's own text names the values seen (at most `SHOWN`), so that the reply can ask
which one is right (issue: "мы увидели 9984 и 9948 — какое верное?").
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from parsers.assign import Refusal
from parsers.candidates import Found
from parsers.checks import Checked
from parsers.model import Decision, Submission
from parsers.replaced import old_values, replaced_meter
from parsers.roles import CANDIDATE, UNLABELLED, UNSURE, Candidate

#: At most this many candidate values are named back to the resident.
SHOWN = 6


@dataclass(frozen=True)
class Trace:
    """What became of one message: the decision and why, the candidates of the text read
    (None when it was not read) and the readings they gave."""

    decision: Decision
    why: str = ""
    found: Found | None = None
    checked: Checked | None = None

    def candidates(self) -> tuple[Candidate, ...]:
        """Every candidate of the text read, each value with the role the decision gave
        it (worked out when asked: only ``--explain`` needs it)."""
        return () if self.found is None else _final(self.found, self.checked)


def _seen(found: Found) -> tuple[str, ...]:
    """The values an ambiguous refusal names, as the reply shows them."""
    seen = dict.fromkeys(str(v.number) for v in found.values)
    if replaced_meter(found.work, found.aside):
        seen = dict.fromkeys([*old_values(found.aside), *seen])
    return tuple(seen)[:SHOWN]


def _recorded_role(v: Candidate, readings: dict[str, int]) -> str:
    """ "value t1" for a value recorded (an unlabelled one: the register it went to)."""
    if v.zone == UNLABELLED:
        zone = next((z for z, number in readings.items() if number == v.number), None)
    else:
        zone = v.zone if readings.get(v.zone) == v.number else None
    return f"value {zone}" if zone else "value not recorded (corrected)"


def _final(found: Found, checked: Checked | None) -> tuple[Candidate, ...]:
    """Every candidate of the text; each value with the role the decision gave it."""
    if checked is None:
        every = found.all()
        return tuple(replace(c, role=CANDIDATE) if c.is_value and c.role != UNSURE else c for c in every)
    decided = [
        replace(v, role=_recorded_role(v, checked.readings[acc]))
        for acc, values in checked.values.items()
        for v in values
    ]
    rest = [c for c in found.all() if not c.is_value]
    return tuple(sorted([*rest, *decided], key=lambda c: c.start))


def decide(found: Found, verdict: Checked | Refusal) -> Trace:
    """The decision on what stages 4 and 5 said, with the candidates as decided."""
    if isinstance(verdict, Checked):
        subs = tuple(Submission.of(acc, r) for acc, r in verdict.readings.items())
        decision = Decision(action="record", submissions=subs)
        return Trace(decision, "", found, verdict)
    decision = Decision(action="reject", reason=verdict.reason)
    if verdict.reason == "ambiguous" and found.own:
        decision = replace(decision, candidates=_seen(found))
    return Trace(decision, verdict.why, found)
