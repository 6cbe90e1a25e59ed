"""The poller lease: one holder at a time, taken over after it expires."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from mailreader.db import lease
from mailreader.db.engine import make_engine, session_factory
from mailreader.db.schema import upgrade as ensure_schema

T0 = datetime(2026, 11, 20, tzinfo=UTC)


def test_one_holder_then_failover(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'l.db'}")
    ensure_schema(engine)
    sessions = session_factory(engine)
    assert lease.acquire(sessions, "poller", "a", T0, ttl=30)
    assert not lease.acquire(sessions, "poller", "b", T0 + timedelta(seconds=10), ttl=30)
    assert lease.acquire(sessions, "poller", "a", T0 + timedelta(seconds=20), ttl=30)  # renewed
    assert not lease.acquire(sessions, "poller", "b", T0 + timedelta(seconds=45), ttl=30)
    assert lease.acquire(sessions, "poller", "b", T0 + timedelta(seconds=51), ttl=30)  # a died
    assert lease.holder_of(sessions, "poller")[0] == "b"  # type: ignore[index]
    lease.release(sessions, "poller", "b")
    assert lease.holder_of(sessions, "poller") is None
    engine.dispose()


def test_a_dead_holder_is_replaced_at_once(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'l.db'}")
    ensure_schema(engine)
    sessions = session_factory(engine)
    assert lease.acquire(sessions, "poller", "a", T0, ttl=30)
    assert not lease.acquire(sessions, "poller", "b", T0, ttl=30, is_dead=lambda h: False)
    assert lease.acquire(sessions, "poller", "b", T0, ttl=30, is_dead=lambda h: h == "a")
    engine.dispose()
