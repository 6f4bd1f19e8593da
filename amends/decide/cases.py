"""Recovery cases: open (or extend), assign, acknowledge, respond, work the playbook, resolve,
close with a root cause, and judge the outcome.

One incident, one case: `do_open_or_extend_case` adds evidence to the customer's open case
when there is one. The unique `open_key` makes this hold across concurrent workers; the
loser of a race adds its evidence to the winner's case. Every change writes a timeline
event; alerts go through the durable outbox keyed by event, so none is sent twice.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, false, func, or_, select, update
from sqlalchemy.orm import Session

from amends import hooks, jobs
from amends.db import insert_for
from amends.errors import Conflict, FieldError, NotFound, ValidationFailed
from amends.models import ActivityEvent, Customer, StaffUser, Team
from amends.models.cases import (
    ALERT_CHANNELS,
    DRAFT_KINDS,
    OPEN_STATUSES,
    AlertSubscription,
    CaseAlert,
    CaseDraft,
    CaseEvent,
    CaseEvidence,
    CaseStep,
    RecoveryCase,
)
from amends.recovery import sla
from amends.recovery.alerts import alert_text, build_payload, digest_payload
from amends.recovery.drafts import check_tone, describe_issues, render_draft
from amends.recovery.playbooks import choose_playbook
from amends.recovery.priority import PRIORITY_ORDER, compute_priority, more_urgent
from amends.runtime import get_settings
from amends.timeutil import isoformat, require_aware, utcnow

SLA_JOB = "case_sla_check"
ROOT_CAUSES = ("process", "product", "people", "policy", "communication", "third_party",
               "technical", "expectations", "other")
POSITIVE_ACTIVITY = ("purchase", "login", "order", "visit")
NEGATIVE_ACTIVITY = ("cancel",)
OUTCOME_DAYS = 28


@dataclass
class Finding:
    """What one detection rule saw in one source record."""

    rule: str
    severity: int
    ref_type: str
    ref_id: int
    occurred_at: datetime
    summary: str = ""
    issues: list[str] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)


# --- loading and access -------------------------------------------------------------------

def get_case(session: Session, case_id: int, *, lock: bool = False) -> RecoveryCase:
    case = session.get(RecoveryCase, case_id, with_for_update=lock or None)
    if case is None:
        raise NotFound(f"no case with id {case_id}")
    return case


def get_staff(session: Session, staff_id: int | None, field_name: str = "staff_id"
              ) -> StaffUser:
    staff = session.get(StaffUser, staff_id) if staff_id is not None else None
    if staff is None or not staff.is_active:
        raise ValidationFailed(f"no active staff user with id {staff_id}",
                               fields=[FieldError(field_name, "not an active staff user")])
    return staff


def _require_open(case: RecoveryCase, action: str) -> None:
    if not case.is_open:
        raise Conflict(f"case {case.id} is {case.status}: cannot {action}",
                       code="case_not_open")


def add_event(session: Session, case: RecoveryCase, kind: str, message: str = "", *,
              actor_id: int | None = None, at: datetime | None = None,
              data: dict[str, Any] | None = None) -> CaseEvent:
    event = CaseEvent(case_id=case.id, kind=kind, message=message, actor_id=actor_id,
                      at=at or utcnow(), data=data or {})
    session.add(event)
    session.flush()
    return event


# --- customer context (health snapshot when that feature is installed) --------------------

def customer_context(session: Session, customer: Customer) -> tuple[str | None, float | None]:
    """(persona, value at risk): from the latest health snapshot if there is one."""
    snapshot = _health_snapshot(session, customer.id)
    persona = getattr(snapshot, "persona", None) if snapshot is not None else None
    value = getattr(snapshot, "value_at_risk", None) if snapshot is not None else None
    return persona, value if value is not None else customer.value_per_year


def _health_snapshot(session: Session, customer_id: int) -> Any:
    """The customer's current health assessment, when the health feature is installed."""
    try:
        from amends.models.health import CustomerHealth
    except ImportError:
        return None
    return session.get(CustomerHealth, customer_id)


# --- opening and extending ----------------------------------------------------------------

def find_open_case(session: Session, customer_id: int) -> RecoveryCase | None:
    return session.scalar(select(RecoveryCase).where(RecoveryCase.open_key == customer_id))


def _finding_key(f: Finding) -> tuple[str, str, int]:
    return f.rule, f.ref_type, int(f.ref_id)


def _recorded(session: Session, findings: list[Finding]) -> dict[tuple[str, str, int], int]:
    """Which of these findings a case already holds (finding key -> case id), in one query."""
    if not findings:
        return {}
    keys = {_finding_key(f) for f in findings}
    rows = session.execute(select(CaseEvidence.rule, CaseEvidence.ref_type, CaseEvidence.ref_id,
                                  CaseEvidence.case_id)
                           .where(or_(*(and_(CaseEvidence.rule == rule,
                                             CaseEvidence.ref_type == ref_type,
                                             CaseEvidence.ref_id == ref_id)
                                        for rule, ref_type, ref_id in keys))))
    return {(rule, ref_type, int(ref_id)): case_id for rule, ref_type, ref_id, case_id in rows}


