"""Generates the mail residents actually send, deterministically from a seed (for the benchmarks).

    .venv/bin/python bench/realistic.py [--n 10000] [--seed 1] [--check 500]

Mail i of a seed is always the same bytes, whatever N. The mix, as a month's mailbox holds it:
multipart/alternative plain + HTML from webmail and Outlook, HTML alone from phones, plain
text alone; utf-8, cp1251 or koi8-r; quoted-printable, base64 or 8bit; about 5 % carry a
meter photo of ~200 KB (a JPEG-like attachment); some quote our earlier confirmation or
carry a signature with a phone number; and robots: bounces (multipart/report),
out-of-office replies, a newsletter, plus residents' mail that is not about readings or that
lacks the account or the value. Mean size ≈ 14.6 KiB. Every resident's mail names an
account of its own (`account(i)`), so that each records a new reading. With --check, the
first mails are parsed and compared with what they were written to say.
"""

from __future__ import annotations

import argparse
import base64
import quopri
import random
import statistics
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.header import Header
from pathlib import Path

NAMES = ["Иванова Мария Петровна", "Петров Сергей", "Сидоренко А.В.", "Кузнецова Ольга", "Смирнов В.И.",
         "Попова Наталья Николаевна", "Васильев Игорь", "Новикова Т.", "Фёдоров Алексей", "Морозова Галина"]
DOMAINS = ["mail.bench.test", "yandex.bench.test", "inbox.bench.test", "gmail.bench.test"]
MONTHS = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
          "ноябрь", "декабрь"]
SUBJECTS = ["Показания", "Показания счётчика", "показания за {m}", "Передача показаний", "ПОКАЗАНИЯ",
            "Re: Показания приняты", "Показания электроэнергии за {m}", "Fwd: показания"]
ZONE_WORDS = {1: [("",)], 2: [("день", "ночь"), ("Т1", "Т2"), ("дневной", "ночной")],
              3: [("пик", "ночь", "полупик"), ("Т1", "Т2", "Т3")]}
STYLE = ("body{font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222;margin:0;padding:0}"
         ".js-helper{display:none}.mail-quote-collapse{margin:0}p{margin:0 0 1em}"
         "blockquote{border-left:1px solid #ccc;margin:0 0 0 .8ex;padding-left:1ex}"
         "table.signature td{font-size:12px;color:#777}@media only screen and (max-width:600px)"
         "{.wrapper{width:100%!important}.content{padding:8px!important}}")
WEBMAIL = ('<div class="js-helper js-readmsg-msg"><div><base target="_self" href="https://e.mail.bench.test/">'
           '<div id="style_1700000000000000000_BODY">{body}</div></div></div>')
OUTLOOK_HEAD = ('<meta name="Generator" content="Microsoft Word 15 (filtered medium)">'
                '<!--[if !mso]><style>v\\:*'
                '{behavior:url(#default#VML);}o\\:*{behavior:url(#default#VML);}</style><![endif]--><style><!--'
                '@font-face{font-family:"Cambria Math";panose-1:2 4 5 3 5 4 6 3 2 4;}@font-face{font-family:'
                'Calibri;panose-1:2 15 5 2 2 2 4 3 2 4;}p.MsoNormal,li.MsoNormal,div.MsoNormal{margin:0cm;'
                'font-size:11.0pt;font-family:"Calibri",sans-serif;mso-fareast-language:EN-US;}a:link,'
                'span.MsoHyperlink{mso-style-priority:99;color:#0563C1;text-decoration:underline;}'
                'span.EmailStyle17{mso-style-type:personal-compose;font-family:"Calibri",sans-serif;'
                'color:windowtext;}.MsoChpDefault{mso-style-type:export-only;font-family:"Calibri",'
                'sans-serif;mso-fareast-language:EN-US;}@page WordSection1{size:612.0pt 792.0pt;margin:'
                '2.0cm 42.5pt 2.0cm 3.0cm;}div.WordSection1{page:WordSection1;}--></style>' +
                "".join(f'<!--[if gte mso {v}]><xml><o:shapedefaults v:ext="edit" spidmax="{1025 + v}" />'
                        f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{v}" /></o:shapelayout>'
                        f'</xml><![endif]-->' for v in range(9, 17)))
#: A webmail's signature block and the links under every mail it sends.
FOOTER = ('<table class="signature" cellpadding="0" cellspacing="0" border="0" '
          'style="border-collapse:collapse;margin-top:16px"><tbody>' + "".join(
              f'<tr><td style="padding:2px 8px 2px 0;font-family:Arial,sans-serif;font-size:12px;'
              f'line-height:16px;'
              f'color:#8c8c8c;vertical-align:top">{t}</td></tr>' for t in (
                  "Отправлено из мобильной Почты", "Безопасность аккаунта: включите вход по коду",
                  "Освободите место в облаке: 8 ГБ бесплатно", "Почта всегда под рукой в приложении")) +
          '</tbody></table><div style="display:none;max-height:0;overflow:hidden">' + "&nbsp;&zwnj;" * 90 +
          "</div>")


