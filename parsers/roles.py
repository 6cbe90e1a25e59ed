"""Roles of the numbers in a resident's text: the `Candidate` value object and its explanation.

Every digit run of the resident's own text ends with a role (CONTRACT.md: an account,
the value of a register, or a named non-reading such as a date, a phone or a
postcode) and the name of the rule that gave it.  `explain` turns them into the
human-readable text of ``mailreader parse --explain``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: Roles a number can end with; non-readings are "not:<kind>".
ACCOUNT = "account"
OLD_ACCOUNT = "old account"
VALUE = "value"
UNSURE = "unsure value"
UNPLACED = "value without a place"
NO_ROLE = "no role"
OLD_VALUE = "not:old value"

_DIGITS = re.compile(r"\d+(?:[ .,\-]\d+)*")


@dataclass(frozen=True)
class Candidate:
    """One number of the text, where it stands, what it is and which rule said so."""

    text: str
    start: int
    end: int
    role: str
    rule: str


def not_reading(kind: str) -> str:
    """The role of a named non-reading ("not:date", "not:phone" …)."""
    return f"not:{kind}"


def describe(role: str) -> str:
    """A role as a reader of ``--explain`` sees it."""
    return f"not a reading ({role[4:]})" if role.startswith("not:") else role


def covered(text: str, found: Iterable[Candidate]) -> list[Candidate]:
    """Every digit run of ``text`` with its role; runs no rule explained get NO_ROLE."""
    spans = sorted(found, key=lambda c: c.start)
    out: list[Candidate] = list(spans)
    for m in _DIGITS.finditer(text):
        if not any(c.start < m.end() and m.start() < c.end for c in spans):
            out.append(Candidate(m.group(), m.start(), m.end(), NO_ROLE, "no rule matched"))
    return sorted(out, key=lambda c: c.start)
