"""Numbers that are never accounts or readings: dates, money, phones, addresses, serials…

Each pattern names one kind of number (`KINDS`); `mask_distractors` overwrites every
match in the folded text with `MASK` (so no later rule sees its digits) and returns it
as a `Candidate` whose role names the kind ("not:date", "not:phone" …).  CONTRACT.md
"Account numbers" and the Clarifications' "Not readings".
"""

from __future__ import annotations

import re

from parsers.numbers import MASK, mask
from parsers.prefilter import Needs, needs
from parsers.roles import Candidate, not_reading

#: The rule every distractor's candidate names.
RULE = "distractor"

_MONTH = r"(?:январ|феврал|март|апрел|ма[йяю]|июн|июл|август|сентябр|октябр|ноябр|декабр)"
_NUM = r"\d+(?:[ ]\d{3}){0,2}(?:[.,]\d+)?"

# Each pattern names a kind of number that is not an account and not a value.
_DISTRACTORS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.MULTILINE)
    for p in (
        # Zone hours in brackets after a zone: "пик (7-10, 17-21)", "ночь (23:00-7:00)",
        # "пик (с 7 до 10 и с 17 до 21)": read first, before the hours and times below take
        # the bracket apart ("с 7" an hour, and "10" left as a value).
        r"\([ ]*(?:с[ ]*)?\d{1,2}(?:[:.]\d{2})?[ ]*(?:-|до)[ ]*\d{1,2}(?:[:.]\d{2})?"
        r"(?:[ ]*[,;и][ ]*(?:с[ ]*)?\d{1,2}(?:[:.]\d{2})?[ ]*(?:-|до)[ ]*\d{1,2}(?:[:.]\d{2})?)*"
        r"[ ]*(?:ч\.?|час[а-я]*)?[ ]*\)",
        # Dates and times: 21.11.2026, 20.11., 2026-11-21, 10:15, "25 ноября", "ноябрь 2026".
        r"(?<!\d)\d{1,2}[./]\d{1,2}[./]\d{2,4}(?!\d)",
        r"(?<![\d.,])(?:0?[1-9]|[12]\d|3[01])\.(?:0[1-9]|1[0-2])(?!\d|[.,]\d)",
        # A time written with a dot after "в"/"к": "в 22.00"; a span of days "с 1 по 30".
        r"(?<![а-я])(?:в|к|до|после)[ ]+(?:[01]?\d|2[0-3])\.[0-5]\d(?![\d,]|\.\d)",
        r"(?<![а-я])с[ ]+\d{1,2}(?:\.\d{1,2})?[ ]+по[ ]+\d{1,2}(?:\.\d{1,2})?(?![\d,]|\.\d)",
        # Hours: "звоните после 18", "с 9 до 18", "в 18 ч".
        r"(?<![а-я])(?:после|до|с|к|в)[ ]+(?:[01]?\d|2[0-4])"
        r"(?:[ ]*(?:ч\.|ч(?![а-я])|час[а-я]*)(?:[ ]+(?:ночи|дня))?)?"
        # A comma or full stop may end the phrase ("с 7 до 23, ночь …"); one before a digit
        # would make a decimal ("до 23,5").
        r"(?![\d:]|[.,]\d)(?=[ ]*(?:$|[\n.,;!)]|до[ ]|ч|час|утра|вечера|дня))",
        r"(?<![\d.,])(?:[01]?\d|2[0-4])[ ]*(?:ч\.|ч(?![а-я])|час[а-я]*)(?:[ ]+(?:ночи|дня))?",
        # Codes, references, birth years, ages, a postcode after the city.
        r"(?<![а-я])(?:пароль|парол[яюе]|код[а-я]*|обращени[а-я]*|исх[а-я]*\.?|вх[а-я]*\.?"
        r"|заявк[а-я]*|рег[а-я]*\.|номер|рождени[а-я]*)[ ]*[:.]?[ ]*(?:№|n)?[ ]*\d+",
        r"(?<![\d.,])(?:19|20)\d{2}[ ]*г\.?[ ]?р\.?",
        # A year right after a name with initials is a birth year more often than a reading:
        # "Иванов И.И., 1965", "И.И. Иванов 1965" (a real reading there is refused, not guessed).
        r"(?<![а-яё])(?:[а-яё]{2,}[ ]+[а-яё]\.[ ]?[а-яё]\.?|[а-яё]\.[ ]?[а-яё]\.[ ]?[а-яё]{2,})"
        r"[ ]*,?[ ]*(?:19|20)\d{2}(?!\d|[.,]\d)",
        r"(?<![а-я])мне[ ]+\d{1,3}(?![\d]|[.,]\d)",
        r"(?<![а-я])(?:красноярск[а-я]*|г\.)[ ,]*6\d{5}(?!\d)",
        # Questions about the display: "5 или 6 цифр", "красная 1"; a promised day: "передам 25".
        r"(?<![\d.,])\d{1,2}[ ]*(?:(?:или|-)[ ]*\d{1,2}[ ]*)?(?:цифр|знак|разряд)[а-я]*",
        r"(?<![а-я])(?:красн[а-я]*|после запятой|дробн[а-я]*)[ ]*[:\-]?[ ]*\d+",
        r"(?<![а-я])(?:передам|пришлю|сниму|отправлю)[ ]+\d{1,2}(?![\d]|[.,]\d)",
        # Quarters and numbered questions: "за 3 квартал", "Вопрос 1:", "п. 2".
        r"(?<![\d.,])\d[ ]*(?:-?[а-я]{1,2}[ ]+)?квартал[а-я]*",
        r"(?<![а-я])за[ ]+[1-4][ ]*(?:-?[а-я]{1,2}[ ]+)?кв(?:\.|(?![а-я]))",
        r"(?<![а-я])парол[а-я]*(?:[ ]+от[ ]+[а-я]+(?:[ ]+[а-я]+)?)?[ ]*[:\-]?[ ]*\d+",
        r"(?<![а-я])(?:вопрос[а-я]*|пункт[а-я]*|п\.)[ ]*№?[ ]*\d{1,2}(?!\d)",
        r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)",
        r"(?<![\d.,])(?:0?[1-9]|1[0-2])[./](?:19|20)\d{2}(?!\d)",
        r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)",
        rf"(?<!\d)\d{{1,2}}(?:-?[а-я]{{1,2}})?[ ]*{_MONTH}[а-я]*\.?",
        rf"{_MONTH}[а-я]*\.?,?[ ]*(?:19|20)\d{{2}}(?!\d)",
        r"(?<!\d)(?:19|20)\d{2}[ ]*(?:г\.|г(?![а-я])|год[а-я]*)",
        # A year after the word for what happened in it: "год выпуска 2014", "поверка до 2030",
        # "установлен в 2019".
        r"(?<![а-я])(?:(?:год|дат)[а-я]*[ ]+(?:выпуск|изготовл|поверк|установк|ввод)[а-я]*"
        r"|выпуск[а-я]*|изготовл[а-я]*|поверк[а-я]*|поверен[а-я]*|поверял[а-я]*"
        r"|межповерочн[а-я]*|установлен[а-я]*|установил[а-я]*)"
        r"(?:[ ]+(?!показ|сейчас|текущ|стал)[а-я]{1,12}){0,2}[ ]*[:\-]?[ ]*"
        r"(?:(?:в|до|с|от)[ ]+)?(?P<n>(?:19|20)\d{2})(?![\d]|[.,]\d)",
        # The next verification after one named in the same sentence: "поверка 2019 г.,
        # следующая в 2035" ("поверка 2019. Следующие показания 2035": a value, kept).
        r"(?<![а-я])(?:поверк|поверен|поверял)[а-я]*[^\n.!?;]{0,40}?(?<![а-я])(?:следующ|очередн)[а-я]*"
        r"(?:[ ]+поверк[а-я]*)?[ ]*[:\-]?[ ]*(?:(?:в|до|на)[ ]+)?(?P<n>(?:19|20)\d{2})(?![\d]|[.,]\d)",
        r"(?<!\d)\d{1,2}[ ]*(?:-?го[ ]+)?(?:числ[а-я]*)",
        r"(?<!\d)\d{1,2}[ ]*(?:янв|фев|мар|апр|июн|июл|авг|сен|сент|окт|ноя|дек)(?![а-я])\.?",
        r"(?<![\d.,/])(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])(?![\d/]|[.,]\d)",
        # Prices per kWh, alone or listed: "5,12 или 4,35 руб/кВт·ч", "4.71 р./кВтч", "471 коп за кВт".
        r"(?<![\d.,])(?:\d+[.,]\d{1,2}(?:[ ]*(?:или|и|,|/|-)[ ]*\d+[.,]\d{1,2})*|\d+)[ ]*"
        r"(?:руб[а-я]*|р|коп[а-я]*|₽)\.?[ ]*(?:/|за|в|за[ ]+1|на)[ ]*(?:1[ ]*)?к(?:вт|w)",
        # Money: "1 234,56 руб", "2 150 р.", "500₽"; "сумма 1234,56".
        rf"(?<![\d.,]){_NUM}[ ]*(?:руб[а-я]*|р\.|р(?![а-я/])|₽|коп[а-я]*|тыс[а-я]*)",
        rf"(?<![а-я])(?:сумм[а-я]*|(?:о|за|до|у|пере)?плат[а-я]*|(?:о|за|до|у|пере)плач[а-я]*"
        rf"|пени|пеня|баланс[а-я]*|компенсаци[а-я]*|субсиди[а-я]*|льгот[а-я]*|штраф[а-я]*"
        rf"|перерасч[её]т[а-я]*|возврат[а-я]*"
        rf"|долг[а-я]*|задолж[а-я]*|начислен[а-я]*|сч[её]т[а-я]*[ ]+на(?:[ ]+сумму)?)"
        rf"[ ]*[:\-]?[ ]*(?:в размере[ ]*)?{_NUM}",
        r"(?<![\d.,])\d{3}-\d{3}-\d{3}[ \-]\d{2}(?!\d)",
        # A bank card's 16 digits in fours, or masked but its last four ("**** 4417").
        r"(?<![\d.,])\d{4}[ \-]\d{4}[ \-]\d{4}[ \-]\d{4}(?![\d])|(?:\*{4}|х{4})[ \-]?\d{4}(?!\d)",
        # A number right after a bank card, masked or not: "оплатила картой *4417", "карта …4417".
        r"(?<![а-я])карт(?:а|ы|е|у|ой|ою|очк[а-я]*)[ ]*(?:№|n)?[ ]*[:.]?[ ]*(?:[*•.…х]+[ ]?)?(?P<n>\d+)",
        # Identity papers: "паспорт 0412 123456", "СНИЛС 123-456-789 01".
        r"(?<![а-я])(?:паспорт[а-я]*|снилс|инн|огрн[а-я]*|полис[а-я]*|карт[аыуе]|договор[а-я]*"
        r"|удостоверени[а-я]*|пенсионн[а-я]*|свидетельств[а-я]*)"
        r"[ ]*[:.]?[ ]*(?:№|серия)?[ ]*"
        r"\d+(?:[ \-/]*(?:№|номер)?[ ]*\d+){0,4}",
        # A meter's ordinal, not its value: "Счётчик 1: день …", "счетчика 2 - 4521".
        r"(?<![а-я])сч[её]тчик[а-я]{0,2}[ ]*№?[ ]*\d(?![\d.,])(?=[ ]*[:\-)])",
        # A flat's floor area: "площадь 54,3" (before streets: "пл." is a square).
        r"(?<![а-я])площад[а-я]*[ ]*[:\-]?[ ]*\d+(?:[.,]\d+)?",
        # Other meters: water, gas, heat ("горячая вода 123", "ХВС: 45", "12 м3").
        rf"(?<![а-я])(?:(?:холодн[а-я]*|горяч[а-я]*)(?:[ ]+вод[а-я]*)?"
        rf"|вод[а-я]*(?:[ ]+(?:холодн|горяч)[а-я]*)?|гвс|хвс|газ[а-я]*|отоплени[а-я]*|тепл[а-я]*)"
        rf"[ ]*[:=\-]?[ ]*{_NUM}",
        rf"(?<![\d.,]){_NUM}[ ]*(?:м3|м³|куб[а-я]*|гкал)",
        # A price per kWh or a contracted power: "тариф 4,71", "мощность 5 кВт".
        # Prices per zone too, with their labels: "тарифы: день 5,38, ночь 2,95".
        r"(?<![а-я])(?:тариф[а-я]*|цен[а-я]*|стоимост[а-я]*)[ ]*[:=\-]?[ ]*(?:\d+[.,]\d+"
        r"|(?:[а-я]{1,10}\.?[ ]*[:=\-]?[ ]*\d{1,2}[.,]\d{1,2}(?![\d])(?:[ ]*(?:руб[а-я]*|р\.|₽))?"
        r"[ ]*[,;]?[ ]*){1,3})",
        r"(?<![а-я])мощност[а-я]*[ ]*[:=\-]?[ ]*\d+(?:[.,]\d+)?",
        # Totals of the zones are not a register: "всего 6624", "итого: 6624", "сумма Т = 6100",
        # "общий 6100", "суммарно по всем зонам 6100".
        rf"(?<![а-я])(?:всего|итого|сумм[а-я]*|общ(?:ий|ее|ая|его|ие)|суммарн[а-я]*)"
        rf"(?:[ ]+(?!показ)[а-я]{{1,10}}\.?){{0,3}}[ ]*[:=\-]?[ ]*{_NUM}",
        # Any country's code: "+998 90 123 45 67"; a city code in brackets: "8(391)2-21-45-67".
        r"\+[ ]?\d+(?:[ \-]?\(?\d{2,4}\)?[ \-]?\d{2,4}(?:[ \-]\d{2,4}){0,3}(?![\d*]))?",
        # Phones: +7 (391) 257-67-07, 8 913 123-45-67, 89131234567, 257 67 07, "тел. 2576707".
        r"(?<![\d*])(?:\+[ ]?7|8|7)?[ \-]?\(?\d{3}\)?[ \-]?\d{3}[ \-]?\d{2}[ \-]?\d{2}(?![\d*])",
        r"(?<![\d*])\d{3}[ \-]\d{2}[ \-]\d{2}(?![\d*])",
        r"(?<![а-я])(?:тел|моб|сот)[а-я]*\.?[ ]*[:.]?[ ]*(?:\+[ ]?7|8)?[ \-]?\(?\d+\)?"
        r"(?:[ \-]?\d+){0,4}",
        r"(?<![\d*])(?:\+[ ]?7|8)[ \-]?\(\d{3,5}\)[ \-]?\d{1,3}(?:[ \-]?\d{2}){2,3}(?![\d*])",
        # A phone's extension: "доб. 215", "добавочный 215", "вн. 215", "ext. 215".
        r"(?<![а-я])(?:доб\.?|добавочн[а-я]*|вн\.|внутр[а-я]*\.?|ехт\.?)[ ]*[:.]?[ ]*"
        r"(?P<n>\d{1,5})(?![\d]|[.,]\d)",
        # Addresses: "кв. 42", "д. 5", "дом 3А", "корп. 2", "ул. Весны 3А", postcode.
        r"(?<![а-я])(?:кв(?!т)|кв-р[а-я]*|квартир[а-я]*|д\.|д(?=\d)|ком\.|секци[а-я]*|гск|дом[а-я]*|корп[а-я]*\.?|к\.|стр\.|строени[а-я]*"
        r"|подъезд[а-я]*|под\.|эт\.|этаж[а-я]*|оф\.|офис[а-я]*|комн[а-я]*|уч\.|участ[а-я]*"
        r"|лит\.?|литер[а-я]*)\.?[ ]*(?:№[ ]*)?\d+(?:[а-я](?![а-я]))?(?:[/\-]\d+)?",
        r"(?<![а-я])(?:ул|улиц[а-я]*|пр|пр-т|просп[а-я]*|пер|переул[а-я]*|мкр|микрорайон[а-я]*"
        r"|б-р|бульв[а-я]*|ш|шоссе|наб|набережн[а-я]*|пл|площад[а-я]*|тракт[а-я]*|пос|посел[а-я]*"
        r"|снт|днт|тсн)(?:\.[ ]*|[ ]+)(?:\d{1,2}[ ]+(?=[а-я]))?"
        r"(?:(?!показ|лиц|сч[её]т|абон|л/с|лс )[а-я][а-я\-]*"
        r"(?:[ ]+|[.,][ ]*)){0,3}"
        r"(?:№[ ]*)?\d+(?:[а-я](?![а-я]))?"
        r"(?:[/\-]\d+(?:[а-я](?![а-я]))?){0,2}",
        r"(?<!\d)\d{6},?[ ]*(?:г\.|город|красноярск)",
        # A postcode before the street, but never "600000, Ночь 0" or "600000, Н 0": a value
        # before a zone label (one letter "Д"/"Н" alone is a label, "д. 5" is a house).
        r"(?<![\d.,])6\d{5},[ ]*(?=(?!ноч|дн|день|пик|полуп|т[ \-.]?\d|[дн](?![а-я.]))[а-я\x7f])"
        r"|(?<![а-я])индекс[ ]*:?[ ]*\d{6}",
        # Serial numbers and meter models: "зав. № 12345678", "№ 0092", "Меркурий 201.8", "CE102".
        r"(?<![а-я])(?:зав[а-я]*|серийн[а-я]*|s/?n|с/н)\.?[ ]*(?:номер|№|n)?[ ]*[:.]?[ ]*"
        r"\d+(?:[ \-]\d+){0,4}",
        # ("тариф №1 4521": the tariff's number is a zone label, read later.)
        # ("показания № 5 091": a value, the sign there was the resident's habit.)
        r"(?<!тариф )(?<!тариф)(?<!зона )(?<!зона)(?<!показания )(?<!показания)"
        # ("№ 2401-5567/24": a contract's number, its slash part included.)
        r"(?:№|n°|#)[ ]*\d+(?:[ \-/]\d+){0,4}",
        r"(?<![а-я])(?:номер[а-я]*|№|зав[а-я]*|серийн[а-я]*|s/?n)(?:[ ]*(?:сч[её]тчик[а-я]*"
        r"|электросч[её]тчик[а-я]*|прибор[а-я]*|учета|пу|заводск[а-я]*|[:№.]))+[ ]*\d+"
        r"(?:[ \-]\d+){0,4}",
        r"(?<![а-я])(?:меркури[а-я]*|меrсurу|энергомер[а-я]*|нев[аыуе]|се|сэт|псч|нартис|миртек|милур"
        r"|матриц[а-я]*|каскад|альфа|ц|цэ)(?:[ \-][а-я]{1,4})?[ \-]?\d+(?:[.,/\-]\d+){0,3}",
        # Seals, accuracy class, ratings printed on the meter: "пломба 0012345", "220 В", "5(60) А".
        r"(?<![а-я])(?:пломб[а-я]*|класс[а-я]*(?:[ ]+точности)?)[ ]*[:.]?[ ]*(?:№|n)?[ ]*"
        r"\d+(?:[.,]\d+)?",
        r"(?<![\d.,])(?:127|220|230|380|400)[ ]*(?:в|v)(?![а-я\d])",
        r"(?<![\d.,])\d{1,3}[ ]*\([ ]*\d{1,3}[ ]*\)[ ]*(?:а|a)?(?![а-я\d])",
        # Numbered list markers: "1) …", "2. …" at the start of a line.
        r"^[ ]*\d{1,2}[.)](?=[ ]+\S)",
        r"(?:(?<=[ ;,])|^)\d{1,2}\)(?=[ ]+\S)",
        r"(?<![\d.,])\d{1,2}[ ]*(?:-?[а-я]{1,2}[ ]+)?(?:этаж|подъезд)[а-я]*",
        # Counts of things: "2 фото", "за 3 месяца", "5 дней", "10%".
        # At most three digits: "4521 фото прилагаю" is a value with its photo.
        r"(?<![\d.,])\d{1,3}[ ]*(?:фото|шт|штук[а-я]*|мес|месяц[а-я]*|раз(?![а-я])|раза|дней|дня"
        r"|дни|год(?:а|у)?(?![а-я])|недел[а-я]*|сут(?:ки|ок)"
        r"|час[а-я]*(?:[ ]+(?:ночи|дня))?|мин(?![а-я])|минут[а-я]*|лет|чел[а-я]*|%|процент[а-я]*"
        r"|фотограф[а-я]*"
        r"|вложени[а-я]*|файл[а-я]*|сним[а-я]*|экземпл[а-я]*|тарифн[а-я]*|-х|зонн[а-я]*"
        r"|кв\.?[ ]?м|м2|м²|фаз[а-я]*|тарифа|тарифов|зоны|зон(?![а-я]))",
        r"(?<![\d.,])\d{1,2}[ ]+(?:сч[её]тчик|прибор|квартир|комнат|жильц|собственник|прожива)"
        r"[а-я]*",
        r"(?<![\d.,])\d{1,2}[ ]+(?:лицев(?:ым|ых|ыми|ые)|сч[её]т(?:ам|ами|ах|ов)(?![а-я]))",
    )
)


