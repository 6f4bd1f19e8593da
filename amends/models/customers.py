"""Customers: the people and companies whose experience we track."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from amends.models.base import Base, BigId
from amends.timeutil import utcnow

CUSTOMER_STATUSES = ("active", "churned", "prospect", "closed")


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (
        Index(None, "segment"),
        Index(None, "status"),
        Index(None, "owner_id"),
        Index(None, "name"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(320))
    # Lower-cased email: the unique key that lets "unknown customer by email" be idempotent.
    email_key: Mapped[str | None] = mapped_column(String(320), unique=True)
    phone: Mapped[str | None] = mapped_column(String(64))
    company: Mapped[str | None] = mapped_column(String(200))
    segment: Mapped[str | None] = mapped_column(String(64))
    value_per_year: Mapped[float | None]
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    survey_opt_out: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
