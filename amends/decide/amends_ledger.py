"""Making amends: the compensation ledger, its recommendation and the policy cap.

Recommendation: a share of the customer's yearly value that grows with severity (minor
problems get an apology and the fix; major and critical ones also something of value),
with a floor so a small customer's serious problem is not answered with pennies.

Cap: what a customer is offered over a rolling year (offered, accepted or awaiting approval)
may not exceed `amends_cap_share` of their yearly value (or `amends_cap_unknown_value` when
the value is unknown). An offer above the cap waits for a manager's approval.

Settings read: amends_share (dict by level), amends_floor (dict by level), amends_cap_share,
amends_cap_unknown_value.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from amends.decide.cases import add_event, find_manager, get_case, get_staff, notify
from amends.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed
from amends.models import Customer
from amends.models.cases import AMENDS_KINDS, AmendsEntry, RecoveryCase
from amends.recovery.priority import severity_level
from amends.runtime import get_settings
from amends.timeutil import utcnow

SHARE = {"minor": 0.0, "major": 0.03, "critical": 0.08}
FLOOR = {"minor": 0.0, "major": 10.0, "critical": 25.0}
CAP_SHARE = 0.10
CAP_UNKNOWN_VALUE = 50.0
COUNTED = ("pending_approval", "offered", "accepted")
APPROVERS = ("manager", "admin")
KIND_BY_ISSUE = {"billing": "refund", "refund_return": "refund", "delivery_problem": "credit",
                 "delay": "credit", "product_quality": "credit", "price_value": "discount",
                 "policy": "waived_fee", "cancellation": "waived_fee"}


def _cap(customer: Customer, settings: Any) -> float:
    value = customer.value_per_year
    if value is None or value <= 0:
        return float(getattr(settings, "amends_cap_unknown_value", CAP_UNKNOWN_VALUE))
    return round(float(getattr(settings, "amends_cap_share", CAP_SHARE)) * value, 2)


def used_in_year(session: Session, customer_id: int, *, exclude_id: int | None = None) -> float:
    since = utcnow() - timedelta(days=365)
    query = select(func.coalesce(func.sum(AmendsEntry.value), 0.0)).where(
        AmendsEntry.customer_id == customer_id, AmendsEntry.status.in_(COUNTED),
        AmendsEntry.created_at >= since)
    if exclude_id is not None:
        query = query.where(AmendsEntry.id != exclude_id)
    return float(session.scalar(query) or 0.0)


def recommend(session: Session, case_id: int) -> dict[str, Any]:
    """The suggested kind and value, with the cap and what is left of it this year."""
    case = get_case(session, case_id)
    customer = session.get(Customer, case.customer_id)
    assert customer is not None
    settings = get_settings()
    level = severity_level(case.severity)
    shares = {**SHARE, **(getattr(settings, "amends_share", None) or {})}
    floors = {**FLOOR, **(getattr(settings, "amends_floor", None) or {})}
    value = (customer.value_per_year or 0.0) * shares[level]
    value = max(value, floors[level]) if shares[level] > 0 or floors[level] > 0 else 0.0
    cap = _cap(customer, settings)
    used = used_in_year(session, customer.id)
    remaining = max(cap - used, 0.0)
    kind = next((KIND_BY_ISSUE[i] for i in case.issues or [] if i in KIND_BY_ISSUE), "credit")
    if case.persona == "disengaged_silent" and level == "minor":
        kind = "gift"
    return {"case_id": case.id, "severity_level": level, "kind": kind,
            "value": round(min(value, remaining), 2), "uncapped_value": round(value, 2),
            "cap": cap, "used_this_year": round(used, 2), "remaining": round(remaining, 2),
            "reason": _reason(level, value, remaining)}


def _reason(level: str, value: float, remaining: float) -> str:
    if value == 0:
        return f"a {level} problem: apologise and fix it; compensation is not expected"
    if value > remaining:
        return f"a {level} problem; the policy cap leaves {remaining:.2f} this year"
    return f"a {level} problem, sized by the customer's yearly value"


def do_offer_amends(session: Session, case_id: int, *, staff_id: int, kind: str, value: float,
                    description: str = "") -> AmendsEntry:
    """Record an offer; above the yearly cap it waits for a manager (pending_approval)."""
    problems = []
    if kind not in AMENDS_KINDS:
        problems.append(FieldError("kind", f"must be one of {', '.join(AMENDS_KINDS)}"))
    if not isinstance(value, int | float) or value < 0 or value != value:
        problems.append(FieldError("value", "must be a number >= 0"))
    if problems:
        raise ValidationFailed("the offer is not valid", fields=problems)
    case = get_case(session, case_id)
    if case.status == "closed":
        raise Conflict(f"case {case.id} is closed", code="case_closed")
    staff = get_staff(session, staff_id)
    customer = session.get(Customer, case.customer_id)
    assert customer is not None
    settings = get_settings()
    cap = _cap(customer, settings)
    over = used_in_year(session, customer.id) + float(value) > cap + 1e-9
    auto_ok = staff.role in APPROVERS and over
    entry = AmendsEntry(case_id=case.id, customer_id=customer.id, kind=kind,
                        value=round(float(value), 2), description=description.strip(),
                        status="pending_approval" if over and not auto_ok else "offered",
                        recommended_value=recommend(session, case.id)["value"], cap_value=cap,
                        offered_by_id=staff.id)
    if auto_ok:  # a manager offering above the cap approves it by offering it
        entry.approved_by_id, entry.approved_at = staff.id, utcnow()
    session.add(entry)
    session.flush()
    event = add_event(session, case, "amends_offered",
                      f"{kind} worth {entry.value:.2f}"
                      + (" (above the cap: needs a manager's approval)"
                         if entry.status == "pending_approval" else ""),
                      actor_id=staff.id, data={"entry_id": entry.id, "status": entry.status})
    if entry.status == "pending_approval":
        _ask_approval(session, case, entry, event.message)
    return entry


def _ask_approval(session: Session, case: RecoveryCase, entry: AmendsEntry, text: str) -> None:
    manager = find_manager(session, case.team_id)
    event = add_event(session, case, "amends_approval", text,
                      data={"entry_id": entry.id, "manager_id": manager.id if manager else None})
    if manager is not None:
        customer = session.get(Customer, case.customer_id)
        notify(session, case, event, [manager.id], customer_name=customer.name if customer else "")


def get_entry(session: Session, case_id: int, entry_id: int) -> AmendsEntry:
    entry = session.get(AmendsEntry, entry_id)
    if entry is None or entry.case_id != case_id:
        raise NotFound(f"case {case_id} has no amends entry {entry_id}")
    return entry


def do_approve_amends(session: Session, case_id: int, entry_id: int, *, staff_id: int,
                      approve: bool = True) -> AmendsEntry:
    entry = get_entry(session, case_id, entry_id)
    staff = get_staff(session, staff_id)
    if staff.role not in APPROVERS:
        raise Forbidden("only a manager or an admin approves amends above the cap")
    if entry.status != "pending_approval":
        raise Conflict(f"this offer is {entry.status}, not waiting for approval",
                       code="not_pending")
    entry.status = "offered" if approve else "withdrawn"
    entry.approved_by_id, entry.approved_at = staff.id, utcnow()
    add_event(session, get_case(session, case_id),
              "amends_approved" if approve else "amends_refused",
              f"{entry.kind} worth {entry.value:.2f} {'approved' if approve else 'refused'}",
              actor_id=staff.id, data={"entry_id": entry.id})
    return entry


def do_decide_amends(session: Session, case_id: int, entry_id: int, *, staff_id: int,
                     accepted: bool) -> AmendsEntry:
    """Record the customer's answer to an offer."""
    entry = get_entry(session, case_id, entry_id)
    staff = get_staff(session, staff_id)
    if entry.status != "offered":
        raise Conflict(f"this offer is {entry.status}; only an offered one can be accepted "
                       "or declined", code="not_offered")
    entry.status = "accepted" if accepted else "declined"
    entry.decided_at = utcnow()
    add_event(session, get_case(session, case_id), "amends_decided",
              f"customer {entry.status} {entry.kind} worth {entry.value:.2f}",
              actor_id=staff.id, data={"entry_id": entry.id, "accepted": accepted})
    return entry


def entry_dict(e: AmendsEntry) -> dict[str, Any]:
    from amends.timeutil import isoformat

    return {"id": e.id, "case_id": e.case_id, "customer_id": e.customer_id, "kind": e.kind,
            "value": e.value, "description": e.description, "status": e.status,
            "recommended_value": e.recommended_value, "cap_value": e.cap_value,
            "offered_by_id": e.offered_by_id, "approved_by_id": e.approved_by_id,
            "approved_at": isoformat(e.approved_at), "decided_at": isoformat(e.decided_at),
            "created_at": isoformat(e.created_at)}
