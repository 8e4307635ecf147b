"""The digest outbox: one row per (ISO week, recipient); states pending → sending → sent."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow

OUTBOX_STATES = ("pending", "sending", "sent", "failed")


class DigestOutbox(Base):
    """Send-exactly-once ledger for weekly digests (P-F3)."""

    __tablename__ = "digest_outbox"
    __table_args__ = (UniqueConstraint("week", "recipient"),)
    UPSERT_KEY = ("week", "recipient")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week: Mapped[str] = mapped_column(String(8))
    recipient: Mapped[str] = mapped_column(String(320))
    state: Mapped[str] = mapped_column(String(16), default="pending")
    message_id: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column()
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
