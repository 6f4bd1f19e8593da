"""Recovery history for `amends demo`: cases opened from complaints and worked over months.

Each case follows its customer's demo story: recovered customers were answered within
hours and fixed within a day or two; stressed ones took days; unresolved ones waited or
were closed without a fix. Cases from the last week are left open, in every status, so
the board has live SLA timers. Everything runs through the real `do_*` functions at the
moment it happened (`amends.timeutil.clock_at`), so timelines and analytics are genuine.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from amends.decide.cases import (
    Finding,
    do_acknowledge,
    do_close_case,
    do_complete_step,
    do_evaluate_outcome,
    do_open_or_extend_case,
    do_record_response,
    do_resolve_case,
    do_start,
)
from amends.decide.surveys import do_confirm_answer, do_create_survey
from amends.models import Customer, Interaction, StaffUser
from amends.models.cases import CaseStep
from amends.models.surveys import Survey, SurveyInvitation
from amends.timeutil import clock_at

BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15"
STORIES = ("recovered", "unresolved", "stressed", "churned")
# story -> (hours to acknowledge, hours to resolve, chance it is never fixed, CSAT weights 1..5)
PLANS = {"recovered": ((0.3, 4), (4, 36), 0.0, (0, 2, 8, 40, 50)),
         "stressed": ((1, 12), (48, 150), 0.15, (15, 25, 30, 20, 10)),
         "unresolved": ((20, 70), (120, 300), 0.6, (55, 30, 10, 5, 0)),
         "churned": ((10, 50), (96, 240), 0.5, (60, 25, 10, 5, 0))}
ROOT_CAUSES = {"delay": "third_party", "delivery_problem": "third_party",
               "billing": "process", "refund_return": "policy", "policy": "policy",
               "product_quality": "product", "staff_attitude": "people",
               "no_response": "process", "technical": "technical",
               "communication": "communication", "price_value": "expectations"}
MAX_CASES = 300


def build(session_factory: Callable[[], Session], settings: Any, rng: random.Random,
          as_of: date, progress: Any) -> list[str]:
    end = datetime.combine(as_of, time(8), UTC)
    with session_factory() as session:
        if session.scalar(select(Survey.id).where(Survey.key == "after-case")) is None:
            do_create_survey(session, key="after-case", name="After we fixed a problem",
                             kind="csat", question="How satisfied are you with how we put "
                             "things right?", brand_name="Northwind Outfitters",
                             rules={"triggers": ["case_resolved"]})
        staff = list(session.scalars(select(StaffUser.id).where(
            StaffUser.role.in_(("agent", "manager")))))
        first_complaints = _first_complaints(session)
        session.commit()
    picked = first_complaints[-MAX_CASES:]
    task = progress.add_task("working recovery cases", total=len(picked))
    counts: dict[str, int] = {}
    for row in picked:
        with session_factory() as session:
            status = _work_case(session, rng, row, staff, end)
            session.commit()
        counts[status] = counts.get(status, 0) + 1
        progress.advance(task)
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    return [f"Recovery cases: {sum(counts.values())} ({summary})"]


def _first_complaints(session: Session) -> list[Any]:
    """The first bad-experience message of each complaint thread, oldest first."""
    rows = session.execute(
        select(Interaction.id, Interaction.customer_id, Interaction.occurred_at,
               Interaction.thread_id, Interaction.severity, Interaction.analysis,
               Customer.attributes)
        .join(Customer, Customer.id == Interaction.customer_id)
        .where(Interaction.author_type == "customer", Interaction.bad_experience.is_(True),
               Interaction.thread_id.is_not(None))
        .order_by(Interaction.occurred_at)).all()
    seen: set[str] = set()
    out = []
    for row in rows:
        story = (row.attributes or {}).get("story")
        if story in STORIES and row.thread_id not in seen:
            seen.add(row.thread_id)
            out.append(row)
    return out


def _work_case(session: Session, rng: random.Random, row: Any, staff: list[int],
               end: datetime) -> str:
    story = row.attributes["story"]
    issues = [i["category"] for i in (row.analysis or {}).get("issues", [])]
    opened_at = row.occurred_at + timedelta(minutes=rng.uniform(1, 20))
    finding = Finding("bad_experience", int(row.severity or 50), "interaction", row.id,
                      row.occurred_at, "complaint from the demo history", issues)
    with clock_at(opened_at):
        case, opened = do_open_or_extend_case(session, row.customer_id, finding,
                                              now=opened_at)
    if case is None or not opened:
        return "merged"
    agent = case.owner_id or rng.choice(staff)
    ack_hours, fix_hours, never_fixed, csat = PLANS[story]
    acked = opened_at + timedelta(hours=rng.uniform(*ack_hours))
    if acked >= end:
        return "new"
    with clock_at(acked):
        do_acknowledge(session, case.id, staff_id=agent)
        do_record_response(session, case.id, staff_id=agent, channel="email",
                           note="first reply to the customer", at=acked)
        do_start(session, case.id, staff_id=agent)
    fixed = acked + timedelta(hours=rng.uniform(*fix_hours))
    if fixed >= end:
        _some_steps(session, case.id, agent, acked, end, rng)
        return "in_progress"
    if rng.random() < never_fixed:
        with clock_at(fixed):
            do_close_case(session, case.id, staff_id=agent, root_cause=_cause(issues),
                          note="could not be put right")
            do_evaluate_outcome(session, case.id, now=fixed)
        return "closed_unfixed"
    _some_steps(session, case.id, agent, acked, fixed, rng, all_steps=True)
    with clock_at(fixed):
        do_resolve_case(session, case.id, staff_id=agent, note="fixed and confirmed",
                        fix="we put it right and refunded the shipping")
    _answer_followup(session, rng, case.id, fixed, end, csat)
    closed = fixed + timedelta(hours=rng.uniform(4, 48))
    if closed < end:
        with clock_at(closed):
            do_close_case(session, case.id, staff_id=agent, root_cause=_cause(issues))
    with clock_at(min(end, fixed + timedelta(days=29))):
        do_evaluate_outcome(session, case.id)
    return "resolved"


def _some_steps(session: Session, case_id: int, agent: int, start: datetime, stop: datetime,
                rng: random.Random, all_steps: bool = False) -> None:
    steps = list(session.scalars(select(CaseStep).where(CaseStep.case_id == case_id)
                                 .order_by(CaseStep.position)))
    count = len(steps) if all_steps else rng.randrange(0, max(len(steps), 1))
    span = (stop - start).total_seconds()
    for n, step in enumerate(steps[:count], start=1):
        with clock_at(start + timedelta(seconds=span * n / (count + 1))):
            do_complete_step(session, case_id, step.id, staff_id=agent)


def _answer_followup(session: Session, rng: random.Random, case_id: int, fixed: datetime,
                     end: datetime, weights: tuple[int, ...]) -> None:
    invitation = session.scalar(select(SurveyInvitation).where(
        SurveyInvitation.context_type == "case", SurveyInvitation.context_id == str(case_id)))
    answered = fixed + timedelta(hours=rng.uniform(2, 72))
    if invitation is None or answered >= end or rng.random() > 0.6:
        return
    invitation.status = "sent"
    option = str(rng.choices((1, 2, 3, 4, 5), weights)[0])
    with clock_at(answered):
        do_confirm_answer(session, invitation=invitation, option=option, ip="198.51.100.4",
                          user_agent=BROWSER, now=answered)


def _cause(issues: list[str]) -> str:
    return next((ROOT_CAUSES[i] for i in issues if i in ROOT_CAUSES), "other")
