"""Opening the configured database: reachable and at this version's schema, or one line
saying why not (a configuration error, exit 78, or retry later, 75). Used by every command
and by the daemon's start; SQLite files are created and migrated only for those that write."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from mailreader.db import translated
from mailreader.db.engine import engine_for, sqlite_file
from mailreader.db.schema import current, ensure_schema, head
from mailreader.errors import ConfigError, DatabaseUnavailable

if TYPE_CHECKING:
    from mailreader.config import Settings

#: "create": the daemon and the commands that write (the SQLite file is made and migrated);
#: "existing": the commands that only read, which never create a database.
Mode = Literal["create", "existing"]


def open_database(settings: Settings, *, migrate: bool = True, mode: Mode = "create") -> Engine:
    """The database, reachable and at this version's schema, as one line on failure: a missing
    SQLite file for a read-only command or a wrong URL (config, 78), an unreachable server
    (retry later, 75)."""
    path = sqlite_file(settings.database_url)
    if mode == "existing" and path is not None and not path.exists():
        raise ConfigError("daemon.state_dir", f"no database at {path}: the daemon has not run yet, or this "
                          "is not the state directory the service uses")
    engine = engine_for(settings, create=mode == "create")
    with opening(engine):
        if mode == "existing" and current(engine) != head():
            raise ConfigError("database.url", f"schema at revision {current(engine) or 'none'}, this "
                              f"version needs {head()}: run `mailreader db upgrade`")
        if migrate and mode == "create":
            ensure_schema(engine)
    return engine


@contextmanager
def opening(engine: Engine) -> Iterator[None]:
    """The first statements on a database, failures as one line: a SQLite file that cannot be
    opened and a server that refuses are configuration errors (78), a server that does not
    answer retry later (75). The engine is disposed of on failure."""
    path = sqlite_file(engine.url)
    try:
        with translated():
            yield
    except (DBAPIError, DatabaseUnavailable) as exc:
        engine.dispose()
        text = " ".join(str(exc.orig if isinstance(exc, DBAPIError) else exc).split())
        if path is not None:  # a file that cannot be opened will not open later either
            raise ConfigError("daemon.state_dir", f"cannot open {path}: {text}") from None
        if isinstance(exc, DBAPIError):  # the server answered, and refused (permissions, say)
            raise ConfigError("database.url", text) from None
        raise
    except BaseException:
        engine.dispose()
        raise


def check_database(settings: Settings) -> str:
    """Reach the configured database without creating or changing anything; what was found.
    A SQLite file not there yet is fine when its directory could be made and written."""
    path = sqlite_file(settings.database_url)
    if path is not None and not path.exists():
        _check_creatable(path.parent)
        return f"sqlite {path} (created and migrated at the first start)"
    engine = engine_for(settings, create=False)
    with opening(engine):
        at = current(engine)
    engine.dispose()
    where = str(path) if path is not None else engine.url.render_as_string(hide_password=True)
    state = "schema up to date" if at == head() else f"schema at {at or 'none'}, needs {head()}: " + (
        "migrated at the next start" if path is not None else "run `mailreader db upgrade`")
    return f"{engine.dialect.name} {where} reachable, {state}"


def _check_creatable(directory: Path) -> None:
    existing = directory
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise ConfigError("daemon.state_dir", f"cannot create {directory}: {existing} is not a directory")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ConfigError("daemon.state_dir", f"cannot create {directory}: {existing} is not writable")
