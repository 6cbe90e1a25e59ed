"""The readings service: accounts, meters, the utility's rules and reading history.

It knows nothing about mail: the e-mail channel is one caller among several.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

from mailreader.readings.periods import Placement, period_of, place

#: Meter registers in the order bills print them: t1 day/peak, t2 night, t3 semi-peak.
ZONES = ("t1", "t2", "t3")
#: The statuses of a submission the service accepted (the resident is told «приняты»).
ACCEPTED = ("recorded", "updated", "unchanged")
#: No household meter shows more: a value above it has a digit too many (too_long).
MAX_METER_VALUE = 999_999


@dataclass(frozen=True)
class ReadingsSettings:
    window_start: int = 1
    window_end: int = 25
    timezone: str = "Asia/Krasnoyarsk"
    outside_window: Literal["reject", "next_period"] = "reject"
    max_consumption: int = 20000  # kWh per zone per period above which a value is implausible
    show_consumption: Literal["linked", "always", "never"] = "linked"
    # Submissions per account and period from senders not registered for it (0: none).
    stranger_limit: int = 3

    def __post_init__(self) -> None:
        if not 1 <= self.window_start <= self.window_end <= 31:
            raise ValueError("window must be days 1..31 with window_start <= window_end")
        if self.outside_window not in ("reject", "next_period"):
            raise ValueError(f"outside_window {self.outside_window!r} is not reject|next_period")
        if self.show_consumption not in ("linked", "always", "never"):
            raise ValueError(f"show_consumption {self.show_consumption!r} is not one of "
                             "linked|always|never")
        if self.max_consumption <= 0:
            raise ValueError("max_consumption must be positive")
        if self.stranger_limit < 0:
            raise ValueError("stranger_limit must not be negative")
        ZoneInfo(self.timezone)  # an unknown zone fails here, not on the first reading


@dataclass(frozen=True)
class SubmitResult:
    account: str
    status: str  # one of replies.model.ACCOUNT_STATUSES
    values: tuple[tuple[str, int], ...]
    consumption: tuple[tuple[str, int], ...] | None = None  # None: not to be shown
    period: str | None = None
    meter_zones: int | None = None
    # outside_window: the ISO date the window opens. On an accepted result it means the
    # reading came outside the window and was counted for `period`, the next one.
    window_opens: str | None = None
    # The sender is registered for the account: only then may the result's details
    # (consumption, the refusal's reason, the meter) be shown to whoever sent it.
    registered: bool = False
    # lower_than_last: the zones that are lower, each with the value it is compared with.
    previous: tuple[tuple[str, int], ...] = ()
    meter_digits: int | None = None  # display digits, when billing knows them (too_long)


@dataclass(frozen=True)
class Account:
    """One account of the registry, as billing exported it."""

    account: str
    zones: int  # 1, 2 or 3 registers
    digits: int | None = None  # display digits, for rollover
    last: tuple[tuple[str, int], ...] = ()  # billing's last reading, the first baseline
    last_date: date | None = None
    surname: str | None = None  # kept for operators; never shown to anyone who writes in
    emails: frozenset[str] = frozenset()  # lower-cased addresses registered for the account


@dataclass(frozen=True)
class Reading:
    """One stored submission: every register's value sent together."""

    period: str  # "YYYY-MM"
    values: tuple[tuple[str, int], ...]
    channel: str
    source: str
    recorded_at: datetime
    superseded_at: datetime | None = None
    registered: bool = False  # sent by a sender registered for the account

    @property
    def superseded(self) -> bool:
        return self.superseded_at is not None

    def to_json(self) -> dict[str, object]:
        return {
            "period": self.period,
            "readings": dict(self.values),
            "channel": self.channel,
            "source": self.source,
            "recorded_at": self.recorded_at.isoformat(),
            "superseded": self.superseded,
            "superseded_at": self.superseded_at.isoformat() if self.superseded_at else None,
            "registered": self.registered,
        }


class ReadingsStore(Protocol):
    """Persistence the service needs; implemented over SQLAlchemy in mailreader.db."""

    def account(self, account: str) -> Account | None: ...

    def in_force(self, account: str, period: str) -> tuple[Reading | None, Reading | None]:
        """(the submission in force for the latest period before `period`, the one in
        force for `period`), read together; either may be None."""
        ...

    def record(self, account: str, reading: Reading) -> None:
        """Store a submission (its `superseded_at` is not read), superseding the one in
        force for the same period at `reading.recorded_at`."""
        ...

    def stranger_attempts(self, account: str, period: str) -> int:
        """How many submissions for the account and period came from strangers."""
        ...

    def note_stranger(self, account: str, period: str, *, status: str, source: str, at: datetime) -> None:
        """Count one more, with what became of it."""
        ...

    def history(self, account: str, limit: int) -> list[Reading]:
        """The last `limit` submissions, newest first, superseded ones included."""
        ...

    def upsert_accounts(
        self, accounts: Sequence[Account], columns: frozenset[str], at: datetime
    ) -> tuple[int, int]:
        """Add or update accounts (only `columns` of existing ones); returns (added, updated)."""
        ...


