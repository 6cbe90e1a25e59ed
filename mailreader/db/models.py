"""Tables of the mail side: every fetched message with its state, and the reply outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from mailreader.db.base import Base
from mailreader.db.states import MessageState, ReplyState, ServerState

# The values of `state`, `server_state` and `outbox.state`, and the moves between them, are
# named in mailreader.db.states; only mailreader.db.transitions changes them.


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mailbox: Mapped[str] = mapped_column(String(255))
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[str | None] = mapped_column(String(998), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    from_addr: Mapped[str | None] = mapped_column(String(320))
    subject: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default=MessageState.STORED.value, index=True)
    action: Mapped[str | None] = mapped_column(String(16))
    # Why it ended as it did, the reason half of its outcome (mailreader.db.outcomes): a
    # SetAsideReason for a failed row (on a stored row: the one it will be set aside with),
    # the parser's for a refused or ignored one, the readings service's refusals for a
    # `record` mail; NULL for a duplicate, whose original is `duplicate_of`.
    reason: Mapped[str | None] = mapped_column(String(64))
    # A duplicate's original: the row of the same mail decided before. No foreign key:
    # SQLite would rebuild the whole table to add one, and rows are never deleted.
    duplicate_of: Mapped[int | None] = mapped_column(Integer)
    # What the resident was told, for a decided `record` mail (mailreader.db.outcomes):
    # recorded, updated, unchanged, partial or refused; NULL for the other states.
    outcome: Mapped[str | None] = mapped_column(String(16))
    decision: Mapped[str | None] = mapped_column(Text)  # Decision.to_json() as JSON
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    server_state: Mapped[str] = mapped_column(String(16), default=ServerState.PENDING.value, index=True)
    target_folder: Mapped[str | None] = mapped_column(String(255))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Why a decided message got no reply although it would have had one (a limit).
    no_reply: Mapped[str | None] = mapped_column(String(32))
    # Set when the raw bytes were dropped ([storage] keep_raw_days): raw is then empty.
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("uq_messages_location", "mailbox", "uidvalidity", "uid", unique=True),
    )


class Outbox(Base):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_row: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    # What a rejection was about, for "one rejection per sender per reason per day".
    reason_key: Mapped[str | None] = mapped_column(String(128))
    to_addr: Mapped[str] = mapped_column(String(320))
    # The address case-folded: the per-sender daily limits look replies up by it.
    recipient_key: Mapped[str] = mapped_column(String(320))
    envelope_from: Mapped[str] = mapped_column(String(320))
    # Fixed when queued, so a resend after a crash is recognisably the same mail.
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    state: Mapped[str] = mapped_column(String(16), default=ReplyState.QUEUED.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The first reply ever queued to this address: these are capped per hour (backscatter).
    first_contact: Mapped[bool] = mapped_column(Boolean, server_default=false(), default=False)

    __table_args__ = (
        Index("ix_outbox_due", "state", "next_attempt_at"),
        Index("ix_outbox_recipient", "recipient_key", "created_at"),
    )


class Lease(Base):
    """Who polls a mailbox: one holder at a time, taken over when it stops renewing."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(255), primary_key=True)
    holder: Mapped[str] = mapped_column(String(255))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Heartbeat(Base):
    """The last cycle of each poller, for `mailreader status` and monitoring."""

    __tablename__ = "heartbeats"

    name: Mapped[str] = mapped_column(String(255), primary_key=True)
    last_cycle_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    # Cycles that failed in a row (crashed, or a server or the database unavailable), since
    # when, and the mail in hand when the last one crashed: what `status` calls a stall.
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    failing_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failing_at: Mapped[str | None] = mapped_column(String(255))
