"""Bearer tokens and their scopes, from the file `[api] tokens_file` names.

The file keeps only each token's SHA-256, never the token: a copy of the file (a backup, a
credential directory) lets no one in. Tokens are 256 random bits, so a plain hash is as good
as a slow one. A presented token is hashed and compared with every stored hash in constant
time (`hmac.compare_digest`), none skipped, so timing tells nothing about which is near.

    [[token]]
    name = "billing"          # names the client: logs, and the scope of its idempotency keys
    scopes = ["read", "export"]
    sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mailreader.config.credentials import credential_path
from mailreader.errors import ConfigError

SCOPES = ("submit", "read", "export")
KEY = "api.tokens_file"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_HEX = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Token:
    name: str
    scopes: frozenset[str]
    sha256: str


class Tokens:
    def __init__(self, tokens: list[Token]) -> None:
        self._tokens = tokens

    def __len__(self) -> int:
        return len(self._tokens)

    def all(self) -> list[Token]:
        return list(self._tokens)

    def find(self, presented: str) -> Token | None:
        digest = hash_token(presented)
        found = None
        for token in self._tokens:  # every one compared, whatever matched
            if hmac.compare_digest(digest, token.sha256):
                found = token
        return found


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def stanza(name: str, scopes: list[str], token: str) -> str:
    quoted = ", ".join(f'"{s}"' for s in scopes)
    return f'\n[[token]]\nname = "{name}"\nscopes = [{quoted}]\nsha256 = "{hash_token(token)}"\n'


def check_name(name: str) -> str | None:
    return None if _NAME.fullmatch(name) else "must be 1-64 letters, digits, '_', '.' or '-'"


def load(path: str) -> Tokens:
    """The tokens in `path` (systemd's credential of the same name first); every problem a
    ConfigError naming the key, the file and the entry."""
    if not path:
        raise ConfigError(KEY, "is required by `mailreader serve` (`mailreader api new-token` makes one)")
    found = credential_path(path)
    try:
        data = tomllib.loads(found.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(KEY, f"cannot read {found}: {exc.strerror}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(KEY, f"{found}: not valid TOML: {exc}") from None
    return Tokens(parse(data, found))


def parse(data: dict[str, Any], where: Path) -> list[Token]:
    extra = sorted(set(data) - {"token"})
    if extra:
        raise ConfigError(KEY, f"{where}: unknown key {extra[0]!r} (tokens are [[token]] tables)")
    entries = data.get("token", [])
    if not isinstance(entries, list):
        raise ConfigError(KEY, f"{where}: token must be an array of tables ([[token]])")
    tokens: list[Token] = []
    for number, entry in enumerate(entries, 1):
        tokens.append(_token(entry, f"{where}: token {number}"))
    names = [t.name for t in tokens]
    for t in tokens:
        if names.count(t.name) > 1:
            raise ConfigError(KEY, f"{where}: the name {t.name!r} is given twice")
    hashes = [t.sha256 for t in tokens]
    if len(set(hashes)) != len(hashes):
        raise ConfigError(KEY, f"{where}: one token is given twice")
    return tokens


def _token(entry: Any, where: str) -> Token:
    if not isinstance(entry, dict):
        raise ConfigError(KEY, f"{where}: must be a table")
    extra = sorted(set(entry) - {"name", "scopes", "sha256"})
    if extra:
        raise ConfigError(KEY, f"{where}: unknown key {extra[0]!r}")
    name, scopes, digest = entry.get("name"), entry.get("scopes"), entry.get("sha256")
    if not isinstance(name, str) or check_name(name):
        raise ConfigError(KEY, f"{where}: name {check_name('')}, got {name!r}")
    if (not isinstance(scopes, list) or not scopes
            or not all(isinstance(s, str) and s in SCOPES for s in scopes)):
        raise ConfigError(KEY, f"{where} ({name}): scopes must be a non-empty list of "
                          f"{', '.join(SCOPES)}, got {scopes!r}")
    if not isinstance(digest, str) or not _HEX.fullmatch(digest):
        raise ConfigError(KEY, f"{where} ({name}): sha256 must be 64 lower-case hex digits "
                          "(the token's SHA-256, as `mailreader api new-token` writes it)")
    return Token(name, frozenset(scopes), digest)
