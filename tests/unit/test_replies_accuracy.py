"""What a resident is told, from the mail through the parser and the readings service to
the reply: a value with a digit too many, two values for a single-rate meter, a value
lower than last time (issue: replies that misled)."""

from __future__ import annotations

import base64
import dataclasses
import re
from datetime import date
from email import message_from_bytes

import pytest

import parsers
from mailreader import db
from mailreader.daemon.cycle import poll_once
from mailreader.db.readings_store import SqlReadingsStore
from mailreader.readings.service import Account
from replies import render_bodies
from replies.model import AccountOutcome, Reply, ReplySettings, ZoneValue
from tests.world import World, mail

FLAT, DACHA = "121000000000", "121000000001"
RESIDENT = frozenset({"ivan@example.org"})  # registered: details of the account may be told


@pytest.fixture
def real(world: World) -> World:
    # the real parser and service
    world.deps = dataclasses.replace(world.deps, parse=parsers.parse, readings=None)
    with db.transaction(world.deps.sessions) as s:
        SqlReadingsStore(s.connection()).upsert_accounts(
            [Account(FLAT, 1, digits=5, last=(("t1", 5630),), last_date=date(2026, 10, 20),
                     emails=RESIDENT),
             Account(DACHA, 2, last=(("t1", 4000), ("t2", 2000)), last_date=date(2026, 10, 20),
                     emails=RESIDENT)],
            frozenset({"account", "zones", "digits", "t1", "t2", "reading_date", "email"}),
            world.clock())
    return world


def _reply_text(w: World) -> str:
    raw = w.smtp.sent[-1][1]
    part = next(p for p in message_from_bytes(raw).walk() if p.get_content_type() == "text/plain")
    return base64.b64decode(part.get_payload()).decode()


def test_seven_digits_for_a_five_digit_meter_is_called_too_long(real: World) -> None:
    real.server.deliver(mail(f"ЛС {FLAT} показания 1234567"))
    assert poll_once(real.deps).outcomes == {"refused/too_long": 1}
    text = _reply_text(real)
    assert "больше цифр, чем показывает ваш счётчик (5 цифр до запятой)" in text
    assert "не нашли показаний" not in text


def test_two_values_for_a_single_rate_meter_ask_for_one(real: World) -> None:
    real.server.deliver(mail(f"ЛС {FLAT} день 5700 ночь 2100"))
    assert poll_once(real.deps).outcomes == {"refused/zone_mismatch": 1}
    text = _reply_text(real)
    assert "однотарифный счётчик, он показывает одно число" in text
    assert "Пришлите, пожалуйста, одно показание" in text and "все показания" not in text


def test_lower_than_last_names_the_lower_zone_and_its_last_value(real: World) -> None:
    real.server.deliver(mail(f"ЛС {DACHA} день 4100 ночь 1999"))
    assert poll_once(real.deps).outcomes == {"refused/lower_than_last": 1}
    text = _reply_text(real)
    assert "ночь: 1999 (в прошлый раз принято 2000)" in text
    assert not re.search(r"день: 4100", text)  # the day zone is not lower: not named
    assert "позвоните, пожалуйста, по телефону" in text or "абонентский отдел" in text


def test_without_a_hotline_the_operator_is_named() -> None:
    a = AccountOutcome(FLAT, "lower_than_last", (ZoneValue("t1", 563, None, 600),), "2026-11", 1)
    text, html = render_bodies(Reply("result", (a,)), ReplySettings(from_addr="e@x.ru"))
    assert "обратитесь, пожалуйста, в абонентский отдел" in text
    assert "обратитесь, пожалуйста, в абонентский отдел" in html


def test_a_stranger_is_told_neither_the_last_value_nor_the_meter(real: World) -> None:
    real.server.deliver(mail(f"ЛС {DACHA} день 4100 ночь 1999", sender="stranger@example.org"))
    poll_once(real.deps)
    text = _reply_text(real)
    assert "2000" not in text and "в прошлый раз принято" not in text
    real.server.deliver(mail(f"ЛС {FLAT} показания 1234567", sender="other@example.org",
                             msgid="<m2@example.org>"))
    poll_once(real.deps)
    text = _reply_text(real)
    assert "бывает на счётчиках" in text and "5 цифр" not in text  # seven digits: any meter
