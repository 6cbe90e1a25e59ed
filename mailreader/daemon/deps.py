"""`Deps`: everything a cycle touches (settings, database, adapters, clock, seams),
built once by `daemon.app.build_deps` and passed explicitly."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import parsers
from mailreader.config import ImapSettings, Settings, SmtpSettings
from mailreader.ops.report import CycleReport
from mailreader.protocols import Mailbox, Readings, Sender
from parsers import Decision

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session, sessionmaker

    from mailreader.daemon.submitter import Submitter


def default_instance() -> str:
    """Who we are for the poller lease: host, process and a random tag."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class LeaseRenewal:
    """When this instance last renewed its poller lease (time.monotonic()); 0: never."""

    at: float = 0.0


@dataclass(frozen=True)
class Deps:
    """Everything a cycle touches, injected (adapters, clock, seams); built once, by
    `daemon.app.build_deps` (tests: `dataclasses.replace` for another seam)."""

    settings: Settings
    sessions: sessionmaker[Session]
    open_mailbox: Callable[[ImapSettings], AbstractContextManager[Mailbox]]
    open_sender: Callable[[SmtpSettings], AbstractContextManager[Sender]]
    now: Callable[[], datetime]
    parse: Callable[[bytes], Decision] = parsers.parse
    # Told each fetched batch's raw mails before they are stored and decided, so that
    # `parse` can have them parsed meanwhile (mailreader/daemon/parse_ahead.py); None: inline.
    parse_ahead: Callable[[Sequence[bytes]], None] | None = None
    # Builds the readings service inside the message's transaction (default: SQL-backed).
    readings: Callable[[Connection], Readings] | None = None
    # Called at every step boundary with the step's name: the fault-injection seam.
    checkpoint: Callable[[str], None] = lambda step: None
    stop_requested: Callable[[], bool] = lambda: False
    # Who sends the outbox: None sends inline; `mailreader run` hands it to its courier
    # process (mailreader/courier/process.py), which is woken here and reports back.
    courier: Callable[[CycleReport], None] | None = None
    # Who we are for the poller lease (several instances may share one database).
    instance: str = field(default_factory=default_instance)
    lease_ttl: float = 60.0
    # [readings] backend = "http": readings are queued for the remote service and sent by
    # mailreader/daemon/submitter.py; None: the built-in service records them in the decision.
    submitter: Submitter | None = None
    # Not copied by dataclasses.replace: a copy is another holder and renews for itself.
    lease_renewal: LeaseRenewal = field(init=False, default_factory=LeaseRenewal, repr=False, compare=False)
