"""The per-message state machine with in-memory fakes and a fixed clock."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest

from mailreader.daemon.cycle import poll_once
from mailreader.daemon.reprocess import reprocess
from mailreader.ops.report import CycleReport
from parsers import Decision
from tests.world import World, fake_parse, mail


def test_record_moves_to_processed_and_replies_once(world: World) -> None:
    world.server.deliver(mail("RECORD 121000000000 563"))
    report = poll_once(world.deps)
    assert report.outcomes == {"recorded": 1}
    assert world.recorded == [("121000000000", {"t1": 563})]
    assert world.server.folders["INBOX"] == {}
    assert len(world.server.folders["Processed"]) == 1
    assert [to for to, _ in world.smtp.sent] == ["ivan@example.org"]
    reply = message_from_bytes(world.smtp.sent[0][1])
    assert reply["Auto-Submitted"] == "auto-replied"
    assert reply["In-Reply-To"] == "<m1@example.org>"
    # A second cycle finds nothing new and sends nothing.
    poll_once(world.deps)
    assert len(world.smtp.sent) == 1 and len(world.recorded) == 1


def test_ignored_mail_stays_and_is_not_fetched_again(world: World) -> None:
    world.server.deliver(mail("AUTO", sender="robot@example.org"))
    poll_once(world.deps)
    poll_once(world.deps)
    rows = world.rows()
    assert [(r.state, r.server_state, r.attempts) for r in rows] == [("ignored", "left", 1)]
    assert len(world.server.folders["INBOX"]) == 1 and world.smtp.sent == []


def test_reject_is_answered_and_moved(world: World) -> None:
    world.server.deliver(mail("REJECT no_account"))
    poll_once(world.deps)
    assert [r.kind for r in world.outbox()] == ["no_account"]
    assert len(world.server.folders["Processed"]) == 1


def test_internationalised_senders_never_stop_the_cycle(world: World) -> None:
    world.server.deliver(mail("RECORD 121000000000 563", sender="ivan@почта.рф", msgid="<i1@x>"))
    world.server.deliver(mail("RECORD 121000000001 564", sender="иван@почта.рф", msgid="<i2@x>"))
    report = poll_once(world.deps)
    assert report.ok and report.outcomes == {"recorded": 1, "refused/unknown_account": 1}  # both decided
    # The IDN domain is answered in its IDNA form; a UTF-8 local part (SMTPUTF8 only) is not.
    assert [to for to, _ in world.smtp.sent] == ["ivan@xn--80a1acny.xn--p1ai"]
    assert world.smtp.sent[0][1].isascii()
    assert len(world.server.folders["Processed"]) == 2


def test_same_mail_delivered_twice_is_one_reading_one_reply(world: World) -> None:
    raw = mail("RECORD 121000000000 563")
    world.server.deliver(b"Received: from a by b; Sat, 21 Nov 2026 10:00:00 +0700\r\n" + raw)
    world.server.deliver(b"Received: from c by d; Sat, 21 Nov 2026 10:00:05 +0700\r\n" + raw)
    poll_once(world.deps)
    assert len(world.recorded) == 1 and len(world.smtp.sent) == 1
    assert [r.state for r in world.rows()] == ["processed", "duplicate"]
    assert len(world.server.folders["Processed"]) == 2


def test_crash_between_commit_and_move_finishes_the_move_only(world: World) -> None:
    world.server.deliver(mail("RECORD 121000000000 563"))

    def crash(step: str) -> None:
        if step == "committed":
            raise SystemExit("killed")

    world.deps = dataclasses.replace(world.deps, checkpoint=crash)
    with pytest.raises(SystemExit):
        poll_once(world.deps)
    assert world.rows()[0].server_state == "pending" and len(world.server.folders["INBOX"]) == 1
    world.deps = dataclasses.replace(world.deps, checkpoint=lambda step: None)
    poll_once(world.deps)
    assert world.server.folders["INBOX"] == {} and len(world.recorded) == 1
    assert len(world.smtp.sent) == 1


def test_smtp_down_keeps_reply_queued_until_backoff_passes(world: World) -> None:
    world.server.deliver(mail("RECORD 121000000000 563"))
    world.smtp.down = True
    report = poll_once(world.deps)
    assert not report.ok and [r.state for r in world.outbox()] == ["queued"]
    world.smtp.down = False
    poll_once(world.deps)
    assert world.smtp.sent == []  # backing off
    world.clock.advance(61)
    poll_once(world.deps)
    assert len(world.smtp.sent) == 1 and [r.state for r in world.outbox()] == ["sent"]


def test_imap_down_changes_nothing(world: World) -> None:
    world.server.deliver(mail("RECORD 121000000000 563"))
    world.server.down = True
    report = poll_once(world.deps)
    assert not report.ok and world.rows() == []


def test_poison_message_set_aside_after_max_attempts(make_world: Callable[..., World]) -> None:
    w = make_world(pipeline={"max_attempts": 2})
    w.server.deliver(mail("BOOM", msgid="<bad@x>"))
    w.server.deliver(mail("RECORD 121000000000 563", msgid="<good@x>", sender="petr@example.org"))
    poll_once(w.deps)
    assert [r.state for r in w.rows()] == ["stored", "processed"]
    poll_once(w.deps)
    bad = w.rows()[0]
    assert (bad.state, bad.reason, bad.attempts) == ("failed", "internal_error", 2)
    assert "parser exploded" in (bad.error or "")
    assert len(w.server.folders["Failed"]) == 1
    assert sorted(to for to, _ in w.smtp.sent) == ["ivan@example.org", "petr@example.org"]


def test_a_failing_mail_among_new_ones_is_noted_alone_the_others_decided_once(
    make_world: Callable[..., World],
) -> None:
    # New mails of a batch are decided in one transaction; the failing one rolls it back,
    # is noted as failed once, and the others are decided one by one: one reply each.
    w = make_world(pipeline={"max_attempts": 2})
    bodies = ["RECORD 121000000000 563", "REJECT no_account", "BOOM", "RECORD 121000000000 564"]
    for i, body in enumerate(bodies):
        w.server.deliver(mail(body, msgid=f"<m{i}@x>", sender=f"s{i}@example.org"))
    report = poll_once(w.deps)
    assert [(r.state, r.attempts) for r in w.rows()] == [("processed", 1), ("processed", 1), ("stored", 1),
                                                          ("processed", 1)]
    assert "parser exploded" in (w.rows()[2].error or "")
    assert sorted(to for to, _ in w.smtp.sent) == ["s0@example.org", "s1@example.org", "s3@example.org"]
    assert sum(report.outcomes.values()) == 4 and len(w.server.folders["Processed"]) == 3
    poll_once(w.deps)
    assert [(r.state, r.attempts) for r in w.rows()][2] == ("failed", 2)
    assert sorted(r.message_row for r in w.outbox()) == [r.id for r in w.rows()]  # one reply each


def test_a_crash_while_deciding_new_mails_together_leaves_them_all_stored(
    make_world: Callable[..., World],
) -> None:
    w = make_world()
    for i in range(3):
        w.server.deliver(mail("REJECT no_account", msgid=f"<m{i}@x>", sender=f"s{i}@example.org"))
    queued = 0

    def crash_at_the_third_reply(step: str) -> None:
        nonlocal queued
        queued += step == "queued"
        if queued == 3:
            raise SystemExit("killed")

    w.deps = dataclasses.replace(w.deps, checkpoint=crash_at_the_third_reply)
    with pytest.raises(SystemExit):
        poll_once(w.deps)
    # Nothing of the first two was committed either: no reply, nothing moved.
    assert [(r.state, r.attempts) for r in w.rows()] == [("stored", 1)] * 3
    assert w.outbox() == [] and w.server.folders.get("Processed", {}) == {}
    w.deps = dataclasses.replace(w.deps, checkpoint=lambda step: None)
    poll_once(w.deps)
    assert [(r.state, r.attempts) for r in w.rows()] == [("processed", 2)] * 3
    assert sorted(to for to, _ in w.smtp.sent) == ["s0@example.org", "s1@example.org", "s2@example.org"]


def test_reprocess_runs_stored_bytes_again(make_world: Callable[..., World]) -> None:
    w = make_world(pipeline={"max_attempts": 1})
    w.server.deliver(mail("BOOM RECORD 121000000000 563"))
    poll_once(w.deps)
    row = w.rows()[0]
    assert row.state == "failed"
    w.deps = dataclasses.replace(w.deps, parse=lambda raw: fake_parse(raw.replace(b"BOOM ", b"")))
    state = reprocess(w.deps, row.id, CycleReport())
    assert state == "processed" and w.recorded == [("121000000000", {"t1": 563})]
    assert w.server.folders["Failed"] == {} and len(w.server.folders["Processed"]) == 1
    assert json.loads(w.rows()[0].decision or "{}")["action"] == "record"


def test_robots_and_own_address_are_never_answered(world: World) -> None:
    world.server.deliver(mail("REJECT no_account", sender="energy@example.ru", msgid="<a@x>"))
    world.server.deliver(mail("REJECT no_account", sender="MAILER-DAEMON@example.org", msgid="<b@x>"))
    world.server.deliver(mail("REJECT no_account", msgid="<c@x>", extra="Return-Path: <>\r\n"))
    poll_once(world.deps)
    assert world.smtp.sent == []


# 03:00 UTC is 10:00 in Krasnoyarsk; 20:00 UTC is already 03:00 of the next day there.
@pytest.mark.parametrize("utc_hour", [3, 20])
def test_daily_limit_then_one_notice(make_world: Callable[..., World], utc_hour: int) -> None:
    w = make_world(replies={"max_per_sender_per_day": 2})
    w.clock.now = w.clock.now.replace(hour=utc_hour)
    for i in range(5):
        w.server.deliver(mail(f"RECORD 121000000000 {600 + i}", msgid=f"<n{i}@x>"))
    poll_once(w.deps)
    assert [r.kind for r in w.outbox()] == ["result", "result", "daily_limit"]
    w.clock.advance(24 * 3600)
    w.server.deliver(mail("RECORD 121000000000 700", msgid="<next-day@x>"))
    poll_once(w.deps)
    assert [r.kind for r in w.outbox()][-1] == "result"


def test_one_rejection_per_reason_per_day(world: World) -> None:
    world.server.deliver(mail("REJECT no_account", msgid="<r1@x>"))
    world.server.deliver(mail("REJECT no_account", msgid="<r2@x>"))
    world.server.deliver(mail("REJECT ambiguous", msgid="<r3@x>"))
    poll_once(world.deps)
    assert [r.kind for r in world.outbox()] == ["no_account", "ambiguous"]


def test_an_ambiguous_reply_names_the_values_seen(world: World) -> None:
    world.server.deliver(mail("REJECT ambiguous 9984 9948", msgid="<amb@x>"))
    poll_once(world.deps)
    [reply] = world.outbox()
    parsed = message_from_bytes(reply.raw, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    text = parsed.get_body(("plain",))
    assert text is not None and "9984 и 9948" in text.get_content()


def test_oversized_mail_is_set_aside_and_resident_told(make_world: Callable[..., World]) -> None:
    w = make_world(imap={"max_message_size": 1000})
    w.server.deliver(mail("RECORD 121000000000 563" + "x" * 2000))
    poll_once(w.deps)
    row = w.rows()[0]
    assert (row.state, row.reason) == ("failed", "too_large")
    assert [r.kind for r in w.outbox()] == ["too_large"]
    assert len(w.server.folders["Failed"]) == 1


def test_a_message_that_hangs_is_interrupted_and_set_aside(make_world: Callable[..., World]) -> None:
    w = make_world(pipeline={"max_attempts": 1, "message_timeout": 0.2})

    def slow_parse(raw: bytes) -> Decision:
        if b"SLOW" in raw:
            time.sleep(5)
        return fake_parse(raw)

    w.deps = dataclasses.replace(w.deps, parse=slow_parse)
    w.server.deliver(mail("SLOW", msgid="<slow@x>"))
    w.server.deliver(mail("RECORD 121000000000 563", msgid="<ok@x>", sender="p@example.org"))
    started = time.monotonic()
    poll_once(w.deps)
    assert time.monotonic() - started < 3
    assert [(r.state, r.reason) for r in w.rows()] == [("failed", "timeout"), ("processed", None)]


def test_replies_to_new_addresses_are_capped_per_hour_known_ones_are_not(
    make_world: Callable[..., World],
) -> None:
    world = make_world(trust={"new_recipients_per_hour": 2})
    for i in range(3):  # three new addresses: the third is over the cap
        world.server.deliver(mail("REJECT no_account", sender=f"n{i}@example.org", msgid=f"<c{i}@x>"))
    poll_once(world.deps)
    assert [to for to, _ in world.smtp.sent] == ["n0@example.org", "n1@example.org"]
    assert [r.no_reply for r in world.rows()] == [None, None, "new_recipient_cap"]
    # An address answered before is not new: the cap does not apply to it.
    world.server.deliver(mail("REJECT no_readings", sender="n0@example.org", msgid="<c3@x>"))
    poll_once(world.deps)
    assert [to for to, _ in world.smtp.sent][-1] == "n0@example.org"
    # An hour later the count starts again.
    world.clock.advance(3601)
    world.server.deliver(mail("REJECT no_account", sender="n9@example.org", msgid="<c4@x>"))
    poll_once(world.deps)
    assert [to for to, _ in world.smtp.sent][-1] == "n9@example.org"
    assert [r.first_contact for r in world.outbox()] == [True, True, False, True]


def test_the_daily_limit_keys_on_the_address_mailed(make_world: Callable[..., World]) -> None:
    world = make_world(replies={"max_per_sender_per_day": 1})
    # Two senders naming one Reply-To: that address is mailed, and is limited.
    for i, reason in enumerate(("no_account", "no_readings")):
        world.server.deliver(mail(f"REJECT {reason}", sender=f"s{i}@example.org", msgid=f"<d{i}@x>",
                                  extra="Reply-To: target@example.org\r\n"))
    poll_once(world.deps)
    assert [to for to, _ in world.smtp.sent] == ["target@example.org", "target@example.org"]
    assert [r.kind for r in world.outbox()] == ["no_account", "daily_limit"]


def test_batches_are_cut_by_bytes_as_well_as_by_count() -> None:
    from mailreader.daemon.cycle import cut_batches

    mb = 1024 * 1024
    sizes = {1: 10 * mb, 2: 10 * mb, 3: 10 * mb, 4: 9 * mb, 5: 40 * mb, 6: 1 * mb, 7: 200 * mb, 8: 1 * mb}
    # 3 + 4 is 19 MB: together; 5 is over the budget but under max_size: alone; 7 is over
    # max_size (only its headers are fetched): weighs nothing; 9 vanished before its size was read.
    assert cut_batches([1, 2, 3, 4, 5, 6, 7, 8, 9], sizes, 25 * mb, 100 * mb) == [
        [1, 2], [3, 4], [5], [6, 7, 8]]
    assert cut_batches([1, 2], {1: 5, 2: 5}, 10, 100) == [[1, 2]]
    assert cut_batches([], {}, 10, 100) == []


def test_a_cycle_fetches_big_mail_in_batches_under_the_byte_budget(make_world: Callable[..., World]) -> None:
    w = make_world(imap={"batch_bytes": 2500, "batch_size": 50})
    for i in range(6):
        w.server.deliver(mail(f"RECORD 121000000000 {563 + i}\n" + "x" * 1000, msgid=f"<b{i}@x>",
                              sender=f"p{i}@example.org"))
    fetches: list[list[int]] = []
    real_open = w.server.open

    @contextmanager
    def open_counting(settings: Any) -> Iterator[Any]:
        with real_open(settings) as box:
            real_fetch = box.fetch
            box.fetch = lambda uids: (fetches.append(list(uids)), real_fetch(uids))[1]  # type: ignore[method-assign]
            yield box

    w.deps = dataclasses.replace(w.deps, open_mailbox=open_counting)
    report = poll_once(w.deps)
    assert report.fetched == 6 and report.outcomes["recorded"] == 6
    assert fetches == [[1, 2], [3, 4], [5, 6]]  # about 1.1 kB each: two per 2.5 kB
