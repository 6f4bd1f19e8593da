"""Client intake: leads (new enquiries), their timeline of events, tasks, forms, attempts.

A lead is a prospective client's enquiry. Every touch (the enquiry itself, the automatic
acknowledgement, SLA alerts, staff calls and emails, follow-ups, status changes) is a
`LeadEvent`, so the lead's timeline is complete and can be copied onto the customer when
the lead becomes a client.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from amends.models.base import Base, BigId
from amends.timeutil import utcnow

LEAD_SOURCES = ("form", "api", "email", "phone")
LEAD_STATUSES = ("new", "contacted", "qualified", "client", "lost")
URGENCIES = ("low", "normal", "high", "urgent")
TOUCH_KINDS = ("call", "email", "sms", "meeting")
TASK_STATUSES = ("open", "done")


class IntakeForm(Base):
    """An embeddable enquiry form; its public `key` is in the form's URL."""

    __tablename__ = "intake_forms"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # Where the browser goes after a successful post (else Amends' thank-you page).
    redirect_url: Mapped[str | None] = mapped_column(String(1000))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Lead(Base):
    __tablename__ = "leads"
    __table_args__ = (
        UniqueConstraint("source", "external_id"),
        Index(None, "status", "received_at"),
        Index(None, "received_at"),
        Index(None, "email_key"),
        Index(None, "phone_key"),
        Index(None, "first_response_at", "sla_due_at"),
        Index(None, "assigned_to_id", "status"),
        Index(None, "customer_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    source: Mapped[str] = mapped_column(String(16))  # form | api | email | phone
    # Idempotency: a re-sent enquiry (same source + external id) is the same lead.
    external_id: Mapped[str] = mapped_column(String(200))
    form_id: Mapped[int | None] = mapped_column(ForeignKey("intake_forms.id"))
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(320))
    email_key: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(64))
    phone_key: Mapped[str | None] = mapped_column(String(32))
    subject: Mapped[str | None] = mapped_column(String(500))
    message: Mapped[str] = mapped_column(Text, default="")
    topic: Mapped[str | None] = mapped_column(String(64))
    topic_label: Mapped[str | None] = mapped_column(String(200))
    urgency: Mapped[str] = mapped_column(String(8), default="normal")
    classification: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(12), default="new")
    lost_reason: Mapped[str | None] = mapped_column(String(500))
    # An existing customer this enquiry comes from (duplicate flag), or the one it became.
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    duplicate_of_lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id"))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    received_at: Mapped[datetime]
    after_hours: Mapped[bool] = mapped_column(default=False)
    ack_queued_at: Mapped[datetime | None]
    # The promised reply time given in the acknowledgement and the SLA clock's deadline.
    sla_due_at: Mapped[datetime | None]
    sla_warned_at: Mapped[datetime | None]
    sla_breached_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]
    first_response_at: Mapped[datetime | None]
    first_response_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    first_response_kind: Mapped[str | None] = mapped_column(String(16))
    cadence_step: Mapped[int] = mapped_column(default=0)
    converted_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class LeadEvent(Base):
    """One entry on a lead's timeline (inbound message, automatic message, touch, change)."""

    __tablename__ = "lead_events"
    __table_args__ = (Index(None, "lead_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    # enquiry | acknowledgement | follow_up | reminder | touch | sla_warning | sla_breach |
    # escalation | status | assigned | task | duplicate | converted
    kind: Mapped[str] = mapped_column(String(24))
    direction: Mapped[str] = mapped_column(String(10), default="internal")
    channel: Mapped[str | None] = mapped_column(String(16))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    text: Mapped[str] = mapped_column(Text, default="")
    occurred_at: Mapped[datetime]
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", default=dict)


class LeadTask(Base):
    """Work for a person: e.g. "call back first thing" for an after-hours enquiry."""

    __tablename__ = "lead_tasks"
    __table_args__ = (Index(None, "status", "due_at"), Index(None, "lead_id"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))  # first_in | follow_up
    title: Mapped[str] = mapped_column(String(500))
    due_at: Mapped[datetime]
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    status: Mapped[str] = mapped_column(String(8), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]


class IntakeAttempt(Base):
    """Every public form post, kept for the per-IP rate limit and to audit refusals.

    The IP address is stored only as a keyed hash.
    """

    __tablename__ = "intake_attempts"
    __table_args__ = (Index(None, "ip_key", "at"), Index(None, "at"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ip_key: Mapped[str] = mapped_column(String(64))
    form_key: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))  # accepted | spam | invalid | limited
    reason: Mapped[str] = mapped_column(String(500), default="")
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id", ondelete="SET NULL"))
    at: Mapped[datetime]
