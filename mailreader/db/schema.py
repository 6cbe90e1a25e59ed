"""Brings the database schema up to date with Alembic migrations.

The SQLite default is upgraded automatically on start; PostgreSQL only by
`mailreader db upgrade`, run by ops (several instances must not race to migrate).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, MetaData, text
from sqlalchemy.exc import DBAPIError

from mailreader.errors import ConfigError

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported only to migrate or to report: the daemon, finding its schema up to
# date, never loads it (with Mako and the rest it is 8.5 MB of the poller's memory for good).
VERSIONS = Path(__file__).with_name("migrations") / "versions"
_REVISION = re.compile(r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:["']([^"']+)["']|None)""", re.M)


def target_metadata() -> MetaData:
    from mailreader.db import (  # noqa: F401  (registers the tables)
        idempotency,
        models,
        readings_models,
        submission_models,
    )
    from mailreader.db.base import Base

    return Base.metadata


def _config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "mailreader.db:migrations")
    return cfg


def head() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_of_files() -> str | None:
    """The head revision read from the migration files themselves (each names its revision
    and the one it revises), without Alembic; None unless there is exactly one."""
    revised: set[str] = set()
    revisions: set[str] = set()
    for path in VERSIONS.glob("*.py"):
        for key, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            if value:
                (revisions if key == "revision" else revised).add(value)
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 else None


def _recorded(engine: Engine) -> str | None:
    """The revision the database records, read without Alembic; None when it records none
    (or cannot say: Alembic is then asked)."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:
        return None
    return str(rows[0][0]) if len(rows) == 1 else None


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def ensure_schema(engine: Engine) -> None:
    """Upgrade SQLite on first start; elsewhere refuse to run on an outdated schema."""
    at = _recorded(engine)
    if at is not None and at == head_of_files():
        return  # up to date: Alembic is not needed
    if current(engine) == head():
        return
    if engine.dialect.name == "sqlite":
        upgrade(engine)
        return
    raise ConfigError(
        "database.url",
        f"schema is at revision {current(engine) or 'none'}, this version needs {head()}: "
        "run `mailreader db upgrade`",
    )
