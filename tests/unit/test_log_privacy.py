"""A message that fails is named in the journal by its row and UID, its error sanitised:
nothing of its sender, subject or body above DEBUG, and no statement parameters anywhere."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import insert

from mailreader.daemon.cycle import poll_once
from mailreader.daemon.scheduler import Runner
from mailreader.db.messages import MESSAGES
from mailreader.ops.log import describe
from mailreader.ops.report import CycleReport
from mailreader.ops.sdnotify import Notifier
from parsers import Decision
from tests.world import World, fake_parse, mail

SENDER = "ivan.petrov@example.org"
SUBJECT = "Pokazaniya kv 17 Kirova"
BODY = "RECORD 121000000000 563 secretword"


def _private_mail() -> bytes:
    return mail(BODY, sender=SENDER, subject=SUBJECT, msgid="<p1@example.org>")


def _journal(caplog: pytest.LogCaptureFixture, level: int = logging.INFO) -> str:
    """Every line at `level` and above, with the tracebacks the handler would print."""
    fmt = logging.Formatter("%(levelname)s %(name)s: %(message)s")
    return "\n".join(fmt.format(r) for r in caplog.records if r.levelno >= level)


def _assert_private(text: str) -> None:
    for secret in (SENDER, "ivan.petrov", SUBJECT, "Kirova", "secretword", "121000000000"):
        assert secret not in text, f"{secret!r} reached the journal:\n{text}"


def test_a_parser_error_quoting_the_mail_is_logged_without_it(
        make_world: Callable[..., World], caplog: pytest.LogCaptureFixture) -> None:
    w = make_world()

    def parse(raw: bytes) -> Decision:
        if b"secretword" in raw:
            raise ValueError(f"cannot read {raw[:300]!r} from {SENDER}, subject {SUBJECT!r}")
        return fake_parse(raw)

    w.deps = dataclasses.replace(w.deps, parse=parse)
    w.server.deliver(_private_mail())
    caplog.set_level(logging.DEBUG)
    poll_once(w.deps)
    journal = _journal(caplog)
    _assert_private(journal)
    row = w.rows()[0]
    assert f"message row={row.id} failed (attempt 1 of 3): ValueError: cannot read" in journal
    # At DEBUG the traceback is there, for whoever turns it on.
    assert "Traceback" in _journal(caplog, logging.DEBUG)


def test_a_database_error_carries_no_statement_parameters(
        make_world: Callable[..., World], caplog: pytest.LogCaptureFixture) -> None:
    w = make_world()

    class Readings:
        """Fails with an IntegrityError whose statement had the mail's own values."""

        def __init__(self, s: Any) -> None:
            self.s = s

        def submit(self, *_: Any, **__: Any) -> Any:
            row = {"mailbox": "INBOX", "uidvalidity": 1, "uid": 1, "raw": _private_mail(), "size": 1,
                   "content_hash": "x", "from_addr": SENDER, "subject": SUBJECT, "state": "stored",
                   "attempts": 0, "server_state": "pending", "received_at": w.clock()}
            self.s.execute(insert(MESSAGES), row)  # the same location again

    w.deps = dataclasses.replace(w.deps, readings=Readings)
    w.server.deliver(_private_mail())
    caplog.set_level(logging.DEBUG)
    poll_once(w.deps)
    # Not even in the DEBUG traceback, nor in the error kept with the row (`failed show`).
    _assert_private(_journal(caplog, logging.DEBUG))
    row = w.rows()[0]
    assert row.error is not None and "IntegrityError" in row.error
    _assert_private(row.error)
    assert "IntegrityError" in _journal(caplog)


def test_a_failed_cycle_is_logged_without_the_mail(caplog: pytest.LogCaptureFixture) -> None:
    from datetime import UTC, datetime

    def cycle() -> CycleReport:
        raise KeyError(SENDER)

    runner = Runner(cycle, interval=3600, now=lambda: datetime.now(UTC), notifier=Notifier({}))
    caplog.set_level(logging.INFO)
    runner._job()
    journal = _journal(caplog)
    _assert_private(journal)
    assert "cycle failed: KeyError" in journal


@pytest.mark.parametrize(("exc", "shown"), [
    (KeyError("ivan@example.org"), "KeyError: '…'"),
    (ValueError("no account in Показания за март"), "ValueError: no account in …"),
    (ValueError("account 121000000000 unknown"), "ValueError: account # unknown"),
    (RuntimeError("bad header 'Subject: hello"), "RuntimeError: bad header '…'"),
    (RuntimeError("from ivan@example.org today"), "RuntimeError: from <address> today"),
    (RuntimeError("first line\nsecond line with ivan@example.org"), "RuntimeError: first line"),
    (RuntimeError(), "RuntimeError"),
])
def test_describe_blanks_what_may_come_from_a_mail(exc: BaseException, shown: str) -> None:
    assert describe(exc) == shown
