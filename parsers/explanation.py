"""``mailreader parse --explain``: each number of the resident's text, its role and rule, the decision.

Pure: it re-reads the text with the distractors noted (`parsers.extract.read`) and
turns what was found into human-readable lines.  The JSON of ``parse`` is unaffected.
"""

from __future__ import annotations

from parsers.extract import Found, Reading
from parsers.model import Decision
from parsers.roles import (
    ACCOUNT,
    OLD_ACCOUNT,
    UNSURE,
    VALUE,
    Candidate,
    covered,
    describe,
    not_reading,
)

_WHY = {
    "not_readings": "the subject does not name readings",
    "auto_generated": "the message is automatic (a robot, a bounce or an autoreply)",
    "no_account": "no account number in the resident's text",
    "no_readings": "an account, but no meter value in the resident's text",
    "ambiguous": "the values cannot be told apart or contradict each other",
}


def _recorded(decision: Decision) -> dict[int, str]:
    return {n: zone for s in decision.submissions for zone, n in s.readings}


def _values(found: Found, decision: Decision, text: str) -> list[Candidate]:
    recorded = _recorded(decision)
    out: list[Candidate] = []
    for v in found.values:
        end = v.end
        while end < len(found.work) and found.work[end] == " " and not text[v.start : end].isdigit():
            end += 1  # a value in words: its digits are padded to the words' length
        shown = text[v.start : end].rstrip() if end > v.end else text[v.start : v.end]
        if decision.action == "record":
            zone = recorded.get(v.number)
            role = f"{VALUE} {zone}" if zone else "value not recorded (corrected or repeated)"
        else:
            role = UNSURE if v.unsure else "candidate value"
        out.append(Candidate(shown, v.start, v.end, role, f"{v.rule} -> {v.number}"))
    return out


def candidates(reading: Reading, notes: list[tuple[int, int, str]]) -> list[Candidate]:
    """Every number of the text read, with its role and the rule that gave it."""
    found, text = reading.found, reading.text
    out = [Candidate(text[s:e], s, e, not_reading(kind), "distractor") for s, e, kind in notes]
    for h in found.accounts:
        if h.end > h.start:
            role = OLD_ACCOUNT if h.old else ACCOUNT
            out.append(Candidate(text[h.start : h.end], h.start, h.end, role, "12 digits"))
    for st in found.stars:
        out.append(Candidate(text[st.start : st.end], st.start, st.end, ACCOUNT, "ACCOUNT*VALUE line"))
    out += [Candidate(text[c.start : c.end], c.start, c.end, c.role, c.rule) for c in found.aside]
    out += [Candidate(text[b.start : b.end], b.start, b.end, f"label {b.zone}", "zone") for b in found.labels]
    out += _values(found, reading.decision, text)
    return covered(text, out)


def _decision_line(decision: Decision) -> str:
    if decision.action == "record":
        subs = "; ".join(
            f"{s.account}: " + ", ".join(f"{z}={n}" for z, n in s.readings) for s in decision.submissions
        )
        return f"record ({subs})"
    line = f"{decision.action} / {decision.reason}: {_WHY.get(decision.reason or '', '')}"
    if decision.candidates:
        line += " (seen: " + ", ".join(decision.candidates) + ")"
    return line


def render(reading: Reading | None, decision: Decision, notes: list[tuple[int, int, str]]) -> str:
    """The explanation as text: the numbers, one per line, then the decision."""
    lines: list[str] = []
    if reading is not None:
        lines.append("text read" + (" (forwarded):" if not reading.own else ":"))
        lines += [f"  | {x}" for x in reading.text.splitlines()]
        lines.append("numbers:")
        found = candidates(reading, notes)
        width = max((len(c.text) for c in found), default=0)
        for c in found:
            lines.append(f"  {c.text:<{width}}  {describe(c.role)}  [{c.rule}]")
        if not found:
            lines.append("  (none)")
    lines.append("decision: " + _decision_line(decision))
    return "\n".join(lines)
