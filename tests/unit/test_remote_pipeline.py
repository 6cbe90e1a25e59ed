"""The remote readings backend in the cycle, with a fake service and a fixed clock: queued
in the decision, sent with one key per submission, retried with backoff, and the reply
rendered from the service's answers only, once, whatever dies when."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pytest

from mailreader.daemon.cycle import poll_once
from mailreader.daemon.reprocess import reprocess
from mailreader.daemon.submitter import BACKOFF_CAP, Submitter
from mailreader.db.submission_models import RemoteSubmission
from mailreader.errors import ReadingsServiceRefused, ReadingsServiceUnavailable, SubmissionRejected
from mailreader.ops import status
from mailreader.readings.client import Answer, result_to_json
from mailreader.readings.service import SubmitResult
from tests.world import World, mail


class FakeService:
    """Answers like a readings service: recorded for its accounts, unknown_account for any
    other; a key it knows gets its first answer again (replayed). `fault` is raised instead."""

    def __init__(self, known: set[str]) -> None:
        self.known = known
        self.answers: dict[str, dict[str, Any]] = {}
        self.calls: list[tuple[dict[str, Any], str]] = []
        self.fault: Exception | None = None
        self.reject: set[str] = set()

    def submit(self, body: Mapping[str, Any], key: str) -> Answer:
        self.calls.append((dict(body), key))
        if self.fault is not None:
            raise self.fault
        if body["account"] in self.reject:
            raise SubmissionRejected("readings service refused the submission (422): values.t1")
        replayed = key in self.answers
        if not replayed:
            status = "recorded" if body["account"] in self.known else "unknown_account"
            values = tuple(sorted(body["values"].items()))
            self.answers[key] = result_to_json(SubmitResult(body["account"], status, values,
                                                            period="2026-11", meter_zones=1))
        from mailreader.readings.client import result_from_json

        return Answer(result_from_json(self.answers[key]), replayed, self.answers[key])

    @property
    def recorded(self) -> int:
        return sum(1 for a in self.answers.values() if a["status"] == "recorded")


def remote(world: World, service: FakeService) -> World:
    world.deps = replace(world.deps, submitter=Submitter(lambda: service, random=lambda: 1.0))
    return world


@pytest.fixture
def service() -> FakeService:
    return FakeService({"121000000000"})


def queue(world: World) -> list[RemoteSubmission]:
    with world.deps.sessions() as s:
        return list(s.query(RemoteSubmission).order_by(RemoteSubmission.id))


def test_the_reply_comes_from_the_service_s_answer(world: World, service: FakeService) -> None:
    remote(world, service)
    world.server.deliver(mail("RECORD 121000000000 563", msgid="<a@x>"))
    world.server.deliver(mail("RECORD 121000000009 564", msgid="<b@x>", sender="petr@example.org"))
    report = poll_once(world.deps)
    # Decided as submitted, then answered within the same cycle.
    assert report.outcomes == {"submitted": 2, "recorded": 1, "refused/unknown_account": 1}
    assert world.recorded == []  # the built-in service was never asked
    assert [body for body, _ in service.calls] == [
        {"account": "121000000000", "values": {"t1": 563}, "channel": "email", "source": "<a@x>",
         "sender": "ivan@example.org"},
        {"account": "121000000009", "values": {"t1": 564}, "channel": "email", "source": "<b@x>",
         "sender": "petr@example.org"}]
    assert [(r.state, r.outcome, r.reason) for r in world.rows()] == [
        ("processed", "recorded", None), ("processed", "refused", "unknown_account")]
    assert [(r.kind, r.reason_key) for r in world.outbox()] == [
        ("result", None), ("result", "result:unknown_account")]
    assert [to for to, _ in world.smtp.sent] == ["ivan@example.org", "petr@example.org"]
    assert len(world.server.folders["Processed"]) == 2
    assert [(q.state, q.attempts) for q in queue(world)] == [("answered", 0), ("answered", 0)]
    assert len({q.idempotency_key for q in queue(world)}) == 2


def test_while_the_service_is_down_mail_is_filed_and_answered_later(world: World, service: FakeService,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    remote(world, service)
    service.fault = ReadingsServiceUnavailable("readings service: connection refused")
    world.server.deliver(mail("RECORD 121000000000 563", msgid="<a@x>"))
    world.server.deliver(mail("RECORD 121000000000 565", msgid="<b@x>", sender="petr@example.org"))
    with caplog.at_level(logging.WARNING):
        report = poll_once(world.deps)
        poll_once(world.deps)  # within the backoff: the service is not asked again
    assert report.outcomes == {"submitted": 2} and report.submissions_deferred == 1
    assert len(service.calls) == 1  # the first failure ends the round
    assert len(world.server.folders["Processed"]) == 2 and world.smtp.sent == []
    assert [r.state for r in world.rows()] == ["submitted", "submitted"]
    assert sum("readings service unavailable" in r.message for r in caplog.records) == 1
    st = status.collect(world.deps, probe=False)
    assert st.submissions_pending == 2 and st.healthy
    # Down for long: unhealthy, and the backoff grows to its cap meanwhile.
    for _ in range(12):
        world.clock.advance(BACKOFF_CAP)
        poll_once(world.deps)
    st = status.collect(world.deps, probe=False)
    assert not st.healthy and any("readings service waits since" in p for p in st.problems)
    assert world.deps.submitter is not None and world.deps.submitter.failures == 13
    # Back: both answered, each resident once.
    service.fault = None
    world.clock.advance(BACKOFF_CAP)
    report = poll_once(world.deps)
    assert report.outcomes == {"recorded": 2}
    assert sorted(to for to, _ in world.smtp.sent) == ["ivan@example.org", "petr@example.org"]
    assert [(q.state, q.attempts) for q in queue(world)] == [("answered", 13), ("answered", 0)]
    assert status.collect(world.deps, probe=False).submissions_pending == 0


def test_the_backoff_doubles_from_5_s_to_5_min_with_jitter() -> None:
    from datetime import UTC, datetime

    start = datetime(2026, 11, 20, tzinfo=UTC)
    late = Submitter(lambda: FakeService(set()), random=lambda: 1.0)
    early = Submitter(lambda: FakeService(set()), random=lambda: 0.0)
    waits = [(late.failed(start) - start).total_seconds() for _ in range(9)]
    assert waits == [5, 10, 20, 40, 80, 160, 300, 300, 300]
    assert (early.failed(start) - start).total_seconds() == 3.75  # three quarters of 5 s
    late.answered()
    assert (late.failed(start) - start).total_seconds() == 5


def test_a_refusal_is_logged_once_and_nothing_is_set_aside(world: World, service: FakeService,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    remote(world, service)
    service.fault = ReadingsServiceRefused("readings.token_file: the token was not accepted (HTTP 401)")
    world.server.deliver(mail("RECORD 121000000000 563"))
    with caplog.at_level(logging.ERROR):
        for _ in range(3):
            poll_once(world.deps)
            world.clock.advance(BACKOFF_CAP)
    assert len(service.calls) == 3
    assert sum("refuses us" in r.message for r in caplog.records) == 1
    assert [r.state for r in world.rows()] == ["submitted"] and world.smtp.sent == []
    st = status.collect(world.deps, probe=False)
    assert not st.healthy and any("the readings service refuses us" in p and "HTTP 401" in p
                                  for p in st.problems)
    service.fault = None  # the token put right
    poll_once(world.deps)
    assert [r.state for r in world.rows()] == ["processed"] and len(world.smtp.sent) == 1


def test_an_answer_no_reply_is_written_for_is_a_refusal(world: World, service: FakeService) -> None:
    remote(world, service)
    service.known = set()
    original = service.submit

    def accepted(body: Mapping[str, Any], key: str) -> Answer:
        answer = original(body, key)
        return Answer(replace(answer.result, status="accepted"), False, answer.body)

    service.submit = accepted  # type: ignore[method-assign]
    world.server.deliver(mail("RECORD 121000000000 563"))
    poll_once(world.deps)
    assert [r.state for r in world.rows()] == ["submitted"] and world.smtp.sent == []
    assert "unknown status 'accepted'" in (queue(world)[0].last_error or "")


def test_a_rejected_body_sets_the_mail_aside_with_an_apology(world: World, service: FakeService) -> None:
    remote(world, service)
    service.reject = {"121000000000"}
    world.server.deliver(mail("RECORD 121000000000 563"))
    report = poll_once(world.deps)
    assert report.outcomes == {"submitted": 1, "set_aside/submission_rejected": 1}
    (row,) = world.rows()
    assert (row.state, row.reason) == ("failed", "submission_rejected") and "422" in (row.error or "")
    assert [r.kind for r in world.outbox()] == ["internal_error"]
    # It was filed before the answer came: it stays in the processed folder.
    assert len(world.server.folders["Processed"]) == 1 and not world.server.folders.get("Failed")
    assert [q.state for q in queue(world)] == ["rejected"]


def test_the_same_mail_twice_is_submitted_once(world: World, service: FakeService) -> None:
    remote(world, service)
    service.fault = ReadingsServiceUnavailable("down")
    world.server.deliver(mail("RECORD 121000000000 563", msgid="<same@x>"))
    world.server.deliver(mail("RECORD 121000000000 563", msgid="<same@x>"))
    poll_once(world.deps)
    service.fault = None
    world.clock.advance(BACKOFF_CAP)
    poll_once(world.deps)
    assert [r.state for r in world.rows()] == ["processed", "duplicate"]
    assert len(queue(world)) == 1 and len(world.smtp.sent) == 1


def test_a_forced_reprocess_reading_the_same_gets_the_first_answer_and_no_second_reply(
        world: World, service: FakeService) -> None:
    remote(world, service)
    world.server.deliver(mail("RECORD 121000000000 563"))
    poll_once(world.deps)
    (row,) = world.rows()
    from mailreader.ops.report import CycleReport

    assert reprocess(world.deps, row.id, CycleReport()) == "processed"
    poll_once(world.deps)
    assert len(world.smtp.sent) == 1 and service.recorded == 1
    keys = [key for _, key in service.calls]
    assert len(keys) == 2 and len(set(keys)) == 1  # the same key: the service replayed


class Killed(BaseException):
    """The process dies here: no handler of the pipeline catches it."""


STEPS = ("recorded_readings", "queued", "before_commit", "committed", "moved", "answer_stored", "answered")


@pytest.mark.parametrize("step", STEPS)
def test_killed_at_any_step_every_reading_once_every_resident_once(make_world: Any, step: str) -> None:
    service = FakeService({"121000000000", "121000000001"})
    world = remote(make_world(imap={"batch_size": 2}), service)
    world.server.deliver(mail("RECORD 121000000000 563", msgid="<a@x>"))
    world.server.deliver(mail("RECORD 121000000001 564", msgid="<b@x>", sender="petr@example.org"))
    world.server.deliver(mail("RECORD 121000000002 565", msgid="<c@x>", sender="olga@example.org"))
    seen = {"n": 0}

    def die(at: str) -> None:
        if at == step:
            seen["n"] += 1
            if seen["n"] == 2:  # the second mail (or batch)
                raise Killed(at)

    world.deps = replace(world.deps, checkpoint=die)
    with pytest.raises(Killed):
        poll_once(world.deps)
    # A new process: no memory of the service's backoff, the same database and service.
    world.deps = replace(world.deps, checkpoint=lambda at: None)
    remote(world, service)
    for _ in range(2):
        poll_once(world.deps)
    assert [r.state for r in world.rows()] == ["processed"] * 3
    assert service.recorded == 2 and len(service.answers) == 3  # one answer per submission
    assert sorted(to for to, _ in world.smtp.sent) == ["ivan@example.org", "olga@example.org",
                                                      "petr@example.org"]
    assert [q.state for q in queue(world)] == ["answered"] * 3


def test_status_probes_the_service_and_says_when_nobody_answers(make_world: Any, tmp_path: Any) -> None:
    import socket

    token = tmp_path / "token"
    token.write_text("t\n", encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    world = make_world(readings={"backend": "http", "url": f"http://127.0.0.1:{port}",
                                 "token_file": str(token)})
    st = status.collect(world.deps, probe=True)
    assert st.reachable["readings"] is False and not st.healthy
    assert any(p.startswith("readings service unreachable") for p in st.problems)
