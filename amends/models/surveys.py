"""One-click surveys: surveys, invitations (one per survey, customer and context), every
click on an answer link, and the one answer per invitation (with its history)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from amends.models.base import Base, BigId, JSONType
from amends.timeutil import utcnow

SURVEY_KINDS = ("thermometer", "csat", "nps", "ces", "thumbs")
CONTEXT_TYPES = ("conversation", "order", "case", "pulse", "manual")
INVITATION_CHANNELS = ("email", "snippet", "link")
# scheduled: waiting for its send time; queued: handed to the outbox; skipped: not sent
# (opted out, no email, frequency limit at send time); answered is read from responses.
# external: a snippet pasted by staff, sent by the help desk, not by us.
INVITATION_STATUSES = ("scheduled", "queued", "skipped", "external")
# pending: waits out the burst window; counted: the customer's answer; confirmed: counted
# because the person submitted the thank-you page; scanner / burst: suspected machine.
CLICK_VERDICTS = ("pending", "counted", "confirmed", "scanner", "burst")


class Survey(Base):
    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    question: Mapped[str] = mapped_column(String(500))
    follow_up: Mapped[str | None] = mapped_column(String(500))
    brand_name: Mapped[str] = mapped_column(String(200), default="")
    brand_colour: Mapped[str] = mapped_column(String(7), default="#2f6f4f")
    logo_url: Mapped[str | None] = mapped_column(String(1000))
    language: Mapped[str] = mapped_column(String(16), default="en")
    # Overrides of the language strings (subject, thanks, option labels, ...).
    strings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # When to ask: {"triggers": [...], "delay_minutes": n, "quiet_days": n, "frequency_days": n}
    rules: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Last activity event id looked at by the purchase/order trigger.
    activity_cursor: Mapped[int] = mapped_column(BigId, default=0)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SurveyInvitation(Base):
    __tablename__ = "survey_invitations"
    __table_args__ = (
        UniqueConstraint("survey_id", "customer_id", "context_type", "context_id"),
        Index(None, "customer_id", "created_at"),
        Index(None, "survey_id", "created_at"),
        Index(None, "status", "send_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    context_type: Mapped[str] = mapped_column(String(16))
    context_id: Mapped[str] = mapped_column(String(200))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    # The channel of the conversation asked about (email, chat, phone, ...), for reports.
    source_channel: Mapped[str | None] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(10), default="email")  # how we asked
    status: Mapped[str] = mapped_column(String(10), default="scheduled")
    skip_reason: Mapped[str | None] = mapped_column(String(200))
    # False when the customer was named by a help desk merge field, not by a signed link.
    identity_verified: Mapped[bool] = mapped_column(default=True)
    trigger: Mapped[str] = mapped_column(String(32), default="manual")
    send_at: Mapped[datetime] = mapped_column(default=utcnow)
    queued_at: Mapped[datetime | None]
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id"))
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", default=dict)


class SurveyClick(Base):
    __tablename__ = "survey_clicks"
    __table_args__ = (
        Index(None, "invitation_id", "clicked_at"),
        Index(None, "verdict", "clicked_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("survey_invitations.id", ondelete="CASCADE"))
    option: Mapped[str] = mapped_column(String(16))
    clicked_at: Mapped[datetime] = mapped_column(default=utcnow)
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(500))
    method: Mapped[str] = mapped_column(String(8), default="GET")
    verdict: Mapped[str] = mapped_column(String(10), default="pending")
    reason: Mapped[str | None] = mapped_column(String(200))


class SurveyResponse(Base):
    __tablename__ = "survey_responses"
    __table_args__ = (
        Index(None, "survey_id", "answered_at"),
        Index(None, "customer_id", "answered_at"),
        Index(None, "bad_experience", "answered_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # One answer per invitation: a later click changes it and adds to `history`.
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("survey_invitations.id", ondelete="CASCADE"), unique=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    option: Mapped[str] = mapped_column(String(16))
    score: Mapped[int]
    bad_experience: Mapped[bool] = mapped_column(default=False)
    identity_verified: Mapped[bool] = mapped_column(default=True)
    comment: Mapped[str | None] = mapped_column(Text)
    comment_interaction_id: Mapped[int | None] = mapped_column(
        ForeignKey("interactions.id", ondelete="SET NULL"))
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
