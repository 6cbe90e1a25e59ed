"""Zone labels and per-account resolution (CONTRACT.md "Readings")."""

from __future__ import annotations

from dataclasses import replace
from enum import Enum

import pytest

from parsers.assign import Refusal, assign
from parsers.candidates import scan
from parsers.checks import Checked, check
from parsers.numbers import fold
from parsers.roles import ACCOUNT, Candidate
from parsers.zones import UNKNOWN_ZONE, take_labels


class Outcome(Enum):
    """Why an account has no readings to record."""

    NONE = "no_readings"
    AMBIGUOUS = "ambiguous"


def zones(text: str) -> list[str]:
    return [lab.zone for lab in take_labels(fold(text))[1]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Т1 Т2 Т3", ["t1", "t2", "t3"]),
        ("T1 t2 T-3", ["t1", "t2", "t3"]),  # Latin letters
        ("день ночь", ["t1", "t2"]),
        ("дневной ночной дневные ночные", ["t1", "t2", "t1", "t2"]),
        ("ночъ", ["t2"]),
        ("пик полупик ночь", ["t1", "t3", "t2"]),
        ("пиковая полупиковая ночная", ["t1", "t3", "t2"]),
        ("полу-пик", ["t3"]),
        ("1 тариф 2 тариф", ["t1", "t2"]),
        ("тариф 1, тариф 2", ["t1", "t2"]),
        ("Д 4521 Н 2103", ["t1", "t2"]),
        ("Добрый день", []),
        ("Доброй ночи", []),
    ],
)
def test_labels(text: str, expected: list[str]) -> None:
    assert zones(text) == expected


def test_one_letter_alone_is_an_unknown_zone() -> None:
    assert zones("н 2103") == [UNKNOWN_ZONE]
    assert readings("ЛС 240012345678 Д. 4521 Н. 2103") == Outcome.AMBIGUOUS


def readings(body: str) -> dict[str, int] | Outcome:
    """Stages 4 and 5 on ``body``'s candidates, for one account named before it."""
    found = scan(body)
    account = Candidate("", 0, 0, ACCOUNT, "given", account="240012345678")
    verdict = check(found, assign(replace(found, accounts=(account, *found.accounts))))
    if isinstance(verdict, Refusal):
        return Outcome(verdict.reason)
    assert isinstance(verdict, Checked)
    return verdict.readings["240012345678"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("показания 4521", {"t1": 4521}),
        ("показания 04521,7 кВт·ч", {"t1": 4521}),
        ("показания 16 033", {"t1": 16033}),
        ("показания 16.033", {"t1": 16033}),  # a dot and three digits group thousands
        ("показания 16\u202f033", {"t1": 16033}),
        ("показания 12345.6", {"t1": 12345}),
        ("4521 и ещё раз 4521", {"t1": 4521}),
        ("день 4521 ночь 2103", {"t1": 4521, "t2": 2103}),
        ("4521 (день), 2103 (ночь)", {"t1": 4521, "t2": 2103}),
        ("день/ночь: 4521/2103", {"t1": 4521, "t2": 2103}),
        ("пик 1200, полупик 800, ночь 950", {"t1": 1200, "t2": 950, "t3": 800}),
        ("показания 4521, ошибся, правильно 4522", {"t1": 4522}),
        ("день 5600 ночь 2200. Исправляю: ночь 2020", {"t1": 5600, "t2": 2020}),
        ("ночь 2020, а не 2200; день 5600", {"t1": 5600, "t2": 2020}),
        ("показания 9410 (в прошлом месяце было 9275)", {"t1": 9410}),
    ],
)
def test_resolved(body: str, expected: dict[str, int]) -> None:
    assert readings(body) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("фото во вложении", Outcome.NONE),
        ("то ли 4521, то ли 4588", Outcome.AMBIGUOUS),
        ("3305 и 1120", Outcome.AMBIGUOUS),
        ("1200 800 950", Outcome.AMBIGUOUS),
        ("день 4500 ночь 2000. день 4600", Outcome.AMBIGUOUS),
        ("день 5600 ночь 2200. ошибся, правильно 2020", Outcome.AMBIGUOUS),
        ("ночь 2103", Outcome.AMBIGUOUS),  # no t1: a half reading
        ("день 4521, ночь не видно", Outcome.AMBIGUOUS),
        ("день 4521 ночь 2103 3000", Outcome.AMBIGUOUS),
        ("показания примерно 4500", Outcome.AMBIGUOUS),
    ],
)
def test_unresolved(body: str, expected: Outcome) -> None:
    assert readings(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "оплатил 1 234,56 руб",
        "на 25.11.2026",
        "за 2026 год",
        "25 ноября",
        "в 10:15",
        "кв. 42, д. 5, ул. Ленина 15",
        "тел. 8-913-123-45-67",
        "+7 (391) 257-67-07",
        "Меркурий 201.8 зав. № 41234567",
        "Энергомера CE102",
        "1) квартира\n2. дача",
        "2 фото",
        "3А",
        "25-го",
        "горячая вода 123",
        "12345678",
    ],
)
def test_distractors_are_not_values(body: str) -> None:
    assert scan(body).values == ()
