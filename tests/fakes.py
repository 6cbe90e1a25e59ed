"""In-memory stand-ins for the pipeline's unit tests and fault injection (never for integration)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from mailreader.errors import MailServerUnavailable
from mailreader.mail.imap import FetchedMessage
from mailreader.readings.service import SubmitResult


@dataclass
class FakeServer:
    """A mailbox with folders; UIDs only grow, as RFC 3501 promises."""

    folders: dict[str, dict[int, bytes]] = field(default_factory=lambda: {"INBOX": {}})
    uidvalidity: int = 1
    next_uid: int = 1
    down: bool = False
    moves: list[tuple[int, str]] = field(default_factory=list)

    def deliver(self, raw: bytes, folder: str = "INBOX") -> int:
        uid = self.next_uid
        self.next_uid += 1
        self.folders.setdefault(folder, {})[uid] = raw
        return uid

    @contextmanager
    def open(self, _settings: Any) -> Iterator[FakeMailbox]:
        if self.down:
            raise MailServerUnavailable("fake IMAP down")
        yield FakeMailbox(self)


class FakeMailbox:
    def __init__(self, server: FakeServer) -> None:
        self.server = server
        self.uidvalidity = server.uidvalidity

    @property
    def inbox(self) -> dict[int, bytes]:
        return self.server.folders["INBOX"]

    def uids_after(self, last_uid: int) -> list[int]:
        return sorted(u for u in self.inbox if u > last_uid)

    def sizes(self, uids: Sequence[int]) -> dict[int, int]:
        return {u: len(self.inbox[u]) for u in uids if u in self.inbox}

    def fetch(self, uids: Sequence[int]) -> list[FetchedMessage]:
        return [FetchedMessage(u, self.inbox[u]) for u in uids if u in self.inbox]

    def fetch_headers(self, uids: Sequence[int]) -> list[FetchedMessage]:
        return [FetchedMessage(u, self.inbox[u].split(b"\r\n\r\n")[0] + b"\r\n\r\n")
                for u in uids if u in self.inbox]

    def move_many(self, uids: Sequence[int], folder: str) -> None:
        for uid in uids:
            raw = self.inbox.pop(uid, None)
            if raw is not None:
                self.server.folders.setdefault(folder, {})[self.server.next_uid] = raw
                self.server.next_uid += 1
                self.server.moves.append((uid, folder))

    def find_by_message_id(self, folder: str, message_id: str) -> list[int]:
        return [u for u, raw in self.server.folders.get(folder, {}).items()
                if message_id.encode() in raw]

    def fetch_from(self, folder: str, uids: Sequence[int]) -> list[FetchedMessage]:
        box = self.server.folders.get(folder, {})
        return [FetchedMessage(u, box[u]) for u in uids if u in box]

    def move_from(self, folder: str, uids: Sequence[int], target: str) -> None:
        for u in uids:
            raw = self.server.folders[folder].pop(u)
            self.server.folders.setdefault(target, {})[u] = raw


@dataclass
class FakeSmtp:
    sent: list[tuple[str, bytes]] = field(default_factory=list)
    down: bool = False

    @contextmanager
    def open(self, _settings: Any) -> Iterator[FakeSmtp]:
        if self.down:
            raise MailServerUnavailable("fake SMTP down")
        yield self

    def send(self, raw: bytes, *, envelope_from: str, to: str) -> None:
        if self.down:
            raise MailServerUnavailable("fake SMTP down")
        self.sent.append((to, raw))


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime(2026, 11, 20, 3, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class FakeReadings:
    """Accepts every submission of a known account; remembers what it recorded."""

    def __init__(self, known: set[str], recorded: list[tuple[str, dict[str, int]]]) -> None:
        self.known, self.recorded = known, recorded

    def submit(self, account: str, readings: dict[str, int], **_: Any) -> SubmitResult:
        values = tuple(sorted(readings.items()))
        if account not in self.known:
            return SubmitResult(account=account, status="unknown_account", values=values)
        self.recorded.append((account, dict(readings)))
        return SubmitResult(account=account, status="recorded", values=values, period="2026-11")
