"""No single mail stops the mailbox, against the real Dovecot + Postfix: hostile header
values are delivered through Postfix and met by a real cycle on SQLite and PostgreSQL; the
ordinary mail behind them is answered in the same cycle. And a Message-ID never smuggles
a command into an IMAP search."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest

from mailreader.db.models import Message
from mailreader.mail.imap import open_mailbox
from tests.integration.helpers import ENERGY, Daemon, make_daemon, text_of
from tests.world import fake_parse

pytestmark = pytest.mark.integration

ACCOUNTS = "account,zones,t1\n121000000000,1,100\n121000000001,1,100\n"
READINGS = "Показания\r\n121000000000*0{n}\r\n"


def raw_mail(sender: str, headers: list[tuple[str, str]], body: str) -> bytes:
    """A mail written byte for byte: EmailMessage would refuse or re-encode these headers."""
    head = [("From", sender), ("To", ENERGY), *headers, ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "8bit")]
    names = {k.lower() for k, _ in headers}
    if "message-id" not in names:
        head.append(("Message-ID", f"<{uuid.uuid4().hex}@mail.test>"))
    if "subject" not in names:
        head.append(("Subject", "Показания"))
    return ("".join(f"{k}: {v}\r\n" for k, v in head) + "\r\n" + body).encode()


@pytest.fixture
def daemon(mailstack: Any, energy: Any, db_url: str, tmp_path: Path) -> Iterator[Daemon]:
    d = make_daemon(mailstack, db_url, tmp_path, pipeline={"max_attempts": 1},
                    readings={"window_start": 1, "window_end": 31})
    d.import_accounts(tmp_path, ACCOUNTS)
    yield d
    d.engine.dispose()


@pytest.fixture
def neighbour(mailstack: Any) -> str:
    """The resident whose ordinary mail waits behind the hostile ones."""
    return str(mailstack.add_user(f"n{uuid.uuid4().hex[:10]}"))


def _deliver(stack: Any, mails: list[tuple[str, bytes]]) -> None:
    for sender, raw in mails:
        stack.send(raw, mail_from=sender, rcpt_to=[ENERGY])
    stack.wait_for(ENERGY, len(mails))


def _cycle_answers_everyone(stack: Any, d: Daemon, hostile: list[tuple[str, bytes]],
                            neighbour: str) -> list[Message]:
    """Deliver the hostile mails and an ordinary one behind them; one cycle decides every one
    and answers the ordinary mail. Returns the hostile mails' rows."""
    ordinary = raw_mail(neighbour, [], "Добрый день\r\n121000000001*0555\r\n")
    _deliver(stack, [*hostile, (neighbour, ordinary)])
    report = d.poll()
    assert report.ok, report.errors
    assert sum(report.outcomes.values()) == len(hostile) + 1
    reply = stack.wait_for(neighbour, 1)[0]
    assert "121000000001" in text_of(reply)
    with d.deps.sessions() as s:
        rows = list(s.query(Message).order_by(Message.uid))
    assert len(rows) == len(hostile) + 1 and all(r.state != "stored" for r in rows)
    assert stack.fetch_all(ENERGY) == []  # nothing left in the inbox: everything was filed
    # Postfix delivers in any order: the hostile rows, the ordinary one left out.
    return [r for r in rows if b"121000000001*0555" not in r.raw]


def test_lone_surrogate_in_subject(mailstack: Any, daemon: Daemon, resident: str, neighbour: str) -> None:
    # Probe 1: ASCII that Postfix accepts; decoded, a lone surrogate the batch INSERT refused.
    subject = "=?utf-8?b?0J/QvtC60LDQt9Cw0L3QuNGP?= =?utf-7?q?+2AA-?="
    hostile = raw_mail(resident, [("Subject", subject)], READINGS.format(n=700))
    rows = _cycle_answers_everyone(mailstack, daemon, [(resident, hostile)], neighbour)
    assert rows[0].state == "processed" and rows[0].subject == "Показания\ufffd"
    assert "121000000000" in text_of(mailstack.wait_for(resident, 1)[0])


