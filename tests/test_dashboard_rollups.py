"""The per-day rollups give the same answers as computing from the interactions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from amends.models.sessions import DashboardRollup
from amends.report import dashboard, rollups, team, themes
from amends.report.dashboard import Scope
from amends.timeutil import utcnow
from tests.test_dashboard_pages import analysed, cheap_password_hashing, world  # noqa: F401


def _answers(session: Session, **scope: Any) -> tuple[Any, ...]:
    s = Scope(**scope)
    overview = dashboard.overview(session, s)
    return (overview["kpis"], overview["series"], overview["thermometer"],
            themes.themes(session, s)["themes"], team.team_overview(session, s)["members"])


def test_rollups_match_live_answers_and_follow_new_analysis(
        session: Session, world: dict[str, Any]) -> None:  # noqa: F811
    now = utcnow()
    for segment in (None, "SMB"):
        live = _answers(session, segment=segment, now=now)
        rollups.run_rollup_job(session, {})
        assert session.scalar(select(func.count()).select_from(DashboardRollup)) > 0
        assert dashboard.covered(session, Scope(now=now))[0]  # rolled-up days are used
        assert _answers(session, segment=segment, now=now) == live
    # History arriving late: the hook drops the day, the answer includes it at once.
    old = analysed(session, world["theirs"], "Late import: charged twice again.", bad=True,
                   score=-0.5, severity=50, when=now - timedelta(days=5),
                   issue=("billing", "Billing / overcharge", "charged twice"))
    rollups.on_interactions_analysed(session, [old.id])
    day = (now - timedelta(days=5)).date().isoformat()
    assert day in rollups.missing_days(session, [day])
    after = dashboard.overview(session, Scope(now=now))["kpis"]
    assert after["bad_experiences"] == 3
    rollups.run_rollup_job(session, {})
    assert dashboard.overview(session, Scope(now=now))["kpis"] == after


def test_today_is_rolled_up_to_the_minute_and_the_tail_is_live(
        session: Session, world: dict[str, Any]) -> None:  # noqa: F811
    # Ten seconds into a minute that has passed: `later` (one second on) must fall in the
    # same minute, which a clock reading of hh:mm:59 would not give.
    now = (utcnow() - timedelta(minutes=1)).replace(second=10, microsecond=0)
    live = _answers(session, now=now)
    rollups.run_rollup_job(session, {})
    rollups.do_refresh_today(session, now)
    assert rollups.today_until(session, now) == now.replace(second=0, microsecond=0)
    assert now.date().isoformat() in dashboard.covered(session, Scope(now=now))[0]
    assert _answers(session, now=now) == live
    # A message after the cut is counted at once, from the live tail.
    analysed(session, world["shared"], "Nobody replies, still waiting!", bad=True,
             score=-0.8, severity=60, when=now, issue=("delay", "Delay / waiting",
                                                       "still waiting"))
    later = now + timedelta(seconds=1)
    kpis = dashboard.overview(session, Scope(now=later))["kpis"]
    assert kpis["bad_experiences"] == 3 and kpis["messages"] == 5
    # Within a minute the partial rollup is reused; after it, rebuilt.
    rollups.do_refresh_today(session, later)
    assert rollups.today_until(session, later) == now.replace(second=0, microsecond=0)


def test_agents_scope_is_computed_live(session: Session, world: dict[str, Any]) -> None:  # noqa: F811, E501
    from amends.models import Customer

    rollups.run_rollup_job(session, {})
    scoped = Scope(customer_condition=Customer.owner_id == world["bob"].id)
    assert dashboard.covered(session, scoped)[0] == []
    assert dashboard.overview(session, scoped)["kpis"]["messages"] == 1
