"""Detection rules: each rule opens a case; a burst makes one case; re-runs add nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from amends import hooks
from amends.decide.rules import do_update_rule, on_customers_scored, on_interactions_analysed
from amends.models.cases import CaseEvent, CaseEvidence, CaseStep, RecoveryCase
from amends.timeutil import utcnow
from tests.factories import make_customer, make_interaction


@pytest.fixture
def users(session: Any) -> dict[str, Any]:
    """alice (admin), bob (agent, her team), charlie (agent, another team); no passwords,
    because hashing them would dominate these tests' run time."""
    from amends.decide.staff import do_create_staff

    people = {name: do_create_staff(session, email=f"{name}@example.org",
                                    name=f"{name.title()} Example", role=role, team_name=team)
              for name, role, team in (("alice", "admin", "Care"), ("bob", "agent", "Care"),
                                       ("charlie", "agent", "Billing"))}
    session.commit()
    return people


def analysed(session: Any, customer: Any, text: str = "This is awful", *, severity: int = 60,
             bad: bool = True, signals: dict[str, float] | None = None,
             issues: tuple[str, ...] = ("delay",), tone: dict[str, float] | None = None,
             author: str = "customer", minutes_ago: float = 5, **fields: Any) -> Any:
    """An interaction as the text engine leaves it (analysis set directly)."""
    analysis = {"bad_experience": bad, "severity": severity,
                "issues": [{"category": c, "label": c, "score": 0.9} for c in issues],
                "signals": {k: {"present": True, "score": v} for k, v in (signals or {}).items()},
                "tone": {k: {"present": True, "score": v} for k, v in (tone or {}).items()}
                if tone else None}
    return make_interaction(session, customer, text,
                            when=utcnow() - timedelta(minutes=minutes_ago),
                            analysis=analysis, bad_experience=bad, severity=severity,
                            author_type=author,
                            direction="outbound" if author == "staff" else "inbound", **fields)


def cases_of(session: Any, customer: Any) -> list[RecoveryCase]:
    return list(session.scalars(select(RecoveryCase).where(
        RecoveryCase.customer_id == customer.id)))


def rules_of(session: Any, case: RecoveryCase) -> set[str]:
    return set(session.scalars(select(CaseEvidence.rule).where(CaseEvidence.case_id == case.id)))


@pytest.mark.parametrize("kwargs, rule", [
    ({"severity": 55}, "bad_experience"),
    ({"severity": 10, "bad": False, "signals": {"churn_intent": 0.9}}, "churn_intent"),
    ({"severity": 10, "bad": False, "signals": {"legal_threat": 0.8}}, "legal_threat"),
    ({"severity": 10, "bad": False, "signals": {"public_escalation": 0.8}}, "public_complaint"),
    ({"severity": 45, "channel": "review"}, "public_complaint"),
    ({"severity": 10, "bad": False, "signals": {"repeat_contact": 0.9}}, "repeat_contact"),
])
def test_each_message_rule_opens_a_case(session, users, settings, kwargs, rule):
    customer = make_customer(session)
    message = analysed(session, customer, **kwargs)
    hooks.fire(session, "interactions_analysed", interaction_ids=[message.id])
    [case] = cases_of(session, customer)
    assert rule in rules_of(session, case)
    assert case.status == "new" and case.open_key == customer.id
    assert session.scalar(select(func.count()).select_from(CaseStep)
                          .where(CaseStep.case_id == case.id)) >= 3


def test_mild_or_positive_messages_open_nothing(session, users, settings):
    customer = make_customer(session)
    low = analysed(session, customer, severity=20)  # below the default threshold of 40
    happy = analysed(session, customer, "Thanks, great service", severity=0, bad=False,
                     issues=())
    on_interactions_analysed(session, [low.id, happy.id])
    assert cases_of(session, customer) == []


def test_legal_threat_is_never_routine(session, users, settings):
    customer = make_customer(session)
    message = analysed(session, customer, severity=5, bad=False, signals={"legal_threat": 0.9})
    on_interactions_analysed(session, [message.id])
    [case] = cases_of(session, customer)
    assert case.priority == "p1" and case.trigger == "legal_threat"


def test_burst_of_messages_makes_one_case_and_rerun_adds_nothing(session, users, settings):
    customer = make_customer(session)
    burst = [analysed(session, customer, f"Still waiting!! {n}", severity=50 + n,
                      minutes_ago=30 - n) for n in range(6)]
    for message in burst[:3]:
        on_interactions_analysed(session, [message.id])
    on_interactions_analysed(session, [m.id for m in burst[3:]])
    on_interactions_analysed(session, [m.id for m in burst])  # a retried job
    [case] = cases_of(session, customer)
    assert case.severity == 55
    evidence = session.scalar(select(func.count()).select_from(CaseEvidence)
                              .where(CaseEvidence.case_id == case.id,
                                     CaseEvidence.rule == "bad_experience"))
    assert evidence == 6
    opened = session.scalar(select(func.count()).select_from(CaseEvent)
                            .where(CaseEvent.case_id == case.id, CaseEvent.kind == "opened"))
    assert opened == 1
    # Six messages within 72 hours is also a repeated contact.
    assert "repeat_contact" in rules_of(session, case)


