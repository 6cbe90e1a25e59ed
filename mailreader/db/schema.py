"""Brings the database schema up to date."""

from __future__ import annotations

from sqlalchemy import Engine

from mailreader.db import models  # noqa: F401  (registers the tables)
from mailreader.db.base import Base


def ensure_schema(engine: Engine) -> None:
    Base.metadata.create_all(engine)
