"""Read-only intake reports: lead lists, a lead's timeline, unanswered, speed to lead."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from amends.errors import NotFound
from amends.intake import policy
from amends.models.intake import Lead, LeadEvent, LeadTask
from amends.timeutil import isoformat, require_aware, utcnow

# Response-time buckets for "conversion by response time" (wall-clock minutes).
BUCKETS = [("under_5m", 5), ("5m_to_1h", 60), ("1h_to_24h", 24 * 60), ("over_24h", math.inf)]


def lead_dict(lead: Lead) -> dict[str, Any]:
    return {
        "id": lead.id, "ref": f"L{lead.id}", "source": lead.source,
        "external_id": lead.external_id, "name": lead.name, "email": lead.email,
        "phone": lead.phone, "subject": lead.subject, "message": lead.message,
        "topic": lead.topic, "topic_label": lead.topic_label, "urgency": lead.urgency,
        "classification": lead.classification or {}, "status": lead.status,
        "lost_reason": lead.lost_reason, "customer_id": lead.customer_id,
        "duplicate_of_lead_id": lead.duplicate_of_lead_id,
        "assigned_to_id": lead.assigned_to_id, "team_id": lead.team_id,
        "received_at": isoformat(lead.received_at), "after_hours": lead.after_hours,
        "acknowledged_at": isoformat(lead.ack_queued_at),
        "sla_due_at": isoformat(lead.sla_due_at),
        "sla_warned_at": isoformat(lead.sla_warned_at),
        "sla_breached_at": isoformat(lead.sla_breached_at),
        "escalated_at": isoformat(lead.escalated_at),
        "first_response_at": isoformat(lead.first_response_at),
        "first_response_by_id": lead.first_response_by_id,
        "first_response_kind": lead.first_response_kind, "cadence_step": lead.cadence_step,
        "converted_at": isoformat(lead.converted_at), "closed_at": isoformat(lead.closed_at),
        "metadata": lead.meta or {},
    }


def event_dict(e: LeadEvent) -> dict[str, Any]:
    return {"id": e.id, "kind": e.kind, "direction": e.direction, "channel": e.channel,
            "staff_id": e.staff_id, "text": e.text, "occurred_at": isoformat(e.occurred_at),
            "metadata": e.meta or {}}


def task_dict(t: LeadTask) -> dict[str, Any]:
    return {"id": t.id, "lead_id": t.lead_id, "kind": t.kind, "title": t.title,
            "due_at": isoformat(t.due_at), "assigned_to_id": t.assigned_to_id,
            "team_id": t.team_id, "status": t.status, "done_at": isoformat(t.done_at)}


def lead_detail(session: Session, lead_id: int) -> dict[str, Any]:
    lead = session.get(Lead, lead_id)
    if lead is None:
        raise NotFound(f"no lead with id {lead_id}")
    events = session.scalars(select(LeadEvent).where(LeadEvent.lead_id == lead_id)
                             .order_by(LeadEvent.occurred_at, LeadEvent.id))
    tasks = session.scalars(select(LeadTask).where(LeadTask.lead_id == lead_id)
                            .order_by(LeadTask.due_at))
    return {**lead_dict(lead), "timeline": [event_dict(e) for e in events],
            "tasks": [task_dict(t) for t in tasks]}


def list_leads(session: Session, *, status: str | None = None, source: str | None = None,
               topic: str | None = None, after_id: int | None = None,
               limit: int = 100) -> dict[str, Any]:
    """Newest first, paged by id (`next_cursor` is the last id of the page)."""
    query = select(Lead).order_by(Lead.id.desc()).limit(limit)
    if status:
        query = query.where(Lead.status == status)
    if source:
        query = query.where(Lead.source == source)
    if topic:
        query = query.where(Lead.topic == topic)
    if after_id:
        query = query.where(Lead.id < after_id)
    leads = list(session.scalars(query))
    return {"items": [lead_dict(x) for x in leads],
            "next_cursor": leads[-1].id if len(leads) == limit else None}


def unanswered(session: Session, settings: Any, now: datetime | None = None,
               limit: int = 500) -> dict[str, Any]:
    """Open leads nobody has answered, most overdue first, with how long each has waited."""
    now = require_aware(now or utcnow())
    leads = list(session.scalars(
        select(Lead).where(Lead.first_response_at.is_(None),
                           Lead.status.in_(("new", "contacted", "qualified")))
        .order_by(Lead.sla_due_at, Lead.id).limit(limit)))
    items = []
    for lead in leads:
        due = lead.sla_due_at or lead.received_at
        items.append({**lead_dict(lead),
                      "waiting_minutes": round((now - lead.received_at).total_seconds() / 60, 1),
                      "overdue": now >= due,
                      "overdue_minutes": round(max(0.0, (now - due).total_seconds()) / 60, 1)})
    return {"count": len(items), "overdue": sum(i["overdue"] for i in items), "items": items,
            "as_of": isoformat(now)}


def _quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return round(ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo), 1)


def _bucket(minutes: float | None) -> str:
    if minutes is None:
        return "never"
    return next(name for name, limit in BUCKETS if minutes < limit)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def speed_to_lead(session: Session, settings: Any, *, since: datetime | None = None,
                  until: datetime | None = None, now: datetime | None = None) -> dict[str, Any]:
    """Time to first human response, answered-within shares, conversion by source and speed.

    Response times are wall-clock (what the enquirer lived through); business-time figures
    are given too, since an after-hours enquiry cannot fairly be answered in five minutes.
    """
    now = require_aware(now or utcnow())
    until = require_aware(until) if until else now
    since = require_aware(since) if since else until - timedelta(days=30)
    leads = list(session.scalars(select(Lead).where(
        Lead.received_at >= since, Lead.received_at < until)))
    leads = [x for x in leads if not (x.meta or {}).get("backfill")]
    wall, business = [], []
    by_source: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_speed: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    never = after_hours = 0
    for lead in leads:
        minutes = None
        if lead.first_response_at is not None:
            minutes = (lead.first_response_at - lead.received_at).total_seconds() / 60
            wall.append(minutes)
            business.append(policy.business_between(lead.received_at, lead.first_response_at,
                                                    settings) / 60)
        else:
            never += 1
        after_hours += lead.after_hours
        won = lead.status == "client"
        for table, key in ((by_source, lead.source), (by_speed, _bucket(minutes))):
            table[key][0] += 1
            table[key][1] += won
    total = len(leads)
    return {
        "since": isoformat(since), "until": isoformat(until), "leads": total,
        "median_minutes": _quantile(wall, 0.5), "p90_minutes": _quantile(wall, 0.9),
        "median_business_minutes": _quantile(business, 0.5),
        "p90_business_minutes": _quantile(business, 0.9),
        "answered_within_5m": _rate(sum(m <= 5 for m in wall), total),
        "answered_within_1h": _rate(sum(m <= 60 for m in wall), total),
        "never_answered": never, "never_answered_share": _rate(never, total),
        "after_hours_share": _rate(after_hours, total),
        "conversion_by_source": {k: {"leads": n, "clients": w, "rate": _rate(w, n)}
                                 for k, (n, w) in sorted(by_source.items())},
        "conversion_by_response_time": {
            name: {"leads": by_speed[name][0], "clients": by_speed[name][1],
                   "rate": _rate(by_speed[name][1], by_speed[name][0])}
            for name in [b[0] for b in BUCKETS] + ["never"]},
    }
