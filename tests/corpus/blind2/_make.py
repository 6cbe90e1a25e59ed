#!/usr/bin/env python3
"""Generator of the blind2 corpus for `mailreader parse` (standard library only).

Written from shared/corpus/CONTRACT.md alone. `python3 _make.py` rewrites every
cNNN_slug.eml / .json in this folder (deterministic); `--stats` prints counts;
`--check` only validates the files on disk.
"""
import json
import os
import re
import sys
from email import policy
from email.parser import BytesParser

import base64
import datetime as _dt
import hashlib
import html as _html
from email import quoprimime

CRLF = "\r\n"
TO = "energy@es.krasnoyarsk.ru"
TZ = _dt.timezone(_dt.timedelta(hours=7))

CHARSET_NAME = {"utf-8": "utf-8", "cp1251": "windows-1251", "koi8-r": "koi8-r"}
PY_CODEC = {"utf-8": "utf-8", "cp1251": "cp1251", "koi8-r": "koi8_r"}

CLIENTS = {
    "gmail": {"mid": "CA+{h}@mail.gmail.com", "hdr": [], "relay": ("mail-lj1-f171.google.com", "209.85.208.171")},
    "outlook": {"mid": "{H}@MSK-EX02.corp.local", "hdr": [("X-Mailer", "Microsoft Outlook 16.0"), ("Thread-Index", "AdtB{h8}+Kq1nZx2RUyYv3wSg=="), ("Content-Language", "ru")], "relay": ("mx1.sibtrans.ru", "91.203.4.18")},
    "iphone": {"mid": "{U}@icloud.com", "hdr": [("X-Mailer", "iPhone Mail (22B91)")], "relay": ("mail-50.icloud.com", "17.58.63.50")},
    "yandex": {"mid": "{n}1732516@mail.yandex.ru", "hdr": [("X-Mailer", "Yamail [ http://yandex.ru ] 5.0")], "relay": ("forward501b.mail.yandex.net", "178.154.239.145")},
    "mailru": {"mid": "1732{n}.{h8}@f512.i.mail.ru", "hdr": [("X-Mailer", "Mail.Ru Mailer 1.0"), ("X-Originating-Ip", "[95.188.12.40]")], "relay": ("f512.i.mail.ru", "217.69.128.5")},
    "thunderbird": {"mid": "{U}@krasmail.ru", "hdr": [("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Thunderbird/128.5.0"), ("Content-Language", "ru")], "relay": ("smtp.krasmail.ru", "80.255.134.7")},
    "android": {"mid": "{U}@android.local", "hdr": [("User-Agent", "K-9 Mail for Android")], "relay": ("smtp.rambler.ru", "81.19.78.68")},
    "bat": {"mid": "{h8}.{n}@kraslan.ru", "hdr": [("X-Mailer", "The Bat! (v10.4.1) Professional")], "relay": ("mail.kraslan.ru", "194.67.211.3")},
    "system": {"mid": "{h}@{dom}", "hdr": [], "relay": ("relay.example.net", "10.0.0.1")},
}


def _hash(s, n=32):
    return hashlib.sha256(s.encode()).hexdigest()[:n]


def fmt_date(d):
    return d.strftime("%a, %d %b %Y %H:%M:%S +0700")


def enc_words(text, charset="utf-8", mode="B"):
    """RFC 2047 encode text; returns encoded words joined by CRLF + space."""
    cs = CHARSET_NAME[charset]
    codec = PY_CODEC[charset]
    words, cur = [], ""
    prefix = "=?%s?%s?" % (cs, mode)
    limit = 75 - len(prefix) - 2

    def enc(chunk):
        b = chunk.encode(codec)
        if mode == "B":
            return base64.b64encode(b).decode()
        out = []
        for byte in b:
            c = chr(byte)
            if c == " ":
                out.append("_")
            elif c.isalnum() and byte < 128:
                out.append(c)
            elif c in "!*+-/" and byte < 128:
                out.append(c)
            else:
                out.append("=%02X" % byte)
        return "".join(out)

    for ch in text:
        if len(enc(cur + ch)) > limit:
            words.append(prefix + enc(cur) + "?=")
            cur = ch
        else:
            cur += ch
    if cur:
        words.append(prefix + enc(cur) + "?=")
    return (CRLF + " ").join(words)


def header_text(text, charset, mode):
    if text is None:
        return None
    try:
        text.encode("ascii")
        if mode != "force":
            return text
    except UnicodeEncodeError:
        pass
    return enc_words(text, charset if charset != "force" else "utf-8", mode if mode in ("B", "Q") else "B")


def addr(name, email, charset="utf-8", mode="B"):
    if not name:
        return email if email.startswith("<") else "<%s>" % email if False else email
    try:
        name.encode("ascii")
        if any(c in name for c in ',."'):
            return '"%s" <%s>' % (name, email)
        return "%s <%s>" % (name, email)
    except UnicodeEncodeError:
        return "%s <%s>" % (enc_words(name, charset, mode), email)


def encode_body(text, charset, cte):
    """text with \n line ends -> (cte header value, encoded str with CRLF)."""
    text = text.replace("\r\n", "\n").replace("\n", CRLF)
    raw = text.encode(PY_CODEC[charset])
    if cte == "8bit":
        try:
            raw.decode("ascii")
            return "7bit", raw.decode("ascii")
        except UnicodeDecodeError:
            return "8bit", raw.decode("latin-1")
    if cte == "qp":
        s = quoprimime.body_encode(raw.decode("latin-1"), maxlinelen=76, eol=CRLF)
        return "quoted-printable", s
    if cte == "base64":
        s = base64.encodebytes(raw).decode("ascii").replace("\n", CRLF)
        return "base64", s
    raise ValueError(cte)


def html_inner(text, style):
    """Plain text -> inner HTML in the style of a client; '>' runs become blockquotes."""
    blocks = []  # (quoted?, [lines])
    for ln in text.rstrip("\n").split("\n"):
        q = ln.startswith(">")
        content = (ln[2:] if ln.startswith("> ") else ln[1:]) if q else ln
        if blocks and blocks[-1][0] == q:
            blocks[-1][1].append(content)
        else:
            blocks.append((q, [content]))

    def esc(s):
        return _html.escape(s, quote=False).replace("\u00a0", "&nbsp;")

    out = []
    for q, ls in blocks:
        if q:
            if style == "outlook":
                out.append('<div style="border:none;border-left:solid #C8C8C8 1.5pt;padding:0cm 0cm 0cm 4.0pt">')
            elif style == "gmail":
                out.append('<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">')
            else:
                out.append("<blockquote>")
            out.append(html_inner("\n".join(ls), style))
            out.append("</div>" if style == "outlook" else "</blockquote>")
            continue
        for ln in ls:
            if style == "outlook":
                if ln.strip() == "":
                    out.append('<p class="MsoNormal"><o:p>&nbsp;</o:p></p>')
                else:
                    out.append('<p class="MsoNormal">%s<o:p></o:p></p>' % esc(ln))
            elif style == "yandex":
                out.append("<div>%s</div>" % (esc(ln) if ln.strip() else "&nbsp;"))
            else:
                out.append("<div>%s</div>" % (esc(ln) if ln.strip() else "<br>"))
    return "\r\n".join(out)


def wrap_html(inner, style, charset):
    if style == "outlook":
        return (
            '<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">\n'
            '<head>\n<meta http-equiv="Content-Type" content="text/html; charset=' + CHARSET_NAME[charset] + '">\n'
            '<meta name="Generator" content="Microsoft Word 15 (filtered medium)">\n'
            "<style><!--\n/* Font Definitions */\n@font-face\n\t{font-family:Calibri;}\n"
            "p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{margin:0cm;\n\tfont-size:11.0pt;\n\tfont-family:\"Calibri\",sans-serif;}\n"
            "span.EmailStyle17\n\t{mso-style-type:personal-compose;}\n@page WordSection1\n\t{size:612.0pt 792.0pt;}\n"
            "div.WordSection1\n\t{page:WordSection1;}\n--></style>\n</head>\n"
            '<body lang="RU" link="#0563C1" vlink="#954F72" style="word-wrap:break-word">\n'
            '<div class="WordSection1">\n' + inner.replace("\r\n", "\n") + "\n</div>\n</body>\n</html>\n"
        )
    if style == "yandex":
        return "<div>" + inner.replace("\r\n", "") + "</div>\n"
    if style == "mailru":
        return ('<HTML><BODY><div class="js-helper js-readmsg-msg"><div id="style_17325_BODY">'
                + inner.replace("\r\n", "") + "</div></div></BODY></HTML>\n")
    return '<div dir="ltr">' + inner.replace("\r\n", "") + "</div>\n"


JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010101004800480000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f"
    "141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080010001001011100"
    "ffc4001f0000010501010101010100000000000000000102030405060708090a0bffda0008010100003f00d2cf20ffd9"
) * 6


class Boundary:
    def __init__(self, seed):
        self.seed = seed
        self.n = 0

    def next(self, client):
        self.n += 1
        h = _hash(self.seed + str(self.n), 28)
        if client == "gmail":
            return "0000000000" + h[:18]
        if client == "outlook":
            return "----=_NextPart_000_%s_01DB3F%s" % (h[:4].upper(), h[4:12].upper())
        if client in ("iphone",):
            return "Apple-Mail-" + h[:8].upper() + "-" + h[8:12].upper()
        if client in ("yandex",):
            return "----==%s==----" % h[:20]
        return "----" + h


def build_part(ctype, text, charset, cte, extra_params=""):
    cte_name, payload = encode_body(text, charset, cte)
    hdr = ["Content-Type: %s; charset=\"%s\"%s" % (ctype, CHARSET_NAME[charset], extra_params),
           "Content-Transfer-Encoding: %s" % cte_name]
    return hdr, payload


def join_multipart(ctype_line, boundary, parts, preamble=None):
    out = []
    if preamble:
        out.append(preamble + CRLF)
    for hdr, payload in parts:
        out.append("--" + boundary + CRLF)
        out.append(CRLF.join(hdr) + CRLF + CRLF)
        out.append(payload if payload.endswith(CRLF) else payload + CRLF)
    out.append("--" + boundary + "--" + CRLF)
    return ctype_line, "".join(out)


DEFAULT_STYLE = {"gmail": "gmail", "outlook": "outlook", "yandex": "yandex", "mailru": "mailru"}


