"""Zone labels (день/ночь, пик/полупик, Т1–Т3) and the words that change what a value means.

CONTRACT.md "Readings": single-rate → t1; день = t1, ночь = t2; пик = t1, ночь = t2,
полупик = t3; Т1/Т2/Т3 map directly.  Works on the folded, partly masked text of
`parsers.numbers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.numbers import MASK, mask

#: The zone of a label that names a zone we cannot tell: its value makes the reading ambiguous.
UNKNOWN_ZONE = "t?"


@dataclass(frozen=True)
class Label:
    """A zone label written at ``start``..``end``."""

    zone: str
    start: int
    end: int


# "Добрый день" is a greeting, not the day zone.
_GREETING = re.compile(
    r"(?<![а-я])(?:добр[а-я]*|хорош[а-я]*|прекрасн[а-я]*|удачн[а-я]*|отличн[а-я]*|спокойн[а-я]*)"
    r"\s+(?:день|дня|вечер[а-я]*|ноч[а-я]*|утр[а-я]*|суток)(?![а-я])"
)

# Order matters: полупик before пик (it contains it), explicit registers first.
_LABELS: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(r"(?<![а-я\d])т\.?[ \-]?([123])(?!\d|[.,]\d)"), None),
    (re.compile(r"(?<![\d.,])([123])[ \-]?(?:[ыио]?й[ ])?[ ]?(?:тариф|зон)[а-я]*"), None),
    (re.compile(r"(?<![а-я])(?:тариф|зон)[а-я]*[ ]?№?[ ]?([123])(?!\d|[.,]\d)"), None),
    (re.compile(r"(?<![а-я])перв[а-я]*[ ]+(?:тариф|зон)[а-я]*"), "t1"),
    (re.compile(r"(?<![а-я])втор[а-я]*[ ]+(?:тариф|зон)[а-я]*"), "t2"),
    (re.compile(r"(?<![а-я])трет[а-я]*[ ]+(?:тариф|зон)[а-я]*"), "t3"),
    (re.compile(r"(?<![а-я])(?:полу[ \-]?пик[а-я]*|п[/\-]пик[а-я]*|ппик[а-я]*)"), "t3"),
    (re.compile(r"(?<![а-я])пик[а-я]*"), "t1"),
    (re.compile(r"(?<![а-я])(?:ноч[а-я]*|нч(?![а-я]))"), "t2"),
    (re.compile(r"(?<![а-я])(?:день|дневн[а-я]*|днев|дн[её]м|дню|дн)(?![а-я])"), "t1"),
)
# One-letter labels ("Д 4521 Н 2103") count only when both letters are written.
_LETTER = re.compile(r"(?<![а-я\d.])([дн])\.?(?=[ ]?[:=\-]?[ ]?\d)")

_CORRECTION = re.compile(
    r"(?<![а-я])(?:ошиб[а-я]*|ошибочн[а-я]*|исправ[а-я]*|правильн[а-я]*"
    r"|верн(?:о|ые|ыми|ое|ый|ая)(?![а-я])|вернее|точнее|опечат[а-я]*|уточн[а-я]*"
    r"|корректир[а-я]*|корректн[а-я]*|поправк[а-я]*|на самом деле|перепутал[а-я]*"
    r"|не так)"
)
_NOT_A_CORRECTION = re.compile(r"[ ]*(?:\?|ли(?![а-я])|нет(?![а-я]))")
_DENIED = re.compile(r"(?<![а-я])(?:не|без)[ ]+$")
_OLD = re.compile(
    r"(?<![а-я])(?:было|были|был|ранее|предыдущ[а-я]*|прежн[а-я]*|стар[а-я]{2}|начальн[а-я]*"
    r"|в прошлом|в прошлый раз|прошл(?:ого|ые|ое|ых|ой|ый|ым|ому)"
    r"|последн[а-я]*[ ]+(?:передан|принят|учтен|учтён)[а-я]*"
    r"|норматив[а-я]*|средн[а-я]*|расход[а-я]*|израсходова[а-я]*|потреблено|потреблени[ея]|объ[её]м[а-я]*|разниц[а-я]*)(?![а-я])"
    r"|(?<![а-я])пред\."
)
# Doubt about the value written in the same sentence ("то ли 4521, то ли 4588").
_UNSURE = re.compile(
    r"(?<![а-я])(?:то ли|не понятно|непонятно|примерно|приблизительно|около(?=[ ]*\d)"
    r"|не вид[а-я]*|плохо видно|не точно|неточно|не помню|не знаю|говорит|вроде|кажется"
    r"|наверное|может быть|где[ \-]то|плохо вид[а-я]*|не разгляд[а-я]*|размыт[а-я]*)(?![а-я])"
)
# Doubt about everything written ("…\nВечером перепроверю", "может, наоборот").
_UNSURE_ALL = re.compile(
    r"(?<![а-я])(?:не уверен[а-я]*|не разобрать|не разбира[а-я]*|неразборчив[а-я]*"
    r"|не различ[а-я]*|не могу разобрать|перепровер[а-я]*|наоборот)(?![а-я])"
)


# Words that say something written was wrong; after the last value, with nothing
# to replace it ("день 4512 ночь 2103. Ошиблась, перепутала"), they void the values.
_MISTAKE = re.compile(r"(?<![а-я])(?:ошиб[а-я]*|ошибочн[а-я]*|перепута[а-я]*|опечат[а-я]*)")


def take_labels(work: str) -> tuple[str, list[Label]]:
    """Find and mask zone labels, in order of appearance."""
    work = mask(work, _GREETING)
    found: list[Label] = []
    for pattern, zone in _LABELS:

        def on(m: re.Match[str], zone: str | None = zone) -> None:
            found.append(Label(zone or "t" + m.group(1), m.start(), m.end()))

        work = mask(work, pattern, on=on)
    letters = list(_LETTER.finditer(work))
    zones = {lab.zone for lab in found} | {"t1" if m.group(1) == "д" else "t2" for m in letters}
    accepted = {"t1", "t2"} <= zones
    for m in letters:
        # A lone "н 2103" is probably a label whose partner we lost: never read it as t1.
        zone = ("t1" if m.group(1) == "д" else "t2") if accepted else UNKNOWN_ZONE
        found.append(Label(zone, m.start(), m.end()))
        work = work[: m.start()] + MASK * (m.end() - m.start()) + work[m.end() :]
    found.sort(key=lambda lab: lab.start)
    return work, found


def corrections(work: str) -> list[int]:
    """End offsets of the words announcing a correction ("ошибся, правильно …").

    A question ("верно?", "правильно ли") or a denial ("не ошибся") corrects nothing.
    """
    return [
        m.end()
        for m in _CORRECTION.finditer(work)
        if not _NOT_A_CORRECTION.match(work, m.end())
        and not _DENIED.search(work, max(0, m.start() - 4), m.start())
    ]


def old_marks(work: str) -> list[int]:
    """End offsets of words that make the following value an old one ("было 9275")."""
    return [m.end() for m in _OLD.finditer(work)]


def unsure_marks(work: str) -> list[int]:
    """Offsets of words saying the resident is not sure of a value in that sentence."""
    return [m.start() for m in _UNSURE.finditer(work)]


def mistakes(work: str) -> list[int]:
    """Offsets of words admitting a mistake, without questions and denials ("ошибки нет")."""
    return [
        m.start()
        for m in _MISTAKE.finditer(work)
        if not _NOT_A_CORRECTION.match(work, m.end())
        and not _DENIED.search(work, max(0, m.start() - 4), m.start())
    ]


def unsure_of_all(work: str) -> bool:
    """Whether the resident doubts what they wrote as a whole."""
    return _UNSURE_ALL.search(work) is not None
