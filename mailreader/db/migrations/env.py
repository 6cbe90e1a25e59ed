"""Alembic environment: runs migrations on the connection mailreader hands it."""

from __future__ import annotations

from alembic import context

from mailreader.db.schema import target_metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only through mailreader.db.schema
    raise RuntimeError("run migrations through `mailreader db upgrade`")
context.configure(
    connection=connection,
    target_metadata=target_metadata(),
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
