"""Auto-generated mail is ignored whatever its subject says (CONTRACT.md)."""

from __future__ import annotations

import pytest

from parsers import parse
from parsers.classify import content_signals, is_auto_generated
from parsers.message import parse_bytes, read_body

READINGS = "Subject: =?utf-8?b?0J/QvtC60LDQt9Cw0L3QuNGP?=\n"  # «Показания»
BODY = "\nЛ/с 240012345678, показания 4521\n"


def _mail(headers: str, body: str = BODY, subject: str = READINGS) -> bytes:
    return (f"From: Ivan <ivan@mail.ru>\n{subject}{headers}" + body).encode("utf-8")


def _auto(raw: bytes) -> bool:
    msg = parse_bytes(raw)
    return is_auto_generated(msg, str(msg.get("Subject", "")), read_body(msg).text)


@pytest.mark.parametrize(
    "header",
    [
        "Auto-Submitted: auto-replied\n",
        "Auto-Submitted: auto-generated\n",
        "X-Autoreply: yes\n",
        "X-Autorespond: on\n",
        "X-Auto-Response-Suppress: All\n",
        "Precedence: bulk\n",
        "Precedence: junk\n",
        "Precedence: list\n",
        "Precedence: auto_reply\n",
        "List-Id: <neighbours.example.org>\n",
        "List-Unsubscribe: <mailto:u@example.org>\n",
        "List-Post: <mailto:l@example.org>\n",
        "Return-Path: <>\n",
        "Sender: MAILER-DAEMON@mx.example.org\n",
        "X-Apple-Action: VACATION\n",
        "X-Mailman-Version: 2.1\n",
    ],
)
def test_header_signal(header: str) -> None:
    assert _auto(_mail(header))


@pytest.mark.parametrize(
    "sender",
    [
        "MAILER-DAEMON@mx.ru",
        "postmaster@mail.ru",
        "noreply@gosuslugi.ru",
        "no-reply@bank.ru",
        "do-not-reply@x.org",
        "post_master@vtext.com",
    ],
)
def test_robot_sender(sender: str) -> None:
    raw = _mail("").replace(b"ivan@mail.ru", sender.encode())
    assert parse(raw).reason == "auto_generated"


def test_auto_submitted_no_is_a_person() -> None:
    assert not _auto(_mail("Auto-Submitted: no\n"))


def test_plain_resident_mail_is_not_auto() -> None:
    assert not _auto(_mail("Return-Path: <ivan@mail.ru>\n"))


def test_multipart_report_is_auto() -> None:
    raw = _mail(
        "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; "
        'boundary="b"\n',
        "\n--b\nContent-Type: text/plain\n\nЛ/с 240012345678 4521\n--b\n"
        "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx\n--b--\n",
    )
    assert parse(raw).reason == "auto_generated"


def test_classification_comes_before_the_subject_rule() -> None:
    raw = _mail("Precedence: bulk\n", subject="Subject: Новости дома\n")
    assert parse(raw).reason == "auto_generated"


@pytest.mark.parametrize(
    "subject",
    [
        "Undelivered Mail Returned to Sender",
        "Delivery Status Notification (Failure)",
        "Mail delivery failed: returning message to sender",
        "Returned mail: User unknown",
        "Автоответ: Показания",
        "Автоматический ответ: Показания",
        "Нет на месте",
        "Out of Office: Показания",
        "Vacation reply",
        "Недоставленное сообщение",
        "Не доставлено: Показания",
    ],
)
def test_robot_subjects(subject: str) -> None:
    assert content_signals(subject, "")


@pytest.mark.parametrize(
    "body",
    [
        "This is the mail system at host mx.example.org.\n\nI'm sorry to have to inform you",
        "Your message could not be\ndelivered to the following recipients:",
        "Delivery to the following recipient failed permanently:",
        "Это автоматический ответ. Я в отпуске до 1 декабря.",
        "I am out of the office until Monday.",
        "To stop receiving these emails, unsubscribe here.",
    ],
)
def test_robot_bodies(body: str) -> None:
    assert content_signals("Показания", body)


@pytest.mark.parametrize(
    "body",
    [
        "Л/с 240012345678, показания 4521. С уважением, Иван",
        "Прошлое письмо вернулось, отправляю повторно: л/с 240012345678, 4521",
        "Была в отпуске, поэтому передаю поздно. ЛС 240012345678 показания 4521",
    ],
)
def test_residents_are_not_robots(body: str) -> None:
    assert not content_signals("Показания", body)


@pytest.mark.parametrize(
    "subject",
    ["Показания, прошлое письмо не доставлено", "Показания (уезжаю в отпуск)", "Re: Показания"],
)
def test_resident_subjects_are_not_robots(subject: str) -> None:
    assert not content_signals(subject, "")


def test_reply_quoting_an_automatic_notice_is_the_residents() -> None:
    body = (
        "\nЛ/с 240012345678, показания 4521\n\n23.11.2026 10:00, Энергосбыт <e@es.ru> пишет:\n"
        "> Это автоматическое сообщение, отвечать на него не нужно.\n"
        "> Out of office replies and unsubscribe requests are not read.\n"
    )
    assert parse(_mail("", body)).reason != "auto_generated"


def test_forwarded_bounce_is_auto() -> None:
    body = (
        "\nСмотрите\n\nBegin forwarded message:\n\n> From: Mail Delivery Subsystem\n>\n"
        ">    ----- The following addresses had permanent fatal errors -----\n> <x@y.z>\n"
    )
    assert parse(_mail("", body)).reason == "auto_generated"
