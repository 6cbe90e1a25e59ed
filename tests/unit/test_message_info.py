"""`read_info`: the headers the daemon files a message by and answers to."""

from __future__ import annotations

import pytest

from parsers import read_info


def test_full_headers() -> None:
    raw = (
        b"Message-ID: <abc@mail.ru>\nFrom: =?utf-8?b?0JjQstCw0L0=?= <Ivan@Mail.ru>\n"
        b"Reply-To: Other <other@mail.ru>\nReturn-Path: <ivan@mail.ru>\n"
        b"Subject: Re: =?utf-8?b?0J/QvtC60LDQt9Cw0L3QuNGP?=\nIn-Reply-To: <c@x>\n"
        b"References: <a@x> <b@x>\n <c@x>\nDate: Mon, 23 Nov 2026 10:00:00 +0700\n\nbody\n"
    )
    info = read_info(raw)
    assert info.message_id == "<abc@mail.ru>"
    assert info.subject == "Re: Показания"
    assert info.from_addr == "Ivan@Mail.ru"
    assert info.reply_to == "other@mail.ru"
    assert info.return_path == "ivan@mail.ru"
    assert info.references == ("<a@x>", "<b@x>", "<c@x>")
    assert info.date == "Mon, 23 Nov 2026 10:00:00 +0700"


def test_reply_to_defaults_to_from_and_null_return_path() -> None:
    info = read_info(b"From: ivan@mail.ru\nReturn-Path: <>\nIn-Reply-To: <q@x>\n\n")
    assert info.reply_to == "ivan@mail.ru"
    assert info.return_path == ""
    assert info.references == ("<q@x>",)
    assert info.message_id is None and info.subject == "" and info.date is None


def test_absent_return_path_is_none() -> None:
    assert read_info(b"From: ivan@mail.ru\n\n").return_path is None


def test_raw_eight_bit_subject() -> None:
    raw = "From: a@b.ru\nSubject: Показания за май\n\n".encode("cp1251")
    assert read_info(raw).subject == "Показания за май"


@pytest.mark.parametrize("raw", [b"", b"\xff\xfe\x00", b"From: <<<>>>\nReply-To: ,,,\n\n"])
def test_never_raises(raw: bytes) -> None:
    info = read_info(raw)
    assert info.from_addr is None and info.reply_to is None


@pytest.mark.parametrize(("header", "address"), [
    # An encoded display name that decodes to an address is a display name all the same
    # (RFC 2047 §5 (3): no encoded word inside an addr-spec).
    (b"=?utf-8?q?resident4=40example.test?= <attacker@evil.test>", "attacker@evil.test"),
    (b'"resident4@example.test" <attacker@evil.test>', "attacker@evil.test"),
    (b"resident4@example.test <attacker@evil.test>", "attacker@evil.test"),  # unquoted: malformed
    (b"Ivan <ivan@mail.ru> (resident4@example.test)", "ivan@mail.ru"),  # a comment
    (b"ivan@mail.ru (=?utf-8?q?resident4=40example.test?=)", "ivan@mail.ru"),
    ("Иван <ivan@почта.рф>".encode(), "ivan@почта.рф"),  # raw UTF-8 (RFC 6532)
    (b"=?utf-8?b?0JjQstCw0L0=?= <Ivan@Mail.ru>", "Ivan@Mail.ru"),
])
def test_the_address_is_the_addr_spec_never_the_display_name(header: bytes, address: str) -> None:
    info = read_info(b"From: " + header + b"\nSubject: x\n\n")
    assert info.from_addr == address
    assert info.reply_to == address
    assert read_info(b"From: a@b.ru\nReply-To: " + header + b"\n\n").reply_to == address
