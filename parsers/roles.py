"""The `Candidate` value object: one number (or zone label) of the resident's text and its role.

Every digit run of the resident's own text ends with a role (CONTRACT.md: an account,
the value of a register, or a named non-reading such as a date, a phone or a
postcode) and the name of the rule that gave it.  The stages of `parsers.pipeline`
hand these objects on: candidates are found with a first role, assignment gives values
their account and register, the checks and the decision settle each value's final
role; ``mailreader parse --explain`` prints the same objects.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Roles a number can end with; non-readings are "not:<kind>".
ACCOUNT = "account"
OLD_ACCOUNT = "old account"
LABEL = "label"
VALUE = "value"
UNSURE = "unsure value"
#: A value of a refused mail (the decision recorded none).
CANDIDATE = "candidate value"
NO_ROLE = "no role"
OLD_VALUE = "not:old value"
#: A value's register before it is known, and for a value no label names.
UNLABELLED = "?"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One number or label of the text: where it stands, what it is, which rule said so.

    ``number`` is a value's reading in whole kWh; ``account`` an account's twelve
    digits, or for a value or a label the account it was given to; ``zone`` a label's
    register, or for a value the register it was given (`UNLABELLED` when none).
    """

    text: str
    start: int
    end: int
    role: str
    rule: str
    number: int = 0
    account: str = ""
    zone: str = ""

    @property
    def is_value(self) -> bool:
        """A value as found (stages 3 to 5), before the decision gives its final role."""
        return self.role in (VALUE, UNSURE)

    @property
    def was_value(self) -> bool:
        """A value, found or decided ("value t1", "candidate value" …)."""
        return self.role.startswith(VALUE) or self.role in (UNSURE, CANDIDATE)


def not_reading(kind: str) -> str:
    """The role of a named non-reading ("not:date", "not:phone" …)."""
    return f"not:{kind}"


def describe(c: Candidate) -> str:
    """A candidate's role as a reader of ``--explain`` sees it."""
    if c.role == LABEL:
        return f"{LABEL} {c.zone}"
    return f"not a reading ({c.role[4:]})" if c.role.startswith("not:") else c.role
