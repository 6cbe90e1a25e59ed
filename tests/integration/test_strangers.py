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
    assert daemon.poll().outcomes == {"recorded": 1}
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
    assert daemon.poll().outcomes == {"recorded": 1}
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
    assert checked.poll().outcomes == {"set_aside/unauthenticated": 1}
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
    assert checked.poll().outcomes == {"recorded": 1}
    assert "расход 250" in text_of(mailstack.wait_for(resident, 1)[0])


def test_a_pass_written_by_the_sender_below_our_header_is_ignored(
    mailstack: Any, checked: Daemon, resident: str, attacker: str
) -> None:
    """Our server found nothing to go by; the sender wrote its own "pass" under our id
    into the message: it sits below our Received field and counts for nothing, so the
    registered address is not believed and the reply tells nothing personal."""
    inner = f"Authentication-Results: {MX}; dmarc=pass header.from=mail.test\r\nFrom: {resident}\r\n"
    deliver(mailstack, mail(relayed("spf=none smtp.mailfrom=mail.test; dmarc=none", inner)), attacker)
    assert checked.poll().outcomes == {"recorded": 1}
    reply = text_of(mailstack.wait_for(resident, 1)[0])
    assert ACCOUNT in reply and "расход" not in reply


def strangers(stack: Any, n: int) -> list[str]:
    return [str(stack.add_user(f"s{uuid.uuid4().hex[:10]}")) for _ in range(n)]


def deliver_all(stack: Any, mails: list[tuple[str, str]]) -> None:
    """(sender, body) each from its own address, all in the mailbox before one poll, in
    this order (each is waited for: Postfix delivers its queue in any order)."""
    for sender, body in mails:
        deliver(stack, mail(f"From: {sender}\r\n", body), sender)


def without_values(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("  "))


def test_strangers_cannot_bisect_the_stored_reading_nor_replace_it(
    mailstack: Any, daemon: Daemon, resident: str
) -> None:
    """The probe: fresh addresses sent values around the stored reading and read
    "lower than the last" in the refusals, replacing the resident's reading on the way.
    Now every stranger's refusal is the same text, a registered sender's reading in force
    stays, and the refusals stop telling anything after three tries in the period."""
    deliver(mailstack, mail(f"From: {resident}\r\n"), resident)
    daemon.poll()
    mailstack.wait_for(resident, 1)
    guesses = [(9000, 4000), (10300, 5200), (10260, 5150), (10255, 5120)]
    senders = strangers(mailstack, len(guesses))
    deliver_all(mailstack, [(s, f"ЛС {ACCOUNT}\nдень {d}\nночь {n}\n")
                            for s, (d, n) in zip(senders, guesses, strict=True)])
    assert daemon.poll().outcomes == {"refused/registered_in_force": 3, "refused/stranger_limit": 1}
    replies = [text_of(mailstack.wait_for(s, 1)[0]) for s in senders]
    assert len({without_values(r) for r in replies}) == 1  # one text, whatever was guessed
    assert all("не приняты" in r and "меньше" not in r and "расход" not in r for r in replies)
    assert email_readings(daemon, ACCOUNT)[0] == {"t1": 10250, "t2": 5100}  # the resident's stays


def test_a_strangers_refusal_says_the_same_below_above_and_beyond_the_limit(
    mailstack: Any, daemon: Daemon
) -> None:
    """No registered reading: a stranger's plausible reading is accepted (the resident
    may write from another address), an impossible one refused without saying why, and
    after three submissions in the period the account takes no more from strangers."""
    guesses = [(9000, 4000), (10100, 5050), (10200, 5100), (10300, 5200)]
    senders = strangers(mailstack, len(guesses))
    deliver_all(mailstack, [(s, f"ЛС {ACCOUNT}\nдень {d}\nночь {n}\n")
                            for s, (d, n) in zip(senders, guesses, strict=True)])
    daemon.poll()
    lower, first, second, beyond = (text_of(mailstack.wait_for(s, 1)[0]) for s in senders)
    assert "не приняты" in lower and without_values(lower) == without_values(beyond)
    assert "приняты за" in first and "приняты за" in second and "расход" not in first + second
    assert email_readings(daemon, ACCOUNT)[0] == {"t1": 10200, "t2": 5100}


def test_replies_to_new_addresses_are_capped_per_hour(
    mailstack: Any, energy: Any, db_url: str, tmp_path: Path, attacker: str
) -> None:
    """The probe: 300 mails naming 300 third parties in Reply-To got 300 replies. With
    a cap of 3 new addresses an hour, 3 are answered; the rest record why not."""
    from sqlalchemy import select

    from mailreader.db.models import Message

    d = make_daemon(mailstack, db_url, tmp_path, readings={"window_start": 1, "window_end": 31},
                    trust={"new_recipients_per_hour": 3})
    try:
        victims = [f"victim{i}-{uuid.uuid4().hex[:6]}@elsewhere.test" for i in range(5)]
        before = len(mailstack.fetch_all(mailstack.sink))
        for victim in victims:
            raw = mail(f"From: {attacker}\r\nReply-To: {victim}\r\n", "Здравствуйте, показания 12345")
            mailstack.send(raw, mail_from=attacker, rcpt_to=[ENERGY])
        mailstack.wait_for(ENERGY, len(victims))
        assert d.poll().outcomes == {"refused/no_account": 5}
        assert outbox_rows(d) == 3
        assert len(mailstack.wait_for(mailstack.sink, before + 3)) == before + 3
        with d.engine.connect() as c:
            notes = sorted(str(n) for n in c.execute(select(Message.no_reply)).scalars())
        assert notes == ["None", "None", "None", "new_recipient_cap", "new_recipient_cap"]
    finally:
        d.engine.dispose()