@dataclass
class _CustomerState:
    customer: Customer
    persona: str | None
    value: float | None
    open_case: RecoveryCase | None


def _customer_state(session: Session, customer_id: int) -> _CustomerState:
    """The customer, their health persona and value at risk, and their open case: one query
    (this runs for every bad message, so round trips count)."""
    from amends.models.health import CustomerHealth

    row = session.execute(
        select(Customer, CustomerHealth.persona, CustomerHealth.value_at_risk, RecoveryCase)
        .outerjoin(CustomerHealth, CustomerHealth.customer_id == Customer.id)
        .outerjoin(RecoveryCase, RecoveryCase.open_key == Customer.id)
        .where(Customer.id == customer_id)).first()
    if row is None:
        raise NotFound(f"no customer with id {customer_id}")
    customer, persona, value, case = row
    return _CustomerState(customer, persona,
                          value if value is not None else customer.value_per_year, case)


def _new_case(session: Session, state: _CustomerState, findings: list[Finding], now: datetime
              ) -> RecoveryCase | None:
    """Insert a fully set-up case (owner, playbook, deadlines) in one statement; None if
    another transaction opened the customer's case first (the unique open_key)."""
    settings = get_settings()
    customer, first = state.customer, findings[0]
    severity = max(int(f.severity) for f in findings)
    issues = list(dict.fromkeys(i for f in findings for i in f.issues))
    priority = compute_priority(severity, state.value, state.persona,
                                [f.rule for f in findings], settings)
    owner = choose_owner(session, customer, settings)
    due = sla.deadlines(now, priority, settings)
    values = dict(
        customer_id=customer.id, open_key=customer.id, status="new", trigger=first.rule,
        title=(first.summary or first.rule.replace("_", " "))[:300], issues=issues,
        severity=severity, persona=state.persona, value_at_risk=state.value, opened_at=now,
        outcome_detail={}, priority=priority,
        playbook=choose_playbook(state.persona, issues).name,
        owner_id=owner.id if owner else None, team_id=owner.team_id if owner else None,
        assigned_at=now if owner else None,
        first_response_due=due.first_response_due, resolution_due=due.resolution_due,
        first_response_warn_at=due.first_response_warn, resolution_warn_at=due.resolution_warn)
    stmt = (insert_for(session, RecoveryCase).values(**values)
            .on_conflict_do_nothing(index_elements=["open_key"]).returning(RecoveryCase))
    case: RecoveryCase | None = session.scalars(stmt).first()
    return case


def do_open_or_extend_case(session: Session, customer_id: int,
                           findings: Finding | list[Finding], *, now: datetime | None = None,
                           actor_id: int | None = None) -> tuple[RecoveryCase | None, bool]:
    """Record findings on the customer's open case, opening one if there is none.

    Returns (case, opened). Findings already recorded (same rule and source) change
    nothing; when all are, it returns (their case, False). Pass every finding about one
    message together: the case then opens once, at the right priority, with one alert.
    """
    now = require_aware(now) if now else utcnow()
    batch = [findings] if isinstance(findings, Finding) else list(findings)
    held = _recorded(session, batch)
    fresh = [f for f in batch if _finding_key(f) not in held]
    if not fresh:
        case_id = held.get(_finding_key(batch[0])) if batch else None
        return (session.get(RecoveryCase, case_id) if case_id else None), False
    fresh.sort(key=lambda f: -int(f.severity))
    state = _customer_state(session, customer_id)
    case, opened = state.open_case, False
    if case is None:
        case = _new_case(session, state, fresh, now)
        opened = case is not None
        if case is None:  # lost the race: the winner's case is visible now
            case = find_open_case(session, customer_id)
            if case is None:
                raise Conflict("could not open or find the customer's case; retry")
    added = _add_evidence(session, case, fresh, now)
    if not added:
        return case, False
    if opened:
        _setup_new_case(session, case, state.customer, added, now, actor_id)
    else:
        _extend_case(session, case, added, now)
    return case, opened


def _add_evidence(session: Session, case: RecoveryCase, findings: list[Finding], now: datetime
                  ) -> list[Finding]:
    """Record the findings on the case in one statement; returns those that were new."""
    rows = [dict(case_id=case.id, customer_id=case.customer_id, rule=f.rule,
                 ref_type=f.ref_type, ref_id=f.ref_id, severity=int(f.severity),
                 issues=list(f.issues), summary=f.summary[:2000], detail=f.detail,
                 occurred_at=f.occurred_at, created_at=now) for f in findings]
    stmt = (insert_for(session, CaseEvidence).values(rows)
            .on_conflict_do_nothing(index_elements=["rule", "ref_type", "ref_id"])
            .returning(CaseEvidence.rule, CaseEvidence.ref_type, CaseEvidence.ref_id))
    inserted = {(rule, ref_type, int(ref_id)) for rule, ref_type, ref_id in session.execute(stmt)}
    return [f for f in findings if _finding_key(f) in inserted]


