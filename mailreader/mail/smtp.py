"""The SMTP adapter: the only module that imports aiosmtplib (and the only asyncio).

A `SmtpSender` holds one connection for a whole batch of replies. Errors are
translated: 5xx answers become `PermanentSendError`, everything else
(connection refused, timeouts, 4xx) `MailServerUnavailable` (retry later).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

import aiosmtplib

from mailreader.config import SmtpSettings
from mailreader.errors import ConfigError, MailServerUnavailable, PermanentSendError
from mailreader.mail.oauth import token_for
from mailreader.mail.tls import tls_context


class SmtpSender:
    """A connected, logged-in SMTP session; `send` returns once the server accepted."""

    def __init__(self, settings: SmtpSettings) -> None:
        self._s = settings
        self._loop = asyncio.new_event_loop()
        tls = settings.security in ("tls", "starttls")
        self._client = aiosmtplib.SMTP(
            hostname=settings.host,
            port=settings.port,
            local_hostname=settings.local_hostname,  # no getfqdn() DNS lookup
            timeout=settings.timeout,
            use_tls=settings.security == "tls",
            # aiosmtplib would start TLS on its own whenever offered; follow the config.
            start_tls=settings.security == "starttls",
            tls_context=tls_context(settings.ca_file) if tls else None,
        )

    def connect(self) -> None:
        # Read before connecting: an unreadable password file is a config error, no socket opened.
        try:
            password = self._s.secret() if self._s.user and self._s.oauth is None else ""
        except ConfigError:
            self.close()
            raise
        try:
            self._run(self._client.connect())
            if self._s.user and self._s.oauth is not None:
                # aiosmtplib speaks XOAUTH2; OAUTHBEARER servers accept it too in practice.
                token = token_for(self._s.oauth, "smtp")
                self._run(self._client.auth_xoauth2(self._s.user, token))
            elif self._s.user:
                self._run(self._client.login(self._s.user, password))
        except aiosmtplib.SMTPAuthenticationError as exc:
            self.close()
            raise ConfigError("smtp.user", f"login refused by {self._s.host}: {exc.message}") from None
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            self.close()
            raise MailServerUnavailable(f"SMTP {self._s.host}:{self._s.port}: {exc}") from exc

    def send(self, raw: bytes, *, envelope_from: str, to: str) -> None:
        try:
            self._run(self._client.sendmail(envelope_from, [to], raw))
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = [e.code for e in exc.recipients]
            if all(500 <= c < 600 for c in codes):
                raise PermanentSendError(str(exc)) from exc
            raise MailServerUnavailable(str(exc)) from exc
        except aiosmtplib.SMTPResponseException as exc:
            if 500 <= exc.code < 600:
                raise PermanentSendError(f"{exc.code} {exc.message}") from exc
            raise MailServerUnavailable(f"{exc.code} {exc.message}") from exc
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            raise MailServerUnavailable(f"SMTP {self._s.host}:{self._s.port}: {exc}") from exc

    def close(self) -> None:
        try:
            if self._client.is_connected:
                self._run(self._client.quit())
        except (aiosmtplib.SMTPException, OSError, TimeoutError):
            pass  # the server went away first: nothing to say goodbye to
        finally:
            self._client.close()
            # Let the transports' close callbacks run before the loop goes (after STARTTLS
            # the TLS transport closes the TCP one only a few loop iterations later).
            self._loop.run_until_complete(asyncio.sleep(0.01))
            self._loop.close()

    def _run(self, coro: object) -> object:
        return self._loop.run_until_complete(coro)  # type: ignore[arg-type]


@contextmanager
def open_sender(settings: SmtpSettings) -> Iterator[SmtpSender]:
    sender = SmtpSender(settings)
    sender.connect()
    try:
        yield sender
    finally:
        if not sender._loop.is_closed():
            sender.close()
