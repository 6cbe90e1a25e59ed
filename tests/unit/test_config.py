"""Configuration: defaults, validation naming the key, secrets, exit code 78."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailreader.cli import cli
from mailreader.cli import failed_cmds as _commands  # noqa: F401  (registers the commands)
from mailreader.config import load, parse_settings
from mailreader.errors import ConfigError
from mailreader.readings.periods import local_midnight

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
        ({"nonsense": {}}, "nonsense"),
        # TOML has inf and nan: an infinite timeout hangs, an infinite interval never polls.
        ({"imap": {"timeout": float("inf")}}, "imap.timeout"),
        ({"smtp": {"timeout": float("nan")}}, "smtp.timeout"),
        ({"schedule": {"poll_interval": float("inf")}}, "schedule.poll_interval"),
        ({"pipeline": {"message_timeout": -1.0}}, "pipeline.message_timeout"),
        ({"daemon": {"lease_ttl": float("-inf")}}, "daemon.lease_ttl"),
        # Mail moved into the watched mailbox would be fetched again forever; INBOX is
        # case-insensitive (RFC 3501 §5.1).
        ({"imap": {"processed_folder": "inbox"}}, "imap.processed_folder"),
        ({"imap": {"mailbox": "Inbox", "failed_folder": "INBOX"}}, "imap.processed_folder"),
        ({"imap": {"mailbox": ""}}, "imap.mailbox"),
        ({"imap": {"failed_folder": " "}}, "imap.failed_folder"),
        # Plaintext only to this machine: elsewhere the password would cross the network in clear.
        ({"imap": {"host": "mail.example.ru"}}, "imap.security"),
        ({"smtp": {"host": "10.0.0.5"}}, "smtp.security"),
        ({"imap": {"host": "mail.example.ru", "allow_plaintext": "yes"}}, "imap.allow_plaintext"),
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
    assert parse_settings(data, {}).imap.secret() == "from-file"
    assert parse_settings(data, {"MAILREADER_IMAP_PASSWORD": "env"}).imap.secret() == "env"
    assert "from-file" not in repr(parse_settings(data, {}))


def test_plaintext_to_loopback_or_when_allowed() -> None:
    for host in ("127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", "mail.localhost"):
        data = {"imap": {"user": "e@x", "host": host}, "smtp": {"from": "e@x", "host": host}}
        assert parse_settings(data, {}).imap.host == host
    data = {"imap": {"user": "e@x", "host": "mail.example.ru", "allow_plaintext": True},
            "smtp": {"from": "e@x", "host": "mail.example.ru", "security": "starttls"}}
    assert parse_settings(data, {}).imap.security == "none"


def test_a_password_file_is_read_only_when_used_and_names_its_key(tmp_path: Path) -> None:
    data = {"imap": {"user": "e@x", "password_file": str(tmp_path / "missing")},
            "smtp": {"from": "e@x", "user": "e@x", "password_file": str(tmp_path / "missing2")},
            "database": {"password_file": str(tmp_path / "missing3")}}
    settings = parse_settings(data, {})  # parsing reads no secret
    for part, key in ((settings.imap, "imap.password_file"), (settings.smtp, "smtp.password_file"),
                      (settings.database_settings, "database.password_file")):
        with pytest.raises(ConfigError) as err:
            part.secret()
        assert err.value.key == key and "missing" in err.value.problem


def test_systemd_credentials_are_read_under_the_file_s_name(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # The unit passes /etc/mailreader/imap-password as the credential "imap-password": the
    # service reads $CREDENTIALS_DIRECTORY/imap-password, a root shell the file itself.
    etc, creds = tmp_path / "etc", tmp_path / "creds"
    etc.mkdir(), creds.mkdir()
    (etc / "imap-password").write_text("s3cret\n")
    data = {"imap": {"user": "e@x", "password_file": str(etc / "imap-password")}, "smtp": {"from": "e@x"},
            "database": {"url": "postgresql+psycopg://mr@db/mr"}}
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    assert parse_settings(data, {}).imap.secret() == "s3cret"
    (creds / "imap-password").write_text("passed\n")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(creds))
    assert parse_settings(data, {}).imap.secret() == "passed"
    assert parse_settings(data, {"MAILREADER_DATABASE_PASSWORD": "dbpw"}).database_settings.secret() == "dbpw"


def test_deployed_defaults_do_not_depend_on_the_current_directory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mailreader import config

    assert parse_settings(MINIMAL, {}).state_dir == Path("/var/lib/mailreader")
    assert parse_settings(MINIMAL, {"STATE_DIRECTORY": "/var/lib/mailreader"}).database_url == (
        "sqlite:////var/lib/mailreader/mailreader.sqlite3")
    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "config.toml").write_text('[imap]\nuser = "e@x"\n[smtp]\nfrom = "e@x"\n'
                                     '[daemon]\nstate_dir = "st"\n')
    monkeypatch.setattr(config, "DEFAULT_CONFIG", etc / "config.toml")
    monkeypatch.chdir(tmp_path)
    # No --config, no $MAILREADER_CONFIG: the installed service's file; a relative state_dir is
    # relative to that file, wherever the shell is.
    assert load(None, {}).state_dir == etc / "st"
    monkeypatch.setattr(config, "DEFAULT_CONFIG", tmp_path / "absent.toml")
    with pytest.raises(ConfigError, match=r"absent\.toml: no such file"):
        load(None, {})


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


def test_a_date_on_the_command_line_is_the_utility_s_local_day() -> None:
    settings = parse_settings({k: dict(v) for k, v in MINIMAL.items()}, {})
    # Krasnoyarsk is UTC+7: its 25 November starts at 17:00 UTC on the 24th.
    start = local_midnight(date(2026, 11, 25), settings.readings.timezone)
    assert start == datetime(2026, 11, 24, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize(("value", "expected"), [
    ("mx.example.ru", frozenset({"mx.example.ru"})),
    (["MX1.example.ru", "mx2.example.ru"], frozenset({"mx1.example.ru", "mx2.example.ru"})),
    ("", frozenset()),
    ([], frozenset()),
])
def test_trust_authserv_id_a_string_or_a_list(value: object, expected: frozenset[str]) -> None:
    data = {**MINIMAL, "trust": {"authserv_id": value}}
    assert parse_settings(data, {}).trust.authserv_ids == expected
    assert parse_settings(MINIMAL, {}).trust.authserv_ids == frozenset()


@pytest.mark.parametrize("value", [3, ["mx.example.ru", 4], "mx.example.ru; dkim=pass", "two words"])
def test_trust_authserv_id_errors_name_the_key(value: object) -> None:
    with pytest.raises(ConfigError) as err:
        parse_settings({**MINIMAL, "trust": {"authserv_id": value}}, {})
    assert err.value.key == "trust.authserv_id"


def test_consumption_is_never_shown_to_anyone_over_email() -> None:
    with pytest.raises(ConfigError) as err:
        parse_settings({**MINIMAL, "replies": {"show_consumption": "always"}}, {})
    assert err.value.key == "replies.show_consumption"


def test_trust_limits_default_and_name_the_key() -> None:
    s = parse_settings(MINIMAL, {})
    assert (s.readings.stranger_limit, s.trust.new_recipients_per_hour) == (3, 100)
    s = parse_settings({**MINIMAL, "trust": {"stranger_submissions_per_period": 0,
                                             "new_recipients_per_hour": 20}}, {})
    assert (s.readings.stranger_limit, s.trust.new_recipients_per_hour) == (0, 20)
    for key, value in (("stranger_submissions_per_period", -1), ("new_recipients_per_hour", 0),
                       ("new_recipients_per_hour", "many")):
        with pytest.raises(ConfigError) as err:
            parse_settings({**MINIMAL, "trust": {key: value}}, {})
        assert err.value.key == f"trust.{key}"
