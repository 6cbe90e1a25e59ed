"""Kinds of phrasing the third and fourth blind sets showed: each fixed by a general rule, with the
cases where the rule must not apply (a wrong record is worse than a refusal)."""

from __future__ import annotations

import pytest

from parsers.pipeline import extract

A = "241000356712"
B = "241000356799"
Expected = dict[str, int] | str


def _outcome(text: str) -> Expected:
    d = extract("Показания", f"ЛС {A}\n{text}")
    if d.action == "reject":
        assert d.reason is not None
        return d.reason
    [sub] = d.submissions
    assert sub.account == A
    return sub.as_dict()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A zone named again in brackets after its value is that value's label.
        ("Т1 - 4012 (пик)\nТ2 - 1833 (ночь)\nТ3 - 2950 (полупик)", {"t1": 4012, "t2": 1833, "t3": 2950}),
        ("день 4521 (день), ночь 2103 (ночь)", {"t1": 4521, "t2": 2103}),
        # (Each label in brackets after its own value, none before: as it always was.)
        ("3012 (пик), 1870 (ночь), 2550 (полупик)", {"t1": 3012, "t2": 1870, "t3": 2550}),
        ("Т1: 4521 ( дневная ) Т2: 2103 ( ночная )", {"t1": 4521, "t2": 2103}),
        # ... but a bracket naming another zone contradicts the label: refused, not guessed.
        ("Т1 - 4012 (ночь)\nТ2 - 1833 (день)", "ambiguous"),
        ("день 4521 (ночь) 2103", "ambiguous"),
    ],
)
def test_a_zone_named_again_in_brackets(text: str, expected: Expected) -> None:
    assert _outcome(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A bank card's digits, masked or not, are no value.
        ("Оплатила картой *4417 вчера. Показания 6630", {"t1": 6630}),
        ("показания 6630, платил с карты …4417", {"t1": 6630}),
        ("карта ** 4417, показания 6630", {"t1": 6630}),
        ("по карте 4417 оплачено. Показания 6630", {"t1": 6630}),
        # Years named by what happened in them: manufacture, verification, installation.
        ("Счётчик СЕ 101, год выпуска 2014, поверка до 2030.\nПоказания 7815.", {"t1": 7815}),
        ("показания 7815, счётчик изготовлен в 2012, поверен 2020", {"t1": 7815}),
        ("установлен в 2019 г., показания 7815", {"t1": 7815}),
        # A phone's extension.
        ("Показания 2 203. Мой рабочий: 8 (391) 265-18-40 доб. 215", {"t1": 2203}),
        ("показания 2203, тел 265-18-40, вн. 215", {"t1": 2203}),
    ],
)
def test_numbers_that_are_no_reading(text: str, expected: Expected) -> None:
    assert _outcome(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The reading itself after such a word stays a reading.
        ("установлен счетчик показания 2015", {"t1": 2015}),
        ("сейчас 2015", {"t1": 2015}),
        ("в этом году 2030, в прошлом 1980", {"t1": 2030}),
        # Only the number is set aside: the words stay, and "3 дата" is still a count.
        ("почему в этом месяце 3 дата поверки 2020 456,78 руб.?", "no_readings"),
        ("у нас 2 карта …1234 счётчика", "no_readings"),
        ("год выпуска на наклейке стёрт, показания 7815", {"t1": 7815}),
    ],
)
def test_values_the_new_rules_leave_alone(text: str, expected: Expected) -> None:
    assert _outcome(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A zone word, "зона"/"тариф", then a digit of another zone: the digit begins the value.
        ("пиковая зона 3 318\nполупиковая 6 002\nночная 2 440", {"t1": 3318, "t2": 2440, "t3": 6002}),
        # The same zone's digit: "тариф 1" and 850, or 1 850? Refused (it was t1=850, t2=103).
        ("дневной тариф 1 850, ночной тариф 2 103", "ambiguous"),
        # Not the shape of a grouped value: the tariff's number, as before.
        ("дневной тариф 1 4521, ночной тариф 2 2103", {"t1": 4521, "t2": 2103}),
        ("тариф 1 1850 тариф 2 2103", {"t1": 1850, "t2": 2103}),
    ],
)
def test_a_zone_word_before_a_numbered_zone(text: str, expected: Expected) -> None:
    assert _outcome(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The next verification, after one named in the same sentence, is a year.
        ("Меркурий 201.5, поверка 2019 г., следующая в 2035.\nПоказания 7315", {"t1": 7315}),
        ("Поверен в 2018, очередная поверка 2034. Показания 7315", {"t1": 7315}),
        # ... not without a verification before it, nor across a sentence's end.
        ("Следующая в 2035\nПоказания 7315", "ambiguous"),
        ("Поверка 2019 г. Следующие показания 2035", {"t1": 2035}),
    ],
)
def test_the_next_verification_year(text: str, expected: Expected) -> None:
    assert _outcome(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Zone hours in brackets, written with "с … до … и с … до …".
        (
            "пик (с 7 до 10 и с 17 до 21) — 3011\nполупик (10-17, 21-23) — 4120\nночь (23-7) — 1990",
            {"t1": 3011, "t2": 1990, "t3": 4120},
        ),
        ("день (с 7:00 до 23:00) 5010, ночь (с 23 до 7) 2100", {"t1": 5010, "t2": 2100}),
        # ... but a bracket of values, or one number, is no zone hours.
        ("день (5010-5020) ночь 2100", "ambiguous"),
        ("пик (с 7 до 10) 3011 (и 17 до 21)", "ambiguous"),
    ],
)
def test_zone_hours_with_words(text: str, expected: Expected) -> None:
    assert _outcome(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A document's number after "№" keeps its slash part.
        ("Договор энергоснабжения № 2401-5567/24\nПоказания 12 908", {"t1": 12908}),
        ("Договор № 12/45217 от 2020 г.\nПоказания 4521", {"t1": 4521}),
        ("Договор 12/45217\nПоказания 4521", {"t1": 4521}),
        # ... but a slash between values, with no number sign or document, stays a reading's.
        ("день 5010/ночь 2100", {"t1": 5010, "t2": 2100}),
        ("показания № 5 091", {"t1": 5091}),
    ],
)
def test_a_number_after_the_number_sign_with_a_slash(text: str, expected: Expected) -> None:
    assert _outcome(text) == expected


