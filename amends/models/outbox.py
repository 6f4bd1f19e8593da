"""The outbox: every message to the outside world is stored before it is sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from amends.models.base import Base, BigId
from amends.timeutil import utcnow

OUTBOX_CHANNELS = ("email", "slack", "webhook", "sms_webhook")
OUTBOX_STATUSES = ("queued", "sent", "failed", "dead")


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (Index(None, "status", "send_after"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(1000))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # One event, one message: a repeated key is ignored, so nothing is sent twice.
    dedupe_key: Mapped[str] = mapped_column(String(300), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="queued")  # failed = will retry
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=8)
    last_error: Mapped[str | None] = mapped_column(Text)
    send_after: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
