#!/usr/bin/env python3
"""Blind evaluation set 1 for `mailreader parse`.

Written from shared/corpus/CONTRACT.md alone, without reading the parser or its
tests.  Standard library only.  `python3 _make.py` rewrites every bNNN_*.eml /
bNNN_*.json in this folder (deterministic); `--stats` prints counts.
"""
import base64
import datetime
import hashlib
import html
import json
import os
import quopri
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TO = "energy@es.krasnoyarsk.ru"
UTIL_NAME = "Красноярскэнергосбыт"

CASES = []


# ---------------------------------------------------------------- expectations
def R(*subs):
    """R((acc, t1[, t2[, t3]]), ...) -> record.  Three values: peak, night, semi-peak."""
    out = []
    for s in subs:
        acc, vals = s[0], s[1:]
        rd = {}
        for k, v in zip(("t1", "t2", "t3"), vals):
            rd[k] = v
        out.append({"account": acc, "readings": rd})
    return {"action": "record", "reason": None, "submissions": out}


def R1(acc, *vals):
    return R((acc,) + vals)


def J(reason):
    return {"action": "reject", "reason": reason, "submissions": []}


def IG(reason):
    return {"action": "ignore", "reason": reason, "submissions": []}


def case(slug, subject, body, exp, note, tags=(), also=(), **kw):
    CASES.append(dict(slug=slug, subject=subject, body=body, exp=exp, note=note,
                      tags=list(tags), also=list(also), kw=kw))


# ---------------------------------------------------------------- quoting helpers
RU_WD = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"]
RU_WD_FULL = ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"]
RU_MON_S = ["янв.", "февр.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сент.", "окт.", "нояб.", "дек."]
RU_MON_G = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
            "октября", "ноября", "декабря"]


def _d(day, month=11, hh=10, mm=12):
    return datetime.datetime(2026, month, day, hh, mm)


def q_gmail(text, who=UTIL_NAME, addr=TO, d=None):
    d = d or _d(24)
    head = "%s, %d %s %d г. в %02d:%02d, %s <%s>:" % (
        RU_WD[d.weekday()], d.day, RU_MON_S[d.month - 1], d.year, d.hour, d.minute, who, addr)
    return "\n\n" + head + "\n\n" + "\n".join(("> " + l).rstrip() if l else ">" for l in text.split("\n")) + "\n"


def q_gmail_en(text, who=UTIL_NAME, addr=TO, d=None):
    d = d or _d(24)
    head = "On %s, %s %d, %d at %d:%02d AM %s <%s> wrote:" % (
        d.strftime("%a"), d.strftime("%b"), d.day, d.year, d.hour, d.minute, who, addr)
    return "\n\n" + head + "\n\n" + "\n".join(("> " + l).rstrip() if l else ">" for l in text.split("\n")) + "\n"


def q_iphone(text, who=UTIL_NAME, addr=TO, d=None):
    d = d or _d(23)
    head = "> %d %s %d г., в %02d:%02d, %s <%s> написал(а):" % (
        d.day, RU_MON_S[d.month - 1], d.year, d.hour, d.minute, who, addr)
    return "\n\n" + head + "\n>\n" + "\n".join(("> " + l).rstrip() if l else ">" for l in text.split("\n")) + "\n"


def q_mailru(text, who=UTIL_NAME, addr=TO, d=None):
    d = d or _d(22)
    head = ">%s, %d %s %d, %02d:%02d +07:00 от %s <%s>:" % (
        RU_WD_FULL[d.weekday()], d.day, RU_MON_G[d.month - 1], d.year, d.hour, d.minute, who, addr)
    return "\n\n\n" + head + "\n>\n" + "\n".join((">" + l) for l in text.split("\n")) + "\n"


def q_yandex(text, who=UTIL_NAME, addr=TO, d=None):
    d = d or _d(21)
    head = "%02d.%02d.%d, %02d:%02d, \"%s\" <%s>:" % (d.day, d.month, d.year, d.hour, d.minute, who, addr)
    return "\n\n" + head + "\n" + "\n".join(("> " + l).rstrip() if l else ">" for l in text.split("\n")) + "\n"


def q_outlook_ru(text, who=UTIL_NAME, addr=TO, subj="Показания", d=None):
    d = d or _d(20)
    head = ("________________________________\n"
            "От: %s <%s>\nОтправлено: %s, %d %s %d г. %d:%02d\nКому: ivanova.l@krasmash.ru\nТема: %s\n"
            % (who, addr, RU_WD_FULL[d.weekday()].lower(), d.day, RU_MON_G[d.month - 1], d.year,
               d.hour, d.minute, subj))
    return "\n\n" + head + "\n" + text + "\n"


def q_outlook_en(text, who=UTIL_NAME, addr=TO, subj="Показания", d=None):
    d = d or _d(20)
    head = ("-----Original Message-----\nFrom: %s [mailto:%s]\nSent: %s, %s %d, %d %d:%02d AM\n"
            "To: Sergey Kuznetsov\nSubject: %s\n" % (who, addr, d.strftime("%A"), d.strftime("%B"),
                                                     d.day, d.year, d.hour, d.minute, subj))
    return "\n\n" + head + "\n" + text + "\n"


def fwd_gmail(text, who, addr, subj, d=None):
    d = d or _d(19)
    return ("\n\n---------- Forwarded message ---------\nОт: %s <%s>\nDate: %s, %d %s %d г. в %02d:%02d\n"
            "Subject: %s\nTo: <%s>\n\n\n%s\n" % (who, addr, RU_WD[d.weekday()], d.day, RU_MON_S[d.month - 1],
                                                  d.year, d.hour, d.minute, subj, TO, text))


def fwd_yandex(text, who, addr, subj, d=None):
    d = d or _d(18)
    return ("\n\n-------- Пересылаемое сообщение --------\n%02d.%02d.%d, %02d:%02d, \"%s\" <%s>:\n\n%s\n"
            "-------- Конец пересылаемого сообщения --------\n" % (d.day, d.month, d.year, d.hour, d.minute,
                                                                 who, addr, text))


def fwd_mailru(text, who, addr, subj, d=None):
    d = d or _d(17)
    return ("\n\n\n-------- Пересылаемое сообщение --------\nОт кого: %s <%s>\nКому: %s\nДата: %s, %d %s %d, "
            "%02d:%02d +07:00\nТема: %s\n\n%s\n" % (who, addr, TO, RU_WD_FULL[d.weekday()], d.day,
                                                   RU_MON_G[d.month - 1], d.year, d.hour, d.minute, subj, text))


def confirmation(acc, vals, d="25.10.2026"):
    names = ["Т1", "Т2", "Т3"]
    vs = ", ".join("%s = %s" % (names[i], v) for i, v in enumerate(vals))
    return ("Уважаемый абонент!\n\nПоказания по лицевому счёту %s приняты: %s.\nДата приёма: %s.\n\n"
            "Это письмо сформировано автоматически, отвечать на него не нужно.\n"
            "ПАО «Красноярскэнергосбыт», тел. 8-800-700-24-24" % (acc, vs, d))


# ---------------------------------------------------------------- MIME engine
CLIENTS = {
    "gmail": dict(domains=["gmail.com"], hdr=[], rcv="mail-sor-f%d.google.com", mid="CA+%s@mail.gmail.com",
                  mv="1.0", struct="alt", html="div"),
    "outlook": dict(domains=["outlook.com", "krasmash.ru", "sibgenco.ru", "kraszdrav.ru"],
                    hdr=[("X-Mailer", "Microsoft Outlook 16.0"), ("Thread-Index", "AdtTq9x1Zk0Ym3oRRsaA6bC2Xw1N8g=="),
                         ("Content-Language", "ru")],
                    rcv="mail.%s", mid="%s@%s", mv="1.0", struct="alt", html="mso"),
    "iphone": dict(domains=["icloud.com", "mail.ru", "yandex.ru"], hdr=[("X-Mailer", "iPhone Mail (21B101)")],
                   rcv="mail-%d.icloud.com", mid="%s@icloud.com", mv="1.0 (1.0)", struct="plain", html="div"),
    "yandex": dict(domains=["yandex.ru", "ya.ru"], hdr=[("X-Mailer", "Yamail [ http://yandex.ru ] 5.0")],
                   rcv="forward%d.mail.yandex.net", mid="%s@mail.yandex.ru", mv="1.0", struct="alt", html="div"),
    "mailru": dict(domains=["mail.ru", "bk.ru", "list.ru", "inbox.ru"], hdr=[("X-Mailer", "Mail.Ru Mailer 1.0")],
                   rcv="f%d.i.mail.ru", mid="%s@f%d.i.mail.ru", mv="1.0", struct="alt", html="br"),
    "android": dict(domains=["gmail.com", "mail.ru", "yandex.ru"], hdr=[("User-Agent", "K-9 Mail for Android")],
                    rcv="mx%d.mail.ru", mid="%s@email.android.com", mv="1.0", struct="plain", html="div"),
    "thunderbird": dict(domains=["rambler.ru", "ngs.ru", "krsk.info"],
                        hdr=[("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 "
                                            "Thunderbird/115.12.2")],
                        rcv="mx%d.rambler.ru", mid="%s@rambler.ru", mv="1.0", struct="plain", html="p"),
    "thebat": dict(domains=["mail.ru", "rambler.ru", "kras.ru"], hdr=[("X-Mailer", "The Bat! (v9.4.5) Professional")],
                   rcv="relay%d.kras.ru", mid="%s@kras.ru", mv="1.0", struct="plain", html="br"),
}

NAMES = [("Иванова Людмила Петровна", "ivanova.lp"), ("Кузнецов Сергей", "s.kuznetsov"),
         ("Петров Алексей Викторович", "petrov.av"), ("Смирнова Ольга", "olga_smirnova"),
         ("Соколов Дмитрий", "d.sokolov"), ("Попова Надежда Ивановна", "popova1954"),
         ("Васильев Игорь", "igor.vasilev"), ("Морозова Анна", "anna.morozova"),
         ("Новиков Павел", "pavel-novikov"), ("Фёдорова Галина Степановна", "galina_fedorova"),
         ("Волков Артём", "artem.volkov"), ("Лебедева Екатерина", "katya.lebedeva"),
         ("Козлов Николай Андреевич", "kozlov.na"), ("Егорова Вера", "vera.egorova"),
         ("Павлов Максим", "m.pavlov"), ("Семёнова Тамара", "tamara.semenova"),
         ("Голубев Виктор", "golubev_v"), ("Виноградова Ирина", "irina.vinogradova"),
         ("Богданова Зоя Михайловна", "zoya.bogdanova"), ("Орлов Константин", "k.orlov"),
         ("Тарасова Юлия", "yulia.tarasova"), ("Белов Роман", "roman_belov"),
         ("Комарова Лидия", "lidiya.komarova"), ("Медведев Геннадий", "gena.medvedev"),
         ("Ткаченко Оксана", "oksana.tkachenko"), ("Шарипов Рустам", "rustam.sharipov"),
         ("Ким Елена", "elena.kim"), ("Зайцев Андрей", "zaitsev.andrey"),
         ("Мельникова Светлана", "sveta.melnikova"), ("Гусев Олег", "oleg.gusev")]


def enc_word(text, charset, mode):
    """RFC 2047 encode `text` as a list of encoded words (B or Q)."""
    words, chunk = [], ""
    limit = 30 if mode == "b" else 18
    for ch in text:
        if len((chunk + ch).encode(charset)) > limit:
            words.append(chunk)
            chunk = ""
        chunk += ch
    if chunk:
        words.append(chunk)
    out = []
    for w in words:
        b = w.encode(charset)
        if mode == "b":
            out.append("=?%s?B?%s?=" % (charset, base64.b64encode(b).decode()))
        else:
            s = ""
            for byte in b:
                c = chr(byte)
                if c.isalnum() and byte < 128:
                    s += c
                elif c == " ":
                    s += "_"
                else:
                    s += "=%02X" % byte
            out.append("=?%s?Q?%s?=" % (charset, s))
    return out


def hdr_text(name, text, charset, mode):
    if text == "":
        return "%s: " % name
    if all(ord(c) < 128 for c in text) or mode == "raw":
        return "%s: %s" % (name, text)
    ws = enc_word(text, charset, mode)
    return "%s: %s" % (name, "\r\n ".join(ws))


def from_hdr(name, addr, charset, mode):
    if all(ord(c) < 128 for c in name):
        return 'From: "%s" <%s>' % (name, addr)
    # one encoded word for the whole display name (some decoders add a space between words of a phrase)
    return "From: =?utf-8?B?%s?= <%s>" % (base64.b64encode(name.encode("utf-8")).decode(), addr)


