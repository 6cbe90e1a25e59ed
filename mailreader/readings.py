"""The readings service: accounts, meters, the utility's rules and reading history.

It knows nothing about mail: the e-mail channel is one caller among several.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol


@dataclass(frozen=True)
class ReadingsSettings:
    window_start: int = 1
    window_end: int = 25
    timezone: str = "Asia/Krasnoyarsk"
    outside_window: Literal["reject", "next_period"] = "reject"
    max_consumption: int = 20000  # kWh per zone per period above which a value is implausible
    show_consumption: Literal["linked", "always", "never"] = "linked"


@dataclass(frozen=True)
class SubmitResult:
    account: str
    status: str  # one of replies.model.ACCOUNT_STATUSES
    values: tuple[tuple[str, int], ...]
    consumption: tuple[tuple[str, int], ...] | None = None  # None: not to be shown
    period: str | None = None
    meter_zones: int | None = None
    window_opens: str | None = None


class ReadingsStore(Protocol):
    """Persistence the service needs; implemented over SQLAlchemy in mailreader.db."""


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
        """Apply the utility's rules to one submission and record it when accepted."""
        raise NotImplementedError
