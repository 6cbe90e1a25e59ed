"""OAuth2 tokens: from a file (re-read), from a command (cached until shortly before expiry)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from mailreader.config import parse_settings
from mailreader.errors import ConfigError, RetryLater
from mailreader.mail.oauth import OAuthSettings, TokenSource, token_for


def _counting_command(tmp_path: Path, output: str) -> str:
    """A token command that counts its runs in tmp_path/n and prints `output` (a Python
    expression in which n is the run's number)."""
    script = tmp_path / "tok.py"
    script.write_text(
        "import json, pathlib\n"
        f"p = pathlib.Path({str(tmp_path / 'n')!r})\n"
        "n = int(p.read_text()) + 1 if p.exists() else 1\n"
        "p.write_text(str(n))\n"
        f"print({output})\n"
    )
    return f"{sys.executable} {script}"


def test_command_token_cached_until_near_expiry(tmp_path: Path) -> None:
    command = _counting_command(tmp_path, "json.dumps({'access_token': f'tok{n}', 'expires_in': 120})")
    now = [1000.0]
    src = TokenSource(OAuthSettings("XOAUTH2", token_command=command), "imap", clock=lambda: now[0])
    assert src.token() == "tok1"
    now[0] += 30
    assert src.token() == "tok1"  # cached
    now[0] += 40  # 70 s in: within a minute of expiry, so refreshed
    assert src.token() == "tok2"


def test_one_source_per_configuration_across_logins(tmp_path: Path) -> None:
    settings = OAuthSettings("XOAUTH2", token_command=_counting_command(tmp_path, "f'tok{n}'"))
    # Every connection asks anew (one login each); the command runs once for the key.
    assert [token_for(settings, "imap") for _ in range(3)] == ["tok1"] * 3
    assert token_for(settings, "smtp") == "tok2"  # the SMTP side has a source of its own
    assert (tmp_path / "n").read_text() == "2"


def test_file_token_is_reread(tmp_path: Path) -> None:
    f = tmp_path / "token"
    f.write_text("a\n")
    src = TokenSource(OAuthSettings("OAUTHBEARER", token_file=str(f)), "smtp")
    assert src.token() == "a"
    f.write_text("b")
    assert src.token() == "b"


def test_failing_command_is_retry_later() -> None:
    src = TokenSource(OAuthSettings("XOAUTH2", token_command="/bin/false"), "imap")
    with pytest.raises(RetryLater):
        src.token()


def test_config_needs_exactly_one_token_source() -> None:
    base = {"smtp": {"from": "e@x"}}
    with pytest.raises(ConfigError) as err:
        parse_settings({**base, "imap": {"user": "e@x", "auth": "xoauth2"}}, {})
    assert err.value.key == "imap.auth"
    s = parse_settings({**base, "imap": {"user": "e@x", "auth": "xoauth2", "oauth2_token_command": "x"}}, {})
    assert s.imap.oauth == OAuthSettings("XOAUTH2", "", "x")
