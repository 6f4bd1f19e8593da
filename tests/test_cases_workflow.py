"""Working a case through the API: playbook, drafts and tone, amends, resolve, follow-up,
root cause and outcome; and clear 4xx answers for bad requests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from amends import hooks
from amends.decide import amends_ledger as ledger
from amends.decide.cases import do_evaluate_outcome, do_resolve_case
from amends.errors import Forbidden
from amends.models.outbox import OutboxMessage
from amends.timeutil import utcnow
from tests.factories import make_activity, make_customer


@pytest.fixture
def users(session: Any) -> dict[str, Any]:
    from amends.decide.staff import do_create_staff

    people = {name: do_create_staff(session, email=f"{name}@example.org",
                                    name=f"{name.title()} Example", role=role, team_name=team)
              for name, role, team in (("alice", "admin", "Care"), ("bob", "agent", "Care"),
                                       ("charlie", "agent", "Billing"))}
    session.commit()
    return people


def open_case(client: Any, auth: dict[str, str], customer: Any, severity: int = 60,
              issues: tuple[str, ...] = ("billing",)) -> dict[str, Any]:
    response = client.post("/api/v1/cases", headers=auth, json={
        "customer_id": customer.id, "staff_email": "bob@example.org", "severity": severity,
        "title": "Charged twice for one order", "issues": list(issues)})
    assert response.status_code == 201, response.text
    return response.json()


def test_case_from_open_to_closed_through_the_api(client, auth, session, users):
    customer = make_customer(session, name="Dana Whitfield", owner_id=users["bob"].id,
                             value_per_year=1200.0)
    session.commit()
    detail = open_case(client, auth, customer)
    case_id = detail["case"]["id"]
    assert detail["case"]["owner_id"] == users["bob"].id
    assert detail["case"]["playbook"] == "billing"
    keys = [s["key"] for s in detail["steps"]]
    assert keys[:3] == ["investigate", "acknowledge", "apologise"] and "follow_up" in keys

    ack = client.post(f"/api/v1/cases/{case_id}/acknowledge", headers=auth,
                      json={"staff_email": "bob@example.org"}).json()
    assert ack["case"]["status"] == "acknowledged"
    first_step = detail["steps"][0]["id"]
    done = client.post(f"/api/v1/cases/{case_id}/steps/{first_step}/done", headers=auth,
                       json={"staff_email": "bob@example.org", "notes": "billed twice, confirmed"})
    step = done.json()["steps"][0]
    assert step["done"] and step["done_by_id"] == users["bob"].id
    assert step["notes"] == "billed twice, confirmed"
    assert done.json()["case"]["status"] == "in_progress"
    again = client.post(f"/api/v1/cases/{case_id}/steps/{first_step}/done", headers=auth,
                        json={"staff_email": "bob@example.org"})
    assert again.status_code == 409 and again.json()["error"]["code"] == "step_done"

    resolved = client.post(f"/api/v1/cases/{case_id}/resolve", headers=auth, json={
        "staff_email": "bob@example.org", "fix": "refunded the second charge"}).json()
    assert resolved["case"]["status"] == "resolved" and resolved["case"]["resolved_at"]
    bad = client.post(f"/api/v1/cases/{case_id}/close", headers=auth,
                      json={"staff_email": "bob@example.org", "root_cause": "gremlins"})
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"] == "root_cause"
    closed = client.post(f"/api/v1/cases/{case_id}/close", headers=auth, json={
        "staff_email": "bob@example.org", "root_cause": "technical",
        "note": "payment retry double-submitted"}).json()
    assert closed["case"]["status"] == "closed"
    kinds = [e["kind"] for e in closed["timeline"]]
    assert kinds == ["opened", "acknowledged", "step_done", "resolved", "closed"]
    assert all(e["at"] for e in closed["timeline"])
    assert closed["timeline"][1]["actor"] == "Bob Example"

    learn = client.get("/api/v1/cases/learnings", headers=auth).json()["items"]
    assert learn[0]["note"] == "payment retry double-submitted"
    causes = client.get("/api/v1/cases/root-causes", headers=auth).json()
    assert causes["items"][0] == {"root_cause": "technical", "cases": 1,
                                  "issues": {"billing": 1}}


def test_bad_requests_get_clear_errors(client, auth, session, users):
    customer = make_customer(session)
    session.commit()
    assert client.get("/api/v1/cases/999999", headers=auth).status_code == 404
    no_actor = client.post("/api/v1/cases", headers=auth, json={
        "customer_id": customer.id, "title": "x", "severity": 50})
    assert no_actor.status_code == 422
    assert no_actor.json()["error"]["fields"][0]["field"] == "body.staff_email"
    bad_severity = client.post("/api/v1/cases", headers=auth, json={
        "customer_id": customer.id, "title": "x", "severity": 500,
        "staff_email": "bob@example.org"})
    assert bad_severity.status_code == 422
    unknown = client.post("/api/v1/cases", headers=auth, json={
        "customer_id": customer.id, "title": "x", "severity": 50,
        "staff_email": "nobody@example.org"})
    assert unknown.status_code == 422
    assert client.get("/api/v1/cases").status_code == 401
    case = open_case(client, auth, customer)
    twice = client.post("/api/v1/cases", headers=auth, json={
        "customer_id": customer.id, "title": "x", "severity": 50,
        "staff_email": "bob@example.org"})
    assert twice.status_code == 409
    assert client.post(f"/api/v1/cases/{case['case']['id']}/steps/999999/done", headers=auth,
                       json={"staff_email": "bob@example.org"}).status_code == 404
    listed = client.get("/api/v1/cases?open=true", headers=auth).json()["items"]
    assert [c["id"] for c in listed] == [case["case"]["id"]]
    board = client.get("/api/v1/cases/board", headers=auth).json()
    assert board["total"] == 1 and board["columns"]["new"][0]["id"] == case["case"]["id"]
    assert client.get("/api/v1/cases?priority=p9", headers=auth).status_code == 422


def test_drafts_are_filled_checked_for_tone_and_sent_once(client, auth, session, users):
    customer = make_customer(session, name="Dana Whitfield", email="dana@example.com",
                             owner_id=users["bob"].id)
    session.commit()
    case_id = open_case(client, auth, customer, issues=("delivery_problem",))["case"]["id"]
    draft = client.post(f"/api/v1/cases/{case_id}/drafts", headers=auth,
                        json={"staff_email": "bob@example.org", "kind": "acknowledgement"}).json()
    assert "Hi Dana," in draft["body"] and "the problem with your delivery" in draft["body"]
    assert "Bob Example" in draft["body"] and draft["tone"]["flags"] == []

    cold = client.patch(f"/api/v1/cases/{case_id}/drafts/{draft['id']}", headers=auth, json={
        "staff_email": "bob@example.org",
        "body": "Hi Dana, that is not our fault, it is the courier's problem."}).json()
    assert "blame_shifting" in cold["tone"]["flags"] and "lacks_empathy" in cold["tone"]["flags"]
    refused = client.post(f"/api/v1/cases/{case_id}/drafts/{draft['id']}/send", headers=auth,
                          json={"staff_email": "bob@example.org"})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "tone_flagged"

    client.patch(f"/api/v1/cases/{case_id}/drafts/{draft['id']}", headers=auth, json={
        "staff_email": "bob@example.org",
        "body": "Hi Dana, I'm so sorry your parcel went missing. I'll send a new one today."})
    sent = client.post(f"/api/v1/cases/{case_id}/drafts/{draft['id']}/send", headers=auth,
                       json={"staff_email": "bob@example.org"})
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    assert client.post(f"/api/v1/cases/{case_id}/drafts/{draft['id']}/send", headers=auth,
                       json={"staff_email": "bob@example.org"}).status_code == 409
    mails = session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == "dana@example.com")).all()
    assert len(mails) == 1 and "parcel went missing" in mails[0].payload["text"]
    detail = client.get(f"/api/v1/cases/{case_id}", headers=auth).json()
    assert detail["case"]["first_response_at"] and detail["case"]["status"] == "in_progress"

    resolution = client.post(f"/api/v1/cases/{case_id}/drafts", headers=auth, json={
        "staff_email": "bob@example.org", "kind": "resolution"}).json()
    placeholder = client.post(f"/api/v1/cases/{case_id}/drafts/{resolution['id']}/send",
                              headers=auth, json={"staff_email": "bob@example.org"})
    assert placeholder.status_code == 422  # "[describe the fix here]" still in the text


def test_amends_recommendation_cap_and_manager_approval(session, users, settings):
    customer = make_customer(session, value_per_year=1000.0)
    from amends.decide.cases import do_open_case_manually

    case = do_open_case_manually(session, customer_id=customer.id, staff_id=users["bob"].id,
                                 title="Wrong item, twice", severity=80,
                                 issues=["delivery_problem"])
    rec = ledger.recommend(session, case.id)
    assert rec["severity_level"] == "critical" and rec["kind"] == "credit"
    assert rec["value"] == 80.0 and rec["cap"] == 100.0  # 8% of 1000, cap 10% of 1000
    first = ledger.do_offer_amends(session, case.id, staff_id=users["bob"].id, kind="credit",
                                   value=80)
    assert first.status == "offered"
    assert ledger.recommend(session, case.id)["value"] == 20.0  # what is left of the cap
    second = ledger.do_offer_amends(session, case.id, staff_id=users["bob"].id, kind="gift",
                                    value=30)
    assert second.status == "pending_approval"
    with pytest.raises(Forbidden):
        ledger.do_approve_amends(session, case.id, second.id, staff_id=users["bob"].id)
    ledger.do_approve_amends(session, case.id, second.id, staff_id=users["alice"].id)
    assert second.status == "offered" and second.approved_by_id == users["alice"].id
    ledger.do_decide_amends(session, case.id, first.id, staff_id=users["bob"].id,
                            accepted=True)
    ledger.do_decide_amends(session, case.id, second.id, staff_id=users["bob"].id,
                            accepted=False)
    assert (first.status, second.status) == ("accepted", "declined")
    # Declined offers no longer count against the cap.
    assert ledger.used_in_year(session, customer.id) == 80.0


def test_offer_validation_through_the_api(client, auth, session, users):
    customer = make_customer(session)
    session.commit()
    case_id = open_case(client, auth, customer)["case"]["id"]
    bad = client.post(f"/api/v1/cases/{case_id}/amends", headers=auth, json={
        "staff_email": "bob@example.org", "kind": "cash", "value": -5})
    assert bad.status_code == 422
    assert {f["field"] for f in bad.json()["error"]["fields"]} == {"body.kind", "body.value"}
    ok = client.post(f"/api/v1/cases/{case_id}/amends", headers=auth, json={
        "staff_email": "bob@example.org", "kind": "credit", "value": 20})
    # No yearly value known: the cap is 50, so 20 is offered at once.
    assert ok.status_code == 201 and ok.json()["status"] == "offered"


def _followup_survey(session: Any) -> Any:
    from amends.decide.surveys import do_create_survey

    return do_create_survey(session, key="after-case", name="After your case", kind="csat",
                            question="Are you happy with how we handled it?",
                            rules={"triggers": ["case_resolved"]})


def _answer(session: Any, invitation: Any, score: int, bad: bool) -> None:
    from amends.models.surveys import SurveyResponse

    response = SurveyResponse(invitation_id=invitation.id, survey_id=invitation.survey_id,
                              customer_id=invitation.customer_id, option=str(score),
                              score=score, bad_experience=bad, history=[])
    session.add(response)
    session.flush()
    hooks.fire(session, "survey_answered", response_id=response.id)


def test_resolving_sends_the_followup_and_its_answer_sets_the_outcome(session, users, settings):
    from amends.decide.cases import do_open_case_manually
    from amends.models.surveys import SurveyInvitation

    _followup_survey(session)
    customer = make_customer(session, owner_id=users["bob"].id)
    case = do_open_case_manually(session, customer_id=customer.id, staff_id=users["bob"].id,
                                 title="Late delivery", severity=50)
    do_resolve_case(session, case.id, staff_id=users["bob"].id, fix="re-sent by courier")
    [invitation] = session.scalars(select(SurveyInvitation).where(
        SurveyInvitation.context_type == "case")).all()
    assert invitation.context_id == str(case.id) and invitation.customer_id == customer.id
    assert case.outcome is None
    _answer(session, invitation, score=5, bad=False)
    assert case.outcome == "recovered" and case.outcome_detail["survey"] == "positive"


def test_outcome_from_behaviour_after_resolution(session, users, settings):
    from amends.decide.cases import do_open_case_manually

    def resolved_case(**fields: Any) -> Any:
        customer = make_customer(session, **fields)
        case = do_open_case_manually(session, customer_id=customer.id,
                                     staff_id=users["bob"].id, title="x", severity=50)
        do_resolve_case(session, case.id, staff_id=users["bob"].id)
        case.resolved_at = utcnow() - timedelta(days=40)  # the outcome window has passed
        return customer, case

    buyer, bought = resolved_case()
    make_activity(session, buyer, "purchase", when=utcnow() - timedelta(days=20))
    leaver, left = resolved_case()
    make_activity(session, leaver, "purchase", when=utcnow() - timedelta(days=30))
    make_activity(session, leaver, "cancel", when=utcnow() - timedelta(days=15))
    _, quiet = resolved_case()
    _, churned = resolved_case(status="churned")
    assert do_evaluate_outcome(session, bought.id) == "recovered"
    assert do_evaluate_outcome(session, left.id) == "not_recovered"
    assert do_evaluate_outcome(session, quiet.id) == "unknown"
    assert do_evaluate_outcome(session, churned.id) == "not_recovered"
    # Still inside the window with no signal: no verdict yet.
    _, fresh = resolved_case()
    fresh.resolved_at = utcnow() - timedelta(days=2)
    assert do_evaluate_outcome(session, fresh.id) is None
