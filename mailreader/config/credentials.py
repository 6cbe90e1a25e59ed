"""Reads a secret (a password) from the file the configuration names, only when it is used.

Under systemd the service cannot read root's 0600 files: the unit passes each one as a
credential (``LoadCredential=imap-password:/etc/mailreader/imap-password``), which systemd
copies to ``$CREDENTIALS_DIRECTORY``. A secret file is therefore looked up there first, by
its file name; an operator's shell (as root, without that variable) reads the named file
itself. Both read the same bytes, from one line of the configuration.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from mailreader.errors import ConfigError


def credential_path(path: str, env: Mapping[str, str] | None = None) -> Path:
    """Where to read the secret file `path` from: the systemd credential of the same name
    when the service manager passed one, else the file itself."""
    env = os.environ if env is None else env
    directory = env.get("CREDENTIALS_DIRECTORY")
    if directory:
        passed = Path(directory) / Path(path).name
        if passed.is_file():
            return passed
    return Path(path)


def read_secret(key: str, path: str, env: Mapping[str, str] | None = None) -> str:
    """The secret in `path` (one line; surrounding white space dropped); an unreadable file
    is a configuration error naming `key`, never a traceback."""
    found = credential_path(path, env)
    try:
        return found.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ConfigError(key, f"cannot read {found}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(key, f"{found} is not UTF-8 text") from None
