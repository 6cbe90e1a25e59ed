"""The courier process of `mailreader run`, against the real Dovecot + Postfix: replies
leave from it, it stops with the daemon, dies with it when the daemon is killed (no orphan
sending beside the successor), is replaced when it dies alone, and reports SMTP outages
back to the poller's cycle report."""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from mailreader import config
from mailreader.courier.process import Courier
from mailreader.daemon.cycle import poll_once
from mailreader.db.models import Outbox
from mailreader.ops.report import CycleReport
from tests.integration.helpers import ENERGY, Daemon, make_daemon, resident_mail, text_of

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def _start(d: Daemon, *, session: bool = False) -> subprocess.Popen[bytes]:
    # stderr to a file, not a pipe: a courier that outlives the test must not keep the
    # test waiting for the end of a pipe it holds open.
    log = d.config_path.with_suffix(f".{time.monotonic_ns()}.log")
    with log.open("wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "mailreader", "--config", str(d.config_path), "run"],
                                cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                stdout=subprocess.DEVNULL, stderr=err, start_new_session=session)
    proc.log = log  # type: ignore[attr-defined]
    return proc


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(c) for c in text.split()]


def _courier_of(pid: int, timeout: float = 20.0) -> int:
    """The daemon's courier: its child running `python -m mailreader.courier.process`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in _children(pid):
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"mailreader.courier.process" in cmdline:
                return child
        time.sleep(0.05)
    raise AssertionError(f"daemon {pid} started no courier within {timeout} s")


def _gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state == "Z":  # exited; only its parent (this test's reaper, or init) must reap it
            return True
        time.sleep(0.05)
    return False


def _sent(d: Daemon) -> int:
    with d.engine.connect() as c:
        return int(c.execute(select(func.count()).select_from(Outbox).where(Outbox.state == "sent"))
                   .scalar_one())


def _wait_sent(d: Daemon, n: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while _sent(d) < n:
        assert time.monotonic() < deadline, f"{_sent(d)} of {n} replies sent after {timeout} s"
        time.sleep(0.05)


def _stop(proc: subprocess.Popen[bytes]) -> str:
    """Stop the daemon (if still running) and kill whatever courier it left; its log."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
    for pid in _couriers_left_by(proc):
        os.kill(pid, signal.SIGKILL)
    return str(proc.log.read_text(errors="replace"))  # type: ignore[attr-defined]


