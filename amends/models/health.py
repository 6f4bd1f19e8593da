"""Customer health: the current assessment per customer, its history, and fitted models."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from amends.models.base import Base, BigId, JSONType
from amends.timeutil import utcnow

PERSONAS = ("disconnected_vocal", "stressed_vocal", "disengaged_silent", "advocate", "content",
            "recovering")
EFFORTS = ("save_now", "personal_outreach", "light_check_in", "let_go", "none")


class CustomerHealth(Base):
    """The latest assessment of one customer (one row per customer, replaced on rescoring)."""

    __tablename__ = "customer_health"
    __table_args__ = (
        Index(None, "persona", "value_at_risk"),
        Index(None, "churn_risk"),
        Index(None, "value_at_risk"),
        Index(None, "effort"),
        Index(None, "health_score"),
    )

    customer_id: Mapped[int] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True)
    computed_at: Mapped[datetime]
    health_score: Mapped[int]
    contributions: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    persona: Mapped[str] = mapped_column(String(24))
    persona_reasons: Mapped[list[str]] = mapped_column(JSONType, default=list)
    churn_risk: Mapped[float]
    risk_method: Mapped[str] = mapped_column(String(16))
    risk_reasons: Mapped[list[str]] = mapped_column(JSONType, default=list)
    p_alive: Mapped[float | None]
    expected_purchases: Mapped[float | None]
    usage_ratio: Mapped[float | None]
    value_at_risk: Mapped[float | None]
    recoverability: Mapped[float | None]
    effort: Mapped[str] = mapped_column(String(20))
    effort_reasons: Mapped[list[str]] = mapped_column(JSONType, default=list)
    voice: Mapped[dict[str, Any]] = mapped_column(default=dict)


class HealthSnapshot(Base):
    """History: a row whenever a customer's assessment changes (and at most daily otherwise)."""

    __tablename__ = "health_snapshots"
    __table_args__ = (Index(None, "customer_id", "computed_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    computed_at: Mapped[datetime]
    health_score: Mapped[int]
    persona: Mapped[str] = mapped_column(String(24))
    churn_risk: Mapped[float]
    value_at_risk: Mapped[float | None]


class ScoringModel(Base):
    """A fitted model the scorer reuses: BG/NBD parameters or a trained churn model."""

    __tablename__ = "scoring_models"
    __table_args__ = (Index(None, "kind", "created_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # bgnbd | churn
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)  # BG/NBD parameters, metrics
    blob: Mapped[str | None] = mapped_column(Text)  # churn model file, base64 (npz + json)
    n_customers: Mapped[int] = mapped_column(default=0)
