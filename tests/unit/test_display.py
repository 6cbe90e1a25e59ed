"""What the commands print from stored mail: one timestamp convention (ISO 8601 with the
offset, in [readings] timezone) and no terminal escapes or TABs from mail data."""

from __future__ import annotations

import json
from base64 import b64encode
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner, Result

from mailreader import db
from mailreader.cli import cli
from mailreader.daemon.cycle import poll_once
from mailreader.db.readings_store import SqlReadingsStore
from mailreader.ops.display import printable, when
from mailreader.readings.service import Account, Reading
from tests.world import World, mail

LOCAL = "2026-11-20T10:00:00+07:00"  # the world's clock, 03:00 UTC, in Krasnoyarsk
HOSTILE = "Показания\x1b[2J\x1b]0;pwned\x07\tи\u202eтекст"


def test_control_characters_are_escaped() -> None:
    assert printable(HOSTILE) == "Показания\\x1b[2J\\x1b]0;pwned\\x07\\tи\\u202eтекст"
    assert printable("a\r\nb\x00\x9b") == "a\\r\\nb\\x00\\x9b"
    assert printable(None) == ""


def test_times_are_local_with_the_offset() -> None:
    assert when(datetime(2026, 11, 20, 3, 0, tzinfo=UTC), "Asia/Krasnoyarsk") == LOCAL
    assert when(datetime(2026, 11, 20, 3, 0), "Asia/Krasnoyarsk") == LOCAL  # SQLite: naive UTC
    assert when(None, "UTC") is None


def _cli(w: World, tmp_path: Path, *args: str) -> Result:
    config = tmp_path / "m.toml"
    config.write_text(f'[imap]\nuser = "energy@example.ru"\n[smtp]\nfrom = "energy@example.ru"\n'
                      f'[database]\nurl = "{w.settings.database_url}"\n')
    return CliRunner().invoke(cli, ["--config", str(config), *args])


def test_failed_list_and_show_are_safe_decoded_and_local(make_world: Callable[..., World],
                                                          tmp_path: Path) -> None:
    w = make_world(pipeline={"max_attempts": 1})
    encoded = "=?utf-8?b?" + b64encode(HOSTILE.encode()).decode() + "?="
    w.server.deliver(mail("BOOM", subject=encoded, sender="\x1b[31mivan@example.org"))
    poll_once(w.deps)
    [row] = w.rows()
    listed = _cli(w, tmp_path, "failed", "list")
    assert listed.exit_code == 0, listed.output
    assert "\x1b" not in listed.stdout and "\u202e" not in listed.stdout
    fields = listed.stdout.rstrip("\n").split("\t")
    assert len(fields) == 5 and fields[:3] == [str(row.id), LOCAL, "internal_error"]
    assert fields[4].startswith("Показания") and fields[4].endswith("текст")
    as_json = json.loads(_cli(w, tmp_path, "failed", "list", "--json").stdout)
    assert as_json[0]["received_at"] == LOCAL
    shown = _cli(w, tmp_path, "failed", "show", str(row.id)).stdout
    assert f"received: {LOCAL}" in shown and f"decided: {LOCAL}" in shown
    assert "Subject: Показания\\x1b[2J" in shown and "=?utf-8?" not in shown
    assert "\x1b" not in shown


def test_status_and_readings_show_use_the_same_convention(world: World, tmp_path: Path) -> None:
    with db.transaction(world.deps.sessions) as s:
        store = SqlReadingsStore(s.connection())
        store.upsert_accounts([Account("121000000000", 1)], frozenset({"account", "zones"}),
                              world.clock())
        store.record("121000000000", Reading("2026-11", (("t1", 563),), "email", "<a\x1b[1m@x>",
                                             world.clock()))
    poll_once(world.deps)
    status = json.loads(_cli(world, tmp_path, "status", "--json", "--no-probe").stdout)
    assert status["last_cycle_at"] == LOCAL and status["last_success_at"] == LOCAL
    text = _cli(world, tmp_path, "readings", "show", "121000000000").stdout
    assert text == f"2026-11  t1=563  email  {LOCAL}  <a\\x1b[1m@x>\n"
    history = json.loads(_cli(world, tmp_path, "readings", "show", "121000000000", "--json").stdout)
    assert history[0]["recorded_at"] == LOCAL
