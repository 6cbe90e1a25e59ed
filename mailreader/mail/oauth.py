"""OAuth2 access tokens for XOAUTH2 / OAUTHBEARER (RFC 7628) logins, from a file or a command.

A command may print the bare token or JSON ``{"access_token": …, "expires_in": …}``;
the token is kept until shortly before it expires, then fetched again.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mailreader.errors import ConfigError, RetryLater

#: Fetch a new token this long before the old one expires.
MARGIN = 60.0
#: Without an expiry, a token from a command is reused this long.
DEFAULT_LIFETIME = 300.0


@dataclass(frozen=True)
class OAuthSettings:
    mechanism: str  # XOAUTH2 | OAUTHBEARER
    token_file: str = ""
    token_command: str = ""


class TokenSource:
    def __init__(self, settings: OAuthSettings, key: str,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._s, self._key, self._clock = settings, key, clock
        self._token = ""
        self._expires = 0.0

    def token(self) -> str:
        if self._s.token_file:
            # Re-read every time: whoever refreshes the file (a sidecar) owns the expiry.
            try:
                return Path(self._s.token_file).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(f"{self._key}.oauth2_token_file", f"cannot read: {exc.strerror}") from None
        if self._token and self._clock() < self._expires - MARGIN:
            return self._token
        out = self._run()
        lifetime = DEFAULT_LIFETIME
        if out.startswith("{"):
            try:
                data = json.loads(out)
                out, lifetime = str(data["access_token"]), float(data.get("expires_in", DEFAULT_LIFETIME))
            except (ValueError, KeyError, TypeError):
                raise ConfigError(f"{self._key}.oauth2_token_command",
                                  "printed JSON without a usable access_token and expires_in") from None
        self._token, self._expires = out, self._clock() + lifetime
        return out


    def _run(self) -> str:
        # Errors name the key only: the command line and its output may hold secrets (a client
        # secret, a refresh token), and error texts reach the log, the database and `status`.
        key = f"{self._key}.oauth2_token_command"
        try:
            argv = shlex.split(self._s.token_command)
        except ValueError:
            raise ConfigError(key, "cannot be split into words (unbalanced quotes)") from None
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
        except subprocess.TimeoutExpired:
            raise RetryLater(f"{key} failed: no answer within 30 s") from None
        except OSError as exc:
            raise ConfigError(key, f"cannot be run: {exc.strerror}") from None
        if done.returncode != 0:
            raise RetryLater(f"{key} failed: exit status {done.returncode}") from None
        return done.stdout.strip()


_SOURCES: dict[tuple[OAuthSettings, str], TokenSource] = {}


def token_for(settings: OAuthSettings, key: str) -> str:
    """The token to log in with now: one source per configuration, so that a token from a
    command is reused across connections until shortly before it expires."""
    source = _SOURCES.get((settings, key))
    if source is None:
        source = _SOURCES[(settings, key)] = TokenSource(settings, key)
    return source.token()
