"""Builders shared by the integration tests: resident mail, a config for the live stack."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from mailreader.app import build_deps
from mailreader.cli import cli
from mailreader.cli import commands as _commands  # noqa: F401  (registers the commands)
from mailreader.config import Settings, parse_settings
from mailreader.pipeline import Deps


def resident_mail(sender: str, body: str, *, subject: str = "Показания", to: str = "energy@mail.test",
                  headers: dict[str, str] | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain="mail.test")
    for k, v in (headers or {}).items():
        msg[k] = v
    msg.set_content(body)
    return msg.as_bytes()


def settings_for(stack: Any, db_url: str, **sections: dict[str, Any]) -> Settings:
    data: dict[str, dict[str, Any]] = {
        "imap": {"host": "127.0.0.1", "port": stack.imap_port, "security": "none",
                 "user": "energy@mail.test", "password": "energy", "timeout": 10},
        "smtp": {"host": "127.0.0.1", "port": stack.smtp_port, "security": "none",
                 "from": "Красноярскэнергосбыт <energy@mail.test>", "timeout": 10},
        "database": {"url": db_url},
        "replies": {"hotline": "8-800-000-00-00", "site": "https://lk.example.test"},
        "daemon": {"lease_ttl": 5},
    }
    for name, values in sections.items():
        data.setdefault(name, {}).update(values)
    return parse_settings(data, {})


def write_config(path: Path, settings_toml: str) -> Path:
    path.write_text(settings_toml, encoding="utf-8")
    return path


def deps_for(settings: Settings, **kw: Any) -> Deps:
    deps = build_deps(settings)
    for k, v in kw.items():
        setattr(deps, k, v)
    return deps


def import_accounts(config: Path, csv_path: Path) -> str:
    result = CliRunner().invoke(cli, ["--config", str(config), "accounts", "import", str(csv_path)])
    assert result.exit_code == 0, result.output
    return result.output
