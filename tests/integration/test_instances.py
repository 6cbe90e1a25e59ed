"""Three `mailreader run` processes on one PostgreSQL and one mailbox: the lease lets one
poll, the outbox is shared with SKIP LOCKED, and killing the leader hands over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest

from mailreader.db import lease
from tests.dbs import PG_URL
from tests.integration.helpers import ENERGY, Daemon, email_readings, make_daemon, resident_mail

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def _start(config: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "mailreader", "--config", str(config), "run"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait(cond: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.3)


def _send_batch(stack: Any, residents: list[str], start: int) -> None:
    for i, who in enumerate(residents):
        acct = f"1210000{start + i:05d}"
        stack.send(resident_mail(who, f"{acct}*0{300 + start + i}"), mail_from=who, rcpt_to=[ENERGY])


@pytest.fixture
def three(mailstack: Any, energy: Any, pg_url: str, tmp_path: Path) -> Iterator[tuple[Daemon, list[Any]]]:
    d = make_daemon(mailstack, pg_url, tmp_path, schedule={"poll_interval": 1}, imap={"idle": "off"},
                    daemon={"lease_ttl": 3}, readings={"window_start": 1, "window_end": 31})
    d.import_accounts(tmp_path, "account,zones,t1\n" + "".join(f"1210000{i:05d},1,100\n" for i in range(20)))
    procs = [_start(d.config_path) for _ in range(3)]
    try:
        yield d, procs
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
            p.wait(10)
            if p.stderr:
                p.stderr.close()
        d.engine.dispose()


def test_three_instances_no_double_work_and_failover(mailstack: Any, three: tuple[Daemon, list[Any]],
                                                     tmp_path: Path) -> None:
    d, procs = three
    residents = [mailstack.add_user(f"i{i}-{uuid.uuid4().hex[:8]}") for i in range(10)]
    _send_batch(mailstack, residents, 0)
    _wait(lambda: len(mailstack.fetch_all(ENERGY, "Processed")) == 10)
    _wait(lambda: all(mailstack.fetch_all(r) for r in residents))
    holder = lease.holder_of(d.deps.sessions, f"poller:{ENERGY}:INBOX")
    assert holder is not None
    leader_pid = int(holder[0].split(":")[1])
    leader = next(p for p in procs if p.pid == leader_pid)
    leader.send_signal(signal.SIGKILL)
    leader.wait(10)

    _send_batch(mailstack, residents, 10)
    _wait(lambda: len(mailstack.fetch_all(ENERGY, "Processed")) == 20)
    _wait(lambda: all(len(mailstack.fetch_all(r)) >= 2 for r in residents))
    time.sleep(2)  # give a would-be duplicate the time to arrive
    for r in residents:
        ids = [message_from_bytes(m)["Message-ID"] for m in mailstack.fetch_all(r)]
        assert len(ids) == 2 == len(set(ids)), (r, ids)
    new_holder = lease.holder_of(d.deps.sessions, f"poller:{ENERGY}:INBOX")
    assert new_holder is not None and int(new_holder[0].split(":")[1]) != leader_pid
    for i in range(20):
        assert email_readings(d, f"1210000{i:05d}") == [{"t1": 300 + i}]
    # The survivors stop cleanly on SIGTERM.
    for p in procs:
        if p is not leader:
            p.send_signal(signal.SIGTERM)
            code = p.wait(30)
            assert code == 0, p.stderr.read().decode()[-3000:] if p.stderr else code
    assert PG_URL  # the suite ran against the real server
