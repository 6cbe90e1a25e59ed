"""Builders shared by the integration tests: resident mail and a daemon wired to the live stack."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from sqlalchemy import Engine

from mailreader import config
from mailreader.cli import cli
from mailreader.cli import commands as _commands  # noqa: F401  (registers the commands)
from mailreader.daemon.app import build_deps
from mailreader.daemon.cycle import poll_once
from mailreader.daemon.deps import Deps
from mailreader.db.engine import make_engine
from mailreader.db.schema import upgrade
from mailreader.ops.report import CycleReport

ENERGY = "energy@mail.test"


def resident_mail(sender: str, body: str, *, subject: str = "Показания",
                  headers: dict[str, str] | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ENERGY
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain="mail.test")
    for k, v in (headers or {}).items():
        msg[k] = v
    msg.set_content(body)
    return msg.as_bytes()


def text_of(raw: bytes) -> str:
    """The text/plain part of a reply, decoded."""
    msg = message_from_bytes(raw, policy=policy.default)
    part = msg.get_body(preferencelist=("plain",))  # type: ignore[attr-defined]
    assert part is not None
    return str(part.get_content())


def _toml(data: dict[str, dict[str, Any]]) -> str:
    lines = []
    for section, values in data.items():
        lines.append(f"[{section}]")
        lines += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in values.items()]
    return "\n".join(lines) + "\n"


@dataclass
class Daemon:
    """mailreader configured against the live Dovecot + Postfix and one database."""

    config_path: Path
    deps: Deps
    engine: Engine

    def poll(self) -> CycleReport:
        return poll_once(self.deps)

    def cli(self, *args: str) -> Any:
        return CliRunner().invoke(cli, ["--config", str(self.config_path), *args])

    def import_accounts(self, tmp: Path, csv_text: str) -> str:
        path = tmp / f"accounts-{uuid.uuid4().hex[:6]}.csv"
        path.write_text(csv_text, encoding="utf-8")
        result = self.cli("accounts", "import", str(path))
        assert result.exit_code == 0, result.output
        return str(result.output)


def make_daemon(stack: Any, db_url: str, tmp: Path, **sections: dict[str, Any]) -> Daemon:
    data: dict[str, dict[str, Any]] = {
        "imap": {"host": "127.0.0.1", "port": stack.imap_port, "security": "none",
                 "user": ENERGY, "password": "energy", "timeout": 10},
        "smtp": {"host": "127.0.0.1", "port": stack.smtp_port, "security": "none",
                 "from": f"Красноярскэнергосбыт <{ENERGY}>", "timeout": 10},
        "database": {"url": db_url},
        "replies": {"hotline": "8-800-000-00-00", "site": "https://lk.example.test"},
        "daemon": {"lease_ttl": 5},
    }
    for name, values in sections.items():
        data.setdefault(name, {}).update(values)
    path = tmp / f"mailreader-{uuid.uuid4().hex[:6]}.toml"
    path.write_text(_toml(data), encoding="utf-8")
    settings = config.load(path, {})
    engine = make_engine(settings.database_url)
    upgrade(engine)  # what `mailreader db upgrade` does
    return Daemon(path, build_deps(settings, engine=engine), engine)


def email_readings(d: Daemon, account: str) -> list[dict[str, int]]:
    """What `readings show --json` lists for the account from e-mail, newest first."""
    result = d.cli("readings", "show", account, "--json")
    assert result.exit_code == 0, result.output
    return [row["readings"] for row in json.loads(result.stdout) if row["channel"] == "email"]