def test_a_new_incident_after_resolution_opens_a_new_case(session, users, settings):
    from amends.decide.cases import do_resolve_case

    customer = make_customer(session)
    on_interactions_analysed(session, [analysed(session, customer).id])
    [first] = cases_of(session, customer)
    do_resolve_case(session, first.id, staff_id=users["alice"].id, fix="refunded")
    on_interactions_analysed(session, [analysed(session, customer, "Again broken!").id])
    assert len(cases_of(session, customer)) == 2
    assert first.open_key is None


def test_history_imports_do_not_open_cases(session, users, settings):
    customer = make_customer(session)
    old = analysed(session, customer, minutes_ago=60 * 24 * 30)
    on_interactions_analysed(session, [old.id])
    assert cases_of(session, customer) == []


def test_rude_staff_reply_opens_a_case_about_staff_attitude(session, users, settings):
    customer = make_customer(session)
    reply = analysed(session, customer, "Calm down, it is not our fault.", severity=0,
                     bad=False, issues=(), author="staff", tone={"rudeness": 0.8},
                     staff_id=users["bob"].id)
    on_interactions_analysed(session, [reply.id])
    [case] = cases_of(session, customer)
    assert case.trigger == "rude_staff_reply" and "staff_attitude" in case.issues


def test_staff_reply_counts_as_first_response(session, users, settings):
    customer = make_customer(session)
    on_interactions_analysed(session, [analysed(session, customer, minutes_ago=10).id])
    [case] = cases_of(session, customer)
    reply = analysed(session, customer, "I'm sorry, I'll fix this today", severity=0,
                     bad=False, issues=(), author="staff", minutes_ago=-1,
                     staff_id=users["bob"].id)
    on_interactions_analysed(session, [reply.id])
    assert case.first_response_at == reply.occurred_at and case.status == "in_progress"


def test_disabled_rule_and_threshold_are_respected(session, users, settings):
    do_update_rule(session, "bad_experience", params={"min_severity": 80})
    do_update_rule(session, "churn_intent", enabled=False)
    customer = make_customer(session)
    message = analysed(session, customer, severity=70, signals={"churn_intent": 0.9})
    on_interactions_analysed(session, [message.id])
    assert cases_of(session, customer) == []


def test_negative_survey_answer_opens_a_case(session, users, settings):
    from amends.models.surveys import Survey, SurveyInvitation, SurveyResponse

    customer = make_customer(session)
    survey = Survey(key="csat-x", name="After support", kind="csat", question="How did we do?",
                    strings={}, rules={})
    session.add(survey)
    session.flush()
    invitation = SurveyInvitation(survey_id=survey.id, customer_id=customer.id,
                                  context_type="conversation", context_id="t-1",
                                  expires_at=utcnow() + timedelta(days=30), meta={})
    session.add(invitation)
    session.flush()
    response = SurveyResponse(invitation_id=invitation.id, survey_id=survey.id,
                              customer_id=customer.id, option="1", score=1,
                              bad_experience=True, comment="Nobody called me back",
                              history=[])
    session.add(response)
    session.flush()
    hooks.fire(session, "survey_answered", response_id=response.id)
    hooks.fire(session, "survey_answered", response_id=response.id)
    [case] = cases_of(session, customer)
    assert case.trigger == "negative_survey" and "Nobody called me back" in case.title


def test_valuable_silent_customer_opens_a_case_once(session, users, settings):
    from amends.models.health import CustomerHealth

    rich = make_customer(session, value_per_year=9000.0)
    poor = make_customer(session, value_per_year=100.0)
    for customer, value in ((rich, 9000.0), (poor, 100.0)):
        session.add(CustomerHealth(customer_id=customer.id, computed_at=utcnow(),
                                   health_score=30, persona="disengaged_silent",
                                   churn_risk=0.7, risk_method="rules", value_at_risk=value,
                                   effort="light_check_in"))
    session.flush()
    on_customers_scored(session, [rich.id, poor.id])
    on_customers_scored(session, [rich.id, poor.id])  # rescored: no second case
    [case] = cases_of(session, rich)
    assert case.trigger == "silent_high_value" and case.persona == "disengaged_silent"
    assert case.playbook == "silent_check_in" and case.value_at_risk == 9000.0
    assert cases_of(session, poor) == []