def account(i: int) -> str:
    """Mail i's own account: 12 digits, none shared."""
    return f"24{i:010d}"


@dataclass
class Mail:
    raw: bytes
    kind: str  # record, reject, ignore
    submissions: list[tuple[str, dict[str, int]]] = field(default_factory=list)


def _grouped(acct: str, rng: random.Random) -> str:
    style = rng.random()
    if style < 0.6:
        return acct
    if style < 0.8:
        return f"{acct[:4]} {acct[4:8]} {acct[8:]}"
    return f"{acct[:3]}-{acct[3:6]}-{acct[6:9]}-{acct[9:]}"


def _readings_text(rng: random.Random, acct: str, zones: int, month: str) -> tuple[list[str], dict[str, int]]:
    values = [rng.randint(1000, 60000) for _ in range(zones)]
    regs = {f"t{k + 1}": v for k, v in enumerate(values)}
    shown = _grouped(acct, rng)
    labels = rng.choice(ZONE_WORDS[zones])
    form = rng.randrange(5)
    if form == 0:
        return [f"{acct}*" + "*".join(f"{v:05d}" for v in values)], regs
    if zones == 1:
        lines = {1: [f"Лицевой счёт {shown}", f"Показания счётчика: {values[0]}"],
                 2: [f"Добрый день! Передаю показания за {month}.",
                     f"л/с {shown} - {values[0]},{rng.randrange(10)}"],
                 3: [f"Показания электроэнергии {values[0]} кВт*ч, лицевой счёт № {shown}"],
                 4: [f"Здравствуйте. Лицевой счет: {shown}", f"Показания: {values[0]}", "Спасибо!"]}[form]
        return lines, regs
    pairs = [f"{label} {v}" for label, v in zip(labels, values, strict=True)]
    lines = {1: [f"Лицевой счёт {shown}", *pairs],
             2: [f"Добрый день! Передаю показания за {month}.", f"Л/С: {shown}. " + ", ".join(pairs) + "."],
             3: [f"Показания по счётчику за {month}: " + "; ".join(pairs), f"Лицевой счёт {shown}"],
             4: [f"Здравствуйте. л/с {shown}", *(f"{p} кВт" for p in pairs)]}[form]
    return lines, regs


def _signature(rng: random.Random, name: str) -> list[str]:
    pick = rng.random()
    if pick < 0.35:
        return ["", "С уважением,", name, f"тел. 8 913 {rng.randint(100, 999)}-{rng.randint(10, 99)}-"
                f"{rng.randint(10, 99)}"]
    if pick < 0.55:
        return ["", "--", "Отправлено из мобильной Почты"]
    return ["", name] if pick < 0.8 else []


def _quoted(rng: random.Random, acct: str) -> list[str]:
    """Our confirmation of last month, quoted below the resident's text."""
    old = rng.randint(500, 900)
    return ["", f"{rng.randint(1, 28)}.10.2026, Энергосбыт <energy@mail.test> пишет:",
            "> Здравствуйте!", "> Показания приняты.", f"> Лицевой счёт {acct}: {old}",
            "> Это письмо отправлено автоматически, отвечать на него не нужно.",
            "> Энергосбыт, Красноярск, ул. Дубровинского 43, тел. 8 (391) 257-67-07", ">"]


def _encode_header(text: str, charset: str) -> str:
    return Header(text, charset).encode(maxlinelen=76)


def _body(data: bytes, rng: random.Random, *, html: bool) -> tuple[str, bytes]:
    cte = rng.choice(["quoted-printable", "base64"] if html else ["8bit", "quoted-printable", "base64"])
    if cte == "base64":
        return cte, base64.encodebytes(data).replace(b"\n", b"\r\n")
    if cte == "quoted-printable":
        return cte, quopri.encodestring(data).replace(b"\n", b"\r\n")
    return cte, data.replace(b"\n", b"\r\n")


def _part(ctype: str, charset: str, text: str, rng: random.Random) -> bytes:
    cte, data = _body(text.encode(charset, "replace"), rng, html=ctype == "text/html")
    return (f'Content-Type: {ctype}; charset="{charset}"\r\nContent-Transfer-Encoding: {cte}\r\n\r\n'
            ).encode() + data


