"""Reads the TOML configuration once into frozen, validated settings.

Every problem is reported as a `ConfigError` naming the key (``imap.port: …``);
the CLI prints that one line and exits 78 (EX_CONFIG).
"""

from __future__ import annotations

import functools
import ipaddress
import math
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path
from typing import Any, TypeVar

from mailreader.config.credentials import read_secret
from mailreader.errors import ConfigError
from mailreader.mail.oauth import OAuthSettings
from mailreader.readings.service import ReadingsSettings

T = TypeVar("T")
SECURITY = ("tls", "starttls", "none")
DEFAULT_PORTS = {"imap": {"tls": 993, "starttls": 143, "none": 143},
                 "smtp": {"tls": 465, "starttls": 587, "none": 25}}
#: The deployed configuration: the installed service and an operator's shell read the same file.
DEFAULT_CONFIG = Path("/etc/mailreader/config.toml")
#: The deployed state directory (systemd's StateDirectory=mailreader), whatever the current directory.
DEFAULT_STATE_DIR = Path("/var/lib/mailreader")


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


class _Section:
    """One TOML table being read; remembers which keys were used to catch typos."""

    def __init__(self, name: str, data: Any) -> None:
        if not isinstance(data, dict):
            raise ConfigError(name, "must be a table")
        self.name, self.data = name, data
        self.used: set[str] = set()

    def get(self, key: str, kind: type[T], default: T, check: Callable[[T], str | None] | None = None) -> T:
        self.used.add(key)
        if key not in self.data:
            return default
        value = self.data[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ConfigError(f"{self.name}.{key}", f"must be {kind.__name__}, got {value!r}")
        if kind is float and not math.isfinite(value):  # type: ignore[arg-type]
            # TOML has inf and nan: an infinite timeout or interval would hang or never run.
            raise ConfigError(f"{self.name}.{key}", f"must be a finite number, got {value!r}")
        problem = check(value) if check else None
        if problem:
            raise ConfigError(f"{self.name}.{key}", problem)
        return value

    def done(self) -> None:
        extra = sorted(set(self.data) - self.used)
        if extra:
            raise ConfigError(f"{self.name}.{extra[0]}", "unknown key")


def _positive(v: float) -> str | None:
    return None if v > 0 else "must be greater than 0"


def _not_negative(v: int) -> str | None:
    return None if v >= 0 else "must be 0 or more"


def _port(v: int) -> str | None:
    return None if 0 < v < 65536 else "must be a port number 1..65535"


def _one_of(*choices: str) -> Callable[[str], str | None]:
    return lambda v: None if v in choices else f"must be one of {', '.join(choices)}, got {v!r}"


def _day(v: int) -> str | None:
    return None if 1 <= v <= 31 else "must be a day of the month 1..31"


def _days(v: int) -> str | None:
    return None if 0 <= v <= 36500 else "must be a number of days 0..36500 (0 keeps raw mail forever)"


def _listen(v: str) -> str | None:
    host, _, port = v.rpartition(":")
    if not v or (host and port.isdigit() and 0 < int(port) < 65536):
        return None
    return f"must be HOST:PORT such as 127.0.0.1:9387, got {v!r}"


def _api_listen(v: str) -> str | None:
    return None if v and not _listen(v) else f"must be HOST:PORT such as 127.0.0.1:8080, got {v!r}"


def _secret(sec: _Section, env: Mapping[str, str], env_key: str) -> tuple[str, str]:
    """(password, password_file): from the environment, a file read when it is used, or
    (discouraged) the TOML itself. Parsing reads no file, so that a command that needs no
    password runs without one."""
    literal, path = sec.get("password", str, ""), sec.get("password_file", str, "")
    if env.get(env_key):
        return env[env_key], ""
    return literal, path


def _loopback(host: str) -> bool:
    # RFC 6761 §6.3: "localhost" and names under it are the loopback interface.
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _plaintext(sec: _Section, security: str, host: str) -> None:
    allowed = sec.get("allow_plaintext", bool, False)
    if security == "none" and not allowed and not _loopback(host):
        raise ConfigError(f"{sec.name}.security",
                          f"'none' would send the password and mail to {host} in clear: use tls or "
                          f"starttls, or set {sec.name}.allow_plaintext = true")


def _folder(name: str) -> str:
    # RFC 3501 §5.1: INBOX is case-insensitive; every other name is compared as written.
    return "INBOX" if name.upper() == "INBOX" else name


def _oauth(sec: _Section) -> OAuthSettings | None:
    auth = sec.get("auth", str, "password", _one_of("password", "xoauth2", "oauthbearer"))
    token_file = sec.get("oauth2_token_file", str, "")
    token_command = sec.get("oauth2_token_command", str, "")
    if auth == "password":
        return None
    if bool(token_file) == bool(token_command):
        raise ConfigError(f"{sec.name}.auth",
                          f"{auth} needs exactly one of oauth2_token_file, oauth2_token_command")
    return OAuthSettings(auth.upper(), token_file, token_command)


def _ca(sec: _Section) -> Path | None:
    ca = sec.get("ca_file", str, "")
    if ca and not Path(ca).is_file():
        raise ConfigError(f"{sec.name}.ca_file", f"no such file {ca}")
    return Path(ca) if ca else None


def _imap(sec: _Section, env: Mapping[str, str]) -> ImapSettings:
    security = sec.get("security", str, "none", _one_of(*SECURITY))
    password, password_file = _secret(sec, env, "MAILREADER_IMAP_PASSWORD")
    s = ImapSettings(
        host=sec.get("host", str, "127.0.0.1"),
        port=sec.get("port", int, DEFAULT_PORTS["imap"][security], _port),
        security=security,
        user=sec.get("user", str, ""),
        password=password,
        password_file=password_file,
        ca_file=_ca(sec),
        mailbox=sec.get("mailbox", str, "INBOX"),
        processed_folder=sec.get("processed_folder", str, "Processed"),
        failed_folder=sec.get("failed_folder", str, "Failed"),
        batch_size=sec.get("batch_size", int, 50, lambda v: None if 1 <= v <= 1000 else "must be 1..1000"),
        batch_bytes=sec.get("batch_bytes", int, 32 * 1024 * 1024, _positive),
        timeout=sec.get("timeout", float, 30.0, _positive),
        max_message_size=sec.get("max_message_size", int, 10 * 1024 * 1024, _positive),
        idle=sec.get("idle", str, "auto", _one_of("auto", "on", "off")),
        oauth=_oauth(sec),
    )
    if not s.user:
        raise ConfigError("imap.user", "is required")
    for key in ("mailbox", "processed_folder", "failed_folder"):
        if not getattr(s, key).strip():
            raise ConfigError(f"imap.{key}", "must not be empty")
    if len({_folder(s.mailbox), _folder(s.processed_folder), _folder(s.failed_folder)}) != 3:
        # Moving mail into the watched mailbox would fetch it again forever.
        raise ConfigError("imap.processed_folder", "mailbox, processed_folder and failed_folder must differ")
    _plaintext(sec, security, s.host)
    return s


def _smtp(sec: _Section, env: Mapping[str, str]) -> SmtpSettings:
    security = sec.get("security", str, "none", _one_of(*SECURITY))
    from_addr = sec.get("from", str, "")
    if "@" not in from_addr:
        raise ConfigError("smtp.from",
                          "is required: the replies' From, e.g. 'Энергосбыт <energy@example.ru>'")
    if not parseaddr(from_addr)[1].isascii():
        # Replies are 7-bit (RFC 2047 for the name); the address itself cannot be encoded.
        raise ConfigError("smtp.from", "the address must be ASCII (an IDN domain in its xn-- form); "
                          "the name before it may be in any script")
    user = sec.get("user", str, "")
    password, password_file = _secret(sec, env, "MAILREADER_SMTP_PASSWORD")
    host = sec.get("host", str, "127.0.0.1")
    _plaintext(sec, security, host)
    return SmtpSettings(
        host=host,
        port=sec.get("port", int, DEFAULT_PORTS["smtp"][security], _port),
        security=security,
        user=user or None,
        password=password,
        password_file=password_file,
        ca_file=_ca(sec),
        from_addr=from_addr,
        envelope_from=sec.get("envelope_from", str, ""),
        timeout=sec.get("timeout", float, 30.0, _positive),
        local_hostname=sec.get("local_hostname", str, "localhost"),
        oauth=_oauth(sec),
    )


def _readings(sec: _Section, replies: _Section, trust: _Section) -> ReadingsSettings:
    start = sec.get("window_start", int, 1, _day)
    end = sec.get("window_end", int, 25, _day)
    if end < start:
        raise ConfigError("readings.window_end", "must not be before window_start")
    tz = sec.get("timezone", str, "Asia/Krasnoyarsk")
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(tz)
    except Exception:
        raise ConfigError("readings.timezone", f"unknown time zone {tz!r}") from None
    return ReadingsSettings(
        window_start=start,
        window_end=end,
        timezone=tz,
        outside_window=sec.get("outside_window", str, "reject", _one_of("reject", "next_period")),  # type: ignore[arg-type]
        max_consumption=sec.get("max_consumption", int, 20000, _positive),
        # No "always" here (the service offers it to channels whose users are signed in):
        # over e-mail the consumption is personal data, for a registered sender only.
        show_consumption=replies.get("show_consumption", str, "linked", _one_of("linked", "never")),  # type: ignore[arg-type]
        stranger_limit=trust.get("stranger_submissions_per_period", int, 3, _not_negative),
    )


def _backend(sec: _Section, env: Mapping[str, str]) -> RemoteReadingsSettings | None:
    """`backend = "http"` needs a URL and a token file that can be read now: a daemon that
    could not send one submission must not start (exit 78), its mail piling up unanswered."""
    backend = sec.get("backend", str, "builtin", _one_of("builtin", "http"))
    url = sec.get("url", str, "")
    token_file = sec.get("token_file", str, "")
    timeout = sec.get("timeout", float, 10.0, _positive)
    if backend == "builtin":
        return None  # url and token_file are kept for switching back, unused
    from urllib.parse import urlsplit

    if not url:
        raise ConfigError("readings.url", 'is required with backend = "http", e.g. "https://readings.example.ru"')
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError("readings.url", f"must be an http:// or https:// URL, got {url!r}")
    if not token_file:
        raise ConfigError("readings.token_file", 'is required with backend = "http"')
    if not read_secret("readings.token_file", token_file, env):
        raise ConfigError("readings.token_file", f"{token_file} is empty")
    return RemoteReadingsSettings(url=url, token_file=token_file, timeout=timeout)


_AUTHSERV_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]{0,252}")


