"""Tables of the readings service: the account registry (from billing) and reading history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from mailreader.db.base import Base


class AccountRow(Base):
    """One personal account (лицевой счёт) as billing exported it.

    `last_t1..last_t3` + `last_date` are billing's last reading: the baseline a
    resident's first submission is compared with. `emails` holds the addresses registered
    in the resident's personal account, lower-cased, ';'-separated (only ever compared,
    never shown); `surname` is kept for operators and never reaches a reply.
    """

    __tablename__ = "accounts"

    account: Mapped[str] = mapped_column(String(12), primary_key=True)
    zones: Mapped[int] = mapped_column(SmallInteger)
    digits: Mapped[int | None] = mapped_column(SmallInteger)
    last_t1: Mapped[int | None] = mapped_column(BigInteger)
    last_t2: Mapped[int | None] = mapped_column(BigInteger)
    last_t3: Mapped[int | None] = mapped_column(BigInteger)
    last_date: Mapped[date | None] = mapped_column(Date)
    surname: Mapped[str | None] = mapped_column(String(200))
    emails: Mapped[str | None] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReadingRow(Base):
    """One register's value of one submission; a submission is the rows sharing `submission`."""

    __tablename__ = "readings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    submission: Mapped[str] = mapped_column(String(32))
    account: Mapped[str] = mapped_column(ForeignKey("accounts.account", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(7))  # "YYYY-MM", the billing month counted
    zone: Mapped[str] = mapped_column(String(2))  # t1 | t2 | t3
    value: Mapped[int] = mapped_column(BigInteger)
    channel: Mapped[str] = mapped_column(String(16))
    # The caller's reference (a Message-ID: RFC 5322 §2.1.1 bounds a line to 998 characters).
    source: Mapped[str] = mapped_column(String(998))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    superseded: Mapped[bool] = mapped_column(Boolean, server_default=false(), default=False)
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Sent by a sender registered for the account (authenticated where that is checked):
    # a stranger's submission never supersedes such a one.
    registered: Mapped[bool] = mapped_column(Boolean, server_default=false(), default=False)

    __table_args__ = (
        Index("ix_readings_account_period", "account", "period"),
        # At most one current value per register and period: two instances recording the
        # same account at once cannot both win; the loser's transaction fails and is retried.
        Index(
            "uq_readings_current",
            "account",
            "period",
            "zone",
            unique=True,
            sqlite_where=text("NOT superseded"),
            postgresql_where=text("NOT superseded"),
        ),
    )


class StrangerAttemptRow(Base):
    """One submission for an account from a sender not registered for it, whatever became
    of it: they are limited per account and period (README "Security")."""

    __tablename__ = "stranger_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account: Mapped[str] = mapped_column(ForeignKey("accounts.account", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(7))
    status: Mapped[str] = mapped_column(String(32))  # what the service decided, for operators
    source: Mapped[str] = mapped_column(String(998))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_stranger_attempts_account_period", "account", "period"),)