# One whitespace-delimited token, matched only from its first character (linear).
_TOKEN = re.compile(r"(?<![^\s(\[<\"'«])[^\s)\]>\"'»]+")
_FILE_EXT = re.compile(r"\.(?:jpe?g|png|heic|gif|bmp|tiff?|pdf|docx?|xlsx?)$")


def _not_prose(m: re.Match[str]) -> str:
    """File names, addresses and links ("IMG_20261128_1234.jpg", "a1975@mail.ru")."""
    token = m.group().rstrip(".,;:!?")
    if "_" in token or "@" in token or "://" in token or _FILE_EXT.search(token):
        return MASK * len(token) + m.group()[len(token) :]
    return m.group()


#: Per distractor, words one of which its every match contains (None: no such words),
#: so that the scan is skipped for a text without them (a quarter of `parse` went to
#: these sixty scans).
_NEEDS: tuple[Needs | None, ...] = tuple(needs(p) for p in _DISTRACTORS)


#: What each distractor names, in the order of `_DISTRACTORS` (shown by ``--explain``).
KINDS: tuple[str, ...] = (
    "zone hours", "date", "date", "time", "span of days", "hours", "hours", "code or reference",
    "birth year", "birth year", "age", "postcode", "count of digits", "red drum",
    "day promised", "quarter", "quarter", "password", "question number", "date", "month",
    "time", "date", "date", "year", "year", "year", "day of month", "date", "date", "tariff", "money",
    "money", "SNILS", "card number", "card number", "identity paper or contract",
    "meter ordinal", "floor area", "other meter", "other meter", "tariff", "power",
    "total register", "phone", "phone", "phone", "phone", "phone", "phone",
    "address", "address", "postcode", "postcode", "serial number", "serial number",
    "serial number", "meter model", "seal or class", "rating", "rating", "list marker",
    "list marker", "floor", "count", "count", "count",
)  # fmt: skip


