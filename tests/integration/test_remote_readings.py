"""The daemon on the remote readings backend against a real `mailreader serve` on
PostgreSQL: the service is SIGKILLed in the middle of a 200-mail drain and started again;
every reading is recorded once in the service's database, every resident answered once,
each reply from the service's answer (its accounts are confirmed, any other refused: the
daemon's own database knows no account at all)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from mailreader.db.engine import make_engine
from mailreader.db.models import Message, Outbox
from mailreader.db.readings_models import ReadingRow
from mailreader.db.submission_models import RemoteSubmission
from tests.apiserver import ApiServer, import_accounts
from tests.integration.helpers import ENERGY, make_daemon, resident_mail, text_of

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]

RESIDENTS, EACH = 20, 10  # 200 mails
#: Every tenth mail names an account the service does not know: each resident's last one
#: (a second refusal for the same reason the same day would not be answered).
UNKNOWN_EVERY = EACH


def _account(n: int) -> str:
    return f"1212{n:08d}"


def test_service_killed_mid_drain_every_reading_once_every_resident_once(
        mailstack: Any, energy: Any, pg_url: str, tmp_path: Path,
        serve_api: Callable[..., ApiServer]) -> None:
    service = serve_api(pg_url)
    known = [n for n in range(RESIDENTS * EACH) if n % UNKNOWN_EVERY != UNKNOWN_EVERY - 1]
    import_accounts(service.config, "account,zones,t1\n" + "".join(f"{_account(n)},1,100\n" for n in known))
    token = tmp_path / "readings-token"
    token.write_text("token-submitter\n", encoding="utf-8")
    d = make_daemon(mailstack, f"sqlite:///{tmp_path / 'daemon.sqlite3'}", tmp_path,
                    readings={"backend": "http", "url": service.url, "token_file": str(token), "timeout": 5},
                    schedule={"poll_interval": 1}, imap={"batch_size": 20},
                    replies={"max_per_sender_per_day": 50})
    residents = [mailstack.add_user(f"rr{i}-{os.getpid()}-{tmp_path.name[-4:]}") for i in range(RESIDENTS)]
    mails, value_of = [], {}
    for n in range(RESIDENTS * EACH):
        value_of[_account(n)] = 1000 + n
        mails.append(resident_mail(residents[n // EACH], f"Лицевой счёт {_account(n)}, показания {1000 + n}"))
    sent_ids = {message_from_bytes(m)["Message-ID"] for m in mails}
    assert mailstack.deliver_direct(ENERGY, mails) == len(mails)

    started = time.monotonic()
    with (tmp_path / "run.log").open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "mailreader", "--config", str(d.config_path), "run"],
                                cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                stdout=subprocess.DEVNULL, stderr=log)
    try:
        # Mid-drain: some answered, most not yet.
        answered_at_kill = _wait(lambda: _count(d, RemoteSubmission.state == "answered"), 50, 60)
        service.kill()
        time.sleep(3)
        service.start()
        _wait(lambda: _count(d, Message.state == "processed"), len(mails), 120)
        _wait(lambda: _count(d, Outbox.state == "sent"), len(mails), 60)
        replies = [mailstack.wait_for(r, EACH, timeout=30) for r in residents]
        drained = time.monotonic() - started
        time.sleep(1.0)  # a doubled reply would still be in Postfix's queue
        replies = [mailstack.fetch_all(r) for r in residents]
    finally:
        proc.terminate()
        assert proc.wait(30) == 0, (tmp_path / "run.log").read_text()[-3000:]
        d.engine.dispose()

    retries = _sum_attempts(d)
    print(f"\n200-mail drain with the service killed for 3 s: {drained:.1f} s; answered before the kill "
          f"{answered_at_kill}; submissions retried {retries} times")
    assert answered_at_kill < len(mails)  # the kill fell in the middle of the drain
    assert retries >= 1  # submissions met the dead service and were sent again
    # Every resident answered once per mail, each reply to one of the mails.
    assert [len(got) for got in replies] == [EACH] * RESIDENTS
    answered_ids = Counter(message_from_bytes(m)["In-Reply-To"] for got in replies for m in got)
    assert set(answered_ids) == sent_ids and set(answered_ids.values()) == {1}
    # Each reply says what the service answered: its accounts confirmed, the others refused.
    for got in replies:
        for raw in got:
            text = text_of(raw)
            account = next(a for a in value_of if a in text)
            if int(account) % UNKNOWN_EVERY == UNKNOWN_EVERY - 1:
                assert "лицевой счёт не найден" in text.lower(), text
            else:
                assert "приняты за" in text and str(value_of[account]) in text, text
    # Every reading recorded exactly once in the service's database; none in the daemon's.
    engine = make_engine(pg_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(ReadingRow.account, ReadingRow.value, ReadingRow.superseded,
                                       ReadingRow.channel)).all()
    finally:
        engine.dispose()
    assert sorted((a, v) for a, v, _, _ in rows) == sorted((_account(n), 1000 + n) for n in known)
    assert {(s, c) for _, _, s, c in rows} == {(False, "email")}
    assert _count(d, ReadingRow.id >= 0) == 0


def _count(d: Any, where: Any) -> int:
    table = where.left.table
    with d.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(where)).scalar_one())


def _sum_attempts(d: Any) -> int:
    with d.engine.connect() as conn:
        return int(conn.execute(select(func.coalesce(func.sum(RemoteSubmission.attempts), 0))).scalar_one())


def _wait(count: Callable[[], int], at_least: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while True:
        got = count()
        if got >= at_least:
            return got
        if time.monotonic() > deadline:
            raise AssertionError(f"{got} of {at_least} after {timeout} s")
        time.sleep(0.05)