def build_message(c, idx):
    """c: case dict. Returns raw bytes (CRLF)."""
    client = c.get("client", "gmail")
    cl = CLIENTS[client]
    charset = c.get("charset", "utf-8")
    cte = c.get("cte", "8bit")
    struct = c.get("struct", "plain")
    style = c.get("html_style", DEFAULT_STYLE.get(client, "gmail"))
    seed = c["slug"]
    h = _hash(seed)
    name, email = c["from_"]
    date = c["date"]
    bnd = Boundary(seed)
    smode = c.get("subj_enc", "B")
    dom = email.split("@")[-1]

    hdrs = []
    rp = c.get("return_path", "<%s>" % email)
    hdrs.append(("Return-Path", rp))
    relay_host, relay_ip = cl["relay"]
    if client == "system":
        relay_host = dom if dom.startswith("mx.") else "mx." + dom
    hdrs.append(("Received", "from %s (%s [%s])" % (relay_host, relay_host, relay_ip) + CRLF +
                 "\tby mx.es.krasnoyarsk.ru (Postfix) with ESMTPS id %s" % h[:11].upper() + CRLF +
                 "\tfor <%s>; %s" % (c.get("to", TO), fmt_date(date + _dt.timedelta(seconds=7)))))
    for k, v in c.get("headers_top", []):
        hdrs.append((k, v))
    hdrs.append(("Date", fmt_date(date)))
    hdrs.append(("From", addr(name, email, c.get("from_charset", "utf-8"), c.get("from_enc", "B"))))
    hdrs.append(("To", c.get("to", TO)))
    if c.get("subject") is not None:
        subj = c["subject"]
        if smode in ("B", "Q"):
            try:
                subj.encode("ascii")
                sv = subj
            except UnicodeEncodeError:
                sv = enc_words(subj, c.get("subj_charset", charset), smode)
        else:
            sv = subj
        hdrs.append(("Subject", sv))
    mid = cl["mid"].format(h=h[:24], H=h[:32].upper(), h8=h[:8], U="%s-%s-%s-%s-%s" % (h[:8].upper(), h[8:12].upper(), h[12:16].upper(), h[16:20].upper(), h[20:32].upper()), n=str(idx).zfill(3), dom=dom)
    hdrs.append(("Message-ID", "<%s>" % mid))
    if c.get("in_reply_to"):
        hdrs.append(("In-Reply-To", "<%s>" % c["in_reply_to"]))
        hdrs.append(("References", "<%s>" % c["in_reply_to"]))
    for k, v in cl["hdr"]:
        hdrs.append((k, v.format(h8=h[:8])))
    for k, v in c.get("headers", []):
        hdrs.append((k, v))
    hdrs.append(("MIME-Version", "1.0"))

    body = c.get("body", "")
    html_src = c.get("html")

    def html_part():
        inner = html_src if html_src is not None else html_inner(body, style)
        return build_part("text/html", wrap_html(inner, style, charset), charset, c.get("html_cte", cte))

    def text_part():
        return build_part("text/plain", body, charset, cte, c.get("ct_params", ""))

    def alt_part():
        b = bnd.next(client)
        return join_multipart('multipart/alternative; boundary="%s"' % b, b, [text_part(), html_part()])

    if struct == "plain":
        ph, payload = text_part()
    elif struct == "html":
        ph, payload = html_part()
    elif struct == "alt":
        ct, payload = alt_part()
        ph = ["Content-Type: " + ct]
    elif struct in ("attach", "rfc822"):
        b = bnd.next(client)
        if c.get("attach_alt"):
            act, apl = alt_part()
            first = (["Content-Type: " + act], apl)
        else:
            first = text_part()
        parts = [first]
        if struct == "attach":
            fname = c.get("attach_name", "IMG_%s.jpg" % date.strftime("%Y%m%d_%H%M%S"))
            parts.append(([
                'Content-Type: image/jpeg; name="%s"' % fname,
                'Content-Disposition: attachment; filename="%s"' % fname,
                "Content-Transfer-Encoding: base64"],
                base64.encodebytes(JPEG).decode().replace("\n", CRLF)))
        else:
            inner = dict(c["fwd"])
            inner.setdefault("slug", seed + "-inner")
            inner.setdefault("client", "yandex")
            inner.setdefault("struct", "plain")
            raw = build_message(inner, idx).decode("latin-1")
            parts.append((['Content-Type: message/rfc822; name="%s"' % c.get("fwd_name", "message.eml"),
                           'Content-Disposition: attachment; filename="%s"' % c.get("fwd_name", "message.eml"),
                           "Content-Transfer-Encoding: 8bit"], raw))
        ct, payload = join_multipart('multipart/mixed; boundary="%s"' % b, b, parts)
        ph = ["Content-Type: " + ct]
    elif struct == "report":
        b = bnd.next(client)
        rtype = c["report_type"]
        human = build_part("text/plain", body, charset, cte)
        mach_type = {"delivery-status": "message/delivery-status",
                     "disposition-notification": "message/disposition-notification",
                     "feedback-report": "message/feedback-report"}[rtype]
        mach = (["Content-Type: " + mach_type], c["report_machine"].replace("\n", CRLF))
        parts = [human, mach]
        if c.get("fwd"):
            inner = dict(c["fwd"])
            inner.setdefault("slug", seed + "-inner")
            raw = build_message(inner, idx).decode("latin-1")
            if c.get("report_headers_only"):
                raw = raw.split(CRLF + CRLF, 1)[0] + CRLF
                parts.append((["Content-Type: text/rfc822-headers"], raw))
            else:
                parts.append((["Content-Type: message/rfc822", "Content-Transfer-Encoding: 8bit"], raw))
        ct, payload = join_multipart('multipart/report; report-type=%s;%s\tboundary="%s"' % (rtype, CRLF, b), b, parts,
                                     preamble="This is a MIME-encapsulated message.")
        ph = ["Content-Type: " + ct]
    else:
        raise ValueError(struct)

    out = []
    for k, v in hdrs:
        out.append("%s: %s" % (k, v))
    out.extend(ph)
    head = CRLF.join(out) + CRLF + CRLF
    return (head + payload).encode("latin-1") if _is_latin(head + payload) else None


def _is_latin(s):
    try:
        s.encode("latin-1")
        return True
    except UnicodeEncodeError:
        raise ValueError("non-latin-1 char in raw message: %r" % [ch for ch in s if ord(ch) > 255][:5])


# ---------------------------------------------------------------- helpers
def D(y, m, d, hh, mm):
    return _dt.datetime(y, m, d, hh, mm, 0, tzinfo=TZ)


def rec(*subs):
    out = []
    for s in subs:
        acc, vals = s[0], s[1:]
        out.append({"account": acc, "readings": {k: v for k, v in zip(("t1", "t2", "t3"), vals)}})
    return {"action": "record", "reason": None, "submissions": out}


def rej(reason):
    return {"action": "reject", "reason": reason, "submissions": []}


def ign(reason):
    return {"action": "ignore", "reason": reason, "submissions": []}


PEOPLE = [
    ("Кузнецова Людмила", "l.kuznetsova61@mail.ru"), ("Артём Бондаренко", "artbond@yandex.ru"),
    ("Галина Сергеевна", "galina.s.krsk@mail.ru"), ("Vladimir Tkachenko", "v.tkachenko@gmail.com"),
    ("Елена Малышева", "malysheva_e@bk.ru"), ("Игорь Никифоров", "nikiforov.igor@krasmail.ru"),
    ("Светлана Орлова", "orlova.sv@yandex.ru"), ("Дмитрий", "dima.krsk24@gmail.com"),
    ("Наталья Воробьёва", "vorobieva.n@list.ru"), ("Пётр Иванович Лосев", "losev.pi@rambler.ru"),
    ("Анна Киселёва", "kiseleva.anya@icloud.com"), ("Руслан Ахмедов", "r.akhmedov@kraslan.ru"),
    ("Ольга Тимофеева", "timofeeva.olga@sibtrans.ru"), ("Юрий Белов", "belov1949@mail.ru"),
    ("Ксения", "ksu.m@inbox.ru"), ("Сергей Павлович", "s.pavlovich@kraslan.ru"),
    ("Марина Шестакова", "shestakova.m@gmail.com"), ("Тимур Галиев", "t.galiev@yandex.ru"),
    ("Валентина Егоровна", "v.egorovna@mail.ru"), ("Алексей Рыбин", "rybin.a@krasmail.ru"),
]
CLIENT_DOMAINS = {"gmail": ("gmail.com",), "iphone": ("icloud.com", "mail.ru", "yandex.ru"), "yandex": ("yandex.ru", "ya.ru"),
                  "mailru": ("mail.ru", "bk.ru", "list.ru", "inbox.ru"), "outlook": ("sibtrans.ru", "kraslan.ru"),
                  "thunderbird": ("krasmail.ru",), "android": ("rambler.ru", "gmail.com"), "bat": ("kraslan.ru",)}


CLIENT_DEFAULTS = {
    "gmail": {"cte": "base64", "html_cte": "qp", "subj_enc": "B"},
    "outlook": {"cte": "qp", "subj_enc": "B"},
    "mailru": {"cte": "base64", "subj_enc": "B"},
    "yandex": {"cte": "8bit", "subj_enc": "B"},
    "iphone": {"cte": "qp", "subj_enc": "Q"},
    "thunderbird": {"cte": "8bit", "subj_enc": "B"},
    "android": {"cte": "8bit", "subj_enc": "Q"},
    "bat": {"cte": "qp", "subj_enc": "Q"},
    "system": {"cte": "8bit", "subj_enc": "B"},
}


def default_from(i, client):
    name, email = PEOPLE[i % len(PEOPLE)]
    doms = CLIENT_DOMAINS.get(client)
    if doms:
        email = email.split("@")[0] + "@" + doms[i % len(doms)]
    return name, email
# ---------------------------------------------------------------- record
R = []
def add(lst, slug, subject, body, exp, tags, note, **kw):
    lst.append(dict(slug=slug, subject=subject, body=body, exp=exp, tags=tags, note=note, **kw))

add(R, "sms_star_iphone", "Показания", "240017350912*04417\n",
    rec(("240017350912", 4417)), ["single-rate", "sms-format", "leading-zero"],
    "Bare ACCOUNT*VALUE line from a phone; leading zero dropped.",
    client="iphone", subj_enc="Q")
add(R, "grandson_for_grandmother", "показания за ноябрь",
    "Здравствуйте!\nПишу за бабушку, она сама с почтой не умеет. Корнилова Валентина Петровна, ул. Взлётная, д. 7, кв. 112.\n"
    "Лицевой счёт 241003386154\nСвет: 18 236\nБабушка просит ответить, что всё дошло. Спасибо!\nДенис\n",
    rec(("241003386154", 18236)), ["single-rate", "address", "thousands-space", "hard-distractor"],
    "Grandson writes for a pensioner; house 7 and flat 112 are not values; value labelled 'Свет'.",
    client="mailru", struct="alt")
add(R, "runon_date_time_vrode", "Передача показаний",
    "добрый день передаю показания по лиц.счёту 240309917265 сегодня 20 ноября в 9:40 посмотрела на счётчик там 07342 вроде бы всё правильно переписала спасибо\n",
    rec(("240309917265", 7342)), ["single-rate", "runon", "date", "time", "typo-label", "leading-zero", "hard-distractor"],
    "One run-on sentence with a date and a time next to the value.",
    client="android", cte="qp")
add(R, "ls_dot_typo_yandex", "Показания", "л.с 242108840337\nпоказ. 5561\n\nС уважением, Олег\n",
    rec(("242108840337", 5561)), ["single-rate", "typo-label"], "Abbreviated labels 'л.с' and 'показ.'.",
    client="yandex", struct="html")
add(R, "ls_numsign_glued_cp1251", "ПОКАЗАНИЯ", "ЛС№243500128804 - 12904 квт\n",
    rec(("243500128804", 12904)), ["single-rate", "typo-label", "glued"], "'ЛС№' glued to the account; caps subject.",
    client="bat", charset="cp1251", cte="qp")
add(R, "account_groups_of_four_koi8", "Показания электроэнергии",
    "Добрый вечер.\nЛицевой: 2401 7735 0046\nЭлектроэнергия: 3 118\n\nВ. Игнатьев\n",
    rec(("240177350046", 3118)), ["single-rate", "account-grouping-space", "thousands-space"],
    "Account in groups of four; value with a thousands space.",
    client="thunderbird", charset="koi8-r", cte="base64")
add(R, "account_dashes_decimal", "Показания счётчика", "л/с 240-155-903-781, показания 26714,3 кВт*ч\n",
    rec(("240155903781", 26714)), ["single-rate", "account-grouping-dash", "decimal"],
    "Account grouped with dashes; decimal part after a comma dropped.", client="gmail", struct="alt")
add(R, "account_dots_flat_in_subject", "Показания по кв. 31",
    "Добрый день.\nЛ/С 241.200.667.093\nПоказание 9981.07\n\nС уважением,\nАлександра Мельник\n",
    rec(("241200667093", 9981)), ["single-rate", "account-grouping-dot", "decimal", "subject-number", "hard-distractor"],
    "Account grouped by dots; '.07' is a decimal part (two digits); flat number 31 in the subject is not a value.",
    client="outlook", struct="alt")
add(R, "thousands_dot", "показания", "лицевой счет 240 588 104 226 текущие показания 15.208\n",
    rec(("240588104226", 15208)), ["single-rate", "thousands-dot", "account-grouping-space"],
    "Dot followed by exactly three digits groups thousands.", client="mailru", cte="base64")
