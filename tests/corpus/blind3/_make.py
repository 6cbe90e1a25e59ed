#!/usr/bin/env python3
"""Blind test corpus #3 for `mailreader parse` (written from CONTRACT.md only).

    python3 _make.py            # (re)writes eNNN_slug.eml + eNNN_slug.json here
    python3 _make.py --stats    # counts per kind / action / reason

Deterministic: the same bytes every run.  Standard library only.
Every case is a dict in CASES (see the bottom half of this file); the engine in
the top half wraps it into a raw RFC 5322 message the way the named client
would (charset, transfer encoding, MIME structure, RFC 2047 headers).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html as H
import io
import json
import os
import random
import sys
from email import policy
from email.charset import BASE64, QP, Charset
from email.generator import BytesGenerator
from email.header import Header
from email.message import EmailMessage, MIMEPart

OUT = os.path.dirname(os.path.abspath(__file__))
POL = policy.default.clone(linesep="\r\n")
MX = "energy@es.krasnoyarsk.ru"
UTIL_NAME = "Красноярскэнергосбыт"

# ----------------------------------------------------------------------------- people

PEOPLE = [
    ("Петрова", "Галина", "Андреевна", "petrova", "galina"),
    ("Сидоренко", "Виктор", "Павлович", "sidorenko", "viktor"),
    ("Лукьянова", "Оксана", "Игоревна", "lukyanova", "oksana"),
    ("Зуев", "Максим", "Олегович", "zuev", "maxim"),
    ("Голубева", "Елена", "Сергеевна", "golubeva", "elena"),
    ("Шарапов", "Игорь", "Владимирович", "sharapov", "igor"),
    ("Мельникова", "Татьяна", "Николаевна", "melnikova", "tatiana"),
    ("Кравец", "Андрей", "Юрьевич", "kravets", "andrey"),
    ("Бондаренко", "Светлана", "Михайловна", "bondarenko", "svetlana"),
    ("Тихонов", "Алексей", "Геннадьевич", "tikhonov", "alexey"),
    ("Ковалёва", "Наталья", "Степановна", "kovaleva", "natalia"),
    ("Рябов", "Сергей", "Анатольевич", "ryabov", "sergey"),
    ("Фомина", "Людмила", "Петровна", "fomina", "lyudmila"),
    ("Жуков", "Николай", "Иванович", "zhukov", "nikolay"),
    ("Белова", "Ирина", "Валерьевна", "belova", "irina"),
    ("Гришин", "Дмитрий", "Александрович", "grishin", "dmitriy"),
    ("Савченко", "Марина", "Викторовна", "savchenko", "marina"),
    ("Третьяков", "Артём", "Витальевич", "tretyakov", "artem"),
    ("Ефимова", "Валентина", "Фёдоровна", "efimova", "valentina"),
    ("Карпенко", "Олег", "Борисович", "karpenko", "oleg"),
    ("Лаптева", "Юлия", "Романовна", "lapteva", "yulia"),
    ("Новиков", "Павел", "Евгеньевич", "novikov", "pavel"),
    ("Дьяченко", "Вера", "Алексеевна", "dyachenko", "vera"),
    ("Симонов", "Георгий", "Ильич", "simonov", "georgiy"),
    ("Ахметова", "Гульнара", "Ринатовна", "akhmetova", "gulnara"),
    ("Черных", "Владимир", "Степанович", "chernykh", "vladimir"),
    ("Кузьмина", "Анна", "Дмитриевна", "kuzmina", "anna"),
    ("Прохоров", "Евгений", "Львович", "prokhorov", "evgeniy"),
    ("Вострикова", "Лариса", "Геннадьевна", "vostrikova", "larisa"),
    ("Осипов", "Константин", "Андреевич", "osipov", "konstantin"),
    ("Михеева", "Дарья", "Олеговна", "mikheeva", "daria"),
    ("Яковлев", "Роман", "Сергеевич", "yakovlev", "roman"),
]

DOMAINS = {
    "gmail": ["gmail.com"],
    "mailru": ["mail.ru", "bk.ru", "list.ru", "inbox.ru"],
    "mailru_android": ["mail.ru", "bk.ru", "inbox.ru"],
    "yandex": ["yandex.ru", "ya.ru", "yandex.com"],
    "outlook": ["krasstroy.ru", "sibtransavto.ru", "kraszavod.ru", "krasmed24.ru"],
    "oe": ["krasmail.ru", "ngs.ru", "sibmail.com"],
    "thunderbird": ["ngs.ru", "krasnet.ru", "sibmail.com"],
    "thebat": ["krasnet.ru", "yandex.ru", "kraslan.ru"],
    "claws": ["krasnet.ru", "sibmail.com"],
    "iphone": ["icloud.com", "mail.ru", "yandex.ru"],
    "applemail": ["me.com", "icloud.com"],
    "samsung": ["mail.ru", "gmail.com", "yandex.ru"],
    "owa": ["outlook.com", "hotmail.com"],
    "roundcube": ["sibmail.com", "krasnet.ru"],
    "rambler": ["rambler.ru", "lenta.ru"],
}


def person(n: int):
    return PEOPLE[(n * 7 + 3) % len(PEOPLE)]


def address(n: int, client: str) -> str:
    sur, first, _pat, ts, tf = person(n)
    doms = DOMAINS.get(client, ["mail.ru"])
    dom = doms[n % len(doms)]
    style = n % 5
    if style == 0:
        local = f"{tf}.{ts}"
    elif style == 1:
        local = f"{ts}{(n * 13) % 80 + 19}"
    elif style == 2:
        local = f"{tf[0]}.{ts}"
    elif style == 3:
        local = f"{ts}_{tf}"
    else:
        local = f"{ts}.{tf[0]}{(n * 3) % 9 + 1}"
    return f"{local}@{dom}"


def display(n: int, client: str) -> str | None:
    sur, first, pat, _ts, _tf = person(n)
    if client in ("outlook", "owa"):
        return f"{sur} {first} {pat}"
    if client in ("oe", "thebat", "claws") and n % 3 == 0:
        return None
    if n % 4 == 0:
        return f"{sur} {first}"
    return f"{first} {sur}"


def short_name(n: int) -> str:
    sur, first, pat, _ts, _tf = person(n)
    return f"{sur} {first[0]}.{pat[0]}."


# ----------------------------------------------------------------------------- dates

MONTHS_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря"]
MONTHS_SHORT = ["янв.", "февр.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сент.", "окт.",
                "нояб.", "дек."]
WD_SHORT = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"]
WD_LONG = ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"]
EN_WD = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
EN_MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
EN_WD_LONG = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
EN_MON_LONG = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]


def when(n: int) -> dt.datetime:
    base = dt.datetime(2025, 11, 19, 8, 3, 0)
    return base + dt.timedelta(hours=(n * 29) % (24 * 40), minutes=(n * 17) % 60, seconds=n % 60)


def rfc_date(d: dt.datetime) -> str:
    return f"{EN_WD[d.weekday()]}, {d.day:02d} {EN_MON[d.month - 1]} {d.year} {d:%H:%M:%S} +0700"


# ----------------------------------------------------------------------------- the daemon's own mail

def confirmation(acct: str, readings: dict, d: dt.datetime) -> str:
    lines = ["Здравствуйте!", "",
             f"Показания по лицевому счету № {acct} зарегистрированы {d:%d.%m.%Y} в {d:%H:%M}:"]
    names = {"t1": "Т1", "t2": "Т2", "t3": "Т3"}
    if list(readings) == ["t1"]:
        lines.append(f"   показания: {readings['t1']} кВт*ч")
    else:
        for k, v in readings.items():
            lines.append(f"   {names[k]}: {v} кВт*ч")
    lines += ["Начисление за месяц будет выполнено по этим показаниям.", "", "--",
              "Служба приема показаний", "ПАО «Красноярскэнергосбыт»",
              "Контакт-центр: 8 (391) 228-62-28"]
    return "\n".join(lines)


def notice(why: str, orig: str, d: dt.datetime, who: str) -> str:
    lines = ["Здравствуйте!", "",
             f"Ваше письмо получено, но показания не внесены: {why}.",
             "Укажите в письме 12-значный номер лицевого счета и показания счетчика (целую часть).",
             "Пример: 241000000000*12345", "", "--", "Служба приема показаний", "",
             f"{d:%d.%m.%Y %H:%M}, {who}:"]
    lines += ["> " + x if x else ">" for x in orig.split("\n")]
    return "\n".join(lines)


def q(text: str, mark: str = "> ") -> str:
    """Quote every line with '>'."""
    out = []
    for x in text.split("\n"):
        out.append((mark + x) if x else mark.rstrip())
    return "\n".join(out)


def attr_gmail(d):
    return (f"{WD_SHORT[d.weekday()]}, {d.day} {MONTHS_SHORT[d.month - 1]} {d.year} г. в {d:%H:%M}, "
            f"{UTIL_NAME} <{MX}>:")


def attr_iphone(d):
    return f"{d.day} {MONTHS_SHORT[d.month - 1]} {d.year} г., в {d:%H:%M}, {UTIL_NAME} <{MX}> написал(а):"


def attr_mailru(d):
    return f"{WD_LONG[d.weekday()]}, {d.day} {MONTHS_GEN[d.month - 1]} {d.year}, {d:%H:%M} +07:00 от {UTIL_NAME} <{MX}>:"


def attr_tb(d):
    return f"{d:%d.%m.%Y} {d:%H:%M}, {UTIL_NAME} пишет:"


def attr_yandex(d):
    return f"{d:%d.%m.%Y}, {d:%H:%M}, \"{UTIL_NAME}\" <{MX}>:"


def outlook_block_en(d, to, subject="Показания приняты"):
    h12 = d.strftime("%I:%M %p").lstrip("0")
    return ("-----Original Message-----\n"
            f"From: {UTIL_NAME} <{MX}> \n"
            f"Sent: {EN_WD_LONG[d.weekday()]}, {EN_MON_LONG[d.month - 1]} {d.day}, {d.year} {h12}\n"
            f"To: {to}\n"
            f"Subject: {subject}\n")


def outlook_block_ru(d, to, subject="Показания приняты"):
    return (
        f"От: {UTIL_NAME} <{MX}> \n"
        f"Отправлено: {d.day} {MONTHS_GEN[d.month - 1]} {d.year} г. {d:%H:%M}\n"
        f"Кому: {to}\n"
        f"Тема: {subject}\n")


# ----------------------------------------------------------------------------- HTML renderers

def _lines_blocks(text: str):
    """Split text into ('text', [lines]) and ('quote', [lines]) runs ('>' lines)."""
    runs = []
    for line in text.split("\n"):
        kind = "quote" if line.startswith(">") else "text"
        if kind == "quote":
            line = line[1:]
            if line.startswith(" "):
                line = line[1:]
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(line)
        else:
            runs.append((kind, [line]))
    return runs


def html_render(text: str, style: str) -> str:
    e = H.escape
    runs = _lines_blocks(text)
    bq = '<blockquote style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">'
    if style == "gmail":
        parts = []
        for kind, lines in runs:
            inner = "".join(f"<div>{e(x)}</div>" if x.strip() else "<div><br></div>" for x in lines)
            parts.append(f'<div class="gmail_quote">{bq}{inner}</blockquote></div>' if kind == "quote" else inner)
        return f'<div dir="ltr">{"".join(parts)}</div>\r\n'
    if style in ("mailru", "mailru_android"):
        parts = []
        for kind, lines in runs:
            inner = "".join(f"<div>{e(x)}</div>" if x.strip() else "<div>&nbsp;</div>" for x in lines)
            parts.append(f'<blockquote style="border-left:1px solid #0857A6;margin:10px;padding:0 0 0 10px;">{inner}</blockquote>'
                         if kind == "quote" else inner)
        return f"<HTML><BODY>{''.join(parts)}</BODY></HTML>\r\n"
    if style == "yandex":
        parts = []
        for kind, lines in runs:
            inner = "".join(f"<div>{e(x)}</div>" if x.strip() else "<div>&nbsp;</div>" for x in lines)
            parts.append(f"<blockquote>{inner}</blockquote>" if kind == "quote" else inner)
        return "".join(parts) + "\r\n"
    if style in ("samsung", "applemail"):
        parts = []
        for kind, lines in runs:
            inner = "".join(f'<div dir="auto">{e(x)}</div>' if x.strip() else '<div dir="auto"><br></div>' for x in lines)
            parts.append(f'<blockquote type="cite">{inner}</blockquote>' if kind == "quote" else inner)
        return ('<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>'
                f'<body dir="auto">{"".join(parts)}</body></html>\r\n')
    if style == "owa":
        body = "<br>".join(e(x) if x else "" for x in text.split("\n"))
        return ('<html><head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n'
                '<style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style>\r\n'
                '</head>\r\n<body dir="ltr">\r\n<div class="elementToProof" style="font-family: Aptos, '
                'Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">\r\n'
                f"{body}</div>\r\n</body>\r\n</html>\r\n")
    if style == "outlook":
        ps = []
        for x in text.split("\n"):
            ps.append(f"<p class=MsoNormal>{e(x) if x.strip() else '&nbsp;'}<o:p></o:p></p>")
        return ('<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
                'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">'
                '<head><meta http-equiv=Content-Type content="text/html; charset=windows-1251">'
                '<meta name=Generator content="Microsoft Word 15 (filtered medium)"><style><!--\r\n'
                'p.MsoNormal, li.MsoNormal, div.MsoNormal\r\n\t{margin:0cm;\r\n\tfont-size:11.0pt;\r\n'
                '\tfont-family:"Calibri",sans-serif;}\r\n--></style></head>'
                '<body lang=RU link="#0563C1" vlink="#954F72" style=\'word-wrap:break-word\'>'
                f'<div class=WordSection1>{"".join(ps)}</div></body></html>\r\n')
    if style == "rambler":
        return "<div>" + "<br>".join(e(x) for x in text.split("\n")) + "</div>\r\n"
    raise ValueError(style)


# ----------------------------------------------------------------------------- MIME building

def text_part(text, subtype="plain", charset="utf-8", cte="base64", flowed=False):
    p = MIMEPart(policy=POL)
    p.set_content(text, subtype=subtype, charset=charset, cte=cte)
    if flowed:
        p.set_param("format", "flowed")
    return p


def multipart(subtype, parts, boundary, **params):
    m = MIMEPart(policy=POL)
    m["Content-Type"] = f"multipart/{subtype}"
    for k, v in params.items():
        m.set_param(k.replace("_", "-"), v)
    m.set_boundary(boundary)
    for p in parts:
        m.attach(p)
    return m


def fake_bytes(seed: str, size: int, head: bytes, tail: bytes) -> bytes:
    out = bytearray(head)
    h = hashlib.sha256(seed.encode()).digest()
    while len(out) < size:
        h = hashlib.sha256(h).digest()
        out += h
    return bytes(out[:size]) + tail


def jpeg(seed: str) -> bytes:
    return fake_bytes(seed, 1800, b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", b"\xff\xd9")


def pdf(seed: str) -> bytes:
    return fake_bytes(seed, 1400, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\nstream\n",
                      b"\nendstream\n%%EOF\n")


def att_part(kind, seed, filename=None, inline=False, cid=None):
    p = MIMEPart(policy=POL)
    if kind == "jpeg":
        p.set_content(jpeg(seed), "image", "jpeg", disposition="inline" if inline else "attachment",
                      filename=filename or "IMG_4471.JPG", cid=cid)
    elif kind == "pdf":
        p.set_content(pdf(seed), "application", "pdf", disposition="attachment",
                      filename=filename or "scan.pdf")
    else:
        raise ValueError(kind)
    return p


def flowed_wrap(text: str, width: int = 72) -> str:
    out = []
    for line in text.split("\n"):
        if line.startswith(">") or len(line) <= width:
            out.append(line)
            continue
        words = line.split(" ")
        cur = ""
        for w in words:
            glued = cur[-1:].isdigit() and w[:1].isdigit()
            if cur and len(cur) + 1 + len(w) > width and not glued:
                out.append(cur + " ")
                cur = w
            else:
                cur = f"{cur} {w}" if cur else w
        out.append(cur)
    return "\n".join(out)


def _ew(chunk: str, charset: str, enc: str) -> str:
    raw = chunk.encode(charset)
    if enc == "B":
        return f"=?{charset}?B?{base64.b64encode(raw).decode()}?="
    out = []
    for b in raw:
        c = chr(b)
        if c == " ":
            out.append("_")
        elif c.isascii() and (c.isalnum() or c in "!*+-/") :
            out.append(c)
        else:
            out.append(f"={b:02X}")
    return f"=?{charset}?Q?{''.join(out)}?="


def enc_header(s: str, charset="utf-8", enc="B") -> str:
    """RFC 2047 encode; encoded words are split only between words (the space
    stays inside the previous encoded word), folded with CRLF + space."""
    if all(ord(c) < 128 for c in s) or enc == "raw":
        return s
    words = s.split(" ")
    lead = []
    while words and words[0].isascii() and len(words) > 1:
        lead.append(words.pop(0))
    prefix = (" ".join(lead) + " ") if lead else ""
    chunks, cur = [], ""
    for i, w in enumerate(words):
        piece = w + (" " if i < len(words) - 1 else "")
        if cur and len(_ew(cur + piece, charset, enc)) > 66:
            chunks.append(cur)
            cur = piece
        else:
            cur += piece
    chunks.append(cur)
    return prefix + "\r\n ".join(_ew(c, charset, enc) for c in chunks)


def enc_name(s: str, charset="utf-8") -> str:
    """Display name as one B encoded-word (never split inside a word)."""
    if all(ord(c) < 128 for c in s):
        return f'"{s}"' if any(ch in s for ch in ',.;:<>@') else s
    return f"=?{charset}?B?{base64.b64encode(s.encode(charset)).decode()}?="


def bnd(client: str, n: int, k: int = 0) -> str:
    h = hashlib.md5(f"{client}-{n}-{k}".encode()).hexdigest()
    if client == "gmail":
        return "000000000000" + h[:14]
    if client in ("iphone", "applemail"):
        u = h.upper()
        return f"Apple-Mail-{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:32]}"
    if client in ("outlook", "oe"):
        return f"----=_NextPart_000_{h[:4].upper()}_{h[4:12].upper()}.{h[12:20].upper()}"
    if client in ("mailru", "mailru_android"):
        return f"--ALT--{h[:8]}{h[8:16]}{n:06d}"
    if client == "yandex":
        return f"==_{h}"
    if client == "thunderbird":
        return f"------------{h[:24]}"
    return f"=_{h[:24]}"


# per-client default layout: (structure, charset, text cte, html cte, html style)
LAYOUT = {
    "gmail": ("alt", "utf-8", "base64", "quoted-printable", "gmail"),
    "mailru": ("alt", "utf-8", "base64", "base64", "mailru"),
    "mailru_android": ("alt", "utf-8", "base64", "base64", "mailru"),
    "yandex": ("alt", "utf-8", "base64", "base64", "yandex"),
    "outlook": ("alt", "windows-1251", "quoted-printable", "quoted-printable", "outlook"),
    "oe": ("plain", "koi8-r", "8bit", None, None),
    "thunderbird": ("plain", "utf-8", "8bit", None, None),
    "thebat": ("plain", "windows-1251", "8bit", None, None),
    "claws": ("plain", "koi8-r", "8bit", None, None),
    "iphone": ("plain", "utf-8", "quoted-printable", None, None),
    "applemail": ("alt", "utf-8", "quoted-printable", "quoted-printable", "applemail"),
    "samsung": ("alt", "utf-8", "base64", "base64", "samsung"),
    "owa": ("html", "utf-8", None, "quoted-printable", "owa"),
    "roundcube": ("plain", "utf-8", "quoted-printable", None, None),
    "rambler": ("alt", "utf-8", "base64", "base64", "rambler"),
}

SUBJ_CS = {"outlook": ("windows-1251", "B"), "oe": ("koi8-r", "B"), "thebat": ("windows-1251", "B"),
           "claws": ("koi8-r", "B"), "roundcube": ("utf-8", "Q")}


def client_headers(c: dict, n: int, client: str, d: dt.datetime, frm_addr: str):
    dom = frm_addr.split("@")[1]
    h = hashlib.sha1(f"mid-{n}".encode()).hexdigest()
    relay = {
        "gmail": "mail-lf1-f53.google.com (mail-lf1-f53.google.com [209.85.167.53])",
        "mailru": "f412.i.mail.ru (f412.i.mail.ru [185.5.136.83])",
        "mailru_android": "f126.i.mail.ru (f126.i.mail.ru [217.69.128.6])",
        "yandex": "forward501b.mail.yandex.net (forward501b.mail.yandex.net [178.154.239.145])",
        "iphone": "mail-80.icloud.com (mail-80.icloud.com [17.58.63.80])",
        "applemail": "mail-101.icloud.com (mail-101.icloud.com [17.58.63.101])",
        "owa": "EUR05-AM6-obe.outbound.protection.outlook.com (mail-am6eur05on2099.outbound.protection.outlook.com [40.107.22.99])",
        "rambler": "mail.rambler.ru (mail.rambler.ru [81.19.78.100])",
    }.get(client, f"mail.{dom} (mail.{dom} [94.181.{n % 200 + 10}.{(n * 7) % 250 + 2}])")
    rcv = (f"from {relay}\r\n\tby mx.es.krasnoyarsk.ru (Postfix) with ESMTPS id {h[:11].upper()}\r\n"
           f"\tfor <{MX}>; {rfc_date(d + dt.timedelta(seconds=3))}")
    extra = []
    if client == "gmail":
        mid = f"<CAH{h[:10]}+{h[10:20]}{h[20:30].upper()}@mail.gmail.com>"
    elif client in ("mailru", "mailru_android"):
        mid = f"<{int(h[:10], 16)}.{h[10:14]}@f{n % 500}.i.mail.ru>"
        extra.append(("X-Mailer", "Mail.Ru Mailer 1.0" if client == "mailru" else "Mail.Ru Android app 14.86.0"))
    elif client == "yandex":
        mid = f"<{int(h[:12], 16) % 10**16}@mail.yandex.ru>"
        extra.append(("X-Mailer", "Yamail [ http://yandex.ru ] 5.0"))
    elif client == "outlook":
        mid = f"<000{n % 9}01dc{h[:4]}${h[4:12]}${h[12:20]}@{dom}>"
        extra += [("X-Mailer", "Microsoft Outlook 16.0"), ("Thread-Index", "Adx" + base64.b64encode(bytes.fromhex(h[:24])).decode()[:22]),
                  ("Content-Language", "ru")]
    elif client == "oe":
        mid = f"<00{n % 9}b01c8{h[:4]}${h[4:12]}$0{n % 9}00a8c0@{h[12:18]}>"
        extra += [("X-Priority", "3"), ("X-MSMail-Priority", "Normal"),
                  ("X-Mailer", "Microsoft Outlook Express 6.00.2900.5512"),
                  ("X-MimeOLE", "Produced By Microsoft MimeOLE V6.00.2900.5512")]
    elif client == "thunderbird":
        mid = f"<{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}@{dom}>"
        extra += [("User-Agent", "Mozilla Thunderbird"), ("Content-Language", "ru")]
    elif client == "thebat":
        mid = f"<{int(h[:8], 16)}.{d:%Y%m%d%H%M%S}@{dom}>"
        extra += [("X-Mailer", "The Bat! (v10.4.3) Professional"), ("Reply-To", f"<{frm_addr}>"),
                  ("X-Priority", "3 (Normal)")]
    elif client == "claws":
        mid = f"<{d:%Y%m%d%H%M%S}.{h[:8].upper()}@{dom}>"
        extra.append(("X-Mailer", "Claws Mail 4.2.0 (GTK 3.24.41; x86_64-pc-linux-gnu)"))
    elif client == "iphone":
        u = h.upper()
        mid = f"<{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:32]}@{dom}>"
        extra.append(("X-Mailer", "iPhone Mail (22B91)"))
    elif client == "applemail":
        u = h.upper()
        mid = f"<{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:32]}@{dom}>"
        extra.append(("X-Mailer", "Apple Mail (2.3826.200.121)"))
    elif client == "samsung":
        mid = f"<{h[:8]}.{h[8:16]}.{n}@email.android.com>"
    elif client == "owa":
        mid = f"<AM6PR05MB{h[:4].upper()}{h[4:12].upper()}@AM6PR05MB{h[12:16].upper()}.eurprd05.prod.outlook.com>"
        extra += [("Accept-Language", "ru-RU, en-US"), ("Content-Language", "ru-RU"),
                  ("X-MS-Has-Attach", ""), ("msip_labels", "")]
    elif client == "roundcube":
        mid = f"<{h[:32]}@{dom}>"
        extra.append(("User-Agent", "Roundcube Webmail/1.6.9"))
    elif client == "rambler":
        mid = f"<{int(h[:9], 16)}.{int(d.timestamp())}@rambler.ru>"
        extra.append(("X-Mailer", "Rambler Mail 2.0"))
    else:
        mid = f"<{h[:20]}@{dom}>"
    return rcv, mid, extra


def build_body(c: dict, n: int, client: str) -> MIMEPart:
    struct, cs, cte, hcte, hstyle = LAYOUT[client]
    struct = c.get("layout", struct)
    cs = c.get("charset", cs)
    cte = c.get("cte", cte)
    hcte = c.get("html_cte", hcte or "quoted-printable")
    hstyle = c.get("html_style", hstyle or "yandex")
    body = c.get("body", "")
    flowed = c.get("flowed", client in ("thunderbird", "roundcube"))
    if flowed:
        body = flowed_wrap(body)
    html = c.get("html")
    if html is None and struct in ("alt", "html"):
        html = html_render(c.get("html_body", c.get("body", "")), hstyle)
    if struct == "plain":
        main = text_part(body, "plain", cs, cte, flowed)
    elif struct == "html":
        main = text_part(html, "html", c.get("html_charset", cs), hcte)
    elif struct == "alt":
        main = multipart("alternative", [text_part(body, "plain", cs, cte, flowed),
                                         text_part(html, "html", c.get("html_charset", cs), hcte)], bnd(client, n, 1))
    elif struct == "custom":
        main = c["custom"](n, client)
    else:
        raise ValueError(struct)
    atts = c.get("attach", [])
    if atts:
        parts = [main]
        for i, a in enumerate(atts):
            if isinstance(a, MIMEPart):
                parts.append(a)
            elif a[0] == "rfc822":
                inner = a[1]
                p = MIMEPart(policy=POL)
                p.set_content(inner, disposition="attachment", filename=a[2] if len(a) > 2 else None)
                parts.append(p)
            else:
                parts.append(att_part(a[0], f"{n}-{i}", a[1] if len(a) > 1 else None))
        main = multipart("mixed", parts, bnd(client, n, 2))
    return main


def render(c: dict) -> bytes:
    n = c["n"]
    if "raw" in c:
        data = c["raw"](n)
        return data if isinstance(data, bytes) else data.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
    client = c.get("client", "gmail")
    d = when(n)
    frm_addr = c.get("from_addr") or address(n, client)
    frm_name = c["from_name"] if "from_name" in c else display(n, client)
    scs, senc = c.get("subj_cs", SUBJ_CS.get(client, ("utf-8", "B")))
    hdr = []
    rcv, mid, extra = client_headers(c, n, client, d, frm_addr)
    hdr.append(("Return-Path", c.get("return_path", f"<{frm_addr}>")))
    hdr.append(("Received", rcv))
    if frm_name:
        fn = enc_name(frm_name, scs)
        hdr.append(("From", f"{fn} <{frm_addr}>"))
    else:
        hdr.append(("From", frm_addr))
    hdr.append(("To", c.get("to", MX)))
    if c.get("subject") is not None:
        hdr.append(("Subject", enc_header(c["subject"], scs, senc)))
    hdr.append(("Date", rfc_date(d)))
    hdr.append(("Message-ID", mid))
    if c.get("in_reply_to"):
        irt = f"<{when(n - 50):%Y%m%d%H%M%S}.{n * 7919 % 100000}@es.krasnoyarsk.ru>"
        hdr.append(("In-Reply-To", irt))
        hdr.append(("References", irt))
    hdr.append(("MIME-Version", "1.0 (1.0)" if client in ("iphone", "applemail") else "1.0"))
    if c.get("bare"):
        extra = []
    hdr += extra
    hdr += c.get("headers", [])
    body = build_body(c, n, client)
    buf = io.BytesIO()
    BytesGenerator(buf, policy=POL, mangle_from_=False).flatten(body)
    head = "".join(f"{k}: {v}\r\n" for k, v in hdr).encode("utf-8")
    return head + buf.getvalue()


# ----------------------------------------------------------------------------- expected answers

def S(acct, t1=None, t2=None, t3=None):
    r = {}
    for k, v in (("t1", t1), ("t2", t2), ("t3", t3)):
        if v is not None:
            r[k] = v
    return {"account": acct, "readings": r}


def rec(*subs):
    return {"action": "record", "reason": None, "submissions": list(subs)}


def rej(reason):
    return {"action": "reject", "reason": reason, "submissions": []}


def ign(reason):
    return {"action": "ignore", "reason": reason, "submissions": []}


CASES: list[dict] = []


def case(n, slug, kind, exp, note, tags=(), **kw):
    CASES.append(dict(n=n, slug=slug, kind=kind, exp=exp, note=note, tags=list(tags), **kw))


def fn(n):
    return person(n)[1]


def sn(n):
    return short_name(n)


def full(n):
    p = person(n)
    return f"{p[0]} {p[1]} {p[2]}"


# ============================================================================= A. plain records (60)

case(1, "gmail_polite_lic_schet_kvtch", "plain", rec(S("240715309824", 7315)),
     "Polite Gmail mail, labelled account and value with the kWh unit.", ["single"],
     client="gmail", subject="Показания счётчика",
     body=f"Здравствуйте!\nПрошу принять показания прибора учёта электроэнергии.\n\nЛицевой счёт: 240715309824\n"
          f"Показания: 7315 кВт·ч\n\nС уважением,\n{fn(1)} {person(1)[0]}")

case(2, "sms_line_android_footer", "plain", rec(S("100420395817", 12056)),
     "Bare ACCOUNT*VALUE line from a phone.", ["single", "sms-format"],
     client="samsung", subject="показания",
     body="100420395817*12056\n\n\nОтправлено с устройства Galaxy")

case(3, "account_dots_value_dash_spaced", "plain", rec(S("240315778902", 8306)),
     "Account grouped with dots (Clarifications: Grouping); value with a thousands space after a dash.",
     ["single", "grouping"], client="mailru", subject="Показания за ноябрь",
     body="л/с 240.315.778.902\nпоказания - 8 306\n\n--\n" + fn(3))

case(4, "unit_glued_to_value", "plain", rec(S("121074503318", 9012)),
     "Unit glued to the value ('9012кВтч').", ["single"], client="yandex", subject="Показания",
     body="Лиц.счет 121074503318, на счетчике 9012кВтч\n\n-- \nОтправлено из мобильной Яндекс Почты")

case(5, "labels_glued_colons", "plain", rec(S("121009874402", 3506)),
     "Labels glued to the numbers with colons, no spaces.", ["single", "glued"], client="mailru_android",
     subject="Показания",
     body="ЛС:121009874402\nПоказ.счетчика:3506\n\nОтправлено из Mail.ru для Android")

case(6, "two_zone_adjectives_spaced_decimals", "plain", rec(S("241038820156", 11207, 5093)),
     "Дневной/Ночной with thousands spaces and decimal commas.", ["two-zone"], client="outlook",
     subject="Передача показаний",
     body=f"Добрый день!\n\nЛицевой счет 241038820156\nДневной - 11 207,6\nНочной - 5 093,1\n\nС уважением,\n{full(6)}")

case(7, "latin_T1_T2_semicolons_one_line", "plain", rec(S("100583310274", 7801, 3150)),
     "Latin T1/T2 with '=' and semicolons on one line.", ["two-zone", "latin-labels"], client="gmail",
     subject="Показания эл.энергии",
     body="л/с 100583310274; T1=7801; T2=3150")

case(8, "three_zone_lines_spaced", "plain", rec(S("240660127853", 2105, 1287, 3440)),
     "Three zones on separate lines in bill order (пик, полупик, ночь): полупик is t3.", ["three-zone"],
     client="thunderbird", subject="Показания по трёхтарифному счётчику",
     body="Пик: 2 105\nПолупик: 3 440\nНочь: 1 287\nЛ/с 240660127853\n\n-- \n" + sn(8))

case(9, "three_zone_T_labels_with_zone_names", "plain", rec(S("121055638041", 4012, 1833, 2950)),
     "Т1/Т2/Т3 with zone names in brackets; T3 is полупик.", ["three-zone"], client="mailru",
     subject="Показания",
     body="Добрый вечер. ЛС 121055638041\nТ1 - 4012 (пик)\nТ2 - 1833 (ночь)\nТ3 - 2950 (полупик)")

case(10, "value_in_words_only", "plain", rec(S("100936614702", 3207)),
     "Value written only in Russian words (Clarifications: Words).", ["single", "words"], client="iphone",
     subject="Показания",
     body="л/сч 100936614702\nПоказания: три тысячи двести семь кВт\n\nОтправлено с iPhone")

case(11, "value_in_words_five_digits", "plain", rec(S("241077309126", 12841)),
     "A five-digit value in words.", ["single", "words"], client="oe", subject="Показания счетчика",
     body=f"Здравствуйте.\nЛицевой счет 241077309126.\nПоказания счетчика двенадцать тысяч восемьсот сорок один.\n{sn(11)}")

case(12, "correction_tochnee_inline", "plain", rec(S("240528816430", 6102)),
     "Inline correction with 'точнее'.", ["single", "correction"], client="samsung", subject="Показания",
     body="Лицевой 240528816430, показания 6120, точнее 6102\n\nОтправлено с устройства Galaxy")

case(13, "correction_oshibsya_next_line", "plain", rec(S("121060341975", 5509)),
     "Correction on the next line with 'ошибся'.", ["single", "correction"], client="mailru",
     subject="Показания",
     body="Л/с 121060341975 показания 5590\nОй, ошибся, 5509")

case(14, "correction_ispravlenie_after_sms", "plain", rec(S("100715520934", 2847)),
     "A dash-separated submission followed by 'Исправление:'.", ["single", "correction"], client="gmail",
     subject="Показания",
     body="ЛС 100715520934 - 2874\nИсправление: 2847")

case(15, "bylo_stalo_two_zone", "plain", rec(S("241020485713", 4532, 1977)),
     "Было/Стало layout for both zones: only Стало counts.", ["two-zone", "before-after"], client="yandex",
     subject="Показания электроэнергии",
     body="Л/с 241020485713\nБыло: день 4410 ночь 1920\nСтало: день 4532 ночь 1977")

case(16, "proshlye_tekushie_single", "plain", rec(S("240938200174", 12150)),
     "прошлые/текущие layout: current value only.", ["single", "before-after"], client="rambler",
     subject="показания",
     body="прошлые 12001, текущие 12150, лицевой 240938200174")

case(17, "emoji_sun_moon_labels", "plain", rec(S("121088024517", 6021, 2733)),
     "☀️ and 🌙 label the zones (Clarifications: Labels).", ["two-zone", "emoji"], client="iphone",
     subject="Показания 💡",
     body="☀️ 6021\n🌙 2733\nЛС 121088024517\n\nОтправлено с iPhone")

case(18, "emoji_decoration_single", "plain", rec(S("100664201395", 3397)),
     "Decorative emoji around a single value.", ["single", "emoji"], client="mailru_android",
     subject="Показания",
     body="Добрый день 😊 Показания 3397 ⚡ л/с 100664201395 🙏\n\nОтправлено из Mail.ru для Android")

case(19, "english_day_night_labels", "plain", rec(S("240117730582", 5120, 2045)),
     "English labels Account/Day/Night.", ["two-zone", "english"], client="gmail", subject="Показания",
     body="Account 240117730582\nDay: 5120\nNight: 2045\n\nThanks!")

case(20, "english_peak_semipeak_night", "plain", rec(S("241009338761", 1502, 980, 2210)),
     "English peak/semi-peak/night: semi-peak goes to t3.", ["three-zone", "english"], client="applemail",
     subject="Показания",
     body="peak 1502 / semi-peak 2210 / night 980, ls 241009338761")

case(21, "dn_nch_abbreviations", "plain", rec(S("121053307218", 8802, 3115)),
     "Abbreviations 'дн.' and 'нч.'.", ["two-zone", "abbrev"], client="mailru", subject="Показания",
     body="ЛС 121053307218  дн. 8802  нч. 3115")

case(22, "P_PP_N_dashes", "plain", rec(S("240441902638", 1408, 905, 2210)),
     "П/ПП/Н abbreviations on a three-zone meter.", ["three-zone", "abbrev"], client="yandex",
     subject="Показания (трехзонный)",
     body="л/с 240441902638\nП-1408 ПП-2210 Н-905")

case(23, "account_only_in_dashdash_signature", "plain", rec(S("241070263318", 15044)),
     "Own text has the value; the labelled account is in the '-- ' signature (Clarifications: Signature); "
     "the phone in the signature is not a number to use.", ["single", "signature"], client="thunderbird",
     subject="Показания",
     body=f"Показания счётчика на сегодня 15 044\n\n-- \n{sn(23)}, л/с 241070263318\nтел. 8-902-911-22-33")

case(24, "account_in_subject_value_in_body", "plain", rec(S("100273390418", 5523)),
     "Account in the subject, value alone in the body.", ["single", "subject"], client="mailru",
     subject="Показания л/с 100273390418", body="5523 квт")

case(25, "value_in_subject_account_in_body", "plain", rec(S("121047720389", 6610)),
     "Value in the subject, account in the body.", ["single", "subject"], client="gmail",
     subject="Показания: 6610", body=f"лицевой счет 121047720389\n{person(25)[0]}")

case(26, "multi_flat_garage_em_dashes", "plain",
     rec(S("240812037745", 6402), S("240812037746", 311)),
     "Two accounts on two labelled lines with em dashes.", ["multi-account"], client="gmail",
     subject="Показания квартира и гараж",
     body="Квартира — л/с 240812037745 — 6402\nГараж — л/с 240812037746 — 311")

case(27, "multi_two_zone_both", "plain",
     rec(S("241066123408", 3012, 1450), S("241066123409", 702, 388)),
     "Two two-zone accounts (flat and dacha).", ["multi-account", "two-zone"], client="mailru",
     subject="Показания",
     body="Кв: 241066123408 день 3012 ночь 1450\nДача: 241066123409 день 702 ночь 388")

case(28, "multi_garage_later", "plain", rec(S("100560017383", 9921)),
     "Second account is given no value ('передам позже'): left out (Several accounts).",
     ["multi-account", "later"], client="outlook", subject="Показания",
     body=f"ЛС 100560017383 показания 9921.\nПо гаражу (ЛС 100560017384) передам позже, сейчас не доехать.\n\n{full(28)}")

case(29, "new_meter_leading_zeros_decimal", "plain", rec(S("121071155802", 87)),
     "New meter: leading zeros and a decimal.", ["single", "leading-zeros"], client="yandex",
     subject="Показания нового счетчика",
     body="Счетчик новый поставили в сентябре, показания 00087,3. Л/С 121071155802")

case(30, "six_digit_value_spaced_decimal", "plain", rec(S("240950033121", 104377)),
     "Six-digit value with a thousands space and a decimal.", ["single", "grouping"], client="gmail",
     subject="Показания", body="Показания 104 377,8 кВт*ч. ЛС 240950033121")

case(31, "account_groups_of_four", "plain", rec(S("241088301562", 2208)),
     "Account written as three groups of four digits.", ["single", "grouping"], client="thebat",
     subject="Показания",
     body=f"Здравствуйте!\n\nНомер лицевого: 2410 8830 1562. Показание 2208.\n\n-- \nС уважением,\n {fn(31)}")

case(32, "account_dashed_triples", "plain", rec(S("121003447985", 17210)),
     "Account with dashes in groups of three; spaced value.", ["single", "grouping"], client="mailru",
     subject="Показания", body="Лицевой 121-003-447-985, показания 17 210")

case(33, "value_first_then_account", "plain", rec(S("100388124570", 7711)),
     "Value named first, account after it.", ["single"], client="iphone", subject="Показания",
     body="7711 — это показания. Счет 100388124570.\n\nОтправлено с iPhone")

case(34, "caps_two_zone_leading_zeros", "plain", rec(S("240271884906", 6688, 3012)),
     "All capitals, leading zeros.", ["two-zone", "caps"], client="mailru", subject="ПОКАЗАНИЯ",
     body="ЛИЦЕВОЙ СЧЕТ 240271884906 ДЕНЬ 06688 НОЧЬ 03012")

case(35, "typos_lowercase_no_punct", "plain", rec(S("241033985207", 4487)),
     "Typos and no punctuation; unlabelled account.", ["single", "typos"], client="samsung",
     subject="показания",
     body="лицевои 241033985207 покозания 4487 спасибо\n\nОтправлено с устройства Galaxy")

case(36, "thousands_dot_grouping", "plain", rec(S("100771932846", 21035)),
     "Dot followed by exactly three digits groups thousands (Clarifications: Grouping).",
     ["single", "grouping"], client="yandex", subject="Показания",
     body="Показания: 21.035, л/с 100771932846")

case(37, "red_window_last_digit", "plain", rec(S("240356017792", 6421)),
     "Every drum copied, last one in the red window: dropped (Clarifications: red window).",
     ["single", "red-window"], client="gmail", subject="Показания",
     body="Показания 64219, последняя цифра в красном окошке. ЛС 240356017792")

case(38, "red_window_last_two_digits", "plain", rec(S("121096334015", 7312)),
     "Last two drums red: both dropped, then the leading zero.", ["single", "red-window"], client="mailru",
     subject="Показания",
     body="ЛС 121096334015\nна счетчике 0731245, последние две цифры красные")

case(39, "outlook_express_koi8_address_signature", "plain", rec(S("100822741693", 23117)),
     "Outlook Express in KOI8-R; street/house/flat numbers in the signature.", ["single", "address"],
     client="oe", subject="Показания электросчетчика",
     body=f"Лицевой счет N 100822741693\nПоказания электросчетчика: 23117\n\n{full(39)}\nул. Маерчака, д. 8, кв. 112")

case(40, "thebat_cp1251_T_equals", "plain", rec(S("241051663027", 9430, 4102)),
     "The Bat! CP1251, Т1 = / Т2 = .", ["two-zone"], client="thebat", subject="Показания",
     body=f"Здравствуйте.\n\nТ1 = 9430, Т2 = 4102\nЛ/С 241051663027\n\n-- \nС уважением,\n {fn(40)}                          mailto:{address(40, 'thebat')}")

case(41, "iphone_minimal", "plain", rec(S("240602217749", 3320)),
     "Minimal iPhone mail, account then value.", ["single"], client="iphone", subject="Показания",
     body="240602217749 показания 3320\n\nОтправлено с iPhone")

case(42, "abbrev_pokaz_decimal", "plain", rec(S("121017702536", 8405)),
     "Abbreviated 'показ' label and a decimal comma.", ["single"], client="yandex", subject="Показания",
     body="ЛС 121017702536 показ 8405,2\n\n-- \nОтправлено из мобильной Яндекс Почты")

case(43, "mailru_web_sostavlyayut", "plain", rec(S("100640055893", 12903)),
     "'составляют' phrasing, unit 'кВт/ч'.", ["single"], client="mailru", subject="Показания",
     body="Добрый день! Показания по л/с 100640055893 составляют 12903 кВт/ч.\n\n--\n" + f"{fn(43)} {person(43)[0]}")

case(44, "thunderbird_flowed_long_line", "plain", rec(S("240185530261", 5612)),
     "One long sentence soft-wrapped by format=flowed.", ["single", "flowed"], client="thunderbird",
     subject="Показания счётчика электроэнергии",
     body="Здравствуйте, передаю показания счётчика электроэнергии по лицевому счёту 240185530261, "
          "показания на сегодняшний день составляют 5612 кВт*ч. Спасибо.\n\n-- \n" + sn(44))

case(45, "outlook_work_signature_ext", "plain", rec(S("121030669158", 31004)),
     "Work mail: signature with position, office phone and extension.", ["single", "signature"],
     client="outlook", subject="Показания",
     body=f"Лицевой счет: 121030669158\nПоказания: 31 004\n\nС уважением,\n{full(45)}\nВедущий специалист отдела снабжения\n"
          "ООО «КрасСтройМонтаж»\nТел.: +7 (391) 221-45-67, доб. 134\nМоб.: +7 923 455-10-28")

case(46, "corporate_footer_inn_kpp", "plain", rec(S("100719034652", 4820)),
     "Corporate footer with INN, KPP, OGRN and a legal disclaimer.", ["single", "footer"], client="outlook",
     subject="Показания", body=(
         f"Показания 4820, л/с 100719034652\n\n{full(46)}\nАО «Сибирская транспортная компания»\n"
         "660021, г. Красноярск, ул. Бограда, 132, оф. 305\nИНН 2466123456 КПП 246601001 ОГРН 1022402650011\n\n"
         "Данное сообщение и любые приложения к нему являются конфиденциальными и предназначены исключительно "
         "для адресата. Если вы получили это сообщение по ошибке, сообщите отправителю и удалите его."))

case(47, "claws_koi8_three_zone_adjectives", "plain", rec(S("240396612085", 1120, 760, 1845)),
     "Claws Mail KOI8-R, feminine adjectives, three zones.", ["three-zone"], client="claws",
     subject="Показания",
     body="пиковая 1120\nполупиковая 1845\nночная 760\nлиц.сч 240396612085\n--\n" + fn(47))

case(48, "night_first_plural_adjectives", "plain", rec(S("241084410037", 5634, 2290)),
     "Night written before day, plural adjectives.", ["two-zone"], client="mailru_android",
     subject="Показания",
     body="ЛС 241084410037 ночные 2290, дневные 5634\n\nОтправлено из Mail.ru для Android")

case(49, "html_table_two_zone", "plain", rec(S("241092750164", 8110, 3209)),
     "HTML table with a zone column and a value column.", ["two-zone", "html-table"], client="mailru",
     subject="Показания за декабрь",
     body="Лицевой счет 241092750164\n\nЗона\tПоказания\nДень\t8 110\nНочь\t3 209\n",
     html=("<HTML><BODY><div>Лицевой счет 241092750164</div><div>&nbsp;</div>"
           "<table border=\"1\" cellpadding=\"4\" style=\"border-collapse:collapse\"><tbody>"
           "<tr><td><b>Зона</b></td><td><b>Показания</b></td></tr>"
           "<tr><td>День</td><td>8 110</td></tr><tr><td>Ночь</td><td>3 209</td></tr>"
           "</tbody></table></BODY></HTML>\r\n"))

case(50, "account_labelled_after", "plain", rec(S("240733019264", 2291)),
     "The account number comes before its label.", ["single"], client="gmail", subject="Показания",
     body="240733019264 — мой лицевой. Показания 2291.")

case(51, "tsifry_so_schetchika", "plain", rec(S("121048823057", 7083)),
     "'Цифры со счётчика' phrasing.", ["single"], client="rambler", subject="Показания",
     body="Цифры со счётчика: 7 083. Номер лицевого счета 121048823057")

case(52, "same_value_repeated", "plain", rec(S("100932278461", 5612)),
     "The same value stated twice is one reading.", ["single", "repeat"], client="samsung",
     subject="Показания",
     body="Лицевой 100932278461. Показания 5612 кВт. Повторяю: 5612.\n\nОтправлено с устройства Galaxy")

case(53, "tarif_den_tarif_noch", "plain", rec(S("240570013388", 6602, 2750)),
     "'Тариф день/Тариф ночь' labels.", ["two-zone"], client="yandex", subject="Показания",
     body="ЛС 240570013388\nТариф день: 6602 / Тариф ночь: 2750")

case(54, "multi_three_sms_lines_with_names", "plain",
     rec(S("241002283741", 3380), S("241002283742", 1207), S("241002283743", 5640)),
     "Three one-line submissions prefixed with who they are for.", ["multi-account", "sms-format"],
     client="gmail", subject="Показания (3 лицевых)",
     body="мама: 241002283741*3380\nбабушка: 241002283742*1207\nя: 241002283743*5640")

case(55, "reply_to_confirmation_new_value", "plain", rec(S("240318820751", 4602)),
     "Gmail reply; the quoted confirmation holds last month's value (4480) for the same account.",
     ["single", "quoted-confirmation"], client="gmail", subject="Re: Показания приняты", in_reply_to=True,
     body="Новые показания 4602, лицевой тот же — 240318820751\n\n" + attr_gmail(when(5)) + "\n\n"
          + q(confirmation("240318820751", {"t1": 4480}, when(5))))

case(56, "glued_T1_T2_and_ls", "plain", rec(S("121066301487", 5102, 2011)),
     "Labels glued to values and to each other (Clarifications: Labels).", ["two-zone", "glued"],
     client="mailru_android", subject="Показания",
     body="Т1:5102Т2:2011 л/с121066301487\n\nОтправлено из Mail.ru для Android")

case(57, "single_T1_label", "plain", rec(S("100408817266", 3302)),
     "A single value labelled Т1.", ["single"], client="yandex", subject="Показания",
     body="Т1 - 3302 ЛС 100408817266")

case(58, "em_dash_lines_units_two_zone", "plain", rec(S("241092005174", 12006, 5412)),
     "Zones on lines with em dashes and units.", ["two-zone"], client="applemail", subject="Показания",
     body="день — 12 006 кВт·ч\nночь — 5 412 кВт·ч\nЛ/с 241092005174")

case(59, "roundcube_formal_qp", "plain", rec(S("240814420963", 9874)),
     "Formal wording from Roundcube (quoted-printable, flowed).", ["single", "formal"], client="roundcube",
     subject="Показания ИПУ",
     body="Уважаемые сотрудники! Сообщаю показания индивидуального прибора учёта: 9 874. "
          "Лицевой счёт № 240814420963. Заранее благодарю.\n\n--\n" + full(59))

case(60, "schetchik_pokazyvaet_two_decimals", "plain", rec(S("121085532047", 1550)),
     "'Счетчик показывает' with two decimals.", ["single"], client="gmail", subject="Показания",
     body="Счетчик показывает 1 550,32. ЛС 121085532047")


# ============================================================================= B. hard distractors (40)

case(61, "date_and_time_before_value", "distractor", rec(S("240640018357", 8312)),
     "Date and time of the reading right before the value.", ["single", "date", "time"], client="gmail",
     subject="Показания", body="Снимал 28.11.2025 в 19:40 — 8 312. Лицевой 240640018357")

case(62, "mobile_phone_plus7_in_sentence", "distractor", rec(S("100231174958", 4402)),
     "A +7 mobile number with spaces inside the sentence.", ["single", "phone"], client="mailru_android",
     subject="Показания",
     body="ЛС 100231174958 показания 4402, если что звоните +7 913 507 44 21\n\nОтправлено из Mail.ru для Android")

case(63, "postcode_address_first", "distractor", rec(S("241045502718", 11093)),
     "Postcode, house and flat numbers above the account and value.", ["single", "postcode", "address"],
     client="yandex", subject="Показания",
     body="660077, г. Красноярск, ул. Весны, д. 26, кв. 148\nЛ/с 241045502718\nПоказания 11 093")

case(64, "money_paid_and_date", "distractor", rec(S("121072218806", 6720)),
     "Amount paid with kopecks and a short date before the value.", ["single", "amount", "date"],
     client="samsung", subject="Показания",
     body="Оплатила 2 345,60 руб. 25.11. Показания 6720, л/с 121072218806\n\nОтправлено с устройства Galaxy")

case(65, "tariff_and_charge", "distractor", rec(S("240880215364", 5017)),
     "Tariff per kWh and a charged sum are not values.", ["single", "tariff", "amount"], client="mailru",
     subject="Показания",
     body="По тарифу 4,73 руб/кВт*ч в прошлый раз начислили 1 234,50. Показания на сегодня 5017. ЛС 240880215364")

case(66, "consumption_then_value", "distractor", rec(S("100516630882", 9408)),
     "Monthly consumption before the meter value.", ["single", "consumption"], client="gmail",
     subject="Показания", body="Расход за октябрь 215 кВт, показания 9 408. ЛС 100516630882")

case(67, "meter_model_and_15_digit_serial", "distractor", rec(S("241012233904", 3045)),
     "Meter model 'Меркурий 201.8' and a 15-digit serial next to the value.", ["single", "serial-number", "model"],
     client="thunderbird", subject="Показания",
     body="Счётчик Меркурий 201.8 № 009217634520118, показания 3045, лс 241012233904\n\n-- \n" + sn(67))

case(68, "labelled_12_digit_serial_first", "distractor", rec(S("240553178206", 7002)),
     "A labelled 12-digit factory number comes before the account (Clarifications: Not accounts).",
     ["single", "serial-number", "12-digit-other"], client="outlook", subject="Показания",
     body=f"Заводской номер счетчика 009114358210, лицевой счет 240553178206, показания 7002\n\n{full(68)}")

case(69, "seal_number", "distractor", rec(S("121096740211", 2615)),
     "Seal number with leading zeros.", ["single", "seal"], client="mailru", subject="Показания",
     body="Пломба № 0048127 целая, показания 2615, л/с 121096740211")

case(70, "payment_operation_number_12_digits", "distractor", rec(S("100847720653", 10112)),
     "A 12-digit operation number labelled as such is not the account.", ["single", "12-digit-other", "payment"],
     client="yandex", subject="Показания",
     body="Оплатил через Сбербанк онлайн, номер операции 405218834117.\nПоказания 10 112, ЛС 100847720653")

case(71, "inn_12_digits_first", "distractor", rec(S("240914437801", 3870)),
     "A personal 12-digit INN before the labelled account.", ["single", "inn", "12-digit-other"],
     client="gmail", subject="Показания", body="ИНН 246512345678\nЛ/с 240914437801\nПоказания 3870")

case(72, "snils_before_account", "distractor", rec(S("241063328714", 14202)),
     "SNILS with dashes and a space is neither account nor value.", ["single", "snils"], client="mailru",
     subject="Показания", body="СНИЛС 123-456-789 01, лицевой 241063328714, показания 14 202")

case(73, "flat_and_house_numbers_top", "distractor", rec(S("121027750438", 6088)),
     "Flat and house numbers above a dash-separated submission.", ["single", "address"], client="iphone",
     subject="Показания", body="кв. 45, д. 112\nл/с 121027750438 — 6088\n\nОтправлено с iPhone")

case(74, "zone_hours_three_zone", "distractor", rec(S("100954407736", 2230, 1402, 3105)),
     "Zone hours in brackets next to each label (Clarifications: Not readings).", ["three-zone", "zone-hours"],
     client="outlook", subject="Показания трехтарифного счетчика",
     body="Пик (7:00–10:00, 17:00–21:00): 2230\nПолупик (10:00–17:00, 21:00–23:00): 3105\nНочь (23:00–7:00): 1402\nЛС 100954407736")

case(75, "last_month_then_now_two_zone", "distractor", rec(S("240739921056", 5122, 2188)),
     "Last month's two-zone values, then this month's ('было … сейчас').", ["two-zone", "before-after", "previous"],
     client="yandex", subject="Показания",
     body="В прошлом месяце было день 5010 ночь 2140, сейчас день 5122 ночь 2188. л/с 240739921056")

case(76, "total_register_after_zones", "distractor", rec(S("241017702295", 7704, 3390)),
     "The meter's total ('всего') after the zone values is not recorded.", ["two-zone", "total"],
     client="gmail", subject="Показания", body="Т1 7704, Т2 3390, всего 11094. ЛС 241017702295")

case(77, "contract_number_12_digits", "distractor", rec(S("240556119073", 5120)),
     "A 12-digit contract number with its date before the account.", ["single", "12-digit-other", "date"],
     client="outlook", subject="Показания",
     body=f"Договор энергоснабжения № 240011009988 от 01.03.2019.\nЛицевой счет 240556119073.\nПоказания 5120.\n\n{full(77)}")

case(78, "card_tail_digits", "distractor", rec(S("121032208867", 6630)),
     "Last four digits of a bank card are not a value.", ["single", "payment"], client="samsung",
     subject="Показания",
     body="Оплатила картой *4417 вчера. Показания 6630 ЛС 121032208867\n\nОтправлено с устройства Galaxy")

case(79, "phone_no_separators_signature", "distractor", rec(S("100378814520", 3312)),
     "An 11-digit phone without separators under the text.", ["single", "phone"], client="mailru",
     subject="Показания", body="Показания 3312\nЛС 100378814520\n\nТелефон 89135554411")

case(80, "foreign_phone_12_digits", "distractor", rec(S("240127730915", 2044)),
     "A 12-digit phone with a country code (+996) is not an account (Clarifications: Not accounts).",
     ["single", "phone", "12-digit-other"], client="gmail", subject="Показания",
     body="ЛС 240127730915, показания 2044. Тел. +996555123456 (WhatsApp)")

case(81, "receipt_number_12_digits", "distractor", rec(S("121087761304", 9015)),
     "'Номер квитанции' with 12 digits before the real account.", ["single", "12-digit-other"],
     client="yandex", subject="Показания",
     body="Номер квитанции 112233445566, лицевой 121087761304, показания 9015")

case(82, "time_taken_colon_value", "distractor", rec(S("241056180332", 4870)),
     "A time of day followed by a colon and the value.", ["single", "time"], client="mailru_android",
     subject="Показания",
     body="Показания сняты в 21:15: 4870. ЛС 241056180332\n\nОтправлено из Mail.ru для Android")

case(83, "month_and_year_before_value", "distractor", rec(S("100945561278", 17330)),
     "Month and year ('ноябрь 2025 г.') right before the value.", ["single", "date"], client="gmail",
     subject="Показания", body="Показания за ноябрь 2025 г.: 17 330. Л/с 100945561278")

case(84, "meter_type_year_verification", "distractor", rec(S("240682214059", 7815)),
     "Meter type with digits, year of manufacture and verification year.", ["single", "model", "date"],
     client="thunderbird", subject="Показания",
     body="Счётчик СЕ 101 R5 145 M6, год выпуска 2014, поверка до 2030.\nПоказания 7815.\nл/с 240682214059")

case(85, "paid_sum_no_debt", "distractor", rec(S("121013389462", 2976)),
     "A sum in roubles before the value.", ["single", "amount"], client="mailru", subject="Показания",
     body="Задолженности нет, оплачено 1 850 р. Показания 2976 кВт. ЛС 121013389462")

case(86, "consumption_in_brackets_per_zone", "distractor", rec(S("100830227415", 6011, 2540)),
     "Consumption per zone in brackets ('израсходовано').", ["two-zone", "consumption"], client="yandex",
     subject="Показания",
     body="день 6011 (израсходовано 180), ночь 2540 (израсходовано 75), ЛС 100830227415")

case(87, "replaced_meter_old_final_and_new", "distractor", rej("ambiguous"),
     "Final value of the replaced meter beside the new meter's value: ambiguous (Clarifications: Not readings).",
     ["single", "meter-replacement"], client="gmail", subject="Показания",
     body="Счётчик заменили 14.11. Старый на момент снятия показывал 28 504, новый сейчас 312. Л/с 240477109358")

case(88, "approximate_range_only", "distractor", rej("ambiguous"),
     "Only an approximate range: never a value; the resident has to be asked (range → ambiguous).",
     ["single", "range"], client="mailru_android", subject="Показания",
     body="Показания примерно 5200-5250, плохо видно. ЛС 241073306621\n\nОтправлено из Mail.ru для Android")

case(89, "total_first_then_zones", "distractor", rec(S("121059920374", 6620, 2810)),
     "The total ('Общий') is written before the zone values.", ["two-zone", "total"], client="outlook",
     subject="Показания", body="Общий 9 430, Т1 6 620, Т2 2 810. лс 121059920374")

case(90, "postcode_and_hyphen_address_decimal", "distractor", rec(S("100662201937", 9015)),
     "Postcode and a house-flat pair '7-84' above; decimal value.", ["single", "postcode", "address"],
     client="oe", subject="Показания",
     body="660135 Красноярск, ул. Взлётная 7-84\nлиц. счёт 100662201937\nпоказания 9 015,5")

case(91, "receipt_number_sum_date", "distractor", rec(S("240223890716", 12640)),
     "Receipt number, date and sum, then 'текущие показания'.", ["single", "amount", "date"], client="gmail",
     subject="Показания",
     body="Чек № 0027 от 20.11.2025, сумма 3 418,22 руб.\nЛС 240223890716. Текущие показания 12 640.")

case(92, "flat_in_brackets_after_account", "distractor", rec(S("121064412058", 3101)),
     "Flat number in brackets between the account and the value.", ["single", "address"], client="mailru",
     subject="Показания", body="Л/с 121064412058 (кв. 17) — 3 101")

case(93, "bill_previous_then_current", "distractor", rec(S("241088126703", 5349)),
     "прошлые (from the bill) / текущие layout.", ["single", "before-after", "previous"], client="yandex",
     subject="Показания",
     body="ЛС 241088126703\nпрошлые (по квитанции за октябрь) 5210\nтекущие 5349")

case(94, "office_phone_with_extension", "distractor", rec(S("100475520896", 2203)),
     "City phone with brackets and an extension after the value.", ["single", "phone"], client="outlook",
     subject="Показания",
     body="Показания 2 203. Л/С 100475520896.\nМой рабочий: 8 (391) 265-18-40 доб. 215")

case(95, "multi_with_paid_sum_and_date", "distractor",
     rec(S("240319907145", 7210), S("240319907146", 1408)),
     "Two accounts; a sum and a date in brackets on the first line.", ["multi-account", "amount", "date"],
     client="gmail", subject="Показания",
     body="Квартира ЛС 240319907145 — 7210 (оплачено 2 100 р. 21.11)\nДача ЛС 240319907146 — 1408")

case(96, "three_zone_with_rates", "distractor", rec(S("121042776180", 1905, 1077, 2811)),
     "Each zone value followed by its rate in roubles.", ["three-zone", "tariff"], client="mailru",
     subject="Показания",
     body="Пик 1 905 (5,64 р.), полупик 2 811 (4,70 р.), ночь 1 077 (2,45 р.) ЛС 121042776180")

case(97, "company_signature_inn_ogrn_phone", "distractor", rec(S("240508836412", 4098)),
     "Company signature with a 10-digit INN, 13-digit OGRN and phone.", ["single", "footer", "inn"],
     client="outlook", subject="Показания",
     body=f"Показания 4098\nЛ/с 240508836412\n\n--\n{full(97)}\nООО «Сибирь-Строй»\nИНН 2465098765 ОГРН 1152468012345\nтел. 8 (391) 200-30-40")

case(98, "account_in_signature_with_postcode", "distractor", rec(S("241043318702", 8843)),
     "Own text has only the value; the signature has a postcode, address, phone and the labelled account.",
     ["single", "signature", "postcode"], client="thunderbird", subject="Показания",
     body=f"Показания: 8 843\n\n-- \n{sn(98)}\n660049, г. Красноярск, ул. Ленина 112-36\nЛ/с 241043318702\n+7 923 311 20 18")

case(99, "only_last_month_and_phone", "distractor", rej("no_readings"),
     "Only last month's value and a phone: no current value.", ["single", "previous", "phone"],
     client="mailru", subject="Показания",
     body="ЛС 121075530812. Показания в прошлом месяце 6602, в этом не смогла снять — счётчик в подъезде закрыт. Тел. 8-913-114-20-30")

case(100, "consumption_and_tariff_only", "distractor", rej("no_readings"),
     "Only the month's consumption and the tariff: no meter value.", ["single", "consumption", "tariff"],
     client="yandex", subject="Показания",
     body="л/с 240927715603. За ноябрь израсходовано 245 кВт·ч по тарифу 4,73 руб.")


# ============================================================================= C. rejections (25)

case(101, "no_account_name_and_address", "reject", rej("no_account"),
     "Value, surname and address, no account.", ["no-account", "address"], client="mailru",
     subject="Показания", body="Показания 6 014. Смирнова, кв. 88, ул. Молокова 12")

case(102, "no_account_eleven_digits", "reject", rej("no_account"),
     "The 'account' has 11 digits: not an account.", ["no-account", "11-digits"], client="yandex",
     subject="Показания", body="Лицевой 24003318765, показания 3307")

case(103, "no_account_thirteen_digits", "reject", rej("no_account"),
     "The 'account' has 13 digits: not an account.", ["no-account", "13-digits"], client="gmail",
     subject="Показания", body="ЛС 2410555123456, показания 8845")

case(104, "no_account_contract_number_only", "reject", rej("no_account"),
     "Only a 12-digit number labelled as a contract number (Clarifications: Not accounts).",
     ["no-account", "12-digit-other"], client="outlook", subject="Показания",
     body=f"Показания по договору № 121000884512: 5021\n\n{full(104)}")

case(105, "no_account_phone_only", "reject", rej("no_account"),
     "A value and a phone number; no account.", ["no-account", "phone"], client="mailru_android",
     subject="Показания",
     body="Показания 4410. Мой номер 8 (913) 520-44-10\n\nОтправлено из Mail.ru для Android")

case(106, "no_readings_photo_attached", "reject", rej("no_readings"),
     "Account in the text, the value only on the attached photo.", ["no-readings", "attachment"],
     client="gmail", subject="Показания",
     body="Лицевой 240664108823, фото счётчика во вложении", attach=[("jpeg", "IMG_20251124_190233.jpg")])

case(107, "no_readings_will_send_later", "reject", rej("no_readings"),
     "Account, value promised for the evening.", ["no-readings", "later"], client="samsung",
     subject="Показания",
     body="лс 121083305567 показания пришлю вечером, сейчас не дома\n\nОтправлено с устройства Galaxy")

case(108, "no_readings_meter_burnt_date", "reject", rej("no_readings"),
     "Meter broken; only an account and a date.", ["no-readings", "date"], client="mailru",
     subject="Показания", body="Л/С 100517739204. Счётчик сгорел 12.11.2025, экран не горит. Что делать?")

case(109, "no_readings_street_with_number_phone", "reject", rej("no_readings"),
     "Account, a street whose name starts with a number, house-flat and a phone: no value.",
     ["no-readings", "address", "phone"], client="yandex", subject="Показания",
     body="Л/с 241029904417, ул. 78 Добровольческой бригады, 15-203, тел. 89029112233")

case(110, "ambiguous_two_accounts_one_value", "reject", rej("ambiguous"),
     "One value, two accounts: which account?", ["ambiguous", "multi-account"], client="gmail",
     subject="Показания",
     body="Показания 3350. У нас два лицевых: 240190024416, 240190024417.")

case(111, "ambiguous_worn_digit", "reject", rej("ambiguous"),
     "A worn digit: two candidate values.", ["ambiguous"], client="mailru", subject="Показания",
     body="Показания 5?81 — третья цифра стерлась, то ли 5081, то ли 5681. ЛС 121049930652")

case(112, "ambiguous_night_repeated_differently", "reject", rej("ambiguous"),
     "Both zones written twice; the night value differs and nothing says which is right.",
     ["ambiguous", "two-zone"], client="thunderbird", subject="Показания",
     body="Л/с 100281470063\nдень 4120, ночь 1780\n\nЕщё раз: день 4120, ночь 1870")

case(113, "ambiguous_words_digits_disagree", "reject", rej("ambiguous"),
     "Digits and words disagree (Clarifications: Words).", ["ambiguous", "words"], client="oe",
     subject="Показания",
     body="Лицевой счет 240361128479\nпоказания 7 302 (семь тысяч двести три)")

case(114, "ambiguous_two_zone_unknown_which", "reject", rej("ambiguous"),
     "Two unlabelled values; the resident does not know which is day.", ["ambiguous", "two-zone"],
     client="mailru_android", subject="Показания",
     body="Показания 6230 и 2815, какая из них дневная не знаю. ЛС 241052218860\n\nОтправлено из Mail.ru для Android")

case(115, "ambiguous_three_zone_unlabelled", "reject", rej("ambiguous"),
     "Three-zone meter, three values without zone labels.", ["ambiguous", "three-zone"], client="gmail",
     subject="Показания", body="Счетчик трехтарифный. ЛС 100742260391\nПоказания: 1200 / 2033 / 870")

case(116, "ambiguous_which_account", "reject", rej("ambiguous"),
     "Two candidate accounts for one value.", ["ambiguous"], client="yandex", subject="Показания",
     body="Лицевой то ли 240836671502, то ли 240836671520 — квитанцию не найду. Показания 4719")

case(117, "ambiguous_one_of_two_accounts_contradicts", "reject", rej("ambiguous"),
     "Two accounts; the dacha value is contradicting, so the whole message is ambiguous (Several accounts).",
     ["ambiguous", "multi-account"], client="mailru", subject="Показания",
     body="Кв ЛС 121020034561: 5012\nДача ЛС 121020034562: 812 или 821, не разглядел")

case(118, "ambiguous_husband_and_wife", "reject", rej("ambiguous"),
     "Two people read two different values.", ["ambiguous"], client="iphone", subject="Показания",
     body="Муж снял 9130, я пересняла — 9103. Л/с 240744028816\n\nОтправлено с iPhone")

case(119, "subject_schet_za_elektroenergiyu", "reject", ign("not_readings"),
     "Subject 'Счёт за электроэнергию' does not name readings, whatever the body says.",
     ["not-readings"], client="gmail", subject="Счёт за электроэнергию",
     body="ЛС 121033570846, показания 4415. Почему счёт выше обычного?")

case(120, "subject_translit_pokazaniya", "reject", ign("not_readings"),
     "Transliterated subject 'Pokazaniya': Latin z/n/i/y have no Cyrillic look-alike mapping to "
     "'показани', so the subject rule fails.", ["not-readings", "translit"], client="gmail",
     subject="Pokazaniya", body="LS 240517734092 pokazaniya 3120")

case(121, "subject_pokazat_raschet", "reject", ign("not_readings"),
     "'показать' is not a word starting with 'показани'.", ["not-readings", "near-miss"], client="mailru",
     subject="Прошу показать расчёт за ноябрь",
     body="ЛС 240287716350, показания счётчика 5021, почему начислено 3 400 руб?")

case(122, "subject_schetchik_kv", "reject", ign("not_readings"),
     "Subject names the meter and a flat, not readings.", ["not-readings"], client="yandex",
     subject="Счетчик электроэнергии, кв. 12",
     body="л/с 100359920471 показания 8012")

case(123, "no_account_owa_html_only", "reject", rej("no_account"),
     "HTML-only Outlook on the web: value and first name only.", ["no-account", "html-only"], client="owa",
     subject="Показания", body="Показания 3 840\n\nС уважением,\n" + fn(123))

case(124, "no_readings_date_in_subject", "reject", rej("no_readings"),
     "The date in the subject is not a value; the body has only the account.", ["no-readings", "date", "subject"],
     client="mailru", subject="Показания на 25.11.2025", body="лицевой счет 100662309871")

case(125, "ambiguous_two_bare_numbers", "reject", rej("ambiguous"),
     "Two bare four-digit numbers after 'Показания:' with no labels or explanation.", ["ambiguous"],
     client="samsung", subject="Показания",
     body="ЛС 121091120384. Показания: 4415 4451\n\nОтправлено с устройства Galaxy")


# ============================================================================= D. robots, auto-replies, bounces, forwards (20)

def util_from_hdr():
    return f"=?utf-8?b?{base64.b64encode('ПАО «Красноярскэнергосбыт»'.encode()).decode()}?= <{MX}>"


def subj_b(s):
    return f"=?utf-8?b?{base64.b64encode(s.encode()).decode()}?="


def raw_postfix_dsn(n):
    d = when(n)
    d0 = when(n) - dt.timedelta(seconds=4)
    rcpt = "v.tikhonov@krasnet.ru"
    conf = confirmation("240193372204", {"t1": 6511}, d0)
    return f"""Return-Path: <>
