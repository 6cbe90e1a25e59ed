"""Streams submissions out of the readings table for billing, in commit order, with a cursor.

The cursor is the `readings.id` of the last row a pull handed out, and a pull returns the
rows with a greater id, in id order. That is sound only because every database we run on
makes the rows a reader can see a *prefix* of id order: a row with a smaller id never
becomes visible after one with a greater id.

- SQLite has one writer at a time: a transaction takes the write lock at its first write
  and keeps it until it commits, so rowids are handed out in commit order. (Rows are never
  deleted from the end of the table, so SQLite never reuses a rowid.)
- PostgreSQL hands out sequence values when a row is inserted, not when it commits: two
  instances recording at once can commit ids 8 and 7 in that order, and a pull made
  between the two commits would move the cursor past 7 before 7 is visible. So every
  recording transaction takes one transaction-scoped advisory lock (`RECORD_LOCK`) before
  it touches a reading and holds it until it commits or rolls back (`lock_for_record`,
  called by `SqlReadingsStore.record`, the only writer of readings): from there to the
  commit, recording transactions run one after the other, ids are taken in commit order,
  and PostgreSQL makes a commit visible before it releases the lock. The lock is held only
  for the end of a mail's unit of work (the reply is queued, the message row updated); it
  is taken before any reading row is locked, so it cannot deadlock with them. Advisory
  locks belong to the database, so deployments sharing one (in different schemas) share
  the lock too: they record one after the other, which is slower, never wrong.

A consumer of `--since` pulls gets every submission committed after the cursor, including
ones that a later row of the same pull or a later pull supersedes, and applies them in the
order given: the last one for an account and period is the one in force. The `status`
column says whether a submission was the period's first (`recorded`) or replaced an
earlier one (`updated`); it never changes, so a pull is the same whenever it is read.

A submission's rows (one per register) are inserted by one statement of one transaction
under the lock, so their ids are consecutive and a pull sees all of them or none.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, case, exists, false, func, literal, select, text
from sqlalchemy.orm import Session

from mailreader.db.readings_models import ReadingRow
from mailreader.db.times import utc
from mailreader.readings.service import ZONES

#: The advisory lock key of recording transactions on PostgreSQL ("mailread" in ASCII).
RECORD_LOCK = 0x6D61696C72656164
#: Rows fetched per round trip: the exporter holds at most this many in memory.
BATCH = 2000

_READINGS = cast(Table, ReadingRow.__table__)
_R = _READINGS.c
_P = _READINGS.alias("earlier")
# Did an earlier submission for the same account and period exist? Asked on the t1 row
# only (every submission has t1): one index probe per submission, not per register.
_UPDATED = case(
    (_R.zone == "t1", exists().where(_P.c.account == _R.account, _P.c.period == _R.period,
                                     _P.c.id < _R.id, _P.c.submission != _R.submission)),
    else_=literal(False),
)
_COLUMNS = (_R.id, _R.submission, _R.account, _R.period, _R.zone, _R.value, _R.recorded_at,
            _R.channel, _R.source, _UPDATED.label("updated"))
_ORDER = {z: i for i, z in enumerate(ZONES)}
_HIGH = select(func.max(_R.id)).scalar_subquery()


def lock_for_record(s: Session | Connection) -> None:
    """Serialise recording transactions until they end (PostgreSQL; SQLite already does)."""
    dialect = s.dialect.name if isinstance(s, Connection) else s.get_bind().dialect.name
    if dialect == "postgresql":
        s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": RECORD_LOCK})


@dataclass(frozen=True)
class Submission:
    """One exported submission: every register sent together, and where the cursor stands after it."""

    account: str
    period: str
    values: tuple[tuple[str, int], ...]
    received_at: datetime
    channel: str
    source: str
    status: str  # recorded | updated
    position: int  # the cursor after this submission


class Export:
    """One export: iterate it for the submissions; `cursor` is valid once it is exhausted."""

    def __init__(self, engine: Engine, *, period: str | None = None, since: int | None = None) -> None:
        if (period is None) == (since is None):
            raise ValueError("export either a period or since a cursor")
        self._engine, self._period, self._since = engine, period, since
        self.cursor = since if since is not None else 0

    def count(self) -> int:
        """How many submissions the export will give, about (for a progress bar only)."""
        stmt = select(func.count()).select_from(_READINGS).where(_R.zone == "t1", *self._where())
        with self._engine.connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    def __iter__(self) -> Iterator[Submission]:
        with self._engine.connect() as conn:
            if self._period is not None:
                # Empty period: the cursor is the end of the table as it was before the
                # export looked (no row of the period was visible, none is exported twice).
                self.cursor = int(conn.execute(select(func.max(_R.id))).scalar() or 0)
            stmt = select(*_COLUMNS, _HIGH.label("high")).where(*self._where()).order_by(_R.id)
            # One statement, so one snapshot: the rows and the table's end (`high`) agree.
            result = conn.execution_options(yield_per=BATCH).execute(stmt)
            yield from self._grouped(result)

    def _where(self) -> tuple[Any, ...]:
        if self._period is not None:
            return (_R.period == self._period, _R.superseded == false())
        return (_R.id > self._since,)

    def _grouped(self, result: Any) -> Iterator[Submission]:
        """Consecutive rows of one submission become one; plain tuples, as this runs per row."""
        head: Any = None  # the first row of the submission being gathered
        values: list[tuple[str, int]] = []
        updated, last, high = False, 0, None
        for batch in result.partitions():
            for row in batch:
                rid, submission, _, _, zone, value, _, _, _, is_update, high = row
                if head is not None and submission != head[1]:
                    yield self._submission(head, values, updated, last)
                    head, values, updated = None, [], False
                if head is None:
                    head = row
                values.append((zone, value))
                updated, last = updated or bool(is_update), rid
        if head is not None:
            yield self._submission(head, values, updated, last)
        if self._period is not None and high is not None:
            self.cursor = int(high)

    def _submission(self, head: Any, values: list[tuple[str, int]], updated: bool, last: int) -> Submission:
        if self._since is not None:
            self.cursor = last
        _, _, account, period, _, _, at, channel, source, _, _ = head
        if len(values) > 1:
            values.sort(key=lambda zv: _ORDER[zv[0]])
        return Submission(account, period, tuple(values),
                          utc(at),
                          channel, source, "updated" if updated else "recorded", last)