add(R, "red_window_last_digit", "Показания эл.энергии",
    "Здравствуйте! Лицевой счёт № 240771230458.\nПереписал все цифры со счётчика: 045217, последняя цифра в красном окошке.\n",
    rec(("240771230458", 4521)), ["single-rate", "red-window", "leading-zero"],
    "All drums copied, the last one red: it is dropped.", client="gmail", struct="alt")
add(R, "value_in_words", "Показания",
    "Лицевой 242300715586, показания: семь тысяч восемьсот сорок три\n\nОтправлено с iPhone\n",
    rec(("242300715586", 7843)), ["single-rate", "words"], "Value written in Russian words.", client="iphone")
add(R, "correction_vernee", "Показания",
    "ЛС 240416628075. Показания 6120, вернее 6210, перепутала цифры.\n",
    rec(("240416628075", 6210)), ["single-rate", "correction"], "'вернее' replaces the first value.",
    client="yandex", struct="alt")
add(R, "correction_twice", "показания счетчика",
    "Счет 241905532710\nПоказания 11 540\nой нет, ошибся, 11 450\nточнее 11 459, извините, очки не те надел\n",
    rec(("241905532710", 11459)), ["single-rate", "correction", "correction-twice"],
    "Corrects himself twice; the last correction wins.", client="android")
add(R, "bylo_stalo_consumption_year_subject", "Показания за ноябрь 2026",
    "Л/с 240626014493\nБыло: 8 802\nСтало: 8 977\nИзрасходовано 175 кВт\n",
    rec(("240626014493", 8977)), ["single-rate", "before-after", "consumption", "subject-number", "hard-distractor"],
    "Было/Стало gives the current value; consumption and the year in the subject are not values.",
    client="bat", charset="cp1251", cte="qp")
add(R, "account_in_subject", "Показания л/с 243011876520", "Добрый день, на счётчике сегодня 4470.\n",
    rec(("243011876520", 4470)), ["single-rate", "account-in-subject"], "Account only in the subject.",
    client="gmail", struct="alt")
add(R, "all_in_subject_empty_body", "Показания 240993118457*21406",
    "\n-- \nОтправлено из мобильной Почты Mail.ru\n",
    rec(("240993118457", 21406)), ["single-rate", "sms-format", "account-in-subject", "value-in-subject", "empty-body"],
    "Everything in the subject, body is only the client's signature.", client="mailru")
add(R, "outlook_legal_footer", "Показания",
    "Добрый день!\n\nПередаю показания прибора учёта по квартире.\nЛ/с 241570092318\nПоказания: 31 007 кВт*ч\n\n"
    "С уважением,\nЛаврентьева Ольга Игоревна\nГлавный бухгалтер\nООО «СибТрансЛогистик»\nТел.: +7 (391) 228-41-90, доб. 315\n"
    "Моб.: 8-902-917-33-08\nИНН 2465123456 / КПП 246501001 / ОГРН 1152468012345\n660049, г. Красноярск, пр. Мира, д. 10, оф. 604\n"
    "www.sibtranslog.ru\n\nВНИМАНИЕ: информация, содержащаяся в данном сообщении и любых приложениях к нему, является "
    "конфиденциальной и предназначена исключительно для адресата. Если вы получили это сообщение по ошибке, сообщите "
    "отправителю и удалите его. Согласно политике № 17 от 01.03.2024 переписка хранится 1095 дней.\n",
    rec(("241570092318", 31007)), ["single-rate", "signature", "legal-footer", "phone", "inn", "postcode", "hard-distractor"],
    "Work Outlook with a phone-laden signature and a legal footer full of numbers.", client="outlook", struct="alt")
add(R, "reply_to_confirmation", "Re: Показания приняты",
    "Декабрь: 240812200374 — 5 902\n\n25.11.2026 09:12, Энергосбыт пишет:\n> Здравствуйте!\n> Показания приняты.\n"
    "> Лицевой счёт: 240812200374\n> Показание (Т1): 5 611 кВт·ч, дата приёма 25.11.2026.\n> Это письмо сформировано автоматически.\n",
    rec(("240812200374", 5902)), ["single-rate", "quoted-reply", "quoted-confirmation"],
    "Reply to last month's confirmation; the old value in the quote does not count.",
    client="thunderbird", date=D(2026, 12, 21, 19, 4), in_reply_to="conf-240812200374-202611@es.krasnoyarsk.ru")
add(R, "reply_to_own_previous", "Re: Показания",
    "лс 242004571836 показания 10377\n\nвт, 27 окт. 2026 г. в 11:02, Мария Гончаренко <goncharenko.m@gmail.com>:\n"
    "> лс 242004571836 показания 10102\n>\n",
    rec(("242004571836", 10377)), ["single-rate", "quoted-reply"],
    "Replies to her own October mail; the quoted value does not count.", client="gmail", struct="alt",
    from_=("Мария Гончаренко", "goncharenko.m@gmail.com"))
add(R, "photo_plus_typed", "Показания",
    "Показания на фото, продублирую: л/с 240350778129 — 2 817\n\nОтправлено с iPhone\n",
    rec(("240350778129", 2817)), ["single-rate", "photo"], "Photo attached and the data typed as well.",
    client="iphone", struct="attach", subj_enc="Q")
add(R, "koi8_base64_leading_zeros", "Показания счетчика", "Лицевой счет: 241288450617\nПоказания счетчика: 00918\n",
    rec(("241288450617", 918)), ["single-rate", "leading-zero"], "KOI8-R base64; leading zeros dropped.",
    client="thunderbird", charset="koi8-r", cte="base64")
add(R, "cp1251_date_next_to_value", "показания",
    "Добрый вечер. Лиц. счет 240 044 918 372. Показания эл. счетчика на 20.11.2026 - 16 033 кВт.\n",
    rec(("240044918372", 16033)), ["single-rate", "date", "thousands-space", "hard-distractor"],
    "A date right before the value.", client="bat", charset="cp1251", cte="qp", subj_enc="Q")
add(R, "meter_model_and_serial", "Показания",
    "Счетчик Меркурий 201.8, заводской № 36512874\nЛ/С 243317605928\nпоказ 7 016\n",
    rec(("243317605928", 7016)), ["single-rate", "serial-number", "hard-distractor"],
    "Meter model '201.8' and serial are not values.", client="yandex", struct="alt")
add(R, "serial_twelve_digits", "Показания",
    "Счётчик № 009214736518, лицевой счёт 240588301177, показания 4 093.\n",
    rec(("240588301177", 4093)), ["single-rate", "serial-number", "twelve-digit-distractor", "hard-distractor"],
    "A 12-digit meter serial labelled 'Счётчик №' stands before the real account.", client="mailru", struct="alt")
add(R, "phones_two_formats", "Показания",
    "л/с 241677320045, показания 12 870.\nЕсли что звоните 8 (913) 534-22-71 или +7 391 205 11 83, после 18:00.\n",
    rec(("241677320045", 12870)), ["single-rate", "phone", "time", "hard-distractor"],
    "Two phones in different formats and a time.", client="android")
add(R, "paid_operation_number", "Показания",
    "Добрый день! Оплатила сегодня 1 842,50 руб., номер операции 300012447856.\nЛицевой счёт 240155004321, показания 9 407.\n",
    rec(("240155004321", 9407)), ["single-rate", "amount", "operation-number", "twelve-digit-distractor", "hard-distractor"],
    "A 12-digit operation number and a sum of money before the account.", client="gmail", struct="alt")
add(R, "tariff_complaint", "Показания и вопрос по тарифу",
    "Добрый день.\nЛС 242731009514\nПоказания 23 118\nПочему тариф 3,04 руб/кВт, если в прошлом месяце было 2,87? К оплате 612 руб., это много.\n",
    rec(("242731009514", 23118)), ["single-rate", "tariff", "amount", "hard-distractor"],
    "Tariffs and the amount due are not values.", client="outlook", struct="html")
add(R, "landlord_three_flats", "Показания по трём квартирам",
    "Добрый день, я собственник трёх квартир, передаю показания:\n\n"
    "кв. 14 (ул. Партизана Железняка, 18) — л/с 240455102738 — 3 512\n"
    "кв. 87 (ул. Партизана Железняка, 18) — л/с 240455102811 — 11 094\n"
    "кв. 5 (ул. Ладо Кецховели, 22а) — л/с 241120637460 — 702\n\n"
    "Рябов Константин Андреевич\n+7 902 940-11-25\n",
    rec(("240455102738", 3512), ("240455102811", 11094), ("241120637460", 702)),
    ["single-rate", "multi-account", "address", "phone", "hard-distractor"],
    "Landlord with three flats; flat and house numbers on each line.", client="outlook", struct="alt")
add(R, "flat_and_dacha", "Показания",
    "Квартира: 240901556732 — 6 305\nДача (СНТ «Рассвет», участок 118): 243840017209 — 1 377\n",
    rec(("240901556732", 6305), ("243840017209", 1377)), ["single-rate", "multi-account", "address"],
    "Flat and dacha; plot number 118 is not a value.", client="yandex", struct="html")
add(R, "two_sms_lines", "Показания", "240017735501*3318\n241004426983*9120\n",
    rec(("240017735501", 3318), ("241004426983", 9120)), ["single-rate", "multi-account", "sms-format"],
    "Two ACCOUNT*VALUE lines.", client="iphone")
add(R, "garage_later", "Показания",
    "Квартира, л/с 242011574630: 8 744.\nПо гаражу (л/с 242011574711) передам позже, не доехал ещё.\n",
    rec(("242011574630", 8744)), ["single-rate", "multi-account", "account-without-value"],
    "Second account plainly without a value is left out.", client="gmail", struct="alt")
add(R, "old_closed_account", "Показания",
    "Новый лицевой 240700318842 (старый 240700100557 закрыли после переоформления на меня), показания 2 205.\n",
    rec(("240700318842", 2205)), ["single-rate", "multi-account", "closed-account", "hard-distractor"],
    "Old closed account named beside the current one.", client="thunderbird", charset="cp1251")
add(R, "thin_space_thousands", "Показания", "л/с 241540082916\nпоказания: 12\u2009608\n",
    rec(("241540082916", 12608)), ["single-rate", "thin-space"], "Thin space groups thousands.", client="iphone")
add(R, "latin_lookalikes", "Пoкaзaния", "Лицeвoй cчeт 240233907158\nПoкaзaния 4027\n",
    rec(("240233907158", 4027)), ["single-rate", "latin-lookalike"],
    "Latin o/a/e/c mixed into the subject and the labels.", client="android")
# two-zone
add(R, "two_zone_words", "Показания (двухтарифный)", "Л/с 241800452097\nДень 12 450\nНочь 5 118\n",
    rec(("241800452097", 12450, 5118)), ["two-zone"], "Plain day/night.", client="gmail", struct="alt")
add(R, "two_zone_glued_latin_T", "Показания", "ЛС 240367710824 T1:8815T2:3307\n",
    rec(("240367710824", 8815, 3307)), ["two-zone", "glued", "latin-label"], "Glued Latin T1/T2 labels.", client="android")
add(R, "two_zone_emoji", "Показания", "☀️ 7 204\n🌙 2 961\nл/с 243006187350\n",
    rec(("243006187350", 7204, 2961)), ["two-zone", "emoji"], "Sun/moon emoji labels, account last.", client="iphone")
add(R, "two_zone_dt_nt", "Показания", "л.сч. 240581263097; Д/Т - 9 713; Н/Т - 4 020\n",
    rec(("240581263097", 9713, 4020)), ["two-zone", "abbreviation"], "Д/Т and Н/Т abbreviations.",
    client="bat", charset="cp1251", cte="qp")
add(R, "two_zone_sms", "Показания", "240446120583*10345*4411\n",
    rec(("240446120583", 10345, 4411)), ["two-zone", "sms-format"], "ACCOUNT*V1*V2.", client="mailru")