def _setup_new_case(session: Session, case: RecoveryCase, customer: Customer,
                    findings: list[Finding], now: datetime, actor_id: int | None) -> None:
    """Steps, the first SLA check, the timeline's first event and the alert of a new case."""
    book = choose_playbook(case.persona, list(case.issues))
    session.add_all([CaseStep(case_id=case.id, position=position, key=step.key,
                              title=step.title, guidance=step.guidance)
                     for position, step in enumerate(book.steps, start=1)])
    schedule_next_check(session, case, after=None)
    first = findings[0]
    event = add_event(session, case, "opened", first.summary or f"opened by rule {first.rule}",
                      actor_id=actor_id, at=now,
                      data={"rules": [f.rule for f in findings], "ref_type": first.ref_type,
                            "ref_id": first.ref_id, "priority": case.priority,
                            "owner_id": case.owner_id, "playbook": book.name})
    recipients = [case.owner_id] if case.owner_id else []
    if not recipients:
        manager = find_manager(session, case.team_id)
        recipients = [manager.id] if manager else []
    notify(session, case, event, recipients, customer_name=customer.name)


def _extend_case(session: Session, case: RecoveryCase, findings: list[Finding],
                 now: datetime) -> None:
    settings = get_settings()
    old_priority = case.priority
    case.severity = max(case.severity, *(int(f.severity) for f in findings))
    case.issues = list(dict.fromkeys([*(case.issues or []),
                                      *(i for f in findings for i in f.issues)]))
    fresh = compute_priority(case.severity, case.value_at_risk, case.persona,
                             [f.rule for f in findings], settings)
    case.priority = more_urgent(case.priority, fresh)
    for f in findings:
        add_event(session, case, "evidence", f.summary or f"rule {f.rule}", at=now,
                  data={"rule": f.rule, "ref_type": f.ref_type, "ref_id": f.ref_id,
                        "severity": int(f.severity)})
    if case.priority != old_priority:
        _set_deadlines(session, case, settings)
        event = add_event(session, case, "priority_raised",
                          f"priority {old_priority.upper()} -> {case.priority.upper()}", at=now,
                          data={"from": old_priority, "to": case.priority})
        customer = session.get(Customer, case.customer_id)
        notify(session, case, event, [case.owner_id] if case.owner_id else [],
               customer_name=customer.name if customer else "")


def do_open_case_manually(session: Session, *, customer_id: int, staff_id: int, title: str,
                          severity: int, issues: list[str] | None = None
                          ) -> RecoveryCase:
    """A case opened by a person (a phone call, a letter): evidence is the staff note."""
    get_staff(session, staff_id)
    if find_open_case(session, customer_id) is not None:
        raise Conflict("this customer already has an open case: add to it instead",
                       code="case_already_open")
    if not 0 <= severity <= 100:
        raise ValidationFailed("severity must be 0-100",
                               fields=[FieldError("severity", "must be 0-100")])
    now = utcnow()
    marker = secrets.randbits(62)  # a manual case has no source record to key it on
    finding = Finding("manual", severity, "staff_note", marker, now, title, issues or [],
                      {"staff_id": staff_id})
    case, _ = do_open_or_extend_case(session, customer_id, finding, now=now, actor_id=staff_id)
    assert case is not None
    return case


# --- owners and managers ------------------------------------------------------------------

def _team_by_name(session: Session, name: str | None) -> Team | None:
    return session.scalar(select(Team).where(Team.name == name)) if name else None


def choose_owner(session: Session, customer: Customer, settings: Any) -> StaffUser | None:
    """The customer's owner, else round-robin within the recovery team, else a manager."""
    owner = session.get(StaffUser, customer.owner_id) if customer.owner_id else None
    if owner is not None and owner.is_active:
        return owner
    team = _team_by_name(session, getattr(settings, "recovery_team", None))
    team_id = team.id if team else (owner.team_id if owner else None)
    if team_id is not None:
        picked = round_robin(session, team_id)
        if picked is not None:
            return picked
    return find_manager(session, team_id)


def round_robin(session: Session, team_id: int) -> StaffUser | None:
    """The team member who was given a case least recently (never first; ties by id)."""
    last = (select(RecoveryCase.owner_id, func.max(RecoveryCase.assigned_at).label("last"))
            .group_by(RecoveryCase.owner_id).subquery())
    row = session.execute(
        select(StaffUser).outerjoin(last, last.c.owner_id == StaffUser.id)
        .where(StaffUser.team_id == team_id, StaffUser.is_active.is_(True),
               StaffUser.role.in_(("agent", "manager")))
        .order_by(last.c.last.is_not(None), last.c.last, StaffUser.id).limit(1)).first()
    return row[0] if row else None


def find_manager(session: Session, team_id: int | None) -> StaffUser | None:
    """A manager of the team, else any manager, else an admin (lowest id first)."""
    base = select(StaffUser).where(StaffUser.is_active.is_(True)).order_by(StaffUser.id)
    choices = []
    if team_id is not None:
        choices.append(base.where(StaffUser.role == "manager", StaffUser.team_id == team_id))
    choices += [base.where(StaffUser.role == "manager"), base.where(StaffUser.role == "admin")]
    for query in choices:
        found = session.scalar(query.limit(1))
        if found is not None:
            return found
    return None


