"""`[readings] backend`: builtin or http, and what http needs, each error naming its key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mailreader.cli import cli
from mailreader.cli import commands as _commands  # noqa: F401  (registers the commands)
from mailreader.config import RemoteReadingsSettings, parse_settings
from mailreader.errors import ConfigError


def _data(**readings: Any) -> dict[str, dict[str, Any]]:
    return {"imap": {"user": "energy@example.ru"}, "smtp": {"from": "E <energy@example.ru>"},
            "readings": readings}


@pytest.fixture
def token(tmp_path: Path) -> Path:
    path = tmp_path / "token"
    path.write_text("s3cret\n", encoding="utf-8")
    return path


def test_builtin_is_the_default_and_keeps_url_unused(token: Path) -> None:
    assert parse_settings(_data(), {}).remote_readings is None
    kept = parse_settings(_data(backend="builtin", url="https://r.example.ru", token_file="/nowhere"), {})
    assert kept.remote_readings is None  # switched back: the http keys stay in the file, unread


def test_http_with_a_url_and_a_readable_token(token: Path) -> None:
    s = parse_settings(_data(backend="http", url="https://readings.example.ru/", token_file=str(token),
                             timeout=3), {})
    assert s.remote_readings == RemoteReadingsSettings("https://readings.example.ru/", str(token), 3.0)


@pytest.mark.parametrize(("readings", "key", "words"), [
    ({"backend": "grpc"}, "readings.backend", "must be one of builtin, http"),
    ({"backend": "http", "token_file": "TOKEN"}, "readings.url", "is required"),
    ({"backend": "http", "url": "ftp://r.example.ru", "token_file": "TOKEN"}, "readings.url", "http://"),
    ({"backend": "http", "url": "https://", "token_file": "TOKEN"}, "readings.url", "http://"),
    ({"backend": "http", "url": "https://r.example.ru"}, "readings.token_file", "is required"),
    ({"backend": "http", "url": "https://r.example.ru", "token_file": "/no/such/token"},
     "readings.token_file", "cannot read"),
    ({"backend": "http", "url": "https://r.example.ru", "token_file": "EMPTY"}, "readings.token_file",
     "is empty"),
    ({"backend": "http", "url": "https://r.example.ru", "token_file": "TOKEN", "timeout": 0},
     "readings.timeout", "greater than 0"),
    ({"backend": "http", "url": "https://r.example.ru", "token_file": "TOKEN", "tokne": "x"},
     "readings.tokne", "unknown key"),
])
def test_each_mistake_names_its_key(tmp_path: Path, token: Path, readings: dict[str, Any], key: str,
                                    words: str) -> None:
    empty = tmp_path / "empty"
    empty.write_text("\n", encoding="utf-8")
    names = {"TOKEN": str(token), "EMPTY": str(empty)}
    readings = {k: names.get(v, v) if isinstance(v, str) else v for k, v in readings.items()}
    with pytest.raises(ConfigError) as got:
        parse_settings(_data(**readings), {})
    assert got.value.key == key and words in got.value.problem


def test_the_cli_says_it_in_one_line_and_exits_78(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[imap]\nuser = "e@x"\n[smtp]\nfrom = "e@x"\n[readings]\nbackend = "http"\n'
                   'url = "https://r.example.ru"\ntoken_file = "/no/such/token"\n')
    result = CliRunner().invoke(cli, ["--config", str(cfg), "check-config"])
    assert result.exit_code == 78
    assert result.output.strip().splitlines() == [
        "mailreader: config error: readings.token_file: cannot read /no/such/token: "
        "No such file or directory"]