add(R, "two_zone_table", "Показания",
    "Добрый день! Показания в таблице:\n\nЛицевой счёт\tЗона\tПоказания\n242560118374\tдень\t14 906\n\tночь\t6 233\n\nСпасибо.\n",
    rec(("242560118374", 14906, 6233)), ["two-zone", "table"], "Values in a table (HTML table and tab-separated text).",
    client="outlook", struct="alt",
    html='<p class="MsoNormal">Добрый день! Показания в таблице:<o:p></o:p></p>\n'
         '<table class="MsoTableGrid" border="1" cellspacing="0" cellpadding="0">\n'
         '<tr><td><p class="MsoNormal">Лицевой счёт</p></td><td><p class="MsoNormal">Зона</p></td><td><p class="MsoNormal">Показания</p></td></tr>\n'
         '<tr><td rowspan="2"><p class="MsoNormal">242560118374</p></td><td><p class="MsoNormal">день</p></td><td><p class="MsoNormal">14 906</p></td></tr>\n'
         '<tr><td><p class="MsoNormal">ночь</p></td><td><p class="MsoNormal">6 233</p></td></tr>\n'
         '</table>\n<p class="MsoNormal">Спасибо.<o:p></o:p></p>')
add(R, "two_zone_bullets_decimals", "Показания",
    "Передаю показания:\n• лицевой счет — 240129904416\n• дневные — 5 567,2\n• ночные — 2 118,9\n",
    rec(("240129904416", 5567, 2118)), ["two-zone", "bullets", "decimal"], "Bulleted list with decimals.",
    client="yandex", struct="html")
add(R, "two_zone_english", "Показания / meter readings",
    "Hello, sorry I write in English, my Russian keyboard is broken.\nAccount 240774431605\nday 6610\nnight 2875\nThanks, Mark\n",
    rec(("240774431605", 6610, 2875)), ["two-zone", "english"], "English labels.", client="gmail", struct="alt")
add(R, "two_zone_night_first", "Показания", "ночь — 3 090, день — 7 415, лицевой 240218856301\n",
    rec(("240218856301", 7415, 3090)), ["two-zone"], "Night written before day.", client="mailru", struct="alt")
add(R, "two_zone_zone_hours", "Показания",
    "Л/С 243172004658\nДень (7:00–23:00): 9 884\nНочь (23:00–7:00): 4 102\n",
    rec(("243172004658", 9884, 4102)), ["two-zone", "zone-hours", "time", "hard-distractor"],
    "Zone hours next to the labels.", client="outlook", struct="alt")
add(R, "two_zone_with_sum", "Показания", "л/с 240690337715\nТ1 — 18 205\nТ2 — 7 930\nСумма — 26 135\n",
    rec(("240690337715", 18205, 7930)), ["two-zone", "total-register", "hard-distractor"],
    "Total register beside the zones is not recorded.", client="android")
add(R, "two_zone_consumption", "Показания",
    "Лицевой счёт 241409227586. Показания: день 11 372, ночь 4 860. За месяц израсходовали 318 кВт·ч (день 240, ночь 78).\n",
    rec(("241409227586", 11372, 4860)), ["two-zone", "consumption", "hard-distractor"],
    "Consumption per zone after the readings, with the same labels.", client="gmail", struct="alt")
add(R, "two_zone_prev_current", "Показания",
    "л/с 240835670219\nпрошлые: день 5 120, ночь 2 004\nтекущие: день 5 388, ночь 2 101\n",
    rec(("240835670219", 5388, 2101)), ["two-zone", "before-after"], "прошлые/текущие layout.", client="yandex", struct="alt")
# three-zone
add(R, "three_zone_words", "Показания (трёхтарифный счётчик)", "Л/с 242905114870\nПик — 4 512\nНочь — 3 077\nПолупик — 8 290\n",
    rec(("242905114870", 4512, 3077, 8290)), ["three-zone"], "Peak/night/semi-peak.", client="outlook", struct="alt")
add(R, "three_zone_sms", "Показания", "241906338012*2841*1903*5127\n",
    rec(("241906338012", 2841, 1903, 5127)), ["three-zone", "sms-format"], "ACCOUNT*V1*V2*V3.", client="iphone")
add(R, "three_zone_letters", "Показания", "ЛС 240502196634: П 1 950, ПП 3 412, Н 1 288\n",
    rec(("240502196634", 1950, 1288, 3412)), ["three-zone", "abbreviation"], "П/ПП/Н letters.",
    client="bat", charset="cp1251", cte="qp")
add(R, "three_zone_hours", "Показания",
    "пик (7-10, 17-21) — 2 206\nполупик (10-17, 21-23) — 4 018\nночь (23-7) — 1 733\nл.с. 243377812505\n",
    rec(("243377812505", 2206, 1733, 4018)), ["three-zone", "zone-hours", "hard-distractor"],
    "Zone hours in brackets beside each label.", client="thunderbird")
add(R, "three_zone_english", "Показания",
    "peak 3 104 / semi-peak 5 660 / night 2 008, acc. 240127730198\n",
    rec(("240127730198", 3104, 2008, 5660)), ["three-zone", "english"], "English three-zone labels.", client="gmail", struct="alt")
add(R, "three_zone_full_words_koi8", "Показания",
    "лиц.счёт 240606773181\nпиковая зона 3 318\nполупиковая 6 002\nночная 2 440\n",
    rec(("240606773181", 3318, 2440, 6002)), ["three-zone", "typo-label"], "Adjective labels.",
    client="thunderbird", charset="koi8-r", cte="base64")
add(R, "three_zone_with_total", "Показания",
    "Лицевой счёт 241777208354\nПик 1 720\nПолупик 3 905\nНочь 1 130\nВсего 6 755\n",
    rec(("241777208354", 1720, 1130, 3905)), ["three-zone", "total-register", "hard-distractor"],
    "'Всего' is the total register, not a zone.", client="mailru", struct="alt")
# forwarded, signature, misc
add(R, "forwarded_inline_yandex", "Fwd: Показания",
    "Повторно отправляю, в прошлый раз ответа не было.\n\n-------- Пересылаемое сообщение --------\n"
    "18.11.2026, 21:14, \"Сидоренко Н.В.\" <sidorenko.nv@yandex.ru>:\n\nТема: Показания\n\nл/с 240390075146, показания 6 602\n\n"
    "-------- Конец пересылаемого сообщения --------\n",
    rec(("240390075146", 6602)), ["single-rate", "forwarded", "date", "time"],
    "Own text has no numbers; the forwarded block counts.", client="yandex",
    from_=("Сидоренко Наталья", "sidorenko.nv@yandex.ru"))
add(R, "forwarded_rfc822_mother", "Fwd: Показания",
    "Пересылаю показания мамы, она не смогла отправить сама — письмо вернулось.\n",
    rec(("242251906338", 13770)), ["single-rate", "forwarded", "message-rfc822"],
    "Forwarded message attached as message/rfc822.", client="gmail", struct="rfc822", fwd_name="pokazaniya.eml",
    fwd=dict(subject="Показания", body="ЛС 242251906338 — 13 770\n", from_=("Тамара Ефимова", "efimova.t1957@yandex.ru"),
             date=D(2026, 11, 19, 18, 30), client="yandex", to="energy@es.krasnoyarsk.ru"))
add(R, "forwarded_gmail_for_wife", "Fwd: показания",
    "Отправляю за жену.\n\n---------- Forwarded message ---------\nОт: Ольга Шевчук <o.shevchuk84@mail.ru>\n"
    "Date: пт, 20 нояб. 2026 г. в 19:41\nSubject: показания\nTo: Андрей Шевчук <a.shevchuk@gmail.com>\n\n\n"
    "Лицевой 241002771450\nдень 4 305\nночь 1 688\n",
    rec(("241002771450", 4305, 1688)), ["two-zone", "forwarded"], "Gmail inline forward, own note without numbers.",
    client="gmail", struct="alt", from_=("Андрей Шевчук", "a.shevchuk@gmail.com"))
add(R, "forwarded_outlook_original", "Пересл: Показания",
    "\n-----Original Message-----\nFrom: Зуев Павел <p.zuev@kraslan.ru>\nSent: Monday, November 23, 2026 8:17 AM\n"
    "To: Зуева Анна <zueva.anna@sibtrans.ru>\nSubject: Показания\n\nЛС 240147725068 показания 9 032\n",
    rec(("240147725068", 9032)), ["single-rate", "forwarded"], "Forward with no own text at all.",
    client="outlook", struct="alt")
add(R, "signature_account_dashdash", "Показания за ноябрь",
    "Показания за ноябрь: 3 961\n\n-- \nГрищенко А.В., л/с 240672218834\nтел. 8-923-355-10-47\n",
    rec(("240672218834", 3961)), ["single-rate", "signature-account", "phone", "hard-distractor"],
    "Labelled account only in the signature counts; the phone there does not.", client="mailru", struct="alt")
add(R, "signature_account_outlook", "Показания",
    "Добрый день!\nСчётчик: 15 442\n\nС уважением,\nПетров Дмитрий Сергеевич\nЛицевой счёт: 243058867120\nМоб.: +7 913 040-55-12\n",
    rec(("243058867120", 15442)), ["single-rate", "signature-account", "phone"],
    "Account in an Outlook signature block, no other account.", client="outlook", struct="alt")
add(R, "two_zone_in_words", "Показания",
    "ЛС 240804412579. День — три тысячи двести сорок, ночь — тысяча сто пять.\n",
    rec(("240804412579", 3240, 1105)), ["two-zone", "words"], "Both zones in words.", client="gmail", struct="alt")
add(R, "approximately_vrode", "Показания",
    "Лицевой 242200385046. Вроде 8 612, плохо видно, примерно так.\n",
    rec(("242200385046", 8612)), ["single-rate", "approximate"], "Hedging words around a single value.", client="iphone")
add(R, "pensioner_caps_runon", "ПОКАЗАНИЯ СЧЁТЧИКА",
    "ЗДРАВСТВУЙТЕ ПЕРЕДАЮ ПОКАЗАНИЯ СЧЁТЧИКА ЛИЦЕВОЙ СЧЁТ 240 915 336 207 ПОКАЗАНИЯ 4 318 СПАСИБО ДАЙ БОГ ЗДОРОВЬЯ\n",
    rec(("240915336207", 4318)), ["single-rate", "caps", "runon", "account-grouping-space"],
    "All caps, no punctuation.", client="yandex", struct="html")
add(R, "yandex_html_nbsp", "Показания", "Лицевой счет 240460127795\nПоказания 19\u00a0804\n",
    rec(("240460127795", 19804)), ["single-rate", "nbsp"], "&nbsp; groups thousands in HTML.", client="yandex", struct="html")
add(R, "outlook_html_reply_quote", "RE: Показания приняты",
    "Добрый день, показания за декабрь: 7 118.\nЛ/с тот же — 241250993364.\n\n________________________________\n"
    "От: Энергосбыт <energy@es.krasnoyarsk.ru>\nОтправлено: 24 ноября 2026 г. 9:15\nКому: Соколова Ирина <i.sokolova@sibtrans.ru>\n"
    "Тема: Показания приняты\n\nЗдравствуйте! Показания по лицевому счёту 241250993364 приняты: 6 870 кВт·ч.\n",
    rec(("241250993364", 7118)), ["single-rate", "outlook-quote", "quoted-confirmation"],
    "HTML-only Outlook reply; the unprefixed Outlook quote holds last month's value.",
    client="outlook", struct="html", date=D(2026, 12, 22, 10, 41), from_=("Соколова Ирина", "i.sokolova@sibtrans.ru"),
    html='<p class="MsoNormal">Добрый день, показания за декабрь: 7 118.<o:p></o:p></p>\n'
         '<p class="MsoNormal">Л/с тот же — 241250993364.<o:p></o:p></p>\n<p class="MsoNormal"><o:p>&nbsp;</o:p></p>\n'
         '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">\n'
         '<p class="MsoNormal"><b>От:</b> Энергосбыт &lt;energy@es.krasnoyarsk.ru&gt;<br>\n'
         '<b>Отправлено:</b> 24 ноября 2026 г. 9:15<br>\n<b>Кому:</b> Соколова Ирина &lt;i.sokolova@sibtrans.ru&gt;<br>\n'
         '<b>Тема:</b> Показания приняты<o:p></o:p></p>\n</div>\n<p class="MsoNormal"><o:p>&nbsp;</o:p></p>\n'
         '<p class="MsoNormal">Здравствуйте! Показания по лицевому счёту 241250993364 приняты: 6 870 кВт·ч.<o:p></o:p></p>')
