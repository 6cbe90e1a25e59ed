"""What residents actually receive, through the real Postfix and Dovecot: consumption only
for a registered sender, refusals that explain, the daily limit and its single notice,
and silence towards robots."""

from __future__ import annotations

from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest

from tests.integration.helpers import ENERGY, Daemon, make_daemon, resident_mail, text_of

pytestmark = pytest.mark.integration


@pytest.fixture
def daemon(mailstack: Any, energy: Any, db_url: str, tmp_path: Path, resident: str) -> Iterator[Daemon]:
    d = make_daemon(mailstack, db_url, tmp_path, readings={"window_start": 1, "window_end": 31},
                    replies={"max_per_sender_per_day": 3})
    d.import_accounts(tmp_path, "account,zones,t1,t2,email\n"
                      f"241000356712,2,10000,5000,{resident.upper()}\n121000000000,1,500,,\n")
    yield d
    d.engine.dispose()


def send(stack: Any, who: str, body: str, **kw: Any) -> None:
    stack.send(resident_mail(who, body, **kw), mail_from=who, rcpt_to=[ENERGY])


def test_consumption_only_to_the_registered_address(mailstack: Any, daemon: Daemon, resident: str) -> None:
    stranger = mailstack.add_user(f"stranger-{resident.split('@')[0]}")
    send(mailstack, resident, "ЛС 241000356712 день 10150 ночь 5040")
    send(mailstack, stranger, "ЛС 241000356712 день 10150 ночь 5040")
    mailstack.wait_for(ENERGY, 2)
    daemon.poll()
    own = message_from_bytes(mailstack.wait_for(resident, 1)[0])
    other = text_of(mailstack.wait_for(stranger, 1)[0])
    own_text = text_of(mailstack.fetch_all(resident)[0])
    assert "расход 150" in own_text and "расход 40" in own_text
    assert "10150" in other and "расход" not in other  # the previous reading is not revealed
    assert own["Auto-Submitted"] == "auto-replied"
    assert own.get_content_type() == "multipart/alternative"


def test_two_different_refusals(mailstack: Any, daemon: Daemon, resident: str) -> None:
    send(mailstack, resident, "Показания счетчика 4521, спасибо")
    # Lower than the last (10000/5000): said so to the registered sender (to anyone
    # else it would reveal the stored reading; tests/integration/test_strangers.py).
    send(mailstack, resident, "ЛС 241000356712 день 9000 ночь 4000")
    mailstack.wait_for(ENERGY, 2)
    daemon.poll()
    texts = [text_of(m) for m in mailstack.wait_for(resident, 2)]
    assert any("лицевого счёта" in t and "121000000000*0563" in t for t in texts)
    assert any("9000" in t and "меньше" in t for t in texts)


def test_daily_limit_then_a_single_notice(mailstack: Any, daemon: Daemon, resident: str) -> None:
    for value in range(10160, 10166):
        send(mailstack, resident, f"ЛС 241000356712 день {value} ночь 5050")
    mailstack.wait_for(ENERGY, 6)
    daemon.poll()
    got = mailstack.wait_for(resident, 4)
    daemon.poll()
    assert len(mailstack.fetch_all(resident)) == 4  # three answers and one notice, nothing more
    assert sum("сегодня" in text_of(m).lower() for m in got) == 1


def test_robots_are_never_answered(mailstack: Any, daemon: Daemon, resident: str) -> None:
    send(mailstack, resident, "Я в отпуске. ЛС 121000000000 показания 600",
         subject="Автоматический ответ: Показания")
    send(mailstack, resident, "ЛС 121000000000 показания 600",
         headers={"Precedence": "bulk", "List-Id": "<news.mail.test>"})
    send(mailstack, resident, "ЛС 121000000000 показания 600", headers={"Auto-Submitted": "auto-generated"})
    mailstack.wait_for(ENERGY, 3)
    report = daemon.poll()
    assert report.outcomes == {"ignored/auto_generated": 3}
    assert mailstack.fetch_all(resident) == []
