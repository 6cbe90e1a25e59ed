"""Whom to answer (RFC 3834 §2) and in what form the address can travel in a 7-bit reply."""

from __future__ import annotations

import pytest

from mailreader.respond import answerable
from parsers import MessageInfo

OWN = frozenset({"energy@example.ru"})


def info(from_addr: str | None, *, reply_to: str | None = None,
         return_path: str | None = None) -> MessageInfo:
    return MessageInfo(message_id="<m@x>", subject="Показания", from_addr=from_addr, reply_to=reply_to,
                       return_path=return_path)


@pytest.mark.parametrize(("sender", "expected"), [
    ("ivan@example.org", "ivan@example.org"),
    ("ivan@почта.рф", "ivan@xn--80a1acny.xn--p1ai"),  # IDNA (RFC 5890): carried in 7 bits
    ("иван@почта.рф", None),  # a UTF-8 local part needs SMTPUTF8 (RFC 6531)
    ("ivan", None),
    ("@example.org", None),
    ("ENERGY@example.ru", None),  # ourselves: no loop
    ("MAILER-DAEMON@example.org", None),
    ("no-reply@example.org", None),
])
def test_answerable(sender: str, expected: str | None) -> None:
    assert answerable(info(sender), OWN) == expected


def test_reply_to_wins_and_a_null_return_path_is_never_answered() -> None:
    assert answerable(info("ivan@example.org", reply_to="anna@почта.рф"), OWN) == "anna@xn--80a1acny.xn--p1ai"
    assert answerable(info("ivan@example.org", return_path=""), OWN) is None