add(R, "receipt_card_cheque", "Показания",
    "Показания 2 116 по л/с 241385502671.\nОплатила картой **** 4417, чек № 000123456789, сумма 389,20 р.\n",
    rec(("241385502671", 2116)), ["single-rate", "receipt", "card", "amount", "twelve-digit-distractor", "hard-distractor"],
    "12-digit receipt number and card tail after the data.", client="mailru", struct="alt")
add(R, "contract_number_named", "Показания",
    "Договор энергоснабжения № 240112233445 — это номер договора, лицевой у меня другой: 240998120367.\nПоказания — 7 733.\n",
    rec(("240998120367", 7733)), ["single-rate", "contract-number", "twelve-digit-distractor", "hard-distractor"],
    "12-digit contract number labelled as such, then the account.", client="outlook", struct="alt")
add(R, "snils_passport", "Показания",
    "Лицевой 242417706359, показания 10 051.\nНа всякий случай мои данные: Кудрявцева Нина Павловна, СНИЛС 112-233-445 95, паспорт 04 15 123456.\n",
    rec(("242417706359", 10051)), ["single-rate", "snils", "passport", "hard-distractor"],
    "SNILS and passport numbers after the data.", client="thunderbird")
add(R, "postcode_address_line", "Показания",
    "660093, г. Красноярск, ул. Вавилова, д. 27, кв. 48\nЛ/с 240577330190\nПоказание счетчика: 21 064\n",
    rec(("240577330190", 21064)), ["single-rate", "postcode", "address", "hard-distractor"],
    "Postcode and house/flat in the first line.", client="bat", charset="cp1251", cte="qp")
add(R, "decimal_red_comment", "Показания",
    "Счётчик показывает 08135,7 (семёрка в красном окне), лицевой счет 243300457188\n",
    rec(("243300457188", 8135)), ["single-rate", "decimal", "red-window", "leading-zero"],
    "Decimal comma and red window on the same digit.", client="gmail", struct="alt")
add(R, "red_window_last_two", "Показания",
    "Л/с 240864227013. Переписываю все цифры подряд: 0291486, последние две — красные.\n",
    rec(("240864227013", 2914)), ["single-rate", "red-window", "leading-zero"], "Last two drums red.",
    client="yandex", struct="alt")
add(R, "re2_prefix_quoted_mailru", "Re[2]: Показания за октябрь",
    "В ноябре: 240522617038 — 4 889\n\n\nСреда, 21 октября 2026, 10:05 +07:00 от energy@es.krasnoyarsk.ru:\n"
    "> Показания по л/с 240522617038 приняты: 4 610.\n",
    rec(("240522617038", 4889)), ["single-rate", "reply-prefix", "quoted-confirmation"],
    "Re[2]: prefix; old confirmation quoted.", client="mailru")
add(R, "flat_two_zone_garage_single", "Показания",
    "Квартира (двухтарифный): л/с 241870054426, день 6 702, ночь 2 815.\nГараж: л/с 241870054590, 311.\n",
    rec(("241870054426", 6702, 2815), ("241870054590", 311)), ["two-zone", "multi-account"],
    "Two-zone flat and single-rate garage.", client="outlook", struct="alt")
add(R, "correction_dash_net", "Показания", "ЛС 240284415930 показания 4410 - нет, 4401\n",
    rec(("240284415930", 4401)), ["single-rate", "correction"], "'- нет, …' correction.", client="iphone")
add(R, "correction_ispravlenie_night", "Показания",
    "Л/с 242609338751: день 9 102, ночь 3 340.\nИсправление: ночь 3 304.\n",
    rec(("242609338751", 9102, 3304)), ["two-zone", "correction"], "Correction of the night register only.",
    client="gmail", struct="alt")
add(R, "correction_pravilno", "Показания",
    "л/с 240319957206\nпоказ. 7 558 (правильно 7 585, цифры переставила)\n",
    rec(("240319957206", 7585)), ["single-rate", "correction"], "'правильно' correction in brackets.",
    client="thunderbird", charset="koi8-r")
add(R, "payment_number_and_date", "Показания",
    "Передаю показания и сообщаю об оплате.\nОплачено 24.11.2026 через СберБанк Онлайн, 1 250 руб. 00 коп., номер платежа 451209887306.\n"
    "Л/с 240133906712, показания 12 216.\n",
    rec(("240133906712", 12216)), ["single-rate", "payment", "date", "amount", "twelve-digit-distractor", "hard-distractor"],
    "Payment with a 12-digit payment number before the data.", client="mailru", struct="alt")
add(R, "house_flat_hyphen_postcode", "Показания",
    "Адрес: 660135, Красноярск, ул. Весны, 3А-214\nЛ/с 241588200937\nпоказания 3571\n",
    rec(("241588200937", 3571)), ["single-rate", "address", "postcode", "hard-distractor"],
    "House-flat '3А-214' and postcode.", client="yandex", struct="html")
add(R, "foreign_phone_twelve_digits", "Показания",
    "Я сейчас в Минске, если будут вопросы — +375296124480 (вайбер).\nЛС 240846301127, показания 5 900.\n",
    rec(("240846301127", 5900)), ["single-rate", "phone", "twelve-digit-distractor", "hard-distractor"],
    "A 12-digit phone with a country code.", client="gmail", struct="alt")
add(R, "new_meter_only", "Показания",
    "Счётчик заменили 12.11.2026, новый счётчик показывает 0157.\nЛицевой 242178880364.\n",
    rec(("242178880364", 157)), ["single-rate", "meter-replaced", "date", "leading-zero"],
    "Replaced meter, only the new meter's value given.", client="outlook", struct="alt")
add(R, "time_before_value", "Показания",
    "Сегодня в 08:45 сняла показания: 13 118.\nЛиц/сч 243640071925.\n",
    rec(("243640071925", 13118)), ["single-rate", "time", "typo-label"], "Time next to the value.",
    client="bat", charset="cp1251")
add(R, "flat_garage_counts", "Показания",
    "У нас 2 счётчика, прописано 3 человека.\nКвартира 240381200466 – 5 112\nГараж 240381200537 – 480\n",
    rec(("240381200466", 5112), ("240381200537", 480)), ["single-rate", "multi-account", "count", "hard-distractor"],
    "Counts of meters and people are not values.", client="thunderbird")
add(R, "date_in_subject", "Показания на 25.11.2026", "л/с 241455018803 — 17 320\n",
    rec(("241455018803", 17320)), ["single-rate", "date", "subject-number", "hard-distractor"],
    "A date in the subject.", client="yandex", struct="alt")
add(R, "thousands_comma", "Показания", "Лицевой счет 242844139570\nПоказания 22,417\n",
    rec(("242844139570", 22417)), ["single-rate", "thousands-comma"], "Comma + exactly three digits groups thousands.",
    client="iphone")
add(R, "promise_to_pay", "Показания",
    "Л/с 243902611547\nпоказания 6 083\nоплачу 500 руб. до 25 декабря\n",
    rec(("243902611547", 6083)), ["single-rate", "amount", "date", "hard-distractor"], "Money and a date after the value.",
    client="android")
add(R, "yearly_consumption", "Показания",
    "л/с 240553018846, показания 9 870. За 2026 год набежало 2 410 кВт·ч, многовато.\n",
    rec(("240553018846", 9870)), ["single-rate", "consumption", "hard-distractor"], "A yearly total and a year.",
    client="mailru", struct="alt")
add(R, "serial_fifteen_digits", "Показания",
    "Счётчик № 011734562901823, л/с 241731066420, показания 3 227\n",
    rec(("241731066420", 3227)), ["single-rate", "serial-number", "hard-distractor"], "15-digit serial first.",
    client="gmail", struct="alt")
add(R, "three_prefix_chain", "Re: Fwd: RE: показания", "лицевой 240968830251\nэлектроэнергия 14 030\n",
    rec(("240968830251", 14030)), ["single-rate", "reply-prefix"], "Chain of reply/forward prefixes.",
    client="thunderbird", charset="koi8-r", cte="qp")
add(R, "emoji_glued_two_zone", "Показания 🙂", "лс 242330947718 🌞10220🌙4571\n",
    rec(("242330947718", 10220, 4571)), ["two-zone", "emoji", "glued"], "Emoji glued to values.", client="iphone", subj_enc="Q")
add(R, "account_label_after_value_first", "Показания", "4 506 — показания\n241744201983 — лицевой\n",
    rec(("241744201983", 4506)), ["single-rate"], "Value first, labels after the numbers.", client="android")
add(R, "landlord_subject_multi_sms_cp1251", "Показания (3 квартиры)",
    "Добрый день!\n240802115563*2210\n240802115644*7805\n240802115725*14320\nИП Савченко, ИНН 246300112233\n",
    rec(("240802115563", 2210), ("240802115644", 7805), ("240802115725", 14320)),
    ["single-rate", "multi-account", "sms-format", "inn", "twelve-digit-distractor", "hard-distractor"],
    "Three SMS lines; a 12-digit INN and a count in the subject.", client="bat", charset="cp1251", cte="qp",
    subj_charset="cp1251")
add(R, "mixed_latin_account_label", "Показaния зa нoябрь",
    "Лицевой cчёт: 241 330 978 512\nТ1 = 6 204\nT2 = 2 577\n",
    rec(("241330978512", 6204, 2577)), ["two-zone", "latin-lookalike", "latin-label"],
    "Cyrillic Т1 and Latin T2; Latin letters in the subject.", client="mailru", struct="alt")
add(R, "ldash_daytime_night_words", "Показания",
    "Лицевой счёт 240219904437.\nДневные: 16 408\nНочные: 6 930\nОплатила 2 315,70 по квитанции за октябрь.\n",
    rec(("240219904437", 16408, 6930)), ["two-zone", "amount", "hard-distractor"], "Adjective labels and a paid amount.",
    client="yandex", struct="html")
add(R, "quoted_own_reply_multi", "Re: Показания",
    "Квартира 240731804426 — 4 612\nДача 243015672219 — 902\n\n> Квартира 240731804426 — 4 380\n> Дача 243015672219 — 877\n",
    rec(("240731804426", 4612), ("243015672219", 902)), ["single-rate", "multi-account", "quoted-reply"],
    "Two accounts with last month's values quoted below.", client="android")
add(R, "words_with_digits_agree", "Показания",
    "л/с 241904228716, показания 5 510 (пять тысяч пятьсот десять)\n",
    rec(("241904228716", 5510)), ["single-rate", "words"], "Digits and words that agree.", client="gmail", struct="alt")
add(R, "ls_abbrev_lits_dot_with_seal", "Показания",
    "лиц.счёт 242519006634\nпломба № 00318846\nпоказания 11 703\n",
    rec(("242519006634", 11703)), ["single-rate", "seal", "typo-label", "hard-distractor"], "Seal number before the value.",
    client="outlook", struct="alt")
add(R, "attachment_outlook_alt", "Показания электроэнергии, кв. 77",
    "Добрый день!\nЛицевой счёт 240477302851, показания на 21.11: 8 436.\nФото счётчика во вложении.\n\nС уважением,\nМаксим\n",
    rec(("240477302851", 8436)), ["single-rate", "photo", "date", "subject-number", "hard-distractor"],
    "Outlook multipart with a photo; flat number in the subject, date beside the value.", client="outlook",
    struct="attach", attach_alt=True, attach_name="image001.jpg")
