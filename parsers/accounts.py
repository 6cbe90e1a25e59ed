"""Find personal account numbers (12 digits) and the one-line ``ACCOUNT*V1[*V2[*V3]]`` form.

CONTRACT.md "Account numbers": an account is exactly 12 digits, possibly written in
groups separated by spaces or dashes; runs of 11 or 13 digits are not accounts, and
neither are serial numbers, INN, phones and the like.  Works on the folded text of
`parsers.numbers`, masks what it takes and gives each a `Candidate` (an account named
as old or closed has the role `OLD_ACCOUNT`: it carries no readings).
"""

from __future__ import annotations

import re

from parsers.model import ZONES
from parsers.numbers import MASK, mask
from parsers.roles import ACCOUNT, OLD_ACCOUNT, VALUE, Candidate

#: The rules that give an account its role.
ACCOUNT_RULE = "12 digits"
STAR_RULE = "ACCOUNT*VALUE line"


# 12 digits, compact or in the groupings people use for long numbers.  Groups are
# separated by exactly one space or dash so that a value written after the account
# ("240012345678 4521") is never glued onto it.
_GROUPED = (
    r"\d{4}[ \-]\d{4}[ \-]\d{4}"
    r"|\d{3}[ \-]\d{3}[ \-]\d{3}[ \-]\d{3}"
    r"|\d{2}[ \-]\d{2}[ \-]\d{2}[ \-]\d{2}[ \-]\d{2}[ \-]\d{2}"
    r"|\d{6}[ \-]\d{6}"
    r"|\d{3}[ \-]\d{3}[ \-]\d{6}"
    r"|\d{4}[ \-]\d{8}"
    r"|\d{2}[ \-]\d{4}[ \-]\d{6}"
    # Dots group an account like spaces (CONTRACT.md "Clarifications"): "240.012.345.678".
    r"|\d{3}\.\d{3}\.\d{3}\.\d{3}|\d{4}\.\d{4}\.\d{4}"
)
_ACCOUNT_BODY = rf"\d{{12}}|{_GROUPED}"
# A grouped form must not be a slice of a longer grouped run ("3307 2400 1234 5678").
_ACCOUNT = re.compile(
    r"(?<!\d)(?<!\d[\-/.,])(?<!\+)"
    rf"(?:\d{{12}}(?![\d]|[/.]\d)|(?<!\d[ \-])(?:{_GROUPED})(?![\d]|[ \-/.,]\d))"
)

# A star line: the account, then one to three values, each after an asterisk.
_VALUE = r"(?:\d{1,3}(?: \d{3}){1,2}(?![\d])|\d{1,8})(?:[.,]\d{1,3})?"  # "7 012": thousands
_STAR = re.compile(
    rf"(?<!\d)(?<!\d[\-/.,])(?<!\+)({_ACCOUNT_BODY})[ ]*\*[ ]*({_VALUE})"
    rf"(?:[ ]*\*[ ]*({_VALUE}))?(?:[ ]*\*[ ]*({_VALUE}))?(?![\d*]|[.,/]\d)"
)

# Labels that make the 12 digits after them something other than an account.
_NOT_ACCOUNT_BEFORE = re.compile(
    r"(?<![а-я])(?:инн(?:[ ]+[а-я]{2,15})?|снилс|огрн|огрнип|кпп|бик|окпо|окато|октмо"
    r"|паспорт[а-я]*|зав[а-я]*\.?|серийн[а-я]*"
    r"|s/?n|с/н|сч[её]тчик[а-я]*|прибор[а-я]*(?: учета)?|пу|тел[а-я]*\.?|моб[а-я]*\.?"
    r"|р/с|к/с|карт[а-я]*|договор[а-я]*|операци[а-я]*|платеж[а-я]*|платёж[а-я]*|чек[а-я]?"
    r"|транзакци[а-я]*|плат[её]жн[а-я]*(?: поручени[а-я]*)?)"
    r"[ ]*[:.]?[ ]*(?:№|n|no|номер)?[ ]*[:.]?[ ]*$"
    # A document's own number: "номер квитанции 1002…", "заявка № 1002…".
    r"|(?<![а-я])(?:(?:номер[а-я]*|№)[ ]*(?:квитанци|заказ|заявк|обращени|документ|перевод)[а-я]*"
    r"|(?:квитанци|заказ|заявк|обращени|документ|перевод)[а-я]*[ ]*(?:№|номер))[ ]*[:.]?[ ]*$"
    # A meter named by its model before its number: "счётчик CE301 № 009218123456".
    r"|(?<![а-я])(?:сч[её]тчик[а-я]*|прибор[а-я]*)[ ]+[а-я\-]*\d*[а-я\d.\-/]*[ ]*(?:№|n|no)[ ]*$"
)
# A number after "№" with no account word before it is some other document's number.
_NUMBER_SIGN = re.compile(r"(?:№|#)[ ]*$")
_ACCOUNT_WORD = re.compile(r"(?<![а-я])(?:л[/.]?[ ]?с|лс|лиц[а-я]*|сч[её]т(?!чик)[а-я]*|абонент[а-я]*|аб\.)")
# An account the resident names as old or closed ("старый 240…", "закрытый л/с 240…"):
# it is named, but carries no readings (CONTRACT.md "Several accounts").
_OLD_ACCOUNT = re.compile(
    r"(?<![а-я])(?:стар[а-я]*|прежн[а-я]*|бывш[а-я]*|закрыт[а-я]*|предыдущ[а-я]*|недействующ[а-я]*"
    r"|раньше(?:[ ]+(?:был[а-я]*|мой|наш))?)"
    r"(?:[ ]+(?:л/с|лс|л\.с\.|лиц[а-я]*\.?|сч[её]т[а-я]*|номер[а-я]*|абонентск[а-я]*|№))*[ ]*[:\-]?[ ]*$"
)


