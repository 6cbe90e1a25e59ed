"""The parser's frozen value objects: what `parse` decides about one message."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Action = Literal["record", "reject", "ignore"]

#: Reasons as named in CONTRACT.md.
IGNORE_REASONS = ("not_readings", "auto_generated")
REJECT_REASONS = ("no_account", "no_readings", "ambiguous")

#: Meter registers in the order bills print them: t1 day/peak, t2 night, t3 semi-peak.
ZONES = ("t1", "t2", "t3")


@dataclass(frozen=True)
class Submission:
    """One account's readings found in a message."""

    account: str
    readings: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, account: str, readings: Mapping[str, int]) -> Submission:
        ordered = tuple((z, int(readings[z])) for z in ZONES if z in readings)
        return cls(account=account, readings=ordered)

    def as_dict(self) -> dict[str, int]:
        return dict(self.readings)

    def to_json(self) -> dict[str, Any]:
        return {"account": self.account, "readings": self.as_dict()}


@dataclass(frozen=True)
class Decision:
    """What the daemon does with a message: record, reject (and say why) or ignore."""

    action: Action
    reason: str | None = None
    submissions: tuple[Submission, ...] = ()
    # For an ambiguous refusal: the values seen in the resident's own text (digits only),
    # so the reply can ask which one is right.  Not part of the contract's JSON, and not
    # of the decision's identity.
    candidates: tuple[str, ...] = field(default=(), compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "reason": self.reason,
            "submissions": [s.to_json() for s in self.submissions],
        }


@dataclass(frozen=True)
class MessageInfo:
    """The headers the daemon needs to file a message and address its reply.

    Every value is clean (`parsers.clean`): decoded at a bounded cost, free of control
    characters, lone surrogates and bidi overrides, and no longer than its column.
    ``return_path`` is ``None`` when the header is absent and ``""`` for the
    null reverse-path ``<>`` (RFC 5321 §4.5.5: bounces carry it).
    """

    message_id: str | None
    subject: str
    from_addr: str | None
    reply_to: str | None
    return_path: str | None
    references: tuple[str, ...] = field(default=())
    date: str | None = None
