"""`mailreader serve` with a wrong configuration: one line naming the key, exit 78, before it
listens (so systemd does not restart it: RestartPreventExitStatus=78)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.apiserver import cli, free_port, write_config


def _serve(cfg: Path) -> tuple[int, str]:
    done = cli(cfg, "serve", timeout=60)
    return done.returncode, done.stderr.decode()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'mailreader.sqlite3'}"


def test_no_tokens_file_named(tmp_path: Path, sqlite_url: str) -> None:
    code, err = _serve(write_config(tmp_path, sqlite_url, free_port(), api={"tokens_file": ""}))
    assert code == 78 and err.strip().splitlines() == [
        "mailreader: config error: api.tokens_file: is required by `mailreader serve` "
        "(`mailreader api new-token` makes one)"]


def test_a_broken_tokens_file(tmp_path: Path, sqlite_url: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[token]]\nname = 'x'\nscopes = ['everything']\nsha256 = '" + "0" * 64 + "'\n")
    code, err = _serve(write_config(tmp_path, sqlite_url, free_port(), api={"tokens_file": str(bad)}))
    assert code == 78 and len(err.strip().splitlines()) == 1
    assert err.startswith("mailreader: config error: api.tokens_file:") and "scopes" in err


def test_a_port_in_use(tmp_path: Path, sqlite_url: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code, err = _serve(write_config(tmp_path, sqlite_url, port))
    assert code == 78 and err.strip().splitlines() == [
        f"mailreader: config error: api.listen: cannot listen on 127.0.0.1:{port}: Address already in use"]


def test_an_unknown_key_in_the_api_section(tmp_path: Path, sqlite_url: str) -> None:
    code, err = _serve(write_config(tmp_path, sqlite_url, free_port(), api={"port": 8080}))
    assert code == 78 and err.strip() == "mailreader: config error: api.port: unknown key"


def test_postgresql_not_migrated(tmp_path: Path, pg_url: str) -> None:
    # No `mailreader db upgrade` yet: serve refuses rather than migrate PostgreSQL itself.
    code, err = _serve(write_config(tmp_path, pg_url, free_port()))
    assert code == 78 and "mailreader db upgrade" in err and len(err.strip().splitlines()) == 1
