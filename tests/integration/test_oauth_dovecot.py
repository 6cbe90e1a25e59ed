"""OAuth2 logins against the real Dovecot, which validates bearer tokens with the stack's
token-info endpoint: IMAP with XOAUTH2 and OAUTHBEARER, SMTP submission with XOAUTH2
(Postfix asks Dovecot), and a token the provider does not know."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Any

import pytest

from mailreader.config import ImapSettings, SmtpSettings
from mailreader.errors import ConfigError, MailServerUnavailable
from mailreader.mail.imap import open_mailbox
from mailreader.mail.oauth import OAuthSettings
from mailreader.mail.smtp import open_sender
from tests.integration.helpers import ENERGY, resident_mail

pytestmark = pytest.mark.integration


def _imap(stack: Any, oauth: OAuthSettings, user: str = ENERGY) -> ImapSettings:
    return ImapSettings(port=stack.imap_port, user=user, oauth=oauth)


def _token_file(tmp_path: Path, token: str) -> str:
    path = tmp_path / "token"
    path.write_text(token + "\n")
    return str(path)


def test_imap_xoauth2_with_a_token_file(mailstack: Any, energy: str, tmp_path: Path) -> None:
    mailstack.send(resident_mail("someone@example.org", "121000000000 563"), mail_from="someone@example.org",
                   rcpt_to=[ENERGY])
    mailstack.wait_for(ENERGY, 1)
    oauth = OAuthSettings("XOAUTH2", token_file=_token_file(tmp_path, mailstack.add_token(ENERGY)))
    with open_mailbox(_imap(mailstack, oauth)) as box:
        assert box.uidvalidity > 0
        assert len(box.uids_after(0)) == 1  # logged in as energy@, its INBOX selected


def test_imap_oauthbearer_with_a_token_command(mailstack: Any, energy: str, tmp_path: Path) -> None:
    answer = json.dumps({"access_token": mailstack.add_token(ENERGY), "expires_in": 3600})
    command = f"{shlex.quote(sys.executable)} -c {shlex.quote(f'print({answer!r})')}"
    oauth = OAuthSettings("OAUTHBEARER", token_command=command)
    with open_mailbox(_imap(mailstack, oauth)) as box:
        assert box.uidvalidity > 0


@pytest.mark.parametrize("mechanism", ["XOAUTH2", "OAUTHBEARER"])
def test_imap_unknown_token_is_a_config_error(mailstack: Any, tmp_path: Path, mechanism: str) -> None:
    oauth = OAuthSettings(mechanism, token_file=_token_file(tmp_path, "not-a-token-anyone-issued"))
    with pytest.raises(ConfigError) as err, open_mailbox(_imap(mailstack, oauth)):
        pass
    assert err.value.key == "imap.user"


def test_imap_provider_outage_is_retry_later(mailstack: Any, tmp_path: Path) -> None:
    oauth = OAuthSettings("XOAUTH2", token_file=_token_file(tmp_path, mailstack.add_token(ENERGY)))
    mailstack.oauth_provider_down()
    try:
        # Dovecot answers [UNAVAILABLE] (RFC 5530): not a wrong token, so not a config error.
        with pytest.raises(MailServerUnavailable), open_mailbox(_imap(mailstack, oauth)):
            pass
    finally:
        mailstack.oauth_provider_down(False)
    with open_mailbox(_imap(mailstack, oauth)) as box:  # back: the same token works
        assert box.uidvalidity > 0


def test_imap_token_of_another_user_is_refused(mailstack: Any, resident: str, tmp_path: Path) -> None:
    oauth = OAuthSettings("XOAUTH2", token_file=_token_file(tmp_path, mailstack.add_token(resident)))
    with pytest.raises(ConfigError), open_mailbox(_imap(mailstack, oauth, user=ENERGY)):
        pass


def _smtp(stack: Any, oauth: OAuthSettings) -> SmtpSettings:
    # The submission port: STARTTLS first, then SASL, which Postfix hands to Dovecot.
    return SmtpSettings(port=stack.submission_port, security="starttls", ca_file=stack.ca_file,
                        user=ENERGY, from_addr=ENERGY, envelope_from=ENERGY, local_hostname="mailreader.test",
                        oauth=oauth)


def test_smtp_submission_with_xoauth2(mailstack: Any, resident: str, tmp_path: Path) -> None:
    oauth = OAuthSettings("XOAUTH2", token_file=_token_file(tmp_path, mailstack.add_token(ENERGY)))
    raw = resident_mail(ENERGY, "Показания приняты", subject="Re: Показания").replace(
        b"To: energy@mail.test", f"To: {resident}".encode())
    with open_sender(_smtp(mailstack, oauth)) as sender:
        sender.send(raw, envelope_from=ENERGY, to=resident)
    assert len(mailstack.wait_for(resident, 1)) == 1


def test_smtp_unknown_token_is_a_config_error(mailstack: Any, tmp_path: Path) -> None:
    oauth = OAuthSettings("XOAUTH2", token_file=_token_file(tmp_path, "not-a-token-anyone-issued"))
    with pytest.raises(ConfigError) as err, open_sender(_smtp(mailstack, oauth)):
        pass
    assert err.value.key == "smtp.user"


@pytest.mark.parametrize("mechanism", ["XOAUTH2", "OAUTHBEARER"])
def test_a_token_is_no_password_and_a_password_no_token(mailstack: Any, energy: str, tmp_path: Path,
                                                        mechanism: str) -> None:
    # The stack's passdbs are split by mechanism: a leaked token must not open the mailbox
    # through PLAIN/LOGIN, nor the password pass for a bearer token.
    token = mailstack.add_token(ENERGY)
    with pytest.raises(ConfigError), open_mailbox(ImapSettings(port=mailstack.imap_port, user=ENERGY,
                                                               password=token)):
        pass
    as_token = OAuthSettings(mechanism, token_file=_token_file(tmp_path, "energy"))
    with pytest.raises(ConfigError), open_mailbox(_imap(mailstack, as_token)):
        pass
    # Each still opens the mailbox the way it is meant for.
    with open_mailbox(ImapSettings(port=mailstack.imap_port, user=ENERGY, password="energy")) as box:
        assert box.uidvalidity > 0
    oauth = OAuthSettings(mechanism, token_file=_token_file(tmp_path, token))
    with open_mailbox(_imap(mailstack, oauth)) as box:
        assert box.uidvalidity > 0
