"""`mailreader status` on the in-memory world: healthy after a good cycle, not when servers fail."""

from __future__ import annotations

from collections.abc import Callable

from mailreader.pipeline import poll_once
from mailreader.status import collect, render
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
    assert st.today == {"record": 1, "reject/no_account": 1}
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
    w.deps.open_mailbox = refused
    st = collect(w.deps)
    assert not st.healthy and st.reachable["imap"] is False
    assert "IMAP login: config error: imap.password_file: cannot read" in st.problems[0]
