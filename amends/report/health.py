"""Read-only views of customer health: one customer's assessment and the at-risk list."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from amends.errors import NotFound, ValidationFailed
from amends.models import Customer
from amends.models.health import EFFORTS, PERSONAS, CustomerHealth, HealthSnapshot
from amends.timeutil import isoformat

SORTS: dict[str, Any] = {"value_at_risk": CustomerHealth.value_at_risk.desc(),
         "churn_risk": CustomerHealth.churn_risk.desc(),
         "health": CustomerHealth.health_score.asc()}
LEFT_STATUSES = ("churned", "closed")
AT_RISK_PERSONAS = ("disconnected_vocal", "stressed_vocal", "disengaged_silent")


def health_dict(h: CustomerHealth) -> dict[str, Any]:
    return {"customer_id": h.customer_id, "computed_at": isoformat(h.computed_at),
            "health_score": h.health_score, "contributions": h.contributions,
            "persona": h.persona, "persona_reasons": h.persona_reasons,
            "churn_risk": h.churn_risk, "risk_method": h.risk_method,
            "risk_reasons": h.risk_reasons, "p_alive": h.p_alive,
            "expected_purchases": h.expected_purchases, "usage_ratio": h.usage_ratio,
            "value_at_risk": h.value_at_risk, "recoverability": h.recoverability,
            "effort": h.effort, "effort_reasons": h.effort_reasons, "voice": h.voice}


def customer_health(session: Session, customer_id: int, history_limit: int = 365
                    ) -> dict[str, Any]:
    if session.get(Customer, customer_id) is None:
        raise NotFound(f"no customer with id {customer_id}")
    current = session.get(CustomerHealth, customer_id)
    history = session.scalars(select(HealthSnapshot)
                              .where(HealthSnapshot.customer_id == customer_id)
                              .order_by(HealthSnapshot.computed_at.desc()).limit(history_limit))
    return {"customer_id": customer_id,
            "current": health_dict(current) if current else None,
            "history": [{"computed_at": isoformat(s.computed_at), "health_score": s.health_score,
                         "persona": s.persona, "churn_risk": s.churn_risk,
                         "value_at_risk": s.value_at_risk} for s in history][::-1]}


def at_risk(session: Session, *, persona: str | None = None, owner_id: int | None = None,
            segment: str | None = None, min_value: float | None = None,
            effort: str | None = None, sort: str = "value_at_risk", limit: int = 100,
            offset: int = 0, include_healthy: bool = False, include_left: bool = False,
            customer_ids: list[int] | None = None) -> dict[str, Any]:
    """Customers ranked by where effort pays (value at risk by default).

    Customers who have already left (churned or closed) are not ranked unless asked for:
    their whole value is "at risk", which would push them above everyone still saveable.
    """
    if persona is not None and persona not in PERSONAS:
        raise ValidationFailed(f"persona must be one of {', '.join(PERSONAS)}")
    if effort is not None and effort not in EFFORTS:
        raise ValidationFailed(f"effort must be one of {', '.join(EFFORTS)}")
    if sort not in SORTS:
        raise ValidationFailed(f"sort must be one of {', '.join(SORTS)}")
    query = select(CustomerHealth, Customer).join(Customer,
                                                  Customer.id == CustomerHealth.customer_id)
    if persona:
        query = query.where(CustomerHealth.persona == persona)
    elif not include_healthy:
        query = query.where(CustomerHealth.persona.in_(AT_RISK_PERSONAS))
    for column, value in ((Customer.owner_id, owner_id), (Customer.segment, segment),
                          (CustomerHealth.effort, effort)):
        if value is not None:
            query = query.where(column == value)
    if not include_left:
        query = query.where(Customer.status.not_in(LEFT_STATUSES))
    if min_value is not None:
        query = query.where(Customer.value_per_year >= min_value)
    if customer_ids is not None:
        query = query.where(Customer.id.in_(customer_ids))
    rows = session.execute(query.order_by(SORTS[sort].nulls_last(), Customer.id)
                           .limit(limit).offset(offset)).all()
    return {"items": [{"customer": {"id": c.id, "name": c.name, "email": c.email,
                                    "segment": c.segment, "owner_id": c.owner_id,
                                    "value_per_year": c.value_per_year},
                       **health_dict(h)} for h, c in rows],
            "next_offset": offset + limit if len(rows) == limit else None}
