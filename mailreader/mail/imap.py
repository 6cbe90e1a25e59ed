"""The IMAP adapter: the only module that imports imapclient.

It speaks in UIDs and raw bytes and translates every library or socket error
into `MailServerUnavailable` (retry later) or `ConfigError` (bad login).
"""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import ssl
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import imapclient
from imapclient.exceptions import IMAPClientError, LoginError

from mailreader.config import ImapSettings
from mailreader.errors import ConfigError, IdleUnsupported, MailServerUnavailable
from mailreader.mail.oauth import token_for
from mailreader.mail.tls import tls_context
from mailreader.protocols import FetchedMessage

log = logging.getLogger(__name__)

# What may never reach an IMAP command inside a string: controls end or corrupt the line.
_UNSAFE_SEARCH = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# Errors that mean "the server or the connection failed": retry on a later cycle.
_TRANSIENT = (IMAPClientError, OSError, socket.timeout, ssl.SSLError, EOFError)


class ImapMailbox:
    """One logged-in connection with the configured mailbox selected."""

    def __init__(self, client: Any, settings: ImapSettings) -> None:
        self._c = client
        self._s = settings
        self.uidvalidity = 0
        self._known_folders: set[str] = set()

    def select(self) -> int:
        info = self._c.select_folder(self._s.mailbox)
        self.uidvalidity = int(info[b"UIDVALIDITY"])
        return self.uidvalidity

    def uids_after(self, last_uid: int) -> list[int]:
        # "N:*" always matches the highest UID even when it is below N (RFC 3501 §6.4.8),
        # hence the filter.
        found = self._c.search([b"UID", f"{last_uid + 1}:*".encode()])
        return sorted(u for u in found if u > last_uid)

    def sizes(self, uids: Sequence[int]) -> dict[int, int]:
        if not uids:
            return {}
        data = self._c.fetch(list(uids), [b"RFC822.SIZE"])
        return {uid: int(d[b"RFC822.SIZE"]) for uid, d in data.items() if b"RFC822.SIZE" in d}

    def fetch(self, uids: Sequence[int]) -> list[FetchedMessage]:
        """Whole messages."""
        return self._fetch_section(uids, b"")

    def fetch_headers(self, uids: Sequence[int]) -> list[FetchedMessage]:
        """Only the header section: for mail too large to fetch whole."""
        return self._fetch_section(uids, b"HEADER")

    def _fetch_section(self, uids: Sequence[int], section: bytes) -> list[FetchedMessage]:
        """BODY.PEEK[section] of each message, in UID order; PEEK never sets \\Seen (RFC 3501
        §6.4.5), and the server answers it as BODY[section]. A UID gone meanwhile is left out."""
        if not uids:
            return []
        data = self._c.fetch(list(uids), [b"BODY.PEEK[" + section + b"]"])
        key = b"BODY[" + section + b"]"
        return [FetchedMessage(uid, bytes(data[uid][key])) for uid in sorted(data) if key in data[uid]]

    def ensure_folder(self, name: str) -> None:
        if name in self._known_folders:
            return
        if not self._c.folder_exists(name):
            try:
                self._c.create_folder(name)
            except IMAPClientError:
                # Another instance may have created it in between.
                if not self._c.folder_exists(name):
                    raise
        self._known_folders.add(name)

    def move_many(self, uids: Sequence[int], folder: str) -> None:
        """MOVE (RFC 6851) when offered, else COPY + \\Deleted + UID EXPUNGE (RFC 4315).

        UIDs that no longer exist are no error: the move already happened (a crash
        between the move and its bookkeeping), or a person deleted the message."""
        if not uids:
            return
        self.ensure_folder(folder)
        if self._c.has_capability("MOVE"):
            try:
                self._c.move(list(uids), folder)
            except IMAPClientError:
                # Some were expunged meanwhile (RFC 5530 EXPUNGEISSUED): move the rest.
                left = self._c.search([b"UID", ",".join(map(str, uids)).encode()])
                if left:
                    self._c.move(left, folder)
            return
        self._c.copy(list(uids), folder)
        self._c.add_flags(list(uids), [imapclient.DELETED])
        if self._c.has_capability("UIDPLUS"):
            self._c.uid_expunge(list(uids))
        else:
            self._c.expunge()

    def find_by_message_id(self, folder: str, message_id: str) -> list[int]:
        """UIDs in another folder carrying this Message-ID (to move a set-aside copy).

        The id came in a mail: imapclient quotes a search string only for spaces, quotes
        and backslashes, so a CR or LF in it would end the command and start another
        (RFC 3501 §4.3: a quoted string holds no CR or LF). An id with any control
        character is not searched for; a UTF-8 id (RFC 6532) goes as a literal."""
        if not message_id or _UNSAFE_SEARCH.search(message_id):
            log.warning("not searching %s for a Message-ID with control characters: %r", folder, message_id)
            return []
        if not self._c.folder_exists(folder):
            return []
        self._c.select_folder(folder)
        try:
            if message_id.isascii():
                return list(self._c.search(["HEADER", "Message-ID", message_id]))
            # 8-bit arguments are sent as literals (RFC 3501 §4.3) with CHARSET (§6.4.4).
            return list(self._c.search(["HEADER", "Message-ID", message_id], charset="UTF-8"))
        finally:
            self._c.select_folder(self._s.mailbox)

    def fetch_from(self, folder: str, uids: Sequence[int]) -> list[FetchedMessage]:
        """Whole messages from another folder (a set-aside mail fetched again)."""
        if not uids:
            return []
        self._c.select_folder(folder, readonly=True)
        try:
            return self.fetch(uids)
        finally:
            self._c.select_folder(self._s.mailbox)

    def move_from(self, folder: str, uids: Sequence[int], target: str) -> None:
        self._c.select_folder(folder)
        try:
            self.move_many(uids, target)
        finally:
            self._c.select_folder(self._s.mailbox)


