"""Large mail is parsed without its attachments' base64: the same decisions, cheaper."""

from __future__ import annotations

import base64
import email
import random
from pathlib import Path

import pytest

from parsers import parse
from parsers.message import SKIM_ABOVE, normalise_line_ends, parse_bytes, without_binary_bodies
from parsers.pipeline import run

ROOT = Path(__file__).resolve().parents[2]
CORPORA = [ROOT.parent / "shared" / "corpus" / name for name in ("dev", "dev2", "wild")]
CORPORA.append(ROOT / "tests" / "corpus" / "cases")


def _b64(data: bytes) -> str:
    return base64.encodebytes(data).decode("ascii")


def _mail(text_part: str) -> bytes:
    photo = _b64(b"\xff\xd8\xff\xe0" + random.Random(1).randbytes(60_000))
    return (
        "From: ivan@example.org\nTo: energy@mail.test\nSubject: Показания\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="b1"\n\n--b1\n' + text_part + "\n--b1\n"
        'Content-Type: image/jpeg; name="IMG_1.jpg"\nContent-Transfer-Encoding: base64\n'
        'Content-Disposition: attachment;\n filename="IMG_1.jpg"\n\n' + photo + "\n--b1--\n"
    ).encode()


def test_a_photo_is_cut_to_its_first_line_and_the_text_stays() -> None:
    text = ('Content-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: base64\n\n'
            + _b64("Лицевой счёт 121000000000, показания 563\n".encode()))
    raw = _mail(text)
    assert len(raw) > SKIM_ABOVE
    skimmed = without_binary_bodies(normalise_line_ends(raw))
    assert len(skimmed) < len(raw) - 60_000
    msg = email.message_from_bytes(skimmed)
    parts = [p.get_content_type() for p in msg.walk()]
    assert parts == ["multipart/mixed", "text/plain", "image/jpeg"]
    own = "Лицевой счёт 121000000000, показания 563\n".encode()
    assert msg.get_payload()[0].get_payload(decode=True) == own
    assert msg.get_payload()[1].get_payload(decode=True)[:4] == b"\xff\xd8\xff\xe0"
    assert parse(raw) == run(email.message_from_bytes(normalise_line_ends(raw))).decision
    assert parse(raw).action == "record"


def test_text_that_only_looks_like_a_part_header_is_not_cut() -> None:
    # Inside a text part, "Content-Type: image/png" followed by text, not by a header block.
    text = "Content-Type: text/plain\n\nContent-Type: image/png\nпоказания 563\n\n" + "QUJD" * 30 + "\n"
    skimmed = without_binary_bodies(normalise_line_ends(_mail(text)))
    assert ("QUJD" * 30).encode() in skimmed and b"/9j/4" in skimmed  # the photo's first line stays


def _large_corpus_files() -> list[Path]:
    return [p for folder in CORPORA if folder.is_dir() for p in sorted(folder.rglob("*.eml"))
            if p.stat().st_size > SKIM_ABOVE]


@pytest.mark.parametrize("path", _large_corpus_files(), ids=lambda p: p.name)
def test_large_corpus_mail_decides_as_unskimmed(path: Path) -> None:
    raw = path.read_bytes()
    whole = email.message_from_bytes(normalise_line_ends(raw))
    assert run(parse_bytes(raw)).decision == run(whole).decision
