"""Hypothesis: `parse` and `read_info` never raise and always answer the same way."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import parse, read_info
from parsers.headers import info_of
from parsers.message import parse_bytes
from parsers.model import IGNORE_REASONS, REJECT_REASONS
from parsers.pipeline import run
from parsers.quoting import split_text
from parsers.subject import names_readings, strip_prefixes

CASES = Path(__file__).resolve().parents[1] / "corpus" / "cases"
SAMPLES = [p.read_bytes() for p in sorted(CASES.glob("*.eml"))]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _valid(raw: bytes) -> None:
    # parse() answers even when something inside fails (the mail is left for people);
    # the inner steps are called directly so that such a failure shows here.
    decision = run(parse_bytes(raw)).decision
    info_of(parse_bytes(raw))
    assert decision == parse(raw)  # deterministic: same bytes, same answer
    if decision.action == "record":
        assert decision.reason is None and decision.submissions
    else:
        assert decision.reason in (*IGNORE_REASONS, *REJECT_REASONS)
        assert decision.submissions == ()
    assert read_info(raw) == read_info(raw)


@SETTINGS
@given(st.binary(max_size=4096))
def test_arbitrary_bytes(raw: bytes) -> None:
    _valid(raw)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A corpus message with a few bytes replaced, cut, or a slice repeated."""
    raw = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, max(len(raw) - 1, 0)))
        kind = draw(st.sampled_from(["byte", "cut", "dup", "cr", "boundary"]))
        if kind == "byte":
            raw[pos : pos + 1] = bytes([draw(st.integers(0, 255))])
        elif kind == "cut":
            del raw[pos : pos + draw(st.integers(1, 200))]
        elif kind == "dup":
            raw[pos:pos] = raw[pos : pos + draw(st.integers(1, 400))]
        elif kind == "cr":
            raw[:] = raw.replace(b"\r\n", b"\r")
        else:
            raw[pos:pos] = b"\n--" + draw(st.binary(max_size=12)) + b"\n"
    return bytes(raw)


@SETTINGS
@given(mutated())
def test_mutated_corpus_messages(raw: bytes) -> None:
    _valid(raw)


@SETTINGS
@given(st.one_of(mutated(), st.binary(max_size=2048)))
def test_read_info_reads_the_headers_a_full_parse_reads(raw: bytes) -> None:
    # read_info parses the header section alone (for speed): the same headers, whatever
    # the body holds.
    assert read_info(raw) == info_of(parse_bytes(raw))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SAMPLES), st.sampled_from([b"\r\n", b"\n", b"\r"]))
def test_line_endings_do_not_change_the_answer(raw: bytes, sep: bytes) -> None:
    lf = raw.replace(b"\r\n", b"\n")
    assert parse(lf.replace(b"\n", sep)) == parse(lf)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.sampled_from(["Re: ", "Fwd: ", "Отв: ", "RE[2]: ", "Пересл: "]))
def test_prefixes_never_change_the_subject_rule(subject: str, prefix: str) -> None:
    assert names_readings(prefix + subject) == names_readings(subject)
    assert strip_prefixes(strip_prefixes(subject)) == strip_prefixes(subject)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_split_text_never_invents_text(text: str) -> None:
    split = split_text(text)
    own_lines = set(text.split("\n"))
    assert all(line in own_lines for line in split.own.split("\n") if line)