# ---------------------------------------------------------------- reject
J = []
NA, NR, AM = rej("no_account"), rej("no_readings"), rej("ambiguous")
add(J, "photo_value_only", "Показания", "Показания 5 402, фото счётчика прилагаю.\n\nОтправлено с iPhone\n",
    NA, ["single-rate", "photo"], "Photo and a value, no account.", client="iphone", struct="attach", subj_enc="Q")
add(J, "phone_only", "Показания", "Показания 3 318. Мой телефон 8 913 523-40-17, перезвоните если что.\n",
    NA, ["phone", "hard-distractor"], "Only a phone besides the value.", client="android")
add(J, "eleven_digit_account", "Показания", "л/с 24001735091 показания 4 417\n",
    NA, ["eleven-digits", "hard-distractor"], "Labelled account with a digit missing (11 digits).", client="gmail", struct="alt")
add(J, "thirteen_digit_account", "Показания", "лицевой 2403099172651, показания 7 342\n",
    NA, ["thirteen-digits", "hard-distractor"], "Account with an extra digit (13 digits).", client="mailru")
add(J, "address_instead_of_account", "Показания", "ул. Молокова, 40-117, Ивашкина Т.Н.\nпоказания 6 620\n",
    NA, ["address", "hard-distractor"], "Address instead of the account.", client="yandex", struct="html")
add(J, "cheque_number_only", "Показания", "Оплатила, чек № 558014273096. Показания счётчика 4 091.\n",
    NA, ["receipt", "twelve-digit-distractor", "hard-distractor"], "12-digit receipt number is not an account.",
    client="gmail", struct="alt")
add(J, "contract_number_only", "Показания", "По договору № 241500338871 показания счётчика 2 230.\n",
    NA, ["contract-number", "twelve-digit-distractor", "hard-distractor"], "12-digit number labelled договор.",
    client="outlook", struct="alt")
add(J, "meter_serial_only", "Показания", "Счётчик № 012345987604, показания 8 870\n",
    NA, ["serial-number", "twelve-digit-distractor", "hard-distractor"], "12-digit meter serial only.",
    client="thunderbird")
add(J, "card_number_grouped", "Показания", "Оплатил с карты 2202 2061 4458 9913 за ноябрь. Показания 5 217.\n",
    NA, ["card", "hard-distractor"], "16-digit card number in groups of four.", client="mailru", struct="alt")
add(J, "forgot_account_address", "Показания",
    "Номер лицевого не помню, квитанция у мамы. Показания 12 004. Кв. 56, ул. Карла Маркса, 93.\n",
    NA, ["address", "hard-distractor"], "Says she does not remember the account.", client="iphone")
add(J, "inn_twelve_only", "Показания", "ИНН 246512309874\nПоказания 1 980\n",
    NA, ["inn", "twelve-digit-distractor", "hard-distractor"], "12-digit personal INN only.",
    client="bat", charset="cp1251", cte="qp")
add(J, "foreign_phone_grouped", "Показания", "Пишу из Бишкека, мой номер +996 555 214 308. Показания 6 312.\n",
    NA, ["phone", "twelve-digit-distractor", "hard-distractor"], "Kyrgyz phone: 12 digits grouped by three.",
    client="gmail", struct="alt")
add(J, "account_only_in_quote", "Re: Показания приняты",
    "В этом месяце 5 902.\n\n21.11.2026 09:12, Энергосбыт пишет:\n> Показания по лицевому счёту 240812200374 приняты: 5 611 кВт·ч.\n",
    NA, ["quoted-confirmation", "quoted-reply", "hard-distractor"], "Account only in the quoted confirmation.",
    client="thunderbird", date=D(2026, 12, 20, 20, 15))
add(J, "signature_phone_only", "Показания", "Показания: 2 670\n\nС уважением,\nФедорова Е.\n+7 (391) 265-18-40\n",
    NA, ["signature", "phone", "hard-distractor"], "Signature has only a phone.", client="outlook", struct="alt")
add(J, "date_and_value_no_account", "Показания", "Показания на 20.11.2026: 3 310\n",
    NA, ["date"], "Date and value, no account.", client="android")
# no_readings
add(J, "photo_account_only", "Показания", "Фото счётчика во вложении. Л/с 240350778129\n",
    NR, ["photo"], "Account typed, value only on the photo.", client="iphone", struct="attach")
add(J, "will_send_later", "Показания",
    "Лицевой 241200558713. Показания передам завтра, не могу открыть щиток, ключ у старшей по подъезду.\n",
    NR, [], "Promises values later.", client="gmail", struct="alt")
add(J, "consumption_only", "Показания", "Л/с 240607129958. За ноябрь израсходовали 214 кВт·ч.\n",
    NR, ["consumption", "hard-distractor"], "Only consumption.", client="mailru")
add(J, "money_only", "Показания", "л/с 242390015527, оплатил 1 450 руб., тариф 3,04. Квитанцию не получил.\n",
    NR, ["amount", "tariff", "hard-distractor"], "Only money and a tariff.", client="yandex", struct="html")
add(J, "range_only", "Показания",
    "Лицевой 240771560389, показания около 8800-8850, цифры плохо видно, лампочка в подъезде перегорела.\n",
    NR, ["range", "hard-distractor"], "A range is not a value.", client="android")
add(J, "zone_hours_question", "Показания",
    "Добрый день. Л/с 241310664207. У меня двухтарифный: день с 7 до 23, ночь с 23 до 7. Какие показания передавать — оба окна?\n",
    NR, ["zone-hours", "two-zone", "hard-distractor"], "Zone hours with day/night labels, no value.", client="outlook", struct="alt")
add(J, "account_own_values_forwarded", "Fwd: Показания",
    "Пересылаю показания по л/с 240517908833, см. ниже.\n\n---------- Forwarded message ---------\nОт: Лидия Брагина <braginalv@mail.ru>\n"
    "Date: вс, 22 нояб. 2026 г. в 12:10\nSubject: Показания\nTo: <vbragin@gmail.com>\n\nпоказания 3 786\n",
    NR, ["forwarded", "contract-unclear"],
    "Own text names the account, so by the rule the forwarded block does not count; a human would record it.",
    client="gmail", struct="alt", also_ok=[rec(("240517908833", 3786))], from_=("Виктор Брагин", "vbragin@gmail.com"))
add(J, "values_only_in_quote", "Re: Показания",
    "л/с 240812994417, показания те же, что в прошлом месяце, никого не было дома.\n\n\n"
    "Понедельник, 26 октября 2026, 9:30 +07:00 от Энергосбыт <energy@es.krasnoyarsk.ru>:\n> Показания по л/с 240812994417 приняты: 2 390 кВт·ч.\n",
    NR, ["quoted-confirmation", "hard-distractor"], "Value only in the quote.", client="mailru")
add(J, "dates_times_only", "Показания",
    "л/с 243018874451, показания снимала 20.11.2026 в 19:30, а отправить забыла, простите.\n",
    NR, ["date", "time", "hard-distractor"], "Date and time, no value.", client="android")
add(J, "new_meter_serial_seal", "Показания",
    "Л/с 240127885063. Счётчик заменили 14.11, новый номер 41328855, пломба 0077125. Акт у меня.\n",
    NR, ["serial-number", "seal", "meter-replaced", "hard-distractor"], "Serial and seal of a new meter, no value.",
    client="thunderbird", charset="koi8-r", cte="qp")
add(J, "how_to_read_question", "Показания",
    "Лицевой 240905227719. Подскажите, куда смотреть, на счётчике 2 окошка и кнопка?\n",
    NR, ["count"], "A question, no value.", client="yandex", struct="alt")
add(J, "account_in_subject_no_value", "Показания 241177302658", "Добрый день!\n",
    NR, ["account-in-subject"], "Account in the subject, nothing else.", client="mailru")
add(J, "receipt_number_values_in_file", "Показания",
    "Л/с 242658803115. Оплата 2 310,00 руб., квитанция № 118472. Показания в приложенном файле.\n",
    NR, ["photo", "amount", "receipt", "hard-distractor"], "Money and a receipt number; values only in the attachment.",
    client="gmail", struct="attach", attach_name="schetchik.jpg")
# ambiguous
add(J, "two_accounts_one_value", "Показания", "240317740218\n240317740391\nпоказания 5 520\n",
    AM, ["multi-account"], "Two accounts, one value.", client="gmail", struct="alt")
add(J, "digits_words_disagree", "Показания",
    "Л/с 241580662037, показания 7 340 (семь тысяч четыреста тридцать).\n",
    AM, ["words"], "Digits and words disagree.", client="mailru")
add(J, "replaced_meter_old_and_new", "Показания",
    "Л/с 240422901578. Старый счётчик сняли 10.11, последние показания на нём 18 402. Новый поставили, на нём сейчас 0112.\n",
    AM, ["meter-replaced", "date"], "Final value of the replaced meter beside the new one.", client="outlook", struct="alt")
add(J, "same_register_twice", "Показания",
    "Показания 4 410.\nЛиц. счет 241663550912.\nПоказания 4 401.\n",
    AM, ["contradiction"], "Two different values, no correction word.", client="thunderbird")
add(J, "two_values_zones_unknown", "Показания",
    "л/с 241007338246\nпоказания 5118, 3402\nсчётчик двухтарифный, но не помню, где день, где ночь\n",
    AM, ["two-zone"], "Two values and the resident says the zones are unknown.", client="android")
add(J, "dacha_contradicts", "Показания",
    "Квартира 240618833075 — 3 500\nДача 243215560984 — 1 200 или 1 210, два раза смотрел, то так, то так\n",
    AM, ["multi-account", "contradiction"], "One account's values contradict: whole message ambiguous.",
    client="gmail", struct="alt")
add(J, "day_given_twice", "Показания", "ЛС 242766014380\nдень 4 200\nночь 1 700\nдень 4 250\n",
    AM, ["two-zone", "contradiction"], "Day register given twice with different values.", client="yandex", struct="html")
add(J, "sms_and_text_disagree", "Показания", "240733156208*5512\nпоказания 5 521\n",
    AM, ["sms-format", "contradiction"], "SMS line and text disagree.", client="iphone")
add(J, "either_or_value", "Показания",
    "Л/с 240145860372. Показания то ли 3 418, то ли 3 448 — четвёртая цифра между делениями.\n",
    AM, ["contradiction"], "Two candidate values.", client="bat", charset="cp1251", cte="qp")
add(J, "two_accounts_two_values_mixed", "Показания",
    "Передаю по двум лицевым: 241900337625, 241900337706. Показания: 4 120 и 970, какое к какому — квитанции перепутались.\n",
    AM, ["multi-account"], "The resident says the mapping is unknown.", client="outlook", struct="alt")
add(J, "two_zone_words_disagree", "Показания",
    "л/с 240361920547\nдень 6 015 (шесть тысяч пятьдесят один)\nночь 2 300 (две тысячи триста)\n",
    AM, ["two-zone", "words"], "Day digits and words disagree.", client="mailru", struct="alt")
add(J, "flat_and_dacha_one_value", "Показания",
    "л/с квартиры 241455903210, дачи 243700128866. Показания 2 904.\n",
    AM, ["multi-account"], "Flat and dacha accounts, one value.", client="gmail", struct="alt")
add(J, "three_zone_peak_twice", "Показания",
    "Лицевой счёт 242071336509\nпик 2 100\nполупик 3 900\nночь 1 400\nпик 2 010\n",
    AM, ["three-zone", "contradiction"], "Peak given twice with different values.", client="thunderbird", charset="cp1251", cte="base64")
add(J, "snils_only", "Показания", "СНИЛС 123-456-789 64\nпоказания 2 233\n",
    NA, ["snils", "hard-distractor"], "SNILS given instead of the account.", client="mailru", struct="alt")