def _html(lines: list[str], rng: random.Random, charset: str) -> str:
    quote = [ln for ln in lines if ln.startswith(">")]
    own = [ln for ln in lines if not ln.startswith(">")]
    body = "".join(f"<div>{ln or '<br>'}</div>\n" for ln in own)
    if quote:
        body += "<blockquote>" + "".join(f"<div>{ln[1:].strip()}</div>" for ln in quote) + "</blockquote>"
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    if rng.random() < 0.4:
        head = meta + OUTLOOK_HEAD
        body = ('<div class="WordSection1">' + body.replace("<div>", '<p class="MsoNormal"><span lang="RU">')
                .replace("</div>", "<o:p></o:p></span></p>") + "</div>")
    else:
        head = meta + f"<style>{STYLE}</style>"
        body = WEBMAIL.format(body=body) + FOOTER
    return f"<html><head>{head}</head><body lang=\"RU\" link=\"#0563C1\">{body}</body></html>"


def _photo(rng: random.Random, boundary: str) -> bytes:
    size = rng.randint(125_000, 185_000)  # a ~155 KB photo, ~210 KB in base64
    jfif = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00H\x00H\x00\x00"
    data = jfif + rng.randbytes(size) + b"\xff\xd9"
    return (f"--{boundary}\r\nContent-Type: image/jpeg; name=\"IMG_{rng.randint(1000, 9999)}.jpg\"\r\n"
            f"Content-Disposition: attachment; filename=\"IMG_{rng.randint(1000, 9999)}.jpg\"\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\n").encode() \
        + base64.encodebytes(data).replace(b"\n", b"\r\n")


def _resident(i: int, rng: random.Random, subject: str, lines: list[str], *, photo: bool) -> bytes:
    charset = rng.choices(["utf-8", "windows-1251", "koi8-r"], [50, 35, 15])[0]
    name = rng.choice(NAMES)
    sender = f"r{i}@{rng.choice(DOMAINS)}"
    head = (f"Return-Path: <{sender}>\r\nFrom: {_encode_header(name, charset)} <{sender}>\r\n"
            f"To: energy@mail.test\r\nSubject: {_encode_header(subject, charset)}\r\n"
            f"Date: Mon, {1 + i % 28} Nov 2026 {i % 24:02d}:{i % 60:02d}:00 +0700\r\n"
            f"Message-ID: <{i}.{rng.getrandbits(48):x}@{sender.split('@')[1]}>\r\nMIME-Version: 1.0\r\n")
    text = "\n".join(lines) + "\n"
    layout = rng.random()
    if layout < 0.2 and not photo:
        return head.encode() + _part("text/plain", charset, text, rng)
    if layout < 0.3:
        body = _part("text/html", charset, _html(lines, rng, charset), rng)
    else:
        alt = f"----alt{rng.getrandbits(40):x}"
        body = (f'Content-Type: multipart/alternative; boundary="{alt}"\r\n\r\n--{alt}\r\n').encode()
        body += _part("text/plain", charset, text, rng) + f"\r\n--{alt}\r\n".encode()
        body += _part("text/html", charset, _html(lines, rng, charset), rng) + f"\r\n--{alt}--\r\n".encode()
    if not photo:
        return head.encode() + body
    mixed = f"----mix{rng.getrandbits(40):x}"
    return (head + f'Content-Type: multipart/mixed; boundary="{mixed}"\r\n\r\n--{mixed}\r\n').encode() \
        + body + b"\r\n" + _photo(rng, mixed) + f"\r\n--{mixed}--\r\n".encode()


def _robot(i: int, rng: random.Random) -> bytes:
    pick = rng.random()
    mid = f"<robot{i}.{rng.getrandbits(40):x}@robots.bench.test>"
    if pick < 0.5:  # a bounce of one of our replies (RFC 3464)
        b = f"bounce{rng.getrandbits(40):x}"
        return (f"Return-Path: <>\r\nFrom: MAILER-DAEMON@mx{i % 7}.bench.test (Mail Delivery System)\r\n"
                f"To: energy@mail.test\r\nSubject: Undelivered Mail Returned to Sender\r\n"
                f"Message-ID: {mid}\r\n"
                f"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; "
                f"boundary=\"{b}\"\r\n\r\n--{b}\r\nContent-Type: text/plain\r\n\r\n"
                f"This is the mail system.\r\n"
                f"I'm sorry to have to inform you that your message could not be delivered.\r\n"
                f"<r{i}@gone.bench.test>: host said: 550 5.1.1 User unknown\r\n\r\n--{b}\r\n"
                f"Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.bench.test\r\n\r\n"
                f"Final-Recipient: rfc822; r{i}@gone.bench.test\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
                f"--{b}\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: energy@mail.test\r\n"
                f"Subject: =?utf-8?B?0J/QvtC60LDQt9Cw0L3QuNGPINC/0YDQuNC90Y/RgtGL?=\r\n\r\n"
                f"--{b}--\r\n").encode()
    if pick < 0.85:  # an out-of-office reply to a mailing of ours
        text = "Здравствуйте! Я в отпуске до 1 декабря, на письма отвечу по возвращении.\n"
        return (f"From: r{i}@{rng.choice(DOMAINS)}\r\nTo: energy@mail.test\r\nMessage-ID: {mid}\r\n"
                f"Subject: {_encode_header('Автоответ: Показания', 'utf-8')}\r\n"
                f"Auto-Submitted: auto-replied\r\n"
                f"MIME-Version: 1.0\r\n").encode() + _part("text/plain", "utf-8", text, rng)
    html = "<html><body>" + "".join(f"<p>Новости недели, выпуск {k}: скидки, акции, предложения.</p>"
                                    for k in range(60)) + "</body></html>"
    return (f"From: news@shop.bench.test\r\nTo: energy@mail.test\r\nMessage-ID: {mid}\r\n"
            f"Subject: {_encode_header('Новости и показания недели', 'utf-8')}\r\nPrecedence: bulk\r\n"
            f"List-Unsubscribe: <mailto:unsub@shop.bench.test>\r\nMIME-Version: 1.0\r\n").encode() \
        + _part("text/html", "utf-8", html, rng)


