"""Whom to answer (RFC 3834 §2) and in what form the address can travel in a 7-bit reply."""

from __future__ import annotations

import pytest

from mailreader.daemon.respond import answerable
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


def test_a_personal_reply_goes_to_from_never_to_reply_to() -> None:
    forged = info("resident@example.org", reply_to="attacker@evil.test")
    assert answerable(forged, OWN, personal=True) == "resident@example.org"
    assert answerable(forged, OWN, personal=False) == "attacker@evil.test"
    # No usable From: a personal reply has nowhere to go, whatever Reply-To says.
    assert answerable(info(None, reply_to="attacker@evil.test"), OWN, personal=True) is None
    assert answerable(info("иван@почта.рф", reply_to="attacker@evil.test"), OWN, personal=True) is None


def test_a_personal_plan_is_one_with_a_registered_sender() -> None:
    from mailreader.daemon.respond import plan
    from mailreader.readings.service import SubmitResult

    stranger = SubmitResult("121000000000", "recorded", (("t1", 600),))
    owner = SubmitResult("241000356712", "recorded", (("t1", 600),), registered=True)
    assert plan("result", [stranger]).personal is False
    assert plan("result", [stranger, owner]).personal is True
    assert plan("no_account").personal is False


@pytest.mark.parametrize(("status", "shown"), [
    ("recorded", "recorded"), ("updated", "recorded"), ("unchanged", "recorded"),
    ("lower_than_last", "not_accepted"), ("implausible", "not_accepted"),
    ("zone_mismatch", "not_accepted"), ("stranger_limit", "not_accepted"),
    ("registered_in_force", "not_accepted"),
    ("unknown_account", "unknown_account"), ("outside_window", "outside_window"),
])
def test_a_stranger_learns_nothing_about_what_is_stored(status: str, shown: str) -> None:
    from mailreader.daemon.respond import outcome
    from mailreader.readings.service import SubmitResult

    result = SubmitResult("121000000000", status, (("t1", 600),), consumption=(("t1", 40),),
                          meter_zones=2, period="2026-11")
    told = outcome(result)
    assert told.status == shown
    if shown in ("recorded", "not_accepted"):
        assert told.meter_zones is None
        assert all(v.consumption is None for v in told.values)
    owner = outcome(SubmitResult("121000000000", status, (("t1", 600),), consumption=(("t1", 40),),
                                 meter_zones=2, registered=True))
    assert (owner.status, owner.meter_zones) == (status, 2)
