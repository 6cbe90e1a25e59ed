"""No single mail stops the mailbox: hostile header values meet the real pipeline (in-memory
mail servers, a real database), and the ordinary mail behind them is answered in the same
cycle. The probes of a real Dovecot + Postfix are in tests/integration/test_hostile_mail.py."""

from __future__ import annotations

import dataclasses
import email.header
import io
import logging
import time
from collections.abc import Callable, Iterator
from email import message_from_bytes
from email.message import Message

import pytest

import parsers
import parsers.classify
import parsers.subject
from mailreader.daemon.cycle import poll_once
from mailreader.ops import log as mlog
from parsers import clean
from tests.world import World, mail

#: message_timeout where a test makes a mail slow (the slow step sleeps far longer): enough
#: for the ordinary work around it, the first render of a template included, on a busy machine.
SLOW_LIMIT = 1.5


def _ordinary_behind(w: World) -> None:
    w.server.deliver(mail("RECORD 121000000000 563", sender="petr@example.org", msgid="<ordinary@x>"))


def _answered_ordinary(w: World) -> bool:
    return any(to == "petr@example.org" for to, _ in w.smtp.sent)


def _all_decided(w: World) -> list[tuple[str, str | None]]:
    rows = w.rows()
    assert all(r.state != "stored" for r in rows), [(r.uid, r.state, r.error) for r in rows]
    return [(r.state, r.reason) for r in rows]


def test_lone_surrogate_subject_is_stored_and_answered(world: World) -> None:
    # Probe 1: "=?utf-7?q?+2AA-?=" decodes to a lone surrogate; the batch INSERT refused it.
    world.server.deliver(mail("RECORD 121000000000 563", subject="=?utf-7?q?+2AA-?=", msgid="<s@x>"))
    _ordinary_behind(world)
    report = poll_once(world.deps)
    assert report.ok
    assert _all_decided(world) == [("processed", None), ("processed", None)]
    assert world.rows()[0].subject == "\ufffd"
    assert [to for to, _ in world.smtp.sent] == ["ivan@example.org", "petr@example.org"]


@pytest.mark.parametrize("marker", ["RECORD 121000000000 563", "BOOM"])
def test_utf8_message_ids_never_reach_the_reply(make_world: Callable[..., World], marker: str) -> None:
    # Probe 2: a UTF-8 Message-ID (RFC 6532) made the reply fail to render, and the set-aside
    # path rendered it again inside its `except`, raising out of the cycle.
    w = make_world(pipeline={"max_attempts": 1})
    extra = "References: <корень@пример.рф> <a@x>\r\nIn-Reply-To: <родитель@пример.рф>\r\n"
    w.server.deliver(mail(marker, msgid="<тест-1@пример.рф>", extra=extra))
    _ordinary_behind(w)
    report = poll_once(w.deps)
    assert report.ok and _answered_ordinary(w)
    assert _all_decided(w)[1] == ("processed", None)
    assert w.rows()[0].message_id == "<тест-1@пример.рф>"  # kept as written, for duplicates
    reply = message_from_bytes(w.smtp.sent[0][1])
    assert w.smtp.sent[0][0] == "ivan@example.org" and w.smtp.sent[0][1].isascii()
    assert reply["In-Reply-To"] is None and reply["References"] is None


