"""The IMAP and SMTP adapters against the real servers: TLS verified, STARTTLS, AUTH, errors."""

from __future__ import annotations

from typing import Any

import pytest

from mailreader.config import ImapSettings, SmtpSettings
from mailreader.errors import ConfigError, MailServerUnavailable
from mailreader.mail.imap import ImapWatcher, open_mailbox
from mailreader.mail.smtp import open_sender
from tests.integration.helpers import ENERGY, resident_mail

pytestmark = pytest.mark.integration


def imap(stack: Any, **kw: Any) -> ImapSettings:
    base: dict[str, Any] = {"host": "127.0.0.1", "port": stack.imap_port, "security": "none",
                            "user": ENERGY, "password": "energy", "timeout": 10}
    return ImapSettings(**{**base, **kw})


def test_imaps_verifies_the_certificate(mailstack: Any, energy: Any) -> None:
    with open_mailbox(imap(mailstack, port=mailstack.imaps_port, security="tls",
                           ca_file=mailstack.ca_file)) as box:
        assert box.uidvalidity > 0
    with pytest.raises(MailServerUnavailable, match=r"CERTIFICATE_VERIFY_FAILED|certificate verify"), \
            open_mailbox(imap(mailstack, port=mailstack.imaps_port, security="tls")):
        pass


def test_imap_starttls_and_bad_login(mailstack: Any, energy: Any) -> None:
    with open_mailbox(imap(mailstack, security="starttls", ca_file=mailstack.ca_file)) as box:
        assert box.uids_after(0) == []
    with pytest.raises(ConfigError) as err, open_mailbox(imap(mailstack, password="wrong")):
        pass
    assert err.value.key == "imap.user"


def test_imap_server_down_is_retry_later() -> None:
    with pytest.raises(MailServerUnavailable), \
            open_mailbox(ImapSettings(host="127.0.0.1", port=1, user="x", timeout=2)):
        pass


def test_fetch_peeks_and_move_creates_the_folder(mailstack: Any, energy: Any, resident: str) -> None:
    mailstack.send(resident_mail(resident, "121000000000*0563"), mail_from=resident, rcpt_to=[ENERGY])
    mailstack.wait_for(ENERGY, 1)
    settings = imap(mailstack, processed_folder="Done-Test")
    with open_mailbox(settings) as box:
        uids = box.uids_after(0)
        assert len(uids) == 1 and box.uids_after(uids[0]) == []  # "N:*" quirk filtered
        assert b"121000000000" in box.fetch(uids)[0].raw
        assert box.sizes(uids)[uids[0]] > 100
        box.move_many(uids, "Done-Test")
        box.move_many(uids, "Done-Test")  # again, as after a crash: no error
    assert "Done-Test" in mailstack.folders(ENERGY)
    assert len(mailstack.fetch_all(ENERGY, "Done-Test")) == 1


def test_smtp_starttls_auth_and_refusals(mailstack: Any, resident: str) -> None:
    sub = SmtpSettings(host="127.0.0.1", port=mailstack.submission_port, security="starttls",
                       user=ENERGY, password="energy", ca_file=mailstack.ca_file, from_addr=ENERGY,
                       timeout=10)
    with open_sender(sub) as sender:
        sender.send(resident_mail(ENERGY, "hello"), envelope_from="", to=resident)
    assert len(mailstack.wait_for(resident, 1)) == 1
    with pytest.raises(ConfigError), open_sender(SmtpSettings(**{**sub.__dict__, "password": "wrong"})):
        pass
    with pytest.raises(MailServerUnavailable), \
            open_sender(SmtpSettings(host="127.0.0.1", port=1, from_addr=ENERGY, timeout=2)):
        pass


def test_idle_reports_new_mail(mailstack: Any, energy: Any, resident: str) -> None:
    watcher = ImapWatcher(imap(mailstack))
    try:
        assert watcher.wait(0.5) is False
        mailstack.send(resident_mail(resident, "121000000000*0563"), mail_from=resident, rcpt_to=[ENERGY])
        got = False
        for _ in range(10):
            if watcher.wait(1.0):
                got = True
                break
        assert got
    finally:
        watcher.close()
