"""Staff sign-in sessions (kept on the server so signing out or a password reset ends them)
and the dashboard's per-day rollups.

The browser holds only a random token; the table stores its SHA-256, so a leaked database
copy cannot be replayed as a cookie.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from amends.models.base import Base, BigId
from amends.models.interactions import Interaction
from amends.timeutil import utcnow


class StaffSession(Base):
    __tablename__ = "staff_sessions"
    __table_args__ = (Index(None, "user_id"), Index(None, "expires_at"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"))
    # Per-session CSRF token: every form posts it back and the server compares.
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))


class DashboardRollup(Base):
    """Per-day aggregates behind the dashboard, so a year of history reads ~365 rows.

    A derived cache (rebuilt from interactions at any time): ``kind`` is ``day`` (message
    counts, sentiment bands, severity), ``theme`` (bad experiences per category; ``key`` is
    the category), ``phrase`` (``key`` is category + U+001F + phrase), ``staff`` (``key`` is
    the staff id: replies, tone counts, response time, complaints, praise) or ``done`` (the
    day was computed, even if it had no rows). ``segment`` is the customer segment ('' for
    none). Days are UTC calendar days, and only complete days are stored.
    """

    __tablename__ = "dashboard_rollups"
    __table_args__ = (UniqueConstraint("kind", "day", "segment", "key"), Index(None, "day"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    day: Mapped[str] = mapped_column(String(10))
    segment: Mapped[str] = mapped_column(String(64), default="")
    key: Mapped[str] = mapped_column(String(300), default="")
    label: Mapped[str | None] = mapped_column(String(200))
    n: Mapped[int] = mapped_column(default=0)  # the main count, summed in SQL
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)  # flat name -> number
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class DashboardCustomerBad(Base):
    """When each customer last had a bad experience (derived, rebuilt by the rollup job).

    "Customers affected" and "value at risk" for any period ending now are then one range
    read on ``last_bad_at`` instead of a distinct over every bad message of the period.
    """

    __tablename__ = "dashboard_customer_bad"
    __table_args__ = (Index(None, "last_bad_at"),)

    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"),
                                             primary_key=True)
    last_bad_at: Mapped[datetime]


# The dashboard's "customers affected / value at risk" reads the customers behind bad
# experiences in a period; with customer_id in the index that is an index-only scan.
Index("ix_interactions_dashboard_bad", Interaction.bad_experience, Interaction.occurred_at,
      Interaction.customer_id)
# The live part of the overview and team pages (today, and days not rolled up yet) reads
# these columns over a time range; covering them keeps the scan inside the index instead
# of reading the wide rows (text and analysis JSON).
Index("ix_interactions_dashboard_day", Interaction.occurred_at, Interaction.author_type,
      Interaction.bad_experience, Interaction.sentiment_score, Interaction.severity,
      Interaction.thread_id, Interaction.staff_id, Interaction.customer_id)
