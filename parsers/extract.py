"""Read accounts and meter values out of the resident's own words: the extraction side of `parse`.

`extract` gets the subject (prefixes removed), the resident's new body text and any
forwarded text, and applies CONTRACT.md "Account numbers", "Readings" and "Several
accounts".  It never ignores (classification decides that before) and never raises.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from parsers.accounts import AccountHit, StarHit, signature_account, take_accounts, take_stars
from parsers.meters import Outcome, Value, gap_ok, resolve
from parsers.model import Decision, Submission
from parsers.numbers import MAX_TEXT, Note, fold, mask_distractors
from parsers.owntext import forwarded_text, split_own
from parsers.replaced import old_values, replaced_meter
from parsers.roles import OLD_VALUE, Candidate
from parsers.values import MAX_ITEMS, read_values
from parsers.words import spell_out
from parsers.zones import Label, corrections, take_labels

_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_MAX_ACCOUNTS = 20
#: At most this many candidate values are named back to the resident.
_SHOWN = 6
_MAX_ITEMS = MAX_ITEMS


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
    aside: tuple[Candidate, ...] = ()


class _Index:
    """Line and sentence of an offset, by binary search (linear overall)."""

    def __init__(self, work: str) -> None:
        self.lines = [i for i, c in enumerate(work) if c == "\n"]
        self.sentences = [m.start() for m in _SENTENCE_END.finditer(work)]

    def line(self, pos: int) -> int:
        return bisect.bisect(self.lines, pos)

    def sentence(self, pos: int) -> int:
        return bisect.bisect(self.sentences, pos)


def _live_labels(
    labels: list[Label], values: list[Value], aside: list[Candidate], work: str
) -> list[Label]:
    """Labels without those of old values ("Было: день 5010 ночь 2100")."""
    olds = [c for c in aside if c.role == OLD_VALUE]
    if not olds:
        return labels
    starts = sorted([(v.start, False) for v in values] + [(c.start, True) for c in olds])
    keys = [p for p, _ in starts]
    live: list[Label] = []
    for lab in labels:
        n = bisect.bisect_left(keys, lab.end)
        if n < len(starts) and starts[n][1] and gap_ok(work, lab.end, starts[n][0]):
            continue
        live.append(lab)
    return live


def scan(text: str, notes: list[Note] | None = None) -> Found:
    """Find accounts, one-line submissions, zone labels and values in ``text``.

    With ``notes``, the numbers masked as dates, phones, money… are noted there.
    """
    work = spell_out(fold(text))
    work, stars = take_stars(work)
    work, accounts = take_accounts(work)
    work = mask_distractors(work, notes)
    work, labels = take_labels(work)
    fixes = corrections(work)
    index = _Index(work)
    values, aside = read_values(work, index.sentence, fixes)
    labels = _live_labels(labels, values, aside, work)
    return Found(
        tuple(accounts),
        tuple(stars),
        tuple(labels),
        tuple(values),
        tuple(fixes),
        work,
        index,
        tuple(aside),
    )


def _reject(reason: str) -> Decision:
    return Decision(action="reject", reason=reason)


@dataclass(frozen=True)
class _Occurrence:
    account: str
    start: int
    line: int


def _occurrences(found: Found) -> list[_Occurrence]:
    hits = [(h.account, h.start) for h in found.accounts if not h.old]
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
        has_value = all(a in starred or any(isinstance(i, Value) for i in split[a]) for a in accounts)
        if ok and has_value:
            return split
    return None


def _account_readings(found: Found, account: str, items: list[Value | Label]) -> dict[str, int] | Outcome:
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
    if not occ:  # an account named but given no value ("л/с … передам позже") has no readings
        return _reject("no_readings" if found.accounts else "no_account")
    if found.values and replaced_meter(found.work, found.aside):
        return _reject("ambiguous")  # the old meter's final value beside the new one's
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
    if _unexplained(found):
        return _reject("ambiguous")  # every number has a role, or nothing is recorded
    return Decision(action="record", submissions=tuple(subs))


_DIGITS = re.compile(r"\d+")


def _unexplained(found: Found) -> bool:
    """Whether a number of the text was given no role at all (neither masked nor judged)."""
    spans = sorted([(v.start, v.end) for v in found.values] + [(c.start, c.end) for c in found.aside])
    starts = [s for s, _ in spans]
    for m in _DIGITS.finditer(found.work):
        n = bisect.bisect_right(starts, m.start())
        if not n or spans[n - 1][1] < m.end():
            return True
    return False


def _subject_heading(found: Found) -> Found:
    """Zones named in the subject ("Показания день/ночь", "☀️🌙") over labelled values below are a title."""
    top = [lab for lab in found.labels if found.index.line(lab.start) == 0]
    if not top or any(found.index.line(v.start) == 0 for v in found.values):
        return found
    rest = [lab for lab in found.labels if found.index.line(lab.start) > 0]
    if {lab.zone for lab in top} <= {lab.zone for lab in rest}:
        return replace(found, labels=tuple(rest))
    return found


def _with_signature(found: Found, signature: str) -> Found:
    """The signature's labelled account, when the own text names none."""
    if not signature or any(not h.old for h in found.accounts) or found.stars:
        return found
    hit = signature_account(fold(signature))
    if hit is None:
        return found
    at = len(found.work)  # after every value of the own text
    return replace(found, accounts=(*found.accounts, AccountHit(hit.account, at, at)))


@dataclass(frozen=True)
class Reading:
    """What extraction read: the text, what it found there, and the decision."""

    text: str
    found: Found
    decision: Decision
    own: bool  # the resident's own text (not a forwarded message)


def read(
    subject: str, body: str, forwarded: str = "", signature: str = "", notes: list[Note] | None = None
) -> Reading:
    """Scan the resident's text (or the forwarded text when it says nothing) and decide."""
    own, leaked = split_own(body[:MAX_TEXT])
    text = subject + "\n" + own
    found = _with_signature(_subject_heading(scan(text, notes)), signature)
    extra = "\n".join(t for t in (forwarded_text(forwarded[:MAX_TEXT]), leaked) if t.strip())
    if not found.accounts and not found.stars and not found.values and extra:
        if notes is not None:
            notes.clear()
        text = subject + "\n" + extra
        found = _with_signature(_subject_heading(scan(text, notes)), signature)
        return Reading(text, found, decide(found), own=False)
    return Reading(text, found, _shown(decide(found), found), own=True)


def _shown(decision: Decision, found: Found) -> Decision:
    """An ambiguous decision names the values seen, so the reply can ask which is right."""
    if decision.reason != "ambiguous":
        return decision
    seen = dict.fromkeys(str(v.number) for v in found.values)
    if replaced_meter(found.work, found.aside):
        seen = dict.fromkeys([*old_values(found.aside), *seen])
    return replace(decision, candidates=tuple(seen)[:_SHOWN])


def extract(subject: str, body: str, forwarded: str = "", signature: str = "") -> Decision:
    """Accounts and readings in the resident's text, as a `record` or `reject` decision."""
    try:
        return read(subject, body, forwarded, signature).decision
    except Exception:
        return _reject("ambiguous")