def do_assign(session: Session, case_id: int, *, staff_id: int, actor_id: int | None = None
              ) -> RecoveryCase:
    case = get_case(session, case_id)
    _require_open(case, "reassign it")
    staff = get_staff(session, staff_id)
    previous = case.owner_id
    case.owner_id, case.team_id, case.assigned_at = staff.id, staff.team_id, utcnow()
    event = add_event(session, case, "assigned", f"assigned to {staff.name}", actor_id=actor_id,
                      data={"from": previous, "to": staff.id})
    customer = session.get(Customer, case.customer_id)
    if staff.id != actor_id:
        notify(session, case, event, [staff.id], customer_name=customer.name if customer else "")
    return case


# --- SLA ----------------------------------------------------------------------------------

def _set_deadlines(session: Session, case: RecoveryCase, settings: Any) -> None:
    due = sla.deadlines(case.opened_at, case.priority, settings)
    case.first_response_due, case.resolution_due = due.first_response_due, due.resolution_due
    case.first_response_warn_at, case.resolution_warn_at = (due.first_response_warn,
                                                            due.resolution_warn)
    schedule_next_check(session, case, after=None)


def _pending_moments(case: RecoveryCase) -> list[datetime]:
    """Warn and due moments of the clocks still running, not yet acted on."""
    out = []
    for clock in sla.CLOCKS:
        met = case.first_response_at if clock == "first_response" else case.resolved_at
        if met is not None or case.status == "closed":
            continue
        if not getattr(case, f"{clock}_warned") and getattr(case, f"{clock}_warn_at"):
            out.append(getattr(case, f"{clock}_warn_at"))
        if not getattr(case, f"{clock}_breached") and getattr(case, f"{clock}_due"):
            out.append(getattr(case, f"{clock}_due"))
    return out


def schedule_next_check(session: Session, case: RecoveryCase, after: datetime | None) -> None:
    """One job at the next SLA moment; each check schedules the one after it (the periodic
    sweep is the safety net). The key holds the moment, so a re-run queues nothing new."""
    moments = [m for m in _pending_moments(case) if after is None or m > after]
    if moments:
        when = min(moments)
        jobs.enqueue(session, SLA_JOB, {"case_id": case.id}, run_after=when, priority=15,
                     dedupe_key=f"case-sla:{case.id}:{int(when.timestamp())}")


def _flip(session: Session, case: RecoveryCase, column: str) -> bool:
    """Set a boolean flag once across concurrent workers (a conditional update)."""
    col = getattr(RecoveryCase, column)
    result = session.execute(update(RecoveryCase).where(RecoveryCase.id == case.id,
                                                        col.is_(False))
                             .values({column: True}).execution_options(
                                 synchronize_session=False))
    if result.rowcount == 1:  # type: ignore[attr-defined]
        setattr(case, column, True)
        return True
    return False


def check_case_sla(session: Session, case_id: int, now: datetime | None = None) -> list[str]:
    """Warn before and escalate at each missed deadline; returns what happened."""
    now = now or utcnow()
    case = session.get(RecoveryCase, case_id)
    if case is None:
        return []
    done: list[str] = []
    for clock in sla.CLOCKS:
        met = case.first_response_at if clock == "first_response" else case.resolved_at
        if met is not None or case.status == "closed":
            continue
        warn_at, due_at = getattr(case, f"{clock}_warn_at"), getattr(case, f"{clock}_due")
        if due_at is not None and now >= due_at and _flip(session, case, f"{clock}_breached"):
            _flip(session, case, f"{clock}_warned")  # no warning after the breach
            _breach(session, case, clock, due_at)
            done.append(f"{clock}_breach")
        elif warn_at is not None and now >= warn_at and _flip(session, case, f"{clock}_warned"):
            _warn(session, case, clock, due_at)
            done.append(f"{clock}_warning")
    schedule_next_check(session, case, after=now)
    return done


def _clock_label(clock: str) -> str:
    return "first response" if clock == "first_response" else "resolution"


def _warn(session: Session, case: RecoveryCase, clock: str, due_at: datetime | None) -> None:
    event = add_event(session, case, "sla_warning",
                      f"{_clock_label(clock)} due at {isoformat(due_at)}",
                      data={"clock": clock, "due": isoformat(due_at)})
    customer = session.get(Customer, case.customer_id)
    notify(session, case, event, [case.owner_id] if case.owner_id else [],
           customer_name=customer.name if customer else "")


def _breach(session: Session, case: RecoveryCase, clock: str, due_at: datetime | None) -> None:
    event = add_event(session, case, "sla_breach",
                      f"{_clock_label(clock)} target missed (due {isoformat(due_at)})",
                      data={"clock": clock, "due": isoformat(due_at)})
    customer = session.get(Customer, case.customer_id)
    name = customer.name if customer else ""
    notify(session, case, event, [case.owner_id] if case.owner_id else [], customer_name=name)
    do_escalate(session, case, f"{_clock_label(clock)} SLA breached", customer_name=name)


