"""Replies: every template for every outcome against golden files, headers, hostile input.

Regenerate the golden files after a deliberate wording change with
`MAILREADER_UPDATE_GOLDEN=1 pytest tests/unit/test_replies_render.py` and review the diff.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from jinja2 import UndefinedError

from replies import render, render_bodies, render_bytes, reply_subject
from replies.model import (
    ACCOUNT_STATUSES,
    REPLY_KINDS,
    AccountOutcome,
    Original,
    Reply,
    ReplySettings,
    ZoneValue,
)

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
UPDATE = os.environ.get("MAILREADER_UPDATE_GOLDEN") == "1"
SETTINGS = ReplySettings(from_addr="Энергосбыт <energy@example.ru>", hotline="8-800-000-00-00",
                         site="https://lk.example.ru")
ORIGINAL = Original(to_addr="anna@example.ru", subject="Показания за ноябрь",
                    message_id="<m1@example.ru>", references=("<root@example.ru>",))
DATE = datetime(2026, 11, 10, 12, 0, tzinfo=timezone(timedelta(hours=7)))
ACC = "121000000000"


def outcome(status: str, *values: tuple[Any, ...], zones: int = 1,
            period: str | None = "2026-11", opens: str | None = None,
            digits: int | None = None) -> AccountOutcome:
    """Values are (zone, value, consumption) or (zone, value, consumption, previous)."""
    return AccountOutcome(ACC, status, tuple(ZoneValue(*v) for v in values),
                          period, zones, opens, digits)


ONE = ("t1", 563, None)
DAY, NIGHT = ("t1", 12345, 150), ("t2", 6789, 40)
DAY_, NIGHT_ = ("t1", 12345, None), ("t2", 6789, None)  # refusals never carry consumption
PEAK, NIGHT3, SEMI = ("t1", 4321, None), ("t2", 1234, None), ("t3", 2222, None)

RESULTS: dict[str, tuple[AccountOutcome, ...]] = {
    "recorded_single": (outcome("recorded", ONE),),
    "recorded_day_night_consumption": (outcome("recorded", DAY, NIGHT, zones=2),),
    "recorded_three_zones": (outcome("recorded", PEAK, NIGHT3, SEMI, zones=3),),
    "recorded_next_period": (outcome("recorded", ONE, period="2026-12", opens="2026-12-01"),),
    "updated": (outcome("updated", DAY, NIGHT, zones=2),),
    "unchanged": (outcome("unchanged", ONE, period="2026-01"),),
    "unknown_account": (outcome("unknown_account", ONE, period=None, zones=None),),  # type: ignore[arg-type]
    "zone_mismatch_two_for_single": (outcome("zone_mismatch", DAY_, NIGHT_),),
    "zone_mismatch_one_for_two": (outcome("zone_mismatch", ONE, zones=2),),
    "zone_mismatch_two_for_three": (outcome("zone_mismatch", DAY_, NIGHT_, zones=3),),
    "zone_mismatch_three_for_two": (outcome("zone_mismatch", PEAK, NIGHT3, SEMI, zones=2),),
    # Night is lower than last time, day is not: only night is named, with its last value.
    "lower_than_last": (outcome("lower_than_last", DAY_, ("t2", 6789, None, 6800), zones=2),),
    "lower_than_last_single": (outcome("lower_than_last", ("t1", 563, None, 5630)),),
    "implausible": (outcome("implausible", ("t1", 985630, None)),),
    "too_long": (outcome("too_long", ("t1", 1234567, None), digits=5),),
    "too_long_digits_unknown": (outcome("too_long", ("t1", 1234567, None)),),
    "outside_window": (outcome("outside_window", ONE, period=None, opens="2026-12-01"),),
    # To a sender not registered for the account: no meter type, no reason.
    "not_accepted": (outcome("not_accepted", DAY_, NIGHT_, zones=None),),  # type: ignore[arg-type]
    "flat_and_dacha": (outcome("recorded", DAY, NIGHT, zones=2),
                       replace(outcome("lower_than_last", ("t1", 563, None, 600)),
                               account="121000000999")),
}
CASES: dict[str, Reply] = {f"result_{k}": Reply("result", v) for k, v in RESULTS.items()}
CASES.update({kind: Reply(kind) for kind in REPLY_KINDS if kind != "result"})
# An ambiguous refusal names what it saw, so the resident can answer in one line.
CASES["ambiguous_two_candidates"] = Reply("ambiguous", candidates=("9984", "9948"))
CASES["ambiguous_three_candidates"] = Reply("ambiguous", candidates=("1200", "800", "950"))
CASES["ambiguous_one_candidate"] = Reply("ambiguous", candidates=("8800",))


def test_every_kind_and_status_has_a_golden_case() -> None:
    assert {r.kind for r in CASES.values()} == set(REPLY_KINDS)
    assert {a.status for r in CASES.values() for a in r.accounts} == set(ACCOUNT_STATUSES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    text, html = render_bodies(CASES[name], SETTINGS)
    for body, ext in ((text, "txt"), (html, "html")):
        path = GOLDEN / f"{name}.{ext}"
        if UPDATE:
            path.parent.mkdir(exist_ok=True)
            path.write_text(body, encoding="utf-8")
        assert body == path.read_text(encoding="utf-8"), f"{path.name} differs"


@pytest.mark.parametrize("name", sorted(CASES))
def test_text_and_html_carry_the_same_values(name: str) -> None:
    reply = CASES[name]
    text, html = render_bodies(reply, SETTINGS)
    for setting in (SETTINGS.hotline, SETTINGS.site):
        assert (setting in text) == (setting in html)
    expected = []
    for a in reply.accounts:
        expected.append(a.account)
        lower = [v for v in a.values if v.previous is not None]
        for v in lower or a.values:  # a refusal as lower than last names the lower zones only
            if v.previous is not None:
                expected.append(f"в прошлый раз принято {v.previous}")
            expected.append(str(v.value))
            if v.consumption is not None:
                expected.append(f"расход {v.consumption} кВт·ч")
    for item in expected:
        assert item in text and item in html, item
    # And no number appears in one body alone (markup's own numbers aside).
    visible = re.sub(r"<[^>]*>", "", html)
    assert sorted(re.findall(r"\d+", visible)) == sorted(re.findall(r"\d+", text))


def test_refusals_say_what_to_do_and_confirmations_do_not_lecture() -> None:
    refused, _ = render_bodies(CASES["result_lower_than_last"], SETTINGS)
    accepted, _ = render_bodies(CASES["result_recorded_single"], SETTINGS)
    for example in ("121000000000*0563", "ЛС 121000000000 день 12345 ночь 6789",
                    "с 1 по 25 число", "8-800-000-00-00", "https://lk.example.ru"):
        assert example in refused
        assert example not in accepted
    assert "за ноябрь 2026" in accepted


def test_window_and_channels_come_from_settings() -> None:
    settings = replace(SETTINGS, window_start=3, window_end=20, hotline="", site="https://x.ru")
    text, html = render_bodies(Reply("no_account"), settings)
    assert "с 3 по 20 число" in text and "с 3 по 20 число" in html
    assert "в личном кабинете: https://x.ru." in text
    assert "по телефону" not in text and "по телефону" not in html
    bare = replace(SETTINGS, hotline="", site="")
    assert "можно также" not in render_bodies(Reply("no_account"), bare)[0]


def test_outside_window_names_the_opening_date() -> None:
    text, html = render_bodies(CASES["result_outside_window"], SETTINGS)
    assert "Приём откроется 1 декабря 2026 г." in text
    assert "Приём откроется 1 декабря 2026 г." in html


def test_strict_undefined_a_missing_variable_raises() -> None:
    partial = SimpleNamespace(window_start=1, window_end=25, site="")  # no hotline
    with pytest.raises(UndefinedError, match="hotline"):
        render_bodies(Reply("no_account"), partial)  # type: ignore[arg-type]


def test_html_escapes_what_could_carry_markup() -> None:
    settings = replace(SETTINGS, site='https://x.ru/"><script>alert(1)</script>',
                       hotline="<b>8-800</b>")
    reply = Reply("result", (replace(outcome("implausible", ONE), account="12100<i>0000000"),))
    text, html = render_bodies(reply, settings)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&#34;&gt;" in html
    assert "<b>8-800</b>" not in html and "&lt;b&gt;8-800&lt;/b&gt;" in html
    assert "Лицевой счёт 121000000000" in text  # the account as digits only
    assert "Лицевой счёт 121000000000" in html


def parsed(msg: EmailMessage) -> EmailMessage:
    again = message_from_bytes(msg.as_bytes(), policy=policy.default)
    assert isinstance(again, EmailMessage)
    return again


def bodies(msg: EmailMessage) -> tuple[str, str]:
    plain, html = msg.get_body(("plain",)), msg.get_body(("html",))
    assert plain is not None and html is not None
    # On the wire text lines end in CRLF (RFC 2046 §4.1.1); the templates write LF.
    return (str(plain.get_content()).replace("\r\n", "\n"),
            str(html.get_content()).replace("\r\n", "\n"))


def test_message_headers_and_structure() -> None:
    msg = parsed(render(CASES["result_updated"], ORIGINAL, SETTINGS, message_id="<r1@energy>",
                        date=DATE))
    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in msg.iter_parts())
    assert msg["From"] == SETTINGS.from_addr
    assert msg["To"] == "anna@example.ru"
    assert msg["Subject"] == "Re: Показания за ноябрь"
    assert msg["Message-ID"] == "<r1@energy>"
    assert msg["Date"] == "Tue, 10 Nov 2026 12:00:00 +0700"
    assert msg["In-Reply-To"] == "<m1@example.ru>"
    assert msg["References"] == "<root@example.ru> <m1@example.ru>"
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["X-Auto-Response-Suppress"] == "All"
    assert bodies(msg) == render_bodies(CASES["result_updated"], SETTINGS)


def test_wire_form_is_7bit_crlf_and_short_lined() -> None:
    refs = (" ".join(f"<reference{i}@a-rather-long-domain.example.ru>" for i in range(30)),)
    original = replace(ORIGINAL, subject="Показания " * 20, references=refs)
    raw = render_bytes(CASES["result_updated"], original, SETTINGS, message_id="<r1@energy>", date=DATE)
    assert raw.isascii()  # RFC 2047 headers and base64 bodies: no 8BITMIME needed on the way
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 78
    msg = message_from_bytes(raw, policy=policy.default)
    assert not msg.defects and all(not p.defects for p in msg.walk())
    assert str(msg["Subject"]) == reply_subject(original.subject, SETTINGS.subject_max_len)
    assert len(str(msg["References"]).split()) == 20


def test_render_is_pure() -> None:
    def once() -> bytes:
        return render_bytes(CASES["result_updated"], ORIGINAL, SETTINGS, message_id="<r1@energy>", date=DATE)

    assert once() == once()
    other = render_bytes(CASES["result_updated"], ORIGINAL, SETTINGS, message_id="<r2@energy>", date=DATE)
    assert other != once()  # the MIME boundary follows the Message-ID


def test_without_a_parent_message_id_there_is_no_thread() -> None:
    original = Original(to_addr="a@b.ru", subject="Показания", message_id=None)
    msg = render(Reply("no_account"), original, SETTINGS, message_id="<r@e>", date=DATE)
    assert msg["In-Reply-To"] is None and msg["References"] is None


def test_long_reference_chain_is_bounded_and_keeps_root_and_parent() -> None:
    refs = tuple(f"<r{i}@x>" for i in range(50))
    original = replace(ORIGINAL, references=(" ".join(refs),))
    msg = render(Reply("no_account"), original, SETTINGS, message_id="<r@e>", date=DATE)
    chain = str(msg["References"]).split()
    assert len(chain) == 20 and chain[0] == "<r0@x>" and chain[-1] == "<m1@example.ru>"


@pytest.mark.parametrize(("subject", "expected"), [
    ("Показания", "Re: Показания"),
    ("Re: Показания", "Re: Показания"),
    ("RE: Re[2]: Отв: показания", "Re: показания"),
    ("Fwd: Показания", "Re: Fwd: Показания"),
    ("", "Re:"),
    ("Показания\r\nBcc: victim@example.ru", "Re: Показания Bcc: victim@example.ru"),
    ("<b>Показания</b>", "Re: <b>Показания</b>"),
])
def test_reply_subject(subject: str, expected: str) -> None:
    assert reply_subject(subject, 120) == expected


def test_hostile_subject_cannot_inject_headers() -> None:
    original = replace(ORIGINAL, subject="Показания\r\nBcc: victim@example.ru\nX-Evil: 1")
    raw = render(Reply("no_account"), original, SETTINGS, message_id="<r@e>", date=DATE)
    msg = parsed(raw)
    assert msg["Bcc"] is None and msg["X-Evil"] is None
    assert "Bcc: victim@example.ru" in str(msg["Subject"])


def test_very_long_subject_is_shortened() -> None:
    original = replace(ORIGINAL, subject="Показания " + "очень " * 200)
    msg = parsed(render(Reply("no_account"), original, SETTINGS, message_id="<r@e>", date=DATE))
    subject = str(msg["Subject"])
    assert len(subject) <= 120 and subject.endswith("…") and subject.startswith("Re: Показания")


def test_html_subject_stays_out_of_the_bodies() -> None:
    original = replace(ORIGINAL, subject="<script>alert(1)</script> Показания")
    msg = parsed(render(Reply("no_readings"), original, SETTINGS, message_id="<r@e>", date=DATE))
    assert all("script" not in body for body in bodies(msg))


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"reply": Reply("thanks")}, "unknown reply kind"),
    ({"reply": Reply("result", (outcome("lost", ONE),))}, "unknown account status"),
    ({"date": datetime(2026, 11, 10, 12, 0)}, "timezone-aware"),
])
def test_bad_input_is_refused(kwargs: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {"reply": Reply("no_account"), "date": DATE.astimezone(UTC)}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        render(args["reply"], ORIGINAL, SETTINGS, message_id="<r@e>", date=args["date"])


def test_ambiguous_names_the_candidates_and_only_digits() -> None:
    text, html = render_bodies(Reply("ambiguous", candidates=("9984", "9948")), SETTINGS)
    for body in (text, html):
        assert "9984 и 9948" in body
    hostile = Reply("ambiguous", candidates=("9984", "<b>1</b>", "12\r\nBcc: x@y", "٤٥"))
    text, html = render_bodies(hostile, SETTINGS)
    for body in (text, html):
        assert "мы увидели число 9984," in body
        assert "Bcc" not in body and "<b>1" not in body and "٤" not in body
