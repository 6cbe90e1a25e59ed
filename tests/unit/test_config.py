"""Configuration: defaults, validation naming the key, secrets, exit code 78."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailreader.cli import cli
from mailreader.cli import commands as _commands  # registers the commands
from mailreader.config import load, parse_settings
from mailreader.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = {"imap": {"user": "energy@example.ru"}, "smtp": {"from": "E <energy@example.ru>"}}


def test_example_documents_every_key_with_a_working_default() -> None:
    text = (ROOT / "config.example.toml").read_text(encoding="utf-8")
    # Uncomment every "# key = value" line: the result must still be a valid configuration,
    # which proves each documented key exists and its documented default is accepted.
    uncommented = re.sub(r"(?m)^# (\w+ = .*?)(\s+#.*)?$", r"\1", text)
    settings = parse_settings(tomllib.loads(uncommented), {})
    assert settings.imap.port == 143 and settings.smtp.port == 25
    assert settings.readings.timezone == "Asia/Krasnoyarsk"


def test_defaults_embedded() -> None:
    s = parse_settings(MINIMAL, {"MAILREADER_STATE_DIR": "/tmp/st"})
    assert s.database_url == "sqlite:////tmp/st/mailreader.sqlite3"
    assert (s.imap.mailbox, s.imap.processed_folder, s.imap.failed_folder) == ("INBOX", "Processed", "Failed")
    assert s.own_addresses == frozenset({"energy@example.ru"})


@pytest.mark.parametrize(
    ("patch", "key"),
    [
        ({"imap": {"port": "x"}}, "imap.port"),
        ({"imap": {"port": 70000}}, "imap.port"),
        ({"imap": {"security": "ssl"}}, "imap.security"),
        ({"imap": {"bogus": 1}}, "imap.bogus"),
        ({"smtp": {"from": ""}}, "smtp.from"),
        ({"smtp": {"from": "Энергосбыт <энерго@сбыт.рф>"}}, "smtp.from"),
        ({"readings": {"timezone": "Mars/Base"}}, "readings.timezone"),
        ({"readings": {"window_start": 20, "window_end": 5}}, "readings.window_end"),
        ({"replies": {"show_consumption": "sometimes"}}, "replies.show_consumption"),
        ({"imap": {"password_file": "/nonexistent/pw"}}, "imap.password_file"),
        ({"nonsense": {}}, "nonsense"),
    ],
)
def test_bad_values_name_the_key(patch: dict[str, dict[str, object]], key: str) -> None:
    data = {k: dict(v) for k, v in MINIMAL.items()}
    for section, values in patch.items():
        data.setdefault(section, {}).update(values)
    with pytest.raises(ConfigError) as err:
        parse_settings(data, {})
    assert err.value.key == key


def test_from_name_in_any_script_address_in_ascii() -> None:
    data = {k: dict(v) for k, v in MINIMAL.items()}
    data["smtp"] = {**data["smtp"], "from": "Энергосбыт <energy@xn--80a1acny.xn--p1ai>"}
    assert parse_settings(data, {}).smtp.from_addr == "Энергосбыт <energy@xn--80a1acny.xn--p1ai>"


def test_secrets_from_environment_and_file(tmp_path: Path) -> None:
    pw = tmp_path / "pw"
    pw.write_text("from-file\n")
    data = {"imap": {"user": "e@x", "password_file": str(pw)}, "smtp": {"from": "e@x"}}
    assert parse_settings(data, {}).imap.password == "from-file"
    assert parse_settings(data, {"MAILREADER_IMAP_PASSWORD": "env"}).imap.password == "env"
    assert "from-file" not in repr(parse_settings(data, {}))


def test_load_reports_missing_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        load(tmp_path / "none.toml", {})
    bad = tmp_path / "bad.toml"
    bad.write_text("[imap\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load(bad, {})


def test_cli_exits_78_with_one_line(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[imap]\nuser = "e@x"\nport = "x"\n[smtp]\nfrom = "e@x"\n')
    result = CliRunner().invoke(cli, ["--config", str(cfg), "check-config"])
    assert result.exit_code == 78
    assert result.output.strip().splitlines() == ["mailreader: config error: imap.port: must be int, got 'x'"]


def test_check_config_ok(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[imap]\nuser = "e@x"\n[smtp]\nfrom = "e@x"\n[database]\nurl = "sqlite:///{tmp_path}/d.db"\n')
    result = CliRunner().invoke(cli, ["--config", str(cfg), "check-config"])
    assert result.exit_code == 0, result.output
    assert "configuration ok" in result.output


def test_a_date_on_the_command_line_is_the_utility_s_local_day() -> None:
    settings = parse_settings({k: dict(v) for k, v in MINIMAL.items()}, {})
    # Krasnoyarsk is UTC+7: its 25 November starts at 17:00 UTC on the 24th.
    start = _commands.local_midnight(datetime(2026, 11, 25), settings)
    assert start == datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
