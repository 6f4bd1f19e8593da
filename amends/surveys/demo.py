"""Survey answers for `amends demo`: invitations after conversations, answered over months.

Each customer's demo story (kept in ``attributes.story``) decides how they answer, so the
dashboard's thermometer, CSAT and NPS charts tell the same story as the messages.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from amends.decide.surveys import do_confirm_answer, do_create_survey, do_invite
from amends.models import Customer, Interaction, StaffUser

BROWSER = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/126.0 Safari/537.36")
# story -> weights over the thermometer's options (delighted, satisfied, unhappy, very_unhappy)
THERMOMETER = {"advocate": (80, 20, 0, 0), "content": (35, 55, 8, 2), "new": (40, 50, 8, 2),
               "recovered": (30, 50, 15, 5), "unresolved": (0, 10, 40, 50),
               "stressed": (5, 15, 40, 40), "churned": (5, 20, 35, 40),
               "drifting": (10, 60, 25, 5)}
NPS_MEAN = {"advocate": 9.5, "content": 8.0, "new": 8.2, "recovered": 7.5, "unresolved": 3.0,
            "stressed": 4.0, "churned": 4.0, "drifting": 6.5}
ANSWER_RATE = 0.45


def build(session_factory: Callable[[], Session], settings: Any, rng: random.Random,
          as_of: date, progress: Any) -> list[str]:
    from amends.demo_content import DemoWriter

    end = datetime.combine(as_of, time(8), UTC)
    writer = DemoWriter(rng)
    answered = 0
    with session_factory() as session:
        thermo = do_create_survey(
            session, key="after-conversation", name="After a conversation", kind="thermometer",
            question="How did we do with your request?",
            follow_up="Anything you'd like to add?", brand_name="Northwind Outfitters",
            brand_colour="#2f6f4f", rules={"triggers": ["conversation_closed"]})
        nps = do_create_survey(
            session, key="quarterly-nps", name="Quarterly NPS", kind="nps",
            question="How likely are you to recommend Northwind Outfitters to a friend?",
            brand_name="Northwind Outfitters")
        staff = list(session.scalars(select(StaffUser.id).where(
            StaffUser.role.in_(("agent", "manager")))))
        threads = session.execute(
            select(Interaction.customer_id, Interaction.thread_id,
                   Interaction.occurred_at).where(Interaction.thread_id.is_not(None),
                                                  Interaction.author_type == "staff")
            .order_by(Interaction.occurred_at)).all()
        stories: dict[int, dict[str, Any]] = {
            cid: attrs for cid, attrs in session.execute(select(Customer.id, Customer.attributes))}
        session.commit()
    task = progress.add_task("answering surveys", total=len(threads))
    for start in range(0, len(threads), 200):
        with session_factory() as session:
            for customer_id, thread, when in threads[start:start + 200]:
                story = (stories.get(customer_id) or {}).get("story", "content")
                answered += _answer(session, writer, rng, thermo, nps, customer_id, thread,
                                    when, end, story, rng.choice(staff) if staff else None,
                                    settings)
            session.commit()
        progress.advance(task, len(threads[start:start + 200]))
    return [f"Surveys: 2 surveys, {answered} answers"]


def _answer(session: Session, writer: Any, rng: random.Random, thermo: Any, nps: Any,
            customer_id: int, thread: str | None, when: datetime, end: datetime, story: str,
            staff_id: int | None, settings: Any) -> int:
    survey = nps if rng.random() < 0.25 else thermo
    invited_at = when + timedelta(hours=rng.uniform(0.5, 6))
    if invited_at >= end or thread is None:
        return 0
    result = do_invite(session, survey=survey, customer_id=customer_id,
                       context_type="conversation", context_id=thread, staff_id=staff_id,
                       source_channel="email", trigger="conversation_closed", now=invited_at,
                       settings=settings)
    if result.invitation is None or result.status != "scheduled":
        return 0
    invitation = result.invitation
    invitation.status, invitation.queued_at = "sent", invitation.send_at  # history: sent
    if rng.random() > ANSWER_RATE:
        return 0
    answer_at = invitation.send_at + timedelta(minutes=rng.uniform(3, 2000))
    if answer_at >= end:
        return 0
    option = _option(rng, survey.kind, story)
    negative = option in ("unhappy", "very_unhappy") or (survey.kind == "nps"
                                                         and int(option) <= 6)
    comment = writer.survey_comment(not negative).text if rng.random() < 0.3 else None
    do_confirm_answer(session, invitation=invitation, option=option, ip="203.0.113.7",
                      user_agent=BROWSER, comment=comment, now=answer_at, settings=settings)
    return 1


def _option(rng: random.Random, kind: str, story: str) -> str:
    if kind == "thermometer":
        weights = THERMOMETER.get(story, THERMOMETER["content"])
        return rng.choices(("delighted", "satisfied", "unhappy", "very_unhappy"), weights)[0]
    score = round(rng.gauss(NPS_MEAN.get(story, 7.5), 1.4))
    return str(min(max(score, 0), 10))
