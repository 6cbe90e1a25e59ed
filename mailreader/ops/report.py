"""What one cycle (or one round of the courier) did, and the translation of an unavailable
server or database into a note on it (retry later) instead of an exception."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from mailreader.db.outcomes import MailOutcome
from mailreader.errors import DatabaseUnavailable, RetryLater

log = logging.getLogger("mailreader.daemon.cycle")  # the cycle's notes, also when the courier guards


@dataclass
class CycleReport:
    fetched: int = 0
    #: Mails decided, by what they came to (metrics read the outcome and reason from these).
    told: Counter[MailOutcome] = field(default_factory=Counter)
    replies_sent: int = 0
    replies_deferred: int = 0
    errors: list[str] = field(default_factory=list)
    imap_error: str | None = None
    smtp_error: str | None = None
    db_error: str | None = None
    readings_error: str | None = None  # the remote readings service (daemon/submitter.py)
    submissions_deferred: int = 0
    leader: bool = True
    #: The mail in hand ("message row=12 uid=40", or the UIDs of a batch being stored): named
    #: in the heartbeat when the cycle crashes there.
    at: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def outcomes(self) -> Counter[str]:
        """The same counts by key (`refused/unknown_account`), as logs and `status` show them."""
        return Counter({str(told): n for told, n in self.told.items()})


def guard(report: CycleReport, server: str, part: Callable[[], None]) -> bool:
    """Run one part of the cycle; an unavailable server is noted and retried next cycle.
    False when the database is unavailable: the cycle stops, the server is left as it is."""
    try:
        part()
    except DatabaseUnavailable as exc:
        log.warning("database unavailable, nothing changed on the server: %s", exc)
        report.errors.append(str(exc))
        report.db_error = str(exc)
        return False
    except RetryLater as exc:
        log.warning("%s unavailable, retrying next cycle: %s", server.upper(), exc)
        report.errors.append(str(exc))
        setattr(report, f"{server}_error", str(exc))
    return True
