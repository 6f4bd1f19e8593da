"""Read-only views of recovery: the case board, one case, analytics, learnings, root causes.

Recovery analytics measure the service-recovery paradox on the business's own data: for
each severity level, how many customers were still active 90 days after their problem,
split by how it was handled (resolved quickly = within the resolution SLA, resolved
slowly, not resolved within 90 days) beside customers who never had a problem.

Definitions (also shown in the JSON so a reader knows what a number means):
- *retained*: a purchase, order, login or visit at or after the reference moment + 90 days.
- reference moment: the case's opening; for customers with no case, the median opening of
  the cases in the table (so both groups are measured over the same calendar).
- only cases opened at least 90 days before `now` count (their answer is known).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from amends.business_hours import business_seconds_between
from amends.decide.amends_ledger import entry_dict
from amends.decide.cases import POSITIVE_ACTIVITY, get_case
from amends.models import ActivityEvent, Customer, StaffUser
from amends.models.cases import (
    OPEN_STATUSES,
    AmendsEntry,
    CaseDraft,
    CaseEvent,
    CaseEvidence,
    CaseStep,
    RecoveryCase,
)
from amends.recovery.priority import PRIORITY_ORDER, severity_level
from amends.runtime import get_settings
from amends.timeutil import isoformat, utcnow

RETENTION_DAYS = 90
GROUPS = ("resolved_quickly", "resolved_slowly", "not_resolved", "no_problem")
LEVELS = ("minor", "major", "critical")


def case_dict(c: RecoveryCase, customer_name: str | None = None,
              owner_name: str | None = None) -> dict[str, Any]:
    return {
        "id": c.id, "customer_id": c.customer_id, "customer_name": customer_name,
        "status": c.status, "trigger": c.trigger, "title": c.title,
        "issues": list(c.issues or []), "severity": c.severity,
        "severity_level": severity_level(c.severity), "persona": c.persona,
        "value_at_risk": c.value_at_risk, "priority": c.priority, "playbook": c.playbook,
        "owner_id": c.owner_id, "owner_name": owner_name, "team_id": c.team_id,
        "opened_at": isoformat(c.opened_at), "acknowledged_at": isoformat(c.acknowledged_at),
        "first_response_at": isoformat(c.first_response_at),
        "resolved_at": isoformat(c.resolved_at), "closed_at": isoformat(c.closed_at),
        "first_response_due": isoformat(c.first_response_due),
        "resolution_due": isoformat(c.resolution_due),
        "first_response_breached": c.first_response_breached,
        "resolution_breached": c.resolution_breached,
        "escalated_at": isoformat(c.escalated_at), "escalated_to_id": c.escalated_to_id,
        "fix": c.fix, "resolution_note": c.resolution_note, "root_cause": c.root_cause,
        "root_cause_note": c.root_cause_note, "outcome": c.outcome,
        "outcome_at": isoformat(c.outcome_at), "outcome_detail": c.outcome_detail or {},
    }


def _names(session: Session, model: Any, ids: set[int]) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(session.execute(select(model.id, model.name).where(model.id.in_(ids))).all())


def list_cases(session: Session, *, status: str | None = None, open_only: bool = False,
               owner_id: int | None = None, priority: str | None = None,
               customer_id: int | None = None, limit: int = 100,
               before_id: int | None = None) -> dict[str, Any]:
    """The case board: open cases first by priority and deadline; newest first otherwise."""
    conditions = []
    if status:
        conditions.append(RecoveryCase.status == status)
    if open_only:
        conditions.append(RecoveryCase.status.in_(OPEN_STATUSES))
    for column, value in [(RecoveryCase.owner_id, owner_id), (RecoveryCase.priority, priority),
                          (RecoveryCase.customer_id, customer_id)]:
        if value is not None:
            conditions.append(column == value)
    if before_id:
        conditions.append(RecoveryCase.id < before_id)
    rows = session.scalars(select(RecoveryCase).where(*conditions)
                           .order_by(RecoveryCase.id.desc()).limit(limit + 1)).all()
    page = list(rows[:limit])
    if open_only:
        page.sort(key=lambda c: (PRIORITY_ORDER.get(c.priority, 4),
                                 c.first_response_due or c.opened_at))
    customers = _names(session, Customer, {c.customer_id for c in page})
    owners = _names(session, StaffUser, {c.owner_id for c in page if c.owner_id})
    return {"items": [case_dict(c, customers.get(c.customer_id), owners.get(c.owner_id or 0))
                      for c in page],
            "next_cursor": str(page[-1].id) if len(rows) > limit and page else None}


def board(session: Session) -> dict[str, Any]:
    """Open cases grouped by status with counts by priority (the dashboard's board)."""
    data = list_cases(session, open_only=True, limit=1000)["items"]
    columns = {s: [c for c in data if c["status"] == s] for s in OPEN_STATUSES}
    return {"columns": columns, "by_priority": dict(Counter(c["priority"] for c in data)),
            "total": len(data)}


def _sla_state(c: RecoveryCase, now: datetime) -> dict[str, Any]:
    settings = get_settings()
    out = {}
    for clock, due, met in (("first_response", c.first_response_due, c.first_response_at),
                            ("resolution", c.resolution_due, c.resolved_at)):
        if due is None:
            continue
        left = None if met else business_seconds_between(now, due, settings) / 60
        out[clock] = {"due": isoformat(due), "met_at": isoformat(met),
                      "business_minutes_left": None if left is None else round(left, 1),
                      "breached": (met or now) > due}
    return out


def case_detail(session: Session, case_id: int, now: datetime | None = None) -> dict[str, Any]:
    c = get_case(session, case_id)
    now = now or utcnow()
    customer = session.get(Customer, c.customer_id)
    owner = session.get(StaffUser, c.owner_id) if c.owner_id else None
    staff = {s.id: s.name for s in session.scalars(select(StaffUser))}
    evidence = session.scalars(select(CaseEvidence).where(CaseEvidence.case_id == c.id)
                               .order_by(CaseEvidence.id)).all()
    steps = session.scalars(select(CaseStep).where(CaseStep.case_id == c.id)
                            .order_by(CaseStep.position)).all()
    events = session.scalars(select(CaseEvent).where(CaseEvent.case_id == c.id)
                             .order_by(CaseEvent.at, CaseEvent.id)).all()
    drafts = session.scalars(select(CaseDraft).where(CaseDraft.case_id == c.id)
                             .order_by(CaseDraft.id)).all()
    ledger = session.scalars(select(AmendsEntry).where(AmendsEntry.case_id == c.id)
                             .order_by(AmendsEntry.id)).all()
    return {
        "case": case_dict(c, customer.name if customer else None, owner.name if owner else None),
        "sla": _sla_state(c, now),
        "evidence": [{"id": e.id, "rule": e.rule, "ref_type": e.ref_type, "ref_id": e.ref_id,
                      "severity": e.severity, "issues": list(e.issues or []),
                      "summary": e.summary, "occurred_at": isoformat(e.occurred_at)}
                     for e in evidence],
        "steps": [{"id": s.id, "position": s.position, "key": s.key, "title": s.title,
                   "guidance": s.guidance, "done": s.done_at is not None,
                   "done_at": isoformat(s.done_at), "done_by_id": s.done_by_id,
                   "done_by": staff.get(s.done_by_id or 0), "notes": s.notes} for s in steps],
        "timeline": [{"id": e.id, "at": isoformat(e.at), "kind": e.kind, "message": e.message,
                      "actor_id": e.actor_id, "actor": staff.get(e.actor_id or 0, "Amends"),
                      "data": e.data or {}} for e in events],
        "drafts": [draft_dict(d) for d in drafts],
        "amends": [entry_dict(e) for e in ledger],
    }


def draft_dict(d: CaseDraft) -> dict[str, Any]:
    return {"id": d.id, "case_id": d.case_id, "kind": d.kind, "subject": d.subject,
            "body": d.body, "tone": d.tone or {}, "status": d.status,
            "created_at": isoformat(d.created_at), "sent_at": isoformat(d.sent_at),
            "sent_by_id": d.sent_by_id}


# --- analytics ----------------------------------------------------------------------------

def _quantiles(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"median": None, "p90": None, "mean": None, "n": 0}
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]
    return {"median": round(statistics.median(ordered), 2), "p90": round(p90, 2),
            "mean": round(statistics.fmean(ordered), 2), "n": len(ordered)}