# Zone labels just before a spaced run: "Пик Полупик Ночь\n1000 2000 3000" is three
# values under their header, not an account written in groups of four.
_ZONES_BEFORE = re.compile(
    r"(?<![а-я])(?:пик|полупик|ноч|день|дневн|дн|т[ \-]?[123]|зон|тариф)[а-я]*[ :=|\-]*\n?[ |]*$"
)


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _is_account_context(work: str, start: int) -> bool:
    line_start = work.rfind("\n", 0, start) + 1
    before = work[max(line_start, start - 40) : start]
    if _NUMBER_SIGN.search(before) and not _ACCOUNT_WORD.search(before[-25:]):
        return False
    return _NOT_ACCOUNT_BEFORE.search(before) is None


# Or said so after it, in the same clause with no number between: "… (л/с 2400…) передам
# позже", "лицевой 2400…, его закрыли".
_OLD_AFTER = re.compile(
    r"[^\d\n.;!?]{0,30}?(?<![а-я])(?:закры(?:л|т)[а-я]*|передам[ ]+(?:позже|потом|позднее|завтра)"
    r"|(?:позже|потом|позднее)[ ]+передам|не[ ]+действу[а-я]*)"
)


def is_old_account(work: str, start: int, end: int | None = None) -> bool:
    """Whether the account at ``start`` (ending at ``end``) is named as an old or closed one."""
    if end is not None and _OLD_AFTER.match(work, end):
        return True
    return _OLD_ACCOUNT.search(work, max(0, start - 40), start) is not None


def take_stars(work: str) -> tuple[str, list[Candidate]]:
    """Find and mask the one-line ``ACCOUNT*V1[*V2[*V3]]`` submissions.

    Each line gives its account, then its values with their registers (t1, t2, t3 in
    order) and account already known; every one of them stands at the whole line's span.
    """
    hits: list[Candidate] = []

    def on(m: re.Match[str]) -> None:
        account = _digits(m.group(1))
        s, e = m.start(), m.end()
        hits.append(Candidate(m.group(1), s, e, ACCOUNT, STAR_RULE, account=account))
        for zone, v in zip(ZONES, (v for v in m.groups()[1:] if v), strict=False):
            number = int(v.replace(",", ".").split(".")[0].replace(" ", ""))
            hits.append(Candidate(v, s, e, VALUE, STAR_RULE, number, account, zone))

    return mask(work, _STAR, on=on), hits


def take_accounts(work: str) -> tuple[str, list[Candidate]]:
    """Find and mask the account numbers, in order of appearance."""
    hits: list[Candidate] = []
    pieces: list[str] = []
    last = 0
    for m in _ACCOUNT.finditer(work):
        if not _is_account_context(work, m.start()):
            continue
        if " " in m.group() and _ZONES_BEFORE.search(work, max(0, m.start() - 40), m.start()):
            continue
        role = OLD_ACCOUNT if is_old_account(work, m.start(), m.end()) else ACCOUNT
        hits.append(Candidate(m.group(), m.start(), m.end(), role, ACCOUNT_RULE, account=_digits(m.group())))
        pieces.append(work[last : m.start()])
        pieces.append(MASK * (m.end() - m.start()))
        last = m.end()
    pieces.append(work[last:])
    return "".join(pieces), hits


def signature_account(work: str) -> Candidate | None:
    """The one labelled account of a signature ("Иванова И.И., л/с 240012345678"), if any.

    CONTRACT.md "Clarifications": it counts when the resident's own text names none;
    the signature's other numbers never count.
    """
    _, hits = take_accounts(work)
    labelled = {
        h.account
        for h in hits
        if h.role == ACCOUNT and _ACCOUNT_WORD.search(work, max(0, h.start - 25), h.start)
    }
    if len(labelled) != 1:
        return None
    return next(h for h in hits if h.account in labelled)