def _connect(settings: ImapSettings) -> Any:
    # Read before connecting: an unreadable password file is a config error, no socket opened.
    password = settings.secret() if settings.oauth is None else ""
    if settings.security == "tls":
        client = imapclient.IMAPClient(settings.host, settings.port, ssl=True,
                                       ssl_context=tls_context(settings.ca_file),
                                       timeout=settings.timeout)
    else:
        client = imapclient.IMAPClient(settings.host, settings.port, ssl=False,
                                       timeout=settings.timeout)
        if settings.security == "starttls":
            client.starttls(tls_context(settings.ca_file))
    try:
        if settings.oauth is None:
            client.login(settings.user, password)
        else:
            token = token_for(settings.oauth, "imap")
            if settings.oauth.mechanism == "OAUTHBEARER":
                client.oauthbearer_login(settings.user, token)
            else:
                client.oauth2_login(settings.user, token)
    except LoginError as exc:
        client.shutdown()
        if "[UNAVAILABLE]" in str(exc):
            # RFC 5530 §3: the server could not check the credentials just now (its
            # password database or OAuth2 provider is down), not that they are wrong.
            raise MailServerUnavailable(f"IMAP {settings.host}: login not possible now: {exc}") from None
        raise ConfigError("imap.user", f"login refused by {settings.host}: {exc}") from None
    return client


@contextmanager
def open_mailbox(settings: ImapSettings) -> Iterator[ImapMailbox]:
    """Connect, log in and select; every transport failure becomes MailServerUnavailable."""
    try:
        client = _connect(settings)
    except ConfigError:
        raise
    except _TRANSIENT as exc:
        raise MailServerUnavailable(f"IMAP {settings.host}:{settings.port}: {exc}") from exc
    box = ImapMailbox(client, settings)
    try:
        box.select()
        yield box
    except _TRANSIENT as exc:
        raise MailServerUnavailable(f"IMAP {settings.host}:{settings.port}: {exc}") from exc
    finally:
        try:
            client.logout()
        except Exception:  # the connection may already be gone; nothing left to save
            log.debug("IMAP logout failed", exc_info=True)
            with contextlib.suppress(Exception):
                client.shutdown()


class ImapWatcher:
    """A second connection parked in IDLE (RFC 2177) on the mailbox; says when mail arrives.

    RFC 2177 asks clients to re-issue IDLE at least every 29 minutes, since servers
    may drop an idle connection after 30; we renew well before.
    """

    RENEW = 25 * 60

    def __init__(self, settings: ImapSettings, clock: Any = None) -> None:
        import time

        self._s = settings
        self._clock = clock or time.monotonic
        self._client: Any = None
        self._idle_since = 0.0

    def _start(self) -> None:
        try:
            self._client = _connect(self._s)
            if not self._client.has_capability("IDLE"):
                self.close()
                raise IdleUnsupported(f"IMAP {self._s.host} does not offer IDLE")
            self._client.select_folder(self._s.mailbox, readonly=True)
            self._client.idle()
            self._idle_since = self._clock()
        except _TRANSIENT as exc:
            self.close()
            raise MailServerUnavailable(f"IMAP IDLE {self._s.host}: {exc}") from exc

    def wait(self, timeout: float) -> bool:
        """Block up to `timeout` seconds; True when the server announced new mail."""
        if self._client is None:
            self._start()
        try:
            if self._clock() - self._idle_since > self.RENEW:
                self._client.idle_done()
                self._client.idle()
                self._idle_since = self._clock()
            responses = self._client.idle_check(timeout=timeout)
        except _TRANSIENT as exc:
            self.close()
            raise MailServerUnavailable(f"IMAP IDLE {self._s.host}: {exc}") from exc
        return any(len(r) >= 2 and r[1] in (b"EXISTS", b"RECENT") for r in responses)

    def close(self) -> None:
        if self._client is None:
            return
        client, self._client = self._client, None
        with contextlib.suppress(Exception):  # leaving anyway
            client.idle_done()
        try:
            client.logout()
        except Exception:  # the connection is broken: drop it
            client.shutdown()