def encode_body(text, charset, cte):
    text = text.replace("\r\n", "\n")
    if cte == "8bit" or cte == "7bit":
        return text.replace("\n", "\r\n").encode(charset)
    if cte == "qp":
        q = quopri.encodestring(text.encode(charset))
        return q.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if cte == "base64":
        raw = text.replace("\n", "\r\n").encode(charset)
        b = base64.encodebytes(raw).replace(b"\n", b"\r\n")
        return b
    raise ValueError(cte)


CTE_NAME = {"8bit": "8bit", "7bit": "7bit", "qp": "quoted-printable", "base64": "base64"}


def leaf(ctype, text, charset, cte, extra=""):
    h = 'Content-Type: %s; charset="%s"%s\r\nContent-Transfer-Encoding: %s\r\n\r\n' % (
        ctype, charset, extra, CTE_NAME[cte])
    return h.encode("ascii") + encode_body(text, charset, cte)


def to_html(text, style):
    lines = text.replace("\r\n", "\n").split("\n")
    out = []
    i = 0

    def esc(l):
        e = html.escape(l, quote=False)
        while "  " in e:
            e = e.replace("  ", "&nbsp; ")
        return e

    def render(ls):
        res = []
        for l in ls:
            if style == "div":
                res.append("<div>%s</div>" % (esc(l) if l.strip() else "<br>"))
            elif style == "p":
                res.append("<p>%s</p>" % esc(l) if l.strip() else "<p>&nbsp;</p>")
            elif style == "mso":
                res.append('<p class=MsoNormal>%s<o:p></o:p></p>' % esc(l) if l.strip()
                           else '<p class=MsoNormal><o:p>&nbsp;</o:p></p>')
            else:
                res.append(esc(l) + "<br>")
        return res

    while i < len(lines):
        if lines[i].startswith(">"):
            j = i
            q = []
            while j < len(lines) and lines[j].startswith(">"):
                q.append(lines[j][1:].lstrip(" ") if lines[j].startswith("> ") or lines[j] == ">" else lines[j][1:])
                j += 1
            out.append('<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
                       'border-left:1px solid rgb(204,204,204);padding-left:1ex">')
            out.extend(render(q))
            out.append("</blockquote>")
            i = j
        else:
            out.extend(render([lines[i]]))
            i += 1
    inner = "\n".join(out)
    if style == "mso":
        return ('<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
                'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">\n'
                '<head><meta http-equiv=Content-Type content="text/html; charset=%%CS%%">'
                '<meta name=Generator content="Microsoft Word 15 (filtered medium)">\n<style><!--\n'
                '/* Font Definitions */\n@font-face {font-family:Calibri;}\n'
                'p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;}\n'
                '--></style></head>\n<body lang=RU link="#0563C1" vlink="#954F72" style=\'word-wrap:break-word\'>\n'
                '<div class=WordSection1>\n' + inner + '\n</div>\n</body>\n</html>\n')
    if style == "div":
        return '<div dir="ltr">\n' + inner + "\n</div>\n"
    return "<html><head></head><body>\n" + inner + "\n</body></html>\n"


JPEG = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x01\x00H\x00H\x00\x00" + bytes(range(256)) * 6 + b"\xff\xd9")


def boundary(seed, n=0):
    return "----=_Part_%s_%d" % (hashlib.md5(("%s%d" % (seed, n)).encode()).hexdigest()[:16], n)


