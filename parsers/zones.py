"""Zone labels (день/ночь, пик/полупик, Т1–Т3) and the words that change what a value means.

CONTRACT.md "Readings": single-rate → t1; день = t1, ночь = t2; пик = t1, ночь = t2,
полупик = t3; Т1/Т2/Т3 map directly.  Works on the folded, partly masked text of
`parsers.numbers`.
"""

from __future__ import annotations

import re

from parsers.numbers import MASK, fold, mask
from parsers.roles import LABEL, Candidate

#: The zone of a label that names a zone we cannot tell: its value makes the reading ambiguous.
UNKNOWN_ZONE = "t?"
LABEL_RULE = "zone"


def _label(zone: str, m: re.Match[str]) -> Candidate:
    """A zone label written at the match, as a candidate of the text."""
    return Candidate(m.group(), m.start(), m.end(), LABEL, LABEL_RULE, zone=zone)


# "Добрый день" is a greeting, not the day zone.
_GREETING = re.compile(
    r"(?<![а-я])(?:добр[а-я]*|хорош[а-я]*|прекрасн[а-я]*|удачн[а-я]*|отличн[а-я]*|спокойн[а-я]*)"
    r"\s+(?:день|дня|вечер[а-я]*|ноч[а-я]*|утр[а-я]*|суток)(?![а-я])"
)


def _en(word: str) -> str:
    """An English label as it reads after folding (Latin look-alikes become Cyrillic)."""
    return re.escape(fold(word))


# Order matters: полупик before пик (it contains it), explicit registers first.
_LABELS: tuple[tuple[re.Pattern[str], str | None], ...] = (
    # "Т1 3381", and glued to the previous value when a colon follows: "Т1:3381Т2:1402".
    (re.compile(r"(?<![а-я\d])т\.?[ \-]?([123])(?!\d|[.,]\d)|(?<=\d)т([123])(?=[ ]?[:=])"), None),
    (re.compile(r"(?<![\d.,])([123])[ \-]?(?:[ыио]?й[ ])?[ ]?(?:тариф|зон)[а-я]*"), None),
    (re.compile(r"(?<![а-я])(?:тариф|зон)[а-я]*[ ]?№?[ ]?([123])(?!\d|[.,]\d)"), None),
    (re.compile(r"(?<![а-я])перв[а-я]*[ ]+(?:тариф|зон)[а-я]*"), "t1"),
    (re.compile(r"(?<![а-я])втор[а-я]*[ ]+(?:тариф|зон)[а-я]*"), "t2"),
    (re.compile(r"(?<![а-я])трет[а-я]*[ ]+(?:тариф|зон)[а-я]*"), "t3"),
    (re.compile(r"(?<![а-я])(?:полу[ \-]?пик[а-я]*|п[/\-]пик[а-я]*|ппик[а-я]*)"), "t3"),
    (re.compile(r"(?<![а-я])пик[а-я]*"), "t1"),
    (re.compile(r"(?<![а-я])(?:ноч[а-я]*|нч(?![а-я])|н/т(?![а-я]))"), "t2"),
    (re.compile(r"(?<![а-я])(?:день|дневн[а-я]*|днев|дн[её]м|дню|дн|д/т)(?![а-я])"), "t1"),
    # English names and emoji (CONTRACT.md "Clarifications": labels).
    (re.compile(rf"(?<![a-zа-я]){_en('semi')}[ \-]?{_en('peak')}(?![a-zа-я])"), "t3"),
    (re.compile(rf"(?<![a-zа-я\-])(?:{_en('peak')}|{_en('day')})(?![a-zа-я])"), "t1"),
    (re.compile(rf"(?<![a-zа-я]){_en('night')}(?![a-zа-я])"), "t2"),
    (re.compile("[\u2600\u263c\U0001f31e\U0001f305\U0001f304]\ufe0f?"), "t1"),
    (re.compile("[\U0001f319\U0001f31b\U0001f31c\U0001f303\U0001f31a]\ufe0f?"), "t2"),
)
# One- and two-letter labels ("Д 4521 Н 2103", "П - 5511, ПП - 4202, Н - 2870") count only
# when their set is whole: Д with Н, or П with ПП (a three-zone meter).
_LETTER = re.compile(r"(?<![а-я\d.])(пп|[дпн])\.?(?=[ ]?[:=\-]?[ ]?\d)")
_LETTER_ZONE = {"д": "t1", "н": "t2", "п": "t1", "пп": "t3"}

# A zone word, "тариф"/"зона", then a digit that may be the zone's number or the first
# group of the value ("пиковая зона 3 318"): the word names the zone.  When the digit is
# another zone's, it begins the value (3318); when it is the same zone's ("дневной тариф
# 1 850": 850 or 1850?), which one cannot be told, and the label's zone is unknown.
_NAMED_THEN_DIGIT = re.compile(
    r"(?<![а-я])(полу[ \-]?пик|пик|ноч|дн[её]?в)[а-я]*[ ]+(?:тариф|зон)[а-я]*"
    r"(?=[ ]?№?[ ]?([123])[ ]\d{3}(?![\d]|[.,]\d{3}))"
)
_WORD_ZONE = {"пик": "t1", "ноч": "t2", "днв": "t1", "днев": "t1", "днёв": "t1"}