def do_escalate(session: Session, case: RecoveryCase, reason: str, *,
                actor_id: int | None = None, customer_name: str = "") -> StaffUser | None:
    """Bring in a manager (not the owner); each escalation is an event and an alert."""
    manager = find_manager(session, case.team_id)
    if manager is not None and manager.id == case.owner_id:
        admin = session.scalar(select(StaffUser).where(
            StaffUser.is_active.is_(True), StaffUser.role.in_(("admin", "manager")),
            StaffUser.id != case.owner_id).order_by(StaffUser.id).limit(1))
        manager = admin or manager
    case.escalated_at = utcnow()
    case.escalated_to_id = manager.id if manager else None
    event = add_event(session, case, "escalated", reason, actor_id=actor_id,
                      data={"to": case.escalated_to_id})
    if manager is not None:
        notify(session, case, event, [manager.id], customer_name=customer_name)
    return manager


def sla_sweep(session: Session, now: datetime | None = None) -> int:
    """The safety net behind the scheduled checks: every open case past a warn time."""
    now = now or utcnow()
    ids = session.scalars(select(RecoveryCase.id).where(
        RecoveryCase.status.in_(OPEN_STATUSES + ("resolved",)),
        ((RecoveryCase.first_response_warned.is_(False)
          & (RecoveryCase.first_response_warn_at <= now)
          & RecoveryCase.first_response_at.is_(None))
         | (RecoveryCase.first_response_breached.is_(False)
            & (RecoveryCase.first_response_due <= now)
            & RecoveryCase.first_response_at.is_(None))
         | (RecoveryCase.resolution_warned.is_(False)
            & (RecoveryCase.resolution_warn_at <= now) & RecoveryCase.resolved_at.is_(None))
         | (RecoveryCase.resolution_breached.is_(False)
            & (RecoveryCase.resolution_due <= now) & RecoveryCase.resolved_at.is_(None))))
        .limit(1000)).all()
    return sum(len(check_case_sla(session, case_id, now)) for case_id in ids)


# --- working the case ---------------------------------------------------------------------

def do_acknowledge(session: Session, case_id: int, *, staff_id: int) -> RecoveryCase:
    case = get_case(session, case_id)
    _require_open(case, "acknowledge it")
    staff = get_staff(session, staff_id)
    if case.acknowledged_at is None:
        case.acknowledged_at = utcnow()
    if case.status == "new":
        case.status = "acknowledged"
    if case.owner_id is None:
        case.owner_id, case.team_id, case.assigned_at = staff.id, staff.team_id, utcnow()
    add_event(session, case, "acknowledged", f"acknowledged by {staff.name}", actor_id=staff.id)
    return case


def do_record_response(session: Session, case_id: int, *, staff_id: int | None,
                       channel: str = "other", note: str = "", at: datetime | None = None
                       ) -> RecoveryCase:
    """The customer heard from us (a sent draft, a call, an outbound message)."""
    case = get_case(session, case_id)
    at = require_aware(at) if at else utcnow()
    if staff_id is not None:
        get_staff(session, staff_id)
    if case.first_response_at is None:
        case.first_response_at = at
    if case.status in ("new", "acknowledged"):
        case.status = "in_progress"
    add_event(session, case, "response", note or f"responded by {channel}", actor_id=staff_id,
              at=at, data={"channel": channel})
    return case


def do_start(session: Session, case_id: int, *, staff_id: int) -> RecoveryCase:
    case = get_case(session, case_id)
    _require_open(case, "start it")
    get_staff(session, staff_id)
    if case.status != "in_progress":
        case.status = "in_progress"
        add_event(session, case, "status", "in progress", actor_id=staff_id,
                  data={"status": "in_progress"})
    return case


def do_add_note(session: Session, case_id: int, *, staff_id: int, text: str) -> CaseEvent:
    case = get_case(session, case_id)
    get_staff(session, staff_id)
    if not text.strip():
        raise ValidationFailed("a note needs text", fields=[FieldError("text", "empty")])
    return add_event(session, case, "note", text.strip()[:10_000], actor_id=staff_id)


def do_complete_step(session: Session, case_id: int, step_id: int, *, staff_id: int,
                     notes: str | None = None) -> CaseStep:
    case = get_case(session, case_id)
    _require_open(case, "complete a step")
    staff = get_staff(session, staff_id)
    step = session.get(CaseStep, step_id)
    if step is None or step.case_id != case.id:
        raise NotFound(f"case {case_id} has no step {step_id}")
    if step.done_at is not None:
        raise Conflict(f"step {step.position} ({step.title}) is already done",
                       code="step_done")
    step.done_at, step.done_by_id, step.notes = utcnow(), staff.id, notes
    if case.status in ("new", "acknowledged"):
        case.status = "in_progress"
        if case.acknowledged_at is None:
            case.acknowledged_at = step.done_at
    add_event(session, case, "step_done", f"{step.position}. {step.title}", actor_id=staff.id,
              data={"step_id": step.id, "key": step.key, "notes": notes})
    return step


# --- drafts -------------------------------------------------------------------------------

def _draft_values(session: Session, case: RecoveryCase, staff: StaffUser) -> dict[str, str]:
    customer = session.get(Customer, case.customer_id)
    name = (customer.name if customer else "") or "there"
    settings = get_settings()
    return {"first_name": name.split()[0], "customer_name": name,
            "issue": describe_issues(list(case.issues or [])),
            "fix": case.fix or "[describe the fix here]", "staff_name": staff.name,
            "business_name": getattr(settings, "business_name", "") or "The team",
            "case_ref": f"case #{case.id}"}


