"""The settings: frozen, validated values, one dataclass per TOML table, read once by
`mailreader.config.load` and passed explicitly (no global)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path

from mailreader.config.credentials import read_secret
from mailreader.mail.oauth import OAuthSettings
from mailreader.readings.service import ReadingsSettings


@dataclass(frozen=True)
class ImapSettings:
    host: str = "127.0.0.1"
    port: int = 143
    security: str = "none"
    user: str = ""
    password: str = field(default="", repr=False)
    password_file: str = ""  # read only when logging in (see `secret`)
    ca_file: Path | None = None
    mailbox: str = "INBOX"
    processed_folder: str = "Processed"
    failed_folder: str = "Failed"
    batch_size: int = 50
    batch_bytes: int = 32 * 1024 * 1024
    timeout: float = 30.0
    max_message_size: int = 10 * 1024 * 1024
    idle: str = "auto"
    oauth: OAuthSettings | None = None  # set: log in with XOAUTH2/OAUTHBEARER instead of a password

    def secret(self) -> str:
        """The password, read from its file now: only commands that log in ask for it."""
        return read_secret("imap.password_file", self.password_file) if self.password_file else self.password


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "127.0.0.1"
    port: int = 25
    security: str = "none"
    user: str | None = None
    password: str = field(default="", repr=False)
    password_file: str = ""
    ca_file: Path | None = None
    from_addr: str = ""
    envelope_from: str = ""  # "" = the null reverse-path <> (RFC 3834 §3.3)
    timeout: float = 30.0
    local_hostname: str = "localhost"
    oauth: OAuthSettings | None = None

    def secret(self) -> str:
        return read_secret("smtp.password_file", self.password_file) if self.password_file else self.password


@dataclass(frozen=True)
class DatabaseSettings:
    url: str
    password: str = field(default="", repr=False)
    password_file: str = ""  # for every command: the database is everyone's

    def secret(self) -> str:
        if self.password_file:
            return read_secret("database.password_file", self.password_file)
        return self.password


@dataclass(frozen=True)
class RepliesSettings:
    hotline: str = ""
    site: str = ""
    max_per_sender_per_day: int = 10
    subject_max_len: int = 120


@dataclass(frozen=True)
class PipelineSettings:
    max_attempts: int = 3
    message_timeout: float = 60.0


@dataclass(frozen=True)
class TrustSettings:
    """Who may learn and change what (README "Security")."""

    # The receiving server's authserv-ids (RFC 8601): empty, nothing is authenticated.
    authserv_ids: frozenset[str] = frozenset()
    # Replies per hour, all together, to addresses never answered before (backscatter).
    new_recipients_per_hour: int = 100


@dataclass(frozen=True)
class RemoteReadingsSettings:
    """`[readings] backend = "http"`: readings are submitted to this service's API."""

    url: str
    token_file: str  # the bearer token, read when it is sent (again whenever the file changes)
    timeout: float = 10.0


@dataclass(frozen=True)
class ApiSettings:
    """`mailreader serve`: the readings service over HTTP (mailreader/api)."""

    listen: str = "127.0.0.1:8080"
    tokens_file: str = ""  # the bearer tokens with their scopes (mailreader.api.tokens)


@dataclass(frozen=True)
class Settings:
    imap: ImapSettings
    smtp: SmtpSettings
    database_url: str
    poll_interval: float
    readings: ReadingsSettings
    replies: RepliesSettings
    pipeline: PipelineSettings
    state_dir: Path
    log_format: str = "text"
    log_level: str = "INFO"
    metrics_listen: str = ""
    lease_ttl: float = 60.0
    database: DatabaseSettings | None = None  # None: database_url alone, no password
    trust: TrustSettings = TrustSettings()
    keep_raw_days: int = 90  # raw bytes of decided mail are dropped after this; 0 = kept forever
    # None: the built-in readings service, in this database; set: a remote one over HTTP.
    remote_readings: RemoteReadingsSettings | None = None
    api: ApiSettings = ApiSettings()

    @property
    def database_settings(self) -> DatabaseSettings:
        return self.database or DatabaseSettings(self.database_url)

    @functools.cached_property  # asked for every reply; settings never change
    def own_addresses(self) -> frozenset[str]:
        """Addresses that are ours: never answered (no mail loops)."""
        found = {self.imap.user.lower(), parseaddr(self.smtp.from_addr)[1].lower()}
        return frozenset(a for a in found if "@" in a)
