"""A resident's mail in the real Dovecot mailbox becomes a recorded reading and a reply in
their real INBOX (Postfix → LMTP → Dovecot), on SQLite and on PostgreSQL."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.integration.helpers import ENERGY, Daemon, email_readings, make_daemon, resident_mail, text_of
from tests.world import fake_parse

pytestmark = pytest.mark.integration

ACCOUNTS = "account,zones,t1,t2,t3,email\n241000356712,2,10000,5000,,{linked}\n121000000000,1,500,,,\n"


@pytest.fixture
def daemon(mailstack: Any, energy: Any, db_url: str, tmp_path: Path, resident: str) -> Iterator[Daemon]:
    d = make_daemon(mailstack, db_url, tmp_path, readings={"window_start": 1, "window_end": 31})
    d.import_accounts(tmp_path, ACCOUNTS.format(linked=resident))
    yield d
    d.engine.dispose()


def deliver(stack: Any, sender: str, body: str, **kw: Any) -> bytes:
    raw = resident_mail(sender, body, **kw)
    before = len(stack.fetch_all(ENERGY))
    stack.send(raw, mail_from=sender, rcpt_to=[ENERGY])
    stack.wait_for(ENERGY, before + 1)
    return raw


def test_two_zone_reading_recorded_and_confirmed(mailstack: Any, daemon: Daemon, resident: str) -> None:
    deliver(mailstack, resident, "Добрый день! ЛС 241000356712\nдень 10250\nночь 5100\n")
    report = daemon.poll()
    assert report.ok and report.outcomes == {"recorded": 1}
    replies = mailstack.wait_for(resident, 1)
    text = text_of(replies[0])
    assert "241000356712" in text and "10250" in text and "5100" in text
    assert "250" in text and "100" in text  # consumption: the sender is registered for the account
    # The original left the inbox for the processed folder.
    assert mailstack.fetch_all(ENERGY) == []
    assert len(mailstack.fetch_all(ENERGY, folder="Processed")) == 1
    assert email_readings(daemon, "241000356712") == [{"t1": 10250, "t2": 5100}]


def test_rejection_explains_and_moves(mailstack: Any, daemon: Daemon, resident: str) -> None:
    deliver(mailstack, resident, "Здравствуйте, показания 12345. Спасибо")
    daemon.poll()
    reply = mailstack.wait_for(resident, 1)[0]
    assert "121000000000*0563" in text_of(reply)  # tells how to write it right
    assert len(mailstack.fetch_all(ENERGY, folder="Processed")) == 1


def test_auto_reply_is_ignored_left_in_inbox_not_refetched(mailstack: Any, daemon: Daemon,
                                                           resident: str) -> None:
    deliver(mailstack, resident, "Я в отпуске до 1 декабря. ЛС 121000000000 показания 600",
            subject="Автоответ: Показания", headers={"Auto-Submitted": "auto-replied"})
    first = daemon.poll()
    second = daemon.poll()
    assert first.outcomes == {"ignored/auto_generated": 1} and second.fetched == 0
    assert len(mailstack.fetch_all(ENERGY)) == 1
    assert mailstack.fetch_all(resident) == []


def test_unknown_account(mailstack: Any, daemon: Daemon, resident: str) -> None:
    deliver(mailstack, resident, "ЛС 999000000001 показания 4321")
    daemon.poll()
    text = text_of(mailstack.wait_for(resident, 1)[0])
    assert "999000000001" in text


def test_same_mail_delivered_twice_one_reading_one_reply(mailstack: Any, daemon: Daemon,
                                                         resident: str) -> None:
    raw = resident_mail(resident, "121000000000*0563")
    mailstack.send(raw, mail_from=resident, rcpt_to=[ENERGY])
    mailstack.send(raw, mail_from=resident, rcpt_to=[ENERGY])
    mailstack.wait_for(ENERGY, 2)
    report = daemon.poll()
    assert report.fetched == 2
    assert email_readings(daemon, "121000000000") == [{"t1": 563}]
    mailstack.wait_for(resident, 1)
    daemon.poll()
    assert len(mailstack.fetch_all(resident)) == 1


def test_crash_between_commit_and_move(mailstack: Any, daemon: Daemon, resident: str) -> None:
    deliver(mailstack, resident, "121000000000*0600")

    def crash(step: str) -> None:
        if step == "committed":
            raise SystemExit("killed after the commit")

    daemon.deps = dataclasses.replace(daemon.deps, checkpoint=crash)
    with pytest.raises(SystemExit):
        daemon.poll()
    assert len(mailstack.fetch_all(ENERGY)) == 1  # not moved yet
    daemon.deps = dataclasses.replace(daemon.deps, checkpoint=lambda step: None)
    report = daemon.poll()
    assert report.fetched == 0 and report.replies_sent == 1
    assert mailstack.fetch_all(ENERGY) == [] and len(mailstack.fetch_all(ENERGY, "Processed")) == 1
    assert len(mailstack.wait_for(resident, 1)) == 1


def test_smtp_down_reply_stays_queued_and_leaves_next_cycle(mailstack: Any, daemon: Daemon,
                                                            resident: str) -> None:
    deliver(mailstack, resident, "121000000000*0700")
    mailstack.stop_smtp()
    try:
        report = daemon.poll()
    finally:
        mailstack.start_smtp()
    assert report.smtp_error and report.outcomes == {"recorded": 1}
    later = daemon.deps.now() + timedelta(minutes=2)  # past the first retry's backoff
    daemon.deps = dataclasses.replace(daemon.deps, now=lambda: later)
    report = daemon.poll()
    assert report.replies_sent == 1
    assert len(mailstack.wait_for(resident, 1)) == 1


def test_failed_message_and_reprocess(mailstack: Any, db_url: str, energy: Any, tmp_path: Path,
                                      resident: str) -> None:
    d = make_daemon(mailstack, db_url, tmp_path, pipeline={"max_attempts": 1},
                    readings={"window_start": 1, "window_end": 31})
    try:
        d.import_accounts(tmp_path, ACCOUNTS.format(linked=resident))
        deliver(mailstack, resident, "BOOM 121000000000*0800")
        # fake_parse raises on BOOM: a parser bug met in production
        d.deps = dataclasses.replace(d.deps, parse=fake_parse)
        d.poll()
        assert len(mailstack.fetch_all(ENERGY, "Failed")) == 1
        listed = json.loads(d.cli("failed", "list", "--json").stdout)
        assert [row["reason"] for row in listed] == ["internal_error"]
        assert "parser exploded" in d.cli("failed", "show", str(listed[0]["id"])).output
        apology = text_of(mailstack.wait_for(resident, 1)[0])
        assert "Traceback" not in apology and "parser exploded" not in apology
        result = d.cli("reprocess", str(listed[0]["id"]))
        assert result.exit_code == 0, result.output
        assert mailstack.fetch_all(ENERGY, "Failed") == []
        assert len(mailstack.fetch_all(ENERGY, "Processed")) == 1
        assert len(mailstack.wait_for(resident, 2)) == 2  # the apology, then the confirmation
        assert json.loads(d.cli("failed", "list", "--json").stdout) == []
    finally:
        d.engine.dispose()