def _changed(before: str, after: str, kind: str) -> list[Candidate]:
    """The spans where ``after`` masks ``before`` (the two have the same length)."""
    spans: list[tuple[int, int]] = []
    start = -1
    for i, (a, b) in enumerate(zip(before, after, strict=True)):
        if a != b and start < 0:
            start = i
        elif a == b and start >= 0:
            spans.append((start, i))
            start = -1
    if start >= 0:
        spans.append((start, len(after)))
    return [Candidate(before[s:e], s, e, not_reading(kind), RULE) for s, e in spans]


def mask_distractors(work: str) -> tuple[str, list[Candidate]]:
    """Mask every number that is a date, amount, phone, address, serial, model or list mark.

    Each masked span is also returned as a candidate naming what it is.
    """
    before, work = work, _TOKEN.sub(_not_prose, work)
    found = _changed(before, work, "file name, address or link") if before != work else []
    for pattern, words, kind in zip(_DISTRACTORS, _NEEDS, KINDS, strict=True):
        if words is None or any(w in work for w in words):
            role = not_reading(kind)
            # Only the number, when the pattern names it ("n"): the words around it stay
            # for the other rules to read ("3 дата поверки 2020": "3" is still a count).
            group = "n" if "n" in pattern.groupindex else 0

            def on(m: re.Match[str], role: str = role, group: int | str = group) -> None:
                found.append(Candidate(m.group(group), m.start(group), m.end(group), role, RULE))

            work = mask(work, pattern, group, on=on)
    return work, found