def mail(seed: int, i: int) -> Mail:
    """Mail i of the seed's mailbox."""
    rng = random.Random(f"{seed}:{i}")
    month = MONTHS[i % 12]
    acct = account(i)
    pick = rng.random()
    if pick < 0.04:
        return Mail(_robot(i, rng), "ignore")
    name = rng.choice(NAMES)
    if pick < 0.07:  # a resident writing about something else
        lines = ["Добрый день!", f"Прошу пересчитать начисление за {month}, в квитанции ошибка.",
                 f"Лицевой счёт {acct}.", *_signature(rng, name)]
        return Mail(_resident(i, rng, "Вопрос по квитанции", lines, photo=False), "ignore")
    if pick < 0.10:  # readings without the account
        lines = [f"Показания счётчика {rng.randint(1000, 60000)}", "ул. Ленина, д. 5, кв. 12",
                 *_signature(rng, name)]
        return Mail(_resident(i, rng, "Показания", lines, photo=False), "reject")
    zones = rng.choices([1, 2, 3], [60, 35, 5])[0]
    lines, regs = _readings_text(rng, acct, zones, month)
    lines += _signature(rng, name)
    if rng.random() < 0.25:
        lines += _quoted(rng, acct)
    photo = rng.random() < 0.05 / 0.9
    subject = rng.choice(SUBJECTS).format(m=month)
    return Mail(_resident(i, rng, subject, lines, photo=photo), "record", [(acct, regs)])


def mails(seed: int, n: int, first: int = 0) -> Iterator[Mail]:
    for i in range(first, first + n):
        yield mail(seed, i)


def accounts_csv(seed: int, n: int, path: Path, first: int = 0) -> int:
    """The account registry the mailbox's residents are in; returns how many accounts."""
    count = 0
    with path.open("w") as out:
        out.write("account,zones\n")
        for m in mails(seed, n, first):
            for acct, regs in m.submissions:
                out.write(f"{acct},{len(regs)}\n")
                count += 1
    return count


def check(seed: int, n: int) -> tuple[int, int]:
    """(mails parsed as written, mails checked) over the first n."""
    import parsers

    right = 0
    for m in mails(seed, n):
        d = parsers.parse(m.raw)
        got = [(s.account, dict(s.as_dict())) for s in d.submissions]
        if d.action == m.kind and (m.kind != "record" or got == m.submissions):
            right += 1
    return right, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--check", type=int, default=500, help="parse the first mails and compare (0: skip)")
    ap.add_argument("--write", type=Path, help="write the mails as NNNNN.eml into this folder")
    args = ap.parse_args()
    sizes, kinds = [], {"record": 0, "reject": 0, "ignore": 0}
    for i, m in enumerate(mails(args.seed, args.n)):
        sizes.append(len(m.raw))
        kinds[m.kind] += 1
        if args.write:
            args.write.mkdir(parents=True, exist_ok=True)
            (args.write / f"{i:05d}.eml").write_bytes(m.raw)
    print(f"{args.n} mails: mean {statistics.mean(sizes) / 1024:.1f} KiB, median "
          f"{statistics.median(sizes) / 1024:.1f} KiB, over 100 KB: {sum(s > 100_000 for s in sizes)}; "
          f"{kinds}")
    if args.check:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        right, total = check(args.seed, min(args.check, args.n))
        print(f"parsed as written: {right} of {total}")


if __name__ == "__main__":
    main()
