"""`mailreader run` as systemd runs it: notify protocol, watchdog, IDLE, metrics, SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from mailreader.db.models import Lease
from tests.integration.helpers import ENERGY, Daemon, make_daemon, resident_mail

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def notify_socket(tmp_path: Path) -> Iterator[tuple[socket.socket, str]]:
    path = f"/tmp/mr-notify-{os.getpid()}-{tmp_path.name[-6:]}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(0.5)
    yield sock, path
    sock.close()
    os.unlink(path)


def _messages(sock: socket.socket, until: str, timeout: float) -> list[str]:
    got: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            got += sock.recv(4096).decode().splitlines()
        except TimeoutError:
            continue
        if any(line.startswith(until) for line in got):
            return got
    raise AssertionError(f"no {until} within {timeout}s; got {got}")


def test_run_notifies_systemd_reacts_to_idle_and_stops_on_sigterm(
    mailstack: Any, energy: Any, db_url: str, tmp_path: Path, resident: str,
    notify_socket: tuple[socket.socket, str],
) -> None:
    sock, path = notify_socket
    port = _free_port()
    d = make_daemon(mailstack, db_url, tmp_path, schedule={"poll_interval": 300}, imap={"idle": "on"},
                    metrics={"listen": f"127.0.0.1:{port}"}, readings={"window_start": 1, "window_end": 31})
    d.import_accounts(tmp_path, "account,zones,t1\n121000000000,1,100\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NOTIFY_SOCKET": path, "WATCHDOG_USEC": "2000000"}
    proc = subprocess.Popen([sys.executable, "-m", "mailreader", "--config", str(d.config_path), "run"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        first = _messages(sock, "READY=1", 20)
        assert any(line.startswith("STATUS=last cycle") for line in first)
        assert "WATCHDOG=1" in _messages(sock, "WATCHDOG=1", 5)
        # A new mail is answered long before the 300 s poll interval: IDLE pushed it.
        time.sleep(1.0)  # let the watcher enter IDLE
        sent_at = time.monotonic()
        mailstack.send(resident_mail(resident, "121000000000*0563"), mail_from=resident, rcpt_to=[ENERGY])
        mailstack.wait_for(resident, 1, timeout=15)
        assert time.monotonic() - sent_at < 10
        # The reply leaves within the cycle; the cycle's metrics are published when it ends.
        wanted = 'mailreader_messages_total{outcome="recorded",reason="none"} 1.0'
        for _ in range(50):
            metrics = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
            if wanted in metrics:
                break
            time.sleep(0.1)
        assert wanted in metrics
        assert "mailreader_last_success_timestamp_seconds" in metrics
        assert _leases(d) == 1  # the running daemon holds the mailbox
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(30)
        assert code == 0, proc.stderr.read().decode()[-3000:] if proc.stderr else code
        assert "STOPPING=1" in _messages(sock, "STOPPING=1", 5)
        assert _leases(d) == 0  # given up on the way out: another instance takes over at once
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        assert proc.stderr is not None
        proc.stderr.close()
        d.engine.dispose()


def _leases(d: Daemon) -> int:
    with d.engine.connect() as c:
        return int(c.execute(select(func.count()).select_from(Lease)).scalar_one())


def test_run_exits_78_on_a_bad_config(tmp_path: Path) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text('[imap]\nuser = "e@x"\nsecurity = "ssl"\n[smtp]\nfrom = "e@x"\n')
    proc = subprocess.run([sys.executable, "-m", "mailreader", "--config", str(cfg), "run"], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 78
    assert proc.stderr.strip().splitlines() == [
        "mailreader: config error: imap.security: must be one of tls, starttls, none, got 'ssl'"]
