"""The literal prefilter: what it derives, and that skipping a scan never changes a mask."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import parsers.candidates as candidates_module
from parsers import distractors, numbers, parse
from parsers.prefilter import needs
from parsers.roles import Candidate

ROOT = Path(__file__).resolve().parents[2]
CORPORA = [ROOT.parent / "shared" / "corpus" / "dev", ROOT / "tests" / "corpus" / "cases"]


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"квартал", ("квартал",)),
    (r"\d+[ ]*квартал[а-я]*", ("квартал",)),  # the digits and the class say nothing
    (r"(?:пломб|класс)[ ]*\d", ("класс", "пломб")),  # a branch: one of its words
    (r"(?:тел|моб)?\d{7}", None),  # optional: nothing certain
    (r"(?<!тариф )№\d+", ("№",)),  # a lookbehind's text is not part of the match
    (r"(?:ab|)c", ("c",)),  # an empty alternative spoils the branch, not the sequence
    (r"(?:x+yy)+z", ("yy",)),  # the longest certain string wins over shorter ones
    (r"(?:ab){2,}", ("ab",)),
    (r"\d{3}-\d{2}", ("-",)),
    (r"[ab]c*", None),
])
def test_needs_derives_what_every_match_contains(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert needs(re.compile(pattern)) == expected


def test_no_prefilter_when_case_is_ignored_or_alternatives_are_too_many() -> None:
    assert needs(re.compile("квартал", re.IGNORECASE)) is None
    many = [f"{chr(first)}q" for first in [*range(ord("a"), ord("z") + 1), *range(0x430, 0x440)]]
    assert needs(re.compile("|".join(many))) is None  # 42 words to test: the scan is cheaper
    # A prefix the alternatives share is factored out by the regex parser: that one counts.
    assert needs(re.compile("|".join(f"w{i}x" for i in range(40)))) == ("w",)


# Words and pieces of the distractors, digits and punctuation: texts made of them reach
# deep into the patterns, so that a wrong requirement would show as a match without it.
_WORDS = sorted({w for n in distractors._NEEDS if n for w in n} | {
    "ул", "д.", "кв.", "тел.", "паспорт", "сумма", "руб", "ноября", "2026", "г.", "№", "счетчик",
    "меркурий", "зав", "день", "ночь", "лс", "красноярск", "660000", "8", "+7", "(391)", "220",
})
_TEXT = st.lists(
    st.one_of(st.sampled_from(_WORDS), st.from_regex(r"[0-9]{1,7}", fullmatch=True),
              st.sampled_from([" ", "  ", ".", ",", ":", "-", "/", "\n", "(", ")", "*"])),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_a_distractor_never_matches_a_text_without_its_words(text: str) -> None:
    for pattern, words in zip(distractors._DISTRACTORS, distractors._NEEDS, strict=True):
        if words is not None and pattern.search(text):
            assert any(w in text for w in words), (pattern.pattern, text)


_FILTERED = [i for i, words in enumerate(distractors._NEEDS) if words is not None]


@pytest.mark.parametrize("index", _FILTERED)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_text_drawn_from_a_distractor_contains_its_words(index: int, data: st.DataObject) -> None:
    # Strings made from the pattern itself, inside arbitrary text: the direct way to
    # reach each of its alternatives.
    pattern, words = distractors._DISTRACTORS[index], distractors._NEEDS[index]
    assert words is not None
    text = data.draw(st.from_regex(pattern))
    if pattern.search(text):
        assert any(w in text for w in words), (pattern.pattern, text)


def _unfiltered(work: str) -> str:
    work = distractors._TOKEN.sub(distractors._not_prose, work)
    for pattern in distractors._DISTRACTORS:
        work = numbers.mask(work, pattern, "n" if "n" in pattern.groupindex else 0)
    return work


def test_masking_is_unchanged_on_every_corpus_text(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def spy(work: str) -> tuple[str, list[Candidate]]:
        seen.append(work)
        return distractors.mask_distractors(work)

    monkeypatch.setattr(candidates_module, "mask_distractors", spy)
    for folder in CORPORA:
        for eml in sorted(folder.glob("*.eml")):
            parse(eml.read_bytes())
    assert len(seen) > 50
    assert sum(1 for n in distractors._NEEDS if n) > len(distractors._DISTRACTORS) // 2  # it filters
    for work in seen:
        assert distractors.mask_distractors(work)[0] == _unfiltered(work)