def test_a_reply_that_cannot_render_is_set_aside_with_the_cycle_going_on(
        make_world: Callable[..., World], monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever makes a render fail, the set-aside path cannot raise: no apology then.
    w = make_world(pipeline={"max_attempts": 1})
    import replies

    real = replies.render_bytes

    def render(reply: object, original: replies.Original, *a: object, **kw: object) -> bytes:
        if original.to_addr == "ivan@example.org":
            raise UnicodeEncodeError("ascii", "x", 0, 1, "cannot render")
        return real(reply, original, *a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(replies, "render_bytes", render)
    w.server.deliver(mail("RECORD 121000000000 563", msgid="<a@x>"))
    _ordinary_behind(w)
    report = poll_once(w.deps)
    assert report.ok and _answered_ordinary(w)
    assert _all_decided(w) == [("failed", "internal_error"), ("processed", None)]
    assert [r.kind for r in w.outbox()] == ["result"]  # the ordinary mail's only


def test_batch_insert_failure_stores_the_rest_one_by_one(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    # Whatever a value does to the INSERT, the batch is not lost: only that mail is set aside.
    import mailreader.daemon.store as store

    real = store.q.add_messages

    def add_messages(s: object, rows: list[dict[str, object]]) -> list[int]:
        if any(r["message_id"] == "<bad@x>" for r in rows):
            raise ValueError("the database refused a value")
        return real(s, rows)  # type: ignore[arg-type]

    monkeypatch.setattr(store.q, "add_messages", add_messages)
    world.server.deliver(mail("RECORD 121000000000 563", msgid="<bad@x>"))
    _ordinary_behind(world)
    report = poll_once(world.deps)
    assert report.ok and _answered_ordinary(world)
    bad, good = world.rows()
    assert (bad.state, bad.reason, bad.message_id, bad.subject) == ("failed", "bad_headers", None, "")
    assert "refused a value" in (bad.error or "") and bad.raw.startswith(b"From: ivan@example.org")
    assert good.state == "processed"
    assert [to for to, _ in world.smtp.sent] == ["ivan@example.org", "petr@example.org"]  # an apology
    assert world.server.folders["Failed"]


def test_nul_and_oversized_values_are_cut_to_what_the_schema_holds(world: World) -> None:
    # Probe 3 (PostgreSQL refused these; here on both databases).
    long_id = "<" + "a" * 1200 + "@x>"
    world.server.deliver(mail("RECORD 121000000000 563", subject="=?utf-8?q?a=00b?=", msgid=long_id,
                              sender="=?utf-8?q?=00?= <ivan@example.org>"))
    world.server.deliver(mail("RECORD 121000000000 563", msgid="<=?utf-8?q?n=00?=@x>",
                              sender="x" * 400 + "@example.org",
                              extra=f"Reply-To: {'y' * 400}@example.org\r\n"))
    _ordinary_behind(world)
    report = poll_once(world.deps)
    assert report.ok and _answered_ordinary(world)
    first, second, _ = world.rows()
    assert (first.subject, first.from_addr) == ("a b", "ivan@example.org")
    assert first.message_id is not None and len(first.message_id) == clean.MAX_MESSAGE_ID
    assert second.from_addr is None and "\x00" not in (second.message_id or "")
    assert _all_decided(world) == [("processed", None)] * 3


@pytest.fixture
def words_decoded(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The number of encoded words each RFC 2047 decoding was given; fails at once on more
    than the bound (the standard library's decoding is quadratic in it)."""
    seen: list[int] = []
    real = email.header.decode_header

    def decode_header(value: object) -> list[tuple[bytes | str, str | None]]:
        words = str(value).count("=?")
        seen.append(words)
        if words > clean.MAX_WORDS:
            raise AssertionError(f"decoding {words} encoded words")
        return real(value)  # type: ignore[arg-type]

    monkeypatch.setattr(parsers.subject, "decode_header", decode_header)
    yield seen


def test_thousands_of_encoded_words_are_decoded_with_bounded_cost(
        make_world: Callable[..., World], words_decoded: list[int]) -> None:
    # Probe 4: a From of 200,000 encoded words (2.8 MB of ASCII) blocked the poller for
    # minutes, outside message_timeout.
    w = make_world()
    words = " ".join(["=?utf-8?q?ab?="] * 200_000)
    w.server.deliver(mail("RECORD 121000000000 563", sender=f"{words} <ivan@example.org>",
                          subject=words, msgid="<w@x>"))
    _ordinary_behind(w)
    report = poll_once(w.deps)
    assert report.ok and _answered_ordinary(w)
    assert words_decoded and max(words_decoded) <= clean.MAX_WORDS
    assert _all_decided(w)[1] == ("processed", None)
    assert len(w.rows()[0].subject) <= clean.MAX_SUBJECT


def test_reading_headers_is_under_the_time_limit(make_world: Callable[..., World],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # However the headers manage to be slow, message_timeout interrupts them too, the mail
    # is set aside after its attempts and the watchdog is pinged for each mail read.
    w = make_world(pipeline={"message_timeout": SLOW_LIMIT, "max_attempts": 1})
    finished: list[bytes] = []
    real = parsers.read_info

    def slow_read_info(raw: bytes) -> parsers.MessageInfo:
        if b"<slow@x>" in raw:
            time.sleep(60)
            finished.append(raw)
        return real(raw)

    monkeypatch.setattr(parsers, "read_info", slow_read_info)
    steps: list[str] = []
    w.deps = dataclasses.replace(w.deps, checkpoint=steps.append)
    w.server.deliver(mail("RECORD 121000000000 563", msgid="<slow@x>"))
    _ordinary_behind(w)
    report = poll_once(w.deps)
    assert finished == []  # interrupted every time, never read to the end
    assert report.ok and _answered_ordinary(w)
    slow, good = w.rows()
    assert (slow.state, slow.reason, slow.message_id) == ("failed", "timeout", None)
    assert good.state == "processed"
    assert steps.count("headers") == 2


def test_a_slow_mail_is_set_aside_as_timeout_not_ignored(make_world: Callable[..., World],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # Probe 5: the parser's catch-all swallowed the timeout and the slow mail was decided
    # ignore/not_readings: no reply, no failed entry.
    w = make_world(pipeline={"message_timeout": SLOW_LIMIT, "max_attempts": 1})
    w.deps = dataclasses.replace(w.deps, parse=parsers.parse)
    real = parsers.classify.read_body
    finished: list[bool] = []

    def slow_body(msg: Message, forward_hint: bool = False) -> object:
        if "563" in str(msg.get_payload()):  # the body, not the header section judged for robots
            time.sleep(60)
            finished.append(True)
        return real(msg, forward_hint)

    monkeypatch.setattr(parsers.classify, "read_body", slow_body)
    w.server.deliver(mail("ЛС 121000000000 показания 563", msgid="<slow@x>"))
    report = poll_once(w.deps)
    assert finished == [] and report.ok
    row = w.rows()[0]
    assert (row.state, row.reason) == ("failed", "timeout")
    assert [r.kind for r in w.outbox()] == ["internal_error"]
    assert len(w.server.folders["Failed"]) == 1


@pytest.fixture
def text_log() -> Iterator[io.StringIO]:
    """The daemon's default text log, written to a buffer."""
    import sys

    root = logging.getLogger()
    saved, level, stream = root.handlers[:], root.level, io.StringIO()
    real_stderr = sys.stderr
    sys.stderr = stream
    try:
        mlog.setup("INFO", "text")
    finally:
        sys.stderr = real_stderr
    yield stream
    root.handlers[:], root.level = saved, level


def test_header_values_cannot_forge_log_lines(make_world: Callable[..., World],
                                              text_log: io.StringIO) -> None:
    # Probe 10: an encoded LF in a Message-ID wrote a line of its own into the log.
    w = make_world(pipeline={"max_attempts": 1})
    forged = "INFO mailreader.daemon.message: message uid=99 outcome=record state=processed"
    encoded = forged.replace(" ", "_").replace("=", "=3D")
    w.server.deliver(mail("BOOM", msgid=f"<=?utf-8?q?a=0A{encoded}?=@x>",
                          subject=f"=?utf-8?q?s=0A{encoded}?="))
    poll_once(w.deps)
    logging.getLogger("mailreader.daemon.message").error("value %s", "x\nINFO forged\u2028INFO forged")
    try:
        raise RuntimeError("header said:\nINFO forged")
    except RuntimeError:
        logging.getLogger("mailreader.daemon.message").exception("with a traceback")
    lines = text_log.getvalue().splitlines()
    assert any("outcome=set_aside reason=internal_error" in line for line in lines)
    ours = [line for line in lines if not line.startswith(" ")]
    assert ours and all(line.split(" ", 1)[0] in ("DEBUG", "INFO", "WARNING", "ERROR") for line in ours)
    assert not any(line.startswith(("INFO forged", forged)) for line in lines)
