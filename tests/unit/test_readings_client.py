"""The remote readings backend's client: the wire contract, and every failure translated
into what happens next (retry later, our configuration, set the mail aside)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from mailreader.config import RemoteReadingsSettings
from mailreader.errors import (
    ReadingsServiceRefused,
    ReadingsServiceUnavailable,
    RetryLater,
    SubmissionRejected,
)
from mailreader.readings.client import ReadingsClient, result_from_json, result_to_json
from mailreader.readings.service import SubmitResult

BODY = {"account": "121000000000", "values": {"t1": 7310}, "channel": "email", "source": "<m1@x>",
        "sender": "ivan@example.org"}
ANSWER = {"account": "121000000000", "status": "recorded", "values": {"t1": 7310},
          "consumption": {"t1": 310}, "period": "2026-11", "meter_zones": 1, "window_opens": None,
          "registered": True, "previous": {}, "meter_digits": None}


@pytest.fixture
def token_file(tmp_path: Path) -> Path:
    path = tmp_path / "token"
    path.write_text("  s3cret\n", encoding="utf-8")
    return path


def client_with(handler: Callable[[httpx.Request], httpx.Response], token_file: Path,
                url: str = "http://readings.test/base/") -> ReadingsClient:
    settings = RemoteReadingsSettings(url=url, token_file=str(token_file), timeout=2.0)
    return ReadingsClient(settings, transport=httpx.MockTransport(handler), env={})


def test_a_submission_goes_with_its_token_and_key_and_the_answer_is_read(token_file: Path) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=ANSWER)

    answer = client_with(handler, token_file).submit(BODY, "mr1-abc")
    (request,) = seen
    assert request.method == "POST" and str(request.url) == "http://readings.test/base/v1/submissions"
    assert request.headers["Authorization"] == "Bearer s3cret"  # stripped
    assert request.headers["Idempotency-Key"] == "mr1-abc"
    assert json.loads(request.content) == BODY
    assert answer.result == SubmitResult("121000000000", "recorded", (("t1", 7310),), (("t1", 310),),
                                         "2026-11", 1, None, True, (), None)
    assert answer.replayed is False and answer.body == ANSWER


def test_a_replayed_key_is_told_apart(token_file: Path) -> None:
    client = client_with(lambda r: httpx.Response(200, json=ANSWER, headers={"Idempotent-Replayed": "true"}),
                         token_file)
    assert client.submit(BODY, "k").replayed is True


@pytest.mark.parametrize(("code", "error", "words"), [
    (401, ReadingsServiceRefused, "readings.token_file: the token was not accepted"),
    (403, ReadingsServiceRefused, "may not submit"),
    (404, ReadingsServiceRefused, "readings.url"),
    (422, SubmissionRejected, "values.t1"),
    (400, SubmissionRejected, "(400)"),
    (500, ReadingsServiceUnavailable, "HTTP 500"),
    (503, ReadingsServiceUnavailable, "HTTP 503"),
    (429, ReadingsServiceUnavailable, "HTTP 429"),
    (409, ReadingsServiceUnavailable, "HTTP 409"),
])
def test_each_status_is_what_happens_next(token_file: Path, code: int, error: type[Exception],
                                          words: str) -> None:
    client = client_with(lambda r: httpx.Response(code, json={"detail": "values.t1: not an integer"}),
                         token_file)
    with pytest.raises(error) as got:
        client.submit(BODY, "k")
    assert words in str(got.value)
    # Only the service being down is retried as such; our configuration is not.
    assert isinstance(got.value, RetryLater) == (error is ReadingsServiceUnavailable)


@pytest.mark.parametrize("answer", [
    b"<html>proxy error page</html>",
    json.dumps({**ANSWER, "account": "121000000001"}).encode(),  # another account's answer
    json.dumps({**ANSWER, "values": {"t1": "7310"}}).encode(),
    json.dumps({**ANSWER, "values": {"t9": 1}}).encode(),
    json.dumps({k: v for k, v in ANSWER.items() if k != "registered"}).encode(),
    json.dumps({**ANSWER, "registered": "yes"}).encode(),
    json.dumps({**ANSWER, "meter_zones": True}).encode(),
    json.dumps([ANSWER]).encode(),
])
def test_an_answer_that_does_not_fit_is_refused_not_half_read(token_file: Path, answer: bytes) -> None:
    client = client_with(lambda r: httpx.Response(200, content=answer), token_file)
    with pytest.raises(ReadingsServiceRefused):
        client.submit(BODY, "k")


def test_the_wire_form_round_trips() -> None:
    result = SubmitResult("121000000000", "lower_than_last", (("t1", 10), ("t2", 20)), None, "2026-11", 2,
                          None, True, (("t2", 25),), 5)
    assert result_from_json(json.loads(json.dumps(result_to_json(result)))) == result
    assert set(result_to_json(result)) == set(ANSWER)


def test_the_token_file_is_read_again_when_it_changes(token_file: Path) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["Authorization"])
        return httpx.Response(200, json=ANSWER)

    client = client_with(handler, token_file)
    client.submit(BODY, "k1")
    token_file.write_text("rotated\n", encoding="utf-8")
    stat = token_file.stat()
    os.utime(token_file, (stat.st_atime, stat.st_mtime + 5))  # a new mtime, however fast the test
    client.submit(BODY, "k2")
    assert seen == ["Bearer s3cret", "Bearer rotated"]


def test_an_empty_or_missing_token_file_is_a_refusal_naming_the_key(token_file: Path) -> None:
    token_file.write_text("\n", encoding="utf-8")
    client = client_with(lambda r: httpx.Response(200, json=ANSWER), token_file)
    with pytest.raises(ReadingsServiceRefused, match=r"readings\.token_file"):
        client.submit(BODY, "k")
    token_file.unlink()
    with pytest.raises(ReadingsServiceRefused, match=r"readings\.token_file"):
        client.submit(BODY, "k")


# A stand-in service on a real socket: the contract's replay, and what no answer looks like.


class _StandIn(BaseHTTPRequestHandler):
    answers: dict[str, bytes]
    delay: float = 0.0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(self.delay)
        key = self.headers["Idempotency-Key"]
        replayed = key in self.answers
        if not replayed:
            sent = json.loads(body)
            self.answers[key] = json.dumps({**ANSWER, "values": sent["values"]}).encode()
        # The client may have given up waiting (the timeout test): its socket is gone.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            if replayed:
                self.send_header("Idempotent-Replayed", "true")
            self.end_headers()
            self.wfile.write(self.answers[key])

    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b'{"status": "ok"}')

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def stand_in() -> Iterator[tuple[str, type[_StandIn]]]:
    handler = type("Handler", (_StandIn,), {"answers": {}, "delay": 0.0})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


def test_over_a_socket_the_same_key_gets_the_first_answer(stand_in: tuple[str, type[_StandIn]],
                                                          token_file: Path) -> None:
    url, _ = stand_in
    client = ReadingsClient(RemoteReadingsSettings(url, str(token_file), 2.0), env={})
    first = client.submit(BODY, "k1")
    again = client.submit({**BODY, "values": {"t1": 9999}}, "k1")
    assert (first.replayed, again.replayed) == (False, True)
    assert again.result == first.result and dict(first.result.values) == {"t1": 7310}
    assert "ok" in client.health()
    client.close()


def test_no_answer_in_time_is_retry_later(stand_in: tuple[str, type[_StandIn]], token_file: Path) -> None:
    url, handler = stand_in
    handler.delay = 1.5
    client = ReadingsClient(RemoteReadingsSettings(url, str(token_file), 0.3), env={})
    with pytest.raises(ReadingsServiceUnavailable, match="timed out"):
        client.submit(BODY, "k1")
    client.close()


def test_nobody_listening_is_retry_later(token_file: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    client = ReadingsClient(RemoteReadingsSettings(f"http://127.0.0.1:{port}", str(token_file), 2.0), env={})
    with pytest.raises(ReadingsServiceUnavailable):
        client.submit(BODY, "k1")
    with pytest.raises(ReadingsServiceUnavailable):
        client.health()
    client.close()
