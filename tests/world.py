"""The in-memory world for pipeline tests: fakes, a fixed clock and a real database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from mailreader.config import parse_settings
from mailreader.daemon.deps import Deps
from mailreader.db.engine import make_engine, session_factory
from mailreader.db.models import Message, Outbox
from mailreader.db.schema import upgrade
from parsers import Decision, Submission
from tests.fakes import Clock, FakeReadings, FakeServer, FakeSmtp


def mail(body: str, *, sender: str = "ivan@example.org", subject: str = "Показания",
         msgid: str = "<m1@example.org>", extra: str = "") -> bytes:
    return (f"From: {sender}\r\nTo: energy@example.ru\r\nSubject: {subject}\r\n"
            f"Message-ID: {msgid}\r\n{extra}Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
            ).encode()


def fake_parse(raw: bytes) -> Decision:
    """Decides from a marker in the body: RECORD acct value | REJECT reason [seen…] | IGNORE | BOOM."""
    text = raw.decode()
    if "BOOM" in text:
        raise RuntimeError("parser exploded")
    for line in text.splitlines():
        word = line.split()
        if word and word[0] == "RECORD":
            return Decision("record", None, (Submission.of(word[1], {"t1": int(word[2])}),))
        if word and word[0] == "REJECT":
            return Decision("reject", word[1], candidates=tuple(word[2:]))
        if word and word[0] == "AUTO":
            return Decision("ignore", "auto_generated")
    return Decision("ignore", "not_readings")


class World:
    def __init__(self, db_url: str, **cfg: Any) -> None:
        data = {"imap": {"user": "energy@example.ru"}, "smtp": {"from": "Энергосбыт <energy@example.ru>"},
                "database": {"url": db_url}}
        for section, values in cfg.items():
            data.setdefault(section, {}).update(values)
        self.settings = parse_settings(data, {})
        self.server, self.smtp, self.clock = FakeServer(), FakeSmtp(), Clock()
        self.recorded: list[tuple[str, dict[str, int]]] = []
        self.engine = make_engine(self.settings.database_url)
        upgrade(self.engine)  # what `mailreader db upgrade` does
        self.deps = Deps(
            settings=self.settings, sessions=session_factory(self.engine),
            open_mailbox=self.server.open, open_sender=self.smtp.open, now=self.clock,
            parse=fake_parse, readings=lambda s: FakeReadings({"121000000000"}, self.recorded),
        )

    def rows(self) -> list[Message]:
        with self.deps.sessions() as s:
            return list(s.query(Message).order_by(Message.id))

    def outbox(self) -> list[Outbox]:
        with self.deps.sessions() as s:
            return list(s.query(Outbox).order_by(Outbox.id))


@pytest.fixture
def make_world(db_url: str) -> Iterator[Callable[..., World]]:
    made: list[World] = []

    def make(**cfg: Any) -> World:
        made.append(World(db_url, **cfg))
        return made[-1]

    yield make
    for w in made:
        w.engine.dispose()


@pytest.fixture
def world(make_world: Callable[..., World]) -> World:
    return make_world()