Received: from mx.krasnet.ru (mx.krasnet.ru [94.181.44.9])
\tby mx.es.krasnoyarsk.ru (Postfix) with ESMTPS id 4QWZ1Y2KpN
\tfor <{MX}>; {rfc_date(d)}
Date: {rfc_date(d)}
From: MAILER-DAEMON@mx.krasnet.ru (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: {MX}
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="9C4D83A0E11.1764000512/mx.krasnet.ru"
Content-Transfer-Encoding: 8bit
Message-Id: <20251124160832.9C4D83A0E11@mx.krasnet.ru>

This is a MIME-encapsulated message.

--9C4D83A0E11.1764000512/mx.krasnet.ru
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.krasnet.ru.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

                   The mail system

<{rcpt}>: mailbox is full: 552 5.2.2 Quota exceeded (mailbox for user is full)

--9C4D83A0E11.1764000512/mx.krasnet.ru
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.krasnet.ru
X-Postfix-Queue-ID: 9C4D83A0E11
X-Postfix-Sender: rfc822; {MX}
Arrival-Date: {rfc_date(d0)}

Final-Recipient: rfc822; {rcpt}
Original-Recipient: rfc822;{rcpt}
Action: failed
Status: 5.2.2
Diagnostic-Code: x-unix; mailbox is full

--9C4D83A0E11.1764000512/mx.krasnet.ru
Content-Description: Undelivered Message
Content-Type: message/rfc822
Content-Transfer-Encoding: 8bit

From: {util_from_hdr()}
To: {rcpt}
Subject: {subj_b("Показания приняты")}
Date: {rfc_date(d0)}
Message-ID: <{d0:%Y%m%d%H%M%S}.118204@es.krasnoyarsk.ru>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{conf}

--9C4D83A0E11.1764000512/mx.krasnet.ru--
"""


def raw_exim_bounce(n):
    d = when(n)
    d0 = d - dt.timedelta(seconds=2)
    rcpt = "galina.p1962@sibmail.com"
    conf = confirmation("121084402736", {"t1": 3905, "t2": 1418}, d0)
    return f"""Return-path: <>
Received: from mx1.sibmail.com ([92.255.197.31])
\tby mx.es.krasnoyarsk.ru (Postfix) with ESMTPS id 7TRB2M0Q
\tfor <{MX}>; {rfc_date(d)}
X-Failed-Recipients: {rcpt}
From: Mail Delivery System <Mailer-Daemon@mx1.sibmail.com>
To: {MX}
Subject: Mail delivery failed: returning message to sender
Message-Id: <E1vKq9c-0004Rz-2h@mx1.sibmail.com>
Date: {rfc_date(d)}
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  {rcpt}
    Unrouteable address

------ This is a copy of the message, including all the headers. ------

Return-path: <{MX}>
From: {util_from_hdr()}
To: {rcpt}
Subject: {subj_b("Показания приняты")}
Date: {rfc_date(d0)}
Auto-Submitted: auto-replied
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit
MIME-Version: 1.0

{conf}
"""


def raw_mdn(n):
    d = when(n)
    frm = address(n, "thunderbird")
    nm = display(n, "thunderbird") or "Читатель"
    return f"""Return-Path: <{frm}>
Received: from mail.krasnet.ru (mail.krasnet.ru [94.181.51.12])
\tby mx.es.krasnoyarsk.ru (Postfix) with ESMTPS id 2MDNQ81ZB
\tfor <{MX}>; {rfc_date(d)}
Message-ID: <a81c5e44-19b0-4c8e-9d0f-{n:04d}d5e6f7a8@krasnet.ru>
Date: {rfc_date(d)}
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
From: {subj_b(nm)} <{frm}>
To: {MX}
Subject: {subj_b("Прочитано: Показания приняты")}
Content-Type: multipart/report; report-type=disposition-notification;
 boundary="------------MDN3x1Qk8Lh0u4aZ7r2Wn"

This is a multi-part message in MIME format.
--------------MDN3x1Qk8Lh0u4aZ7r2Wn
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

Это уведомление о прочтении сообщения, которое вы отправили {frm}.

Примечание: это уведомление означает только, что сообщение было показано на
экране получателя. Нет гарантии, что получатель прочитал или понял
содержание сообщения.

--------------MDN3x1Qk8Lh0u4aZ7r2Wn
Content-Type: message/disposition-notification; name="MDNPart2.txt"
Content-Disposition: inline
Content-Transfer-Encoding: 7bit

Reporting-UA: krasnet.ru; Mozilla Thunderbird
Final-Recipient: rfc822;{frm}
Original-Message-ID: <{(d - dt.timedelta(hours=3)):%Y%m%d%H%M%S}.330417@es.krasnoyarsk.ru>
Disposition: manual-action/MDN-sent-manually; displayed

--------------MDN3x1Qk8Lh0u4aZ7r2Wn
Content-Type: text/rfc822-headers; name="MDNPart3.txt"
Content-Disposition: inline

From: {util_from_hdr()}
To: {frm}
Subject: {subj_b("Показания приняты")}
Date: {rfc_date(d - dt.timedelta(hours=3))}

--------------MDN3x1Qk8Lh0u4aZ7r2Wn--
"""


case(126, "ooo_exchange_russian_auto_generated", "robot", ign("auto_generated"),
     "Exchange out-of-office to a confirmation (Auto-Submitted: auto-generated).", ["auto-reply", "ooo"],
     client="outlook", subject="Автоматический ответ: Показания приняты", in_reply_to=True,
     headers=[("Auto-Submitted", "auto-generated"), ("X-Auto-Response-Suppress", "All"),
              ("X-MS-Exchange-Inbox-Rules-Loop", address(126, "outlook"))],
     body="Здравствуйте!\n\nЯ нахожусь в отпуске с 24.11.2025 по 08.12.2025.\nПо срочным вопросам обращайтесь "
          "к Лаптевой Юлии, тел. 8 (391) 274-10-20, доб. 3312.")

case(127, "ooo_subject_net_na_meste_no_headers", "robot", ign("auto_generated"),
     "Out-of-office recognised by its subject 'Нет на месте' only; no auto headers.", ["auto-reply", "ooo", "content-only"],
     client="yandex", subject="Нет на месте: Показания приняты",
     body="Здравствуйте! Меня нет на месте до 01.12.2025, доступ к почте ограничен.\nВаше письмо будет прочитано после возвращения.")

case(128, "bounce_postfix_quota_no_autosubmitted", "robot", ign("auto_generated"),
     "Postfix DSN (multipart/report, Return-Path <>, MAILER-DAEMON) returning a confirmation with an account and a value.",
     ["bounce", "dsn"], raw=raw_postfix_dsn)

case(129, "noreply_bank_notification", "robot", ign("auto_generated"),
     "Bank's noreply notification about transmitted readings, with an account and a value.", ["noreply"],
     client="mailru", from_name="Почта Банк", from_addr="noreply@pochtabank.ru", bare=True,
     subject="Показания счётчика переданы",
     body="Уважаемый клиент!\n\nВы передали показания по лицевому счёту 240556102873: 5120 кВт·ч.\n"
          "Это письмо сформировано автоматически, отвечать на него не нужно.")

case(130, "bulk_newsletter_list_unsubscribe", "robot", ign("auto_generated"),
     "Management company newsletter (Precedence: bulk, List-Unsubscribe) with a sample submission.",
     ["bulk", "newsletter"], client="mailru", from_name="УК «Жилищный трест»", from_addr="info@uk-trest24.ru", bare=True,
     subject="Не забудьте передать показания до 25 числа!",
     headers=[("Precedence", "bulk"),
              ("List-Unsubscribe", "<mailto:unsubscribe@uk-trest24.ru?subject=unsubscribe>, <https://uk-trest24.ru/unsub?u=8812>")],
     body="Уважаемые жильцы!\n\nНапоминаем: показания электросчётчиков передаются с 15 по 25 число.\n"
          "Пример письма: 240000000000*12345\n\nС уважением, УК «Жилищный трест», тел. 8 (391) 290-11-22")

case(131, "x_autorespond_header", "robot", ign("auto_generated"),
     "Autoresponder marked with X-Autorespond only.", ["auto-reply"], client="mailru",
     subject="Re: Показания приняты", in_reply_to=True, headers=[("X-Autorespond", "1")],
     body="Здравствуйте! Спасибо за письмо, я отвечу в ближайшее время.\nТел. 8-913-044-55-12")

case(132, "precedence_auto_reply_only", "robot", ign("auto_generated"),
     "Auto-reply marked with 'Precedence: auto_reply' only.", ["auto-reply"], client="rambler",
     subject="RE: Показания", headers=[("Precedence", "auto_reply")],
     body="Спасибо, ваше письмо получено. Это автоматическое сообщение.")

case(133, "bounce_exim_plain_text_two_zone", "robot", ign("auto_generated"),
     "Exim plain-text bounce (Return-Path <>, Mailer-Daemon) carrying a two-zone confirmation.", ["bounce"],
     raw=raw_exim_bounce)

case(134, "smart_home_script_auto_generated", "robot", ign("auto_generated"),
     "Home automation script sends readings with Auto-Submitted: auto-generated.", ["auto-generated", "script"],
     client="roundcube", from_name="Home Assistant", from_addr="ha@dacha-home.ru", bare=True,
     subject="Показания счётчика за ноябрь", headers=[("Auto-Submitted", "auto-generated")],
     body="Лицевой счёт: 121047736025\nТ1: 5012\nТ2: 2201\n(автоматическая отправка)")

case(135, "auto_submitted_no_human", "robot", rec(S("240493318027", 6120, 2904)),
     "'Auto-Submitted: no' marks a human message: record it.", ["auto-submitted-no", "two-zone"],
     client="roundcube", subject="Показания", headers=[("Auto-Submitted", "no")],
     body="Передаю показания. Лиц. счет 240493318027, Т1 6120, Т2 2904")

case(136, "gmail_forward_no_own_text", "robot", rec(S("121039920548", 6317)),
     "Gmail forward of the mother's mail, nothing typed above it: the forwarded text counts.",
     ["forwarded"], client="gmail", subject="Fwd: Показания",
     body=f"\n\n---------- Forwarded message ---------\nОт: Валентина Ефимова <v.efimova1951@mail.ru>\n"
          f"Date: вс, 23 нояб. 2025 г. в 18:02\nSubject: Показания\nTo: <{address(136, 'gmail')}>\n\n\n"
          "Лицевой счет 121039920548\nПоказания 6 317\n")

case(137, "mailru_forward_resend_note", "robot", rec(S("240617720483", 5530)),
     "A note without numbers and a Mail.ru forward block: the forwarded text counts.", ["forwarded"],
     client="mailru", subject="Fwd: Показания",
     body=f"Пересылаю ещё раз, в прошлый раз не дошло.\n\n\n-------- Пересылаемое сообщение --------\n"
          f"От кого: {display(137, 'mailru')} <{address(137, 'mailru')}>\nКому: {MX}\n"
          "Дата: Понедельник, 17 ноября 2025, 20:11 +07:00\nТема: Показания\n\nЛС 240617720483\nпоказания 5 530\n\n"
          "----------------------------------------------------------------------")


def _inner_138():
    m = EmailMessage(policy=POL)
    m["From"] = f"{display(138, 'thunderbird')} <{address(138, 'thunderbird')}>"
    m["To"] = MX
    m["Subject"] = "Показания"
    m["Date"] = rfc_date(when(138) - dt.timedelta(days=3))
    m["Message-ID"] = "<5d1e0a2c-7b11-4c4e-a0e9-1f2b3c4d5e6f@ngs.ru>"
    m.set_content("л/с 100729015562 показания 8 041\n\n-- \n" + sn(138), charset="utf-8", cte="8bit")
    return m


case(138, "thunderbird_forward_as_attachment", "robot", rec(S("100729015562", 8041)),
     "Forwarded as an attached message/rfc822 with a note without numbers: the attached text counts.",
     ["forwarded", "rfc822-attachment"], client="thunderbird", subject="Fwd: Показания",
     body="Повторно отправляю, ответа не было.\n\n-- \n" + sn(138),
     attach=[("rfc822", _inner_138(), "Показания.eml")])

case(139, "own_text_plus_forwarded_old_mail", "robot", rec(S("241058802917", 3120)),
     "Own text has the account and value; the forwarded October mail (2987) must not count.",
     ["forwarded"], client="yandex", subject="Fwd: Показания",
     body="Передаю показания за ноябрь: ЛС 241058802917 — 3120.\nНиже моё прошлое письмо, для сверки.\n\n"
          f"-------- Пересылаемое сообщение --------\n20.10.2025, 19:30, \"{display(139, 'yandex')}\" <{address(139, 'yandex')}>:\n\n"
          "ЛС 241058802917 — 2987\n\n-------- Конец пересылаемого сообщения --------")

case(140, "forward_bill_subject_not_readings", "robot", ign("not_readings"),
     "Forwarded bill: the subject does not name readings.", ["not-readings", "forwarded"], client="mailru",
     subject="Fwd: Квитанция за ноябрь 2025",
     body="Посмотрите пожалуйста, почему так много начислили.\n\n-------- Пересылаемое сообщение --------\n"
          "От кого: ЛК Энергосбыт <lk@es.krasnoyarsk.ru>\nДата: Пятница, 21 ноября 2025, 09:00 +07:00\nТема: Квитанция за ноябрь 2025\n\n"
          "Лицевой счёт 240381129974\nК оплате: 3 812,40 руб.\nПоказания: 9120\n\n"
          "----------------------------------------------------------------------")

case(141, "read_receipt_mdn_thunderbird", "robot", ign("auto_generated"),
     "Thunderbird read receipt (multipart/report, disposition-notification) of a confirmation.", ["mdn"],
     raw=raw_mdn)

case(142, "house_mailing_list_post", "robot", ign("auto_generated"),
     "A neighbour's post relayed by a house mailing list (List-Id, List-Post, Precedence: list).",
     ["mailing-list"], client="gmail", subject="[kecho22] Показания счётчиков",
     headers=[("List-Id", "<kecho22.googlegroups.com>"), ("List-Post", "<mailto:kecho22@googlegroups.com>"),
              ("Precedence", "list"), ("Mailing-list", "list kecho22@googlegroups.com; contact kecho22+owners@googlegroups.com")],
     body="Соседи, напоминаю: до 25-го передать показания. Я свои отправила так: 240918362215*4410\n\nКв. 57")

case(143, "automatic_reply_english_suppress", "robot", ign("auto_generated"),
     "English 'Automatic reply' subject with X-Auto-Response-Suppress: All.", ["auto-reply", "ooo"],
     client="outlook", subject="Automatic reply: Показания приняты", in_reply_to=True,
     from_name="Яковлев Роман Сергеевич", from_addr="r.yakovlev@kraszavod.ru",
     headers=[("X-Auto-Response-Suppress", "All"), ("X-MS-Exchange-Inbox-Rules-Loop", "r.yakovlev@kraszavod.ru")],
     body="I am out of the office until 01.12.2025 with limited access to e-mail.\nЯ в командировке до 01.12.2025, "
          "ответ задержится.\n\nРоман Яковлев\nтел. +7 (391) 259-33-10")

case(144, "postmaster_russian_plain_bounce", "robot", ign("auto_generated"),
     "Plain-text Russian non-delivery report from postmaster, no other auto headers.", ["bounce"],
     client="outlook", from_name="Системный администратор", from_addr="postmaster@kraszavod.ru", bare=True,
     subject="Недоставленное сообщение: Показания приняты",
     body="Ваше сообщение не было доставлено следующим получателям:\n\nnov.pavel@kraszavod.ru\n"
          "Почтовый ящик переполнен.\n\nТема: Показания приняты\nОтправлено: 24.11.2025 16:02\n\n"
          "Показания по лицевому счету № 100572296631 зарегистрированы 24.11.2025 в 16:02:\n   показания: 7730 кВт*ч")

case(145, "yandex_html_forward_no_own_text", "robot", rec(S("240905518873", 4002, 1766)),
     "HTML-only Yandex forward with nothing typed above it: the forwarded text counts.",
     ["forwarded", "html-only"], client="yandex", subject="Fwd: Показания", layout="html",
     html=("<div> </div><div> </div><div>-------- Пересылаемое сообщение --------</div>"
           f"<div>22.11.2025, 21:14, \"{display(145, 'yandex')}\" &lt;{address(145, 'yandex')}&gt;:</div><div> </div>"
           "<div>Лиц. счёт 240905518873</div><div>Т1 - 4 002</div><div>Т2 - 1 766</div><div> </div>"
           "<div>-------- Конец пересылаемого сообщения --------</div>\r\n"))


# ============================================================================= E. tricky MIME (15)

case(146, "outlook_html_only_cp1251_qp", "mime", rec(S("240562290413", 17562)),
     "Outlook sending HTML only, windows-1251 quoted-printable, Word markup.", ["html-only", "cp1251", "qp"],
     client="outlook", subject="Показания", layout="html", html_charset="windows-1251",
     html_cte="quoted-printable", html_style="outlook",
     body=f"Добрый день.\nЛ/с 240562290413\nПоказания на табло 17 562,4\n\nС уважением,\n{sn(146)}\nтел. 8 (391) 255-51-01")

case(147, "mailru_plain_base64_with_pdf", "mime", rec(S("121075502364", 6880)),
     "Plain text in base64 beside a PDF receipt with a Cyrillic file name.", ["attachment", "base64", "pdf"],
     client="mailru", subject="Показания + квитанция", layout="plain", cte="base64",
     body="Показания 6 880, л/с 121075502364. Квитанцию прикладываю.\n\n--\n" + fn(147),
     attach=[("pdf", "Квитанция_ноябрь.pdf")])


def _custom_148(n, client):
    plain = "Лицевой 100488230715\nДень 7 340\nНочь 3 018\n\nФото счётчика и квитанция во вложении"
    html = ('<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>'
            '<body dir="auto"><div dir="ltr">Лицевой 100488230715</div><div dir="ltr">День 7 340</div>'
            '<div dir="ltr">Ночь 3 018</div><div dir="ltr"><br></div>'
            '<div dir="ltr">Фото счётчика и квитанция во вложении</div>'
            '<div dir="ltr"><img src="cid:F2B1C0DE-1A2B-4C3D-9E8F-00AA11BB22CC" alt="IMG_0815.jpeg"></div></body></html>\r\n')
    img = att_part("jpeg", f"{n}-img", "IMG_0815.jpeg", inline=True, cid="<F2B1C0DE-1A2B-4C3D-9E8F-00AA11BB22CC>")
    rel = multipart("related", [text_part(html, "html", "utf-8", "quoted-printable"), img], bnd(client, n, 3),
                    type="text/html")
    alt = multipart("alternative", [text_part(plain, "plain", "utf-8", "quoted-printable"), rel], bnd(client, n, 4))
    return alt


case(148, "nested_mixed_related_alternative", "mime", rec(S("100488230715", 7340, 3018)),
     "multipart/mixed > multipart/alternative > (text/plain, multipart/related > (text/html, inline image)) + PDF.",
     ["nested-multipart", "two-zone", "attachment"], client="applemail", subject="Показания", layout="custom",
     custom=_custom_148, attach=[("pdf", "Квитанция.pdf")])

case(149, "word_html_spans_split_digits", "mime", rec(S("241022773016", 5905)),
     "HTML-only Word markup: account split over three spans, value split over a bold span.",
     ["html-only", "split-digits", "cp1251"], client="outlook", subject="Показания", layout="html",
     html_charset="windows-1251", html_cte="quoted-printable",
     html=('<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns="http://www.w3.org/TR/REC-html40"><head>'
           '<meta http-equiv=Content-Type content="text/html; charset=windows-1251"></head>'
           '<body lang=RU><div class=WordSection1>'
           '<p class=MsoNormal><span style=\'font-size:12.0pt\'>Л/с </span><span style=\'font-size:12.0pt\'>2410</span>'
           '<span style=\'font-size:12.0pt\'>2277</span><span lang=EN-US style=\'font-size:12.0pt\'>3016</span><o:p></o:p></p>'
           '<p class=MsoNormal><span style=\'font-size:12.0pt\'>Показания: </span><b><span style=\'font-size:12.0pt\'>5</span></b>'
           '<span style=\'font-size:12.0pt\'>905<o:p></o:p></span></p>'
           f'<p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>{sn(149)}<o:p></o:p></p>'
           '</div></body></html>\r\n'))

case(150, "html_thin_space_entity", "mime", rec(S("121066018392", 12408)),
     "HTML-only; &nbsp; after labels and &thinsp; grouping the thousands.", ["html-only", "thin-space", "entities"],
     client="yandex", subject="Показания", layout="html",
     html=("<div>Л/с&nbsp;121066018392</div><div>Показания:&nbsp;12&thinsp;408&nbsp;кВт⋅ч</div>"
           "<div>&nbsp;</div><div>-- </div><div>Отправлено из мобильной Яндекс Почты</div>\r\n"))


def _qp_soft(text: str, width: int = 76) -> str:
    """Quoted-printable by hand; '|' marks a forced soft line break."""
    out_lines = []
    for line in text.split("\n"):
        toks = []
        for ch in line:
            if ch == "|":
                toks.append("|")
            elif ch == "=" or ord(ch) > 126 or ord(ch) < 32:
                toks.append("".join(f"={b:02X}" for b in ch.encode("utf-8")))
            else:
                toks.append(ch)
        if toks and toks[-1] == " ":
            toks[-1] = "=20"
        cur = ""
        for t in toks:
            if t == "|":
                out_lines.append(cur + "=")
                cur = ""
                continue
            if len(cur) + len(t) > width - 1:
                out_lines.append(cur + "=")
                cur = ""
            cur += t
        out_lines.append(cur)
    return "\r\n".join(out_lines) + "\r\n"


def _custom_151(n, client):
    text = ("Добрый день!\nЛицевой счёт 2406|11849302, показания 14 5|73 кВт*ч\n\nС уважением,\n" + full(151))
    p = MIMEPart(policy=POL)
    p["Content-Type"] = 'text/plain; charset=UTF-8; format=flowed'
    p["Content-Transfer-Encoding"] = "quoted-printable"
    p.set_payload(_qp_soft(text))
    return p


case(151, "qp_soft_breaks_inside_numbers", "mime", rec(S("240611849302", 14573)),
     "Quoted-printable soft line breaks fall inside the account and inside the value.", ["qp", "soft-break"],
     client="roundcube", subject="Показания", layout="custom", custom=_custom_151)

case(152, "gmail_reply_html_blockquote", "mime", rec(S("240271330958", 4977)),
     "Gmail reply: plain '>' quote and HTML gmail_quote blockquote hold last month's confirmation (4803).",
     ["quoted-confirmation", "multipart-alternative"], client="gmail", subject="Re: Показания приняты",
     in_reply_to=True,
     body="Показания за декабрь по л/с 240271330958: 4977\n\n" + attr_gmail(when(102)) + "\n\n"
          + q(confirmation("240271330958", {"t1": 4803}, when(102))))

case(153, "outlook_reply_russian_header_block", "mime", rec(S("121036627491", 8215, 3641)),
     "Outlook CP1251 reply: Russian header block (От:/Отправлено:/Кому:/Тема:) over a two-zone confirmation, no '>'.",
     ["outlook-quote", "quoted-confirmation", "two-zone", "cp1251"], client="outlook",
     subject="RE: Показания приняты", in_reply_to=True,
     body=f"День 8 215, ночь 3 641.\nЛ/с тот же — 121036627491\n\n{full(153)}\n\n________________________________\n"
          + outlook_block_ru(when(103), f"{full(153)} <{address(153, 'outlook')}>") + "\n"
          + confirmation("121036627491", {"t1": 8020, "t2": 3550}, when(103)))

case(154, "thunderbird_bottom_posting", "mime", rec(S("100355018274", 2410)),
     "Bottom-posting: the quoted confirmation (2290) first, the new text below it.",
     ["quoted-confirmation", "bottom-post"], client="thunderbird", subject="Re: Показания приняты",
     in_reply_to=True,
     body=attr_tb(when(104)) + "\n" + q(confirmation("100355018274", {"t1": 2290}, when(104)))
          + "\n\nСегодняшние показания 2 410, ЛС 100355018274\n\n-- \n" + sn(154))

case(155, "oe_html_only_koi8_base64", "mime", rec(S("240731127069", 3046)),
     "HTML-only in KOI8-R, base64.", ["html-only", "koi8-r", "base64"], client="oe", subject="Показания",
     layout="html", html_charset="koi8-r", html_cte="base64",
     html=('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">\r\n<HTML><HEAD>\r\n'
           '<META http-equiv=Content-Type content="text/html; charset=koi8-r">\r\n'
           '<META content="MSHTML 6.00.2900.5512" name=GENERATOR></HEAD>\r\n<BODY bgColor=#ffffff>\r\n'
           '<DIV><FONT face=Arial size=2>Лицевой счёт 240731127069</FONT></DIV>\r\n'
           '<DIV><FONT face=Arial size=2>показания 3 046</FONT></DIV>\r\n'
           f'<DIV><FONT face=Arial size=2>{sn(155)}</FONT></DIV></BODY></HTML>\r\n'))

case(156, "alternative_empty_plain_full_html", "mime", rec(S("121027740316", 9077)),
     "multipart/alternative whose text/plain part is empty; the text is only in the HTML part.",
     ["multipart-alternative", "empty-plain"], client="samsung", subject="Показания", body="\n",
     html_body="ЛС 121027740316 показания 9077\n\nОтправлено с устройства Galaxy")

case(157, "thebat_koi8_q_subject_latin_lookalikes", "mime", rec(S("100593318240", 6612)),
     "KOI8-R Q-encoded subject mixing Latin o/a into 'Пoкaзaния'; KOI8-R 8bit body.",
     ["koi8-r", "subject-q", "latin-lookalike"], client="thebat", subject="Пoкaзaния зa нoябрь",
     subj_cs=("koi8-r", "Q"), charset="koi8-r",
     body=f"Лиц. счет: 100593318240\nПоказания: 6612\n\n-- \nС уважением,\n {fn(157)}                          mailto:{address(157, 'thebat')}")

case(158, "thebat_cp1251_re2_quote", "mime", rec(S("241060044827", 11350)),
     "The Bat! CP1251 8bit, 'Re[2]:' prefix, 'Вы писали' quote of last month's confirmation (11102).",
     ["cp1251", "quoted-confirmation", "re-bracket"], client="thebat", subject="Re[2]: Показания приняты",
     in_reply_to=True,
     body=f"Здравствуйте, Служба.\n\nПоказания за декабрь: 11 350\nЛ/с тот же: 241060044827\n\n"
          f"Вы писали {when(108).day} {MONTHS_GEN[when(108).month - 1]} {when(108).year} г., {when(108):%H:%M:%S}:\n\n"
          + q(confirmation("241060044827", {"t1": 11102}, when(108)))
          + f"\n\n-- \nС уважением,\n {fn(158)}                          mailto:{address(158, 'thebat')}")


def _custom_159(n, client):
    p1 = text_part("Лицевой счёт 240905512876\n", "plain", "utf-8", "quoted-printable")
    img = att_part("jpeg", f"{n}-img", "IMG_2291.jpeg", inline=True)
    p2 = text_part("\nПоказания 2 033\n\nОтправлено с iPhone", "plain", "utf-8", "quoted-printable")
    return multipart("mixed", [p1, img, p2], bnd(client, n, 5))


case(159, "iphone_text_image_text", "mime", rec(S("240905512876", 2033)),
     "iPhone: account in the first text/plain part, photo, value in the second text/plain part.",
     ["attachment", "split-text-parts"], client="iphone", subject="Показания", layout="custom", custom=_custom_159)


def _inner_160():
    m = EmailMessage(policy=POL)
    m["From"] = f"{enc_header('Бондаренко Светлана', 'windows-1251')} <s.bondarenko@kraszavod.ru>"
    m["To"] = MX
    m["Subject"] = "Показания"
    m["Date"] = rfc_date(when(160) - dt.timedelta(days=2))
    m["Message-ID"] = "<000c01dc5d21$4a1b2c3d$de4f5a6b$@kraszavod.ru>"
    html = html_render("ЛС 100614470283 показания 15 221\n\nБондаренко С.М.", "outlook")
    m.set_content(html, subtype="html", charset="windows-1251", cte="quoted-printable")
    return m


case(160, "outlook_fw_as_attachment_html_inner", "mime", rec(S("100614470283", 15221)),
     "Outlook 'forward as attachment': empty outer body, the attached message/rfc822 is HTML-only CP1251.",
     ["forwarded", "rfc822-attachment", "html-only"], client="outlook", subject="FW: Показания",
     body="\n", html_body="", attach=[("rfc822", _inner_160(), "Показания.msg.eml")])


# ============================================================================= output

KIND_NAMES = {"plain": "plain successful readings", "distractor": "hard distractors",
              "reject": "rejections (incl. subject-rule ignores)", "robot": "robots / auto-replies / bounces / forwards",
              "mime": "tricky MIME"}


def fmt_tags(c):
    client = c.get("client", "raw")
    return [c["kind"]] + c["tags"] + ([f"client-{client}"] if "raw" not in c else ["raw"])


def _all_text(msg) -> str:
    import re
    out = [str(msg.get("subject", ""))]
    for part in msg.walk():
        ct = part.get_content_type()
        if ct == "message/rfc822":
            out.append(_all_text(part.get_payload()[0]))
        elif part.get_content_maintype() == "text" and ct not in ("text/rfc822-headers",):
            t = part.get_content()
            if ct == "text/html":
                t = re.sub(r"(?is)<style.*?</style>", "", t)
                t = re.sub(r"(?i)<br\s*/?>|</div>|</p>|</td>|</tr>", "\n", t)
                t = re.sub(r"<[^>]+>", "", t)
                t = H.unescape(t)
            out.append(t)
    return "\n".join(out)


def check_all() -> list[str]:
    """Re-read every written pair: JSON shape, MIME parse, subject, numbers present."""
    import email as _email
    import re
    probs = []
    for c in CASES:
        base = os.path.join(OUT, c["name"])
        doc = json.load(open(base + ".json", encoding="utf-8"))
        e = doc["expected"]
        if set(e) != {"action", "reason", "submissions"}:
            probs.append(f"{c['name']}: bad expected keys")
        ok_pair = (e["action"], e["reason"]) in {("record", None), ("reject", "no_account"), ("reject", "no_readings"),
                                                 ("reject", "ambiguous"), ("ignore", "not_readings"),
                                                 ("ignore", "auto_generated")}
        if not ok_pair or (e["action"] == "record") != bool(e["submissions"]):
            probs.append(f"{c['name']}: bad action/reason/submissions")
        for sub in e["submissions"]:
            if not (isinstance(sub["account"], str) and re.fullmatch(r"\d{12}", sub["account"])):
                probs.append(f"{c['name']}: bad account")
            if not sub["readings"] or any(k not in ("t1", "t2", "t3") or not isinstance(v, int) or isinstance(v, bool)
                                          for k, v in sub["readings"].items()):
                probs.append(f"{c['name']}: bad readings")
        raw = open(base + ".eml", "rb").read()
        for pol in (policy.compat32, policy.default):
            m = _email.message_from_bytes(raw, policy=pol)
            defects = [(p.get_content_type(), d) for p in m.walk() for d in p.defects]
            if defects:
                probs.append(f"{c['name']}: MIME defects {defects}")
        m = _email.message_from_bytes(raw, policy=policy.default)
        if "raw" not in c:
            if c.get("subject") is None and m["subject"] is not None:
                probs.append(f"{c['name']}: unexpected subject")
            if c.get("subject") is not None and str(m["subject"]) != c["subject"]:
                probs.append(f"{c['name']}: subject {m['subject']!r} != {c['subject']!r}")
        text = _all_text(m)
        flat = re.sub(r"(?<=\d)[ .\-\u2009\u00a0](?=\d)", "", text)
        for sub in e["submissions"]:
            if sub["account"] not in flat:
                probs.append(f"{c['name']}: account {sub['account']} not in text")
    return probs


def main(argv):
    import email as _email
    from collections import Counter
    names = set()
    assert len({c["n"] for c in CASES}) == len(CASES), "duplicate numbers"
    for c in CASES:
        name = f"e{c['n']:03d}_{c['slug']}"
        assert name not in names
        names.add(name)
        c["name"] = name
    if "--stats" not in argv:
        for f in os.listdir(OUT):
            if f.startswith("e") and (f.endswith(".eml") or f.endswith(".json")):
                os.remove(os.path.join(OUT, f))
        for c in CASES:
            data = render(c)
            with open(os.path.join(OUT, c["name"] + ".eml"), "wb") as fh:
                fh.write(data)
            doc = {"expected": c["exp"]}
            if c.get("also_ok"):
                doc["also_ok"] = c["also_ok"]
            doc["note"] = c["note"]
            doc["tags"] = fmt_tags(c)
            with open(os.path.join(OUT, c["name"] + ".json"), "w", encoding="utf-8") as fh:
                json.dump(doc, fh, ensure_ascii=False, indent=1)
                fh.write("\n")
    problems = check_all()
    for pr in problems:
        print("PROBLEM:", pr)
    kinds = Counter(c["kind"] for c in CASES)
    acts = Counter((c["kind"], c["exp"]["action"], c["exp"]["reason"]) for c in CASES)
    total = Counter((c["exp"]["action"], c["exp"]["reason"]) for c in CASES)
    print(f"total {len(CASES)}")
    for k in KIND_NAMES:
        print(f"  {k:<11} {kinds[k]:4d}  " + ", ".join(
            f"{a}/{r}={v}" for (kk, a, r), v in sorted(acts.items(), key=str) if kk == k))
    for (a, r), v in sorted(total.items(), key=str):
        print(f"  {a}/{r}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
