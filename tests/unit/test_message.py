"""MIME walk and charsets: the text a message carries, whatever its shape."""

from __future__ import annotations

import base64
import time

import pytest

from parsers import Decision, parse
from parsers.charsets import codec_for, decode_bytes
from parsers.classify import Parts
from parsers.decide import Trace
from parsers.message import attached_texts, normalise_line_ends, parse_bytes, read_body
from parsers.pipeline import run

TEXT = "Л/с 240012345678, показания 4521"


def _single(body: bytes, ctype: str = "text/plain", headers: str = "") -> bytes:
    return (
        f"From: a@b.ru\nSubject: x\nMIME-Version: 1.0\nContent-Type: {ctype}\n{headers}\n"
    ).encode() + body


B64 = "Content-Transfer-Encoding: base64\n"
QP = "Content-Transfer-Encoding: quoted-printable\n"
UTF8 = "text/plain; charset=utf-8"


def _readings(raw: bytes) -> bytes:
    return raw.replace(b"Subject: x", "Subject: Показания".encode())


def _text(raw: bytes) -> str:
    return read_body(parse_bytes(raw)).text


@pytest.mark.parametrize("charset", ["utf-8", "cp1251", "koi8-r", "windows-1251"])
def test_declared_charset(charset: str) -> None:
    raw = _single(TEXT.encode(charset), f"text/plain; charset={charset}")
    assert _text(raw) == TEXT


@pytest.mark.parametrize("declared", ["uft-8", "x-unknown", "fakescii", "utf-8-purple", ""])
def test_bad_or_missing_charset_falls_back(declared: str) -> None:
    raw = _single(TEXT.encode("utf-8"), f"text/plain; charset={declared}")
    assert _text(raw) == TEXT


@pytest.mark.parametrize("actual", ["cp1251", "koi8-r"])
def test_undeclared_russian_charset_is_detected(actual: str) -> None:
    text = "Добрый день! Передаю показания электросчетчика за ноябрь. " + TEXT
    raw = _single(text.encode(actual), "text/plain; charset=us-ascii")
    assert _text(raw) == text


def test_declared_utf8_that_is_cp1251() -> None:
    text = "Здравствуйте, передаю показания счетчика. " + TEXT
    assert _text(_single(text.encode("cp1251"), "text/plain; charset=utf-8")) == text


def test_codec_names() -> None:
    assert codec_for("Windows-1251") == "cp1251"
    assert codec_for('"KOI8-R"') == "koi8-r"
    assert codec_for("no-such-charset") is None
    assert decode_bytes(b"") == ""


def test_base64_and_quoted_printable() -> None:
    b64 = base64.b64encode(TEXT.encode()).decode().encode()
    assert (
        _text(_single(b64, "text/plain; charset=utf-8", "Content-Transfer-Encoding: base64\n"))
        == TEXT
    )
    qp = b"=D0=9B/=D1=81 240012345678"
    assert (
        _text(
            _single(
                qp, "text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable\n"
            )
        )
        == "Л/с 240012345678"
    )


def test_broken_base64_does_not_raise() -> None:
    raw = _single(b"0J/Qv!!!", "text/plain; charset=utf-8", "Content-Transfer-Encoding: base64\n")
    assert isinstance(_text(raw), str)


def test_plain_preferred_over_html() -> None:
    raw = (
        b'From: a@b.ru\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain; charset=utf-8\n\nplain 1\n"
        b"--b\nContent-Type: text/html; charset=utf-8\n\n<p>html 2</p>\n--b--\n"
    )
    assert _text(raw).strip() == "plain 1"


def test_empty_plain_falls_back_to_html() -> None:
    raw = (
        b'From: a@b.ru\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n\n\n--b\nContent-Type: text/html\n\n<p>html 2</p>\n--b--\n"
    )
    assert _text(raw).strip() == "html 2"


def test_attachment_text_is_not_the_body() -> None:
    raw = (
        b'From: a@b.ru\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\nContent-Disposition: attachment; filename=a.txt\n\n999\n"
        b"--b\nContent-Type: text/plain\n\nown\n--b--\n"
    )
    assert _text(raw).strip() == "own"


def test_broken_boundary_still_gives_text() -> None:
    raw = (
        "From: a@b.ru\nMIME-Version: 1.0\nContent-Type: multipart/mixed\n\n"
        "--zzz\nContent-Type: text/plain\n\nЛ/с 240012345678\n"
    ).encode()
    assert "240012345678" in _text(raw)


def test_attached_message_is_forwarded_text() -> None:
    inner = "From: x@y.ru\nSubject: Показания\nContent-Type: text/plain; charset=utf-8\n\n" + TEXT
    raw = (
        'From: a@b.ru\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
        "--b\nContent-Type: text/plain\n\nПересылаю\n"
        f"--b\nContent-Type: message/rfc822\n\n{inner}\n--b--\n"
    ).encode()
    body = read_body(parse_bytes(raw))
    assert body.text.strip() == "Пересылаю"
    assert TEXT in attached_texts(body)[0]


@pytest.mark.parametrize("sep", [b"\r\n", b"\r", b"\n"])
def test_line_ends(sep: bytes) -> None:
    raw = sep.join([b"From: a@b.ru", b"Subject: x", b"", b"line 1", b"line 2", b""])
    assert _text(raw).split() == ["line", "1", "line", "2"]
    assert b"\r" not in normalise_line_ends(raw)


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\n\n",
        b"Subject: only headers",
        b"\x00\xff" * 100,
        b"Content-Type: multipart/mixed; boundary=\n\n--\n--",
    ],
)
def test_degenerate_input_gives_a_decision(raw: bytes) -> None:
    assert parse(raw).action == "ignore"


