"""The tokens file of the HTTP API: its format, its mistakes named, lookups by hash, and
`mailreader api new-token`."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailreader.api import tokens
from mailreader.cli import cli
from mailreader.config import parse_settings
from mailreader.errors import ConfigError

MINIMAL = {"imap": {"user": "energy@example.ru"}, "smtp": {"from": "E <energy@example.ru>"}}


def test_a_token_is_found_by_its_hash_with_its_scopes(tmp_path: Path) -> None:
    path = tmp_path / "tokens.toml"
    path.write_text(tokens.stanza("billing", ["export", "read"], "s3cret") +
                    tokens.stanza("sms-gateway", ["submit"], "other"))
    assert "s3cret" not in path.read_text()  # only the hash is kept
    known = tokens.load(str(path))
    found = known.find("s3cret")
    assert found is not None and found.name == "billing" and found.scopes == {"export", "read"}
    assert known.find("other") is not None and known.find("other").name == "sms-gateway"  # type: ignore[union-attr]
    for wrong in ("", "s3cre", "s3cret ", tokens.hash_token("s3cret")):
        assert known.find(wrong) is None


@pytest.mark.parametrize(("text", "problem"), [
    ("[[token]]\nname = 'a'\nscopes = ['submit']\n", "sha256"),
    ("[[token]]\nname = 'a'\nscopes = ['write']\nsha256 = '" + "0" * 64 + "'\n", "scopes"),
    ("[[token]]\nname = 'a'\nscopes = []\nsha256 = '" + "0" * 64 + "'\n", "scopes"),
    ("[[token]]\nname = 'a b'\nscopes = ['read']\nsha256 = '" + "0" * 64 + "'\n", "name"),
    ("[[token]]\nname = 'a'\nscopes = ['read']\nsha256 = '" + "0" * 64 + "'\nnote = 1\n",
     "unknown key 'note'"),
    ("tokens = 1\n", "unknown key 'tokens'"),
    ("[[token]]\nname = 'a'\nscopes = ['read']\nsha256 = '" + "0" * 64 + "'\n"
     "[[token]]\nname = 'a'\nscopes = ['read']\nsha256 = '" + "1" * 64 + "'\n", "given twice"),
    ("[[token]]\nname = 'a'\nscopes = ['read']\nsha256 = '" + "0" * 64 + "'\n"
     "[[token]]\nname = 'b'\nscopes = ['read']\nsha256 = '" + "0" * 64 + "'\n", "given twice"),
    ("not toml [", "not valid TOML"),
])
def test_every_mistake_names_the_key_and_the_entry(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "tokens.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        tokens.load(str(path))
    assert caught.value.key == "api.tokens_file" and problem in caught.value.problem
    assert str(path) in caught.value.problem


def test_no_file_or_none_named_is_a_config_error(tmp_path: Path) -> None:
    for path, problem in ((str(tmp_path / "missing.toml"), "cannot read"), ("", "is required")):
        with pytest.raises(ConfigError, match=problem):
            tokens.load(path)


def test_a_systemd_credential_is_read_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    creds = tmp_path / "creds"
    creds.mkdir()
    (creds / "api-tokens.toml").write_text(tokens.stanza("a", ["read"], "t"))
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(creds))
    assert tokens.load("/etc/mailreader/api-tokens.toml").find("t") is not None


def test_api_settings_and_their_errors() -> None:
    s = parse_settings(MINIMAL, {})
    assert (s.api.listen, s.api.tokens_file) == ("127.0.0.1:8080", "")
    s = parse_settings({**MINIMAL, "api": {"listen": "[::1]:9000", "tokens_file": "/etc/t.toml"}}, {})
    assert (s.api.listen, s.api.tokens_file) == ("[::1]:9000", "/etc/t.toml")
    for api, key in (({"listen": "8080"}, "api.listen"), ({"listen": ""}, "api.listen"),
                     ({"tokens": "x"}, "api.tokens")):
        with pytest.raises(ConfigError) as caught:
            parse_settings({**MINIMAL, "api": api}, {})
        assert caught.value.key == key


def test_new_token_appends_a_hashed_entry_and_prints_the_token_once(tmp_path: Path) -> None:
    path = tmp_path / "api-tokens.toml"
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[imap]\nuser = "e@x"\n[smtp]\nfrom = "e@x"\n[api]\ntokens_file = "{path}"\n')
    runner = CliRunner()
    first = runner.invoke(cli, ["--config", str(cfg), "api", "new-token", "billing", "--scope", "export",
                                "--scope", "read"])
    assert first.exit_code == 0, first.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    second = runner.invoke(cli, ["--config", str(cfg), "api", "new-token", "sms", "--scope", "submit"])
    token1, token2 = first.stdout.strip(), second.stdout.strip()
    assert len(token1) >= 43 and token1 != token2 and token1 not in path.read_text()
    known = tokens.load(str(path))
    assert known.find(token1).scopes == {"export", "read"}  # type: ignore[union-attr]
    assert known.find(token2).name == "sms"  # type: ignore[union-attr]
    again = runner.invoke(cli, ["--config", str(cfg), "api", "new-token", "sms", "--scope", "read"])
    assert again.exit_code == 1 and "exists already" in again.stderr
    bad = runner.invoke(cli, ["--config", str(cfg), "api", "new-token", "a/b", "--scope", "read"])
    assert bad.exit_code == 2
    assert len(tokens.load(str(path))) == 2
