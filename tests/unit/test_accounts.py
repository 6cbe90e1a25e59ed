"""Account numbers and the one-line form (CONTRACT.md "Account numbers", "Readings")."""

from __future__ import annotations

import pytest

from parsers.accounts import take_accounts, take_stars
from parsers.numbers import MASK, fold
from parsers.roles import ACCOUNT, VALUE


def accounts(text: str) -> list[str]:
    return [hit.account for hit in take_accounts(fold(text))[1]]


@pytest.mark.parametrize(
    "text",
    [
        "л/с 240012345678",
        "Л/С 2400 1234 5678",
        "лицевой счёт: 240-012-345-678",
        "абонент 240 012 345 678",
        "ЛС:24 00 12 34 56 78",
        "номер счета 240012 345678.",
        "счет №240012345678, показания",
        "(240012345678)",
    ],
)
def test_written_forms_give_the_twelve_digits(text: str) -> None:
    assert accounts(text) == ["240012345678"]


@pytest.mark.parametrize(
    "text",
    [
        "л/с 24001234567",  # 11 digits
        "л/с 2400123456789",  # 13 digits
        "счетчик № 011234567890123",
        "тел. 8 913 123-45-67",
        "+7 (391) 257-67-07",
        "89131234567",
        "ИНН 246512345678",
        "зав. № 240012345678",
        "3307 2400 1234 5678",  # two readings of the groups: neither is taken
        "240012345678.5",
    ],
)
def test_other_numbers_are_not_accounts(text: str) -> None:
    assert accounts(text) == []


def test_value_after_the_account_is_not_glued_on() -> None:
    work, hits = take_accounts(fold("240012345678 4521"))
    assert [h.account for h in hits] == ["240012345678"]
    assert work.endswith(" 4521") and work.startswith(MASK * 12)


def test_order_of_appearance_is_kept() -> None:
    assert accounts("дача 240011110002, квартира 240011110001") == [
        "240011110002",
        "240011110001",
    ]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("121000000000*0563", (563,)),
        ("240034567812*04521*02103", (4521, 2103)),
        ("240034567812 * 4521,5 * 2103 * 3000", (4521, 2103, 3000)),
        ("2400 3456 7812*4521", (4521,)),
    ],
)
def test_star_form(text: str, values: tuple[int, ...]) -> None:
    work, hits = take_stars(fold(text))
    account, *given = hits
    assert account.role == ACCOUNT and len(account.account) == 12
    assert tuple(v.number for v in given) == values
    assert [(v.role, v.account) for v in given] == [(VALUE, account.account)] * len(values)
    assert [v.zone for v in given] == ["t1", "t2", "t3"][: len(values)]
    assert not any(c.isdigit() for c in work)


def test_star_needs_a_full_account() -> None:
    assert take_stars(fold("24003456781*4521"))[1] == []