def handling_group(c: RecoveryCase, horizon_days: int = RETENTION_DAYS) -> str:
    """resolved_quickly (within the SLA), resolved_slowly, or not_resolved (in 90 days)."""
    if c.resolved_at is None or c.resolved_at > c.opened_at + timedelta(days=horizon_days):
        return "not_resolved"
    if c.resolution_breached or (c.resolution_due is not None and c.resolved_at > c.resolution_due):
        return "resolved_slowly"
    return "resolved_quickly"


def _last_activity(session: Session, customer_ids: set[int]) -> dict[int, datetime]:
    out: dict[int, datetime] = {}
    ids = sorted(customer_ids)
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        out.update(dict(session.execute(
            select(ActivityEvent.customer_id, func.max(ActivityEvent.occurred_at))
            .where(ActivityEvent.customer_id.in_(part),
                   ActivityEvent.kind.in_(POSITIVE_ACTIVITY))
            .group_by(ActivityEvent.customer_id)).all()))
    return out


def recovery_paradox(session: Session, cases: list[RecoveryCase], now: datetime
                     ) -> dict[str, Any]:
    """Retention 90 days on, per severity level and handling group, with baseline."""
    horizon = timedelta(days=RETENTION_DAYS)
    matured = [c for c in cases if c.opened_at + horizon <= now]
    last = _last_activity(session, {c.customer_id for c in matured})
    table: dict[str, dict[str, dict[str, int]]] = {
        lvl: {g: {"customers": 0, "retained": 0} for g in GROUPS} for lvl in LEVELS}
    for c in matured:
        cell = table[severity_level(c.severity)][handling_group(c)]
        cell["customers"] += 1
        seen = last.get(c.customer_id)
        cell["retained"] += int(seen is not None and seen >= c.opened_at + horizon)
    baseline = _baseline(session, matured, now)
    for lvl in LEVELS:
        table[lvl]["no_problem"] = dict(baseline)
    rows = []
    for lvl in LEVELS:
        for group in GROUPS:
            cell = table[lvl][group]
            rate = cell["retained"] / cell["customers"] if cell["customers"] else None
            rows.append({"severity": lvl, "group": group, **cell,
                         "retention_rate": None if rate is None else round(rate, 4)})
    return {"rows": rows, "matured_cases": len(matured), "horizon_days": RETENTION_DAYS}