def _named_zone(m: re.Match[str]) -> str:
    word = m.group(1)
    zone = "t3" if word.startswith("полу") else _WORD_ZONE[word]
    return UNKNOWN_ZONE if zone == "t" + m.group(2) else zone

_CORRECTION = re.compile(
    r"(?<![а-я])(?:ошиб[а-я]*|ошибочн[а-я]*|исправ[а-я]*|правильн[а-я]*"
    r"|верн(?:о|ые|ыми|ое|ый|ая)(?![а-я])|вернее|точнее|опечат[а-я]*|уточн[а-я]*"
    r"|корректир[а-я]*|корректн[а-я]*|поправк[а-я]*|на самом деле|перепутал[а-я]*"
    r"|не так)"
    # "4410 - нет, 4401": a denial between two numbers.
    r"|(?<=[\d\x7f])[ ]*[\-,][ ]*нет[ ]*[,:\-][ ]*(?=\d)"
)
_NOT_A_CORRECTION = re.compile(r"[ ]*(?:\?|ли(?![а-я])|нет(?![а-я]))")
_DENIED = re.compile(r"(?<![а-я])(?:не|без)[ ]+$")
_OLD = re.compile(
    r"(?<![а-я])(?:было|были|был|ранее|предыдущ[а-я]*|прежн[а-я]*|стар[а-я]{2}|начальн[а-я]*"
    r"|в прошлом|в прошлый раз|прошл(?:ого|ые|ое|ых|ой|ый|ым|ому)"
    r"|последн[а-я]*[ ]+(?:передан|принят|учтен|учтён)[а-я]*"
    r"|норматив[а-я]*|средн[а-я]*|расход[а-я]*|израсходова[а-я]*|потреблено|потреблени[ея]|объ[её]м[а-я]*|разниц[а-я]*"
    # Consumption told as spending: "за месяц потратили 310", "в год 3400".  ("Нагорело
    # 4521" may name what the meter shows: it stays ambiguous beside another number.)
    r"|потрат[а-я]*|трат(?:им|ит|ят|ил|ила|или|ится)|потребля[а-я]*|потребил[а-я]*"
    r"|в год|за год|годов[а-я]*"
    r"|ежемесячн[а-я]*|среднемесячн[а-я]*)(?![а-я])"
    r"|(?<![а-я])пред\."
)
# Words that begin this month's values after old ones ("Было: … Стало: …").
_NEW = re.compile(
    r"(?<![а-я])(?:стал[аио]?|сейчас|теперь|текущ[а-я]*|нынешн[а-я]*|нов(?:ые|ое|ый|ая|ых)"
    r"|сегодня|сегодняшн[а-я]*|актуальн[а-я]*|в этом месяце|этого месяца|на данный момент"
    r"|переда[а-я]*|сообщаю|отправляю)(?![а-я])"
)
_READING = re.compile(r"(?<![а-я])показани[а-я]*")
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


def take_labels(work: str) -> tuple[str, list[Candidate]]:
    """Find and mask zone labels, in order of appearance."""
    work = mask(work, _GREETING)
    found: list[Candidate] = []
    if "тариф" in work or "зон" in work:
        work = mask(work, _NAMED_THEN_DIGIT, on=lambda m: found.append(_label(_named_zone(m), m)))
    for pattern, zone in _LABELS:

        def on(m: re.Match[str], zone: str | None = zone) -> None:
            found.append(_label(zone or "t" + (m.group(1) or m.group(2)), m))

        work = mask(work, pattern, on=on)
    letters = list(_LETTER.finditer(work))
    accepted = _letters_accepted(found, [m.group(1) for m in letters])
    for m in letters:
        # A lone "н 2103" is probably a label whose partner we lost: never read it as t1.
        zone = _LETTER_ZONE[m.group(1)] if accepted else UNKNOWN_ZONE
        found.append(_label(zone, m))
        work = work[: m.start()] + MASK * (m.end() - m.start()) + work[m.end() :]
    found.sort(key=lambda lab: lab.start)
    return work, found


def _letters_accepted(words: list[Candidate], letters: list[str]) -> bool:
    """Whether letter labels form a whole set: Д and Н (two zones) or П and ПП (three)."""
    if not letters:
        return False
    zones = {lab.zone for lab in words}
    if "п" in letters or "пп" in letters:
        three = ("п" in letters or "t1" in zones) and ("пп" in letters or "t3" in zones)
        return three and "д" not in letters
    return {"t1", "t2"} <= zones | {_LETTER_ZONE[x] for x in letters}


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


def new_marks(work: str) -> list[int]:
    """Offsets of words that start this month's values ("стало", "текущие", "сейчас")."""
    return [m.start() for m in _NEW.finditer(work)]


def reading_words(work: str) -> list[int]:
    """Offsets of "показания": after an old value's words, it starts this month's values."""
    return [m.start() for m in _READING.finditer(work)]


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
