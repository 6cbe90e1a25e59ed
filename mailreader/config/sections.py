"""Reading the TOML tables: each key checked for its type and value and reported by name
(``imap.port: …``), unknown keys refused, secrets read from a file or the environment."""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Callable, Mapping
from email.utils import parseaddr
from pathlib import Path
from typing import Any, TypeVar

from mailreader.config.credentials import read_secret
from mailreader.config.settings import (
    DatabaseSettings,
    ImapSettings,
    RemoteReadingsSettings,
    SmtpSettings,
    TrustSettings,
)
from mailreader.errors import ConfigError
from mailreader.mail.oauth import OAuthSettings
from mailreader.readings.service import ReadingsSettings

T = TypeVar("T")
SECURITY = ("tls", "starttls", "none")
DEFAULT_PORTS = {"imap": {"tls": 993, "starttls": 143, "none": 143},
                 "smtp": {"tls": 465, "starttls": 587, "none": 25}}
#: The deployed state directory (systemd's StateDirectory=mailreader), whatever the current directory.
DEFAULT_STATE_DIR = Path("/var/lib/mailreader")


class Section:
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


def positive(v: float) -> str | None:
    return None if v > 0 else "must be greater than 0"


def _not_negative(v: int) -> str | None:
    return None if v >= 0 else "must be 0 or more"


def _port(v: int) -> str | None:
    return None if 0 < v < 65536 else "must be a port number 1..65535"


def one_of(*choices: str) -> Callable[[str], str | None]:
    return lambda v: None if v in choices else f"must be one of {', '.join(choices)}, got {v!r}"


def _day(v: int) -> str | None:
    return None if 1 <= v <= 31 else "must be a day of the month 1..31"


def days(v: int) -> str | None:
    return None if 0 <= v <= 36500 else "must be a number of days 0..36500 (0 keeps raw mail forever)"


def listen(v: str) -> str | None:
    host, _, port = v.rpartition(":")
    if not v or (host and port.isdigit() and 0 < int(port) < 65536):
        return None
    return f"must be HOST:PORT such as 127.0.0.1:9387, got {v!r}"


def api_listen(v: str) -> str | None:
    return None if v and not listen(v) else f"must be HOST:PORT such as 127.0.0.1:8080, got {v!r}"


def _secret(sec: Section, env: Mapping[str, str], env_key: str) -> tuple[str, str]:
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


def _plaintext(sec: Section, security: str, host: str) -> None:
    allowed = sec.get("allow_plaintext", bool, False)
    if security == "none" and not allowed and not _loopback(host):
        raise ConfigError(f"{sec.name}.security",
                          f"'none' would send the password and mail to {host} in clear: use tls or "
                          f"starttls, or set {sec.name}.allow_plaintext = true")


def _folder(name: str) -> str:
    # RFC 3501 §5.1: INBOX is case-insensitive; every other name is compared as written.
    return "INBOX" if name.upper() == "INBOX" else name


def _oauth(sec: Section) -> OAuthSettings | None:
    auth = sec.get("auth", str, "password", one_of("password", "xoauth2", "oauthbearer"))
    token_file = sec.get("oauth2_token_file", str, "")
    token_command = sec.get("oauth2_token_command", str, "")
    if auth == "password":
        return None
    if bool(token_file) == bool(token_command):
        raise ConfigError(f"{sec.name}.auth",
                          f"{auth} needs exactly one of oauth2_token_file, oauth2_token_command")
    return OAuthSettings(auth.upper(), token_file, token_command)


def _ca(sec: Section) -> Path | None:
    ca = sec.get("ca_file", str, "")
    if ca and not Path(ca).is_file():
        raise ConfigError(f"{sec.name}.ca_file", f"no such file {ca}")
    return Path(ca) if ca else None


def imap(sec: Section, env: Mapping[str, str]) -> ImapSettings:
    security = sec.get("security", str, "none", one_of(*SECURITY))
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
        batch_bytes=sec.get("batch_bytes", int, 32 * 1024 * 1024, positive),
        timeout=sec.get("timeout", float, 30.0, positive),
        max_message_size=sec.get("max_message_size", int, 10 * 1024 * 1024, positive),
        idle=sec.get("idle", str, "auto", one_of("auto", "on", "off")),
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


def smtp(sec: Section, env: Mapping[str, str]) -> SmtpSettings:
    security = sec.get("security", str, "none", one_of(*SECURITY))
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
        timeout=sec.get("timeout", float, 30.0, positive),
        local_hostname=sec.get("local_hostname", str, "localhost"),
        oauth=_oauth(sec),
    )


def readings(sec: Section, replies: Section, trust: Section) -> ReadingsSettings:
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
        outside_window=sec.get("outside_window", str, "reject", one_of("reject", "next_period")),  # type: ignore[arg-type]
        max_consumption=sec.get("max_consumption", int, 20000, positive),
        # No "always" here (the service offers it to channels whose users are signed in):
        # over e-mail the consumption is personal data, for a registered sender only.
        show_consumption=replies.get("show_consumption", str, "linked", one_of("linked", "never")),  # type: ignore[arg-type]
        stranger_limit=trust.get("stranger_submissions_per_period", int, 3, _not_negative),
    )


def backend(sec: Section, env: Mapping[str, str]) -> RemoteReadingsSettings | None:
    """`backend = "http"` needs a URL and a token file that can be read now: a daemon that
    could not send one submission must not start (exit 78), its mail piling up unanswered."""
    backend = sec.get("backend", str, "builtin", one_of("builtin", "http"))
    url = sec.get("url", str, "")
    token_file = sec.get("token_file", str, "")
    timeout = sec.get("timeout", float, 10.0, positive)
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


def trust(sec: Section) -> TrustSettings:
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
        new_recipients_per_hour=sec.get("new_recipients_per_hour", int, 100, positive),
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


def database(sec: Section, env: Mapping[str, str], sdir: Path) -> DatabaseSettings:
    url = sec.get("url", str, "") or f"sqlite:///{sdir / 'mailreader.sqlite3'}"
    password, password_file = _secret(sec, env, "MAILREADER_DATABASE_PASSWORD")
    return DatabaseSettings(url, password, password_file)
