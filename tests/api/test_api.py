"""`mailreader serve` as a real process, on SQLite and PostgreSQL: tokens and scopes, 422s naming
the field, idempotency keys, the same statuses as the in-process service, history, export,
health, and the OpenAPI document it serves."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from mailreader import config
from mailreader.api.schemas import SubmissionOut
from mailreader.db import transaction
from mailreader.db.engine import make_engine, session_factory
from mailreader.db.readings_store import SqlReadingsStore
from mailreader.db.schema import upgrade
from mailreader.readings.service import Reading, ReadingsService
from tests.apiserver import ApiServer, cli, import_accounts

ACCOUNTS = ("account,zones,t1,t2,t3,digits,email\n"
            "100000000001,1,1000,,,5,resident@example.ru\n"
            "100000000002,2,1000,500,,,\n"
            "100000000003,3,,,,,\n")
A, B, C = "100000000001", "100000000002", "100000000003"
Serve = Callable[..., ApiServer]


def body(account: str = A, values: dict[str, int] | None = None, *, sender: str | None = None,
         source: str = "sms-1", channel: str = "sms") -> dict[str, Any]:
    return {"account": account, "values": values or {"t1": 1100}, "channel": channel, "source": source,
            "sender": sender}


@pytest.fixture
def server(serve_api: Serve, db_url: str) -> ApiServer:
    s = serve_api(db_url)
    import_accounts(s.config, ACCOUNTS)
    return s


def test_wrong_token_is_401_and_wrong_scope_403(server: ApiServer) -> None:
    for token, headers in ((None, {}), (None, {"Authorization": "Basic dXNlcjpwYXNz"}),
                           ("nobody", {})):
        r = server.post("/v1/submissions", token=token, key="k", json=body(), headers=headers)
        assert r.status_code == 401, r.text
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert 'error="invalid_token"' in server.get(f"/v1/accounts/{A}/readings", token="nobody").headers[
        "WWW-Authenticate"]
    for method, path, token, scope in (("POST", "/v1/submissions", "reader", "submit"),
                                       ("GET", f"/v1/accounts/{A}/readings", "submitter", "read"),
                                       ("GET", "/v1/export?since=0", "reader", "export")):
        r = server.request(method, path, token=token, key="k", json=body())
        assert r.status_code == 403, r.text
        assert f'scope="{scope}"' in r.headers["WWW-Authenticate"]
        assert scope in r.json()["detail"]
    assert server.get(f"/v1/accounts/{A}/readings").json()["readings"] == []  # nothing recorded
    assert server.get("/v1/health", token=None).json() == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize(("change", "where"), [
    ({"account": "12345"}, ["body", "account"]),
    ({"values": {"t4": 1}}, ["body", "values", "t4", "[key]"]),
    ({"values": {"t1": "1234"}}, ["body", "values", "t1"]),
    ({"values": {"t1": 12.5}}, ["body", "values", "t1"]),
    ({"values": {"t1": -1}}, ["body", "values", "t1"]),
    ({"values": {}}, ["body", "values"]),
    ({"channel": "SMS gateway"}, ["body", "channel"]),
    ({"source": "a\u0000b"}, ["body", "source"]),
    ({"source": "x" * 999}, ["body", "source"]),
    ({"surname": "Ivanov"}, ["body", "surname"]),
])
def test_a_bad_body_is_422_naming_the_field(server: ApiServer, change: dict[str, Any],
                                            where: list[str]) -> None:
    r = server.post("/v1/submissions", key="k", json={**body(), **change})
    assert r.status_code == 422, r.text
    assert where in [e["loc"] for e in r.json()["detail"]]


def test_the_idempotency_key_is_required_and_printable_ascii(server: ApiServer) -> None:
    for key in (None, "x" * 201, "tab\tinside"):
        r = server.post("/v1/submissions", key=key, json=body())
        assert r.status_code == 422, r.text
        assert ["header", "Idempotency-Key"] in [e["loc"] for e in r.json()["detail"]]
    assert server.get(f"/v1/accounts/{A}/readings").json()["readings"] == []


def test_a_resubmitted_key_returns_the_first_answer_and_records_once(server: ApiServer,
                                                                     db_url: str) -> None:
    first = server.post("/v1/submissions", key="sms-1", json=body(values={"t1": 1100}))
    assert first.status_code == 200 and first.json()["status"] == "recorded"
    assert "Idempotent-Replayed" not in first.headers
    second = server.post("/v1/submissions", key="sms-2", json=body(values={"t1": 1200}, source="sms-2"))
    assert second.json()["status"] == "updated"
    again = server.post("/v1/submissions", key="sms-1", json=body(values={"t1": 1100}))
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content  # the first answer, though 1100 would now be "updated"
    reused = server.post("/v1/submissions", key="sms-1", json=body(values={"t1": 1300}))
    assert reused.status_code == 422
    assert reused.json()["detail"][0]["type"] == "idempotency_key_reused"
    # Keys are per token: another client's "sms-1" is its own submission.
    other = server.post("/v1/submissions", token="other", key="sms-1", json=body(values={"t1": 1100}))
    assert other.json()["status"] == "updated" and "Idempotent-Replayed" not in other.headers
    history = server.get(f"/v1/accounts/{A}/readings").json()["readings"]
    assert [r["readings"]["t1"] for r in history] == [1100, 1200, 1100]
    # One line per request, naming the outcome; never the account, whether in a body or a path.
    expected = ("POST /v1/submissions status=200 token=all outcome=recorded ms=",
                "token=all outcome=recorded replayed ms=",
                "GET /v1/accounts/{account}/readings status=200 token=all ms=")
    lines = server.log_lines(*expected)
    for needle in expected:
        assert any(needle in x for x in lines), needle
    assert A not in server.log.read_text()
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            # Three submissions from strangers, three counted; the replay and the 422 none.
            assert conn.execute(text("SELECT count(*) FROM stranger_attempts")).scalar_one() == 3
            assert conn.execute(text("SELECT count(*) FROM idempotency_keys")).scalar_one() == 3
    finally:
        engine.dispose()


# (account, values, sender): each judged by the server and by the service in this process.
SCENARIOS: list[tuple[str, dict[str, int], str | None]] = [
    ("999999999999", {"t1": 1}, None),  # unknown_account
    (A, {"t1": 1100}, "resident@example.ru"),  # recorded, consumption shown
    (A, {"t1": 1100}, "Resident@Example.ru"),  # unchanged
    (A, {"t1": 1200}, "resident@example.ru"),  # updated
    (A, {"t1": 900}, "resident@example.ru"),  # lower_than_last (past the 5 digits' rollover limit)
    (A, {"t1": 123456}, "resident@example.ru"),  # too_long for 5 digits
    (A, {"t1": 1000, "t2": 5}, "resident@example.ru"),  # zone_mismatch
    (A, {"t1": 1300}, None),  # registered_in_force
    (B, {"t1": 31000, "t2": 600}, None),  # implausible
    (B, {"t1": 1100, "t2": 600}, None),  # recorded
    (B, {"t1": 1101, "t2": 600}, "someone@example.ru"),  # updated (a stranger's second)
    (B, {"t1": 1102, "t2": 600}, None),  # stranger_limit (refused ones count)
    (C, {"t1": 1, "t2": 2, "t3": 3}, None),  # recorded, no baseline
    (C, {"t1": 1, "t2": 2, "t3": 3_000_000}, None),  # too_long
]


def _in_process(tmp_path: Path, cfg: Path,
                scenarios: list[tuple[str, dict[str, int], str | None]]) -> list[dict[str, Any]]:
    """The same submissions through ReadingsService in this process, on a database of its own."""
    settings = config.load(cfg, {})
    url = f"sqlite:///{tmp_path / 'reference.sqlite3'}"
    reference = cfg.with_name("reference.toml")
    reference.write_text(cfg.read_text().replace(settings.database_url, url))
    engine = make_engine(url)
    upgrade(engine)
    import_accounts(reference, ACCOUNTS)
    got = []
    try:
        for n, (account, values, sender) in enumerate(scenarios):
            with transaction(session_factory(engine)) as s:
                service = ReadingsService(SqlReadingsStore(s), settings.readings, lambda: datetime.now(UTC))
                result = service.submit(account, values, channel="sms", source=f"sms-{n}", sender=sender)
            got.append(SubmissionOut.of(result).model_dump())
    finally:
        engine.dispose()
    return got


def _over_http(server: ApiServer, scenarios: list[tuple[str, dict[str, int], str | None]]) -> list[Any]:
    answers = []
    for n, (account, values, sender) in enumerate(scenarios):
        r = server.post("/v1/submissions", key=f"scenario-{n}",
                        json=body(account, values, sender=sender, source=f"sms-{n}"))
        assert r.status_code == 200, r.text
        answers.append(r.json())
    return answers


def test_statuses_are_the_in_process_services(server: ApiServer, tmp_path: Path) -> None:
    answers = _over_http(server, SCENARIOS)
    assert [a["status"] for a in answers] == [
        "unknown_account", "recorded", "unchanged", "updated", "lower_than_last", "too_long",
        "zone_mismatch", "registered_in_force", "implausible", "recorded", "updated", "stranger_limit",
        "recorded", "too_long"]
    assert answers == _in_process(tmp_path, server.config, SCENARIOS)
    assert answers[1]["consumption"] == {"t1": 100} and answers[1]["registered"] is True
    assert answers[4]["previous"] == {"t1": 1000} and answers[5]["meter_digits"] == 5


def test_outside_the_window_as_the_service_says(serve_api: Serve, db_url: str, tmp_path: Path) -> None:
    today = datetime.now(ZoneInfo("Asia/Krasnoyarsk")).day
    day = 2 if today == 1 else 1
    server = serve_api(db_url, readings={"window_start": day, "window_end": day})
    import_accounts(server.config, ACCOUNTS)
    scenarios: list[tuple[str, dict[str, int], str | None]] = [(A, {"t1": 1100}, None)]
    answers = _over_http(server, scenarios)
    assert answers[0]["status"] == "outside_window" and answers[0]["window_opens"].endswith(f"-{day:02d}")
    assert answers == _in_process(tmp_path, server.config, scenarios)


def test_history(server: ApiServer) -> None:
    for n, t1 in enumerate((1100, 1200, 1300)):
        server.post("/v1/submissions", key=f"k{n}", json=body(values={"t1": t1}, source=f"web-{n}",
                                                               channel="web"))
    got = server.get(f"/v1/accounts/{A}/readings", params={"limit": 2})
    assert got.status_code == 200
    data = got.json()
    assert data["account"] == A and len(data["readings"]) == 2
    newest, older = data["readings"]
    assert newest["readings"] == {"t1": 1300} and newest["superseded"] is False
    assert newest["channel"] == "web" and newest["source"] == "web-2"
    assert older["readings"] == {"t1": 1200} and older["superseded"] is True
    assert datetime.fromisoformat(older["superseded_at"]) >= datetime.fromisoformat(older["recorded_at"])
    assert server.get("/v1/accounts/999999999999/readings").status_code == 404
    assert server.get("/v1/accounts/12345/readings").status_code == 422
    assert server.get(f"/v1/accounts/{A}/readings", params={"limit": 0}).status_code == 422


def test_export_streams_the_clis_rows_and_ends_with_the_cursor(server: ApiServer) -> None:
    for n, (account, values) in enumerate(((A, {"t1": 1100}), (B, {"t1": 1100, "t2": 600}),
                                           (A, {"t1": 1150}), (C, {"t1": 1, "t2": 2, "t3": 3}))):
        server.post("/v1/submissions", key=f"k{n}", json=body(account, values, source=f"<{n}@письмо.рф>"))
    period = datetime.now(ZoneInfo("Asia/Krasnoyarsk")).strftime("%Y-%m")
    for query, args in (({"period": period}, ["--period", period]),
                        ({"since": 0, "format": "jsonl"}, ["--since", "0", "--format", "jsonl"]),
                        ({"since": 2, "delimiter": ";"}, ["--since", "2", "--delimiter", ";"])):
        r = server.get("/v1/export", params=query)
        assert r.status_code == 200, r.text
        done = cli(server.config, "readings", "export", *args)
        assert done.returncode == 0, done.stderr
        cursor = done.stderr.decode().splitlines()[-1].removeprefix("cursor ")
        trailer = (json.dumps({"cursor": int(cursor)}) + "\n" if query.get("format") == "jsonl"
                   else f"#cursor{query.get('delimiter', ',')}{cursor}\r\n")
        assert r.content == done.stdout + trailer.encode()
    lines = server.get("/v1/export", params={"since": 0, "format": "jsonl"}).text.splitlines()
    assert len(lines) == 5 and json.loads(lines[2])["status"] == "updated"
    end = json.loads(lines[-1])["cursor"]
    assert server.get("/v1/export", params={"since": end, "format": "jsonl"}).text == f'{{"cursor": {end}}}\n'
    cp = server.get("/v1/export", params={"period": period, "encoding": "cp1251", "delimiter": ";"})
    assert cp.headers["content-type"] == "text/csv; charset=cp1251"
    assert "<0@письмо.рф>" not in cp.text and "письмо".encode("cp1251") in cp.content
    for bad, field in (({}, "period"), ({"period": period, "since": 0}, "period"),
                       ({"period": "2026-13"}, "period"), ({"since": -1}, "since"),
                       ({"since": 0, "format": "xml"}, "format"),
                       ({"since": 0, "encoding": "nope"}, "encoding"),
                       ({"since": 0, "encoding": "utf-16"}, "encoding")):
        r = server.get("/v1/export", params=bad)
        assert r.status_code == 422, (bad, r.text)
        assert ["query", field] in [e["loc"] for e in r.json()["detail"]]



def test_a_body_over_64_kib_is_413_before_it_is_read_whole(server: ApiServer) -> None:
    big = json.dumps({**body(), "source": "x" * 70_000}).encode()
    assert server.post("/v1/submissions", key="k", content=big,
                       headers={"Content-Type": "application/json"}).status_code == 413
    chunks = (big[i:i + 8192] for i in range(0, len(big), 8192))  # no Content-Length: counted
    r = server.post("/v1/submissions", key="k", content=chunks, headers={"Content-Type": "application/json"})
    assert r.status_code == 413, r.text
    assert server.post("/v1/submissions", token=None, content=big).status_code == 413
    assert server.get(f"/v1/accounts/{A}/readings").json()["readings"] == []


def test_a_large_export_streams_in_many_chunks_the_clis_bytes(server: ApiServer, db_url: str) -> None:
    import_accounts(server.config, "account,zones\n" + "".join(f"4000{n:08d},2\n" for n in range(3000)))
    engine = make_engine(db_url)
    at = datetime.now(UTC)
    try:
        with transaction(session_factory(engine)) as s:
            store = SqlReadingsStore(s)
            for n in range(3000):
                store.record(f"4000{n:08d}", Reading(at.strftime("%Y-%m"), (("t1", n), ("t2", 7)), "web",
                                                      f"web-{n}", at))
    finally:
        engine.dispose()
    with server.client.stream("GET", f"{server.url}/v1/export", params={"since": 0},
                              headers={"Authorization": "Bearer token-exporter"}) as r:
        assert r.status_code == 200
        chunks = list(r.iter_raw())
    got = b"".join(chunks)
    assert len(got) > 3 * 64 * 1024 and len(chunks) >= 3  # sent as it was read, chunk by chunk
    done = cli(server.config, "readings", "export", "--since", "0")
    assert got == done.stdout + b"#cursor,6000\r\n"
