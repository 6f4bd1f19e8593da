"""Findings: the text engine's flags, one row each, for fast counting and filtering.

The full analysis stays in `Interaction.analysis` (with evidence spans); these rows copy out
what reports and scoring group by (issue categories over time, signals per customer,
praise per staff member, tone of staff replies) so no query has to scan JSON.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from amends.models.base import Base, BigId

FINDING_KINDS = ("issue", "signal", "tone", "emotion", "praise_for")


class Finding(Base):
    __tablename__ = "findings"
    __table_args__ = (
        Index(None, "kind", "name", "occurred_at"),
        Index(None, "customer_id", "occurred_at"),
        Index(None, "interaction_id"),
        Index(None, "staff_id", "kind", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interactions.id", ondelete="CASCADE"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    # The staff member who wrote the message (tone) or whom it praises (praise_for).
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    occurred_at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(default=0.0)
