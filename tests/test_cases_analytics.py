"""Recovery analytics on a generated history whose answer is known; and the CLI."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from typer.testing import CliRunner

from amends.models.cases import AmendsEntry, RecoveryCase
from amends.timeutil import utcnow
from tests.conftest import TEST_SECRET
from tests.factories import make_activity, make_customer

# (group, cases, of whom retained) for "major" problems; and the no-problem baseline.
HISTORY = [("resolved_quickly", 10, 8), ("resolved_slowly", 10, 5), ("not_resolved", 10, 2)]
BASELINE = (10, 6)


def monday_9am(days_ago: int) -> datetime:
    day = (utcnow() - timedelta(days=days_ago)).date()
    day -= timedelta(days=day.weekday())
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)


def generate(session: Any) -> datetime:
    """30 major cases opened on one Monday 09:00 (business hours mon-fri 09-17, UTC)."""
    opened = monday_9am(200)
    for group, count, retained in HISTORY:
        for n in range(count):
            customer = make_customer(session, created_at=opened - timedelta(days=60))
            resolved = {"resolved_quickly": opened + timedelta(hours=4),
                        "resolved_slowly": opened + timedelta(days=10),
                        "not_resolved": None}[group]
            case = RecoveryCase(
                customer_id=customer.id, status="closed" if resolved else "in_progress",
                trigger="bad_experience", severity=50, priority="p3", issues=["delay"],
                opened_at=opened, first_response_at=opened + timedelta(hours=2),
                first_response_due=opened + timedelta(hours=8),
                resolution_due=opened + timedelta(days=5), resolved_at=resolved,
                closed_at=resolved, resolution_breached=group != "resolved_quickly",
                outcome=("recovered" if n < retained else "not_recovered") if resolved else None,
                outcome_detail={})
            session.add(case)
            session.flush()
            if group == "resolved_quickly" and n < 2:
                session.add(AmendsEntry(case_id=case.id, customer_id=customer.id, kind="credit",
                                        value=25.0, status="accepted"))
            if n < retained:
                make_activity(session, customer, "purchase", when=opened + timedelta(days=100))
            else:
                make_activity(session, customer, "purchase", when=opened + timedelta(days=30))
    total, retained = BASELINE
    for n in range(total):
        customer = make_customer(session, created_at=opened - timedelta(days=60))
        make_activity(session, customer, "login",
                      when=opened + timedelta(days=95 if n < retained else 20))
    # A recent case has no 90-day answer yet and stays out of the paradox table.
    recent = make_customer(session)
    session.add(RecoveryCase(customer_id=recent.id, trigger="manual", severity=90,
                             priority="p1", opened_at=utcnow() - timedelta(days=3),
                             issues=[], outcome_detail={}))
    session.flush()
    return opened


def test_analytics_on_a_known_history(client, auth, session, settings):
    generate(session)
    session.commit()
    data = client.get("/api/v1/cases/analytics", headers=auth).json()
    assert data["cases"]["opened"] == 31
    assert data["first_response_business_hours"]["median"] == 2.0
    # 10 resolved in 4 business hours, 10 ten calendar days later (Monday 09:00 to Thursday
    # 09:00 of the next week: 8 working days, 64 h); the median is halfway, 34 h.
    assert data["resolution_business_hours"]["median"] == 34.0
    assert data["sla"] == {"judged": 30, "breached": 20, "breach_rate": 0.6667}
    assert data["recovery_rate"] == round(13 / 20, 4)
    assert data["amends_cost"]["accepted"] == 50.0
    rows = {(r["severity"], r["group"]): r for r in data["paradox"]["rows"]}
    assert data["paradox"]["matured_cases"] == 30
    for group, count, retained in HISTORY:
        row = rows[("major", group)]
        assert (row["customers"], row["retained"]) == (count, retained)
        assert row["retention_rate"] == retained / count
    baseline = rows[("major", "no_problem")]
    assert (baseline["customers"], baseline["retained"]) == BASELINE
    assert rows[("critical", "resolved_quickly")]["customers"] == 0
    bad = client.get("/api/v1/cases/analytics?since=2026-01-01T00:00:00", headers=auth)
    assert bad.status_code == 422  # a time without a zone is refused, not guessed


def test_cli_works_a_case_and_reports(tmp_path: Path):
    from amends import cli, runtime
    from amends.db import make_engine, make_session_factory

    url = f"sqlite:///{tmp_path}/cases.sqlite3"
    env = {"AMENDS_DATABASE_URL": url, "AMENDS_SECRET_KEY": TEST_SECRET,
           "AMENDS_BASE_URL": "http://testserver"}
    runner = CliRunner()
    cli._register_extensions()
    try:
        assert runner.invoke(cli.app, ["migrate"], env=env).exit_code == 0
        engine = make_engine(url)
        with make_session_factory(engine)() as session:
            runtime.use_settings(None)
            from amends.decide.cases import do_open_case_manually
            from amends.decide.staff import do_create_staff

            bob = do_create_staff(session, email="bob@example.org", name="Bob Example",
                                  team_name="Care")
            customer = make_customer(session, name="Dana Whitfield", owner_id=bob.id)
            case = do_open_case_manually(session, customer_id=customer.id, staff_id=bob.id,
                                         title="Parcel lost", severity=60)
            session.commit()
            case_id = case.id
        listed = runner.invoke(cli.app, ["cases", "--open"], env=env)
        assert listed.exit_code == 0 and "Dana Whitfield" in listed.output
        step = runner.invoke(cli.app, ["case-step", str(case_id), "1", "--staff",
                                       "bob@example.org", "--notes", "checked tracking"], env=env)
        assert step.exit_code == 0, step.output
        assert runner.invoke(cli.app, ["case-respond", str(case_id), "--staff",
                                       "bob@example.org", "--channel", "phone"],
                             env=env).exit_code == 0
        assert runner.invoke(cli.app, ["case-note", str(case_id), "--staff", "bob@example.org",
                                       "Courier confirmed the loss"], env=env).exit_code == 0
        shown = runner.invoke(cli.app, ["case-show", str(case_id)], env=env)
        assert "[x] 1." in shown.output and "step_done" in shown.output
        assert "Courier confirmed the loss" in shown.output and "response" in shown.output
        nobody = runner.invoke(cli.app, ["case-resolve", str(case_id), "--staff",
                                         "eve@example.org"], env=env)
        assert nobody.exit_code == 2 and "no active staff user" in nobody.output
        assert runner.invoke(cli.app, ["case-resolve", str(case_id), "--staff",
                                       "bob@example.org", "--fix", "re-sent"],
                             env=env).exit_code == 0
        closed = runner.invoke(cli.app, ["case-close", str(case_id), "--staff",
                                         "bob@example.org", "--root-cause", "third_party"],
                               env=env)
        assert closed.exit_code == 0, closed.output
        swept = runner.invoke(cli.app, ["case-sweep"], env=env)
        assert swept.exit_code == 0 and "outcomes judged 1" in swept.output
        report = runner.invoke(cli.app, ["recovery-report"], env=env)
        assert report.exit_code == 0 and "cases opened 1" in report.output
        with make_session_factory(engine)() as session:
            assert session.scalar(select(RecoveryCase.root_cause)) == "third_party"
        engine.dispose()
    finally:
        runtime.use_settings(None)