add(J, "street_number_address", "Показания",
    "660077, ул. 78 Добровольческой Бригады, д. 15, кв. 204. Показания 7 712.\n",
    NA, ["address", "postcode", "hard-distractor"], "Postcode, numbered street, house and flat; no account.",
    client="yandex", struct="html")
add(J, "bank_account_twenty_digits", "Показания",
    "Платёж с р/с 40817810331004412345 прошёл. Показания 9 015.\n",
    NA, ["bank-account", "hard-distractor"], "A 20-digit bank account number is not a personal account.",
    client="gmail", struct="alt")
add(J, "company_requisites_only", "Показания по офису",
    "Добрый день!\nПоказания по офису: 27 340\n\n--\nООО «Кедр-Сервис»\nИНН 2466123456, КПП 246601001, ОГРН 1122468000123\n"
    "660017, г. Красноярск, ул. Ленина, 113, оф. 12\nтел. (391) 211-09-87\n",
    NA, ["signature", "inn", "postcode", "phone", "hard-distractor"], "Company requisites in the signature, no account.",
    client="outlook", struct="alt")
add(J, "tariff_zones_only", "Показания",
    "л/с 242815530094. У меня тариф день 3,52, ночь 1,86 — это правильно? Показания потом.\n",
    NR, ["tariff", "two-zone", "hard-distractor"], "Tariffs labelled day/night are not values.", client="android")
add(J, "meter_burned", "Показания",
    "Лицевой счёт 240361207785. Счётчик сгорел 17.11, электрик придёт 02.12, показаний пока нет.\n",
    NR, ["date", "hard-distractor"], "Dates only, the meter is broken.", client="iphone")
add(J, "photo_two_candidates", "Показания",
    "л/с 243512660827, показания 3 320 или 3 302 — на фото не разобрать, посмотрите сами.\n",
    AM, ["photo", "contradiction"], "Two candidate values.", client="iphone", struct="attach")
add(J, "accounts_listed_one_value", "Показания",
    "Лицевые: 240551230018, 240551230199\nПоказания: 1 505\n",
    AM, ["multi-account"], "Two accounts, one value.", client="bat", charset="cp1251", cte="qp")
# ---------------------------------------------------------------- ignore
G = []
AG, NT = ign("auto_generated"), ign("not_readings")
add(G, "ooo_outlook_autosubmitted", "Автоматический ответ: Показания приняты",
    "Здравствуйте!\nЯ в отпуске до 07.12.2026. По срочным вопросам: +7 (391) 228-41-90, Анна Сергеевна.\n",
    AG, ["out-of-office", "auto-submitted"], "Outlook out-of-office with Auto-Submitted.", client="outlook", struct="alt",
    headers=[("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")],
    from_=("Лаврентьева Ольга Игоревна", "o.lavrentieva@sibtrans.ru"))
add(G, "dsn_bounce_confirmation", "Undelivered Mail Returned to Sender",
    "This is the mail system at host mx.es.krasnoyarsk.ru.\n\nI'm sorry to have to inform you that your message could not\n"
    "be delivered to one or more recipients.\n\n<ivanov_56@krasmail.ru>: host mx.krasmail.ru[80.255.134.9] said: 550\n"
    "    5.1.1 User unknown (in reply to RCPT TO command)\n",
    AG, ["bounce", "dsn", "multipart-report"], "Delivery status report for the utility's confirmation.",
    client="system", struct="report", report_type="delivery-status", return_path="<>",
    from_=("Mail Delivery System", "MAILER-DAEMON@mx.es.krasnoyarsk.ru"),
    report_machine="Reporting-MTA: dns; mx.es.krasnoyarsk.ru\nArrival-Date: Mon, 23 Nov 2026 10:14:02 +0700\n\n"
                   "Final-Recipient: rfc822; ivanov_56@krasmail.ru\nAction: failed\nStatus: 5.1.1\n"
                   "Diagnostic-Code: smtp; 550 5.1.1 User unknown\n",
    fwd=dict(subject="Показания приняты", body="Показания по лицевому счёту 240995127730 приняты: 3 114 кВт·ч.\n",
             from_=("Энергосбыт", "energy@es.krasnoyarsk.ru"), date=D(2026, 11, 23, 10, 14), client="system",
             to="ivanov_56@krasmail.ru"))
add(G, "read_receipt_mdn", "Прочитано: Показания приняты",
    "Ваше сообщение\n\n  Кому: Ирина Соколова\n  Тема: Показания приняты\n  Отправлено: 24.11.2026 9:15\n\nбыло прочитано 24.11.2026 11:02.\n",
    AG, ["read-receipt", "mdn", "multipart-report"], "Read receipt (disposition notification).",
    client="outlook", struct="report", report_type="disposition-notification",
    from_=("Соколова Ирина", "i.sokolova@sibtrans.ru"),
    report_machine="Reporting-UA: MSK-EX02.corp.local; Microsoft Outlook 16.0\nFinal-Recipient: rfc822;i.sokolova@sibtrans.ru\n"
                   "Original-Message-ID: <conf-241250993364@es.krasnoyarsk.ru>\nDisposition: manual-action/MDN-sent-manually; displayed\n")
add(G, "newsletter_list", "Показания приборов учёта: как передать в декабре",
    "Уважаемые жители!\nПередать показания можно до 25 числа. Формат письма: лицевой счёт (12 цифр), звёздочка, показания.\n"
    "Пример: 240000000001*1234\n\nОтписаться: https://energo-info.ru/unsub?u=88123\n",
    AG, ["mailing-list", "bulk"], "Newsletter with List-Id and Precedence: bulk.", client="system", struct="alt",
    html_style="gmail", from_=("ЭнергоИнфо", "news@energo-info.ru"),
    headers=[("List-Id", "<residents.energo-info.ru>"), ("List-Unsubscribe", "<https://energo-info.ru/unsub?u=88123>"),
             ("Precedence", "bulk")])
add(G, "noreply_gosuslugi", "Показания счётчика переданы",
    "Показания прибора учёта по лицевому счёту 241800452097 переданы: 12 450 кВт·ч.\nЭто письмо отправлено автоматически.\n",
    AG, ["no-reply"], "no-reply sender with readings in the body.", client="system", struct="alt", html_style="gmail",
    from_=("Госуслуги", "no-reply@gosuslugi.ru"))
add(G, "x_autoreply_vacation", "Re: Показания",
    "Я в отпуске до 7 декабря, письмо прочитаю позже.\n", AG, ["out-of-office", "x-autoreply"],
    "X-Autoreply header.", client="yandex", headers=[("X-Autoreply", "yes")])
add(G, "content_ooo_ne_na_meste", "Нет на месте: Показания приняты",
    "Нахожусь в командировке до 30 ноября. Показания по л/с 240626014493 передаст жена.\n",
    AG, ["out-of-office", "content-only"], "Out-of-office recognisable by the subject only.", client="outlook", struct="alt")
add(G, "content_bounce_plain", "Undelivered Mail Returned to Sender",
    "This is the mail system at host mail.kraslan.ru.\n\nI'm sorry to have to inform you that your message could not\nbe delivered.\n\n"
    "<petrov_dk@kraslan.ru>: mailbox full\n\n--- original message ---\nSubject: Показания\n\n240733156208*5512\n",
    AG, ["bounce", "content-only"], "Plain-text bounce (no multipart/report).", client="system",
    from_=("Mail Delivery Subsystem", "mail-delivery@kraslan.ru"))
add(G, "precedence_auto_reply", "Re: Показания",
    "Спасибо за письмо! Отвечу в ближайшее время.\n", AG, ["out-of-office", "precedence"],
    "Precedence: auto_reply.", client="mailru", headers=[("Precedence", "auto_reply")])
add(G, "smart_home_bot", "Показания счётчика (автоматическая отправка)",
    "Лицевой счёт: 240911605372\nТ1: 8 114\nТ2: 3 020\nСформировано Home Assistant 2026.11.3\n",
    AG, ["auto-submitted", "two-zone"], "Auto-Submitted: auto-generated, even though the readings look valid.",
    client="system", from_=("Home Assistant", "meter-bot@ha.kuznetsov-home.ru"),
    headers=[("Auto-Submitted", "auto-generated")])
add(G, "arf_feedback_report", "Показания",
    "This is an email abuse report for an email message received from IP 217.69.128.5.\n",
    AG, ["feedback-report", "multipart-report"], "Feedback loop report.", client="system", struct="report",
    report_type="feedback-report", from_=("Mail.ru FBL", "fbl@corp.mail.ru"),
    report_machine="Feedback-Type: abuse\nUser-Agent: Mail.ru-FBL/1.0\nVersion: 1\nSource-IP: 217.69.128.5\n",
    fwd=dict(subject="Показания", body="л/с 241093884412 показания 3409\n", from_=("Егор", "egor.p@mail.ru"),
             date=D(2026, 11, 20, 9, 0), client="mailru"), report_headers_only=True)
add(G, "return_path_empty_lk", "Показания по лицевому счёту 240995127730",
    "Показания приняты личным кабинетом: 3 114 кВт·ч.\n", AG, ["empty-return-path"],
    "Empty Return-Path from a portal.", client="system", return_path="<>",
    from_=("Личный кабинет", "lk@es-krasnoyarsk.info"))
add(G, "x_autorespond_header", "Re: Показания приняты",
    "Спасибо, ваше письмо получено.\n", AG, ["x-autorespond"], "X-Autorespond header.", client="bat",
    charset="cp1251", headers=[("X-Autorespond", "yes")])
# not_readings
add(G, "subject_payment", "Оплата за ноябрь", "Л/с 240155004321, показания 9 407, оплатила 1 842,50.\n",
    NT, ["subject-rule"], "Body has readings but the subject does not name them.", client="gmail", struct="alt")
add(G, "no_subject_header", None, "240993118457*21406\n", NT, ["subject-rule", "no-subject"],
    "No Subject header at all.", client="iphone")
add(G, "empty_subject", "", "лс 242004571836 показания 10377\n", NT, ["subject-rule", "empty-subject"],
    "Empty subject.", client="android")
add(G, "pokazateli_near_miss", "Показатели счётчика", "Л/с 241800452097\nДень 12 450\nНочь 5 118\n",
    NT, ["subject-rule", "near-miss"], "'Показатели' does not start with 'показани'.", client="mailru", struct="alt")
add(G, "translit_subject", "POKAZANIYA", "240017350912*4417\n", NT, ["subject-rule", "near-miss", "translit"],
    "Transliterated subject: not look-alike letters.", client="gmail", struct="alt")
add(G, "subject_schetchik", "Счётчик", "ЛС 240416628075. Показания 6210.\n", NT, ["subject-rule"],
    "Subject names the meter, not readings.", client="yandex", struct="html")
add(G, "pokaz_abbrev_subject", "Показ. за ноябрь", "л/с 240626014493 — 8 977\n", NT, ["subject-rule", "near-miss"],
    "'Показ.' abbreviation.", client="bat", charset="cp1251", cte="qp")
add(G, "typo_pokozaniya", "Покозания", "лицевой 242300715586 — 7 843\n", NT, ["subject-rule", "near-miss", "typo"],
    "Misspelled subject.", client="android")
add(G, "ukazaniya_near_miss", "Указания по оплате", "Л/с 243058867120. Подскажите, как оплатить без комиссии?\n",
    NT, ["subject-rule", "near-miss"], "'Указания' contains 'казания'.", client="outlook", struct="alt")
add(G, "fwd_kvitanciya", "Fwd: Квитанция за октябрь",
    "\n---------- Forwarded message ---------\nОт: Энергосбыт <energy@es.krasnoyarsk.ru>\nSubject: Квитанция за октябрь\n\n"
    "Лицевой счёт 240690337715. Т1 18 205, Т2 7 930. К оплате 1 214,60 руб.\n",
    NT, ["subject-rule", "forwarded"], "Forwarded bill.", client="gmail", struct="alt")
