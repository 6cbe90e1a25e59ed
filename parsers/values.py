"""Which numbers of the resident's text are meter values, and why the others are not.

Works on the folded text after accounts, distractors and zone labels were masked
(`parsers.candidates`).  Every number the value pattern sees becomes a `Candidate`:
a value (sure or unsure, with its number) or a non-reading naming the rule that set it
aside.  CONTRACT.md "Readings" and its Clarifications (grouping, ranges, old values,
consumption; the red window is `parsers.redwindow`'s).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from parsers.redwindow import DROPPED, SentenceOf, red_after, red_window
from parsers.roles import OLD_VALUE, UNSURE, VALUE, Candidate, not_reading
from parsers.zones import (
    mistakes,
    new_marks,
    old_marks,
    reading_words,
    unsure_marks,
    unsure_of_all,
)

# A candidate value: digits, optionally grouped by thousands ("16 033") when the
# group is not itself preceded by a number, and an ignored fraction ("12345,6").
_VALUE = re.compile(
    r"(?<![\d+])(?<![^\s*]\*)(?<!\d[.,])"
    r"(?:(?<!\d )\d{1,3}(?: \d{3}){1,2}(?![\d])|\d+)"
    r"(?:\.\d{3},\d{1,2}(?![\d.,])|,\d{3}\.\d{1,2}(?![\d.,])|[.,]\d+)?"
)
_AFTER_OK = re.compile(r"[ ]?(?:квт|кw|вт|kw)|[^\w\-]|-[ ]|$")
# A short number followed by a word is usually a count ("2 письма", "5 звёзд",
# "на 500 больше"), unless the word is a unit or reading word, a preposition, or
# the label of what comes next ("ночь 770 ЛС 2400…").
_WORD_AFTER = re.compile(r"[ ]?([а-я]+)")
_WORD_OK = re.compile(
    r"(?:кв|вт|к|прошу|сейчас|на|за|по|и|а|в|во|с|со|от|до|или|ч|это|уже|как|тоже|тек|пок"
    r"|лс|л|лиц|аб)(?![а-я])|квт|киловат|показ|спасиб|пожалуйст|переда|текущ|уважени"
    r"|лицев|сч[её]т(?!чик)|абонент"
)
# Words a resident may glue a value to without a space: "показания4521".
_GLUED_WORD = re.compile(r"(?<![а-я])(?:показани[а-я]|показ|значени[а-я])$")
_NEGATED = re.compile(r"(?<![а-я])(?:не|вместо)[\s:=\-\x7f]*$")
# A long number right after another place ("гараж 1200") is another meter's reading:
# with one account we cannot tell which reading is whose.  A short one is the
# place's number ("Гараж 12").
_OTHER_PLACE = re.compile(
    r"(?<![а-я])(?:гараж[а-я]*|дач[а-я]*|бан[яиюе]|сара[йяюе]|мастерск[а-я]*|погреб[а-я]*)"
    r"[ ]*[:=\-]?[ ]*$"
)
# Between an "old value" word and its value: a few words, no other number, same clause.
_OLD_GAP = re.compile(r"[^\d;!?\n(),]{0,30}")
# A range is no value: "около 8800-8850", "от 8800 до 8850".
_RANGE = re.compile(
    r"(?<![\d.,\-])(\d{3,6})[ ]?-[ ]?(\d{3,6})(?![\d]|[.,]\d)"
    r"|(?<![а-я])от[ ]+(\d{3,6})[ ]+до[ ]+(\d{3,6})(?![\d]|[.,]\d)"
)
_MAX_DIGITS = 8
_MAX_VALUE = 999_999
# No household meter shows seven digits before the comma, but a resident who sends such
# a value alone must hear that it has a digit too many, not that no value was found: it
# is kept when it is the text's only value (the readings service refuses it, too_long).
_MAX_LONE_VALUE = 9_999_999
MAX_ITEMS = 200


@dataclass(frozen=True)
class _Context:
    """What the whole text says about its numbers, computed once."""

    work: str
    sentence: SentenceOf
    olds: list[tuple[int, int]]  # (mark end, end of its reach)
    unsure: set[int]
    doubt_all: bool


def _reach(work: str, mark: int, news: list[int], readings: list[int]) -> int:
    """How far an "old values" word reaches: the end of its line or sentence, or a new-values word."""
    ends = [work.find(c, mark) for c in ("\n", ". ", "!", "?", ";")]
    line = work.rfind("\n", 0, mark) + 1
    if work.rfind("(", line, mark) > work.rfind(")", line, mark):
        ends.append(work.find(")", mark))  # "(расход 310)": the brackets' end
    # "показания" starts new values unless it is the old words' own noun ("прошлые показания").
    ends.extend(r for r in readings if r > mark and work[mark:r].strip(" :-\x7f"))
    end = min([e for e in ends if e >= 0] + [len(work)])
    n = bisect.bisect_right(news, mark)
    return min(end, news[n]) if n < len(news) else end


#: The kind of non-reading each shape rule names.
_SKIPPED = {
    "part of a word or a code": "code",
    "a model or a range": "model or range",
    "glued to a word": "code",
    "count of things": "count",
    "too long for a meter": "long number",
}


def _skip_reason(work: str, m: re.Match[str], digits: str) -> str | None:
    """Why the number ``m`` is no value at all, from its own shape and neighbours."""
    s, e = m.start(), m.end()
    if s and work[s - 1].isalpha() and not _GLUED_WORD.search(work, max(0, s - 12), s):
        return "part of a word or a code"
    if (
        s > 1
        and work[s - 1] == "-"
        and (work[s - 2].isalnum() or work[s - 2] == "_")
        and not _GLUED_WORD.search(work, max(0, s - 13), s - 1)
    ):
        return "a model or a range"
    if not _AFTER_OK.match(work, e):
        return "glued to a word"
    word = _WORD_AFTER.match(work, e)
    if word and len(digits.lstrip("0")) <= 3 and not _WORD_OK.match(word.group(1)):
        return "count of things"
    if len(digits) > _MAX_DIGITS or (int(digits) > _MAX_LONE_VALUE and not red_after(work, e)):
        return "too long for a meter"
    return None


def _old(ctx: _Context, start: int) -> bool:
    for mark, reach in ctx.olds:
        if mark <= start < reach or (mark <= start and _OLD_GAP.fullmatch(ctx.work, mark, start)):
            return True
    return False


def _number(m: re.Match[str]) -> tuple[str, int]:
    """Digits and value: a dot or comma and exactly three digits group thousands ("15.208")."""
    digits, sep, fraction = m.group().replace(",", ".").partition(".")
    digits, fraction = digits.replace(" ", ""), fraction.partition(".")[0]  # "12.345,6"
    if sep and len(fraction) == 3 and len(digits) <= 3 and digits[0] != "0":
        return digits + fraction, int(digits + fraction)
    return digits, int(digits)  # "15208,4": the fraction is the red window's, dropped


def _classify(ctx: _Context, m: re.Match[str], out: list[Candidate]) -> Candidate | int | None:
    """A value, a negated number (to drop its twins), or None (set aside, noted in ``out``)."""
    work, s = ctx.work, m.start()
    digits = m.group().replace(",", ".").partition(".")[0].replace(" ", "")
    reason = _skip_reason(work, m, digits)
    if reason is not None:
        out.append(Candidate(m.group(), s, m.end(), not_reading(_SKIPPED[reason]), reason))
        return None
    digits, number = _number(m)
    if _NEGATED.search(work, max(0, s - 30), s):
        out.append(Candidate(m.group(), s, m.end(), not_reading("denied"), "after 'не'/'вместо'"))
        return number
    if _old(ctx, s):
        out.append(Candidate(m.group(), s, m.end(), OLD_VALUE, "after an old-value word"))
        return None
    elsewhere = _OTHER_PLACE.search(work, max(0, s - 16), s) is not None
    if elsewhere and len(digits) <= 3:
        out.append(Candidate(m.group(), s, m.end(), not_reading("place"), "a place's number"))
        return None
    doubted = (
        work.startswith("?", m.end())
        or work.startswith("…", m.end())
        or work[max(0, s - 1) : s] in ("~", "≈")
        or elsewhere
    )
    if ctx.doubt_all or doubted or ctx.sentence(s) in ctx.unsure:
        return Candidate(m.group(), s, m.end(), UNSURE, "doubted", number)
    return Candidate(m.group(), s, m.end(), VALUE, "reading", number)


def _ranges(work: str) -> list[Candidate]:
    """Both ends of each range, as unsure values: a resident who gives a range is not sure."""
    out: list[Candidate] = []
    if "-" not in work and "от" not in work:
        return out
    for m in _RANGE.finditer(work):
        a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if len(a) == len(b) and int(b) > int(a):
            out.append(Candidate(m.group(), m.start(), m.end(), UNSURE, "a range", int(a)))
    return out


def read_values(work: str, sentence: SentenceOf, fixes: list[int]) -> tuple[list[Candidate], list[Candidate]]:
    """The values of ``work`` and the numbers set aside, each with its rule."""
    olds: list[tuple[int, int]] = []
    marks = old_marks(work)
    if marks:
        news = sorted(new_marks(work) + fixes)  # a correction also starts new values
        readings = reading_words(work)
        olds = [(m, _reach(work, m, news, readings)) for m in marks]
    ctx = _Context(work, sentence, olds, {sentence(u) for u in unsure_marks(work)}, unsure_of_all(work))
    negated: set[int] = set()
    found: list[Candidate] = []
    aside: list[Candidate] = []
    ranges = _ranges(work)
    for m in _VALUE.finditer(work):
        if len(found) > MAX_ITEMS:
            # A table or a log, not one household's readings: stop early, trust nothing.
            return [replace(v, role=UNSURE, rule="too many numbers") for v in found], aside
        if any(r.start <= m.start() < r.end for r in ranges):
            continue
        got = _classify(ctx, m, aside)
        if isinstance(got, Candidate):
            found.append(got)
        elif got is not None:
            negated.add(got)
    kept = [v for v in found if v.number not in negated]
    aside += [
        Candidate(work[v.start : v.end], v.start, v.end, not_reading("denied"), "denied later")
        for v in found
        if v.number in negated
    ]
    kept = red_window(work, sentence, sorted(kept + ranges, key=lambda v: v.start))
    kept = _too_long(work, kept, aside)
    return _admitted_mistake(work, kept, fixes), aside


def _too_long(work: str, kept: list[Candidate], aside: list[Candidate]) -> list[Candidate]:
    """Seven digits (after the red window is dropped) are no meter's value, unless they
    are the only value: then they go on, for the resident to be told they are too long.
    Beside other values, one copied with its red drums is unsure (which drums, cannot be
    told); any other is set aside."""
    reason = "too long for a meter"
    long = [v for v in kept if v.number > _MAX_VALUE]
    if not long or len(kept) == 1:
        return kept
    aside += [Candidate(work[v.start : v.end], v.start, v.end, not_reading(_SKIPPED[reason]), reason)
              for v in long if v.rule != DROPPED]
    return [v if v.number <= _MAX_VALUE else replace(v, role=UNSURE, rule=reason)
            for v in kept if v.number <= _MAX_VALUE or v.rule == DROPPED]


def _admitted_mistake(work: str, kept: list[Candidate], fixes: list[int]) -> list[Candidate]:
    """ "…ночь 2103. Ошиблась": a mistake admitted after every value voids them all,
    unless a correction among the values explains it ("9984, вернее 9948 - перепутал")."""
    if not kept or any(kept[0].start < c <= kept[-1].start for c in fixes):
        return kept
    if any(pos > kept[-1].end for pos in mistakes(work)):
        return [replace(v, role=UNSURE, rule="a mistake admitted after it") for v in kept]
    return kept