def build(c, idx):
    kw = c["kw"]
    rng = random.Random("blind1-%d" % idx)
    client = kw.get("client") or rng.choice(list(CLIENTS))
    cl = CLIENTS[client]
    charset = kw.get("charset")
    if charset is None:
        pref = {"thebat": ["cp1251", "cp1251", "koi8-r"], "outlook": ["cp1251", "utf-8", "utf-8"],
                "mailru": ["utf-8", "utf-8", "cp1251"], "thunderbird": ["koi8-r", "utf-8", "utf-8"]}
        charset = rng.choice(pref.get(client, ["utf-8"]))
        try:
            (c["body"] + (c["subject"] or "") + (kw.get("html_body") or "")).encode(charset)
        except UnicodeEncodeError:
            charset = "utf-8"
    cte = kw.get("cte") or ("8bit" if charset in ("utf-8", "cp1251") and rng.random() < 0.5
                            else rng.choice(["qp", "base64"]))
    struct = kw.get("struct")
    if struct is None:
        struct = cl["struct"]
        r = rng.random()
        if client == "outlook" and r < 0.35:
            struct = "html"
        elif client in ("iphone", "android") and r < 0.2 and not (kw.get("from_raw") or kw.get("addr")):
            struct = "attach"
    hstyle = kw.get("html") or cl["html"]
    smode = kw.get("subj") or rng.choice(["b", "q"])
    name, login = kw.get("sender") or rng.choice(NAMES)
    dom = rng.choice(cl["domains"])
    addr = kw.get("addr") or "%s@%s" % (login, dom)
    if "date" in kw:
        day, month = kw["date"]
    else:
        dd = rng.randrange(0, 36)
        base = datetime.date(2026, 11, 20) + datetime.timedelta(days=dd)
        day, month = base.day, base.month
    dt = datetime.datetime(2026, month, day, rng.randrange(6, 23), rng.randrange(60), rng.randrange(60))
    datestr = dt.strftime("%a, %d %b %Y %H:%M:%S +0700")
    tok = hashlib.sha1(("%d%s" % (idx, c["slug"])).encode()).hexdigest()

    H = []
    H.append("Return-Path: %s" % kw.get("return_path", "<%s>" % addr))
    rcv_host = cl["rcv"] % (rng.randrange(10, 99) if "%d" in cl["rcv"] else dom)
    if kw.get("from_raw") or kw.get("addr"):
        rcv_host = "mx%d.%s" % (rng.randrange(1, 9), addr.split("@")[1])
    H.append("Received: from %s (%s [%d.%d.%d.%d])\r\n\tby mx.es.krasnoyarsk.ru (Postfix) with ESMTPS id %s\r\n"
             "\tfor <%s>; %s" % (rcv_host, rcv_host, rng.randrange(5, 220), rng.randrange(256), rng.randrange(256),
                                 rng.randrange(1, 255), tok[:11].upper(), TO, datestr))
    H.append(from_hdr(name, addr, "utf-8", smode) if not kw.get("from_raw") else "From: " + kw["from_raw"])
    H.append("To: %s" % kw.get("to", TO))
    subj = c["subject"]
    if subj is not None:
        scs = kw.get("subj_charset", charset if charset in ("cp1251", "koi8-r") else "utf-8")
        H.append(hdr_text("Subject", subj, scs, smode))
    H.append("Date: %s" % datestr)
    if "%s@%s" == cl["mid"]:
        mid = "%s@%s" % (tok[:24].upper(), dom)
    elif cl["mid"].count("%") == 2:
        mid = cl["mid"] % (tok[:20], rng.randrange(100, 999))
    else:
        mid = cl["mid"] % tok[:28]
    H.append("Message-ID: <%s>" % mid)
    if kw.get("in_reply_to"):
        H.append("In-Reply-To: <%s@es.krasnoyarsk.ru>" % tok[5:20])
        H.append("References: <%s@es.krasnoyarsk.ru>" % tok[5:20])
    if not (kw.get("from_raw") or kw.get("addr")):  # service senders carry no personal mail-client headers
        for k, v in cl["hdr"]:
            H.append("%s: %s" % (k, v))
    for k, v in kw.get("headers", []):
        H.append("%s: %s" % (k, v))
    H.append("MIME-Version: %s" % cl["mv"])

    body_text = c["body"]
    b1 = boundary(tok, 1)
    b2 = boundary(tok, 2)
    html_text = kw.get("html_body")

    def alt_part():
        h = html_text or to_html(body_text, hstyle).replace("%%CS%%", charset)
        p1 = leaf("text/plain", body_text, charset, cte)
        p2 = leaf("text/html", h, charset, cte)
        return (('Content-Type: multipart/alternative; boundary="%s"\r\n\r\n' % b2).encode() +
                ("--%s\r\n" % b2).encode() + p1 + ("\r\n--%s\r\n" % b2).encode() + p2 +
                ("\r\n--%s--\r\n" % b2).encode())

    if struct == "plain":
        top = leaf("text/plain", body_text, charset, cte, kw.get("ct_extra", ""))
    elif struct == "html":
        h = html_text or to_html(body_text, hstyle).replace("%%CS%%", charset)
        top = leaf("text/html", h, charset, cte)
    elif struct == "alt":
        top = alt_part()
    elif struct in ("attach", "attach_alt"):
        first = alt_part() if struct == "attach_alt" else leaf("text/plain", body_text, charset, cte)
        fname = kw.get("fname", "IMG_%04d.jpg" % rng.randrange(1000, 9999))
        if all(ord(ch) < 128 for ch in fname):
            fn = 'name="%s"' % fname
            cd = 'filename="%s"' % fname
        else:
            ew = enc_word(fname, "utf-8", "b")
            fn = 'name="%s"' % "".join(ew)
            from urllib.parse import quote
            cd = "filename*=utf-8''%s" % quote(fname.encode("utf-8"))
        att = ('Content-Type: image/jpeg; %s\r\nContent-Disposition: attachment; %s\r\n'
               'Content-Transfer-Encoding: base64\r\n\r\n' % (fn, cd)).encode() + \
            base64.encodebytes(JPEG).replace(b"\n", b"\r\n")
        top = (('Content-Type: multipart/mixed; boundary="%s"\r\n\r\n' % b1).encode() +
               ("--%s\r\n" % b1).encode() + first + ("\r\n--%s\r\n" % b1).encode() + att +
               ("\r\n--%s--\r\n" % b1).encode())
    elif struct == "fwd822":
        inner = kw["inner"]  # (from_name, from_addr, subject, body, charset, cte)
        iname, iaddr, isubj, ibody, ics, icte = inner
        ih = [from_hdr(iname, iaddr, "utf-8", "b"), "To: %s" % TO, hdr_text("Subject", isubj, "utf-8", "b"),
              "Date: %s" % (dt - datetime.timedelta(days=3, hours=2)).strftime("%a, %d %b %Y %H:%M:%S +0700"),
              "Message-ID: <%s@mail.ru>" % tok[10:30], "MIME-Version: 1.0"]
        inner_raw = ("\r\n".join(ih) + "\r\n").encode() + leaf("text/plain", ibody, ics, icte)
        name822 = kw.get("fname", "Показания.eml")
        ew = "".join(enc_word(name822, "utf-8", "b"))
        top = (('Content-Type: multipart/mixed; boundary="%s"\r\n\r\n' % b1).encode() +
               ("--%s\r\n" % b1).encode() + leaf("text/plain", body_text, charset, cte) +
               ("\r\n--%s\r\n" % b1).encode() +
               ('Content-Type: message/rfc822; name="%s"\r\nContent-Disposition: attachment; filename="%s"\r\n\r\n'
                % (ew, ew)).encode() + inner_raw + ("\r\n--%s--\r\n" % b1).encode())
    elif struct in ("dsn", "mdn"):
        rtype = kw.get("rtype") or ("delivery-status" if struct == "dsn" else "disposition-notification")
        p1 = leaf("text/plain", body_text, charset, cte)
        p2 = ("Content-Type: message/%s\r\n\r\n" % rtype).encode() + kw["report"].replace("\n", "\r\n").encode()
        parts = [p1, p2]
        if kw.get("original"):
            parts.append(b"Content-Type: message/rfc822\r\nContent-Description: Undelivered Message\r\n\r\n" +
                         kw["original"].replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8"))
        top = ('Content-Type: multipart/report; report-type=%s;\r\n\tboundary="%s"\r\n\r\n' % (rtype, b1)).encode()
        top += b"This is a MIME-encapsulated message.\r\n\r\n"
        for p in parts:
            top += ("--%s\r\n" % b1).encode() + p + b"\r\n"
        top += ("--%s--\r\n" % b1).encode()
    else:
        raise ValueError(struct)

    raw = ("\r\n".join(H) + "\r\n").encode("utf-8") + top
    tags = list(c["tags"])
    tags += [charset, cte, {"plain": "text-plain", "alt": "multipart-alternative", "html": "html-only",
                            "attach": "attachment", "attach_alt": "attachment", "fwd822": "message-rfc822",
                            "dsn": "multipart-report", "mdn": "multipart-report"}[struct],
             "client-" + client]
    if subj and any(ord(ch) > 127 for ch in subj):
        tags.append("subject-" + smode)
    seen = []
    for t in tags:
        if t not in seen:
            seen.append(t)
    return raw, seen



# ================================================================== THE BANK
# Every expectation below was decided from CONTRACT.md (with its Clarifications).

# ------------------------------------------------------------ record: single-rate
case("polite_basic", "Показания за ноябрь",
"""Добрый день!
Лицевой счёт 381204556720, показания счётчика 4512.
Спасибо.""",
R1("381204556720", 4512), "Plain polite single-rate message.", ["single-rate"], client="gmail")

case("caps_grandma", "ПОКАЗАНИЯ",
"""ЗДРАВСТВУЙТЕ ПЕРЕДАЮ ПОКАЗАНИЯ ЛИЦ СЧЕТ 705612043389 СЧЕТЧИК 08734 СПАСИБО ВАМ БОЛЬШОЕ ДОБРЫМ ЛЮДЯМ""",
R1("705612043389", 8734), "All caps, no punctuation, leading zero on the value.", ["single-rate", "leading-zero"],
client="mailru", struct="plain", cte="8bit")

case("spaced_account_decimal", "показания",
"""л.с. 2407 3190 8215
эл.энергия 12345,6

Отправлено с iPhone""",
R1("240731908215", 12345), "Account grouped by spaces; decimal part after the comma dropped.",
["single-rate", "account-spaces", "decimal"], client="iphone", cte="8bit")

case("outlook_dashes_phone_date", "Передача показаний эл/энергии",
"""Здравствуйте.

Номер лицевого счета: 120-045-781-136
Показания на 25.11.2026: 6 731

С уважением,
Петров А.В.
тел. 8 913 123-45-67""",
R1("120045781136", 6731), "Dash-grouped account, space-grouped value; a date and a mobile phone around.",
["single-rate", "account-dashes", "thousands-space", "date", "phone", "hard-distractor"],
client="outlook", struct="html", cte="qp")

case("sms_plain", "Показания", "563010447892*1209",
R1("563010447892", 1209), "SMS one-liner account*value.", ["single-rate", "sms-format"], client="iphone", cte="8bit")

case("account_in_subject", "Показания л/с 332560194470",
"""11 208

Отправлено из мобильной Почты Mail.ru""",
R1("332560194470", 11208), "Account only in the subject, value alone in the body.",
["single-rate", "subject-account", "thousands-space"], client="mailru", struct="plain")

case("all_in_subject", "Показания 178400923356 - 3377", "\nSent from my iPhone\n",
R1("178400923356", 3377), "Account and value both in the subject, body only a client signature.",
["single-rate", "subject-account", "subject-value"], client="iphone")

case("words_value", "Показания счётчика",
"""Здравствуйте. Лицевой счёт 450218837061.
Показания: четыре тысячи пятьсот двенадцать.
Пишу словами, чтобы не перепутали.""",
R1("450218837061", 4512), "Value written in Russian words.", ["single-rate", "words"], client="yandex")

case("digits_and_words_agree", "показания",
"""Лицевой 611093047825
показания 5 510 (пять тысяч пятьсот десять)""",
R1("611093047825", 5510), "Digits and words agree.", ["single-rate", "words", "thousands-space"], client="android")

case("dot_grouped_both", "Показания эл. энергии",
"""Л/С 830.571.162.048
Показание 15.208
Козлова""",
R1("830571162048", 15208), "Dots group the account and the thousands of the value.",
["single-rate", "account-dots", "thousands-dot"], client="thebat", charset="cp1251", cte="8bit")

case("thin_space_value", "Показания",
"Лицевой счёт 8305\u20097116\u20092048, на счётчике сейчас 16\u2009033.",
R1("830571162048", 16033), "Thin spaces group the account and the thousands of the value.",
["single-rate", "thousands-space", "account-spaces"], client="iphone", cte="8bit")

case("red_window_one", "Показания ноябрь",
"""Добрый вечер. Л/сч 125509843307.
Счётчик показывает 45217, последняя цифра красная.""",
R1("125509843307", 4521), "Resident copies all drums; the last (red) one is dropped.",
["single-rate", "red-window"], client="gmail")

case("red_window_two", "Показания",
"""ЛС 390016258741
1284567 - две последние цифры в красных окошках""",
R1("390016258741", 12845), "Last two drums in red are dropped.", ["single-rate", "red-window"], client="yandex")

case("dot_decimal", "Показания за декабрь",
"""Лицевой счет 547702318860
Показание: 7309.4""",
R1("547702318860", 7309), "Decimal with a dot and one digit: the decimal part is dropped.",
["single-rate", "decimal"], client="thunderbird", charset="koi8-r", cte="base64", date=(3, 12))

case("leading_zeros", "Показания", "л/с 213849006572 - 00987",
R1("213849006572", 987), "Leading zeros dropped.", ["single-rate", "leading-zero"], client="android")

case("t1_label_single", "показания электросчетчика",
"""Лицевой: 680930415527
Т1 - 5530""",
R1("680930415527", 5530), "Single-rate meter labelled T1 (Cyrillic Т).", ["single-rate", "t-labels"], client="mailru")

case("correction_oshibsya", "Показания",
"""Здравствуйте! ЛС 119257340086, показания 4401.
Ой, ошибся, 4410 правильно.""",
R1("119257340086", 4410), "Correction with 'ошибся' replaces the earlier value.",
["single-rate", "correction"], client="iphone", cte="8bit")

case("correction_vernee", "Показания",
"""ЛС 702248190635
показания 3920, вернее 3902""",
R1("702248190635", 3902), "Correction 'вернее'.", ["single-rate", "correction"], client="gmail")

case("bylo_stalo", "Показания счетчика",
"""Лицевой счёт № 904127630018

Было: 8721
Стало: 8905

Спасибо""",
R1("904127630018", 8905), "Before/after layout gives the current value.", ["single-rate", "before-after"],
client="outlook")

case("proshlye_tekushchie", "Показания",
"""Добрый день, по л/с 241803375509 прошлые показания были 2210, текущие 2344.""",
R1("241803375509", 2344), "Previous/current in one sentence: current counts.", ["single-rate", "before-after"],
client="yandex")

case("consumption_beside", "Показания за ноябрь",
"""Лицевой счет 563010447892
Показания 6120
Израсходовано за месяц 187 кВт·ч, что-то много.""",
R1("563010447892", 6120), "Consumption beside the reading is not a value.",
["single-rate", "consumption", "hard-distractor"], client="mailru")

case("tariff_money", "Показания",
"""Здравствуйте, л/с 450218837061.
Показания 3308.
По тарифу 5,12 руб/кВт·ч к оплате вышло 1 234,56 руб., оплачу до 10 декабря.""",
R1("450218837061", 3308), "Tariff and a sum of money beside the reading.",
["single-rate", "tariff", "amount", "date", "hard-distractor"], client="gmail")

case("postcode_address", "Показания кв. 142",
"""660093, г. Красноярск, ул. Вавилова, д. 15, кв. 142
л/с 702248190635
показания 9 114""",
R1("702248190635", 9114), "Postcode, house and flat numbers around; value with a space.",
["single-rate", "address", "postcode", "thousands-space", "hard-distractor"], client="thebat",
charset="cp1251", cte="qp")

case("phones_everywhere", "Показания",
"""Добрый день. Лицевой счёт 390016258741. Показания счетчика 2765.
Если что-то не так звоните: 89131234567 или домашний +7 (391) 257-67-07, или 8(391)2-21-45-67.""",
R1("390016258741", 2765), "Phones in three formats beside the reading.",
["single-rate", "phone", "hard-distractor"], client="android")

case("operation_number", "Показания и оплата",
"""Оплатила через Сбербанк Онлайн, номер операции 100293847561.
Лицевой счет 547702318860, показания 2765.""",
R1("547702318860", 2765), "A 12-digit payment operation number is not an account.",
["single-rate", "payment-number", "hard-distractor"], client="mailru")

case("serial_number_15", "Показания счетчика Меркурий",
"""Счётчик Меркурий 201, заводской № 011234567890123
л/с 213849006572
показания 10 542""",
R1("213849006572", 10542), "A 15-digit meter serial number beside the account.",
["single-rate", "serial-number", "hard-distractor"], client="outlook")

case("seal_number", "Показания",
"""Пломба № 0012345 на месте, не трогали.
Лицевой 680930415527, показания 4 003.""",
R1("680930415527", 4003), "Seal number beside the reading.", ["single-rate", "seal", "hard-distractor"],
client="yandex")

case("inn12_beside", "Показания по квартире",
"""Лицевой счет: 680930415527
Показания: 6218
ИНН собственника 246512345678 (вдруг нужно)""",
R1("680930415527", 6218), "A 12-digit INN labelled as such is not an account.",
["single-rate", "inn", "hard-distractor"], client="gmail")

case("snils_passport", "показания",
"""Здравствуйте, меня просили указать данные.
Паспорт 0412 345678, СНИЛС 123-456-789 01.
Лицевой счёт 241000562394
Показания 8 417""",
R1("241000562394", 8417), "Passport and SNILS numbers beside the account.",
["single-rate", "passport", "snils", "hard-distractor"], client="mailru")

case("dates_times", "Показания 25.11.2026",
"""лс 119257340086
снимала 25 ноября в 10:30 (2026-11-25), на счетчике 7 788""",
R1("119257340086", 7788), "Dates in three formats and a time; date also in the subject.",
["single-rate", "date", "time", "hard-distractor"], client="iphone", cte="8bit")

case("yearly_consumption", "Показания",
"""Лицевой счёт 904127630018. Сегодня 9 342.
За 2025 год израсходовали 2 760 кВт·ч, в этом году меньше.""",
R1("904127630018", 9342), "Yearly consumption and a year beside the reading.",
["single-rate", "consumption", "date", "hard-distractor"], client="gmail")

case("two_meters_count", "Показания",
"""У нас в доме 2 счётчика, но второй не ваш (он на насос, отдельно).
По квартире: л/с 241803375509, показания 3 128.""",
R1("241803375509", 3128), "A count of meters is not a value.",
["single-rate", "count", "hard-distractor"], client="yandex")

case("receipt_number", "показания",
"""Здравствуйте! Номер квитанции 202611004512.
Лицевой 332560194470, показания 2 019.""",
R1("332560194470", 2019), "A 12-digit receipt number is not an account.",
["single-rate", "receipt-number", "hard-distractor"], client="android")

case("contract_number", "Показания (дача)",
"""Договор энергоснабжения № 240012349876 от 01.03.2019.
Лицевой счет 125509843307.
Показания 1 476.""",
R1("125509843307", 1476), "A 12-digit contract number is not an account.",
["single-rate", "contract-number", "date", "hard-distractor"], client="outlook")

case("card_mask", "Показания",
"""Л/С 705612043389, показания 5 601. Оплачено картой **** 4417, сумма 2 870,40 р.""",
R1("705612043389", 5601), "Card mask and money beside the reading.",
["single-rate", "amount", "card-number", "hard-distractor"], client="mailru")

case("phone_country_code_12", "Показания",
"""Пишу за маму, она в больнице. Её лицевой 450218837061, показания 3 006.
Мой номер +998 90 123 45 67 (я в Ташкенте), звоните если что.""",
R1("450218837061", 3006), "A foreign phone with a country code has 12 digits but is not an account.",
["single-rate", "phone", "hard-distractor"], client="gmail")

case("signature_account", "Показания",
"""Добрый день, показания 5 230.

-- 
Иванова Мария Петровна
л/с 119257340086
тел. +7 (923) 345-12-90""",
R1("119257340086", 5230), "Labelled account in the signature counts when the text names none; the phone does not.",
["single-rate", "signature", "phone", "hard-distractor"], client="thunderbird")

case("signature_inn_office", "Показания за ноябрь",
"""Лицевой счет 611093047825
показания 12 904

-- 
С уважением, Орлов К.
ООО «СибСтрой», ИНН 2464012345
660049, Красноярск, ул. Ленина, 21, офис 305
тел. (391) 252-11-80""",
R1("611093047825", 12904), "Signature numbers (INN, postcode, office, phone) never count.",
["single-rate", "signature", "inn", "postcode", "hard-distractor"], client="outlook", cte="qp")

case("latin_subject_mixed", "Пokaзaния",
"""ЛС 241000562394 показания 6 650""",
R1("241000562394", 6650), "Subject mixes Latin o, k, a into the Cyrillic word.",
["single-rate", "latin-lookalike"], client="android", subj="b")

case("latin_subject_caps", "ПOKAЗAHИЯ ЗA HOЯБPЬ",
"""л/с 547702318860
показания 2890""",
R1("547702318860", 2890), "Upper-case subject with Latin O, K, A, H, P look-alikes.",
["single-rate", "latin-lookalike"], client="thebat", charset="cp1251", cte="8bit", subj="q")

case("subject_re_brackets", "Re[2]: Показания",
"""381204556720 - 4 630""",
R1("381204556720", 4630), "Bracketed reply prefix; account and value separated by a dash.",
["single-rate", "prefix"], client="thebat", charset="cp1251", cte="qp")

case("subject_fw_fw", "Fw: FW: показания счетчика",
"""Лицевой счет 830571162048 показания 3 210""",
R1("830571162048", 3210), "Repeated forward prefixes.", ["single-rate", "prefix"], client="outlook")

case("subject_otv", "Отв: Показания",
"""Добрый день, л/с 213849006572, показания на сегодня 2 244""",
R1("213849006572", 2244), "Отв: prefix.", ["single-rate", "prefix"], client="mailru")

case("subject_otvet_peresl", "Ответ: Пересл: Показания за октябрь",
"""лицевой счет 702248190635
4 777""",
R1("702248190635", 4777), "Ответ: and Пересл: prefixes stacked.", ["single-rate", "prefix"], client="yandex")

case("subject_peredacha", "Передача показаний прибора учёта",
"""Здравствуйте! Прошу принять показания прибора учёта электроэнергии по лицевому счёту № 563010447892: 10 077 кВт·ч.
Дата снятия показаний 24.11.2026.
С уважением, Тарасова Ю.""",
R1("563010447892", 10077), "Formal wording; value followed by the unit; a date.",
["single-rate", "date", "formal"], client="outlook", struct="html", cte="base64")

case("subject_pokazaniyakh", "Вопрос о показаниях? нет, просто показания",
"""лс 241803375509 = 3 955""",
R1("241803375509", 3955), "Subject has 'показаниях' and 'показания'.", ["single-rate"], client="android")

case("subject_hyphen_glued", "Показания-ноябрь-2026",
"""Лицевой счет 125509843307, счетчик 2 509""",
R1("125509843307", 2509), "Subject word joined by hyphens; the year in the subject is not a value.",
["single-rate", "date", "hard-distractor"], client="gmail")

case("long_story", "Показания, и немного о жизни",
"""Здравствуйте, уважаемые сотрудники!

Пишу вам впервые, раньше показания всегда передавал мой муж, Николай Андреевич, но он сейчас в больнице
после операции, уже 3 недели, и я разбираюсь сама. Внучка научила меня отправлять письма по электронной
почте, так что не судите строго.

Счётчик у нас старый, стоит в коридоре на лестничной площадке, 5 этаж, квартира 87. Сегодня соседка помогла
посмотреть, потому что лампочка в подъезде перегорела уже давно (когда её поменяют, не знаете?).

Лицевой счёт: 904127630018
Показания: 14 582

Заранее спасибо. Всего вам доброго, с наступающим!
Козлова Вера Ивановна, 78 лет""",
R1("904127630018", 14582), "Long story with floor, flat, weeks and age numbers around one reading.",
["single-rate", "long", "address", "count", "hard-distractor"], client="mailru", struct="alt")

case("kwh_unit_glued", "показания", "лицевой 332560194470 показания 8765кВт",
R1("332560194470", 8765), "Unit glued to the value.", ["single-rate", "unit"], client="iphone", cte="8bit")

case("colon_table", "Показания ЭЭ",
"""Лицевой счёт:    680930415527
Тип счётчика:    однотарифный
Показания:       03 917""",
R1("680930415527", 3917), "Form-like table, single-rate, leading zero with a space inside.",
["single-rate", "table", "leading-zero"], client="thunderbird", charset="koi8-r", cte="8bit")

case("hurry_no_labels", "показания", "611093047825 7044",
R1("611093047825", 7044), "Account and value separated by a space only.", ["single-rate", "terse"],
client="android", cte="8bit")

case("new_meter_small_value", "Показания нового счётчика",
"""Здравствуйте, счётчик поменяли в октябре, акт у вас есть.
ЛС 241000562394, показания нового: 00412""",
R1("241000562394", 412), "Only the new meter's value is given (no final of the old one).",
["single-rate", "leading-zero"], client="yandex")

case("english_single", "Показания / meter reading",
"""Hello, my account number is 450218837061, current reading 6 902 kWh.
Thank you!""",
R1("450218837061", 6902), "English-written message.", ["single-rate", "english"], client="gmail")

case("image_attached_with_text", "Показания + фото",
"""Лицевой счет 705612043389
Показания 9 008
Фото счетчика во вложении.""",
R1("705612043389", 9008), "Photo of the meter attached, values in the text.", ["single-rate", "photo"],
client="iphone", struct="attach", fname="фото счётчика.jpg", cte="8bit")

case("html_nbsp_group", "Показания",
"""Лицевой счёт 213849006572
Показания 16 033""",
R1("213849006572", 16033), "HTML groups thousands with &nbsp;.", ["single-rate", "thousands-space", "html-nbsp"],
client="mailru", struct="alt",
html_body="<html><body><p>Лицевой счёт&nbsp;213849006572</p><p>Показания&nbsp;16&nbsp;033</p></body></html>\n")

case("koi8_qp_oldschool", "Показания эл/эн",
"""Лиц. счет 381204556720
Показ. 2 317
Иванов""",
R1("381204556720", 2317), "koi8-r quoted-printable, abbreviated 'Показ.' label.", ["single-rate", "abbrev"],
client="thunderbird", charset="koi8-r", cte="qp")

case("quoted_confirmation_new_values", "Re: Показания приняты",
"""Добрый день, за декабрь: лс 241803375509, показания 3 402.""" +
q_gmail(confirmation("241803375509", [3128])),
R1("241803375509", 3402), "Reply to the utility's confirmation; the old value in the quote does not count.",
["single-rate", "quoted-confirmation", "quoted-reply"], client="gmail", in_reply_to=True, date=(24, 12))

case("iphone_quote_own_old", "Re: Показания",
"""Лицевой 611093047825 показания 7 410""" +
q_iphone("Лицевой 611093047825 показания 7 044", who="Ольга", addr="olga_smirnova@icloud.com"),
R1("611093047825", 7410), "Quoted earlier message from the same resident; only the new text counts.",
["single-rate", "quoted-reply"], client="iphone", cte="8bit")

case("outlook_original_message", "RE: Показания",
"""Повторяю показания: лицевой счет 120045781136, 6 802.

Kuznetsov Sergey""" +
q_outlook_en(confirmation("120045781136", [6731])),
R1("120045781136", 6802), "Outlook -----Original Message----- block without '>' marks.",
["single-rate", "outlook-quote", "quoted-confirmation"], client="outlook")

case("bottom_posting", "Re: Показания",
q_mailru("Ваши показания по л/с 563010447892 приняты: Т1 = 10077.").lstrip("\n") +
"""
Спасибо! Новые за декабрь: л/с 563010447892, 10 215""",
R1("563010447892", 10215), "Resident answers below the quote (bottom-posting).",
["single-rate", "quoted-confirmation", "quoted-reply"], client="mailru", struct="plain", date=(22, 12))

case("yandex_forward_note_only", "Fwd: Показания",
"""Повторно отправляю, в прошлый раз не дошло.""" +
fwd_yandex("Лицевой счет 125509843307\nПоказания 2 630", "Виноградова Ирина", "irina.vinogradova@yandex.ru",
           "Показания"),
R1("125509843307", 2630), "Inline forward: the resident's own note has no numbers, forwarded text counts.",
["single-rate", "forwarded"], client="yandex")

case("gmail_forward_for_mother", "Fwd: показания",
"""Пересылаю мамины показания, она не может отправить со своего телефона.""" +
fwd_gmail("лс 390016258741 показания 4 100\n\nОтправлено с iPhone", "Мама", "popova1954@mail.ru", "показания"),
R1("390016258741", 4100), "Gmail forwarded block, own note without numbers.", ["single-rate", "forwarded"],
client="gmail")

case("rfc822_forward", "Fwd: Показания",
"""Повторно отправляю""",
R1("547702318860", 3081), "Forwarded message attached as message/rfc822; own note has no numbers.",
["single-rate", "forwarded", "rfc822"], client="thunderbird", struct="fwd822",
inner=("Шарипов Рустам", "rustam.sharipov@mail.ru", "Показания",
       "Лицевой счёт 547702318860\nпоказания 3081\n", "utf-8", "8bit"))

# ------------------------------------------------------------ record: two-zone
case("day_night_words", "Показания день/ночь",
"""Лицевой счет 241803375509
день 4512
ночь 1890""",
R1("241803375509", 4512, 1890), "Two-zone with plain day/night words.", ["two-zone"], client="gmail")

case("dnevnye_nochnye", "Показания",
"""Здравствуйте!
л/с 120045781136
Дневные: 10 345
Ночные: 4 120
Спасибо.""",
R1("120045781136", 10345, 4120), "Дневные/Ночные with thousands spaces.", ["two-zone", "thousands-space"],
client="outlook", struct="html", cte="qp")

case("t1t2_glued", "Показания", "ЛС 705612043389 Т1:3381Т2:1402",
R1("705612043389", 3381, 1402), "Labels glued to values and to each other.", ["two-zone", "glued-labels"],
client="iphone", cte="8bit")

case("t1t2_equals_semicolon", "показания",
"""381204556720; Т1=5 627; Т2=2 093""",
R1("381204556720", 5627, 2093), "T1=..; T2=.. separated by semicolons.", ["two-zone", "t-labels"],
client="android")

case("emoji_sun_moon", "Показания ☀️🌙",
"""Лицевой 830571162048
☀️ 5123
🌙 2010""",
R1("830571162048", 5123, 2010), "Emoji labels for day and night (also in subject).", ["two-zone", "emoji"],
client="iphone", cte="8bit")

case("emoji_with_words", "Показания",
"""л/с 332560194470
🌞 день — 6 721
🌙 ночь — 3 011
👍""",
R1("332560194470", 6721, 3011), "Emoji plus words, em dashes.", ["two-zone", "emoji"], client="gmail")

case("english_day_night", "Показания / readings",
"""Hi! Account 450218837061. Day 4512, night 1890.
Regards, Tom""",
R1("450218837061", 4512, 1890), "English day/night labels.", ["two-zone", "english"], client="gmail")

case("latin_T_labels", "Показания",
"""Лицевой счет 125509843307
T1 - 7745
T2 - 3120""",
R1("125509843307", 7745, 3120), "Latin T1/T2 labels.", ["two-zone", "t-labels"], client="thunderbird",
charset="koi8-r", cte="qp")

case("dt_nt_abbrev", "Показания",
"""ЛС 213849006572 Д/Т 5430 Н/Т 2100""",
R1("213849006572", 5430, 2100), "Д/Т and Н/Т abbreviations.", ["two-zone", "abbrev"], client="mailru")

case("dn_nch_abbrev", "показания эл-ва",
"""лиц.сч. 680930415527
дн. 8123
нч. 3456""",
R1("680930415527", 8123, 3456), "дн./нч. abbreviations.", ["two-zone", "abbrev"], client="thebat",
charset="cp1251", cte="8bit")

case("night_first", "Показания",
"""Лицевой счёт 904127630018. Ночь 1890, день 4512.""",
R1("904127630018", 4512, 1890), "Night listed before day: keys follow the labels, not the order.",
["two-zone", "order"], client="yandex")

case("two_zone_decimals", "Показания за ноябрь",
"""л/с 611093047825
день 12345,67
ночь 5432,1""",
R1("611093047825", 12345, 5432), "Decimals on both zones dropped.", ["two-zone", "decimal"], client="mailru")

case("two_zone_total_summa", "Показания",
"""ЛС 241000562394
Т1 4512
Т2 1890
сумма 6402""",
R1("241000562394", 4512, 1890), "The meter's total register beside zone values is not recorded.",
["two-zone", "total", "hard-distractor"], client="android")

case("two_zone_total_first", "Показания",
"""Добрый день! Лицевой 547702318860.
Всего на счётчике 6 402, из них день 4 512, ночь 1 890.""",
R1("547702318860", 4512, 1890), "Total named first, zones after.", ["two-zone", "total", "hard-distractor"],
client="gmail")

case("two_zone_hours", "Показания двухтарифного счётчика",
"""Лицевой счет 702248190635
день (с 7 до 23) — 4 512
ночь (с 23 до 7) — 1 890""",
R1("702248190635", 4512, 1890), "Zone hours in brackets are not values.",
["two-zone", "zone-hours", "hard-distractor"], client="outlook")

case("two_zone_correction_tochnee", "Показания",
"""л/с 390016258741
день 4512, ночь 1890, точнее 1809""",
R1("390016258741", 4512, 1809), "Correction 'точнее' on the night value.", ["two-zone", "correction"],
client="iphone", cte="8bit")

case("two_zone_bylo_stalo", "Показания",
"""Лицевой 563010447892
Было: день 4380, ночь 1790
Стало: день 4512, ночь 1890""",
R1("563010447892", 4512, 1890), "Before/after layout, two zones.", ["two-zone", "before-after"], client="yandex")

case("dnevnoi_tarif", "Показания",
"""лицевой счёт 119257340086
дневной тариф: 6 002;
ночной тариф: 2 431.""",
R1("119257340086", 6002, 2431), "'дневной тариф'/'ночной тариф' labels (word тариф is not money here).",
["two-zone"], client="mailru")

case("two_zone_words", "Показания",
"""Л/с 830571162048. День четыре тысячи сто, ночь тысяча восемьсот двадцать.""",
R1("830571162048", 4100, 1820), "Two zones written in words.", ["two-zone", "words"], client="android")

case("sms_two", "Показания", "241803375509*04512*01890",
R1("241803375509", 4512, 1890), "SMS format with two values.", ["two-zone", "sms-format", "leading-zero"],
client="iphone", cte="8bit")

case("sms_two_spaces", "показания", "л/с 381204556720 * 7 012 * 2 950",
R1("381204556720", 7012, 2950), "SMS format with spaces around asterisks and in values.",
["two-zone", "sms-format", "thousands-space"], client="android")

case("two_zone_consumption_and_phone", "Показания",
"""Здравствуйте. Лицевой счет 450218837061.
Т1 - 9 876, Т2 - 4 321.
Расход за ноябрь: день 312, ночь 140 кВт·ч.
Тел. 8-913-555-12-34""",
R1("450218837061", 9876, 4321), "Zone consumption and a phone beside zone values.",
["two-zone", "consumption", "phone", "hard-distractor"], client="gmail")

case("two_zone_outlook_mso_cp1251", "Показания электроэнергии",
"""Добрый день!

Направляю показания счётчика по лицевому счёту 125509843307:
Дневная зона – 15 022
Ночная зона – 6 870

С уважением,
Ткаченко Оксана
Главный бухгалтер
ООО «КрасТехСнаб», ИНН 2465123456, КПП 246501001
г. Красноярск, пр. Мира, 10, оф. 412
Тел.: +7 (391) 200-00-11, доб. 123""",
R1("125509843307", 15022, 6870), "Work signature full of numbers (INN, KPP, office, phone, extension).",
["two-zone", "signature", "inn", "phone", "address", "hard-distractor"], client="outlook", charset="cp1251",
cte="qp", struct="html")

case("two_zone_postcode_house", "Показания",
"""660077, Красноярск, ул. 78 Добровольческой Бригады, д. 14, кв. 201
л/с 213849006572
день 3 115 ночь 1 204""",
R1("213849006572", 3115, 1204), "Postcode and street with a number in its name.",
["two-zone", "address", "postcode", "hard-distractor"], client="yandex")

case("two_zone_dates_money", "Показания на 20.12.2026",
"""ЛС 332560194470
20 декабря 2026 г.: день 8 431, ночь 3 902
Оплатил 1 987,30 руб. 18.12""",
R1("332560194470", 8431, 3902), "Dates and money around zone values.",
["two-zone", "date", "amount", "hard-distractor"], client="mailru", date=(20, 12))

case("two_zone_html_div_br", "Показания",
"""Лицевой счет 904127630018
День: 5 500
Ночь: 2 012""",
R1("904127630018", 5500, 2012), "HTML with <br> inside one <div>.", ["two-zone"], client="yandex", struct="alt",
html_body='<div>Лицевой счет 904127630018<br />День: 5&nbsp;500<br />Ночь: 2&nbsp;012</div>\n')

case("two_zone_subject_account", "Показания по л/с 705612043389",
"""день 3 400
ночь 1 250""",
R1("705612043389", 3400, 1250), "Account in the subject, two zones in the body.", ["two-zone", "subject-account"],
client="gmail")

case("two_zone_red_window", "Показания",
"""Лицевой 241000562394
Т1 45217, Т2 18904 - последняя цифра красная у обоих""",
R1("241000562394", 4521, 1890), "Red window on both registers.", ["two-zone", "red-window"], client="mailru")

# ------------------------------------------------------------ record: three-zone
case("three_zone_words", "Показания (трёхтарифный)",
"""Лицевой счёт 381204556720
пик 2210
ночь 1530
полупик 3980""",
R1("381204556720", 2210, 1530, 3980), "Three-zone, plain words.", ["three-zone"], client="gmail")

case("three_zone_p_pp_n", "Показания",
"""л/с 563010447892
П 2210 ПП 3980 Н 1530""",
R1("563010447892", 2210, 1530, 3980), "П/ПП/Н abbreviations on a three-zone meter.", ["three-zone", "abbrev"],
client="mailru")

case("three_zone_t123", "Показания",
"""ЛС 120045781136: Т1 2210, Т2 1530, Т3 3980""",
R1("120045781136", 2210, 1530, 3980), "T1/T2/T3 labels.", ["three-zone", "t-labels"], client="android")

case("three_zone_zones_nightfirst", "Показания за ноябрь",
"""Здравствуйте.
Л/с: 830571162048
Ночная зона: 1 120
Полупиковая зона: 3 402
Пиковая зона: 1 875""",
R1("830571162048", 1875, 1120, 3402), "Three zones listed night, semi-peak, peak: keys follow labels.",
["three-zone", "order"], client="outlook", struct="html", cte="base64")

case("three_zone_english", "Показания / readings",
"""Account 611093047825
peak 1875, semi-peak 3402, night 1120""",
R1("611093047825", 1875, 1120, 3402), "English three-zone labels.", ["three-zone", "english"], client="gmail")

case("three_zone_hours", "Показания",
"""Лицевой счет 702248190635
пик (7-10, 17-21): 1 875
полупик (10-17, 21-23): 3 402
ночь (23-7): 1 120""",
R1("702248190635", 1875, 1120, 3402), "Zone hours in brackets beside three-zone values.",
["three-zone", "zone-hours", "hard-distractor"], client="yandex")

case("three_zone_total", "Показания",
"""л/с 904127630018
общий 6397
пиковая 1875
полупиковая 3402
ночная 1120""",
R1("904127630018", 1875, 1120, 3402), "Total register beside three zones is not recorded.",
["three-zone", "total", "hard-distractor"], client="mailru")

case("three_zone_sms", "Показания", "241803375509*2210*1530*3980",
R1("241803375509", 2210, 1530, 3980), "SMS format with three values.", ["three-zone", "sms-format"],
client="iphone", cte="8bit")

case("three_zone_glued", "показания", "лс 332560194470 Т1:2210Т2:1530Т3:3980",
R1("332560194470", 2210, 1530, 3980), "Three glued labels.", ["three-zone", "glued-labels"], client="android")

case("three_zone_correction", "Показания",
"""лицевой счёт 125509843307
пик 2 210, полупик 3 980, ночь 1 530
исправление: полупик 3 890""",
R1("125509843307", 2210, 1530, 3890), "Correction on the semi-peak register.", ["three-zone", "correction"],
client="gmail")

case("three_zone_cp1251_bat", "Показания 3-х тарифного счётчика",
"""Здравствуйте.
ЛС 450218837061
пиковая - 4011
полупиковая - 6120
ночная - 2733
Фёдорова Г.С.""",
R1("450218837061", 4011, 2733, 6120), "Three zones; '3-х тарифного' in the subject is not a value.",
["three-zone", "count", "hard-distractor"], client="thebat", charset="cp1251", cte="8bit")

# ------------------------------------------------------------ record: several accounts
case("flat_and_dacha", "Показания квартира и дача",
"""Квартира: 381204556720 — 4512
Дача: 563010447892 — 1209""",
R(("381204556720", 4512), ("563010447892", 1209)), "Two accounts with one value each.",
["multi-account"], client="gmail")

case("two_sms_lines", "Показания", "241803375509*4512\n705612043389*3300*1250",
R(("241803375509", 4512), ("705612043389", 3300, 1250)), "Two SMS lines, second two-zone.",
["multi-account", "sms-format"], client="iphone", cte="8bit")

case("garage_later", "Показания",
"""Квартира л/с 119257340086 показания 8 870.
По гаражу (л/с 547702318860) передам позже, не доехал.""",
R1("119257340086", 8870), "An account plainly given no value is left out.",
["multi-account", "account-without-value"], client="yandex")

case("old_closed_account", "Показания",
"""Раньше был лицевой 241000562394, его закрыли после переоформления.
Теперь новый лицевой счёт 611093047825, показания 3 765.""",
R1("611093047825", 3765), "Old closed account named beside the current one is left out.",
["multi-account", "account-without-value"], client="mailru")

case("mother_and_me_story", "Показания за себя и за маму",
"""Здравствуйте! Передаю показания по двум квартирам.

Моя квартира (ул. Молокова, 12, кв. 45): лицевой 830571162048, день 6 231, ночь 2 780.
Мамина (ул. Судостроительная, 90, кв. 7): лицевой 213849006572, счётчик однотарифный, 11 902.

Спасибо!""",
R(("830571162048", 6231, 2780), ("213849006572", 11902)), "Two accounts, one two-zone and one single, with addresses.",
["multi-account", "two-zone", "address", "hard-distractor"], client="gmail")

case("three_accounts", "Показания по 3 лицевым счетам",
"""1) 390016258741 - 2 019
2) 702248190635 - 7 480
3) 332560194470 - 15 330""",
R(("390016258741", 2019), ("702248190635", 7480), ("332560194470", 15330)),
"Three accounts in a numbered list; list numbers and '3' in the subject are not values.",
["multi-account", "count", "hard-distractor"], client="outlook")

case("multi_table_two_zone", "Показания",
"""ЛС 904127630018: день 3 020, ночь 1 101
ЛС 125509843307: день 5 412, ночь 2 260""",
R(("904127630018", 3020, 1101), ("125509843307", 5412, 2260)), "Two two-zone accounts on two lines.",
["multi-account", "two-zone"], client="thunderbird", charset="koi8-r", cte="base64")

case("multi_with_three_zone", "Показания дом + баня",
"""Дом — л/с 450218837061: пик 1 875, ночь 1 120, полупик 3 402
Баня — л/с 680930415527: 915""",
R(("450218837061", 1875, 1120, 3402), ("680930415527", 915)), "Three-zone account plus a single-rate one.",
["multi-account", "three-zone"], client="yandex")

# ------------------------------------------------------------ record: more shapes
case("table_pipe", "Показания",
"""| Лицевой счёт | Т1    | Т2    |
| 241803375509 | 6 100 | 2 455 |""",
R1("241803375509", 6100, 2455), "Plain-text table with column headers.", ["two-zone", "table"], client="thunderbird")

case("html_table_outlook", "Показания",
"Лицевой счёт 563010447892\nДень 9 010\nНочь 3 733",
R1("563010447892", 9010, 3733), "Outlook HTML-only body with a table.", ["two-zone", "table"],
client="outlook", struct="html", cte="qp",
html_body=('<html><head><meta http-equiv=Content-Type content="text/html; charset=utf-8"></head><body lang=RU>'
           '<div class=WordSection1><p class=MsoNormal>Добрый день!<o:p></o:p></p>\n'
           '<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0>\n'
           '<tr><td><p class=MsoNormal>Лицевой счёт<o:p></o:p></p></td><td><p class=MsoNormal>563010447892<o:p></o:p></p></td></tr>\n'
           '<tr><td><p class=MsoNormal>День<o:p></o:p></p></td><td><p class=MsoNormal>9&nbsp;010<o:p></o:p></p></td></tr>\n'
           '<tr><td><p class=MsoNormal>Ночь<o:p></o:p></p></td><td><p class=MsoNormal>3&nbsp;733<o:p></o:p></p></td></tr>\n'
           '</table>\n<p class=MsoNormal><o:p>&nbsp;</o:p></p></div></body></html>\n'))

case("value_before_account", "Показания",
"""4 215 — это показания, лицевой счёт 390016258741""",
R1("390016258741", 4215), "Value written before the account.", ["single-rate", "order"], client="mailru")

case("nomer_ls_with_hash", "ПОКАЗАНИЯ СЧЁТЧИКА",
"""Л/С №702248190635
ПОКАЗАНИЯ № 5 091""",
R1("702248190635", 5091), "'№' glued to the account and even to the value.", ["single-rate"], client="android")

case("subject_value_body_account", "Показания 7 654",
"""лицевой счет 119257340086""",
R1("119257340086", 7654), "Value in the subject, account in the body.", ["single-rate", "subject-value"],
client="yandex")

case("base64_koi8_android", "Показания за декабрь",
"""Добрый день! ЛС 241000562394 день 7 005 ночь 3 110""",
R1("241000562394", 7005, 3110), "koi8-r base64 body.", ["two-zone"], client="thunderbird", charset="koi8-r",
cte="base64", date=(21, 12))

case("cp1251_base64_subject_cp1251", "показания",
"""Лицевой счет 830571162048 показания 6 003""",
R1("830571162048", 6003), "cp1251 base64 body and cp1251-encoded subject.", ["single-rate"], client="thebat",
charset="cp1251", cte="base64", subj="b")

case("recount_request_plus_value", "Показания и вопрос",
"""Лицевой счёт 332560194470. Показания 12 660.
Почему в квитанции за октябрь начислено 3 412,80 руб., если у нас 1-комнатная квартира и нас 2 человека?""",
R1("332560194470", 12660), "Complaint with money and counts beside the reading.",
["single-rate", "amount", "count", "hard-distractor"], client="gmail")

case("time_and_floor", "Показания",
"""Снял в 21:45, л/с 547702318860, 9 973. Счётчик на 9 этаже в щитке.""",
R1("547702318860", 9973), "Time and floor beside the value.", ["single-rate", "time", "hard-distractor"],
client="iphone", cte="8bit")

case("account_with_ls_glued", "Показания", "лс:680930415527 пок:4442",
R1("680930415527", 4442), "Very short labels glued with colons.", ["single-rate", "abbrev"], client="android")

case("gmail_english_quote_rec", "Re: Показания",
"""Лицевой 125509843307, показания 2 791""" +
q_gmail_en(confirmation("125509843307", [2630])),
R1("125509843307", 2791), "English 'On ... wrote:' header over the quoted confirmation.",
["single-rate", "quoted-confirmation", "quoted-reply"], client="gmail")

case("outlook_ru_quote_rec", "RE: Показания",
"""Здравствуйте, л/с 904127630018, Т1 3 204 Т2 1 322.""" +
q_outlook_ru(confirmation("904127630018", [3020, 1101])),
R1("904127630018", 3204, 1322), "Russian Outlook header block (От:/Отправлено:) quoting the confirmation.",
["two-zone", "outlook-quote", "quoted-confirmation"], client="outlook")

case("mailru_html_blockquote", "Re: Показания",
"""Лицевой счёт 381204556720 показания 4 866""" +
q_mailru("Лицевой счёт 381204556720 показания 4 630\n\nИванов"),
R1("381204556720", 4866), "Mail.ru quote, rendered as blockquote in HTML.", ["single-rate", "quoted-reply"],
client="mailru", struct="alt")

case("yandex_quote_rec", "Re: Показания",
"""Передаю за декабрь: лс 241803375509 пик 2 400 ночь 1 700 полупик 4 150""" +
q_yandex(confirmation("241803375509", [2210, 1530, 3980])),
R1("241803375509", 2400, 1700, 4150), "Yandex-style quote of the confirmation, three zones.",
["three-zone", "quoted-confirmation", "quoted-reply"], client="yandex")

case("signature_account_dashes", "Показания",
"""день 5 300
ночь 2 140

--
С уважением, Белов Роман
л/с 705-612-043-389
+7 913 000-11-22""",
R1("705612043389", 5300, 2140), "Dash-grouped labelled account in a '--' signature.",
["two-zone", "signature", "phone", "hard-distractor"], client="thunderbird")

case("hyphen_value_year", "Показания",
"""ЛС 450218837061 - показания на конец ноября 2026 - 8 120""",
R1("450218837061", 8120), "A year between the label and the value.", ["single-rate", "date", "hard-distractor"],
client="mailru")


# ------------------------------------------------------------ record: a few more corrections and layouts
case("correction_net_dash", "Показания",
"""л/с 241803375509
день 4410 - нет, 4401
ночь 1 760""",
R1("241803375509", 4401, 1760), "Correction '- нет, 4401' replaces the day value.", ["two-zone", "correction"],
client="android")

case("correction_pravilno", "Показания",
"""Л/С 120045781136. Т1 5 210 Т2 2 010.
Т1 неправильно написал, правильно 5 120.""",
R1("120045781136", 5120, 2010), "Correction 'правильно' on T1.", ["two-zone", "correction"], client="mailru")

case("subject_re_re_outlook", "RE: RE: Показания",
"""Добрый день, лицевой счёт 705612043389, показания 5 702.
Гусев О.""",
R1("705612043389", 5702), "Repeated RE: prefixes from Outlook.", ["single-rate", "prefix"], client="outlook",
struct="html", cte="base64")

case("two_zone_thousands_dot", "Показания",
"""ЛС 563010447892
день 15.208
ночь 6.112""",
R1("563010447892", 15208, 6112), "Dots group thousands on both zones.", ["two-zone", "thousands-dot"],
client="yandex")

case("predydushchie_tekushchie", "Показания",
"""Лицевой счет 390016258741
Предыдущие: Т1 4 380, Т2 1 790
Текущие: Т1 4 512, Т2 1 890""",
R1("390016258741", 4512, 1890), "Previous/current layout with T1/T2.", ["two-zone", "before-after"],
client="outlook")

case("dot_thousands_comma_decimal", "Показания",
"""Л/С: 213849006572
Показания: 12.345,6 кВт·ч""",
R1("213849006572", 12345), "Dot groups thousands, comma introduces the decimal part.",
["single-rate", "thousands-dot", "decimal"], client="gmail")

case("rfc822_forward_outlook_cp1251", "FW: Показания",
"""Добрый день, пересылаю письмо от 20.11, ответа так и не было.""",
R1("830571162048", 6231, 2780), "Outlook forwards as attachment (message/rfc822, cp1251 inside); own note has "
"only a date, no account and no value, so the forwarded text counts.",
["two-zone", "forwarded", "rfc822", "date", "hard-distractor"], client="outlook",
struct="fwd822", fname="Показания.msg.eml",
inner=("Морозова Анна", "anna.morozova@mail.ru", "Показания",
       "Лицевой счёт 830571162048\nдень 6 231\nночь 2 780\n", "cp1251", "qp"))

# ------------------------------------------------------------ reject: no_account
case("na_address_only", "Показания",
"""Показания 4512. Адрес: ул. Ленина, д. 21, кв. 142, Иванова.""",
J("no_account"), "Value and address, no account: house and flat numbers are not an account.",
["single-rate", "address", "hard-distractor"], client="mailru")

case("na_eleven_digits", "Показания",
"""л/с 38120455672 показания 4512""",
J("no_account"), "An 11-digit run is not an account.", ["account-length"], client="android")

case("na_thirteen_digits", "Показания",
"""Лицевой счет 3812045567201, показания 2 200""",
J("no_account"), "A 13-digit run is not an account.", ["account-length"], client="gmail")

case("na_phone_only", "Показания",
"""Тел 89131234567, показания 3300, если что звоните""",
J("no_account"), "Only a mobile phone beside the value.", ["phone", "hard-distractor"], client="iphone", cte="8bit")

case("na_payment_number", "Показания",
"""Номер платежа 100293847561, показания 5512""",
J("no_account"), "A 12-digit payment number is never an account.", ["payment-number", "hard-distractor"],
client="mailru")

case("na_account_only_in_confirmation", "Re: Показания приняты",
"""Спасибо. За декабрь показания 3 520.""" +
q_gmail(confirmation("702248190635", [3408])),
J("no_account"), "New text has a value but the account is only in the quoted confirmation.",
["quoted-confirmation", "quoted-reply", "hard-distractor"], client="gmail", in_reply_to=True)

case("na_contract_number", "Показания",
"""По договору № 240012349876 показания 6100""",
J("no_account"), "A 12-digit contract number is not an account.", ["contract-number", "hard-distractor"],
client="outlook")

case("na_serial_12", "Показания счётчика",
"""Счётчик № 011234567890, показания 2190""",
J("no_account"), "A 12-digit meter number is not an account.", ["serial-number", "hard-distractor"],
client="yandex")

case("na_inn12_only", "показания",
"""ИНН 246512345678
показания 4 410""",
J("no_account"), "A 12-digit INN is not an account.", ["inn", "hard-distractor"], client="mailru")

case("na_phone_cc_12", "Показания",
"""Показания 3 050. Я сейчас в Минске, звоните +375 29 612-45-78""",
J("no_account"), "A phone with a country code (12 digits) is never an account.", ["phone", "hard-distractor"],
client="gmail")

case("na_receipt_only", "Показания",
"""номер чека 202611251030
показания 7 115""",
J("no_account"), "A 12-digit receipt number is not an account.", ["receipt-number", "hard-distractor"],
client="android")

case("na_dont_remember", "Показания",
"""Здравствуйте! Лицевой счёт не помню, квитанция у сына. Показания 7781. Попова Н.И.""",
J("no_account"), "Resident says she doesn't remember the account.", [], client="mailru")

case("na_ten_digit_two_zone", "Показания",
"""ЛС 3812045567
день 4512
ночь 1890""",
J("no_account"), "A 10-digit number is not an account.", ["account-length", "two-zone"], client="yandex")

case("na_sms_eleven", "Показания", "38120455672*4512",
J("no_account"), "SMS format with an 11-digit account.", ["sms-format", "account-length"], client="iphone", cte="8bit")

case("na_card_16", "Показания",
"""Оплатила картой 2202 2036 1234 5678. Показания 6 660.""",
J("no_account"), "A 16-digit card number grouped by fours; its first 12 digits are not an account.",
["card-number", "hard-distractor"], client="mailru")

case("na_date_time", "Показания",
"""25.11.2026 10:30
показания 3 412""",
J("no_account"), "Date and time, no account.", ["date", "time", "hard-distractor"], client="android")

case("na_english", "Показания / readings",
"""Readings: day 4512, night 1890. Account number is on the paper bill, I don't have it with me.""",
J("no_account"), "English, no account.", ["english", "two-zone"], client="gmail")

case("na_account_in_own_quote", "Re: Показания",
"""А вот за декабрь: 5 020""" +
q_iphone("Лицевой 241000562394 показания 4 888", who="Я", addr="m.pavlov@icloud.com"),
J("no_account"), "Account appears only in the resident's own quoted earlier mail.",
["quoted-reply", "hard-distractor"], client="iphone", cte="8bit")

case("na_snils", "Показания",
"""СНИЛС 123-456-789 01
показания 5 555""",
J("no_account"), "SNILS (11 digits) is not an account.", ["snils", "hard-distractor"], client="yandex")

case("na_request_number", "Показания",
"""Номер заявки на замену счётчика 240100238877, показания старого пока 8 012.""",
J("no_account"), "A 12-digit number labelled as a request number is not an account.",
["request-number", "hard-distractor"], client="outlook")

case("na_postcode_phone_html", "Показания",
"""660135, Красноярск, ул. Взлётная, 26
тел. 8 (391) 277-01-02
Показания: 3 981""",
J("no_account"), "Postcode, street number and landline; no account.", ["postcode", "phone", "address", "hard-distractor"],
client="outlook", struct="html", cte="qp")

case("na_signature_unrelated", "Показания",
"""Показания 2 345

-- 
Гусев Олег
ИНН 246612345678
моб. 8 913 123-45-67""",
J("no_account"), "Signature has only an INN and a phone, no labelled account.",
["signature", "inn", "phone", "hard-distractor"], client="thunderbird")

# ------------------------------------------------------------ reject: no_readings
case("nr_photo_only", "Показания",
"""Лицевой 381204556720, показания на фото во вложении.""",
J("no_readings"), "Values are only in an attached photo.", ["photo"], client="iphone", struct="attach",
fname="счётчик.jpg", cte="8bit")

case("nr_money_question", "Показания",
"""Лицевой счет 563010447892. Почему в этом месяце 3 456,78 руб.? В прошлом было 1 230 руб.""",
J("no_readings"), "Sums of money are never values.", ["amount", "hard-distractor"], client="mailru")

case("nr_consumption_only", "Показания",
"""л/с 241803375509
расход за ноябрь 210 кВт·ч""",
J("no_readings"), "Consumption alone is not a reading.", ["consumption", "hard-distractor"], client="yandex")

case("nr_tariff_question", "Показания и тариф",
"""ЛС 705612043389. Какой у меня тариф, 5,12 или 4,35 руб/кВт·ч? Дом с электроплитой.""",
J("no_readings"), "Tariffs only.", ["tariff", "hard-distractor"], client="gmail")

case("nr_serial_only", "Показания",
"""Лицевой счет 120045781136
Заводской номер счётчика 011234567890123""",
J("no_readings"), "Account and meter serial, no value.", ["serial-number", "hard-distractor"], client="outlook")

case("nr_date_only", "Показания",
"""Лицевой 705612043389. Показания сняла 25.11.2026, но листочек потеряла, пришлю завтра.""",
J("no_readings"), "A date but no value.", ["date", "hard-distractor"], client="mailru")

case("nr_later", "Показания",
"""л/с 830571162048 — показания передам позже, сейчас не дома.""",
J("no_readings"), "Account, promise to send later.", [], client="android")

case("nr_address_flat", "Показания",
"""Лицевой счёт 213849006572, ул. Весны, д. 7, кв. 118, подъезд 3""",
J("no_readings"), "Account and address numbers only.", ["address", "hard-distractor"], client="yandex")

case("nr_call_me", "Показания",
"""лс 680930415527, не могу разобрать цифры на счетчике, перезвоните пожалуйста 8 (391) 223-45-67""",
J("no_readings"), "Account and a phone only.", ["phone", "hard-distractor"], client="gmail")

case("nr_zone_hours", "Показания",
"""ЛС 904127630018. У меня трёхтарифный: пик 7-10 и 17-21, полупик 10-17 и 21-23, ночь 23-7, правильно? Какие цифры вам передавать?""",
J("no_readings"), "Zone hours only, no values.", ["zone-hours", "three-zone", "hard-distractor"], client="mailru")

case("nr_broken", "Показания",
"""Лицевой счет 119257340086. Счётчик не показывает ничего, экран погас. Что делать?""",
J("no_readings"), "Meter broken, no value.", [], client="outlook")

case("nr_two_meters_tomorrow", "Показания",
"""У нас 2 счётчика, лицевой 547702318860, показания завтра, сегодня не успеваю.""",
J("no_readings"), "A count of meters is not a value.", ["count", "hard-distractor"], client="iphone", cte="8bit")

case("nr_yearly", "Показания",
"""Лицевой счёт 332560194470. За 2025 год потратили 2 760 кВт·ч, это нормально для двушки?""",
J("no_readings"), "Yearly consumption only.", ["consumption", "date", "hard-distractor"], client="yandex")

case("nr_values_only_in_quote", "Re: Показания",
"""Лицевой 213849006572 — проверьте, пожалуйста, дошло ли.""" +
q_mailru("Показания 5 812\nКомарова", who="Комарова Лидия", addr="lidiya.komarova@mail.ru"),
J("no_readings"), "The value is only in the quoted earlier message.", ["quoted-reply", "hard-distractor"],
client="mailru", struct="plain")

case("nr_sms_empty", "Показания", "381204556720*",
J("no_readings"), "SMS format with nothing after the asterisk.", ["sms-format"], client="android")

case("nr_outlook_see_attachment", "Показания",
"""Добрый день!

Лицевой счёт 450218837061, показания см. во вложении.

С уважением,
Медведев Г.""",
J("no_readings"), "Outlook HTML-only, photo attached, no value in text.", ["photo"], client="outlook",
struct="attach_alt", fname="IMG_20261125_101530.jpg")

case("nr_seal", "Показания",
"""Лицевой 241000562394. Пломба № 4471203 сорвана, кто-то лазил в щиток. Пришлите контролёра.""",
J("no_readings"), "Seal number only.", ["seal", "hard-distractor"], client="gmail")

case("nr_postcode_only", "Показания",
"""Лицевой счет 611093047825
660049 г. Красноярск""",
J("no_readings"), "A postcode is not a value.", ["postcode", "hard-distractor"], client="thebat",
charset="cp1251", cte="qp")

# ------------------------------------------------------------ reject: ambiguous
case("amb_two_accounts_one_value", "Показания",
"""лицевые 381204556720 и 563010447892. Показания 4512.""",
J("ambiguous"), "Two accounts, one value.", ["multi-account"], client="gmail")

case("amb_two_accounts_sms_line", "Показания", "381204556720 563010447892 4512",
J("ambiguous"), "Two accounts and one value on one line.", ["multi-account", "terse"], client="iphone", cte="8bit")

case("amb_words_disagree", "Показания",
"""Лицевой 611093047825, показания 5 510 (пять тысяч сто пятьдесят)""",
J("ambiguous"), "Digits and words disagree.", ["words"], client="mailru")

case("amb_words_disagree_two_zone", "Показания",
"""ЛС 241803375509
день 4 512 (четыре тысячи пятьсот двадцать один)
ночь 1 890 (одна тысяча восемьсот девяносто)""",
J("ambiguous"), "Day digits and words disagree; night agrees.", ["words", "two-zone"], client="yandex")

case("amb_replaced_meter", "Показания",
"""Лицевой 904127630018. Поменяли счётчик 20.11. Старый сняли с показаниями 15 230, новый сейчас показывает 00045.""",
J("ambiguous"), "Final value of the replaced meter beside the new meter's value.", ["replaced-meter", "date"],
client="gmail")

case("amb_replaced_meter_two_zone", "Показания после замены",
"""ЛС 125509843307
старый счётчик (демонтирован): день 20 112, ночь 8 450
новый счётчик: день 14, ночь 6""",
J("ambiguous"), "Replaced two-zone meter, old finals and new values.", ["replaced-meter", "two-zone"], client="outlook")

case("amb_range", "Показания",
"""Лицевой счёт 547702318860, показания около 8800-8850, точнее не вижу, темно.""",
J("ambiguous"), "A range is never a value ('точнее не вижу' is not a correction); the contract's range example sits between ambiguous and no_readings.",
["range", "contract-unclear"], also=[J("no_readings")], client="android")

case("amb_contradicting_repeat", "Показания",
"""л/с 702248190635
день 4512
ночь 1890

Повторю на всякий случай: день 4521, ночь 1890.""",
J("ambiguous"), "The day value is repeated with a different number and no correction word.",
["two-zone", "contradiction"], client="mailru")

case("amb_or_values", "Показания",
"""ЛС 390016258741, показания 4512 или 4521, цифры плохо видно""",
J("ambiguous"), "Two alternatives for one register.", ["contradiction"], client="iphone", cte="8bit")

case("amb_two_unlabelled", "Показания",
"""лицевой счет 830571162048 показания 3410 3450""",
J("ambiguous"), "Two unlabelled values for a meter of unknown type, no SMS asterisks.", ["contradiction"],
client="android")

case("amb_subject_vs_body", "Показания 4512",
"""Лицевой 381204556720, показания 4521""",
J("ambiguous"), "The value in the subject contradicts the one in the body.", ["subject-value", "contradiction"],
client="yandex")

case("amb_sms_vs_text", "Показания",
"""241803375509*4512
(показания 4530)""",
J("ambiguous"), "SMS line and text give different values.", ["sms-format", "contradiction"], client="iphone",
cte="8bit")

case("amb_multi_one_contradicts", "Показания",
"""Квартира 119257340086 — 8 870
Дача 547702318860 — 1 204, хотя нет, сын говорит 1 402, а я видела 1 204""",
J("ambiguous"), "One account's values contradict: the whole message is ambiguous.",
["multi-account", "contradiction"], client="mailru")

case("amb_two_accounts_day_night", "Показания",
"""Лицевые счета 381204556720, 563010447892
день 4512 ночь 1890""",
J("ambiguous"), "Two accounts, one set of zone values.", ["multi-account", "two-zone"], client="gmail")

case("amb_t1_twice", "Показания", "ЛС 213849006572 Т1 4512 Т2 1890 Т1 4580",
J("ambiguous"), "T1 given twice with different values.", ["two-zone", "contradiction"], client="android")

case("amb_words_disagree_three", "Показания",
"""л/с 450218837061
пик 1875 (тысяча восемьсот семьдесят пять)
ночь 1120 (тысяча сто двадцать)
полупик 3402 (три тысячи двести четыре)""",
J("ambiguous"), "Semi-peak digits and words disagree.", ["words", "three-zone"], client="yandex")

case("amb_replaced_with_date", "Показания",
"""лицевой 680930415527
Счётчик заменили: старый — 23 456 (снят 15.11.2026), новый — 12""",
J("ambiguous"), "Replaced meter phrased briefly, with a date.", ["replaced-meter", "date", "hard-distractor"],
client="outlook")

case("amb_range_gde_to", "Показания",
"""ЛС 241000562394, где-то 3400-3420, счётчик высоко, не видно""",
J("ambiguous"), "A range for the only value.", ["range", "contract-unclear"], also=[J("no_readings")],
client="mailru")

case("amb_two_accounts_phones", "Показания",
"""Это для двух лицевых: 332560194470 (моя) и 705612043389 (сестры).
Показания 6 210.
Мой телефон 8 913 123-45-67, сестры +7 (391) 257-67-07.""",
J("ambiguous"), "Two accounts and one value amid phone numbers.", ["multi-account", "phone", "hard-distractor"],
client="gmail")

case("amb_husband_says", "Показания",
"""Лицевой 119257340086. Муж говорит 6 210, а я вижу 6 120. Не знаю кто прав.""",
J("ambiguous"), "Two contradicting values, no correction.", ["contradiction"], client="mailru")

case("amb_account_typo_twice", "Показания",
"""Мой лицевой счёт 240731908215 показания 3 777
(или 240731908251, не помню точно, на квитанции плохо пропечатано)""",
J("ambiguous"), "Two different accounts for one value.", ["multi-account"], client="yandex")

case("amb_dismantled_new", "Показания",
"""л/с 611093047825
Демонтированный счётчик: 8 804
Установлен новый: 0001""",
J("ambiguous"), "Replaced meter: final of the old one beside the new one.", ["replaced-meter"], client="thebat",
charset="cp1251", cte="8bit")

case("amb_sms_vs_labels_two_zone", "Показания",
"""381204556720*4512*1890
день 4512 ночь 1980""",
J("ambiguous"), "SMS line and labelled text disagree on night.", ["sms-format", "two-zone", "contradiction"],
client="android")

case("amb_value_in_subject_two_accounts", "Показания 4512",
"""л/с 381204556720
л/с 563010447892""",
J("ambiguous"), "Two accounts in the body, one value in the subject.", ["multi-account", "subject-value"],
client="gmail")

case("amb_words_small", "Показания",
"""Лицевой 830571162048, 3 005 (три тысячи пятьдесят)""",
J("ambiguous"), "Digits 3005 and words 3050 disagree.", ["words"], client="iphone", cte="8bit")

case("amb_postcode_two_values", "Показания",
"""660093, ул. Вавилова, 15-142. ЛС 702248190635.
Показания 9 114, а на квитанции за прошлый месяц уже было 9 410 - как так? Может 9 141?""",
J("ambiguous"), "Resident hesitates between values; postcode and address around.",
["contradiction", "postcode", "address", "hard-distractor"], client="mailru")

case("amb_dont_know_which", "Показания",
"""Два лицевых: 390016258741 и 241000562394. Показания 2 140 и 5 660, но я не помню какой к какому.""",
J("ambiguous"), "Two accounts, two values, resident says the mapping is unknown.", ["multi-account"],
client="android")

case("amb_outlook_two_accounts", "Показания",
"""Добрый день!

Лицевые счета: 125509843307, 904127630018.
Показания счётчика: 11 420.

С уважением,
Зайцев Андрей""",
J("ambiguous"), "Outlook HTML-only, two accounts one value.", ["multi-account"], client="outlook", struct="html",
cte="qp")

case("amb_three_zone_two_peaks", "Показания",
"""ЛС 563010447892
пик 2210, ночь 1530, полупик 3980, пик 2310""",
J("ambiguous"), "Peak given twice with different values.", ["three-zone", "contradiction"], client="yandex")

case("amb_replaced_with_serials", "Показания после замены счётчика",
"""Лицевой 241803375509
Старый счётчик № 011234567890123 — 31 004 (последние)
Новый счётчик № 047700123456789 — 25""",
J("ambiguous"), "Replaced meter with serial numbers of both meters.",
["replaced-meter", "serial-number", "hard-distractor"], client="gmail")

# ------------------------------------------------------------ ignore: auto_generated
case("ooo_auto_submitted", "Автоматический ответ: Показания",
"""Здравствуйте! Я в отпуске до 10.12.2026 без доступа к почте. По срочным вопросам: 8 (391) 200-00-11.""",
IG("auto_generated"), "Outlook out-of-office with Auto-Submitted.", ["out-of-office"], client="outlook",
headers=[("Auto-Submitted", "auto-replied"), ("X-MS-Exchange-Inbox-Rules-Loop", "ivanova.l@krasmash.ru")])

case("ooo_x_autoreply_yandex", "Re: Показания",
"""Спасибо за письмо! Я отвечу, как только вернусь из командировки (после 7 декабря).
Лицевой счёт 381204556720, показания 4512 — если вы об этом.""",
IG("auto_generated"), "Yandex autoreply flagged by X-Autoreply even though it holds an account and a value.",
["out-of-office"], client="yandex", headers=[("X-Autoreply", "yes")])

case("dsn_postfix", "Undelivered Mail Returned to Sender",
"""This is the mail system at host mx.es.krasnoyarsk.ru.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

<ivanov1961@mail.ru>: host mxs.mail.ru[94.100.180.31] said: 550 Message
    was not accepted -- invalid mailbox.""",
IG("auto_generated"), "Postfix bounce of a confirmation, multipart/report, MAILER-DAEMON, empty Return-Path.",
["bounce", "dsn"], client="thunderbird", struct="dsn", charset="us-ascii", cte="7bit",
from_raw="MAILER-DAEMON@mx.es.krasnoyarsk.ru (Mail Delivery System)", return_path="<>",
report="Reporting-MTA: dns; mx.es.krasnoyarsk.ru\nArrival-Date: Wed, 25 Nov 2026 10:11:02 +0700\n\n"
       "Final-Recipient: rfc822; ivanov1961@mail.ru\nAction: failed\nStatus: 5.1.1\n"
       "Diagnostic-Code: smtp; 550 Message was not accepted -- invalid mailbox\n",
original="From: energy@es.krasnoyarsk.ru\nTo: ivanov1961@mail.ru\nSubject: =?utf-8?B?0J/QvtC60LDQt9Cw0L3QuNGPINC/0YDQuNC90Y/RgtGL?=\n"
         "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
         "Показания по лицевому счёту 381204556720 приняты: Т1 = 4512.\n")

case("mdn_read_receipt", "Прочитано: Показания",
"""Ваше сообщение

  Кому: energy@es.krasnoyarsk.ru
  Тема: Показания
  Отправлено: 25.11.2026 10:05

было прочитано 25.11.2026 10:40.""",
IG("auto_generated"), "Outlook read receipt (multipart/report disposition-notification).", ["read-receipt"],
client="outlook", struct="mdn", cte="qp",
report="Reporting-UA: krasmash.ru; Microsoft Outlook 16.0\nFinal-Recipient: rfc822;energy@es.krasnoyarsk.ru\n"
       "Original-Message-ID: <0a1b2c3d@krasmash.ru>\nDisposition: manual-action/MDN-sent-manually; displayed\n")

case("list_newsletter", "Показания счётчиков: новые сроки передачи",
"""Уважаемые жители!
С 1 декабря 2026 года показания принимаются с 15 по 25 число.
Пример: 240012345678*0563
Отписаться: https://tsj-vesna.ru/unsubscribe""",
IG("auto_generated"), "Mailing list of a homeowners' association (List-Id, List-Unsubscribe).", ["bulk", "list"],
client="thunderbird", addr="news@tsj-vesna.ru",
headers=[("List-Id", "<news.tsj-vesna.ru>"), ("List-Unsubscribe", "<https://tsj-vesna.ru/unsubscribe>")])

case("precedence_bulk_reminder", "Напоминание: передайте показания до 25 числа",
"""Уважаемый клиент! Не забудьте передать показания счётчика по лицевому счёту 563010447892.""",
IG("auto_generated"), "Bulk reminder (Precedence: bulk) naming an account.", ["bulk"], client="mailru",
addr="info@uk-pokrovka.ru", headers=[("Precedence", "bulk")])

case("noreply_gosuslugi", "Показания переданы",
"""Вы передали показания прибора учёта через Госуслуги.
Лицевой счёт: 241803375509
Показания: Т1 — 3 402
Это письмо отправлено автоматически.""",
IG("auto_generated"), "A no-reply sender, although it names an account and a value.", ["noreply"],
client="thunderbird", addr="no-reply@gosuslugi.ru", from_raw="=?utf-8?B?0JPQvtGB0YPRgdC70YPQs9C4?= <no-reply@gosuslugi.ru>")

case("smart_home_auto_generated", "Показания за ноябрь",
"""381204556720*4512""",
IG("auto_generated"), "A smart-home box sends readings with Auto-Submitted: auto-generated; ignored whatever it says.",
["auto-submitted", "sms-format"], client="thunderbird", addr="home-gw@krsk.info",
headers=[("Auto-Submitted", "auto-generated")])

case("empty_return_path", "Уведомление о доставке: Показания",
"""Сообщение было доставлено следующим получателям:
energy@es.krasnoyarsk.ru
Тема: Показания""",
IG("auto_generated"), "Delivery notice with an empty Return-Path.", ["bounce"], client="outlook", return_path="<>")

case("subject_avtootvet", "Автоответ: Re: Показания",
"""Добрый день! Я в отпуске до 14 декабря. Ваше письмо будет прочитано после возвращения.""",
IG("auto_generated"), "Out-of-office recognised by its subject alone.", ["out-of-office"], client="mailru")

case("subject_net_na_meste", "Нет на месте: Показания",
"""Меня нет на месте до понедельника. По вопросам показаний звоните 8 (391) 228-66-00.""",
IG("auto_generated"), "'Нет на месте' subject, no auto headers.", ["out-of-office"], client="outlook")

case("undelivered_subject_only", "Undelivered Mail Returned to Sender",
"""Your message to petrova-nina@rambler.ru could not be delivered.
Subject: Показания
Лицевой счёт 702248190635, показания 5 120""",
IG("auto_generated"), "Bounce recognised by its subject (no report part, ordinary sender name).",
["bounce"], client="thunderbird", addr="mailer@mx2.krsk.info", from_raw="Mail Delivery System <mailer@mx2.krsk.info>")

case("postmaster_failure", "Delivery Status Notification (Failure)",
"""Delivery to the following recipient failed permanently:

     semenova.t@inbox.ru

----- Original message -----
Subject: Re: Показания
Лицевой 904127630018, 3 204""",
IG("auto_generated"), "Bounce from postmaster.", ["bounce"], client="thunderbird", addr="postmaster@inbox.ru",
from_raw="postmaster@inbox.ru")

case("x_autorespond", "Re: Показания",
"""Ваше письмо получено. Ответ будет дан в течение 3 рабочих дней.""",
IG("auto_generated"), "X-Autorespond header.", ["out-of-office"], client="thunderbird",
headers=[("X-Autorespond", "Ваше письмо получено")])

case("precedence_auto_reply", "Re: Показания",
"""Здравствуйте! Это автоматический ответ управляющей компании. Показания передавайте напрямую поставщику.""",
IG("auto_generated"), "Precedence: auto_reply.", ["out-of-office"], client="mailru", addr="uk@zhilservis24.ru",
headers=[("Precedence", "auto_reply")])

case("list_post_house_chat", "Re: Показания",
"""Соседи, кто знает: л/с 830571162048 показания 6 003 так передавать?
--
Вы получили это сообщение, потому что подписаны на группу «Дом на Весны, 7».""",
IG("auto_generated"), "Message from a mailing list (List-Post), even with readings in it.", ["list"],
client="gmail", headers=[("List-Post", "<mailto:dom-vesny7@googlegroups.com>"),
                         ("List-Id", "<dom-vesny7.googlegroups.com>"), ("Precedence", "list")])

case("noreply_sber", "Показания переданы через СберБанк Онлайн",
"""Показания по лицевому счёту 119257340086 (ПАО «Красноярскэнергосбыт») — 8 870 — успешно переданы.
Номер операции 100293847561.""",
IG("auto_generated"), "noreply sender of a bank.", ["noreply"], client="thunderbird", addr="noreply@sberbank.ru",
from_raw="=?utf-8?B?0KHQsdC10YDQkdCw0L3Qug==?= <noreply@sberbank.ru>")

case("auto_replied_ticket", "Re: Показания",
"""Ваше обращение зарегистрировано под номером 240012345678. Ответ будет направлен в течение 30 дней.""",
IG("auto_generated"), "Auto-Submitted: auto-replied ticket system.", ["auto-submitted"], client="thunderbird",
addr="help@gis-zhkh.ru", headers=[("Auto-Submitted", "auto-replied")])

case("mdn_read_en", "Read: Показания",
"""Your message

  To: energy@es.krasnoyarsk.ru
  Subject: Показания

was read on 26.11.2026 8:02.""",
IG("auto_generated"), "English read receipt, multipart/report.", ["read-receipt"], client="outlook",
struct="mdn", cte="qp",
report="Final-Recipient: rfc822;energy@es.krasnoyarsk.ru\nDisposition: automatic-action/MDN-sent-automatically; displayed\n")

case("precedence_junk", "Показания счетчиков — поверка со скидкой 50%",
"""Поверка счётчиков на дому! Звоните 8-800-555-35-35. Акция до 31.12.2026.""",
IG("auto_generated"), "Spam with Precedence: junk.", ["bulk"], client="mailru", addr="promo@poverka-krsk.ru",
headers=[("Precedence", "junk")])

case("ooo_subject_avtomaticheskiy", "Автоматический ответ: Re: Показания",
"""Я в отпуске с 01.12.2026 по 15.12.2026.
Лицевой 241000562394, показания 7 005.""",
IG("auto_generated"), "Russian Outlook out-of-office by subject only; numbers in the body must not matter.",
["out-of-office"], client="outlook")

case("feedback_report", "Показания",
"""This is an email abuse report for an email message received from IP 94.100.180.31.""",
IG("auto_generated"), "multipart/report feedback-report (ARF).", ["bounce"], client="thunderbird",
struct="dsn", rtype="feedback-report", charset="us-ascii", cte="7bit", addr="fbl@mail.ru", from_raw="fbl@mail.ru",
report="Feedback-Type: abuse\nUser-Agent: Mail.Ru-FBL/1.0\nVersion: 1\n")

# ------------------------------------------------------------ ignore: not_readings
case("nr_subj_pokazateli", "Показатели счётчика",
"""Лицевой счёт 381204556720, 4512""",
IG("not_readings"), "Near-miss subject word 'Показатели'.", ["near-miss"], client="mailru")

case("nr_subj_oplata", "Оплата",
"""Лицевой 563010447892, показания 1209, оплатил 1 230 руб.""",
IG("not_readings"), "Subject 'Оплата' with readings in the body.", ["near-miss"], client="gmail")

case("nr_subj_empty", "",
"""л/с 241803375509 день 4512 ночь 1890""",
IG("not_readings"), "Empty subject.", ["empty-subject"], client="iphone", cte="8bit")

case("nr_subj_missing", None,
"""705612043389*3300""",
IG("not_readings"), "No Subject header at all.", ["empty-subject", "sms-format"], client="android")

case("nr_subj_pokazyvayu", "Показываю фото счётчика",
"""Лицевой 830571162048, на фото 6 003""",
IG("not_readings"), "'Показываю' starts with 'показ' but not with 'показани'.", ["near-miss"], client="iphone",
struct="attach", cte="8bit")

case("nr_subj_schetchik", "Счётчик",
"""381204556720*4512""",
IG("not_readings"), "Subject names the meter, not readings.", ["near-miss", "sms-format"], client="android")

case("nr_subj_dannye", "Передаю данные прибора учёта",
"""Лицевой счет 213849006572 — 2 244""",
IG("not_readings"), "Subject without a 'показани…' word.", ["near-miss"], client="outlook")

case("nr_subj_kvitanciya", "Re: Квитанция за ноябрь",
"""ЛС 680930415527, показания 4 442. Квитанция не пришла.""",
IG("not_readings"), "Reply about a bill.", ["near-miss"], client="yandex")

case("nr_subj_pokaz_abbrev", "Показ. за ноябрь",
"""лс 332560194470 8765""",
IG("not_readings"), "Abbreviated 'Показ.' is not a word starting with 'показани'.", ["near-miss", "abbrev"],
client="mailru")

case("nr_subj_bez_temy", "Без темы",
"""Показания: лицевой счёт 450218837061, 6 902""",
IG("not_readings"), "'Без темы' subject; the body naming readings does not matter.", ["near-miss"],
client="mailru")

case("nr_subj_fwd_only", "Fwd:",
"""Лицевой 125509843307 показания 2 630""",
IG("not_readings"), "Only a forward prefix as subject.", ["empty-subject"], client="gmail")

case("nr_subj_english", "Meter readings",
"""Account 611093047825, reading 7044""",
IG("not_readings"), "English subject has no 'показани…' word.", ["near-miss", "english"], client="gmail")

case("nr_subj_otchet", "Отчёт о потреблении электроэнергии",
"""л/с 119257340086, 8 870""",
IG("not_readings"), "Consumption report subject.", ["near-miss"], client="outlook")

case("nr_subj_poverka", "Поверка счетчика",
"""Лицевой 547702318860. Когда у меня поверка? Показания 3 081.""",
IG("not_readings"), "Subject about calibration; body mentions readings.", ["near-miss"], client="yandex")


def main():
    stats = "--stats" in sys.argv
    for f in os.listdir(HERE):
        if f.startswith("b") and (f.endswith(".eml") or f.endswith(".json")) and f[1:4].isdigit():
            os.remove(os.path.join(HERE, f))
    slugs = set()
    for i, c in enumerate(CASES, 1):
        assert c["slug"] not in slugs, c["slug"]
        slugs.add(c["slug"])
        raw, tags = build(c, i)
        base = "b%03d_%s" % (i, c["slug"])
        with open(os.path.join(HERE, base + ".eml"), "wb") as fh:
            fh.write(raw)
        obj = {"expected": c["exp"]}
        if c["also"]:
            obj["also_ok"] = c["also"]
        obj["note"] = c["note"]
        obj["tags"] = tags
        with open(os.path.join(HERE, base + ".json"), "w", encoding="utf-8") as fh:
            json.dump(obj, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
    if stats:
        from collections import Counter
        cnt = Counter()
        tagc = Counter()
        for c in CASES:
            e = c["exp"]
            cnt[(e["action"], e["reason"])] += 1
            for t in c["tags"]:
                tagc[t] += 1
        for k, v in sorted(cnt.items(), key=lambda kv: str(kv[0])):
            print(k, v)
        print("total", len(CASES))
        for t, v in tagc.most_common():
            print("  %-22s %d" % (t, v))


if __name__ == "__main__":
    main()
