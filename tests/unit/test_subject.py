"""CONTRACT.md "Subject rule": decoding, prefixes, look-alikes, the «показани» stem."""

from __future__ import annotations

import pytest

from parsers.subject import decode_subject, is_forward, names_readings, strip_prefixes


@pytest.mark.parametrize(
    "subject",
    [
        "Показания",
        "показания за ноябрь",
        "ПОКАЗАНИЯ",
        "Передача показаний",
        "Показание счетчика",
        "О показаниях",
        "Re: Показания",
        "RE: RE: Fwd: Показания",
        "Re[2]: Показания",
        "Отв: Ответ: Пересл: показания",
        "[Fwd: Показания]",
        "Пoкaзaния",  # Latin o, a
        "ПOKAЗAHИЯ",  # Latin O, K, A, H
        "Показания240012345678",
        "По\u00adказания",  # soft hyphen
    ],
)
def test_names_readings(subject: str) -> None:
    assert names_readings(subject)


@pytest.mark.parametrize(
    "subject",
    ["", "Показатели", "Счетчик", "Вопрос по квитанции", "Показ", "Re:", "Данные прибора"],
)
def test_does_not_name_readings(subject: str) -> None:
    assert not names_readings(subject)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("=?utf-8?b?0J/QvtC60LDQt9Cw0L3QuNGP?=", "Показания"),
        ("=?koi8-r?q?=F0=CF=CB=C1=DA=C1=CE=C9=D1?=", "Показания"),
        ("=?utf-8?q?Re=3A_?= =?utf-8?b?0J/QvtC60LDQt9Cw0L3QuNGP?=", "Re: Показания"),
        ("=?windows-1251?b?z+7q4Ofg7ej/?=", "Показания"),
        ("=?x-unknown?b?0J/QvtC60LDQt9Cw0L3QuNGP?=", "Показания"),
        ("=?utf-8?b?broken", "=?utf-8?b?broken"),
        ("plain text", "plain text"),
        (None, ""),
    ],
)
def test_decode_subject(raw: str | None, text: str) -> None:
    assert decode_subject(raw) == text


def test_raw_eight_bit_subject_is_decoded() -> None:
    raw = "Показания".encode("cp1251").decode("ascii", "surrogateescape")
    assert decode_subject(raw) == "Показания"


def test_strip_prefixes_keeps_the_rest() -> None:
    assert strip_prefixes("Re: Fwd: RE[3]: Показания за май") == "Показания за май"
    assert strip_prefixes("Rental: flat") == "Rental: flat"


@pytest.mark.parametrize(
    ("subject", "forward"),
    [("Fwd: x", True), ("Пересл: x", True), ("FW: x", True), ("Re: Fwd: x", False)],
)
def test_is_forward(subject: str, forward: bool) -> None:
    assert is_forward(subject) is forward
