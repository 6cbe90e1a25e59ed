"""Crash safety: the daemon is SIGKILLed at every step boundary of the per-message state
machine, restarted, and the end state checked against the real Dovecot + Postfix.

Each run delivers a batch of residents' mails (recorded, rejected, ignored), kills a
`poll_once` process at the n-th time it reaches one step, then lets a fresh process
finish. Whatever the step: every mail ends in the readings exactly once, each resident
has exactly one reply, no mail is lost, none is stuck.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest

from tests.integration.helpers import ENERGY, email_readings, make_daemon, resident_mail

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
STEPS = ("fetched", "stored", "attempt", "recorded_readings", "queued", "before_commit",
         "committed", "moved", "smtp_accepted")
#: Kill at the 1st and at the 2nd time the step is reached (another message or batch).
OCCURRENCES = (1, 2)


def _run(config: Path, step: str = "-", nth: int = 0) -> int:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "tests.faults.crashing_poll", str(config), step, str(nth)],
                          cwd=ROOT, env=env, capture_output=True, timeout=120, check=False)
    return proc.returncode


@pytest.mark.parametrize("nth", OCCURRENCES)
@pytest.mark.parametrize("step", STEPS)
def test_sigkill_at_every_step(mailstack: Any, energy: Any, db_url: str, tmp_path: Path,
                               step: str, nth: int, kill_matrix: Counter[str]) -> None:
    # Batches of two: the per-batch steps (fetched, moved) are reached more than once too.
    d = make_daemon(mailstack, db_url, tmp_path, readings={"window_start": 1, "window_end": 31},
                    imap={"batch_size": 2})
    try:
        residents = [mailstack.add_user(f"k{i}-{uuid.uuid4().hex[:8]}") for i in range(4)]
        d.import_accounts(tmp_path, "account,zones,t1\n" + "".join(
            f"12100000000{i},1,100\n" for i in range(4)))
        bodies = [f"12100000000{i}*0{200 + i}" for i in range(3)] + ["показания без номера 555"]
        for who, body in zip(residents, bodies, strict=True):
            mailstack.send(resident_mail(who, body), mail_from=who, rcpt_to=[ENERGY])
        robot = resident_mail("robot@mail.test", "ЛС 121000000000 показания 999",
                              headers={"Auto-Submitted": "auto-replied"})
        mailstack.send(robot, mail_from="robot@mail.test", rcpt_to=[ENERGY])
        mailstack.wait_for(ENERGY, 5)

        killed = _run(d.config_path, step, nth) == -9
        for _ in range(2):  # restart; a second cycle finishes what the first re-queued
            assert _run(d.config_path) == 0
        # End state.
        readings = {i: [r["t1"] for r in email_readings(d, f"12100000000{i}")] for i in range(3)}
        doubled_readings = sum(1 for v in readings.values() if len(v) > 1)
        lost_readings = sum(1 for v in readings.values() if not v)
        replies = [mailstack.wait_for(r, 1) for r in residents]
        time.sleep(1.0)  # a doubled reply would still be in Postfix's queue
        replies = [mailstack.fetch_all(r) for r in residents]
        ids = [[message_from_bytes(m)["Message-ID"] for m in got] for got in replies]
        doubled_replies = sum(1 for got in ids if len(got) > 1)
        inbox, processed = mailstack.fetch_all(ENERGY), mailstack.fetch_all(ENERGY, "Processed")
        lost = 5 - len(inbox) - len(processed) - len(mailstack.fetch_all(ENERGY, "Failed"))
        stuck = d.cli("status", "--json", "--no-probe")
        state = json.loads(stuck.stdout)
        kill_matrix[f"{step}#{nth}:{'killed' if killed else 'not-reached'}"] += 1
        kill_matrix[f"{step}:doubled_replies"] += doubled_replies
        assert readings == {i: [200 + i] for i in range(3)}, readings
        assert (lost_readings, doubled_readings, lost) == (0, 0, 0)
        assert len(inbox) == 1 and len(processed) == 4  # the robot's mail stays for people
        assert state["outbox_depth"] == 0 and state["failed"] == 0
        if step == "smtp_accepted" and killed:
            # The one gap SMTP leaves: accepted, then killed before "sent" was committed.
            # The resend carries the Message-ID fixed at queue time: the same mail, not a new answer.
            assert all(len(set(got)) == 1 for got in ids), ids
        else:
            assert doubled_replies == 0, ids
    finally:
        d.engine.dispose()
