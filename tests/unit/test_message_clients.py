"""What reaches extraction from replies and forwards as real clients shape them.

Extraction is replaced by a stand-in that records its arguments: these tests check the
message side only (own text, forwarded text), whatever extraction would make of them.
"""

from __future__ import annotations

import pytest

from parsers import Decision, parse
from parsers.classify import Parts
from parsers.decide import Trace

READINGS = "=?utf-8?b?0J/QvtC60LDQt9Cw0L3QuNGP?="  # «Показания»
CONFIRMATION = (
    "Уважаемый абонент!<br>Ваши показания приняты.<br>Лицевой счет: 240031415927<br>"
    "Показания: Т1 = 5120 кВт·ч<br>Это письмо сформировано автоматически, отвечать на него "
    "не нужно."
)
NEW = "Показания 4620 л/с 240012345678"
Seen = list[tuple[str, str, str]]


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> Seen:
    calls: Seen = []

    def stand_in(parts: Parts) -> Trace:
        calls.append((parts.subject, parts.own, parts.forwarded))
        return Trace(Decision(action="reject", reason="no_account"))

    monkeypatch.setattr("parsers.pipeline.read", stand_in)
    return calls


def _mail(ctype: str, body: str, subject: str = f"Re: {READINGS}") -> bytes:
    head = f"From: Ivan <ivan@mail.ru>\nSubject: {subject}\nMIME-Version: 1.0\n"
    head += f"Content-Type: {ctype}\n\n"
    return (head + body).encode("utf-8")


HTML = "text/html; charset=utf-8"
REPLIES = {
    "mailru-html": _mail(
        HTML,
        f"<div>{NEW}</div><div>Пятница, 20 ноября 2026, 9:01 +07:00 от ПАО "
        "&lt;energy@es.krasnoyarsk.ru&gt;:<br><blockquote style='border-left:1px solid #0857A6'>"
        f"<div class='js-helper js-readmsg-msg'>{CONFIRMATION}</div></blockquote></div>",
    ),
    "outlook-word-html": _mail(
        HTML,
        f"<div class=WordSection1><p class=MsoNormal>{NEW}</p><div><div style='border:none;"
        "border-top:solid #E1E1E1 1.0pt'><p class=MsoNormal><b>From:</b> ПАО<br><b>Sent:</b> "
        "Tuesday<br><b>To:</b> Артём<br><b>Subject:</b> Показания приняты</p></div></div>"
        f"<p class=MsoNormal>{CONFIRMATION}</p></div>",
    ),
    "outlook-web": _mail(
        HTML,
        f'<div>{NEW}</div><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>От:</b> '
        f"ПАО<br><b>Отправлено:</b> 24 ноября</div><div>{CONFIRMATION}</div>",
    ),
    "thunderbird-bottom-post": _mail(
        "text/plain; charset=utf-8; format=flowed",
        "24.11.2026 08:30, ПАО «Энергосбыт» пишет:\n> Уважаемый абонент!\n"
        f"> Лицевой счет: 240031415927\n> Показания: Т1 = 5120\n\n{NEW}\n\n-- \nАртём\n",
    ),
}


@pytest.mark.parametrize("raw", REPLIES.values(), ids=REPLIES.keys())
def test_reply_gives_only_the_new_text(raw: bytes, seen: Seen) -> None:
    assert parse(raw) == Decision(action="reject", reason="no_account")
    subject, own, forwarded = seen[0]
    assert subject == "Показания"
    assert "4620" in own and "240012345678" in own
    assert "5120" not in own + forwarded and "240031415927" not in own + forwarded


def test_photo_before_the_text(seen: Seen) -> None:
    raw = (
        f"From: a@b.ru\nSubject: {READINGS}\nMIME-Version: 1.0\nContent-Type: multipart/mixed; "
        'boundary="b"\n\n--b\nContent-Type: image/jpeg\nContent-Disposition: inline; '
        "filename=IMG.jpg\nContent-Transfer-Encoding: base64\n\n/9j/4AAQ\n--b\nContent-Type: "
        f"text/plain; charset=utf-8\n\n{NEW}\n\nОтправлено с iPhone\n--b--\n"
    ).encode()
    parse(raw)
    assert seen[0][1].strip() == NEW


def test_outlook_forward_in_plain_text(seen: Seen) -> None:
    body = (
        "Пересылаю показания мужа\n\n-----Original Message-----\nОт: Иван <ivan@mail.ru>\n"
        "Отправлено: 24 ноября 2026 г. 8:30\nКому: energy@es.ru\nТема: Показания\n\n"
        f"{NEW}\n"
    )
    parse(_mail("text/plain; charset=utf-8", body, subject=f"FW: {READINGS}"))
    _, own, forwarded = seen[0]
    assert own.strip() == "Пересылаю показания мужа"
    assert NEW in forwarded and "8:30" not in forwarded


def test_not_readings_never_reaches_extraction(seen: Seen) -> None:
    assert parse(_mail("text/plain", NEW, subject="Вопрос")).reason == "not_readings"
    assert seen == []
