"""Wires settings to real adapters: the one place that builds a `Deps`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Engine

from mailreader.config import Settings
from mailreader.db.engine import make_engine, session_factory
from mailreader.db.schema import ensure_schema
from mailreader.imap import open_mailbox
from mailreader.pipeline import Deps
from mailreader.smtp import open_sender


def utc_now() -> datetime:
    return datetime.now(UTC)


def open_database(settings: Settings, *, migrate: bool = True) -> Engine:
    engine = make_engine(settings.database_url)
    if migrate:
        ensure_schema(engine)
    return engine


def build_deps(settings: Settings, *, engine: Engine | None = None,
               stop_requested: Callable[[], bool] = lambda: False) -> Deps:
    engine = engine or open_database(settings)
    return Deps(
        settings=settings,
        sessions=session_factory(engine),
        open_mailbox=open_mailbox,
        open_sender=open_sender,
        now=utc_now,
        stop_requested=stop_requested,
        lease_ttl=settings.lease_ttl,
    )
