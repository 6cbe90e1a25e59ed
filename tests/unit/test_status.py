"""`mailreader status` on the in-memory world: healthy after a good cycle, not when servers fail."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailreader.cli import cli
from mailreader.daemon.cycle import poll_once
from mailreader.daemon.deps import Deps
from mailreader.ops.status import collect, render
from tests.world import World, mail


def test_never_ran_is_unhealthy(make_world: Callable[..., World]) -> None:
    st = collect(make_world().deps)
    assert not st.healthy and "no cycle has run yet" in st.problems


def test_healthy_after_a_cycle_with_todays_outcomes(make_world: Callable[..., World]) -> None:
    w = make_world()
    w.server.deliver(mail("RECORD 121000000000 563"))
    w.server.deliver(mail("REJECT no_account", msgid="<r@x>", sender="p@example.org"))
    poll_once(w.deps)
    st = collect(w.deps)
    assert st.healthy, st.problems
    assert st.today == {"recorded": 1, "refused/no_account": 1}
    assert st.reachable == {"database": True, "imap": True, "smtp": True}
    assert "health: ok" in render(st)


def test_smtp_down_and_stale_outbox_make_it_unhealthy(make_world: Callable[..., World]) -> None:
    w = make_world()
    w.server.deliver(mail("RECORD 121000000000 563"))
    poll_once(w.deps)
    w.smtp.down = True
    w.server.deliver(mail("REJECT no_account", msgid="<r@x>", sender="p@example.org"))
    poll_once(w.deps)
    w.clock.advance(2 * 3600)
    st = collect(w.deps)
    assert not st.healthy
    assert st.reachable["smtp"] is False and st.outbox_depth == 1
    assert any("oldest queued reply" in p for p in st.problems)
    assert any("no successful cycle" in p for p in st.problems)


def test_a_refused_login_is_named_as_such(make_world: Callable[..., World]) -> None:
    from contextlib import AbstractContextManager
    from typing import Any

    from mailreader.errors import ConfigError

    def refused(_settings: Any) -> AbstractContextManager[Any]:
        raise ConfigError("imap.password_file", "cannot read /etc/mailreader/imap-password: denied")

    w = make_world()
    poll_once(w.deps)
    w.deps = dataclasses.replace(w.deps, open_mailbox=refused)
    st = collect(w.deps)
    assert not st.healthy and st.reachable["imap"] is False
    assert "IMAP login: config error: imap.password_file: cannot read" in st.problems[0]


def _crash_at_the_mail(step: str) -> None:
    """A fault at one mail that no attempt gets past: the cycle itself fails on it."""
    if step in ("stored", "attempt"):
        raise RuntimeError("crashed on this mail")


def _crashing_cycle(deps: Deps) -> None:
    with pytest.raises(RuntimeError):
        poll_once(deps)


def _config_file(w: World, tmp_path: Path) -> Path:
    path = tmp_path / "status.toml"
    path.write_text(f'[imap]\nuser = "{w.settings.imap.user}"\n[smtp]\nfrom = "{w.settings.smtp.from_addr}"\n'
                    f'[database]\nurl = "{w.settings.database_url}"\n', encoding="utf-8")
    return path


def test_cycles_crashing_on_one_mail_are_a_stall_that_names_it(
        make_world: Callable[..., World], tmp_path: Path) -> None:
    w = make_world()
    w.server.deliver(mail("RECORD 121000000000 563"))
    poll_once(w.deps)
    w.server.deliver(mail("RECORD 121000000000 600", msgid="<stuck@x>"))
    w.deps = dataclasses.replace(w.deps, checkpoint=_crash_at_the_mail)
    first = w.clock()
    for _ in range(3):  # within three poll intervals of the last success
        w.clock.advance(50)
        _crashing_cycle(w.deps)
    st = collect(w.deps, probe=False)
    assert not st.healthy
    stalled = [p for p in st.problems if "the last 3 cycles failed" in p]
    assert len(stalled) == 1, st.problems
    assert f"since {(first + timedelta(seconds=50)).isoformat()}" in stalled[0]
    stuck = w.rows()[-1]
    assert f"message row={stuck.id}" in stalled[0] and "RuntimeError: crashed on this mail" in stalled[0]
    assert "problem: the last 3 cycles failed" in render(st)
    # The command says so and exits 1, for monitoring.
    result = CliRunner().invoke(cli, ["--config", str(_config_file(w, tmp_path)), "status", "--no-probe"])
    assert result.exit_code == 1
    assert f"problem: the last 3 cycles failed, since {(first + timedelta(seconds=50)).isoformat()}" \
        f", at message row={stuck.id}" in result.output
    # Once the mail gets through, the next good cycle ends the stall.
    w.deps = dataclasses.replace(w.deps, checkpoint=lambda step: None)
    w.clock.advance(50)
    poll_once(w.deps)
    assert collect(w.deps, probe=False).healthy


def test_a_mail_left_undecided_is_a_stall_while_other_instances_cycle(
        make_world: Callable[..., World]) -> None:
    w = make_world()
    poller = dataclasses.replace(w.deps, checkpoint=_crash_at_the_mail)
    other = dataclasses.replace(w.deps, instance="elsewhere:1:x", checkpoint=lambda step: None)
    w.server.deliver(mail("RECORD 121000000000 563", msgid="<stuck@x>"))
    for _ in range(12):  # twelve minutes: the poller crashes on the mail, the other sends replies
        _crashing_cycle(poller)
        assert not poll_once(other).leader
        w.clock.advance(60)
    st = collect(w.deps, probe=False)
    assert not st.healthy
    stuck = w.rows()[0]
    assert stuck.state == "stored"
    named = f"stalled: message row={stuck.id} uid={stuck.uid} undecided since"
    assert any(named in p for p in st.problems), st.problems
    assert any("the last 12 cycles failed" in p for p in st.problems), st.problems


def test_a_mail_retried_then_set_aside_is_no_stall(make_world: Callable[..., World]) -> None:
    w = make_world()
    w.server.deliver(mail("BOOM"))
    for _ in range(3):
        poll_once(w.deps)
        assert collect(w.deps, probe=False).healthy
        w.clock.advance(60)
    assert w.rows()[0].state == "failed"
