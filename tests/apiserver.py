"""`mailreader serve` as a real process on a free port, for the API tests (and for a daemon
submitting to it): a config file, a tokens file, the subprocess, a wait for /v1/health.

    server = serve_api(db_url)                  # fixture: a factory; stopped after the test
    server.post("/v1/submissions", token="all", key="k1", json={...})
    server.kill(); server.start()               # SIGKILL and the same again
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from mailreader.api.tokens import stanza
from mailreader.db.engine import make_engine
from mailreader.db.schema import upgrade

ROOT = Path(__file__).resolve().parents[1]
#: name -> scopes of the tokens every server gets; the token of NAME is "token-NAME".
TOKENS = {"all": ["submit", "read", "export"], "submitter": ["submit"], "reader": ["read"],
          "exporter": ["export"], "other": ["submit", "read"]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_config(tmp: Path, db_url: str, port: int, **sections: dict[str, Any]) -> Path:
    """A config for the daemon and `serve` alike; readings accepted any day unless told."""
    tokens = tmp / "api-tokens.toml"
    tokens.write_text("".join(stanza(name, scopes, f"token-{name}") for name, scopes in TOKENS.items()))
    data: dict[str, dict[str, Any]] = {
        "imap": {"user": "energy@mail.test"}, "smtp": {"from": "E <energy@mail.test>"},
        "database": {"url": db_url}, "readings": {"window_start": 1, "window_end": 31},
        "api": {"listen": f"127.0.0.1:{port}", "tokens_file": str(tokens)},
    }
    for name, values in sections.items():
        data.setdefault(name, {}).update(values)
    path = tmp / f"mailreader-{uuid.uuid4().hex[:6]}.toml"
    path.write_text("".join(f"[{s}]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in vals.items())
                            for s, vals in data.items()), encoding="utf-8")
    return path


def cli(config: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    """`mailreader --config CONFIG ARGS...` in a process of its own; its output as bytes."""
    return subprocess.run([sys.executable, "-m", "mailreader", "--config", str(config), *args], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                          timeout=timeout, check=False)


def import_accounts(config: Path, csv_text: str) -> None:
    """`mailreader accounts import` of CSV_TEXT (in this process: it is not what is tested)."""
    from click.testing import CliRunner

    from mailreader.cli import cli as command

    path = config.with_name(f"accounts-{uuid.uuid4().hex[:6]}.csv")
    path.write_text(csv_text, encoding="utf-8")
    result = CliRunner().invoke(command, ["--config", str(config), "accounts", "import", str(path)])
    assert result.exit_code == 0, result.output


@dataclass
class ApiServer:
    config: Path
    port: int
    log: Path
    proc: subprocess.Popen[bytes] | None = None
    client: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> None:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "mailreader", "--config", str(self.config), "serve"], cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"serve exited {self.proc.returncode}: {self.log.read_text()[-2000:]}")
            try:
                if self.client.get(f"{self.url}/v1/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"serve did not answer within {timeout}s: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        """SIGKILL: no shutdown of any kind."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> int:
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.terminate()
        return self.proc.wait(30)

    def request(self, method: str, path: str, *, token: str | None = "all", key: str | None = None,
                **kw: Any) -> httpx.Response:
        headers = dict(kw.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"Bearer token-{token}"
        if key is not None:
            headers["Idempotency-Key"] = key
        return self.client.request(method, f"{self.url}{path}", headers=headers, **kw)

    def log_lines(self, *needles: str, timeout: float = 10) -> list[str]:
        """The API's log lines once every needle stands in one of them: the server writes a
        request's line after it has sent the response, so the client may read the log first."""
        deadline = time.monotonic() + timeout
        while True:
            lines = [x for x in self.log.read_text().splitlines() if "mailreader.api: " in x]
            missing = [n for n in needles if not any(n in x for x in lines)]
            if not missing or time.monotonic() > deadline:
                return lines
            time.sleep(0.05)

    def post(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("POST", path, **kw)

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("GET", path, **kw)


@pytest.fixture
def serve_api(tmp_path: Path) -> Iterator[Callable[..., ApiServer]]:
    """A factory: serve_api(db_url, **config sections) -> a started ApiServer."""
    servers: list[ApiServer] = []

    def make(db_url: str, *, start: bool = True, **sections: dict[str, Any]) -> ApiServer:
        engine = make_engine(db_url)
        upgrade(engine)  # what `mailreader db upgrade` does (PostgreSQL is never migrated implicitly)
        engine.dispose()
        port = free_port()
        server = ApiServer(write_config(tmp_path, db_url, port, **sections), port,
                           tmp_path / f"serve-{port}.log")
        servers.append(server)
        if start:
            server.start()
        return server

    yield make
    for server in servers:
        server.stop()
        server.client.close()