def _trust(sec: _Section) -> TrustSettings:
    sec.used.add("authserv_id")
    ids = sec.data.get("authserv_id", [])
    if isinstance(ids, str):
        ids = [ids] if ids else []
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise ConfigError("trust.authserv_id", f"must be a string or a list of strings, got {ids!r}")
    for i in ids:
        if not _AUTHSERV_ID.fullmatch(i):
            raise ConfigError("trust.authserv_id",
                              f"must be the receiving server's name as its Authentication-Results "
                              f"start, e.g. 'mx.example.ru', got {i!r}")
    return TrustSettings(
        authserv_ids=frozenset(i.lower() for i in ids),
        new_recipients_per_hour=sec.get("new_recipients_per_hour", int, 100, _positive),
    )


def state_dir(env: Mapping[str, str], configured: str = "", base: Path | None = None) -> Path:
    """Where the SQLite default lives: config (relative to the config file's directory), then
    $MAILREADER_STATE_DIR, then systemd's $STATE_DIRECTORY (set by StateDirectory=), then
    /var/lib/mailreader: never the current directory, so that the service and an operator's
    shell find the same database."""
    if configured:
        return (base or Path.cwd()) / configured
    found = env.get("MAILREADER_STATE_DIR") or env.get("STATE_DIRECTORY")
    return Path(found).absolute() if found else DEFAULT_STATE_DIR


