"""The Alembic migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from mailreader.db.engine import make_engine
from mailreader.db.schema import current, ensure_schema, head, head_of_files, target_metadata, upgrade
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


def test_0007_moves_a_duplicates_original_out_of_reason_and_back(db_url: str) -> None:
    """A duplicate stored before 0007 said "duplicate of N" in `reason`: after the upgrade it
    names N in `duplicate_of`, its reason is empty, other rows are as they were; a downgrade
    gives the old form back."""
    from alembic import command
    from alembic.script import ScriptDirectory
    from sqlalchemy import text

    from mailreader.db import schema

    cfg = schema._config()
    before = ScriptDirectory.from_config(cfg).get_revision("0007").down_revision
    assert isinstance(before, str)
    engine = make_engine(db_url)
    insert = text(
        "INSERT INTO messages (mailbox, uidvalidity, uid, content_hash, size, raw, state, action, reason,"
        " attempts, server_state, received_at) VALUES ('INBOX', 1, :uid, 'h', 1, :raw, :state, 'record',"
        " :reason, 1, 'moved', CURRENT_TIMESTAMP)")
    rows = [(1, "processed", "no_readings"), (2, "duplicate", "duplicate of 1"),
            (3, "failed", "too_large"), (4, "duplicate", "duplicate of 12345")]
    read = text("SELECT uid, state, reason, duplicate_of FROM messages ORDER BY uid")
    try:
        upgrade(engine, before)
        with engine.begin() as conn:
            for uid, state, reason in rows:
                conn.execute(insert, {"uid": uid, "raw": b"x", "state": state, "reason": reason})
        upgrade(engine)
        with engine.connect() as conn:
            assert [tuple(r) for r in conn.execute(read)] == [
                (1, "processed", "no_readings", None), (2, "duplicate", None, 1),
                (3, "failed", "too_large", None), (4, "duplicate", None, 12345)]
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, before)
        with engine.connect() as conn:
            back = conn.execute(text("SELECT uid, state, reason FROM messages ORDER BY uid"))
            assert [tuple(r) for r in back] == rows
    finally:
        engine.dispose()


def test_the_head_read_from_the_files_is_alembics() -> None:
    assert head_of_files() == head() is not None


def test_an_up_to_date_schema_is_checked_without_loading_alembic(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    # In a process of its own: this one has Alembic loaded already.
    check = ("import sys\nfrom mailreader.db.engine import make_engine\nfrom mailreader.db.schema import "
             f"ensure_schema\nensure_schema(make_engine({db_url!r}))\nprint('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"]
