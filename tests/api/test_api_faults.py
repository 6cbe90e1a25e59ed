"""The API when things break: the server SIGKILLed during a burst of submissions, and a
PostgreSQL that stops letting it in. Every reading is recorded exactly once."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.apiserver import ApiServer, import_accounts
from tests.dbs import PG_URL

Serve = Callable[..., ApiServer]
N = 240
ACCOUNTS = [f"2000000{n:05d}" for n in range(N)]


def _body(n: int) -> dict[str, Any]:
    return {"account": ACCOUNTS[n], "values": {"t1": 1000 + n}, "channel": "sms", "source": f"sms-{n}",
            "sender": None}


def _burst(server: ApiServer, numbers: list[int], answers: dict[int, httpx.Response]) -> None:
    with httpx.Client(timeout=10) as client:
        for n in numbers:
            try:
                answers[n] = client.post(f"{server.url}/v1/submissions", json=_body(n), headers={
                    "Authorization": "Bearer token-submitter", "Idempotency-Key": f"burst-{n}"})
            except httpx.TransportError:
                return  # the server is gone: the rest of this client's keys were never sent


def test_sigkill_during_a_burst_then_every_key_again_records_each_reading_once(
        serve_api: Serve, db_url: str) -> None:
    server = serve_api(db_url)
    import_accounts(server.config, "account,zones,t1\n" + "".join(f"{a},1,1000\n" for a in ACCOUNTS))
    answers: dict[int, httpx.Response] = {}
    clients = [threading.Thread(target=_burst, args=(server, list(range(i, N, 4)), answers))
               for i in range(4)]
    for c in clients:
        c.start()
    while len(answers) < N // 3:  # a third answered, the rest in flight or still to send
        threading.Event().wait(0.01)
    server.kill()
    for c in clients:
        c.join(30)
    before = dict(answers)
    assert 0 < len(before) < N
    server.start()
    replayed = 0
    for n in range(N):
        r = server.post("/v1/submissions", token="submitter", key=f"burst-{n}", json=_body(n))
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "recorded"
        if n in before:  # answered before the kill: that answer, stored with its reading
            assert r.headers.get("Idempotent-Replayed") == "true" and r.content == before[n].content
        replayed += r.headers.get("Idempotent-Replayed") == "true"
    assert replayed >= len(before)
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            per_account = dict(conn.execute(text(
                "SELECT account, count(DISTINCT submission) FROM readings GROUP BY account")).all())
            attempts = dict(conn.execute(text(
                "SELECT account, count(*) FROM stranger_attempts GROUP BY account")).all())
            keys = conn.execute(text("SELECT count(*) FROM idempotency_keys")).scalar_one()
    finally:
        engine.dispose()
    assert per_account == dict.fromkeys(ACCOUNTS, 1)
    assert attempts == dict.fromkeys(ACCOUNTS, 1)  # the service ran once per key
    assert keys == N


def _disconnect(conn: Any, role: str) -> None:
    conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :r"),
                 {"r": role})


@pytest.fixture
def pg_role(pg_url: str) -> Iterator[tuple[str, str]]:
    """(a URL logging in as a role of its own on the test schema, the role's name)."""
    role = f"r_{uuid.uuid4().hex[:10]}"
    schema = pg_url.rsplit("%3D", 1)[1]
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        conn.execute(text(f'GRANT USAGE, CREATE ON SCHEMA "{schema}" TO "{role}"'))
    try:
        yield pg_url.replace("postgres@", f"{role}@", 1), role
    finally:
        with admin.connect() as conn:
            _disconnect(conn, role)
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()


def test_postgresql_refusing_the_service_is_503_and_the_same_key_works_after(
        serve_api: Serve, pg_url: str, pg_role: tuple[str, str]) -> None:
    url, role = pg_role
    server = serve_api(url)  # migrated as the role: it owns the tables
    import_accounts(server.config, "account,zones,t1\n300000000001,1,1000\n")
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    sub = {"account": "300000000001", "values": {"t1": 1100}, "channel": "web", "source": "w-1"}
    try:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER ROLE "{role}" NOLOGIN'))
            _disconnect(conn, role)
        health = server.get("/v1/health", token=None)
        assert health.status_code == 503 and health.json() == {"status": "unavailable",
                                                               "database": "unreachable"}
        down = server.post("/v1/submissions", key="w-1", json=sub)
        assert down.status_code == 503 and down.headers["Retry-After"] == "5"
        with admin.connect() as conn:
            conn.execute(text(f'ALTER ROLE "{role}" LOGIN'))
        assert server.get("/v1/health", token=None).status_code == 200
        up = server.post("/v1/submissions", key="w-1", json=sub)
        assert up.status_code == 200 and up.json()["status"] == "recorded"
        assert "Idempotent-Replayed" not in up.headers  # the 503 stored nothing
        assert len(server.get("/v1/accounts/300000000001/readings").json()["readings"]) == 1
    finally:
        admin.dispose()
