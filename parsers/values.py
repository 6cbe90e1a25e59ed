"""Which numbers of the resident's text are meter values, and why the others are not.

Works on the folded text after accounts, distractors and zone labels were masked
(`parsers.extract.scan`).  Every number the value pattern sees becomes either a
`Value` (sure or unsure) or a `Candidate` naming the rule that set it aside, so that
``--explain`` can show each number's role.  CONTRACT.md "Readings" and its
Clarifications (grouping, the red window, ranges, old values, consumption).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from parsers.meters import Value
from parsers.roles import OLD_VALUE, Candidate, not_reading
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
# The red window: "45217, последняя красная", "(две последние цифры красные)".
_COUNT = r"(?:(одн|дв|тр|[123])[а-я]*[ ]+)"
_RED = re.compile(
    rf"(?<![а-я]){_COUNT}?(последн|крайн)[а-я]*(?:[ ]+(одн|дв|тр|[123])[а-я]*)?"
    r"(?:[ ]+(?:цифр|разряд|знак|барабан)[а-я]*)?[ ]*[\-:]?[ ]*(?:-[ ]*)?"
    r"(?:красн|после запятой|за запятой|в красн|дробн)"
    r"|(?<![а-я])красн[а-я]*(?:[ ]+(?:цифр|разряд|окошк|окн)[а-я]*)?[ ]*[\-:]?[ ]*(?:-[ ]*)?"
    rf"{_COUNT}?(?:последн|крайн)[а-я]*(?:[ ]+(одн|дв|тр|[123])[а-я]*)?"
)
_PLURAL = re.compile(r"(?:последн|крайн)(?:ие|их|ими)")
# The red drum's digit given apart ("…, последняя красная 7", "последняя цифра 7 красная";
# "красная 7" itself is masked by then): whether the value above includes it cannot be told.
_RED_GIVEN = re.compile(
    r"(?<![а-я])(?:последн|крайн)[а-я]*(?:(?:[ ]+(?:цифр|разряд|барабан)[а-я]*)?[ ]*[\-:(]?[ ]*\x7f"
    r"|[ ]+(?:цифр|разряд|барабан)[а-я]*[ ]*[\-:(]?[ ]*\d[ )\-]*(?:красн|в красн))"
)
_RED_COUNT = {"одн": 1, "1": 1, "дв": 2, "2": 2, "тр": 3, "3": 3}
_MAX_DIGITS = 8
_MAX_VALUE = 999_999
# No household meter shows seven digits before the comma, but a resident who sends such
# a value alone must hear that it has a digit too many, not that no value was found: it
# is kept when it is the text's only value (the readings service refuses it, too_long).
_MAX_LONE_VALUE = 9_999_999
MAX_ITEMS = 200

SentenceOf = Callable[[int], int]


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
    if len(digits) > _MAX_DIGITS or (int(digits) > _MAX_LONE_VALUE and not _red_after(work, e)):
        return "too long for a meter"
    return None


def _red_after(work: str, end: int) -> bool:
    """Whether the line goes on to name red drums: every drum copied may be one too many."""
    stop = work.find("\n", end)
    return _RED.search(work, end, stop if stop >= 0 else len(work)) is not None


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


def _classify(ctx: _Context, m: re.Match[str], out: list[Candidate]) -> Value | int | None:
    """A Value, a negated number (to drop its twins), or None (set aside, noted in ``out``)."""
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
    unsure = ctx.doubt_all or doubted or ctx.sentence(s) in ctx.unsure
    return Value(number, s, m.end(), unsure=unsure, rule="doubted" if unsure else "reading")


def _ranges(work: str) -> list[Value]:
    """Both ends of each range, as unsure values: a resident who gives a range is not sure."""
    out: list[Value] = []
    if "-" not in work and "от" not in work:
        return out
    for m in _RANGE.finditer(work):
        a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if len(a) == len(b) and int(b) > int(a):
            out.append(Value(int(a), m.start(), m.end(), unsure=True, rule="a range"))
    return out


def _red_count(m: re.Match[str]) -> int | None:
    """How many drums are red: named ("две последние"), one, or unknown (plural alone)."""
    named = next((g for g in (m.group(1), m.group(3), m.group(4), m.group(5)) if g), None)
    if named is not None:
        return _RED_COUNT[named]
    return None if _PLURAL.search(m.group()) else 1


def _near(values: list[Value], sentence: SentenceOf, pos: int) -> list[Value]:
    """The values of the sentence at ``pos``, or else of the sentence before it."""
    at = sentence(pos)
    mine = [v for v in values if sentence(v.start) == at]
    return mine or [v for v in values if sentence(v.start) == at - 1]


def _red_window(work: str, sentence: SentenceOf, values: list[Value]) -> list[Value]:
    """Drop the red drums the resident names ("45217, последняя красная" -> 4521)."""
    if not any(w in work for w in ("красн", "запят", "дробн", "последн", "крайн")):
        return values
    for m in _RED_GIVEN.finditer(work):
        for v in _near(values, sentence, m.start()):
            values[values.index(v)] = replace(v, unsure=True, rule="red digit given apart")
    for m in _RED.finditer(work):
        count = _red_count(m)
        for v in _near(values, sentence, m.start()):
            if v.unsure:
                continue
            whole = work[v.start : v.end]
            if any(c in whole for c in ".,"):
                continue  # the resident already wrote the comma
            if count is None or len(str(v.number)) <= count:
                fixed = replace(v, unsure=True, rule="red drums not counted")
            else:
                fixed = replace(v, number=v.number // 10**count, rule="the red window dropped")
            values[values.index(v)] = fixed
    return values


def read_values(work: str, sentence: SentenceOf, fixes: list[int]) -> tuple[list[Value], list[Candidate]]:
    """The values of ``work`` and the numbers set aside, each with its rule."""
    olds: list[tuple[int, int]] = []
    marks = old_marks(work)
    if marks:
        news = sorted(new_marks(work) + fixes)  # a correction also starts new values
        readings = reading_words(work)
        olds = [(m, _reach(work, m, news, readings)) for m in marks]
    ctx = _Context(work, sentence, olds, {sentence(u) for u in unsure_marks(work)}, unsure_of_all(work))
    negated: set[int] = set()
    found: list[Value] = []
    aside: list[Candidate] = []
    ranges = _ranges(work)
    for m in _VALUE.finditer(work):
        if len(found) > MAX_ITEMS:
            # A table or a log, not one household's readings: stop early, trust nothing.
            return [replace(v, unsure=True) for v in found], aside
        if any(r.start <= m.start() < r.end for r in ranges):
            continue
        got = _classify(ctx, m, aside)
        if isinstance(got, Value):
            found.append(got)
        elif got is not None:
            negated.add(got)
    kept = [v for v in found if v.number not in negated]
    aside += [
        Candidate(work[v.start : v.end], v.start, v.end, not_reading("denied"), "denied later")
        for v in found
        if v.number in negated
    ]
    kept = _red_window(work, sentence, sorted(kept + ranges, key=lambda v: v.start))
    kept = _too_long(work, kept, aside)
    return _admitted_mistake(work, kept, fixes), aside


def _too_long(work: str, kept: list[Value], aside: list[Candidate]) -> list[Value]:
    """Seven digits (after the red window is dropped) are no meter's value, unless they
    are the only value: then they go on, for the resident to be told they are too long.
    Beside other values, one copied with its red drums is unsure (which drums, cannot be
    told); any other is set aside."""
    reason = "too long for a meter"
    long = [v for v in kept if v.number > _MAX_VALUE]
    if not long or len(kept) == 1:
        return kept
    aside += [Candidate(work[v.start : v.end], v.start, v.end, not_reading(_SKIPPED[reason]), reason)
              for v in long if v.rule != "the red window dropped"]
    return [v if v.number <= _MAX_VALUE else replace(v, unsure=True, rule=reason)
            for v in kept if v.number <= _MAX_VALUE or v.rule == "the red window dropped"]


def _admitted_mistake(work: str, kept: list[Value], fixes: list[int]) -> list[Value]:
    """ "…ночь 2103. Ошиблась": a mistake admitted after every value voids them all,
    unless a correction among the values explains it ("9984, вернее 9948 - перепутал")."""
    if not kept or any(kept[0].start < c <= kept[-1].start for c in fixes):
        return kept
    if any(pos > kept[-1].end for pos in mistakes(work)):
        return [replace(v, unsure=True) for v in kept]
    return kept
