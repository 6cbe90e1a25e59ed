"""Read accounts and meter values out of the resident's own words: the extraction side of `parse`.

`extract` gets the subject (prefixes removed), the resident's new body text and any
forwarded text, and applies CONTRACT.md "Account numbers", "Readings" and "Several
accounts".  It never ignores (classification decides that before) and never raises.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from parsers.accounts import AccountHit, StarHit, take_accounts, take_stars
from parsers.meters import Outcome, Value, resolve
from parsers.model import Decision, Submission
from parsers.numbers import MAX_TEXT, fold, mask_distractors
from parsers.owntext import forwarded_text, split_own
from parsers.zones import (
    Label,
    corrections,
    mistakes,
    old_marks,
    take_labels,
    unsure_marks,
    unsure_of_all,
)

# A candidate value: digits, optionally grouped by thousands ("16 033") when the
# group is not itself preceded by a number, and an ignored fraction ("12345,6").
_VALUE = re.compile(
    r"(?<![\d+])(?<![^\s*]\*)(?<!\d[.,])"
    r"(?:(?<!\d )\d{1,3}(?: \d{3}){1,2}(?![\d])|\d+)(?:[.,]\d+)?"
)
_AFTER_OK = re.compile(r"[ ]?(?:квт|кw|вт|kw)|[^\w\-]|-[ ]|$")
# A short number followed by a word is usually a count ("2 письма", "5 звёзд",
# "на 500 больше"), unless the word is a unit or reading word or a preposition.
_WORD_AFTER = re.compile(r"[ ]?([а-я]+)")
_WORD_OK = re.compile(
    r"(?:кв|вт|к|прошу|сейчас|на|за|по|и|а|в|во|с|со|от|до|или|ч|это|уже|как|тоже|тек|пок)"
    r"(?![а-я])|квт|киловат|показ|спасиб|пожалуйст|переда|текущ|уважени"
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
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_MAX_DIGITS = 8
_MAX_VALUE = 999_999
_MAX_ACCOUNTS = 20
_MAX_ITEMS = 200


@dataclass(frozen=True)
class Found:
    """Everything extracted from one text, positions in that text."""

    accounts: tuple[AccountHit, ...]
    stars: tuple[StarHit, ...]
    labels: tuple[Label, ...]
    values: tuple[Value, ...]
    corrections: tuple[int, ...]
    work: str
    index: _Index


class _Index:
    """Line and sentence of an offset, by binary search (linear overall)."""

    def __init__(self, work: str) -> None:
        self.lines = [i for i, c in enumerate(work) if c == "\n"]
        self.sentences = [m.start() for m in _SENTENCE_END.finditer(work)]

    def line(self, pos: int) -> int:
        return bisect.bisect(self.lines, pos)

    def sentence(self, pos: int) -> int:
        return bisect.bisect(self.sentences, pos)


def _values(work: str, index: _Index) -> list[Value]:
    olds = old_marks(work)
    unsure = {index.sentence(u) for u in unsure_marks(work)}
    doubt_all = unsure_of_all(work)
    negated: set[int] = set()
    found: list[Value] = []
    for m in _VALUE.finditer(work):
        if len(found) > _MAX_ITEMS:
            # A table or a log, not one household's readings: stop early, trust nothing.
            return [Value(v.number, v.start, v.end, unsure=True) for v in found]
        if (
            m.start()
            and work[m.start() - 1].isalpha()
            and not _GLUED_WORD.search(work, max(0, m.start() - 12), m.start())
        ):
            continue  # part of a word or a code: "CE102", "кв42"
        if (
            m.start() > 1
            and work[m.start() - 1] == "-"
            and (work[m.start() - 2].isalnum() or work[m.start() - 2] == "_")
            and not _GLUED_WORD.search(work, max(0, m.start() - 13), m.start() - 1)
        ):
            continue  # a model or a range: "СО-505", "15-42"; but "показания-4521" is a value
        if not _AFTER_OK.match(work, m.end()):
            continue  # glued to a word: "3А", "25-го", "CE102"
        digits, _, fraction = m.group().replace(",", ".").partition(".")
        digits = digits.replace(" ", "")
        word = _WORD_AFTER.match(work, m.end())
        if word and len(digits.lstrip("0")) <= 3 and not _WORD_OK.match(word.group(1)):
            continue  # a count of things: "2 письма", "на 500 больше"
        number = int(digits)
        if len(digits) > _MAX_DIGITS or number > _MAX_VALUE:
            continue  # a serial or a phone: no household meter shows a million kWh
        # "16.033" may be 16 kWh or 16 033 kWh written with a dot: do not guess.
        grouped = len(fraction) == 3 and len(digits) <= 3
        if _NEGATED.search(work, max(0, m.start() - 30), m.start()):
            negated.add(number)
            continue
        n = bisect.bisect_right(olds, m.start())
        if n and _OLD_GAP.fullmatch(work, olds[n - 1], m.start()):
            continue  # "было 9275", "пред. показ. 8800": an old value, not this month's
        elsewhere = _OTHER_PLACE.search(work, max(0, m.start() - 16), m.start()) is not None
        if elsewhere and len(digits) <= 3:
            continue  # "Гараж 12": the place's own number
        doubted = (
            work.startswith("?", m.end())
            or work.startswith("…", m.end())
            or work[max(0, m.start() - 1) : m.start()] in ("~", "≈")
            or elsewhere
        )
        sure = not (doubt_all or grouped or doubted or index.sentence(m.start()) in unsure)
        found.append(Value(number, m.start(), m.end(), unsure=not sure))
    kept = [v for v in found if v.number not in negated]
    if kept and any(pos > kept[-1].end for pos in mistakes(work)):
        # "…ночь 2103. Ошиблась": a mistake admitted after every value corrects nothing
        # we can read, so none of them can be trusted.
        kept = [Value(v.number, v.start, v.end, unsure=True) for v in kept]
    return kept


def scan(text: str) -> Found:
    """Find accounts, one-line submissions, zone labels and values in ``text``."""
    work = fold(text)
    work, stars = take_stars(work)
    work, accounts = take_accounts(work)
    work = mask_distractors(work)
    work, labels = take_labels(work)
    fixes = corrections(work)
    index = _Index(work)
    values = _values(work, index)
    return Found(
        tuple(accounts), tuple(stars), tuple(labels), tuple(values), tuple(fixes), work, index
    )


def _reject(reason: str) -> Decision:
    return Decision(action="reject", reason=reason)


@dataclass(frozen=True)
class _Occurrence:
    account: str
    start: int
    line: int


def _occurrences(found: Found) -> list[_Occurrence]:
    hits = [(h.account, h.start) for h in found.accounts]
    hits += [(h.account, h.start) for h in found.stars]
    return sorted(
        (_Occurrence(acc, pos, found.index.line(pos)) for acc, pos in hits),
        key=lambda o: o.start,
    )


def _owner_by_line(found: Found, occ: list[_Occurrence], pos: int) -> str | None:
    line = found.index.line(pos)
    owners = {o.account for o in occ if o.line == line}
    return owners.pop() if len(owners) == 1 else None


def _owner_before(occ: list[_Occurrence], pos: int) -> str | None:
    n = bisect.bisect_left([o.start for o in occ], pos)
    return occ[n - 1].account if n else None


def _owner_after(occ: list[_Occurrence], pos: int) -> str | None:
    n = bisect.bisect_right([o.start for o in occ], pos)
    return occ[n].account if n < len(occ) else None


def _assign(found: Found, occ: list[_Occurrence]) -> dict[str, list[Value | Label]] | None:
    """Give each value and label to an account (CONTRACT.md "Several accounts")."""
    accounts = list(dict.fromkeys(o.account for o in occ))
    starred = {s.account for s in found.stars}
    items: list[Value | Label] = [*found.values, *found.labels]
    strategies: tuple[Callable[[int], str | None], ...] = (
        lambda p: _owner_by_line(found, occ, p) or _owner_before(occ, p),
        lambda p: _owner_before(occ, p),
        lambda p: _owner_after(occ, p),
    )
    if len(accounts) == 1:
        return {accounts[0]: items}
    for owner_of in strategies:
        split: dict[str, list[Value | Label]] = {a: [] for a in accounts}
        ok = True
        for item in items:
            owner = owner_of(item.start)
            if owner is None:
                ok = False
                break
            split[owner].append(item)
        has_value = all(
            a in starred or any(isinstance(i, Value) for i in split[a]) for a in accounts
        )
        if ok and has_value:
            return split
    return None


def _account_readings(
    found: Found, account: str, items: list[Value | Label]
) -> dict[str, int] | Outcome:
    labels = [i for i in items if isinstance(i, Label)]
    values = [i for i in items if isinstance(i, Value)]
    for star in found.stars:
        if star.account == account:
            for zone, number in zip(("t1", "t2", "t3"), star.values, strict=False):
                labels.append(Label(zone, star.start, star.start))
                values.append(Value(number, star.start, star.end))
    values.sort(key=lambda v: v.start)
    labels.sort(key=lambda lab: lab.start)
    return resolve(labels, values, list(found.corrections), found.work)


def decide(found: Found) -> Decision:
    """The decision for one scanned text."""
    occ = _occurrences(found)
    if not occ:
        return _reject("no_account")
    if len(occ) > _MAX_ACCOUNTS or len(found.values) + len(found.labels) > _MAX_ITEMS:
        return _reject("ambiguous")  # a table or a log, not one household's readings
    split = _assign(found, occ)
    if split is None:
        return _reject("ambiguous")
    results = {acc: _account_readings(found, acc, items) for acc, items in split.items()}
    if all(r is Outcome.NONE for r in results.values()):
        return _reject("no_readings")
    subs: list[Submission] = []
    for acc, result in results.items():
        if isinstance(result, Outcome):
            return _reject("ambiguous")
        subs.append(Submission.of(acc, result))
    return Decision(action="record", submissions=tuple(subs))


def extract(subject: str, body: str, forwarded: str = "") -> Decision:
    """Accounts and readings in the resident's text, as a `record` or `reject` decision."""
    try:
        own, leaked = split_own(body[:MAX_TEXT])
        found = scan(subject + "\n" + own)
        extra = "\n".join(t for t in (forwarded_text(forwarded[:MAX_TEXT]), leaked) if t.strip())
        if not found.accounts and not found.stars and not found.values and extra:
            found = scan(subject + "\n" + extra)
        return decide(found)
    except Exception:
        return _reject("ambiguous")
