"""Stage 3, candidates with roles: every number of the text read, with its role and rule.

Reads the own text (the forwarded one when the own text names neither an account nor a
value, CONTRACT.md "Readings") on a folded copy that keeps every offset
(`parsers.numbers`): one-line ``ACCOUNT*V`` submissions, accounts, distractors (dates,
phones, money…), zone labels, then values; each rule masks what it takes, so a number
gets exactly one role.  A number no rule explains is kept with the role `NO_ROLE`: it
stops the mail from being recorded (stage 5).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from parsers.accounts import signature_account, take_accounts, take_stars
from parsers.distractors import mask_distractors
from parsers.numbers import fold
from parsers.owntext import Sources
from parsers.pairing import gap_ok
from parsers.roles import ACCOUNT, LABEL, NO_ROLE, OLD_VALUE, UNSURE, Candidate, not_reading
from parsers.values import read_values
from parsers.words import spell_out
from parsers.zones import corrections, take_labels

_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_DIGITS = re.compile(r"\d+")


class Index:
    """Line and sentence of an offset, by binary search (linear overall)."""

    def __init__(self, work: str) -> None:
        self.lines = [i for i, c in enumerate(work) if c == "\n"]
        self.sentences = [m.start() for m in _SENTENCE_END.finditer(work)]

    def line(self, pos: int) -> int:
        return bisect.bisect(self.lines, pos)

    def sentence(self, pos: int) -> int:
        return bisect.bisect(self.sentences, pos)


@dataclass(frozen=True)
class Found:
    """The candidates of one text, by kind; offsets are those of ``text`` and ``work``."""

    text: str  # as the resident wrote it
    work: str  # folded, every candidate masked or read
    index: Index
    own: bool  # the resident's own text, not a forwarded message
    accounts: tuple[Candidate, ...]  # written accounts (and old ones), in order
    stars: tuple[Candidate, ...]  # ACCOUNT*VALUE lines: each account, then its values
    labels: tuple[Candidate, ...]
    values: tuple[Candidate, ...]
    aside: tuple[Candidate, ...]  # numbers the value rules set aside (old values, counts…)
    corrections: tuple[int, ...]  # where a correction word ends ("ошибся, правильно")
    unexplained: tuple[Candidate, ...] = ()  # numbers with no role at all
    others: tuple[Candidate, ...] = ()  # distractors, and labels that turned out no label

    def all(self) -> list[Candidate]:
        """Every candidate of the text, in the order written."""
        every = [*self.others, *self.accounts, *self.stars, *self.aside, *self.labels]
        return sorted([*every, *self.values, *self.unexplained], key=lambda c: c.start)


#: Labels kept, and labels that turned out no zone's label of their own.
_Split = tuple[list[Candidate], list[Candidate]]


def _live_labels(
    labels: list[Candidate], values: list[Candidate], aside: list[Candidate], work: str
) -> _Split:
    """Labels without those of old values ("Было: день 5010 ночь 2100"), and those."""
    olds = [c for c in aside if c.role == OLD_VALUE]
    if not olds:
        return labels, []
    starts = sorted([(v.start, False) for v in values] + [(c.start, True) for c in olds])
    keys = [p for p, _ in starts]
    live: list[Candidate] = []
    dropped: list[Candidate] = []
    for lab in labels:
        n = bisect.bisect_left(keys, lab.end)
        if n < len(starts) and starts[n][1] and gap_ok(work, lab.end, starts[n][0]):
            dropped.append(replace(lab, role=not_reading("old value's label"), rule="before an old value"))
            continue
        live.append(lab)
    return live, dropped


def _bracketed_after(work: str, before: Candidate, value: Candidate, label: Candidate) -> bool:
    """Whether ``label`` stands in brackets right after ``value``, which ``before`` labels
    on its line ("Т1 - 4012 (пик)"; in "3012 (пик), 1870 (ночь)" each label is in brackets
    after its value, and none before one)."""
    return (
        before.role == LABEL
        and not work[before.end :].lstrip(" ").startswith(")")
        and value.role != LABEL
        and label.role == LABEL
        and work[value.end : label.start].strip() == "("
        and work[label.end :].lstrip(" ").startswith(")")
        and gap_ok(work, before.end, value.start)
        and "\n" not in work[before.end : value.start]
    )


def _restated(
    labels: list[Candidate], values: list[Candidate], work: str
) -> tuple[list[Candidate], list[Candidate], list[Candidate]]:
    """A zone named again in brackets after its labelled value ("Т1 - 4012 (пик)") is that
    value's label, not the next value's: it is set aside.  A bracket naming another zone
    ("Т1 - 4012 (ночь)") contradicts the label, and the value is unsure.  Returns the
    labels and values kept, and the labels set aside."""
    if "(" not in work or not labels or not values:
        return labels, values, []
    items = sorted([*labels, *values], key=lambda c: c.start)
    again: list[Candidate] = []
    doubted: list[Candidate] = []
    for before, value, label in zip(items, items[1:], items[2:], strict=False):
        if not _bracketed_after(work, before, value, label):
            continue
        if label.zone == before.zone:
            again.append(label)
        else:
            doubted.append(value)
    if not again and not doubted:
        return labels, values, []
    named = [replace(lab, role="label named again", rule="a zone named again in brackets") for lab in again]
    unsure = "two zones named for it"
    values = [replace(v, role=UNSURE, rule=unsure) if v in doubted else v for v in values]
    return [lab for lab in labels if lab not in again], values, named


def _unexplained(work: str, values: list[Candidate], aside: list[Candidate]) -> list[Candidate]:
    """The numbers of the text no rule gave a role (neither masked nor judged)."""
    spans = sorted([(v.start, v.end) for v in values] + [(c.start, c.end) for c in aside])
    starts = [s for s, _ in spans]
    out: list[Candidate] = []
    for m in _DIGITS.finditer(work):
        n = bisect.bisect_right(starts, m.start())
        if not n or spans[n - 1][1] < m.end():
            out.append(Candidate(m.group(), m.start(), m.end(), NO_ROLE, "no rule matched"))
    return out


def scan(text: str, own: bool = True) -> Found:
    """Find one-line submissions, accounts, distractors, zone labels and values in ``text``."""
    work = spell_out(fold(text))
    work, stars = take_stars(work)
    work, accounts = take_accounts(work)
    work, distractors = mask_distractors(work)
    work, labels = take_labels(work)
    fixes = corrections(work)
    index = Index(work)
    values, aside = read_values(work, index.sentence, fixes)
    labels, dropped = _live_labels(labels, values, aside, work)
    labels, values, again = _restated(labels, values, work)
    unexplained = tuple(_unexplained(work, values, aside))
    return Found(
        text, work, index, own, tuple(accounts), tuple(stars), tuple(labels), tuple(values),
        tuple(aside), tuple(fixes), unexplained, (*distractors, *dropped, *again),
    )  # fmt: skip


def _subject_heading(found: Found) -> Found:
    """Zones named in the subject ("Показания день/ночь", "☀️🌙") over labelled values below are a title."""
    top = [lab for lab in found.labels if found.index.line(lab.start) == 0]
    if not top or any(found.index.line(v.start) == 0 for v in found.values):
        return found
    rest = [lab for lab in found.labels if found.index.line(lab.start) > 0]
    if {lab.zone for lab in top} <= {lab.zone for lab in rest}:
        titles = [replace(lab, role=not_reading("title"), rule="zones named in the subject") for lab in top]
        return replace(found, labels=tuple(rest), others=(*found.others, *titles))
    return found


_SIGNATURE_RULE = "the signature's labelled account"


def _with_signature(found: Found, signature: str) -> Found:
    """The signature's labelled account, when the own text names none."""
    if not signature or any(h.role == ACCOUNT for h in found.accounts) or found.stars:
        return found
    hit = signature_account(fold(signature))
    if hit is None:
        return found
    at = len(found.work)  # after every value of the own text
    signed = Candidate(hit.text, at, at, ACCOUNT, _SIGNATURE_RULE, account=hit.account)
    return replace(found, accounts=(*found.accounts, signed))


def _read(text: str, signature: str, own: bool) -> Found:
    return _with_signature(_subject_heading(scan(text, own)), signature)


def find_candidates(sources: Sources) -> Found:
    """The candidates of the own text, or of the forwarded text when the own one names
    neither an account nor a value."""
    found = _read(sources.own, sources.signature, own=True)
    if sources.forwarded and not found.accounts and not found.stars and not found.values:
        return _read(sources.forwarded, sources.signature, own=False)
    return found
