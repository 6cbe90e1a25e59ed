"""A stranger can neither read nor overwrite a resident's readings: forged senders against
the real Postfix + Dovecot, on SQLite and on PostgreSQL.

The resident's address is registered for the account; the attacker has a mailbox of their
own. A reply is waited for where it must arrive; once it is there, the other mailbox is
known to have received nothing (each mail gets at most one reply)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.helpers import ENERGY, Daemon, email_readings, make_daemon, text_of

pytestmark = pytest.mark.integration

ACCOUNT = "241000356712"
ACCOUNTS = "account,zones,t1,t2,t3,email\n241000356712,2,10000,5000,,{registered}\n"
READING = "ЛС 241000356712\nдень 10250\nночь 5100\n"


@pytest.fixture
def daemon(mailstack: Any, energy: Any, db_url: str, tmp_path: Path, resident: str) -> Iterator[Daemon]:
    d = make_daemon(mailstack, db_url, tmp_path, readings={"window_start": 1, "window_end": 31})
    d.import_accounts(tmp_path, ACCOUNTS.format(registered=resident))
    yield d
    d.engine.dispose()


@pytest.fixture
def attacker(mailstack: Any) -> str:
    return str(mailstack.add_user(f"a{uuid.uuid4().hex[:10]}"))


def mail(headers: str, body: str = READING) -> bytes:
    """A mail with its header lines exactly as given (nothing re-encoded)."""
    head = (f"To: {ENERGY}\r\nSubject: Показания\r\nMessage-ID: <{uuid.uuid4().hex}@mail.test>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n" + headers)
    return (head.rstrip("\r\n") + "\r\n\r\n" + body.replace("\n", "\r\n")).encode()


def deliver(stack: Any, raw: bytes, mail_from: str) -> None:
    before = len(stack.fetch_all(ENERGY))
    stack.send(raw, mail_from=mail_from, rcpt_to=[ENERGY])
    stack.wait_for(ENERGY, before + 1)


def test_forged_from_with_reply_to_sends_the_attacker_nothing(
    mailstack: Any, daemon: Daemon, resident: str, attacker: str
) -> None:
    """From: the registered address, Reply-To: the attacker. The reply with the
    consumption (the previous reading, to whoever subtracts) goes to From alone."""
    deliver(mailstack, mail(f"From: {resident}\r\nReply-To: {attacker}\r\n"), attacker)
    assert daemon.poll().outcomes == {"record": 1}
    reply = text_of(mailstack.wait_for(resident, 1)[0])
    assert "расход 250" in reply  # the registered resident sees it (and learns of the mail)
    assert mailstack.fetch_all(attacker) == []


def test_an_address_in_an_encoded_display_name_is_not_the_sender(
    mailstack: Any, daemon: Daemon, resident: str, attacker: str
) -> None:
    """From: =?utf-8?q?<resident>?= <attacker>: the sender is the attacker, a stranger to
    the account; the reply goes to the attacker without anything personal, and the
    resident is not made a target of the reply."""
    local, _, domain = resident.partition("@")
    display = f"=?utf-8?q?{local}=40{domain}?="
    deliver(mailstack, mail(f"From: {display} <{attacker}>\r\n"), attacker)
    assert daemon.poll().outcomes == {"record": 1}
    reply = text_of(mailstack.wait_for(attacker, 1)[0])
    assert ACCOUNT in reply and "расход" not in reply
    assert mailstack.fetch_all(resident) == []
    assert email_readings(daemon, ACCOUNT) == [{"t1": 10250, "t2": 5100}]


MX = "mx.mail.test"


def relayed(results: str, headers: str) -> str:
    """The header lines our border server puts above what it received: its
    Authentication-Results, then its Received field (the message then reaches the
    mailbox through the test's Postfix, as through an inner relay)."""
    return (f"Authentication-Results: {MX}; {results}\r\n"
            f"Received: from outside.example (outside.example [192.0.2.1]) by {MX} with ESMTP\r\n"
            + headers)


@pytest.fixture
def checked(mailstack: Any, energy: Any, db_url: str, tmp_path: Path, resident: str) -> Iterator[Daemon]:
    """A daemon that believes the border server's Authentication-Results."""
    d = make_daemon(mailstack, db_url, tmp_path, readings={"window_start": 1, "window_end": 31},
                    trust={"authserv_id": MX})
    d.import_accounts(tmp_path, ACCOUNTS.format(registered=resident))
    yield d
    d.engine.dispose()


def outbox_rows(d: Daemon) -> int:
    from sqlalchemy import func, select

    from mailreader.db.models import Outbox

    with d.engine.connect() as c:
        return int(c.execute(select(func.count()).select_from(Outbox)).scalar_one())


def test_mail_that_fails_authentication_is_neither_recorded_nor_answered(
    mailstack: Any, checked: Daemon, resident: str, attacker: str
) -> None:
    forged = relayed("dkim=fail header.d=mail.test; spf=fail smtp.mailfrom=mail.test; "
                     "dmarc=fail header.from=mail.test", f"From: {resident}\r\n")
    deliver(mailstack, mail(forged), attacker)
    assert checked.poll().outcomes == {"failed/unauthenticated": 1}
    assert email_readings(checked, ACCOUNT) == []
    assert outbox_rows(checked) == 0  # no reply queued, to anyone
    assert len(mailstack.fetch_all(ENERGY, "Failed")) == 1  # left for people
    listed = checked.cli("failed", "show", "1").output + checked.cli("failed", "list").output
    assert "unauthenticated" in listed and "dmarc=fail" in listed


def test_authenticated_registered_sender_gets_the_consumption(
    mailstack: Any, checked: Daemon, resident: str
) -> None:
    signed = relayed("dkim=pass header.d=mail.test; dmarc=pass header.from=mail.test",
                     f"From: {resident}\r\n")
    deliver(mailstack, mail(signed), resident)
    assert checked.poll().outcomes == {"record": 1}
    assert "расход 250" in text_of(mailstack.wait_for(resident, 1)[0])


def test_a_pass_written_by_the_sender_below_our_header_is_ignored(
    mailstack: Any, checked: Daemon, resident: str, attacker: str
) -> None:
    """Our server found nothing to go by; the sender wrote its own "pass" under our id
    into the message: it sits below our Received field and counts for nothing, so the
    registered address is not believed and the reply tells nothing personal."""
    inner = f"Authentication-Results: {MX}; dmarc=pass header.from=mail.test\r\nFrom: {resident}\r\n"
    deliver(mailstack, mail(relayed("spf=none smtp.mailfrom=mail.test; dmarc=none", inner)), attacker)
    assert checked.poll().outcomes == {"record": 1}
    reply = text_of(mailstack.wait_for(resident, 1)[0])
    assert ACCOUNT in reply and "расход" not in reply
