"""Outages and surprises on the real servers: IMAP restarted mid-batch, the database gone
for a cycle, UIDVALIDITY changed, a message deleted in flight, a poison message."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path
from typing import Any

import imapclient
import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from mailreader.db.engine import make_engine
from mailreader.db.models import Outbox
from tests.integration.helpers import ENERGY, Daemon, email_readings, make_daemon, resident_mail

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
WINDOW = {"window_start": 1, "window_end": 31}


@pytest.fixture
def daemon(mailstack: Any, energy: Any, db_url: str, tmp_path: Path) -> Iterator[Daemon]:
    d = make_daemon(mailstack, db_url, tmp_path, readings=WINDOW, imap={"batch_size": 2})
    d.import_accounts(tmp_path, "account,zones,t1\n" + "".join(f"12100000001{i},1,100\n" for i in range(8)))
    yield d
    d.engine.dispose()


def _residents(stack: Any, n: int, tag: str) -> list[str]:
    return [stack.add_user(f"{tag}{i}-{uuid.uuid4().hex[:8]}") for i in range(n)]


def _deliver(stack: Any, residents: list[str]) -> None:
    for i, who in enumerate(residents):
        stack.send(resident_mail(who, f"12100000001{i}*0{400 + i}"), mail_from=who, rcpt_to=[ENERGY])
    stack.wait_for(ENERGY, len(residents))


def _imap(stack: Any) -> Any:
    client = imapclient.IMAPClient("127.0.0.1", stack.imap_port, ssl=False, timeout=10)
    client.login(ENERGY, "energy")
    return client


def _exactly_once(stack: Any, d: Daemon, residents: list[str]) -> None:
    for i, who in enumerate(residents):
        assert email_readings(d, f"12100000001{i}") == [{"t1": 400 + i}]
        # One reply: one outbox row, sent once, and one Message-ID in the resident's box.
        # (A Dovecot restart can interrupt Postfix's LMTP delivery of a reply after the
        # mail was written; Postfix then delivers it again, the same mail, as RFC 5321
        # §6.1 allows. A second reply of ours would carry a Message-ID of its own.)
        with d.engine.connect() as c:
            rows = c.execute(select(Outbox.state, Outbox.attempts, Outbox.message_id)
                             .where(Outbox.recipient_key == who.lower())).all()
        assert [(state, attempts) for state, attempts, _ in rows] == [("sent", 1)]
        got = {message_from_bytes(raw)["Message-ID"] for raw in stack.wait_for(who, 1)}
        assert got == {rows[0][2]}
    assert stack.fetch_all(ENERGY) == []


def test_imap_restarted_mid_batch(mailstack: Any, daemon: Daemon) -> None:
    residents = _residents(mailstack, 6, "ir")
    _deliver(mailstack, residents)
    seen = []

    def restart_on_third(step: str) -> None:
        if step == "stored":
            seen.append(step)
            if len(seen) == 3:
                mailstack.restart_imap()

    daemon.deps = dataclasses.replace(daemon.deps, checkpoint=restart_on_third)
    first = daemon.poll()
    assert first.imap_error is not None  # the cycle noticed and stopped
    daemon.deps = dataclasses.replace(daemon.deps, checkpoint=lambda step: None)
    daemon.poll()
    daemon.poll()
    _exactly_once(mailstack, daemon, residents)


def test_database_unavailable_changes_nothing_on_the_server(mailstack: Any, daemon: Daemon,
                                                            tmp_path: Path) -> None:
    residents = _residents(mailstack, 2, "db")
    _deliver(mailstack, residents)
    good = daemon.deps.sessions
    broken = make_engine(f"sqlite:///{tmp_path}")  # a directory: cannot be opened
    if daemon.engine.dialect.name == "postgresql":
        broken = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/test")
    daemon.deps = dataclasses.replace(daemon.deps, sessions=sessionmaker(broken))
    report = daemon.poll()
    assert report.db_error is not None
    assert len(mailstack.fetch_all(ENERGY)) == 2 and mailstack.fetch_all(ENERGY, "Processed") == []
    broken.dispose()
    daemon.deps = dataclasses.replace(daemon.deps, sessions=good)
    daemon.poll()
    _exactly_once(mailstack, daemon, residents)


def test_message_deleted_by_a_person_in_flight(mailstack: Any, daemon: Daemon) -> None:
    residents = _residents(mailstack, 1, "del")
    _deliver(mailstack, residents)

    def delete_it(step: str) -> None:
        if step == "committed":
            client = _imap(mailstack)
            client.select_folder("INBOX")
            client.delete_messages(client.search("ALL"))
            client.expunge()
            client.logout()

    daemon.deps = dataclasses.replace(daemon.deps, checkpoint=delete_it)
    report = daemon.poll()
    assert report.ok and report.replies_sent == 1
    daemon.deps = dataclasses.replace(daemon.deps, checkpoint=lambda step: None)
    assert daemon.poll().ok
    assert email_readings(daemon, "121000000010") == [{"t1": 400}]
    assert len(mailstack.wait_for(residents[0], 1)) == 1


def test_uidvalidity_change(mailstack: Any, energy: Any, db_url: str, tmp_path: Path) -> None:
    d = make_daemon(mailstack, db_url, tmp_path, readings=WINDOW, imap={"mailbox": "Readings"})
    try:
        d.import_accounts(tmp_path, "account,zones,t1\n121000000010,1,100\n121000000011,1,100\n")
        who = _residents(mailstack, 2, "uv")
        raws = [resident_mail(w, f"12100000001{i}*0{400 + i}") for i, w in enumerate(who)]
        client = _imap(mailstack)
        if client.folder_exists("Readings"):
            client.delete_folder("Readings")
        client.create_folder("Readings")
        client.append("Readings", raws[0])
        client.append("Readings", raws[1])

        def crash(step: str) -> None:
            if step == "committed":
                raise SystemExit("killed before the second move")

        seen: list[str] = []
        d.deps = dataclasses.replace(d.deps, checkpoint=lambda step: (
            seen.append(step), crash(step) if seen.count("committed") == 2 else None)[1])
        with pytest.raises(SystemExit):
            d.poll()
        # Someone recreates the folder: new UIDVALIDITY, and the unmoved mail is back under a new UID.
        client.delete_folder("Readings")
        client.create_folder("Readings")
        client.append("Readings", raws[1])
        d.deps = dataclasses.replace(d.deps, checkpoint=lambda step: None)
        assert d.poll().ok
        client.select_folder("Readings")
        assert client.search("ALL") == []  # the copy was recognised and filed
        client.logout()
        for i, w in enumerate(who):
            assert email_readings(d, f"12100000001{i}") == [{"t1": 400 + i}]
            assert len(mailstack.wait_for(w, 1)) == 1
    finally:
        d.engine.dispose()


def test_poison_message_set_aside_without_blocking_others(mailstack: Any, energy: Any, db_url: str,
                                                          tmp_path: Path) -> None:
    d = make_daemon(mailstack, db_url, tmp_path, readings=WINDOW, pipeline={"max_attempts": 3})
    try:
        d.import_accounts(tmp_path, "account,zones,t1\n121000000010,1,100\n121000000011,1,100\n")
        who = _residents(mailstack, 2, "po")
        _deliver(mailstack, who)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        # The first message tried (the lower UID: Postfix may deliver the two in either
        # order) kills the process every time it is tried.
        for _ in range(3):
            proc = subprocess.run([sys.executable, "-m", "tests.faults.crashing_poll", str(d.config_path),
                                   "attempt", "1"], cwd=ROOT, env=env, capture_output=True, timeout=60,
                                  check=False)
            assert proc.returncode == -9, proc.stderr.decode()[-2000:]
        d.poll()
        failed = d.cli("failed", "list", "--json")
        assert '"reason": "poison"' in failed.output
        assert len(mailstack.fetch_all(ENERGY, "Failed")) == 1
        got = {i: email_readings(d, f"12100000001{i}") for i in range(2)}
        poisoned = next(i for i in got if not got[i])
        other = 1 - poisoned
        assert got[other] == [{"t1": 400 + other}]  # the other one went through
        assert len(mailstack.wait_for(who[other], 1)) == 1
        assert len(mailstack.wait_for(who[poisoned], 1)) == 1  # told that it could not be processed
    finally:
        d.engine.dispose()
