"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from mailreader.db.engine import make_engine
from mailreader.db.schema import current, ensure_schema, head, target_metadata, upgrade
from mailreader.errors import ConfigError


def test_upgrade_matches_models(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert current(engine) is None
        upgrade(engine)
        assert current(engine) == head()
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), target_metadata())
        assert diff == []
        upgrade(engine)  # idempotent
    finally:
        engine.dispose()


def test_sqlite_upgrades_itself_postgresql_waits_for_ops(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        if engine.dialect.name == "sqlite":
            ensure_schema(engine)
            assert current(engine) == head()
        else:
            try:
                ensure_schema(engine)
            except ConfigError as exc:
                assert "mailreader db upgrade" in str(exc)
            else:
                raise AssertionError("PostgreSQL must not be migrated implicitly")
    finally:
        engine.dispose()
