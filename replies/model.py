"""Value objects a reply is rendered from; filled in by the daemon, read by templates."""

from __future__ import annotations

from dataclasses import dataclass

#: What happened to one account's submission (the readings service's outcomes).
ACCOUNT_STATUSES = (
    "recorded",  # accepted, first submission in the period
    "updated",  # accepted, supersedes an earlier submission of the same period
    "unchanged",  # the same values again: confirmed, not recorded twice
    "unknown_account",
    "zone_mismatch",
    "lower_than_last",
    "implausible",
    "too_long",  # a value with more digits than the meter shows
    "outside_window",
    "not_accepted",  # to a sender not registered for the account: refused, no detail
)

#: Reply kinds: one template each.
REPLY_KINDS = (
    "result",  # per-account results of a `record` decision (confirmations and refusals)
    "no_account",
    "no_readings",
    "ambiguous",
    "too_large",
    "internal_error",
    "daily_limit",  # the one "no more replies today" notice
)


@dataclass(frozen=True)
class ZoneValue:
    zone: str  # t1 | t2 | t3
    value: int
    consumption: int | None = None  # None: not shown (sender not linked, or no previous reading)
    previous: int | None = None  # lower_than_last: the last accepted value this one is below


@dataclass(frozen=True)
class AccountOutcome:
    account: str
    status: str  # one of ACCOUNT_STATUSES
    values: tuple[ZoneValue, ...]
    period: str | None = None  # "2026-11": the billing month counted
    meter_zones: int | None = None  # registers the meter has (for zone_mismatch)
    window_opens: str | None = None  # ISO date the next window opens (outside_window)
    meter_digits: int | None = None  # digits the meter shows, when known (too_long)


@dataclass(frozen=True)
class Reply:
    kind: str  # one of REPLY_KINDS
    accounts: tuple[AccountOutcome, ...] = ()
    # An ambiguous refusal names the values seen (digits only, from the resident's own text)
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Original:
    """The resident's message being answered."""

    to_addr: str  # the address the reply goes to
    subject: str
    message_id: str | None = None
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReplySettings:
    from_addr: str  # 'Красноярскэнергосбыт <energy@example.ru>'
    hotline: str = ""
    site: str = ""
    window_start: int = 1
    window_end: int = 25
    subject_max_len: int = 120
