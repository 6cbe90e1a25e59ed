"""The seams between the daemon and its adapters, as small `Protocol`s: the daemon sees
these, the adapters (mail/imap.py, mail/smtp.py, the readings service) and the tests'
fakes implement them. Imports nothing heavy: the courier and the parse worker load it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from mailreader.readings.service import SubmitResult


@dataclass(frozen=True)
class FetchedMessage:
    """One mail as fetched: its UID in the selected mailbox and its raw bytes."""

    uid: int
    raw: bytes


class Mailbox(Protocol):
    """The configured IMAP mailbox, logged in and selected."""

    uidvalidity: int

    def uids_after(self, last_uid: int) -> list[int]: ...
    def sizes(self, uids: Sequence[int]) -> dict[int, int]: ...
    def fetch(self, uids: Sequence[int]) -> list[FetchedMessage]: ...
    def fetch_headers(self, uids: Sequence[int]) -> list[FetchedMessage]: ...
    def move_many(self, uids: Sequence[int], folder: str) -> None: ...
    def find_by_message_id(self, folder: str, message_id: str) -> list[int]: ...
    def fetch_from(self, folder: str, uids: Sequence[int]) -> list[FetchedMessage]: ...
    def move_from(self, folder: str, uids: Sequence[int], target: str) -> None: ...


class Sender(Protocol):
    """An open SMTP session: one reply handed over per call."""

    def send(self, raw: bytes, *, envelope_from: str, to: str) -> None: ...


class Readings(Protocol):
    """The readings service as the daemon uses it: one submission at a time."""

    def submit(self, account: str, readings: Mapping[str, int], *, channel: str, source: str,
               sender: str | None) -> SubmitResult: ...
