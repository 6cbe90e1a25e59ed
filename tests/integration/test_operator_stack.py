"""`check-config` and `run` against the live stack as an operator meets them: credentials are
proved by logging in, a refused login stops with exit 78 and one line before READY=1, and
checking creates nothing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mailreader.cli import cli
from mailreader.cli import commands as _commands  # noqa: F401  (registers the commands)
from tests.integration.helpers import ENERGY, _toml

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def _config(stack: Any, root: Path, *, imap_password: str = "energy", smtp_password: str = "energy",
            **extra: dict[str, Any]) -> Path:
    (root / "imap-password").write_text(imap_password + "\n")
    (root / "smtp-password").write_text(smtp_password + "\n")
    data: dict[str, dict[str, Any]] = {
        "imap": {"port": stack.imap_port, "user": ENERGY, "password_file": str(root / "imap-password"),
                 "timeout": 10},
        "smtp": {"port": stack.submission_port, "security": "starttls", "ca_file": str(stack.ca_file),
                 "user": ENERGY, "password_file": str(root / "smtp-password"), "from": ENERGY, "timeout": 10},
        "daemon": {"state_dir": str(root / "state")},
    }
    for name, values in extra.items():
        data.setdefault(name, {}).update(values)
    path = root / "config.toml"
    path.write_text(_toml(data), encoding="utf-8")
    return path


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def test_check_config_logs_in_and_creates_nothing(mailstack: Any, tmp_path: Path) -> None:
    cfg = _config(mailstack, tmp_path)
    before = _files(tmp_path)
    result = CliRunner().invoke(cli, ["--config", str(cfg), "check-config"])
    assert result.exit_code == 0, result.output
    assert "imap energy@mail.test@127.0.0.1" in result.output and "logged in" in result.output
    assert "(created and migrated at the first start)" in result.output
    assert _files(tmp_path) == before
    # With the database there: reached, not changed.
    assert CliRunner().invoke(cli, ["--config", str(cfg), "db", "upgrade"]).exit_code == 0
    before = _files(tmp_path)
    result = CliRunner().invoke(cli, ["--config", str(cfg), "check-config"])
    assert result.exit_code == 0 and "reachable, schema up to date" in result.output, result.output
    assert _files(tmp_path) == before


@pytest.mark.parametrize(("which", "key"), [("imap", "imap.user"), ("smtp", "smtp.user")])
def test_check_config_fails_78_on_a_wrong_password(mailstack: Any, tmp_path: Path, which: str,
                                                   key: str) -> None:
    cfg = _config(mailstack, tmp_path, **{f"{which}_password": "wrong"})
    result = CliRunner().invoke(cli, ["--config", str(cfg), "check-config"])
    assert result.exit_code == 78, result.output
    assert result.output.startswith(f"mailreader: config error: {key}: login refused by 127.0.0.1")
    assert len(result.output.strip().splitlines()) == 1 and "wrong" not in result.output


def test_check_config_fails_75_on_a_server_that_does_not_answer(mailstack: Any, tmp_path: Path) -> None:
    cfg = _config(mailstack, tmp_path, imap={"port": 1})
    result = CliRunner().invoke(cli, ["--config", str(cfg), "check-config"])
    assert result.exit_code == 75, result.output
    assert result.output.startswith("mailreader: unavailable, try again later: IMAP 127.0.0.1:1")


def _run(cfg: Path, notify: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NOTIFY_SOCKET": notify, "WATCHDOG_USEC": "2000000"}
    return subprocess.run([sys.executable, "-m", "mailreader", "--config", str(cfg), "run"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture
def notify(tmp_path: Path) -> Any:
    path = f"/tmp/mr-notify-{os.getpid()}-{tmp_path.name[-8:]}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.setblocking(False)
    yield sock, path
    sock.close()
    os.unlink(path)


def _notified(sock: socket.socket) -> list[str]:
    got: list[str] = []
    while True:
        try:
            got += sock.recv(4096).decode().splitlines()
        except BlockingIOError:
            return got


@pytest.mark.parametrize(("which", "key"), [("imap", "imap.user"), ("smtp", "smtp.user")])
def test_run_stops_78_before_ready_on_a_refused_login(mailstack: Any, tmp_path: Path, notify: Any,
                                                      which: str, key: str) -> None:
    sock, path = notify
    cfg = _config(mailstack, tmp_path, **{f"{which}_password": "wrong"})
    proc = _run(cfg, path)
    assert proc.returncode == 78, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"mailreader: config error: {key}: login refused"), lines
    assert "READY=1" not in _notified(sock)


def test_run_stops_78_on_a_taken_metrics_port(mailstack: Any, tmp_path: Path, notify: Any) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        cfg = _config(mailstack, tmp_path, metrics={"listen": f"127.0.0.1:{port}"})
        proc = _run(cfg, notify[1])
    assert proc.returncode == 78, proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"mailreader: config error: metrics.listen: cannot listen on 127.0.0.1:{port}: "
        "Address already in use"]
    assert "READY=1" not in _notified(notify[0])


def test_run_as_the_unit_starts_it_reads_credentials_and_the_state_directory(
        mailstack: Any, tmp_path: Path, notify: Any) -> None:
    # What the unit gives the process: no --config (MAILREADER_CONFIG stands in for the default
    # /etc/mailreader/config.toml), $STATE_DIRECTORY, and $CREDENTIALS_DIRECTORY holding a copy
    # of each file LoadCredential= names; the config names the files themselves, which this
    # process (like the dynamic user) cannot read.
    import time

    sock, path = notify
    cfg = _config(mailstack, tmp_path)
    text = cfg.read_text().replace(str(tmp_path / "imap-password"), "/nonexistent/mailreader/imap-password")
    text = text.replace(str(tmp_path / "smtp-password"), "/nonexistent/mailreader/smtp-password")
    cfg.write_text(text.replace(f'state_dir = "{tmp_path / "state"}"\n', ""))
    creds, state = tmp_path / "credentials", tmp_path / "var-lib-mailreader"
    creds.mkdir()
    state.mkdir()
    for name in ("imap-password", "smtp-password"):
        (creds / name).write_text("energy\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NOTIFY_SOCKET": path, "MAILREADER_CONFIG": str(cfg),
           "STATE_DIRECTORY": str(state), "CREDENTIALS_DIRECTORY": str(creds)}
    env.pop("MAILREADER_STATE_DIR", None)
    proc = subprocess.Popen([sys.executable, "-m", "mailreader", "run"], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        got: list[str] = []
        deadline = time.monotonic() + 30
        while "READY=1" not in got and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
            got += _notified(sock)
        assert "READY=1" in got, got
        proc.send_signal(15)
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        err = proc.communicate()[1]
    assert "Traceback" not in err, err
    assert (state / "mailreader.sqlite3").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["config.toml", "credentials", "imap-password", "smtp-password", "var-lib-mailreader"])
