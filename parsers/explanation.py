"""``mailreader parse --explain``: each number of the resident's text, its role and rule, the decision.

Pure: it prints the `Trace` of `parsers.pipeline` (the candidates the stages decided
on, each with its final role and rule) as human-readable lines.  The JSON of ``parse``
is unaffected.
"""

from __future__ import annotations

from parsers.decide import Trace
from parsers.model import Decision
from parsers.roles import Candidate, describe

_WHY = {
    "no_account": "no account number in the resident's text",
    "no_readings": "an account, but no meter value in the resident's text",
    "ambiguous": "the values cannot be told apart or contradict each other",
}


def _shown(text: str, work: str, c: Candidate) -> str:
    """The candidate as the resident wrote it (a value in words: the whole words)."""
    if c.end - c.start != len(c.text):
        return c.text  # read elsewhere (the signature), or one value of an ACCOUNT*V line
    end = c.end
    while end < len(work) and work[end] == " " and not text[c.start : end].isdigit():
        end += 1  # a value in words: its digits are padded to the words' length
    return text[c.start : end].rstrip() if end > c.end else text[c.start : c.end]


def _rule(c: Candidate) -> str:
    return f"{c.rule} -> {c.number}" if c.was_value else c.rule


def _decision_line(decision: Decision, why: str) -> str:
    if decision.action == "record":
        subs = "; ".join(
            f"{s.account}: " + ", ".join(f"{z}={n}" for z, n in s.readings) for s in decision.submissions
        )
        return f"record ({subs})"
    line = f"{decision.action} / {decision.reason}: {why or _WHY.get(decision.reason or '', '')}"
    if decision.candidates:
        line += " (seen: " + ", ".join(decision.candidates) + ")"
    return line


def render(trace: Trace) -> str:
    """The explanation as text: the text read, its numbers one per line, then the decision."""
    lines: list[str] = []
    if trace.found is not None:
        text, work = trace.found.text, trace.found.work
        lines.append("text read" + (" (forwarded):" if not trace.found.own else ":"))
        lines += [f"  | {x}" for x in text.splitlines()]
        lines.append("numbers:")
        shown = [(_shown(text, work, c), c) for c in trace.candidates()]
        width = max((len(s) for s, _ in shown), default=0)
        lines += [f"  {s:<{width}}  {describe(c)}  [{_rule(c)}]" for s, c in shown]
        if not shown:
            lines.append("  (none)")
    lines.append("decision: " + _decision_line(trace.decision, trace.why))
    return "\n".join(lines)
