"""A mail's outcome names what the resident was told, alike in logs, `status` and metrics."""

from __future__ import annotations

import logging

import pytest
from prometheus_client import CollectorRegistry

from mailreader.daemon.cycle import poll_once
from mailreader.db.outcomes import MailOutcome, Outcome, of_results, outcome
from mailreader.ops.metrics import Metrics
from mailreader.ops.status import collect, render
from tests.world import World, mail


def test_a_refusal_is_not_counted_as_a_record(world: World, caplog: pytest.LogCaptureFixture) -> None:
    world.server.deliver(mail("RECORD 999999999999 563"))  # not in the registry
    with caplog.at_level(logging.INFO, logger="mailreader.daemon"):
        report = poll_once(world.deps)
    assert report.outcomes == {"refused/unknown_account": 1}
    line = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("message uid="))
    assert "outcome=refused reason=unknown_account reply=queued state=processed" in line
    st = collect(world.deps, probe=False)
    assert st.today == {"refused/unknown_account": 1}
    assert "today: refused/unknown_account=1" in render(st)
    metrics = Metrics(CollectorRegistry())
    metrics.observe(report, 0.1, 0, 0.0)
    value = metrics.registry.get_sample_value(
        "mailreader_messages_total", {"outcome": "refused", "reason": "unknown_account"})
    assert value == 1.0


def test_the_second_refusal_of_a_day_is_logged_as_left_unanswered(
        world: World, caplog: pytest.LogCaptureFixture) -> None:
    world.server.deliver(mail("RECORD 999999999999 563"))
    poll_once(world.deps)
    world.server.deliver(mail("RECORD 999999999999 564", msgid="<m2@example.org>"))
    with caplog.at_level(logging.INFO, logger="mailreader.daemon"):
        report = poll_once(world.deps)
    assert report.outcomes == {"refused/unknown_account": 1}
    assert any("reply=none:same_refusal_today" in r.getMessage() for r in caplog.records)
    assert len(world.smtp.sent) == 1


def test_accepted_and_refused_accounts_in_one_mail_are_partial() -> None:
    assert of_results(["recorded", "unknown_account"]) == MailOutcome(Outcome.PARTIAL, "unknown_account")
    assert of_results(["unchanged", "updated"]) == MailOutcome(Outcome.UPDATED)
    assert of_results(["lower_than_last", "zone_mismatch"]) == MailOutcome(
        Outcome.REFUSED, "lower_than_last+zone_mismatch")
    many = of_results(["unknown_account", "zone_mismatch", "lower_than_last", "implausible", "too_long"])
    assert many.reason is not None and len(many.reason) <= 64 and "+" in many.reason


@pytest.mark.parametrize(("row", "key"), [
    (("stored", None, None, None), "retry"),
    (("duplicate", "record", None, None), "duplicate"),
    (("failed", None, "too_large", None), "set_aside/too_large"),
    (("ignored", "ignore", "auto_generated", None), "ignored/auto_generated"),
    (("processed", "reject", "no_readings", None), "refused/no_readings"),
    (("processed", "record", "outside_window", "refused"), "refused/outside_window"),
    (("processed", "record", None, "unchanged"), "unchanged"),
])
def test_every_row_has_one_outcome(row: tuple[str, str | None, str | None, str | None], key: str) -> None:
    assert str(outcome(*row)) == key