class ReadingsService:
    def __init__(
        self, store: ReadingsStore, settings: ReadingsSettings, now: Callable[[], datetime]
    ) -> None:
        self._store = store
        self._settings = settings
        self._now = now

    def submit(
        self,
        account: str,
        readings: Mapping[str, int],
        *,
        channel: str,
        source: str,
        sender: str | None,
    ) -> SubmitResult:
        """Apply the utility's rules to one submission and record it when accepted.

        `sender` is the submitter's verified identity on the channel (for e-mail the
        From address, and only when it is authenticated or authentication is not
        checked); None when there is none. It is registered for the account when it is
        one of the account's `emails`."""
        values = tuple((z, int(readings[z])) for z in ZONES if z in readings)
        if set(readings) - set(ZONES):
            raise ValueError(f"unknown registers: {sorted(set(readings) - set(ZONES))}")
        acct = self._store.account(account)
        if acct is None:
            return SubmitResult(account, "unknown_account", values)
        now = self._now()
        s = self._settings
        spot = place(now, timezone=s.timezone, window_start=s.window_start,
                     window_end=s.window_end, defer_late=s.outside_window == "next_period")
        registered = _registered(acct, sender)
        base = SubmitResult(account, "", values, meter_zones=acct.zones, period=spot.period,
                            registered=registered, meter_digits=acct.digits)
        if spot.period is None:
            return replace(base, status="outside_window", window_opens=spot.window_opens.isoformat())
        if registered:
            return self._apply(acct, values, base, spot, channel, source, now)
        tries = self._store.stranger_attempts(account, spot.period)
        if tries >= s.stranger_limit:
            result = replace(base, status="stranger_limit")
        else:
            result = self._apply(acct, values, base, spot, channel, source, now)
        # Every stranger's submission counts, refused ones too: the limit is what keeps
        # a stranger from bisecting the stored reading through accept/refuse answers.
        self._store.note_stranger(account, spot.period, status=result.status, source=source, at=now)
        return result

    def _apply(self, acct: Account, values: tuple[tuple[str, int], ...], base: SubmitResult,
               spot: Placement, channel: str, source: str, now: datetime) -> SubmitResult:
        """The utility's rules for a submission in the window; records it when accepted."""
        period = spot.period
        assert period is not None  # the caller refused a closed window
        if {z for z, _ in values} != set(ZONES[: acct.zones]):
            return replace(base, status="zone_mismatch")
        earlier, current = self._store.in_force(acct.account, period)
        if current is not None and current.registered and not base.registered:
            # A registered sender's reading stays: a stranger's is refused, not held (no
            # one would review a held one; the reply points to the other channels).
            return replace(base, status="registered_in_force")
        last = self._baseline(acct, period, earlier)
        status, used, lower = self._judge(acct, values, last)
        deferred = spot.window_opens.isoformat() if spot.deferred else None
        shown = used if self._show(base.registered) and used else None
        if status != "ok":
            return replace(base, status=status, previous=lower)
        if current is not None and current.values == values:
            return replace(base, status="unchanged", consumption=shown, window_opens=deferred)
        self._store.record(acct.account, Reading(period, values, channel, source, now,
                                                 registered=base.registered))
        status = "updated" if current is not None else "recorded"
        return replace(base, status=status, consumption=shown, window_opens=deferred)

    def history(self, account: str, limit: int = 12) -> list[Reading]:
        return self._store.history(account, limit)

    def _baseline(self, acct: Account, period: str, own: Reading | None) -> dict[str, int]:
        """The last reading of an EARLIER period: a resident's own or billing's, the later one.

        A correction within the same period is compared with this, never with the
        submission it supersedes (which may be the very typo being corrected).
        """
        dated = acct.last_date
        billing_ok = bool(acct.last) and (dated is None or period_of(dated) < period)
        if own is None:
            return dict(acct.last) if billing_ok else {}
        if not billing_ok:
            return dict(own.values)
        tz = ZoneInfo(self._settings.timezone)
        own_day = own.recorded_at.astimezone(tz).date()
        # Same day or billing newer: billing's figure is authoritative (operators correct it).
        if acct.last_date is not None and acct.last_date >= own_day:
            return dict(acct.last)
        return dict(own.values)

    def _judge(
        self, acct: Account, values: tuple[tuple[str, int], ...], last: Mapping[str, int]
    ) -> tuple[str, tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]]:
        """("ok" | a refusal status, consumption per zone that has a previous value, the
        zones lower than their previous value with that value)."""
        limit = self._settings.max_consumption
        used: list[tuple[str, int]] = []
        lower: list[tuple[str, int]] = []
        too_long = implausible = False
        for zone, value in values:
            if value > MAX_METER_VALUE or (acct.digits is not None and value >= 10**acct.digits):
                too_long = True  # more digits than the meter shows (other channels are less careful)
                continue
            if value < 0:
                implausible = True
                continue
            if zone not in last:
                continue
            delta = value - last[zone]
            if delta < 0 and acct.digits is not None:
                delta += 10**acct.digits  # the display rolled over past 99999 to 00000
                if delta > limit:
                    lower.append((zone, last[zone]))
                    continue
            elif delta < 0:
                lower.append((zone, last[zone]))
                continue
            implausible = implausible or delta > limit
            used.append((zone, delta))
        if too_long:
            return "too_long", (), ()
        if lower:
            return "lower_than_last", (), tuple(lower)
        return ("implausible" if implausible else "ok"), tuple(used), ()

    def _show(self, registered: bool) -> bool:
        mode = self._settings.show_consumption
        if mode == "linked":
            return registered
        return mode == "always"


def _registered(acct: Account, sender: str | None) -> bool:
    return sender is not None and sender.strip().lower() in acct.emails
