"""Brings the database schema up to date with Alembic migrations.

The SQLite default is upgraded automatically on start; PostgreSQL only by
`mailreader db upgrade`, run by ops (several instances must not race to migrate).
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData

from mailreader.errors import ConfigError


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
    cfg = Config()
    cfg.set_main_option("script_location", "mailreader.db:migrations")
    return cfg


def head() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = _config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def ensure_schema(engine: Engine) -> None:
    """Upgrade SQLite on first start; elsewhere refuse to run on an outdated schema."""
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
