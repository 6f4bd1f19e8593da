"""Recovery cases: the incident, its evidence and timeline, playbook steps, drafts, amends.

One incident, one case: while a case is open, its customer's id sits in the unique
`open_key` column, so two workers that see a burst of messages at the same moment cannot
both open a case (the loser adds its evidence to the winner's case). Evidence is unique per
(rule, source): re-running a job for the same message adds nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from amends.models.base import Base, BigId, JSONType
from amends.timeutil import utcnow

CASE_STATUSES = ("new", "acknowledged", "in_progress", "resolved", "closed")
OPEN_STATUSES = ("new", "acknowledged", "in_progress")
PRIORITIES = ("p1", "p2", "p3", "p4")
OUTCOMES = ("recovered", "not_recovered", "unknown")
AMENDS_KINDS = ("refund", "credit", "discount", "gift", "waived_fee")
AMENDS_STATUSES = ("pending_approval", "offered", "accepted", "declined", "withdrawn")
DRAFT_KINDS = ("acknowledgement", "apology", "resolution")
ALERT_CHANNELS = ("email", "slack", "webhook")


class RecoveryCase(Base):
    __tablename__ = "recovery_cases"
    __table_args__ = (
        Index(None, "customer_id", "opened_at"),
        Index(None, "status", "priority"),
        Index(None, "owner_id", "status"),
        Index(None, "opened_at"),
        Index(None, "resolved_at"),
        Index(None, "outcome", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    # The customer's id while the case is open, NULL after: "one open case per customer".
    open_key: Mapped[int | None] = mapped_column(BigId, unique=True)
    status: Mapped[str] = mapped_column(String(16), default="new")
    trigger: Mapped[str] = mapped_column(String(40))  # the rule that opened it (or "manual")
    title: Mapped[str] = mapped_column(String(300), default="")
    issues: Mapped[list[str]] = mapped_column(JSONType, default=list)  # taxonomy category ids
    severity: Mapped[int] = mapped_column(default=0)  # 0-100, the worst evidence so far
    persona: Mapped[str | None] = mapped_column(String(32))
    value_at_risk: Mapped[float | None]
    priority: Mapped[str] = mapped_column(String(4), default="p3")
    playbook: Mapped[str | None] = mapped_column(String(64))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    assigned_at: Mapped[datetime | None]
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    acknowledged_at: Mapped[datetime | None]
    first_response_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    first_response_due: Mapped[datetime | None]
    resolution_due: Mapped[datetime | None]
    first_response_warn_at: Mapped[datetime | None]
    resolution_warn_at: Mapped[datetime | None]
    first_response_warned: Mapped[bool] = mapped_column(default=False)
    resolution_warned: Mapped[bool] = mapped_column(default=False)
    first_response_breached: Mapped[bool] = mapped_column(default=False)
    resolution_breached: Mapped[bool] = mapped_column(default=False)
    escalated_at: Mapped[datetime | None]
    escalated_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    resolution_note: Mapped[str | None] = mapped_column(Text)
    fix: Mapped[str | None] = mapped_column(Text)  # what was done, used in drafts
    root_cause: Mapped[str | None] = mapped_column(String(40))
    root_cause_note: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(16))
    outcome_at: Mapped[datetime | None]
    outcome_detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseEvidence(Base):
    """What a rule saw: one row per (rule, source), so a re-run adds nothing."""

    __tablename__ = "case_evidence"
    __table_args__ = (
        UniqueConstraint("rule", "ref_type", "ref_id"),
        Index(None, "case_id"),
        Index(None, "customer_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("recovery_cases.id", ondelete="CASCADE"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(String(40))
    ref_type: Mapped[str] = mapped_column(String(24))  # interaction | survey_response | health
    ref_id: Mapped[int] = mapped_column(BigId)
    severity: Mapped[int] = mapped_column(default=0)
    issues: Mapped[list[str]] = mapped_column(JSONType, default=list)
    summary: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    occurred_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseEvent(Base):
    """The timeline: who did what, when (actor_id is a staff user; NULL means the system)."""

    __tablename__ = "case_events"
    __table_args__ = (Index(None, "case_id", "at"), Index(None, "kind", "at"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("recovery_cases.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    kind: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class CaseStep(Base):
    __tablename__ = "case_steps"
    __table_args__ = (UniqueConstraint("case_id", "position"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("recovery_cases.id", ondelete="CASCADE"))
    position: Mapped[int]
    key: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    guidance: Mapped[str] = mapped_column(Text, default="")
    done_at: Mapped[datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    notes: Mapped[str | None] = mapped_column(Text)


class CaseDraft(Base):
    """A message to the customer: filled from a template, edited by staff, then sent."""

    __tablename__ = "case_drafts"
    __table_args__ = (Index(None, "case_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("recovery_cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    tone: Mapped[dict[str, Any]] = mapped_column(default=dict)  # flags from the tone check
    status: Mapped[str] = mapped_column(String(10), default="draft")  # draft | sent
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    sent_at: Mapped[datetime | None]
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))


class AmendsEntry(Base):
    """The compensation ledger: what was offered, its value, and whether it was accepted."""

    __tablename__ = "amends_ledger"
    __table_args__ = (Index(None, "customer_id", "created_at"), Index(None, "case_id"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("recovery_cases.id", ondelete="CASCADE"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[float]
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="offered")
    recommended_value: Mapped[float | None]
    cap_value: Mapped[float | None]  # the policy cap when it was offered
    offered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    approved_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AlertSubscription(Base):
    """Where a staff member wants case alerts (staff_id NULL: a shared channel for all)."""

    __tablename__ = "alert_subscriptions"
    __table_args__ = (UniqueConstraint("staff_id", "channel", "target"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id",
                                                            ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(String(1000))  # email address or URL
    min_priority: Mapped[str] = mapped_column(String(4), default="p4")
    digest: Mapped[bool] = mapped_column(default=False)  # a daily digest instead of each alert
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseAlert(Base):
    """One alert meant for one person (kept for the daily digest and the audit trail)."""

    __tablename__ = "case_alerts"
    __table_args__ = (
        UniqueConstraint("event_id", "staff_id"),
        Index(None, "staff_id", "digested_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("recovery_cases.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("case_events.id", ondelete="CASCADE"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    digested_at: Mapped[datetime | None]


class RuleSetting(Base):
    """An override of one detection rule's defaults (enabled, thresholds)."""

    __tablename__ = "case_rule_settings"

    rule: Mapped[str] = mapped_column(String(40), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=True)
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
