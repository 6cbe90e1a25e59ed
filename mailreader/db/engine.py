"""Creates the SQLAlchemy engine and session factory; SQLite gets WAL and a busy timeout.

A URL the project cannot use (not SQLite or PostgreSQL, a driver not installed) and a state
directory that cannot be made are configuration errors naming the key, never a traceback.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from mailreader.errors import ConfigError

if TYPE_CHECKING:
    from mailreader.config import Settings

BACKENDS = ("sqlite", "postgresql")


def parse_url(url: str, password: str = "") -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError("database.url", f"not a database URL: {url.split('@')[-1]!r}") from None
    if parsed.get_backend_name() not in BACKENDS:
        raise ConfigError("database.url", f"unsupported database {parsed.get_backend_name()!r}: "
                          "use sqlite:///PATH or postgresql+psycopg://USER@HOST/DB")
    return parsed.set(password=password) if password else parsed


def sqlite_file(url: str | URL) -> Path | None:
    """The SQLite database file the URL names (None: not SQLite, or in memory)."""
    parsed = parse_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def make_engine(url: str, password: str = "", *, create: bool = True) -> Engine:
    """An engine for `url` (with `password`, from [database] password_file or the environment).
    `create`: a SQLite file's directory is made when missing (False: nothing is created here).
    hide_parameters: a statement's parameters are a mail's bytes, its sender and subject; an
    error's text (logged, stored as the message's error) must not carry them."""
    parsed = parse_url(url, password)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_file(parsed)
        if path is not None and create:
            _make_dir(path.parent)
        engine = create_engine(parsed, connect_args={"timeout": 30}, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        engine = create_engine(parsed, hide_parameters=True)
    except (NoSuchModuleError, ImportError) as exc:
        raise ConfigError("database.url", f"the driver is not installed ({exc}): use "
                          "postgresql+psycopg://") from None
    event.listen(engine, "checkin", _checked_in)
    event.listen(engine, "checkout", _ping_if_idle)
    return engine


def engine_for(settings: Settings, *, create: bool = True) -> Engine:
    """An engine for the configured database, with its password ([database] password_file or
    $MAILREADER_DATABASE_PASSWORD), which every command needs."""
    db = settings.database_settings
    return make_engine(db.url, db.secret(), create=create)


def _make_dir(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError("daemon.state_dir", f"cannot create {directory}: {exc.strerror}") from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise ConfigError("daemon.state_dir", f"{directory} is not writable by this user")


#: A pooled connection idle longer than this is pinged before use (a restarted server has
#: closed it); one in use more recently proved itself alive by its last statements.
PING_IDLE = 5.0


def _checked_in(_dbapi_conn: Any, record: Any) -> None:
    record.info["checked_in"] = time.monotonic()


def _ping_if_idle(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
    """`pool_pre_ping`, but only after PING_IDLE seconds unused: pinging every checkout cost a
    round trip per transaction (the poller's and the courier's one or two per mail). A
    connection that died within those seconds fails its first statement, which is a
    disconnect: SQLAlchemy drops the pool's connections and the step is retried as any
    database outage is (retry later)."""
    last = record.info.get("checked_in")
    if last is None or time.monotonic() - last <= PING_IDLE:
        return
    try:
        cursor = dbapi_conn.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        dbapi_conn.rollback()
    except Exception as exc:  # the pool drops this connection and checks out another
        raise DisconnectionError("a pooled connection is gone") from exc


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets the CLI read while the daemon writes; NORMAL is durable in WAL mode
    # except for the last transactions on power loss, which the IMAP side replays.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