def _baseline(session: Session, matured: list[RecoveryCase], now: datetime) -> dict[str, int]:
    """Customers with no case ever, measured from the median opening of matured cases."""
    if not matured:
        return {"customers": 0, "retained": 0}
    openings = sorted(c.opened_at for c in matured)
    ref = openings[len(openings) // 2]
    with_case = select(RecoveryCase.customer_id)
    ids = set(session.scalars(select(Customer.id).where(
        Customer.id.not_in(with_case), Customer.created_at <= ref)).all())
    last = _last_activity(session, ids)
    cutoff = ref + timedelta(days=RETENTION_DAYS)
    return {"customers": len(ids), "retained": sum(1 for i in ids if last.get(i) and
                                                   last[i] >= cutoff)}


def analytics(session: Session, *, since: datetime | None = None,
              until: datetime | None = None, now: datetime | None = None) -> dict[str, Any]:
    """Time to respond and resolve (business hours), SLA breaches, recovery, amends cost,
    and the recovery paradox table, for cases opened in [since, until)."""
    now = now or utcnow()
    settings = get_settings()
    conditions = []
    if since:
        conditions.append(RecoveryCase.opened_at >= since)
    if until:
        conditions.append(RecoveryCase.opened_at < until)
    cases = list(session.scalars(select(RecoveryCase).where(*conditions)))
    first = [business_seconds_between(c.opened_at, c.first_response_at, settings) / 3600
             for c in cases if c.first_response_at]
    resolve = [business_seconds_between(c.opened_at, c.resolved_at, settings) / 3600
               for c in cases if c.resolved_at]
    judged = [c for c in cases if c.resolution_due is not None and
              (c.resolved_at is not None or c.resolution_due <= now)]
    breached = [c for c in judged if c.first_response_breached or c.resolution_breached]
    outcomes = Counter(c.outcome or "pending" for c in cases if c.resolved_at or c.closed_at)
    decided = outcomes["recovered"] + outcomes["not_recovered"]
    ids = [c.id for c in cases]
    cost = {"accepted": 0.0, "offered": 0.0, "pending_approval": 0.0}
    for start in range(0, len(ids), 500):
        for status, total in session.execute(
                select(AmendsEntry.status, func.sum(AmendsEntry.value))
                .where(AmendsEntry.case_id.in_(ids[start:start + 500]))
                .group_by(AmendsEntry.status)).all():
            if status in cost:
                cost[status] += float(total or 0)
    return {
        "period": {"since": isoformat(since), "until": isoformat(until), "now": isoformat(now)},
        "cases": {"opened": len(cases),
                  "open": sum(1 for c in cases if c.status in OPEN_STATUSES),
                  "resolved": sum(1 for c in cases if c.resolved_at),
                  "closed": sum(1 for c in cases if c.status == "closed"),
                  "by_priority": dict(Counter(c.priority for c in cases)),
                  "by_trigger": dict(Counter(c.trigger for c in cases))},
        "first_response_business_hours": _quantiles(first),
        "resolution_business_hours": _quantiles(resolve),
        "sla": {"judged": len(judged), "breached": len(breached),
                "breach_rate": round(len(breached) / len(judged), 4) if judged else None},
        "outcomes": dict(outcomes),
        "recovery_rate": round(outcomes["recovered"] / decided, 4) if decided else None,
        "amends_cost": {k: round(v, 2) for k, v in cost.items()},
        "paradox": recovery_paradox(session, cases, now),
    }


def root_cause_counts(session: Session, since: datetime | None = None) -> dict[str, Any]:
    query = (select(RecoveryCase.root_cause, func.count())
             .where(RecoveryCase.status == "closed", RecoveryCase.root_cause.is_not(None))
             .group_by(RecoveryCase.root_cause))
    if since:
        query = query.where(RecoveryCase.closed_at >= since)
    counts = dict(session.execute(query).all())
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    by_issue: dict[str, Counter[str]] = defaultdict(Counter)
    closed = session.scalars(select(RecoveryCase).where(
        RecoveryCase.status == "closed", RecoveryCase.root_cause.is_not(None),
        *([RecoveryCase.closed_at >= since] if since else []))).all()
    for c in closed:
        for issue in c.issues or ["unclassified"]:
            by_issue[c.root_cause or ""][issue] += 1
    return {"items": [{"root_cause": k, "cases": v,
                       "issues": dict(by_issue[k or ""].most_common(5))} for k, v in ordered],
            "total": sum(counts.values())}


def learnings(session: Session, *, limit: int = 50, root_cause: str | None = None
              ) -> dict[str, Any]:
    """Closed cases newest first with what went wrong, why, and what was learnt."""
    query = select(RecoveryCase).where(RecoveryCase.status == "closed")
    if root_cause:
        query = query.where(RecoveryCase.root_cause == root_cause)
    rows = session.scalars(query.order_by(RecoveryCase.closed_at.desc(), RecoveryCase.id.desc())
                           .limit(limit)).all()
    names = _names(session, Customer, {c.customer_id for c in rows})
    return {"items": [{"case_id": c.id, "customer_name": names.get(c.customer_id),
                       "closed_at": isoformat(c.closed_at), "issues": list(c.issues or []),
                       "severity_level": severity_level(c.severity),
                       "root_cause": c.root_cause, "note": c.root_cause_note,
                       "fix": c.fix, "outcome": c.outcome} for c in rows]}