def _database(sec: _Section, env: Mapping[str, str], sdir: Path) -> DatabaseSettings:
    url = sec.get("url", str, "") or f"sqlite:///{sdir / 'mailreader.sqlite3'}"
    password, password_file = _secret(sec, env, "MAILREADER_DATABASE_PASSWORD")
    return DatabaseSettings(url, password, password_file)


def parse_settings(data: Mapping[str, Any], env: Mapping[str, str], base: Path | None = None) -> Settings:
    known = {"imap", "smtp", "database", "schedule", "readings", "replies", "pipeline", "daemon", "metrics",
             "trust", "storage", "api"}
    for key in data:
        if key not in known:
            raise ConfigError(key, "unknown section")
    sec = {name: _Section(name, data.get(name, {})) for name in known}
    daemon = sec["daemon"]
    sdir = state_dir(env, daemon.get("state_dir", str, ""), base)
    database = _database(sec["database"], env, sdir)
    settings = Settings(
        imap=_imap(sec["imap"], env),
        smtp=_smtp(sec["smtp"], env),
        database_url=database.url,
        poll_interval=sec["schedule"].get("poll_interval", float, 60.0, _positive),
        readings=_readings(sec["readings"], sec["replies"], sec["trust"]),
        replies=RepliesSettings(
            hotline=sec["replies"].get("hotline", str, ""),
            site=sec["replies"].get("site", str, ""),
            max_per_sender_per_day=sec["replies"].get("max_per_sender_per_day", int, 10, _positive),
            subject_max_len=sec["replies"].get("subject_max_len", int, 120, _positive),
        ),
        pipeline=PipelineSettings(
            max_attempts=sec["pipeline"].get("max_attempts", int, 3, _positive),
            message_timeout=sec["pipeline"].get("message_timeout", float, 60.0, _positive),
        ),
        state_dir=sdir,
        log_format=daemon.get("log_format", str, "text", _one_of("text", "json")),
        log_level=daemon.get("log_level", str, "INFO", _one_of("DEBUG", "INFO", "WARNING", "ERROR")),
        metrics_listen=sec["metrics"].get("listen", str, "", _listen),
        lease_ttl=daemon.get("lease_ttl", float, 60.0, _positive),
        database=database,
        trust=_trust(sec["trust"]),
        keep_raw_days=sec["storage"].get("keep_raw_days", int, 90, _days),
        remote_readings=_backend(sec["readings"], env),
        api=ApiSettings(
            listen=sec["api"].get("listen", str, "127.0.0.1:8080", _api_listen),
            tokens_file=sec["api"].get("tokens_file", str, ""),
        ),
    )
    for s in sec.values():
        s.done()
    return settings


def load(path: Path | None, env: Mapping[str, str] | None = None) -> Settings:
    """Read and validate the configuration file: ``--config``, else $MAILREADER_CONFIG, else
    /etc/mailreader/config.toml (the installed service's)."""
    env = os.environ if env is None else env
    if path is None:
        path = Path(env["MAILREADER_CONFIG"]) if env.get("MAILREADER_CONFIG") else DEFAULT_CONFIG
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(str(path), "no such file (give another with --config PATH or "
                          "$MAILREADER_CONFIG)") from None
    except OSError as exc:
        raise ConfigError(str(path), f"cannot read: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"not valid TOML: {exc}") from None
    return parse_settings(data, env, path.absolute().parent)