Split = dict[str, dict[str, int]] | str


def _accounts(text: str) -> Split:
    d = extract("Показания", text)
    if d.action == "reject":
        assert d.reason is not None
        return d.reason
    return {sub.account: sub.as_dict() for sub in d.submissions}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A value before its account: only when nothing ties it to the account before.
        (f"5010\nЛС {A}\n\n3000\nЛС {B}", {A: {"t1": 5010}, B: {"t1": 3000}}),
        (f"7310 — ЛС {A}, 2204 — ЛС {B}", {A: {"t1": 7310}, B: {"t1": 2204}}),
        (f"показания 4521 для ЛС {A} и 1200 для ЛС {B}", {A: {"t1": 4521}, B: {"t1": 1200}}),
        # On the line of the account before it, in the same clause: whose, cannot be told.
        (f"Показания 5010\nЛС {A} 3000\nЛС {B}", "ambiguous"),
        (f"5010 ЛС {A} 3000 ЛС {B}", "ambiguous"),
        (f"ЛС {A} 5010, 3000 ЛС {B}", "ambiguous"),
        # Right under one account and over the next; or apart from its account.
        (f"5010\nЛС {A}\n3000\nЛС {B}", "ambiguous"),
        (f"5010\n\nЛС {A}\n\n3000\nЛС {B}", "ambiguous"),
    ],
)
def test_a_value_before_its_account(text: str, expected: Split) -> None:
    assert _accounts(text) == expected
