"""SLA clocks in business hours (weekends, holidays, time zones), warnings, escalation."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from amends import jobs
from amends.config import parse_business_hours
from amends.decide.cases import (
    Finding,
    check_case_sla,
    do_open_or_extend_case,
    do_record_response,
    sla_sweep,
)
from amends.models import Job
from amends.models.cases import CaseAlert, CaseEvent
from amends.recovery import sla
from amends.runtime import use_settings
from tests.factories import make_customer

NY = ZoneInfo("America/New_York")


@pytest.fixture
def ny(settings: Any) -> Any:
    """New York business hours, 09:00-17:00 on weekdays, with a holiday."""
    s = replace(settings, timezone="America/New_York",
                business_hours=parse_business_hours("mon-fri 09:00-17:00"),
                holidays=(date(2026, 12, 28),))
    use_settings(s)
    yield s
    use_settings(settings)


@pytest.fixture
def team(session: Any) -> dict[str, Any]:
    from amends.decide.staff import do_create_staff

    people = {name: do_create_staff(session, email=f"{name}@example.org", name=name.title(),
                                    role=role, team_name="Care")
              for name, role in (("bob", "agent"), ("maria", "manager"))}
    session.commit()
    return people


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=NY)


def open_case(session: Any, customer: Any, at: datetime, severity: int = 70) -> Any:
    finding = Finding("bad_experience", severity, "interaction", customer.id * 1000 + 1, at,
                      "the parcel never came", ["delivery_problem"])
    case, opened = do_open_or_extend_case(session, customer.id, finding, now=at)
    assert opened and case.priority == "p2"  # severity 70, no value or persona known
    return case


def test_clock_runs_only_in_business_hours_across_the_weekend(ny):
    # Friday 16:30 local, p2: 4 business hours = 30 min on Friday + 3.5 h on Monday.
    due = sla.deadlines(local(2026, 12, 4, 16, 30), "p2", ny)
    assert due.first_response_due == local(2026, 12, 7, 12, 30).astimezone(UTC)
    # 75% of 4 h = 3 h: 30 min Friday + 2.5 h Monday.
    assert due.first_response_warn == local(2026, 12, 7, 11, 30).astimezone(UTC)
    # Resolution, 24 business hours: 0.5 h Friday + 8 h Monday + 8 h Tuesday + 7.5 h Wednesday.
    assert due.resolution_due == local(2026, 12, 9, 16, 30).astimezone(UTC)


def test_clock_starts_at_opening_and_skips_holidays(ny):
    # Opened on Saturday: nothing counts until Monday 09:00 ... which is a holiday here.
    due = sla.deadlines(local(2026, 12, 26, 10, 0), "p1", ny)
    assert due.first_response_due == local(2026, 12, 29, 10, 0).astimezone(UTC)


def test_the_same_instant_gives_different_deadlines_in_other_time_zones(ny, settings):
    instant = datetime(2026, 12, 2, 20, 0, tzinfo=UTC)  # 15:00 in New York, 20:00 in London
    london = replace(ny, timezone="Europe/London", holidays=())
    assert sla.deadlines(instant, "p1", ny).first_response_due == instant + timedelta(hours=1)
    assert (sla.deadlines(instant, "p1", london).first_response_due
            == datetime(2026, 12, 3, 10, 0, tzinfo=UTC))


def test_sla_settings_override_the_defaults(ny):
    custom = replace(ny)
    object.__setattr__(custom, "sla_first_response_minutes", {"p2": 30})
    due = sla.deadlines(local(2026, 12, 2, 10, 0), "p2", custom)
    assert due.first_response_due == local(2026, 12, 2, 10, 30).astimezone(UTC)


def test_each_check_schedules_the_next_sla_moment(session, ny, team):
    customer = make_customer(session, owner_id=team["bob"].id)
    case = open_case(session, customer, local(2026, 12, 4, 16, 30).astimezone(UTC))

    def scheduled() -> list[datetime]:
        return sorted(session.scalars(select(Job.run_after).where(
            Job.kind == "case_sla_check", Job.payload["case_id"].as_integer() == case.id)))

    assert scheduled() == [case.first_response_warn_at]
    check_case_sla(session, case.id, case.first_response_warn_at)
    check_case_sla(session, case.id, case.first_response_warn_at)  # a repeated run
    assert scheduled() == [case.first_response_warn_at, case.first_response_due]


def test_warning_then_breach_escalates_to_the_manager_once(session, ny, team):
    customer = make_customer(session, owner_id=team["bob"].id)
    case = open_case(session, customer, local(2026, 12, 4, 16, 30).astimezone(UTC))
    assert case.owner_id == team["bob"].id
    assert check_case_sla(session, case.id, local(2026, 12, 7, 9, 0)) == []
    assert check_case_sla(session, case.id, local(2026, 12, 7, 11, 31)) == [
        "first_response_warning"]
    assert check_case_sla(session, case.id, local(2026, 12, 7, 11, 40)) == []
    assert check_case_sla(session, case.id, local(2026, 12, 7, 12, 31)) == [
        "first_response_breach"]
    assert check_case_sla(session, case.id, local(2026, 12, 7, 13, 0)) == []
    assert case.first_response_breached and case.escalated_to_id == team["maria"].id
    kinds = [e.kind for e in session.scalars(select(CaseEvent).where(
        CaseEvent.case_id == case.id).order_by(CaseEvent.id))]
    assert kinds == ["opened", "sla_warning", "sla_breach", "escalated"]
    alerted = {(a.kind, a.staff_id) for a in session.scalars(select(CaseAlert))}
    assert ("escalated", team["maria"].id) in alerted
    assert ("sla_warning", team["bob"].id) in alerted


def test_a_timely_response_stops_the_first_response_clock(session, ny, team):
    customer = make_customer(session, owner_id=team["bob"].id)
    case = open_case(session, customer, local(2026, 12, 2, 10, 0).astimezone(UTC))
    do_record_response(session, case.id, staff_id=team["bob"].id, channel="phone",
                       at=local(2026, 12, 2, 10, 20).astimezone(UTC))
    done = check_case_sla(session, case.id, local(2026, 12, 3, 9, 0))
    assert "first_response_breach" not in done and not case.first_response_breached


def test_sweep_and_jobs_catch_what_is_due(session, session_factory, ny, team):
    customer = make_customer(session, owner_id=team["bob"].id)
    case = open_case(session, customer, local(2026, 11, 4, 10, 0).astimezone(UTC))
    session.commit()
    assert sla_sweep(session, local(2026, 11, 4, 10, 5)) == 0
    # All four deadlines have long passed: the due jobs run now, each acts once.
    jobs.run_pending(session_factory)
    session.expire_all()
    assert case.first_response_breached and case.resolution_breached
    assert sla_sweep(session) == 0
