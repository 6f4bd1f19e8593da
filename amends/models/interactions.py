"""Interactions (every message from every channel) and activity events (behaviour)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from amends.models.base import Base, BigId
from amends.timeutil import utcnow

CHANNELS = ("email", "chat", "phone", "ticket", "review", "social", "sms", "web_form",
            "survey_comment", "other")
DIRECTIONS = ("inbound", "outbound", "internal")
AUTHORS = ("customer", "staff", "system")
ACTIVITY_KINDS = ("purchase", "login", "order", "visit", "payment_failed", "downgrade", "cancel")


class Interaction(Base):
    __tablename__ = "interactions"
    __table_args__ = (
        UniqueConstraint("source", "external_id"),
        Index(None, "customer_id", "occurred_at"),
        Index(None, "occurred_at", "id"),
        Index(None, "thread_id"),
        Index(None, "staff_id", "occurred_at"),
        Index(None, "channel", "occurred_at"),
        Index(None, "bad_experience", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(10), default="inbound")
    author_type: Mapped[str] = mapped_column(String(10), default="customer")
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    thread_id: Mapped[str | None] = mapped_column(String(200))
    is_public: Mapped[bool] = mapped_column(default=False)
    subject: Mapped[str | None] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    occurred_at: Mapped[datetime]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    source: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(200))
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", default=dict)
    # The text engine's findings, stored with the model version that produced them;
    # the few columns that queries filter on are copied out of the JSON.
    analysis: Mapped[dict[str, Any] | None]
    model_version: Mapped[str | None] = mapped_column(String(40))
    analysed_at: Mapped[datetime | None]
    sentiment_score: Mapped[float | None]
    bad_experience: Mapped[bool | None]
    severity: Mapped[int | None]


class ActivityEvent(Base):
    __tablename__ = "activity_events"
    __table_args__ = (
        UniqueConstraint("source", "external_id"),
        Index(None, "customer_id", "occurred_at"),
        # Covering: scoring reads every purchase (or login) as (customer, time) from the
        # index alone instead of visiting two million table rows.
        Index(None, "kind", "occurred_at", "customer_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    amount: Mapped[float | None]
    occurred_at: Mapped[datetime]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    source: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str] = mapped_column(String(200))
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", default=dict)