def _couriers_left_by(proc: subprocess.Popen[bytes]) -> list[int]:
    """Couriers the daemon left: its own children, or orphans."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            ppid = (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
        except OSError:
            continue
        if b"mailreader.courier.process" in cmdline and int(ppid) in (proc.pid, 1):
            found.append(int(entry.name))
    return found


def _one_account_daemon(mailstack: Any, db_url: str, tmp_path: Path) -> Daemon:
    """Polling every second, readings accepted any day, account 121000000000 known."""
    d = make_daemon(mailstack, db_url, tmp_path, schedule={"poll_interval": 1},
                    readings={"window_start": 1, "window_end": 31})
    d.import_accounts(tmp_path, "account,zones,t1\n121000000000,1,100\n")
    return d


def test_replies_leave_from_the_courier_which_stops_with_the_daemon(
    mailstack: Any, energy: Any, db_url: str, tmp_path: Path, resident: str,
) -> None:
    d = _one_account_daemon(mailstack, db_url, tmp_path)
    proc = _start(d)
    try:
        courier = _courier_of(proc.pid)
        assert courier != proc.pid
        mailstack.send(resident_mail(resident, "121000000000*0563"), mail_from=resident, rcpt_to=[ENERGY])
        got = mailstack.wait_for(resident, 1, timeout=20)
        assert "563" in text_of(got[0])
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(40) == 0
        assert _gone(courier, 5), "the courier outlived a stopped daemon"
    finally:
        err = _stop(proc)
        d.engine.dispose()
    assert "courier stopped" in err, err[-3000:]
    assert len(mailstack.fetch_all(resident)) == 1


def test_a_killed_daemon_takes_its_courier_along_and_the_successor_finishes(
    mailstack: Any, energy: Any, db_url: str, tmp_path: Path,
) -> None:
    # Replies to outside addresses are filed in the stack's sink mailbox: one per sender.
    tag = uuid.uuid4().hex[:8]
    senders = [f"k{i}-{tag}@outside.test" for i in range(30)]
    d = make_daemon(mailstack, db_url, tmp_path, schedule={"poll_interval": 1}, imap={"batch_size": 5},
                    readings={"window_start": 1, "window_end": 31})
    d.import_accounts(tmp_path, "account,zones,t1\n" + "".join(f"1210000000{i:02d},1,100\n"
                                                               for i in range(30)))
    for i, who in enumerate(senders):
        mailstack.send(resident_mail(who, f"1210000000{i:02d}*0{200 + i}"), mail_from=who, rcpt_to=[ENERGY])
    mailstack.wait_for(ENERGY, 30)
    first = _start(d)
    courier = _courier_of(first.pid)
    try:
        _wait_sent(d, 3, timeout=60)
        first.kill()
        first.wait(10)
        # PR_SET_PDEATHSIG: the courier is told at once, finishes the reply in hand, leaves.
        assert _gone(courier, 10), "the courier outlived its killed daemon"
    finally:
        _stop(first)
    second = _start(d)
    try:
        _wait_sent(d, 30, timeout=120)
    finally:
        _stop(second)
        d.engine.dispose()
    time.sleep(1.0)  # a doubled reply would still be in Postfix's queue
    replies = [m for m in mailstack.fetch_all(mailstack.sink) if tag.encode() in m]
    per_sender = Counter(str(message_from_bytes(m)["To"]) for m in replies)
    ids = {str(message_from_bytes(m)["Message-ID"]) for m in replies}
    assert sorted(per_sender) == sorted(senders), per_sender
    # A reply can only go twice if it was accepted and the kill came before "sent" was
    # committed; then it is the same mail (same Message-ID), and only that one.
    assert len(ids) == 30
    assert sum(per_sender.values()) - 30 <= 1, per_sender


def test_a_courier_that_dies_alone_is_replaced(
    mailstack: Any, energy: Any, db_url: str, tmp_path: Path, resident: str,
) -> None:
    d = _one_account_daemon(mailstack, db_url, tmp_path)
    proc = _start(d)
    try:
        courier = _courier_of(proc.pid)
        os.kill(courier, signal.SIGKILL)
        assert _gone(courier, 5)
        mailstack.send(resident_mail(resident, "121000000000*0563"), mail_from=resident, rcpt_to=[ENERGY])
        mailstack.wait_for(resident, 1, timeout=30)
        assert _courier_of(proc.pid) != courier
    finally:
        err = _stop(proc)
        d.engine.dispose()
    assert f"courier pid={courier} exited" in err, err[-3000:]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_refused_smtp_login_is_reported_and_the_courier_stays(
    mailstack: Any, energy: Any, db_url: str, tmp_path: Path, resident: str,
) -> None:
    # The submission port (STARTTLS, then SASL checked by Dovecot) with a wrong password.
    d = make_daemon(mailstack, db_url, tmp_path, readings={"window_start": 1, "window_end": 31},
                    smtp={"port": mailstack.submission_port, "security": "starttls",
                          "ca_file": str(mailstack.ca_file), "user": ENERGY, "password": "wrong"})
    d.import_accounts(tmp_path, "account,zones,t1\n121000000000,1,100\n")
    mailstack.send(resident_mail(resident, "121000000000*0563"), mail_from=resident, rcpt_to=[ENERGY])
    mailstack.wait_for(ENERGY, 1)
    courier = Courier(config.load(d.config_path, {}), retry_every=0.2)
    courier.start()
    d.deps = dataclasses.replace(d.deps, courier=courier)
    try:
        assert poll_once(d.deps).outcomes["recorded"] == 1
        report = CycleReport()
        deadline = time.monotonic() + 30
        while not report.smtp_error and time.monotonic() < deadline:
            time.sleep(0.2)
            courier.collect(report)
        assert report.smtp_error is not None and report.smtp_error.startswith("config error: smtp.user")
        time.sleep(2.0)  # ten retry periods: the courier pauses instead of failing again
        later = CycleReport()
        courier.collect(later)
        assert later.errors == []
        assert courier.pid is not None and Path(f"/proc/{courier.pid}").exists()  # still running
        with d.engine.connect() as c:
            state = c.execute(select(Outbox.state)).scalar_one()
    finally:
        courier.stop()
        d.engine.dispose()
    assert state == "queued"


def test_an_smtp_outage_in_the_courier_reaches_the_cycle_report(
    mailstack: Any, energy: Any, db_url: str, tmp_path: Path, resident: str,
) -> None:
    port = _closed_port()
    d = make_daemon(mailstack, db_url, tmp_path, smtp={"port": port},
                    readings={"window_start": 1, "window_end": 31})
    d.import_accounts(tmp_path, "account,zones,t1\n121000000000,1,100\n")
    mailstack.send(resident_mail(resident, "121000000000*0563"), mail_from=resident, rcpt_to=[ENERGY])
    mailstack.wait_for(ENERGY, 1)
    courier = Courier(config.load(d.config_path, {}), retry_every=0.2)
    courier.start()
    d.deps = dataclasses.replace(d.deps, courier=courier)
    try:
        first = poll_once(d.deps)
        assert first.outcomes["recorded"] == 1
        report = CycleReport()
        deadline = time.monotonic() + 30
        while not report.smtp_error and time.monotonic() < deadline:
            time.sleep(0.2)
            courier.collect(report)
        assert report.smtp_error is not None and f"127.0.0.1:{port}" in report.smtp_error, report
        assert report.errors == [report.smtp_error] and report.replies_sent == 0
        assert report.replies_deferred >= 1
        with d.engine.connect() as c:
            row = c.execute(select(Outbox.state, Outbox.attempts, Outbox.last_error)).one()
    finally:
        courier.stop()
        d.engine.dispose()
    assert row.state == "queued" and row.attempts >= 1 and f"127.0.0.1:{port}" in row.last_error


def test_an_idle_courier_leaves_on_sigterm_and_with_a_killed_daemon(
    mailstack: Any, energy: Any, db_url: str, tmp_path: Path,
) -> None:
    # Idle, the courier waits for a command: a signal must still stop it.
    d = make_daemon(mailstack, db_url, tmp_path, schedule={"poll_interval": 1})
    proc = _start(d)
    try:
        first = _courier_of(proc.pid)
        time.sleep(1.5)
        os.kill(first, signal.SIGTERM)
        assert _gone(first, 5), "an idle courier ignored SIGTERM"
        second = _courier_of(proc.pid, timeout=20)  # the next cycle starts another
        assert second != first
        time.sleep(1.5)
        proc.kill()
        proc.wait(10)
        assert _gone(second, 5), "an idle courier outlived its killed daemon"
    finally:
        err = _stop(proc)
        d.engine.dispose()
    assert err.count("courier stopped") == 2, err[-3000:]


def test_sigterm_to_the_whole_group_stops_both_cleanly(
    mailstack: Any, energy: Any, db_url: str, tmp_path: Path,
) -> None:
    # What systemd does on stop (KillMode=control-group): SIGTERM to every process.
    d = make_daemon(mailstack, db_url, tmp_path, schedule={"poll_interval": 1})
    proc = _start(d, session=True)
    try:
        courier = _courier_of(proc.pid)
        time.sleep(1.5)
        os.killpg(proc.pid, signal.SIGTERM)
        assert proc.wait(40) == 0
        assert _gone(courier, 5)
    finally:
        err = _stop(proc)
        d.engine.dispose()
    assert "courier stopped" in err and "Traceback" not in err, err[-3000:]
