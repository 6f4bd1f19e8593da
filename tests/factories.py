"""Plain factory functions for test data (no factory framework)."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from amends.decide.staff import do_create_staff
from amends.models import ActivityEvent, Customer, Interaction, StaffUser
from amends.timeutil import utcnow

_seq = itertools.count(1)
PASSWORD = "correct horse battery"


def make_staff(session: Session, email: str, name: str, role: str = "agent",
               team: str | None = None, password: str = PASSWORD) -> StaffUser:
    return do_create_staff(session, email=email, name=name, role=role, team_name=team,
                           password=password)


def make_customer(session: Session, **fields: Any) -> Customer:
    n = next(_seq)
    values: dict[str, Any] = {"external_id": f"cust-{n}", "name": f"Customer {n}",
                              "email": f"customer{n}@example.com", "attributes": {}}
    values.update(fields)
    values.setdefault("email_key", (values.get("email") or "").lower() or None)
    customer = Customer(**values)
    session.add(customer)
    session.flush()
    return customer


def make_interaction(session: Session, customer: Customer, text: str = "hello",
                     when: datetime | None = None, **fields: Any) -> Interaction:
    n = next(_seq)
    values: dict[str, Any] = {"customer_id": customer.id, "channel": "email", "text": text,
                              "occurred_at": when or utcnow() - timedelta(hours=1),
                              "source": "test", "external_id": f"i-{n}", "meta": {}}
    values.update(fields)
    interaction = Interaction(**values)
    session.add(interaction)
    session.flush()
    return interaction


def make_activity(session: Session, customer: Customer, kind: str = "purchase",
                  when: datetime | None = None, **fields: Any) -> ActivityEvent:
    n = next(_seq)
    values: dict[str, Any] = {"customer_id": customer.id, "kind": kind,
                              "occurred_at": when or utcnow() - timedelta(days=1),
                              "source": "test", "external_id": f"a-{n}", "meta": {}}
    values.update(fields)
    event = ActivityEvent(**values)
    session.add(event)
    session.flush()
    return event


def interaction_payload(n: int = 0, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "customer": {"external_id": f"ext-{n % 7}", "email": f"person{n % 7}@example.com"},
        "channel": "email", "text": f"Message number {n}: where is my parcel?",
        "occurred_at": "2026-10-01T12:00:00Z", "source": "helpdesk", "external_id": f"msg-{n}"}
    payload.update(overrides)
    return payload