def test_utf8_message_id_references_and_in_reply_to(mailstack: Any, daemon: Daemon, resident: str,
                                                    neighbour: str) -> None:
    # Probe 2 (RFC 6532 ids): the reply failed to render, and at the last attempt the
    # set-aside path rendered it again and raised out of the cycle.
    headers = [("Message-ID", "<тест-1@пример.рф>"), ("References", "<корень@пример.рф>"),
               ("In-Reply-To", "<тест-0@пример.рф>")]
    hostile = raw_mail(resident, headers, READINGS.format(n=700))
    rows = _cycle_answers_everyone(mailstack, daemon, [(resident, hostile)], neighbour)
    assert rows[0].state == "processed" and rows[0].message_id == "<тест-1@пример.рф>"
    reply = message_from_bytes(mailstack.wait_for(resident, 1)[0])
    assert reply["In-Reply-To"] is None and reply["References"] is None


def test_nul_and_values_longer_than_their_columns(mailstack: Any, daemon: Daemon, resident: str,
                                                  neighbour: str) -> None:
    # Probe 3: PostgreSQL refused a NUL (=00 in an encoded word) in Subject, From or
    # Message-ID, a Message-ID over 998 characters, a From or Reply-To over 320.
    long_local = "x" * 330
    hostile = [
        raw_mail(resident, [("Subject", "=?utf-8?b?0J/QvtC60LDQt9Cw0L3QuNGP?= =?utf-8?q?=00?=")],
                 READINGS.format(n=701)),
        raw_mail(f"=?utf-8?q?=00?= <{resident}>", [("Message-ID", "<=?utf-8?q?a=00?=@mail.test>")],
                 READINGS.format(n=702)),
        raw_mail(resident, [("Message-ID", f"<{'m' * 1200}@mail.test>")], READINGS.format(n=703)),
        raw_mail(f"{long_local}@mail.test", [("Reply-To", f"{long_local}@mail.test")],
                 READINGS.format(n=704)),
    ]
    rows = _cycle_answers_everyone(mailstack, daemon, [(resident, raw) for raw in hostile], neighbour)
    assert [r.state for r in rows] == ["processed"] * 4
    by_body = {r.raw.split(b"*0")[-1][:3]: r for r in rows}
    assert by_body[b"701"].subject == "Показания"
    assert by_body[b"702"].from_addr == resident and "\x00" not in (by_body[b"702"].message_id or "")
    assert len(by_body[b"703"].message_id or "") <= 998
    assert by_body[b"704"].from_addr is None  # no such address: recorded, not answered
    assert len(mailstack.wait_for(resident, 3)) == 3


def test_reprocess_all_sends_no_command_hidden_in_a_message_id(mailstack: Any, daemon: Daemon,
                                                               resident: str) -> None:
    # Probe 9: a Message-ID with an encoded CRLF, on mail set aside, went unchecked into
    # UID SEARCH HEADER Message-ID from `reprocess --all`, and Dovecot ran what followed.
    folder = f"injected{uuid.uuid4().hex[:8]}"
    msgid = f"<=?utf-8?q?a=0D=0AX1_CREATE_{folder}=0D=0AX2_NOOP_?=@mail.test>"
    hostile = raw_mail(resident, [("Message-ID", msgid)], "BOOM 121000000000*0700\r\n")
    _deliver(mailstack, [(resident, hostile)])
    daemon.deps = dataclasses.replace(daemon.deps, parse=fake_parse)  # set aside on the first attempt
    daemon.poll()
    assert len(mailstack.fetch_all(ENERGY, folder="Failed")) == 1
    result = daemon.cli("reprocess", "--all")
    assert result.exit_code == 0 and "processed=1" in result.stdout, result.output
    assert folder not in mailstack.folders(ENERGY)
    # The id is kept as written (RFC 2047 words are not decoded in a msg-id); Dovecot
    # matches on decoded header text, so this copy is not found and stays where it is.
    assert len(mailstack.fetch_all(ENERGY, folder="Failed")) == 1


def test_an_id_with_line_breaks_is_never_searched_for(mailstack: Any, daemon: Daemon) -> None:
    # Rows stored before ids were cleaned may still hold a CR LF: the adapter refuses them.
    folder = f"injected{uuid.uuid4().hex[:8]}"
    with open_mailbox(daemon.deps.settings.imap) as box:
        box.ensure_folder("Failed")
        assert box.find_by_message_id("Failed", f"<a\r\nX1 CREATE {folder}\r\nX2 NOOP @x>") == []
        assert box.find_by_message_id("Failed", "<тест-1@пример.рф>") == []  # a literal: no error
    assert folder not in mailstack.folders(ENERGY)
