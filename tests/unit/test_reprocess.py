"""`reprocess`: only failed mail unless forced, never a second answer for the same
submission, and a too-large mail fetched whole again once the limit allows it."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import Any

import pytest

from mailreader.daemon.cycle import poll_once
from mailreader.daemon.reprocess import check, reprocess
from mailreader.errors import MailreaderError
from mailreader.ops.report import CycleReport
from mailreader.readings.service import SubmitResult
from tests.world import World, mail


class SaysAlways:
    """A readings service that answers every submission with one status."""

    def __init__(self, status: str) -> None:
        self.status = status

    def submit(self, account: str, readings: dict[str, int], **_: Any) -> SubmitResult:
        return SubmitResult(account, self.status, tuple(sorted(readings.items())), period="2026-11")


def test_mail_that_is_not_failed_or_unknown_is_refused_whole(world: World) -> None:
    world.server.deliver(mail("RECORD 121000000000 563"))
    poll_once(world.deps)
    row = world.rows()[0]
    with pytest.raises(MailreaderError) as exc:
        check(world.deps, [row.id, 999], force=False)
    assert str(exc.value) == (f"reprocess refused: {row.id}: processed, not failed (--force runs it "
                              "again); 999: no such message")
    check(world.deps, [row.id], force=True)  # no error
    with pytest.raises(MailreaderError, match="no such message"):
        check(world.deps, [999], force=True)


@pytest.mark.parametrize(("status", "replies"), [("unchanged", 1), ("lower_than_last", 1), ("updated", 2)])
def test_forced_run_answers_again_only_when_readings_changed(
        world: World, caplog: pytest.LogCaptureFixture, status: str, replies: int) -> None:
    world.server.deliver(mail("RECORD 121000000000 563"))
    poll_once(world.deps)
    assert len(world.smtp.sent) == 1
    world.deps = dataclasses.replace(world.deps, readings=lambda s: SaysAlways(status))
    with caplog.at_level(logging.INFO, logger="mailreader.daemon"):
        assert reprocess(world.deps, world.rows()[0].id, CycleReport()) == "processed"
    poll_once(world.deps)
    assert len(world.smtp.sent) == replies
    if replies == 1:
        assert any("reply=none:already_answered" in r.getMessage() for r in caplog.records)


def test_too_large_mail_is_fetched_again_after_the_limit_is_raised(
        make_world: Callable[..., World]) -> None:
    w = make_world(imap={"max_message_size": 300})
    big = mail("RECORD 121000000000 563\r\n" + "x" * 400)
    w.server.deliver(big)
    poll_once(w.deps)
    row = w.rows()[0]
    assert (row.state, row.reason) == ("failed", "too_large") and len(row.raw) < len(big)
    assert list(w.server.folders["Failed"].values()) == [big]
    with pytest.raises(MailreaderError, match=r"over \[imap\] max_message_size = 300: raise it"):
        reprocess(w.deps, row.id, CycleReport())
    assert w.rows()[0].state == "failed"
    settings = w.deps.settings
    w.deps = dataclasses.replace(w.deps, settings=dataclasses.replace(
        settings, imap=dataclasses.replace(settings.imap, max_message_size=10_000)))
    assert reprocess(w.deps, row.id, CycleReport()) == "processed"
    assert w.rows()[0].raw == big and w.recorded == [("121000000000", {"t1": 563})]
    assert w.server.folders["Failed"] == {} and list(w.server.folders["Processed"].values()) == [big]


def test_too_large_mail_gone_from_the_server_fails_clearly(make_world: Callable[..., World]) -> None:
    w = make_world(imap={"max_message_size": 300})
    w.server.deliver(mail("RECORD 121000000000 563\r\n" + "x" * 400))
    poll_once(w.deps)
    w.server.folders["Failed"].clear()  # someone deleted it
    settings = w.deps.settings
    w.deps = dataclasses.replace(w.deps, settings=dataclasses.replace(
        settings, imap=dataclasses.replace(settings.imap, max_message_size=10_000)))
    with pytest.raises(MailreaderError, match="no longer in Failed on the server"):
        reprocess(w.deps, w.rows()[0].id, CycleReport())