def do_create_draft(session: Session, case_id: int, *, kind: str, staff_id: int) -> CaseDraft:
    if kind not in DRAFT_KINDS:
        raise ValidationFailed(f"kind must be one of {', '.join(DRAFT_KINDS)}",
                               fields=[FieldError("kind", "unknown draft kind")])
    case = get_case(session, case_id)
    staff = get_staff(session, staff_id)
    draft = render_draft(kind, _draft_values(session, case, staff), case.persona)
    row = CaseDraft(case_id=case.id, kind=kind, subject=draft.subject, body=draft.body,
                    tone=check_tone(draft.body, kind), created_by_id=staff.id)
    session.add(row)
    session.flush()
    add_event(session, case, "draft_created", f"{kind} draft", actor_id=staff.id,
              data={"draft_id": row.id})
    return row


def get_draft(session: Session, case_id: int, draft_id: int) -> CaseDraft:
    draft = session.get(CaseDraft, draft_id)
    if draft is None or draft.case_id != case_id:
        raise NotFound(f"case {case_id} has no draft {draft_id}")
    return draft


def do_update_draft(session: Session, case_id: int, draft_id: int, *, staff_id: int,
                    subject: str | None = None, body: str | None = None) -> CaseDraft:
    draft = get_draft(session, case_id, draft_id)
    get_staff(session, staff_id)
    if draft.status == "sent":
        raise Conflict("this draft was already sent", code="draft_sent")
    if body is not None and not body.strip():
        raise ValidationFailed("the message is empty", fields=[FieldError("body", "empty")])
    if subject is not None:
        draft.subject = subject[:300]
    if body is not None:
        draft.body = body
    draft.tone = check_tone(draft.body, draft.kind)
    return draft


def do_send_draft(session: Session, case_id: int, draft_id: int, *, staff_id: int,
                  override_tone: bool = False) -> CaseDraft:
    """Email the draft to the customer (through the outbox); counts as a response."""
    from amends.notify.outbox import do_queue_message

    draft = get_draft(session, case_id, draft_id)
    staff = get_staff(session, staff_id)
    if draft.status == "sent":
        raise Conflict("this draft was already sent", code="draft_sent")
    draft.tone = check_tone(draft.body, draft.kind)
    if draft.tone.get("flags") and not override_tone:
        raise Conflict("the tone check flagged this draft: " + ", ".join(draft.tone["flags"])
                       + "; edit it, or send with override_tone", code="tone_flagged")
    if "[describe the fix here]" in draft.body:
        raise ValidationFailed("the draft still has the placeholder for the fix",
                               fields=[FieldError("body", "replace [describe the fix here]")])
    case = get_case(session, case_id)
    customer = session.get(Customer, case.customer_id)
    if customer is None or not customer.email:
        raise Conflict("the customer has no email address", code="no_email")
    do_queue_message(session, channel="email", recipient=customer.email,
                     payload={"subject": draft.subject, "text": draft.body,
                              "reply_to": staff.email},
                     dedupe_key=f"case-draft:{draft.id}")
    draft.status, draft.sent_at, draft.sent_by_id = "sent", utcnow(), staff.id
    add_event(session, case, "draft_sent", f"{draft.kind} sent to the customer",
              actor_id=staff.id, data={"draft_id": draft.id, "tone": draft.tone.get("flags")})
    do_record_response(session, case.id, staff_id=staff.id, channel="email",
                       note=f"{draft.kind} emailed", at=draft.sent_at)
    return draft


# --- resolving, closing, outcome ----------------------------------------------------------

def do_resolve_case(session: Session, case_id: int, *, staff_id: int, note: str = "",
                    fix: str | None = None) -> RecoveryCase:
    case = get_case(session, case_id, lock=True)
    _require_open(case, "resolve it")
    staff = get_staff(session, staff_id)
    now = utcnow()
    case.status, case.resolved_at, case.open_key = "resolved", now, None
    case.resolution_note = note or case.resolution_note
    case.fix = fix or case.fix
    if case.first_response_at is None:
        case.first_response_at = now  # the resolution reached the customer
    session.flush()
    add_event(session, case, "resolved", note or "resolved", actor_id=staff.id,
              data={"fix": case.fix})
    hooks.fire(session, "case_resolved", case_id=case.id)
    return case


def do_close_case(session: Session, case_id: int, *, staff_id: int, root_cause: str,
                  note: str = "") -> RecoveryCase:
    """Close with a root cause (required: fix causes, not cases)."""
    case = get_case(session, case_id, lock=True)
    staff = get_staff(session, staff_id)
    causes = root_causes(get_settings())
    if root_cause not in causes:
        raise ValidationFailed(f"root_cause must be one of {', '.join(causes)}",
                               fields=[FieldError("root_cause", "unknown root cause")])
    if case.status == "closed":
        raise Conflict(f"case {case.id} is already closed", code="case_closed")
    case.status, case.closed_at, case.open_key = "closed", utcnow(), None
    case.root_cause, case.root_cause_note = root_cause, note.strip() or None
    add_event(session, case, "closed", f"root cause: {root_cause}" + (f": {note}" if note else ""),
              actor_id=staff.id, data={"root_cause": root_cause, "resolved": bool(
                  case.resolved_at)})
    return case


