"""PostgreSQL connections are pinged before use only after being idle a while (real server)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from mailreader.db import engine as engine_module
from mailreader.db.engine import make_engine
from tests.dbs import PG_URL


def _backend_pid(engine: object) -> int:
    with engine.connect() as conn:  # type: ignore[attr-defined]
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _terminate(pid: int) -> None:
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()


def test_an_idle_connection_that_the_server_closed_is_replaced(pg_url: str,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    engine = make_engine(pg_url)
    try:
        first = _backend_pid(engine)
        _terminate(first)
        monkeypatch.setattr(engine_module, "PING_IDLE", 0.0)  # it has been idle "long enough"
        assert _backend_pid(engine) != first  # pinged, found dead, replaced: no error
    finally:
        engine.dispose()


def test_a_connection_in_use_is_not_pinged_and_a_death_surfaces_once(pg_url: str) -> None:
    engine = make_engine(pg_url)
    try:
        first = _backend_pid(engine)
        _terminate(first)
        with pytest.raises(OperationalError):  # no ping: the statement meets the closed connection
            _backend_pid(engine)
        assert _backend_pid(engine) != first  # the pool dropped it: the next step has a new one
    finally:
        engine.dispose()
