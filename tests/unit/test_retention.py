"""Raw mail is not kept forever: `[storage] keep_raw_days`, `mailreader purge`, and what a
purged message still says. On SQLite and PostgreSQL, with the in-memory mail servers."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailreader.cli import cli
from mailreader.config import parse_settings
from mailreader.daemon.cycle import poll_once
from mailreader.daemon.reprocess import reprocess
from mailreader.errors import ConfigError, MailreaderError
from mailreader.ops.report import CycleReport
from mailreader.ops.retention import purge
from tests.world import World, mail

NOW = datetime.now(UTC).replace(microsecond=0)


def _crash_when_stored(step: str) -> None:
    if step == "stored":
        raise RuntimeError("crashed before deciding")


def _scenario(make_world: Callable[..., World]) -> tuple[World, dict[str, int]]:
    """Mail of every kind: old (200 days) unless said otherwise."""
    w = make_world(pipeline={"max_attempts": 1})
    w.clock.now = NOW - timedelta(days=1)
    w.server.deliver(mail("RECORD 121000000000 570", msgid="<recent@x>", sender="f@example.org"))
    poll_once(w.deps)  # recent, processed
    w.clock.now = NOW - timedelta(days=200)
    w.server.deliver(mail("RECORD 121000000000 563", msgid="<record@x>", sender="a@example.org"))
    w.server.deliver(mail("nothing here", msgid="<ignored@x>", sender="b@example.org"))
    w.server.deliver(mail("BOOM", msgid="<failed@x>", sender="d@example.org"))
    poll_once(w.deps)  # processed (reply sent), ignored, failed (apology sent)
    w.smtp.down = True
    w.server.deliver(mail("REJECT no_account", msgid="<queued@x>", sender="c@example.org"))
    poll_once(w.deps)  # processed, its reply still queued
    w.server.deliver(mail("RECORD 121000000000 564", msgid="<undecided@x>", sender="e@example.org"))
    w.deps = dataclasses.replace(w.deps, checkpoint=_crash_when_stored)
    with pytest.raises(RuntimeError):
        poll_once(w.deps)  # stored, never decided
    w.deps = dataclasses.replace(w.deps, checkpoint=lambda step: None)
    w.clock.now = NOW
    ids = {str(r.message_id).strip("<>").split("@")[0]: r.id for r in w.rows()}
    return w, ids


def test_purge_drops_old_decided_mail_only(make_world: Callable[..., World]) -> None:
    w, ids = _scenario(make_world)
    before = {r.id: r for r in w.rows()}
    assert before[ids["failed"]].state == "failed" and before[ids["undecided"]].state == "stored"
    assert before[ids["ignored"]].state == "ignored"
    queued = [o for o in w.outbox() if o.state == "queued"]
    assert [o.message_row for o in queued] == [ids["queued"]]
    old_decided = (ids["record"], ids["ignored"])
    expected_bytes = sum(len(before[i].raw) for i in old_decided)

    dry = purge(w.deps.sessions, w.clock, 90, dry_run=True)
    assert (dry.messages, dry.bytes, dry.replies) == (2, expected_bytes, 1)
    assert [r.raw for r in w.rows()] == [before[r.id].raw for r in w.rows()]

    done = purge(w.deps.sessions, w.clock, 90)
    assert (done.messages, done.bytes, done.replies) == (2, expected_bytes, 1)
    after = {r.id: r for r in w.rows()}
    for row_id in old_decided:
        row = after[row_id]
        assert row.raw == b"" and row.purged_at is not None and row.error is None
        # The row, its decision and what it names stay.
        assert (row.state, row.action, row.decision, row.from_addr, row.message_id) == (
            before[row_id].state, before[row_id].action, before[row_id].decision, before[row_id].from_addr,
            before[row_id].message_id)
    for name in ("recent", "failed", "queued", "undecided"):
        row = after[ids[name]]
        assert row.raw == before[ids[name]].raw and row.raw and row.purged_at is None, name
    replies = {o.message_row: o for o in w.outbox()}
    assert replies[ids["record"]].raw == b"" and replies[ids["record"]].state == "sent"
    for name in ("recent", "failed", "queued"):
        assert replies[ids[name]].raw, name
    # Nothing left to do; keep_raw_days = 0 keeps everything.
    assert purge(w.deps.sessions, w.clock, 90).messages == 0
    assert purge(w.deps.sessions, w.clock, 0).messages == 0


def test_a_purged_mail_cannot_be_reprocessed(make_world: Callable[..., World]) -> None:
    w, ids = _scenario(make_world)
    purge(w.deps.sessions, w.clock, 90)
    with pytest.raises(MailreaderError, match=rf"message {ids['record']} was purged on"):
        reprocess(w.deps, ids["record"], CycleReport())
    assert w.rows()[0].state == "processed"  # untouched by the refusal


def _config(w: World, tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "purge.toml"
    path.write_text(f'[imap]\nuser = "{w.settings.imap.user}"\n[smtp]\nfrom = "{w.settings.smtp.from_addr}"\n'
                    f'[database]\nurl = "{w.settings.database_url}"\n{extra}', encoding="utf-8")
    return path


def test_the_commands_say_what_was_purged(make_world: Callable[..., World], tmp_path: Path) -> None:
    w, ids = _scenario(make_world)
    cfg = _config(w, tmp_path)

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(cli, ["--config", str(cfg), *args])
        return result.exit_code, result.output

    code, out = run("purge", "--dry-run")
    assert code == 0 and "would purge the raw bytes of 2 messages" in out and "and 1 replies" in out
    assert w.rows()[1].raw
    code, out = run("purge")
    assert code == 0 and "purged the raw bytes of 2 messages" in out and "keep_raw_days = 90" in out
    for args in (("failed", "export", str(ids["record"])), ("reprocess", str(ids["record"]))):
        code, out = run(*args)
        assert code == 1, args
        assert f"message {ids['record']} was purged on" in out and "raw bytes are gone" in out, out
    code, out = run("failed", "show", str(ids["record"]))
    assert code == 0 and "raw bytes purged on" in out
    code, out = run("failed", "export", str(ids["failed"]))  # never purged
    assert code == 0 and "BOOM" in out
    cfg.write_text(cfg.read_text() + "[storage]\nkeep_raw_days = 0\n")
    code, out = run("purge")
    assert code == 0 and "kept forever" in out


@pytest.mark.parametrize("value", ["-1", "36501", '"90"'])
def test_keep_raw_days_is_validated(value: str, tmp_path: Path) -> None:
    import tomllib

    data = tomllib.loads(f'[imap]\nuser = "u@x"\n[smtp]\nfrom = "f@x"\n[storage]\nkeep_raw_days = {value}\n')
    with pytest.raises(ConfigError) as err:
        parse_settings(data, {})
    assert err.value.key == "storage.keep_raw_days"
    cfg = tmp_path / "bad.toml"
    cfg.write_text(f'[imap]\nuser = "u@x"\n[smtp]\nfrom = "f@x"\n[storage]\nkeep_raw_days = {value}\n')
    result = CliRunner().invoke(cli, ["--config", str(cfg), "check-config"])
    assert result.exit_code == 78
    assert result.output.strip().splitlines() == [
        f"mailreader: config error: storage.keep_raw_days: {err.value.problem}"]


def test_keep_raw_days_defaults_to_ninety() -> None:
    settings = parse_settings({"imap": {"user": "u@x"}, "smtp": {"from": "f@x"}}, {})
    assert settings.keep_raw_days == 90
