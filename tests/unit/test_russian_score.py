"""`russian_score` counts with string methods; the character loop it replaced is the
reference: both must give the same score on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.charsets import _COMMON, _DETECT_LIMIT, russian_score


def _reference(text: str) -> float:
    letters = common = inner_caps = 0
    previous = ""
    for ch in text[:_DETECT_LIMIT]:
        if "\u0400" <= ch <= "\u04ff":
            letters += 1
            common += ch.lower() in _COMMON
            inner_caps += ch.isupper() and previous.islower()
        previous = ch
    return (common - 2 * inner_caps) / letters if letters else 0.0


_CHARS = st.one_of(st.characters(min_codepoint=0x400, max_codepoint=0x4FF),
                   st.sampled_from(list("aZ ,.\n1ǅßΣσ")), st.characters())


@settings(max_examples=500, deadline=None)
@given(st.text(_CHARS, max_size=200))
def test_same_score_as_the_character_loop(text: str) -> None:
    assert russian_score(text) == _reference(text)


def test_scores_read_russian_and_its_misdecodings_apart() -> None:
    russian = "Здравствуйте! Передаю показания счётчика, лицевой счёт 121000000000."
    assert russian_score(russian) > 0.5
    assert russian_score(russian.encode("cp1251").decode("koi8-r")) < 0.4
    assert russian_score("Hello, no Cyrillic here") == 0.0
    # The limit: text beyond it does not count.
    assert russian_score("x" * _DETECT_LIMIT + "оооо") == 0.0
