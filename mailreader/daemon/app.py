"""The composition root: wires settings to real adapters, the one place that builds a `Deps`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import parsers
from mailreader.config import Settings
from mailreader.daemon.deps import Deps
from mailreader.db.engine import session_factory
from mailreader.db.opening import open_database
from mailreader.mail.imap import open_mailbox
from mailreader.mail.smtp import open_sender
from mailreader.ops.report import CycleReport
from parsers import Decision

if TYPE_CHECKING:
    from sqlalchemy import Engine


def utc_now() -> datetime:
    return datetime.now(UTC)


def build_deps(settings: Settings, *, engine: Engine | None = None,
               stop_requested: Callable[[], bool] = lambda: False,
               checkpoint: Callable[[str], None] = lambda step: None,
               courier: Callable[[CycleReport], None] | None = None,
               parse: Callable[[bytes], Decision] = parsers.parse,
               parse_ahead: Callable[[Sequence[bytes]], None] | None = None) -> Deps:
    """The composition root: settings wired to the real adapters (IMAP, SMTP, the SQL
    readings service, the clock). `mailreader run` adds its courier, its parse worker and
    the watchdog's checkpoint; one-cycle commands send inline and parse in process."""
    engine = engine or open_database(settings)
    remote = settings.remote_readings
    submitter = None
    if remote is not None:
        from mailreader.daemon.submitter import Submitter
        from mailreader.readings.client import ReadingsClient

        submitter = Submitter(lambda: ReadingsClient(remote))
    return Deps(
        settings=settings,
        sessions=session_factory(engine),
        open_mailbox=open_mailbox,
        open_sender=open_sender,
        now=utc_now,
        parse=parse,
        parse_ahead=parse_ahead,
        checkpoint=checkpoint,
        stop_requested=stop_requested,
        courier=courier,
        lease_ttl=settings.lease_ttl,
        submitter=submitter,
    )