add(G, "peredayu_dannye", "Передаю данные прибора учёта", "л/с 241288450617 - 918\n", NT, ["subject-rule", "near-miss"],
    "Subject paraphrases without the word.", client="thunderbird", charset="koi8-r", cte="base64")
add(G, "re_pereraschet", "Re: Перерасчёт за октябрь",
    "Лицевой 240422901578. Текущие показания 18 520, прошу пересчитать.\n\n> Перерасчёт будет выполнен в следующем месяце.\n",
    NT, ["subject-rule", "quoted-reply"], "Readings in a reply on another topic.", client="mailru")


# ---------------------------------------------------------------- assembly
HERE = os.path.dirname(os.path.abspath(__file__))
STRUCT_TAG = {"plain": "text-plain", "alt": "multipart-alternative", "html": "html-only", "attach": "attachment",
              "rfc822": "message-rfc822", "report": "multipart-report"}
CTE_TAG = {"8bit": "8bit", "qp": "qp", "base64": "base64"}


# dates that must agree with what the text says (e.g. "сегодня 20 ноября")
DATE_FIX = {
    "runon_date_time_vrode": D(2026, 11, 20, 9, 52), "cp1251_date_next_to_value": D(2026, 11, 20, 21, 7),
    "forwarded_inline_yandex": D(2026, 11, 23, 8, 40), "forwarded_rfc822_mother": D(2026, 11, 20, 12, 5),
    "forwarded_gmail_for_wife": D(2026, 11, 21, 10, 12), "account_own_values_forwarded": D(2026, 11, 22, 18, 30),
    "date_in_subject": D(2026, 11, 25, 7, 58), "new_meter_only": D(2026, 11, 19, 17, 20),
    "meter_burned": D(2026, 11, 24, 20, 45), "promise_to_pay": D(2026, 12, 19, 13, 10),
    "payment_number_and_date": D(2026, 11, 24, 19, 2), "dates_times_only": D(2026, 11, 23, 7, 31),
    "re2_prefix_quoted_mailru": D(2026, 11, 21, 11, 6), "ooo_outlook_autosubmitted": D(2026, 11, 24, 9, 16),
    "x_autoreply_vacation": D(2026, 11, 26, 15, 40), "content_ooo_ne_na_meste": D(2026, 11, 25, 9, 16),
    "read_receipt_mdn": D(2026, 11, 24, 11, 2), "dsn_bounce_confirmation": D(2026, 11, 23, 10, 14),
    "time_before_value": D(2026, 11, 22, 8, 52), "attachment_outlook_alt": D(2026, 11, 21, 14, 3),
    "yearly_consumption": D(2026, 12, 18, 19, 40), "bylo_stalo_consumption_year_subject": D(2026, 11, 30, 20, 0),
    "signature_account_dashdash": D(2026, 11, 28, 12, 24), "precedence_auto_reply": D(2026, 11, 24, 9, 16),
    "x_autorespond_header": D(2026, 11, 24, 9, 17),
}
FROM_FIX = {
    "outlook_legal_footer": ("Лаврентьева Ольга Игоревна", "o.lavrentieva@sibtrans.ru"),
    "signature_account_outlook": ("Петров Дмитрий Сергеевич", "d.petrov@kraslan.ru"),
    "landlord_three_flats": ("Рябов Константин", "k.ryabov@sibtrans.ru"),
    "signature_account_dashdash": ("Грищенко Анатолий", "grishchenko.av@mail.ru"),
    "two_zone_english": ("Mark Evans", "mark.evans.krsk@gmail.com"),
    "grandson_for_grandmother": ("Денис Корнилов", "kornilov.den@mail.ru"),
    "snils_passport": ("Кудрявцева Нина", "kudryavtseva.np@krasmail.ru"),
    "signature_phone_only": ("Федорова Елена", "e.fedorova@sibtrans.ru"),
    "company_requisites_only": ("Бухгалтерия Кедр-Сервис", "buh@kedr-service.ru"),
    "ldash_daytime_night_words": ("Людмила Дашкевич", "l.dashkevich@yandex.ru"),
    "attachment_outlook_alt": ("Максим Селезнёв", "m.seleznev@kraslan.ru"),
    "ls_dot_typo_yandex": ("Олег", "oleg.vasilchenko@yandex.ru"),
    "account_groups_of_four_koi8": ("Виктор Игнатьев", "ignatiev.v@krasmail.ru"),
    "account_dots_flat_in_subject": ("Мельник Александра", "a.melnik@sibtrans.ru"),
}


def all_cases():
    cases = []
    order = []
    # interleave kinds so that numbers do not reveal the answer
    pools = [list(R), list(J), list(G)]
    weights = [len(p) for p in pools]
    taken = [0, 0, 0]
    total = sum(weights)
    for k in range(total):
        # pick the pool that is furthest behind its share
        best = max(range(3), key=lambda j: (weights[j] * (k + 1) / total - taken[j]) if taken[j] < weights[j] else -1e9)
        order.append(pools[best][taken[best]])
        taken[best] += 1
    for i, c in enumerate(order, 1):
        c = dict(c)
        c["num"] = i
        c.setdefault("client", "gmail")
        cd = CLIENT_DEFAULTS.get(c["client"], {})
        if "cte" not in c:
            c["cte"] = cd.get("cte", "8bit")
            if c.get("charset", "utf-8") != "utf-8" and c["cte"] == "base64" and i % 2:
                c["cte"] = "qp"
        c.setdefault("subj_enc", cd.get("subj_enc", "B"))
        if "html_cte" in cd:
            c.setdefault("html_cte", cd["html_cte"])
        c.setdefault("from_", default_from(i, c["client"]))
        if c["slug"] in DATE_FIX:
            c["date"] = DATE_FIX[c["slug"]]
        if c["slug"] in FROM_FIX:
            c["from_"] = FROM_FIX[c["slug"]]
        c.setdefault("date", D(2026, 11, 18, 7 + (i * 7) % 16, (i * 13) % 60) + _dt.timedelta(days=(i * 37) % 38))
        c["name"] = "c%03d_%s" % (i, c["slug"])
        cases.append(c)
    return cases


def format_tags(c):
    t = [c.get("charset", "utf-8"), CTE_TAG[c.get("cte", "8bit")], STRUCT_TAG[c.get("struct", "plain")]]
    s = c.get("subject")
    if s is None:
        t.append("no-subject")
    else:
        try:
            s.encode("ascii")
            t.append("subject-ascii")
        except UnicodeEncodeError:
            t.append("subject-" + c.get("subj_enc", "B").lower())
    t.append("client-" + c["client"])
    return t


def case_json(c):
    d = {"expected": c["exp"]}
    if c.get("also_ok"):
        d["also_ok"] = c["also_ok"]
    d["note"] = c["note"]
    tags = list(c["tags"])
    for t in format_tags(c):
        if t not in tags:
            tags.append(t)
    d["tags"] = tags
    return d


def norm(s):
    return s.replace("\r\n", "\n")


def check_case(name, raw, c, js):
    errs = []
    if re.search(rb"(?<!\r)\n", raw):
        errs.append("bare LF")
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    if msg.defects:
        errs.append("defects %r" % msg.defects)
    subj = c.get("subject")
    if subj is None:
        if msg["subject"] is not None:
            errs.append("unexpected subject")
    elif str(msg["subject"]) != subj:
        errs.append("subject %r != %r" % (str(msg["subject"]), subj))
    texts = []
    for part in msg.walk():
        if part.get_content_maintype() == "text":
            texts.append((part.get_content_type(), part.get_content()))
        for dp in part.defects:
            errs.append("part defect %r" % dp)
        if part.get_content_type() == "message/rfc822":
            inner = part.get_content()
            for p2 in inner.walk():
                if p2.get_content_maintype() == "text":
                    p2.get_content()
    struct = c.get("struct", "plain")
    if struct != "html":
        plain = [t for ct, t in texts if ct == "text/plain"]
        if not plain or norm(plain[0]).rstrip("\n") != c["body"].rstrip("\n"):
            errs.append("plain body mismatch: %r" % (plain[:1],))
    else:
        htmls = [t for ct, t in texts if ct == "text/html"]
        if len(htmls) != 1:
            errs.append("html missing")
    # json
    e = js["expected"]
    for ans in [e] + js.get("also_ok", []):
        if set(ans) != {"action", "reason", "submissions"}:
            errs.append("keys")
        if ans["action"] == "record":
            if ans["reason"] is not None or not ans["submissions"]:
                errs.append("record shape")
            for s in ans["submissions"]:
                if not (isinstance(s["account"], str) and re.fullmatch(r"\d{12}", s["account"])):
                    errs.append("account %r" % s["account"])
                if not s["readings"] or set(s["readings"]) - {"t1", "t2", "t3"}:
                    errs.append("readings keys")
                for v in s["readings"].values():
                    if type(v) is not int or v < 0:
                        errs.append("value %r" % v)
                r = s["readings"]
                if list(r) not in (["t1"], ["t1", "t2"], ["t1", "t2", "t3"]):
                    errs.append("registers %r" % list(r))
                # the account's digits must be somewhere in what the resident wrote
                hay = re.sub(r"[\s\-.\u00a0\u2009]", "", (subj or "") + c["body"] + (c.get("fwd", {}).get("body", "")))
                if s["account"] not in hay:
                    errs.append("account %s not in text" % s["account"])
        else:
            if ans["submissions"] != [] or ans["reason"] not in (
                    "not_readings", "auto_generated", "no_account", "no_readings", "ambiguous"):
                errs.append("non-record shape")
            if (ans["action"] == "ignore") != (ans["reason"] in ("not_readings", "auto_generated")):
                errs.append("action/reason mismatch")
    if e["action"] in ("record", "reject") and subj is not None:
        pass
    if js.get("also_ok") and "contract-unclear" not in js["tags"]:
        errs.append("also_ok without contract-unclear")
    return errs


def main(argv):
    cases = all_cases()
    names = [c["name"] for c in cases]
    assert len(set(c["slug"] for c in cases)) == len(cases), "duplicate slug"
    if "--stats" in argv:
        stats(cases)
        return 0
    bad = 0
    if "--check" not in argv:
        for f in os.listdir(HERE):
            if re.match(r"c\d{3}_.*\.(eml|json)$", f) and f.rsplit(".", 1)[0] not in names:
                os.remove(os.path.join(HERE, f))
    for c in cases:
        js = case_json(c)
        if "--check" in argv:
            raw = open(os.path.join(HERE, c["name"] + ".eml"), "rb").read()
            js = json.load(open(os.path.join(HERE, c["name"] + ".json"), encoding="utf-8"))
        else:
            raw = build_message(c, c["num"])
            with open(os.path.join(HERE, c["name"] + ".eml"), "wb") as f:
                f.write(raw)
            with open(os.path.join(HERE, c["name"] + ".json"), "w", encoding="utf-8", newline="\n") as f:
                json.dump(js, f, ensure_ascii=False, indent=2)
                f.write("\n")
        errs = check_case(c["name"], raw, c, js)
        if errs:
            bad += 1
            print(c["name"], errs)
    print("%d cases, %d with problems" % (len(cases), bad))
    return 1 if bad else 0


def stats(cases):
    from collections import Counter
    kinds = Counter()
    tags = Counter()
    for c in cases:
        e = c["exp"]
        if e["action"] == "record":
            subs = e["submissions"]
            if len(subs) > 1:
                k = "record/multi-account"
            else:
                k = "record/" + {1: "single-rate", 2: "two-zone", 3: "three-zone"}[len(subs[0]["readings"])]
        else:
            k = "%s/%s" % (e["action"], e["reason"])
        kinds[k] += 1
        for t in case_json(c)["tags"]:
            tags[t] += 1
    act = Counter(c["exp"]["action"] for c in cases)
    print("total", len(cases), dict(act))
    for k, v in sorted(kinds.items()):
        print("  %-28s %d" % (k, v))
    print("tags:")
    for k, v in sorted(tags.items(), key=lambda kv: (-kv[1], kv[0])):
        print("  %-26s %d" % (k, v))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
