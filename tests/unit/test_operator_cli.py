"""The commands as an operator meets them: one deployed database, secrets read only by the
commands that log in, and every infrastructure failure one line with its exit code."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mailreader.cli import cli
from mailreader.cli import commands as _commands  # noqa: F401  (registers the commands)
from mailreader.errors import ConfigError, RetryLater
from mailreader.mail.oauth import OAuthSettings, TokenSource
from mailreader.ops.metrics import Metrics
from tests.dbs import PG_URL

READ_ONLY = (["status", "--no-probe"], ["failed", "list"], ["failed", "show", "1"],
             ["failed", "export", "1"], ["readings", "show", "240012345678"])


def _config(tmp_path: Path, extra: str = "", state_dir: str | None = None) -> Path:
    cfg = tmp_path / "config.toml"
    cfg.write_text('[imap]\nuser = "e@x"\n'
                   # The README's service paths: not readable from a shell, and not needed there.
                   'password_file = "/run/credentials/mailreader.service/imap-password"\n'
                   '[smtp]\nfrom = "e@x"\nuser = "e@x"\n'
                   'password_file = "/run/credentials/mailreader.service/smtp-password"\n'
                   f'[daemon]\nstate_dir = "{state_dir or tmp_path / "state"}"\n' + extra)
    return cfg


def _run(cfg: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--config", str(cfg), *args])


def _one_line(result: Result, code: int, starts: str) -> None:
    assert result.exit_code == code, result.output
    assert result.output.strip().splitlines() == [result.output.strip()], result.output
    assert result.output.startswith(starts), result.output
    assert "Traceback" not in result.output


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.mark.parametrize("args", READ_ONLY)
def test_read_only_commands_never_create_a_database(tmp_path: Path, args: list[str]) -> None:
    cfg = _config(tmp_path)
    before = _files(tmp_path)
    result = _run(cfg, *args)
    _one_line(result, 78, "mailreader: config error: daemon.state_dir: no database at ")
    assert _files(tmp_path) == before


def test_commands_without_mail_need_no_mail_password(tmp_path: Path) -> None:
    cfg = _config(tmp_path)
    assert _run(cfg, "db", "upgrade").exit_code == 0  # what the first start does for SQLite
    result = _run(cfg, "failed", "list")
    assert result.exit_code == 0 and result.output == "no failed messages\n", result.output
    _one_line(_run(cfg, "readings", "show", "240012345678"), 1, "mailreader: unknown account 240012345678")
    (tmp_path / "a.csv").write_text("account,zones,t1\n240012345678,1,100\n")
    assert _run(cfg, "accounts", "import", str(tmp_path / "a.csv")).exit_code == 0
    assert _run(cfg, "readings", "show", "240012345678").exit_code == 0
    # The shell and the service share the state directory, wherever the shell's current directory is.
    assert _files(tmp_path / "state") == ["mailreader.sqlite3"]


def test_a_command_that_logs_in_names_the_unreadable_password_file(tmp_path: Path) -> None:
    cfg = _config(tmp_path)
    _one_line(_run(cfg, "poll-once"), 78, "mailreader: config error: imap.password_file: cannot read "
              "/run/credentials/mailreader.service/imap-password")


def test_postgresql_unreachable_is_one_line_and_75(tmp_path: Path) -> None:
    cfg = _config(tmp_path, '[database]\nurl = "postgresql+psycopg://postgres@127.0.0.1:1/test"\n')
    for args in (["status"], ["failed", "list"], ["poll-once"], ["db", "upgrade"]):
        _one_line(_run(cfg, *args), 75, "mailreader: unavailable, try again later: connection failed")


@pytest.mark.postgresql
def test_a_missing_role_or_database_is_a_config_error(tmp_path: Path) -> None:
    base = PG_URL.rsplit("/", 1)[0]
    for url in (base.replace("postgres@", "nosuchrole@") + "/test", base + "/nosuchdb"):
        cfg = _config(tmp_path, f'[database]\nurl = "{url}"\n')
        _one_line(_run(cfg, "status"), 78, "mailreader: config error: database.url: connection failed")


def test_a_database_password_comes_from_its_file(tmp_path: Path, pg_url: str) -> None:
    # The test server trusts every local connection, so a password is accepted whatever it is;
    # what is shown here: the file is read by a command that needs no mail password.
    (tmp_path / "db-password").write_text("pw\n")
    cfg = _config(tmp_path, f'[database]\nurl = "{pg_url}"\npassword_file = "{tmp_path / "db-password"}"\n')
    assert _run(cfg, "db", "upgrade").exit_code == 0
    result = _run(cfg, "failed", "list")
    assert result.exit_code == 0, result.output
    (tmp_path / "db-password").unlink()
    _one_line(_run(cfg, "failed", "list"), 78,
              "mailreader: config error: database.password_file: cannot read")


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgresql://u@127.0.0.1/db", "not a url"])
def test_an_unusable_database_url_is_a_config_error(tmp_path: Path, url: str) -> None:
    cfg = _config(tmp_path, f'[database]\nurl = "{url}"\n')
    for args in (["status"], ["check-config"], ["db", "upgrade"]):
        _one_line(_run(cfg, *args), 78, "mailreader: config error: database.url: ")


def test_a_state_directory_that_cannot_be_made_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    cfg = _config(tmp_path, state_dir=str(tmp_path / "file" / "state"))
    (tmp_path / "a.csv").write_text("account,zones,t1\n240012345678,1,100\n")
    for args in (["accounts", "import", str(tmp_path / "a.csv")], ["db", "upgrade"], ["check-config"]):
        _one_line(_run(cfg, *args), 78, "mailreader: config error: daemon.state_dir: cannot create ")


def test_an_unreadable_sqlite_file_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "state" / "mailreader.sqlite3").mkdir(parents=True)  # a directory: cannot be opened
    cfg = _config(tmp_path)
    for args in (["status"], ["db", "upgrade"], ["check-config"]):
        _one_line(_run(cfg, *args), 78, "mailreader: config error: daemon.state_dir: cannot open ")


def test_a_taken_metrics_port_is_a_config_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ConfigError) as err:
            Metrics().serve(f"127.0.0.1:{port}")
    assert err.value.key == "metrics.listen" and "in use" in err.value.problem


def test_a_failing_token_command_never_shows_its_command_line_or_output(tmp_path: Path) -> None:
    script = tmp_path / "token.sh"
    script.write_text("#!/bin/sh\necho 'refresh=R3FR3SH' >&2\necho 'partial=P4RT'\nexit 3\n")
    script.chmod(0o755)
    for command, kind in ((f"{script} --client-secret=S3CR3T", RetryLater),
                          (f"{tmp_path}/absent --client-secret=S3CR3T", ConfigError),
                          ("'unbalanced --client-secret=S3CR3T", ConfigError)):
        with pytest.raises(kind) as err:
            TokenSource(OAuthSettings("XOAUTH2", token_command=command), "imap").token()
        text = str(err.value)
        assert "imap.oauth2_token_command" in text
        assert not any(s in text for s in ("S3CR3T", "R3FR3SH", "P4RT", str(tmp_path))), text
        assert err.value.__cause__ is None and err.value.__suppress_context__


def test_json_without_a_token_names_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        TokenSource(OAuthSettings("XOAUTH2", token_command="echo {\"token\": \"T0K\"}"), "smtp").token()
    assert err.value.key == "smtp.oauth2_token_command" and "T0K" not in str(err.value)


def test_no_file_in_the_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    cfg = tmp_path / "c.toml"
    cfg.write_text('[imap]\nuser = "e@x"\n[smtp]\nfrom = "e@x"\n')
    monkeypatch.delenv("MAILREADER_STATE_DIR", raising=False)
    monkeypatch.delenv("STATE_DIRECTORY", raising=False)
    result = _run(cfg, "failed", "list")
    if not os.path.exists("/var/lib/mailreader/mailreader.sqlite3"):
        _one_line(result, 78, "mailreader: config error: daemon.state_dir: no database at "
                  "/var/lib/mailreader/mailreader.sqlite3")
    assert _files(tmp_path) == ["c.toml"]