def test_rule_settings_through_the_api(client, session, settings):
    from amends.auth import do_create_api_key

    _, admin_key = do_create_api_key(session, "admin", ["admin"])
    session.commit()
    headers = {"Authorization": f"Bearer {admin_key}"}
    bad = client.put("/api/v1/cases/rules/bad_experience", headers=headers,
                     json={"params": {"min_severity": "high", "nope": 1}})
    assert bad.status_code == 422
    assert {f["field"] for f in bad.json()["error"]["fields"]} == {
        "params.min_severity", "params.nope"}
    ok = client.put("/api/v1/cases/rules/bad_experience", headers=headers,
                    json={"params": {"min_severity": 65}})
    assert ok.status_code == 200 and ok.json()["min_severity"] == 65
    listed = client.get("/api/v1/cases/rules", headers=headers).json()["items"]
    assert {r["rule"]: r for r in listed}["bad_experience"]["min_severity"] == 65
    assert client.put("/api/v1/cases/rules/nosuch", headers=headers, json={}).status_code == 404


def test_owner_is_the_customers_owner_else_round_robin_else_a_manager(session, users,
                                                                      settings):
    from dataclasses import replace

    from amends.decide.staff import do_create_staff
    from amends.runtime import use_settings

    owned = make_customer(session, owner_id=users["charlie"].id)
    on_interactions_analysed(session, [analysed(session, owned).id])
    assert cases_of(session, owned)[0].owner_id == users["charlie"].id

    nobody = make_customer(session)  # no owner, no recovery team set: the admin
    on_interactions_analysed(session, [analysed(session, nobody).id])
    assert cases_of(session, nobody)[0].owner_id == users["alice"].id

    dave = do_create_staff(session, email="dave@example.org", name="Dave", team_name="Care")
    team_settings = replace(settings)
    object.__setattr__(team_settings, "recovery_team", "Care")
    use_settings(team_settings)
    owners = []
    for _ in range(3):
        customer = make_customer(session)
        on_interactions_analysed(session, [analysed(session, customer).id])
        owners.append(cases_of(session, customer)[0].owner_id)
    # bob and dave (the agents of Care) take turns; alice is an admin, not in the rota.
    assert owners == [users["bob"].id, dave.id, users["bob"].id]


def test_worse_news_raises_the_priority_of_the_open_case(session, users, settings):
    customer = make_customer(session, owner_id=users["bob"].id)
    on_interactions_analysed(session, [analysed(session, customer, severity=45).id])
    [case] = cases_of(session, customer)
    assert case.priority == "p3"
    first_due = case.first_response_due
    threat = analysed(session, customer, "My lawyer will hear about this", severity=50,
                      signals={"legal_threat": 0.9})
    on_interactions_analysed(session, [threat.id])
    assert cases_of(session, customer) == [case]
    assert case.priority == "p1" and case.first_response_due < first_due
    kinds = [e.kind for e in session.scalars(select(CaseEvent).where(
        CaseEvent.case_id == case.id).order_by(CaseEvent.id))]
    assert kinds == ["opened", "evidence", "evidence", "priority_raised"]


def test_concurrent_first_messages_open_one_case(backend, settings):
    """Two workers see the same customer's first complaints at the same moment (committed
    transactions on separate connections, PostgreSQL only: SQLite runs one writer)."""
    if backend.kind != "postgresql":
        pytest.skip("needs concurrent writers")
    import threading

    from sqlalchemy import delete
    from sqlalchemy.orm import Session

    from amends.decide.cases import Finding, do_open_or_extend_case, find_open_case
    from amends.models import Customer, Job

    with Session(backend.engine) as setup:
        customer = make_customer(setup)
        setup.commit()
        customer_id = customer.id
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            with Session(backend.engine, expire_on_commit=False) as s:
                assert find_open_case(s, customer_id) is None  # both see no case yet
                barrier.wait(timeout=10)
                finding = Finding("bad_experience", 60, "interaction", 10_000_000 + n,
                                  utcnow(), f"message {n}", ["delay"])
                do_open_or_extend_case(s, customer_id, [finding])
                s.commit()
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(2)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert errors == []
        with Session(backend.engine) as check:
            cases = check.scalars(select(RecoveryCase).where(
                RecoveryCase.customer_id == customer_id)).all()
            assert len(cases) == 1
            assert check.scalar(select(func.count()).select_from(CaseEvidence).where(
                CaseEvidence.case_id == cases[0].id)) == 2
    finally:
        with Session(backend.engine) as clean:
            ids = clean.scalars(select(RecoveryCase.id).where(
                RecoveryCase.customer_id == customer_id)).all()
            for case_id in ids:
                clean.execute(delete(Job).where(Job.dedupe_key.like(f"case-sla:{case_id}:%")))
            clean.execute(delete(Customer).where(Customer.id == customer_id))
            clean.commit()
