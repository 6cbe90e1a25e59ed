"""Properties of extract(): it never raises, and distractors never change a clear answer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.model import Decision, Submission
from parsers.pipeline import extract

accounts = st.from_regex(r"[1-9][0-9]{11}", fullmatch=True)
values = st.integers(min_value=0, max_value=999_999)
distractors = st.sampled_from(
    [
        "тел. 8-913-123-45-67",
        "+7 (391) 257-67-07",
        "89131234567",
        "ул. Ленина 15, кв. 42",
        "на 21.11.2026",
        "за ноябрь 2026 г.",
        "оплатил 1 234,56 руб.",
        "счётчик Меркурий 201.8 зав. № 41234567",
        "Энергомера CE102 № 009217012345678",
        "фото во вложении (2 шт.)",
        "Отправлено с iPhone",
        "Добрый день!",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_and_never_ignores(text: str) -> None:
    assert extract("Показания", text).action in ("record", "reject")


@settings(max_examples=60, deadline=None)
@given(accounts, values, st.lists(distractors, max_size=3), st.booleans())
def test_clear_single_rate_reading_survives_distractors(
    account: str, value: int, noise: list[str], value_first: bool
) -> None:
    parts = [f"л/с {account}", f"показания {value}"]
    if value_first:
        parts.reverse()
    body = "\n".join([*noise[:1], *parts, *noise[1:]])
    expected = Decision("record", None, (Submission.of(account, {"t1": value}),))
    assert extract("Показания", body) == expected


@settings(max_examples=40, deadline=None)
@given(accounts, values, values, st.lists(distractors, max_size=2))
def test_two_zone_labels_in_any_order(account: str, day: int, night: int, noise: list[str]) -> None:
    body = "\n".join([f"ЛС {account}", f"ночь {night}", f"день {day}", *noise])
    expected = Decision("record", None, (Submission.of(account, {"t1": day, "t2": night}),))
    assert extract("Показания", body) == expected


day_labels = st.sampled_from(["День", "день:", "Т1 -", "T1=", "дневной", "Дневные показания", "Д"])
night_labels = st.sampled_from(["Ночь", "ночь:", "Т2 -", "T2=", "ночной", "Ночные показания", "Н"])
account_labels = st.sampled_from(["л/с", "Л/С:", "ЛС", "лицевой счёт", "Лиц. счет №", "абонент"])
separators = st.sampled_from([" ", ", ", "\n", "; "])


@settings(max_examples=60, deadline=None)
@given(accounts, values, values, day_labels, night_labels, account_labels, separators)
def test_labelled_two_zone_forms(
    account: str, day: int, night: int, dl: str, nl: str, al: str, sep: str
) -> None:
    if (dl == "Д") != (nl == "Н"):
        nl, dl = ("Н", "Д") if dl == "Д" else ("Ночь", "День")
    body = f"{al} {account}{sep}{dl} {day}{sep}{nl} {night}"
    expected = Decision("record", None, (Submission.of(account, {"t1": day, "t2": night}),))
    assert extract("Показания", body) == expected


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(accounts, values), min_size=2, max_size=3, unique_by=lambda t: t[0]))
def test_several_accounts_one_line_each(pairs: list[tuple[str, int]]) -> None:
    body = "\n".join(f"л/с {acc} показания {value}" for acc, value in pairs)
    subs = tuple(Submission.of(acc, {"t1": value}) for acc, value in pairs)
    assert extract("Показания", body) == Decision("record", None, subs)
