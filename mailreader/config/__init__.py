"""Reads the TOML configuration once into frozen, validated settings (`settings.py`),
table by table (`sections.py`), with secrets from files or the environment
(`credentials.py`).

Every problem is reported as a `ConfigError` naming the key (``imap.port: …``);
the CLI prints that one line and exits 78 (EX_CONFIG).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mailreader.config import sections
from mailreader.config.sections import state_dir
from mailreader.config.settings import (
    ApiSettings,
    DatabaseSettings,
    ImapSettings,
    PipelineSettings,
    RemoteReadingsSettings,
    RepliesSettings,
    Settings,
    SmtpSettings,
    TrustSettings,
)
from mailreader.errors import ConfigError

__all__ = ["ApiSettings", "DatabaseSettings", "ImapSettings", "PipelineSettings", "RemoteReadingsSettings",
           "RepliesSettings", "Settings", "SmtpSettings", "TrustSettings", "load", "parse_settings",
           "state_dir"]

#: The deployed configuration: the installed service and an operator's shell read the same file.
DEFAULT_CONFIG = Path("/etc/mailreader/config.toml")


def parse_settings(data: Mapping[str, Any], env: Mapping[str, str], base: Path | None = None) -> Settings:
    known = {"imap", "smtp", "database", "schedule", "readings", "replies", "pipeline", "daemon", "metrics",
             "trust", "storage", "api"}
    for key in data:
        if key not in known:
            raise ConfigError(key, "unknown section")
    sec = {name: sections.Section(name, data.get(name, {})) for name in known}
    daemon = sec["daemon"]
    sdir = state_dir(env, daemon.get("state_dir", str, ""), base)
    database = sections.database(sec["database"], env, sdir)
    settings = Settings(
        imap=sections.imap(sec["imap"], env),
        smtp=sections.smtp(sec["smtp"], env),
        database_url=database.url,
        poll_interval=sec["schedule"].get("poll_interval", float, 60.0, sections.positive),
        readings=sections.readings(sec["readings"], sec["replies"], sec["trust"]),
        replies=RepliesSettings(
            hotline=sec["replies"].get("hotline", str, ""),
            site=sec["replies"].get("site", str, ""),
            max_per_sender_per_day=sec["replies"].get("max_per_sender_per_day", int, 10, sections.positive),
            subject_max_len=sec["replies"].get("subject_max_len", int, 120, sections.positive),
        ),
        pipeline=PipelineSettings(
            max_attempts=sec["pipeline"].get("max_attempts", int, 3, sections.positive),
            message_timeout=sec["pipeline"].get("message_timeout", float, 60.0, sections.positive),
        ),
        state_dir=sdir,
        log_format=daemon.get("log_format", str, "text", sections.one_of("text", "json")),
        log_level=daemon.get("log_level", str, "INFO", sections.one_of("DEBUG", "INFO", "WARNING", "ERROR")),
        metrics_listen=sec["metrics"].get("listen", str, "", sections.listen),
        lease_ttl=daemon.get("lease_ttl", float, 60.0, sections.positive),
        database=database,
        trust=sections.trust(sec["trust"]),
        keep_raw_days=sec["storage"].get("keep_raw_days", int, 90, sections.days),
        remote_readings=sections.backend(sec["readings"], env),
        api=ApiSettings(
            listen=sec["api"].get("listen", str, "127.0.0.1:8080", sections.api_listen),
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
