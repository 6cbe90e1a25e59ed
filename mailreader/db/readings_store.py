"""The SQLAlchemy implementation of `ReadingsStore`; the caller owns the transaction.

It never commits: the pipeline records readings and queues the reply in one unit of work.
Written in dialect-neutral SQLAlchemy so the same code serves SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session

from mailreader.db.readings_export import lock_for_record
from mailreader.db.readings_models import AccountRow, ReadingRow, StrangerAttemptRow
from mailreader.db.times import utc
from mailreader.readings.service import ZONES, Account, Reading

_ACCOUNTS = cast(Table, AccountRow.__table__)  # declarative tables are typed as FromClause
_READINGS = cast(Table, ReadingRow.__table__)
_STRANGERS = cast(Table, StrangerAttemptRow.__table__)

# Building a SQLAlchemy statement and its cache key costs more than SQLite takes to run
# it: the statements of every submission are built once, with bound parameters.
_A, _R = _ACCOUNTS.c, _READINGS.c
_ACCOUNT = select(_A.account, _A.zones, _A.digits, _A.last_t1, _A.last_t2, _A.last_t3, _A.last_date,
                  _A.surname, _A.emails).where(_A.account == bindparam("account"))
_IN_FORCE = select(_R.period, _R.zone, _R.value, _R.channel, _R.source, _R.recorded_at, _R.superseded_at,
                   _R.registered).where(_R.account == bindparam("account"), _R.superseded.is_(False))
# Both at once, for a submission: the rows in force of the period and of the latest
# period before it (one statement instead of two).
_AROUND = _IN_FORCE.where(or_(_R.period == bindparam("period"), _R.period == (
    select(func.max(_R.period))
    .where(_R.account == bindparam("account"), _R.period < bindparam("period"), _R.superseded.is_(False))
    .scalar_subquery()
))).order_by(_R.id)
_SUPERSEDE = (update(_READINGS)  # an UPDATE's parameters may not be named like its columns
              .where(_R.account == bindparam("b_account"), _R.period == bindparam("b_period"),
                     _R.superseded.is_(False))
              .values(superseded=True, superseded_at=bindparam("at")))
_RECORD = insert(_READINGS)
_S = _STRANGERS.c
_STRANGER_COUNT = select(func.count()).select_from(_STRANGERS).where(
    _S.account == bindparam("account"), _S.period == bindparam("period"))
_STRANGER_NOTE = insert(_STRANGERS)

# Bound parameters per IN list: below SQLite's and PostgreSQL's limits with room to spare.
_IN_CHUNK = 1000


class SqlReadingsStore:
    """Over a Session (the CLI) or a bare Connection (the pipeline's per-mail unit)."""

    def __init__(self, session: Session | Connection) -> None:
        self._s = session

    def account(self, account: str) -> Account | None:
        row = self._s.execute(_ACCOUNT, {"account": account}).first()
        if row is None:
            return None
        last = tuple(
            (z, v) for z, v in zip(ZONES, (row.last_t1, row.last_t2, row.last_t3), strict=True)
            if v is not None
        )
        emails = frozenset(e for e in (row.emails or "").split(";") if e)
        return Account(row.account, row.zones, row.digits, last, row.last_date, row.surname, emails)

    def in_force(self, account: str, period: str) -> tuple[Reading | None, Reading | None]:
        rows = self._s.execute(_AROUND, {"account": account, "period": period}).all()
        return (_reading([r for r in rows if r.period != period]),
                _reading([r for r in rows if r.period == period]))

    def record(self, account: str, reading: Reading) -> None:
        # SQLite drops the offset of an aware datetime: store UTC so both dialects agree.
        at = reading.recorded_at.astimezone(UTC)
        period = reading.period
        # Ids in commit order, so that an export's cursor never passes a row still to commit;
        # taken before any row is touched, so that it cannot deadlock with a row lock.
        lock_for_record(self._s)
        self._s.execute(_SUPERSEDE, {"b_account": account, "b_period": period, "at": at})
        submission = uuid.uuid4().hex
        self._s.execute(_RECORD, [
            {"submission": submission, "account": account, "period": period, "zone": zone,
             "value": value, "channel": reading.channel, "source": reading.source, "recorded_at": at,
             "superseded": False, "registered": reading.registered}
            for zone, value in reading.values
        ])

    def stranger_attempts(self, account: str, period: str) -> int:
        return int(self._s.execute(_STRANGER_COUNT, {"account": account, "period": period}).scalar_one())

    def note_stranger(self, account: str, period: str, *, status: str, source: str, at: datetime) -> None:
        self._s.execute(_STRANGER_NOTE, {"account": account, "period": period, "status": status,
                                         "source": source, "at": at.astimezone(UTC)})

    def history(self, account: str, limit: int) -> list[Reading]:
        newest = (
            select(_R.submission, func.max(_R.id).label("last_id"))
            .where(_R.account == account)
            .group_by(_R.submission)
            .order_by(func.max(_R.id).desc())
            .limit(limit)
        ).subquery()
        # Core rows, not ReadingRow objects: the same statement serves a Session and a
        # bare Connection.
        rows = self._s.execute(
            select(_R.submission, _R.period, _R.zone, _R.value, _R.channel, _R.source, _R.recorded_at,
                   _R.superseded_at, _R.registered)
            .select_from(_READINGS.join(newest, newest.c.submission == _R.submission))
            .order_by(newest.c.last_id.desc(), _R.id)
        ).all()
        grouped: dict[str, list[Any]] = {}
        for row in rows:
            grouped.setdefault(row.submission, []).append(row)
        return [r for g in grouped.values() if (r := _reading(g)) is not None]

    def upsert_accounts(
        self, accounts: Sequence[Account], columns: frozenset[str], at: datetime
    ) -> tuple[int, int]:
        """Insert new accounts and update existing ones, a batch at a time.

        Two executemany statements per batch (bulk INSERT, bulk UPDATE by primary key)
        instead of one ORM object per row, and no dialect-specific upsert: the import is a
        single writer, so reading which keys exist first is safe and portable.
        """
        at = at.astimezone(UTC)
        keys = [a.account for a in accounts]
        existing: set[str] = set()
        for i in range(0, len(keys), _IN_CHUNK):
            chunk = keys[i : i + _IN_CHUNK]
            existing.update(self._s.scalars(select(AccountRow.account).where(AccountRow.account.in_(chunk))))
        fresh = [_account_row(a, at) for a in accounts if a.account not in existing]
        known = [_account_row(a, at, columns) for a in accounts if a.account in existing]
        table = _ACCOUNTS
        if fresh:
            # Core, not ORM bulk: the ORM splits a batch whose rows have NULLs in different
            # columns into one INSERT per row; Core sends one executemany.
            self._s.execute(insert(table), fresh)
        if known:
            names = [k for k in known[0] if k != "account"]
            stmt = (update(table).where(table.c.account == bindparam("key"))
                    .values({n: bindparam(n) for n in names}))
            self._s.execute(stmt, [{**row, "key": row["account"]} for row in known])
        return len(fresh), len(known)


def _reading(rows: Sequence[Any]) -> Reading | None:
    """One submission from its rows, in id order."""
    if not rows:
        return None
    first = rows[0]
    order = {z: i for i, z in enumerate(ZONES)}
    values = tuple(sorted(((r.zone, r.value) for r in rows), key=lambda zv: order[zv[0]]))
    return Reading(first.period, values, first.channel, first.source, utc(first.recorded_at),
                   utc(first.superseded_at),
                   registered=bool(first.registered))


#: Which table columns each import column fills.
_COLUMNS = {
    "zones": ("zones",),
    "t1": ("last_t1",),
    "t2": ("last_t2",),
    "t3": ("last_t3",),
    "reading_date": ("last_date",),
    "digits": ("digits",),
    "surname": ("surname",),
    "email": ("emails",),
}


def _account_row(a: Account, at: datetime, columns: frozenset[str] | None = None) -> dict[str, Any]:
    last = dict(a.last)
    full: dict[str, Any] = {
        "account": a.account,
        "zones": a.zones,
        "last_t1": last.get("t1"),
        "last_t2": last.get("t2"),
        "last_t3": last.get("t3"),
        "last_date": a.last_date,
        "digits": a.digits,
        "surname": a.surname,
        "emails": ";".join(sorted(a.emails)) or None,
        "imported_at": at,
    }
    if columns is None:
        return full
    # Re-import: a column the file does not carry keeps what an earlier import stored.
    keep = {"account", "imported_at"} | {c for col in columns for c in _COLUMNS.get(col, ())}
    return {k: v for k, v in full.items() if k in keep}
