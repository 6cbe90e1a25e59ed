"""Hypothesis against the real pipeline: whatever a mail's headers hold (lone surrogates,
NULs, non-ASCII ids, encoded CR LF, huge values, thousands of encoded words), one cycle
ends it decided or set aside, and the ordinary mail behind it is answered in that cycle.
In-memory mail servers, a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable
from email import message_from_bytes

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailreader.daemon.cycle import poll_once
from parsers import Decision, MessageInfo, clean, read_info
from tests.world import World, fake_parse

# Pieces of header values, each hostile in its own way.
ATOMS = [
    "=?utf-7?q?+2AA-?=",  # decodes to a lone surrogate
    "=?utf-8?q?a=00b?=", "=?utf-8?q?=0D=0AX1_CREATE_x=0D=0A?=", "=?utf-8?q?=0AINFO_forged?=",
    "=?utf-8?b?AA==?=", "=?utf-8?q?=E2=80=AE?=", "=?utf-8?q?=C2=85?=", "=?bogus?q?x?=", "=?utf-8?q?=FF?=",
    "<тест-1@пример.рф>", "<a@b>", "<a\udc80b@x>", "пример.рф", "\u202e", "\u2028", "\x00", "\x7f",
    "\\", '"', "<", ">", "(", ",", ";", "@", " ", "\t",
]
_REPEATED = ["x", "=?utf-8?q?ab?= ", "<a@b> ", "я", "=?utf-7?q?+2AA-?="]
_LONG = st.builds(lambda a, n: a * n, st.sampled_from(_REPEATED), st.sampled_from([320, 999, 5_000, 20_000]))
_PIECE = st.one_of(st.sampled_from(ATOMS), st.text(max_size=20), _LONG)
VALUE = st.lists(_PIECE, min_size=1, max_size=4).map("".join)
NAMES = ["Subject", "From", "Reply-To", "Message-ID", "References", "In-Reply-To", "Return-Path", "Date"]
MARKERS = ["RECORD 121000000000 563", "REJECT no_account", "BOOM", ""]
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _header_bytes(value: str) -> bytes:
    # A surrogate goes out as invalid UTF-8; a bare CR or LF would end the header here, so a
    # line break continues it (folding, RFC 5322 §2.2.3).
    return re.sub(rb"\r\n|\r|\n", b"\r\n ", value.encode("utf-8", "surrogatepass"))


def hostile_mail(headers: list[tuple[str, str]], marker: str, n: int) -> bytes:
    lines = [b"To: energy@example.ru"]
    if not any(name == "From" for name, _ in headers):
        lines.append(f"From: r{n}@example.org".encode())
    lines += [name.encode() + b": " + _header_bytes(value) for name, value in headers]
    return b"\r\n".join(lines) + f"\r\nContent-Type: text/plain\r\n\r\n{marker}\r\n".encode()


def property_parse(raw: bytes) -> Decision:
    """The pipeline tests' marker parser, for mail that is not UTF-8 too."""
    return fake_parse(raw.decode("utf-8", "replace").encode())


def _clean(info: MessageInfo) -> None:
    for value in (info.subject, info.message_id, info.from_addr, info.reply_to, info.return_path, info.date,
                  *info.references):
        assert value is None or not _UNSAFE.search(value), value
    assert len(info.subject) <= clean.MAX_SUBJECT and len(info.message_id or "") <= clean.MAX_MESSAGE_ID
    assert len(info.from_addr or "") <= clean.MAX_ADDRESS and len(info.reply_to or "") <= clean.MAX_ADDRESS


HEADERS = st.lists(st.tuples(st.sampled_from(NAMES), VALUE), min_size=1, max_size=4)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HEADERS)
def test_read_info_gives_only_clean_values(headers: list[tuple[str, str]]) -> None:
    _clean(read_info(hostile_mail(headers, "", 0)))


def test_every_mail_ends_decided_or_set_aside(make_world: Callable[..., World]) -> None:
    w = make_world(pipeline={"max_attempts": 1})
    w.deps = dataclasses.replace(w.deps, parse=property_parse)
    counter = itertools.count(1)

    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(HEADERS, st.sampled_from(MARKERS))
    def one_cycle(headers: list[tuple[str, str]], marker: str) -> None:
        n = next(counter)
        uids = [w.server.deliver(hostile_mail(headers, marker, n))]
        ordinary = f"<ordinary{n}@example.org>"
        uids += [w.server.deliver(f"From: petr{n}@example.org\r\nTo: energy@example.ru\r\nSubject: x\r\n"
                                  f"Message-ID: {ordinary}\r\n\r\nRECORD 121000000000 {n}\r\n".encode())]
        sent_before = len(w.smtp.sent)
        report = poll_once(w.deps)
        assert report.ok, report.errors
        rows = w.rows()[-2:]
        assert [r.uid for r in rows] == uids
        assert all(r.state in ("processed", "ignored", "failed", "duplicate") for r in rows), \
            [(r.state, r.error) for r in rows]
        assert rows[1].state == "processed"
        new = w.smtp.sent[sent_before:]
        assert all(raw.isascii() for _, raw in new)
        answered = [message_from_bytes(raw)["In-Reply-To"] for to, raw in new if to == f"petr{n}@example.org"]
        assert answered == [ordinary]
        hostile = rows[0]
        for value in (hostile.subject, hostile.message_id, hostile.from_addr):
            assert value is None or not _UNSAFE.search(value)

    one_cycle()
