"""The wild corpus (third-party fixtures): nothing raises, nothing is answered.

Runs when ``../shared/corpus/wild`` exists next to the repository (CI always has it);
otherwise every test here is a skip that names the missing folder.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from corpus_files import SHARED

from parsers import parse, read_info

WILD = SHARED / "wild"
ROBOT_CATEGORIES = ("bounce", "autoreply", "list")
READINGS_SUBJECT = b"Subject: =?utf-8?b?0J/QvtC60LDQt9Cw0L3QuNGP?=\n"  # «Показания»
# Files whose category rests on something a parser cannot see once the Subject says
# «Показания»: the source marked them only by their subject, or they are plain spam
# that a bounce library's tests happen to call bounces.  They carry no header, no
# structure and no phrase that only a machine writes.
NO_SIGNAL_WITHOUT_SUBJECT = {
    "discourse/auto_generated_subject.eml": "only '[AUTO GENERATED]' in the Subject",
    "bounceparser/spam-with-image.msg": "spam: an image and '7181B 4'",
    "bounceparser/spam-lots-of-bogus-addresses.msg": "spam written as a personal note",
    "bounceparser/corpus/virus-caused-multiple-weird-reports.msg": "phishing with a zip",
}
_SUBJECT = re.compile(rb"^subject:[^\n]*\n(?:[ \t][^\n]*\n)*", re.IGNORECASE | re.MULTILINE)


def _manifest() -> list[dict[str, str]]:
    if not WILD.is_dir():
        pytest.skip(f"wild corpus not found at {WILD}")
    with (WILD / "MANIFEST.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def with_readings_subject(raw: bytes) -> bytes:
    """``raw`` with its Subject header(s) replaced by «Показания»."""
    text = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    end = text.find(b"\n\n")
    head, rest = (text, b"") if end < 0 else (text[: end + 1], text[end + 1 :])
    return READINGS_SUBJECT + _SUBJECT.sub(b"", head) + rest


def test_every_file_is_ignored_without_exception() -> None:
    rows = _manifest()
    answered = []
    for row in rows:
        raw = (WILD / row["path"]).read_bytes()
        decision = parse(raw)
        read_info(raw)
        if decision.action != "ignore":
            answered.append((row["path"], decision))
    assert len(rows) > 2000
    assert answered == []


def test_robots_stay_ignored_under_a_readings_subject() -> None:
    missed = {}
    for row in _manifest():
        if row["category"] not in ROBOT_CATEGORIES:
            continue
        raw = with_readings_subject((WILD / row["path"]).read_bytes())
        decision = parse(raw)
        if decision.reason != "auto_generated":
            missed[row["path"]] = decision
    # The exceptions are exactly the documented ones: a new miss fails, and a file
    # that becomes recognisable must leave the list.
    assert set(missed) == set(NO_SIGNAL_WITHOUT_SUBJECT), missed
    for path in NO_SIGNAL_WITHOUT_SUBJECT:
        assert missed[path].action != "record"


def test_subject_replacement_names_readings() -> None:
    raw = b"From: a@b.c\nSubject: Hello\n =?utf-8?q?world?=\n\nbody\n"
    replaced = with_readings_subject(raw)
    assert read_info(replaced).subject == "Показания"
    assert b"Hello" not in replaced and replaced.endswith(b"\nbody\n")


def test_manifest_paths_exist() -> None:
    rows = _manifest()
    missing = [r["path"] for r in rows if not Path(WILD / r["path"]).is_file()]
    assert missing == []


def test_read_info_from_the_header_section_equals_a_full_parse() -> None:
    # read_info parses the header section alone, for speed; it must read the same headers
    # as the full parse, however broken the body or the MIME structure.
    from parsers.headers import info_of
    from parsers.message import parse_bytes

    differ = []
    rows = _manifest()
    for row in rows:
        raw = (WILD / row["path"]).read_bytes()
        if read_info(raw) != info_of(parse_bytes(raw)):
            differ.append(row["path"])
    assert len(rows) > 2000
    assert differ == []