def test_five_megabytes_in_bounded_time() -> None:
    body = ("Л/с 240012345678, показания 4521\n" + "я" * 5_000_000).encode()
    raw = _single(body, "text/plain; charset=utf-8", "").replace(
        b"Subject: x", "Subject: Показания".encode()
    )
    started = time.perf_counter()
    decision = parse(raw)
    # A bound that only catastrophic (super-linear) behaviour breaks; the speed itself is
    # measured by bench/parse.py, never asserted here.
    assert time.perf_counter() - started < 10.0
    assert decision.action in ("record", "reject")


def test_five_megabytes_of_html_in_bounded_time() -> None:
    body = ("<div>Л/с 240012345678</div>" + "<p><b>x</b> y</p>" * 300_000).encode()
    raw = _single(body, "text/html; charset=utf-8").replace(
        b"Subject: x", "Subject: Показания".encode()
    )
    started = time.perf_counter()
    parse(raw)
    # A bound that only catastrophic (super-linear) behaviour breaks; the speed itself is
    # measured by bench/parse.py, never asserted here.
    assert time.perf_counter() - started < 10.0


def test_gmail_html_only_forward_reaches_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, str, str]] = []

    def stand_in(parts: Parts) -> Trace:
        seen.append((parts.subject, parts.own, parts.forwarded))
        return Trace(Decision(action="reject", reason="no_account"))

    monkeypatch.setattr("parsers.pipeline.read", stand_in)
    html = (
        '<div>Повторно</div><div class="gmail_quote"><div class="gmail_attr">'
        "---------- Forwarded message ---------<br>От: Анна &lt;a@b.ru&gt;<br>"
        "Date: сб, 21 нояб. 2026 г. в 08:10<br>Subject: Показания<br></div><br>"
        "<div>Л/с 240017171717</div><div>Показания 2290</div></div>"
    )
    raw = _single(html.encode(), "text/html; charset=utf-8").replace(
        b"Subject: x", b"Subject: Fwd: =?utf-8?b?0J/QvtC60LDQt9Cw0L3QuNGP?="
    )
    assert parse(raw) == Decision(action="reject", reason="no_account")
    subject, body, forwarded = seen[0]
    assert subject == "Показания" and body.strip() == "Повторно"
    assert "240017171717" in forwarded and "2290" in forwarded
    assert "08:10" not in forwarded and "нояб" not in forwarded


@pytest.mark.parametrize(
    ("actual", "declared"),
    [
        ("cp1251", "koi8-r"),
        ("koi8-r", "windows-1251"),
        ("cp1251", "iso-8859-1"),
        ("koi8-r", "windows-1252"),
        ("cp1251", "us-ascii"),
    ],
)
@pytest.mark.parametrize(
    "text",
    [
        "Добрый день! Передаю показания счетчика за ноябрь. Л/с 240012345678",
        "ПОКАЗАНИЯ 4521 ЛИЦЕВОЙ СЧЕТ 240012345678 ИВАНОВ",
        "Показания 3581 ЛС 240012345678",
    ],
)
def test_misdeclared_cyrillic_table(actual: str, declared: str, text: str) -> None:
    assert _text(_single(text.encode(actual), f"text/plain; charset={declared}")) == text


def test_declared_table_holds_when_both_read_alike() -> None:
    text = "Т1 2301 Т2 1101"
    assert _text(_single(text.encode("koi8-r"), "text/plain; charset=koi8-r")) == text


def test_text_after_an_inline_photo_is_read() -> None:
    raw = (
        'From: a@b.ru\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
        "--b\nContent-Type: text/plain\n\n\n--b\nContent-Type: image/jpeg\n"
        "Content-Disposition: inline; filename=a.jpg\nContent-Transfer-Encoding: base64\n\n"
        "/9j/4AAQ\n--b\nContent-Type: text/plain; charset=utf-8\n\n" + TEXT + "\n--b--\n"
    ).encode()
    assert _text(raw).strip() == TEXT


def test_alternative_inside_mixed_gives_one_version() -> None:
    raw = (
        b'From: a@b.ru\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="m"\n\n'
        b'--m\nContent-Type: multipart/alternative; boundary="a"\n\n'
        b"--a\nContent-Type: text/plain\n\nplain 1\n--a\nContent-Type: text/html\n\n<p>html 1</p>\n"
        b"--a--\n--m\nContent-Type: text/plain\n\nplain 2\n--m--\n"
    )
    assert _text(raw).split() == ["plain", "1", "plain", "2"]


@pytest.mark.parametrize(
    ("ctype", "body"),
    [
        ("text/plain", "-------- Пересылаемое сообщение --------\n" * 100_000),
        ("text/plain", "On Mon a@b.cc wrote:\n> x\n" * 150_000),
        ("text/plain", "a@a." * 1_200_000),
        ("text/html", "<p>Л/с 240012345678</p>" + "<blockquote>q</blockquote>" * 20_000),
        ("text/html", "<div>" * 50_000 + "x" + "</div>" * 50_000),
    ],
    ids=["nested-forwards", "many-attributions", "one-long-line", "many-quotes", "deep-html"],
)
def test_pathological_bodies_are_answered_fast(ctype: str, body: str) -> None:
    raw = _readings(_single(body.encode(), f"{ctype}; charset=utf-8"))
    started = time.perf_counter()
    decision = run(parse_bytes(raw)).decision  # directly: a swallowed failure must show
    # A bound that only catastrophic (super-linear) behaviour breaks; the speed itself is
    # measured by bench/parse.py, never asserted here.
    assert time.perf_counter() - started < 10.0
    assert decision.action in ("record", "reject")
