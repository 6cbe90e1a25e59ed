"""The parse worker: the same decisions as parsing inline, and inline whenever it cannot help."""

from __future__ import annotations

import dataclasses
import os
import signal
from pathlib import Path

import pytest

import parsers
from mailreader.daemon.cycle import poll_once
from mailreader.daemon.parse_ahead import ParseAhead
from mailreader.daemon.timelimit import time_limit
from mailreader.errors import MessageTimeout
from parsers import Decision
from tests.world import World, mail

CASES = Path(__file__).resolve().parents[1] / "corpus" / "cases"


def _raws(count: int) -> list[bytes]:
    return [p.read_bytes() for p in sorted(CASES.glob("*.eml"))[:count]]


class Counting:
    """parsers.parse, counting the calls made here (inline) rather than in the worker."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, raw: bytes) -> Decision:
        self.calls += 1
        return parsers.parse(raw)


@pytest.fixture
def ahead() -> ParseAhead:
    inline = Counting()
    worker = ParseAhead(inline)
    yield worker
    worker.close()


def test_the_worker_decides_as_parse_does(ahead: ParseAhead) -> None:
    raws = _raws(40)  # more than the window, and more bytes than one pipe holds
    ahead.ahead(raws)
    assert [ahead(raw) for raw in raws] == [parsers.parse(raw) for raw in raws]
    assert ahead._parse.calls == 0  # type: ignore[attr-defined]


def test_skipped_and_unknown_mails_are_parsed_inline(ahead: ParseAhead) -> None:
    a, b, c, d = _raws(4)
    ahead.ahead([a, b, c])
    assert ahead(c) == parsers.parse(c)  # a and b were not asked for: their answers are dropped
    assert ahead._parse.calls == 0  # type: ignore[attr-defined]
    assert ahead(a) == parsers.parse(a) and ahead(d) == parsers.parse(d)
    assert ahead._parse.calls == 2  # type: ignore[attr-defined]


def test_a_dead_worker_means_parsing_inline(ahead: ParseAhead) -> None:
    raws = _raws(5)
    ahead.ahead(raws)
    assert ahead._proc is not None
    os.kill(ahead._proc.pid, signal.SIGKILL)
    ahead._proc.wait()
    assert [ahead(raw) for raw in raws] == [parsers.parse(raw) for raw in raws]
    assert ahead.failures == 1
    ahead.ahead(raws)  # the next batch has a worker again
    assert ahead(raws[0]) == parsers.parse(raws[0]) and ahead.failures == 1


def test_a_stuck_worker_is_killed_when_the_time_limit_interrupts_the_wait(ahead: ParseAhead) -> None:
    raws = _raws(3)
    ahead.ahead(raws)
    assert ahead._proc is not None
    stuck = ahead._proc
    os.kill(stuck.pid, signal.SIGSTOP)
    with pytest.raises(MessageTimeout), time_limit(0.3):
        ahead(raws[0])
    assert stuck.poll() is not None and ahead.failures == 1
    assert ahead(raws[1]) == parsers.parse(raws[1])  # inline now


def test_the_pipeline_hands_each_batch_over_before_deciding(world: World) -> None:
    told: list[int] = []
    inline = world.deps.parse
    world.deps = dataclasses.replace(world.deps, parse_ahead=lambda raws: told.append(len(raws)))
    world.deps = dataclasses.replace(world.deps, parse=lambda raw: inline(raw))
    for k in range(3):
        world.server.deliver(mail(f"RECORD 12100000000{k} 563", msgid=f"<a{k}@x>"))
    report = poll_once(world.deps)
    assert told == [3] and report.outcomes == {"recorded": 1, "refused/unknown_account": 2}


def test_close_leaves_no_process() -> None:
    worker = ParseAhead()
    worker.start()
    proc = worker._proc
    assert proc is not None
    worker.close()
    assert proc.poll() is not None


def test_a_worker_that_died_between_batches_is_replaced(ahead: ParseAhead) -> None:
    ahead.start()
    dead = ahead._proc
    assert dead is not None
    os.kill(dead.pid, signal.SIGKILL)
    dead.wait()
    raws = _raws(3)
    ahead.ahead(raws)  # no error: a new worker takes the batch
    assert ahead.failures == 1 and ahead.pid not in (None, dead.pid)
    assert [ahead(raw) for raw in raws] == [parsers.parse(raw) for raw in raws]
    assert ahead._parse.calls == 0  # type: ignore[attr-defined]
