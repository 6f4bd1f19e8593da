"""Read-only queries over customers, interactions and activity (pages and JSON alike)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from amends.errors import NotFound
from amends.models import ActivityEvent, Customer, Interaction
from amends.report.pagination import decode_cursor, encode_cursor
from amends.timeutil import isoformat


def customer_dict(c: Customer) -> dict[str, Any]:
    return {"id": c.id, "external_id": c.external_id, "name": c.name, "email": c.email,
            "phone": c.phone, "company": c.company, "segment": c.segment,
            "value_per_year": c.value_per_year, "owner_id": c.owner_id,
            "attributes": c.attributes or {}, "survey_opt_out": c.survey_opt_out,
            "status": c.status, "created_at": isoformat(c.created_at),
            "updated_at": isoformat(c.updated_at)}


def interaction_dict(i: Interaction) -> dict[str, Any]:
    return {"id": i.id, "customer_id": i.customer_id, "channel": i.channel,
            "direction": i.direction, "author": i.author_type, "staff_id": i.staff_id,
            "thread_id": i.thread_id, "public": i.is_public, "subject": i.subject,
            "text": i.text, "occurred_at": isoformat(i.occurred_at), "source": i.source,
            "external_id": i.external_id, "metadata": i.meta or {},
            "analysis": i.analysis, "model_version": i.model_version}


def activity_dict(e: ActivityEvent) -> dict[str, Any]:
    return {"id": e.id, "customer_id": e.customer_id, "kind": e.kind, "amount": e.amount,
            "occurred_at": isoformat(e.occurred_at), "source": e.source,
            "external_id": e.external_id, "metadata": e.meta or {}}


def get_customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(f"no customer with id {customer_id}")
    return customer


@dataclass
class InteractionFilter:
    customer_id: int | None = None
    channel: str | None = None
    author: str | None = None
    thread_id: str | None = None
    staff_id: int | None = None
    bad_experience: bool | None = None
    since: datetime | None = None
    until: datetime | None = None


def list_interactions(session: Session, flt: InteractionFilter, *, limit: int = 100,
                      cursor: str | None = None) -> dict[str, Any]:
    """Newest first, keyset-paginated on (occurred_at, id)."""
    query = select(Interaction)
    conditions = []
    for column, value in [(Interaction.customer_id, flt.customer_id),
                          (Interaction.channel, flt.channel),
                          (Interaction.author_type, flt.author),
                          (Interaction.thread_id, flt.thread_id),
                          (Interaction.staff_id, flt.staff_id),
                          (Interaction.bad_experience, flt.bad_experience)]:
        if value is not None:
            conditions.append(column == value)
    if flt.since:
        conditions.append(Interaction.occurred_at >= flt.since)
    if flt.until:
        conditions.append(Interaction.occurred_at < flt.until)
    if cursor:
        when, row_id = decode_cursor(cursor)
        conditions.append(or_(Interaction.occurred_at < when,
                              and_(Interaction.occurred_at == when, Interaction.id < row_id)))
    rows = session.scalars(query.where(*conditions)
                           .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
                           .limit(limit + 1)).all()
    page = rows[:limit]
    next_cursor = (encode_cursor(page[-1].occurred_at, page[-1].id)
                   if len(rows) > limit else None)
    return {"items": [interaction_dict(i) for i in page], "next_cursor": next_cursor}


def list_customers(session: Session, *, segment: str | None = None, status: str | None = None,
                   owner_id: int | None = None, external_id: str | None = None,
                   email: str | None = None, after_id: int | None = None,
                   limit: int = 100) -> dict[str, Any]:
    conditions = []
    for column, value in [(Customer.segment, segment), (Customer.status, status),
                          (Customer.owner_id, owner_id), (Customer.external_id, external_id)]:
        if value is not None:
            conditions.append(column == value)
    if email:
        conditions.append(Customer.email_key == email.strip().lower())
    if after_id:
        conditions.append(Customer.id > after_id)
    rows = session.scalars(select(Customer).where(*conditions).order_by(Customer.id)
                           .limit(limit + 1)).all()
    page = rows[:limit]
    return {"items": [customer_dict(c) for c in page],
            "next_cursor": str(page[-1].id) if len(rows) > limit else None}


def customer_timeline(session: Session, customer_id: int, *, limit: int = 200,
                      before: datetime | None = None) -> dict[str, Any]:
    """Interactions and activity of one customer merged newest first."""
    customer = get_customer(session, customer_id)
    iq = select(Interaction).where(Interaction.customer_id == customer_id)
    aq = select(ActivityEvent).where(ActivityEvent.customer_id == customer_id)
    if before:
        iq = iq.where(Interaction.occurred_at < before)
        aq = aq.where(ActivityEvent.occurred_at < before)
    interactions = session.scalars(iq.order_by(Interaction.occurred_at.desc()).limit(limit))
    events = session.scalars(aq.order_by(ActivityEvent.occurred_at.desc()).limit(limit))
    entries: list[tuple[datetime, dict[str, Any]]] = []
    entries += [(i.occurred_at, {"type": "interaction", **interaction_dict(i)})
                for i in interactions]
    entries += [(e.occurred_at, {"type": "activity", **activity_dict(e)}) for e in events]
    entries.sort(key=lambda pair: pair[0], reverse=True)
    return {"customer": customer_dict(customer), "entries": [e for _, e in entries[:limit]]}


def get_interaction(session: Session, interaction_id: int) -> Interaction:
    found = session.get(Interaction, interaction_id)
    if found is None:
        raise NotFound(f"no interaction with id {interaction_id}")
    return found