def root_causes(settings: Any) -> tuple[str, ...]:
    return tuple(getattr(settings, "root_cause_categories", None) or ROOT_CAUSES)


def outcome_days(settings: Any) -> int:
    return int(getattr(settings, "recovery_outcome_days", OUTCOME_DAYS))


def do_evaluate_outcome(session: Session, case_id: int, now: datetime | None = None
                        ) -> str | None:
    """Recovered, not recovered or unknown: from the follow-up answer and later behaviour.

    A cancellation or churn after the fix means not recovered whatever the survey said;
    otherwise the follow-up answer decides; otherwise buying, logging in or ordering again
    within the window means recovered. With no signal the outcome stays open until the
    window ends, then it is "unknown".
    """
    now = now or utcnow()
    case = get_case(session, case_id)
    start = case.resolved_at or case.closed_at
    if start is None:
        return None
    settings = get_settings()
    window_end = start + timedelta(days=outcome_days(settings))
    kinds = dict(session.execute(
        select(ActivityEvent.kind, func.count()).where(
            ActivityEvent.customer_id == case.customer_id, ActivityEvent.occurred_at > start,
            ActivityEvent.occurred_at <= min(now, window_end))
        .group_by(ActivityEvent.kind)).all())
    positive = sum(kinds.get(k, 0) for k in POSITIVE_ACTIVITY)
    cancelled = sum(kinds.get(k, 0) for k in NEGATIVE_ACTIVITY) > 0
    customer = session.get(Customer, case.customer_id)
    churned = customer is not None and customer.status in ("churned", "closed")
    answer = followup_answer(session, case.id)
    if cancelled or churned:
        outcome: str | None = "not_recovered"
    elif answer == "negative":
        outcome = "not_recovered"
    elif answer == "positive" or positive > 0:
        outcome = "recovered"
    else:
        outcome = "unknown" if now >= window_end else None
    detail = {"survey": answer, "activity_after": positive, "cancelled": cancelled,
              "churned": churned, "final": now >= window_end}
    if outcome != case.outcome or detail != case.outcome_detail:
        if outcome is not None and outcome != case.outcome:
            add_event(session, case, "outcome", outcome.replace("_", " "), data=detail)
        case.outcome, case.outcome_detail = outcome, detail
        case.outcome_at = now if outcome is not None else None
    return outcome


def followup_answer(session: Session, case_id: int) -> str | None:
    """positive | neutral | negative from the follow-up survey about this case, if answered."""
    try:
        from amends.models.surveys import Survey, SurveyInvitation, SurveyResponse
    except ImportError:
        return None
    row = session.execute(
        select(Survey.kind, SurveyResponse.score, SurveyResponse.bad_experience)
        .join(SurveyInvitation, SurveyInvitation.id == SurveyResponse.invitation_id)
        .join(Survey, Survey.id == SurveyResponse.survey_id)
        .where(SurveyInvitation.context_type == "case",
               SurveyInvitation.context_id == str(case_id))
        .order_by(SurveyResponse.answered_at.desc()).limit(1)).first()
    return None if row is None else survey_polarity(row[0], row[1], row[2])


def survey_polarity(kind: str, score: int, bad: bool) -> str:
    """Map an answer to negative / neutral / positive (the scales' passive middles)."""
    if bad:
        return "negative"
    neutral = {"csat": {3}, "nps": {7, 8}, "ces": {4}}.get(kind, set())
    return "neutral" if score in neutral else "positive"


def evaluate_due_outcomes(session: Session, now: datetime | None = None) -> int:
    """Re-judge every case still inside its outcome window (plus a day of slack)."""
    now = now or utcnow()
    horizon = now - timedelta(days=outcome_days(get_settings()) + 1)
    ids = session.scalars(select(RecoveryCase.id).where(
        RecoveryCase.status.in_(("resolved", "closed")),
        func.coalesce(RecoveryCase.resolved_at, RecoveryCase.closed_at) >= horizon)).all()
    for case_id in ids:
        do_evaluate_outcome(session, case_id, now)
    return len(ids)


def priority_rank(priority: str) -> int:
    return PRIORITY_ORDER.get(priority, 4)


# --- alerts -------------------------------------------------------------------------------

def _wants(sub: AlertSubscription, case: RecoveryCase) -> bool:
    return priority_rank(case.priority) <= priority_rank(sub.min_priority)


