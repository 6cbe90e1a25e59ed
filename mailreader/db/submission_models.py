"""The table of submissions queued for a remote readings service ([readings] backend = "http")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from mailreader.db.base import Base
from mailreader.db.states import SubmissionState

# Its states: mailreader.db.states.SubmissionState.


class RemoteSubmission(Base):
    """One account's submission of one mail, queued in the mail's decision transaction."""

    __tablename__ = "remote_submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_row: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    account: Mapped[str] = mapped_column(String(32))
    values: Mapped[str] = mapped_column(Text)  # {"t1": 7310, ...} as JSON
    source: Mapped[str] = mapped_column(String(998))  # the Message-ID, or message:<row id>
    sender: Mapped[str | None] = mapped_column(String(320))  # the verified sender, or None
    # Derived from the message and the account (mailreader.db.submissions.idempotency_key):
    # a retry after a crash sends the same key, and the service answers it once.
    idempotency_key: Mapped[str] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(16), default=SubmissionState.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    answer: Mapped[str | None] = mapped_column(Text)  # the service's 200 answer, as JSON
    # The service said it replayed an earlier answer to the same key (Idempotent-Replayed).
    replayed: Mapped[bool] = mapped_column(Boolean, server_default=false(), default=False)
    # Queued by a forced reprocess of answered mail: reply only when readings changed.
    answered_before: Mapped[bool] = mapped_column(Boolean, server_default=false(), default=False)
    last_error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_remote_submissions_due", "state", "next_attempt_at"),)