def notify(session: Session, case: RecoveryCase, event: CaseEvent,
           recipient_ids: Sequence[int | None], *, customer_name: str) -> int:
    """Alert each recipient (and the shared channels) about `event`; returns messages queued.

    Every alert is recorded for the person's digest; real-time messages go through the
    outbox with a key per (event, subscription), so a re-run never sends one twice. A
    person with no subscription gets email when SMTP is configured.
    """
    from amends.notify.outbox import do_queue_message

    settings = get_settings()
    text = alert_text(event.kind, case, customer_name, event.message)
    staff_ids = sorted({i for i in recipient_ids if i is not None})
    subs = session.scalars(select(AlertSubscription).where(
        AlertSubscription.active.is_(True),
        (AlertSubscription.staff_id.in_(staff_ids) if staff_ids else false())
        | AlertSubscription.staff_id.is_(None))).all()
    queued = 0
    for staff_id in staff_ids:
        session.execute(insert_for(session, CaseAlert).values(
            case_id=case.id, event_id=event.id, staff_id=staff_id, kind=event.kind, text=text,
            created_at=utcnow()).on_conflict_do_nothing(index_elements=["event_id", "staff_id"]))
    targets: list[tuple[str, str, str]] = []
    for sub in subs:
        if not sub.digest and _wants(sub, case):
            targets.append((sub.channel, sub.target, f"sub{sub.id}"))
    for staff_id in staff_ids:
        if not any(s.staff_id == staff_id for s in subs) and settings.smtp_host:
            staff = session.get(StaffUser, staff_id)
            if staff is not None and staff.is_active:
                targets.append(("email", staff.email, f"staff{staff_id}"))
    for channel, target, tag in targets:
        payload = build_payload(channel, kind=event.kind, case=case,
                                customer_name=customer_name, message=event.message,
                                event_id=event.id, base_url=settings.base_url)
        do_queue_message(session, channel=channel, recipient=target, payload=payload,
                         dedupe_key=f"case-alert:{event.id}:{tag}")
        queued += 1
    return queued


def _check_target(channel: str, target: str) -> list[FieldError]:
    if channel not in ALERT_CHANNELS:
        return [FieldError("channel", f"must be one of {', '.join(ALERT_CHANNELS)}")]
    if channel == "email" and "@" not in target:
        return [FieldError("target", "is not an email address")]
    if channel != "email" and not target.startswith(("http://", "https://")):
        return [FieldError("target", "must be an http(s) URL")]
    return []


def do_subscribe(session: Session, *, staff_id: int | None, channel: str, target: str,
                 min_priority: str = "p4", digest: bool = False) -> AlertSubscription:
    """Where alerts go; staff_id None is a shared channel that sees every case."""
    problems = _check_target(channel, target.strip())
    if min_priority not in PRIORITY_ORDER:
        problems.append(FieldError("min_priority", "must be p1, p2, p3 or p4"))
    if problems:
        raise ValidationFailed("the subscription is not valid", fields=problems)
    if staff_id is not None:
        get_staff(session, staff_id)
    existing = session.scalar(select(AlertSubscription).where(
        AlertSubscription.staff_id.is_(None) if staff_id is None
        else AlertSubscription.staff_id == staff_id,
        AlertSubscription.channel == channel, AlertSubscription.target == target.strip()))
    sub = existing or AlertSubscription(staff_id=staff_id, channel=channel,
                                        target=target.strip())
    sub.min_priority, sub.digest, sub.active = min_priority, digest, True
    session.add(sub)
    session.flush()
    return sub


def do_unsubscribe(session: Session, subscription_id: int) -> None:
    sub = session.get(AlertSubscription, subscription_id)
    if sub is None:
        raise NotFound(f"no alert subscription with id {subscription_id}")
    session.delete(sub)
    session.flush()


def send_digests(session: Session, now: datetime | None = None) -> int:
    """One message per digest subscription with the person's undigested alerts.

    Runs hourly; a subscription gets at most one digest per local day (the outbox key
    holds the date), sent at or after `alert_digest_hour` in the business's time zone.
    """
    from amends.notify.outbox import do_queue_message

    settings = get_settings()
    now = now or utcnow()
    local = now.astimezone(settings.tz)
    if local.hour < int(getattr(settings, "alert_digest_hour", 8)):
        return 0
    day = local.date().isoformat()
    sent = 0
    for sub in session.scalars(select(AlertSubscription).where(
            AlertSubscription.digest.is_(True), AlertSubscription.active.is_(True),
            AlertSubscription.staff_id.is_not(None))).all():
        alerts = session.scalars(select(CaseAlert).where(
            CaseAlert.staff_id == sub.staff_id, CaseAlert.digested_at.is_(None),
            CaseAlert.created_at <= now).order_by(CaseAlert.id).limit(500)).all()
        if not alerts:
            continue
        staff = session.get(StaffUser, sub.staff_id)
        payload = digest_payload(sub.channel, staff.name if staff else "", [a.text for a in alerts],
                                 day)
        do_queue_message(session, channel=sub.channel, recipient=sub.target, payload=payload,
                         dedupe_key=f"case-digest:{sub.id}:{day}")
        for alert in alerts:
            alert.digested_at = now
        sent += 1
    return sent


# --- job handlers (registered in amends.jobs.HANDLERS) ------------------------------------

def run_sla_check(session: Session, payload: dict[str, Any]) -> None:
    check_case_sla(session, int(payload["case_id"]))


def run_sla_sweep(session: Session, payload: dict[str, Any]) -> None:
    sla_sweep(session)


def run_outcomes(session: Session, payload: dict[str, Any]) -> None:
    evaluate_due_outcomes(session)


def run_digest(session: Session, payload: dict[str, Any]) -> None:
    send_digests(session)


def _register_periodic() -> None:
    from amends.worker import register_periodic

    register_periodic("case_sla_sweep", 60)
    register_periodic("case_outcomes", 6 * 3600)
    register_periodic("case_alert_digest", 3600)


_register_periodic()
