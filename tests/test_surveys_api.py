"""The survey API: creation and its errors, bulk invitations, snippet, triggers, metrics."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from amends import hooks, jobs
from amends.decide.surveys import (
    do_confirm_answer,
    do_invite,
    on_case_resolved,
    run_activity_scan,
    run_pulse,
)
from amends.models.surveys import SurveyInvitation, SurveyResponse
from amends.timeutil import utcnow
from tests import test_surveys_support as support
from tests.factories import make_activity, make_customer, make_interaction
from tests.test_surveys_support import HUMAN, html_links, make_survey, path_of

# The shared fixtures of the survey tests.
admin_auth = support.admin_auth
sclient = support.sclient
smtp = support.smtp
ssettings = support.ssettings


@pytest.fixture(autouse=True)
def quiet_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    # The recovery rules behind `survey_answered` have their own tests.
    monkeypatch.setitem(hooks.HOOKS, "survey_answered", [])


def test_create_survey_validates_every_field(sclient, admin_auth, auth):
    bad = sclient.post("/api/v1/surveys", headers=admin_auth, json={
        "key": "a b", "name": "", "kind": "stars", "question": "?",
        "brand_colour": "red", "logo_url": "http://x", "extra": 1})
    assert bad.status_code == 422
    fields = {f["field"] for f in bad.json()["error"]["fields"]}
    assert {"body.key", "body.name", "body.kind", "body.brand_colour", "body.logo_url",
            "body.extra"} <= fields
    rules = sclient.post("/api/v1/surveys", headers=admin_auth, json={
        "key": "x", "name": "X", "kind": "nps", "question": "Recommend us?",
        "rules": {"triggers": ["sometimes"], "delay_minutes": -1}})
    assert rules.status_code == 422
    assert {f["field"] for f in rules.json()["error"]["fields"]} == {
        "rules.triggers", "rules.delay_minutes"}
    body = {"key": "nps", "name": "NPS", "kind": "nps", "question": "Recommend us?"}
    assert sclient.post("/api/v1/surveys", headers=auth, json=body).status_code == 403
    assert sclient.post("/api/v1/surveys", headers=admin_auth, json=body).status_code == 201
    again = sclient.post("/api/v1/surveys", headers=admin_auth, json=body)
    assert again.status_code == 422 and again.json()["error"]["fields"][0]["field"] == "key"
    got = sclient.get("/api/v1/surveys/nps", headers=auth).json()
    assert got["options"] == [str(n) for n in range(11)]
    assert sclient.get("/api/v1/surveys/nope", headers=auth).status_code == 404

    changed = sclient.patch("/api/v1/surveys/nps", headers=admin_auth, json={
        "question": "Would you recommend Acme?", "rules": {"triggers": ["pulse"]},
        "is_active": False})
    assert changed.status_code == 200, changed.text
    assert changed.json()["question"] == "Would you recommend Acme?"
    assert not changed.json()["is_active"] and changed.json()["rules"]["triggers"] == ["pulse"]
    for body in ({"kind": "csat"}, {"question": None}, {"rules": {"triggers": "all"}},
                 {"brand_colour": "blue"}):
        refused = sclient.patch("/api/v1/surveys/nps", headers=admin_auth, json=body)
        assert refused.status_code == 422, body
    assert sclient.patch("/api/v1/surveys/nps", headers=auth,
                         json={"is_active": True}).status_code == 403


def test_bulk_invitations_name_bad_items(session, sclient, admin_auth):
    make_survey(session, key="bulk", rules={"frequency_days": 0})
    opted = make_customer(session, survey_opt_out=True)
    session.commit()
    result = sclient.post("/api/v1/surveys/bulk/invitations/bulk", headers=admin_auth, json={
        "items": [
            {"customer": {"email": "new.person@example.com"}, "context_id": "c-1"},
            {"customer": {"email": "not-an-email"}, "context_id": "c-2"},
            {"customer": {"id": opted.id}, "context_id": "c-3"},
            {"customer": {"email": "new.person@example.com"}, "context_id": "c-1"},
            {"customer": {"email": "x@example.com"}, "context_id": "c-4",
             "staff_email": "ghost@example.org"},
            "nonsense"]})
    assert result.status_code == 200
    statuses = [r["status"] for r in result.json()["results"]]
    assert statuses == ["scheduled", "error", "skipped", "existing", "error", "error"]
    errors = result.json()["results"]
    assert errors[1]["errors"][0]["field"].startswith("items.1.customer")
    assert errors[4]["errors"][0]["field"] == "items.4.staff_email"
    assert session.scalar(select(func.count()).select_from(SurveyInvitation)) == 1


def test_snippet_answers_are_marked_unverified(session, ssettings, sclient, admin_auth, users):
    make_survey(session, key="sig", kind="thumbs")
    session.commit()
    got = sclient.get("/api/v1/surveys/sig/snippet", headers=admin_auth,
                      params={"staff_email": users["bob"].email, "helpdesk": "zendesk"})
    assert got.status_code == 200
    links = html_links(got.json()["html"])
    up = links["Yes, good"]
    assert "{{ticket.requester.email}}" in up and "{{ticket.id}}" in up
    # Unfilled merge fields (the snippet opened before the help desk filled it in).
    assert sclient.get(path_of(up), headers=HUMAN).status_code == 404
    too_long = up.replace("{{ticket.requester.email}}", "a" * 400 + "@example.com")
    assert sclient.get(path_of(too_long), headers=HUMAN).status_code == 404
    filled = (up.replace("{{ticket.requester.email}}", quote("pat@example.com"))
              .replace("{{ticket.id}}", "4711").replace("{{ticket.requester.external_id}}", ""))
    page = sclient.get(path_of(filled), headers=HUMAN)
    assert page.status_code == 200 and "Yes, good" in page.text
    action = page.text.split('action="')[1].split('"')[0]
    assert sclient.post(action, headers=HUMAN, data={"comment": "Bob was great"}).status_code \
        == 200
    response = session.scalar(select(SurveyResponse))
    invitation = session.get(SurveyInvitation, response.invitation_id)
    assert response.option == "up" and not response.identity_verified
    assert invitation.staff_id == users["bob"].id and invitation.context_id == "4711"
    assert invitation.channel == "snippet"
    forged = filled.replace("/s/x/", "/s/x/0").split("?")[0]
    assert sclient.get(path_of(forged), headers=HUMAN).status_code == 404


def test_conversation_close_triggers_matching_surveys(session, sclient, admin_auth, users):
    make_survey(session, key="closed", rules={"triggers": ["conversation_closed"],
                                              "delay_minutes": 30})
    make_survey(session, key="orders", kind="csat", rules={"triggers": ["order"]})
    session.commit()
    closed = sclient.post("/api/v1/conversations/close", headers=admin_auth, json={
        "customer": {"external_id": "crm-1", "email": "lee@example.com"}, "thread_id": "Z-1",
        "staff_email": users["charlie"].email, "channel": "phone"})
    assert closed.status_code == 200, closed.text
    [invite] = closed.json()["invitations"]
    assert invite["status"] == "scheduled"
    invitation = session.get(SurveyInvitation, invite["invitation_id"])
    assert invitation.send_at >= utcnow() + timedelta(minutes=29)
    assert invitation.source_channel == "phone" and invitation.staff_id == users["charlie"].id
    bad = sclient.post("/api/v1/conversations/close", headers=admin_auth,
                       json={"customer": {}, "thread_id": ""})
    assert bad.status_code == 422


def test_orders_pulse_and_resolved_cases_trigger_invitations(session, ssettings):
    before = make_customer(session)
    make_activity(session, before, kind="order")  # before the survey existed: not asked
    orders = make_survey(session, key="orders", kind="csat",
                         rules={"triggers": ["purchase", "order"], "frequency_days": 0})
    buyer = make_customer(session)
    make_activity(session, buyer, kind="order", external_id="ord-77")
    make_activity(session, buyer, kind="login")
    run_activity_scan(session, {})
    run_activity_scan(session, {})  # the cursor moved on: nothing twice
    invited = list(session.scalars(select(SurveyInvitation)
                                   .where(SurveyInvitation.survey_id == orders.id)))
    assert [(i.customer_id, i.context_type, i.context_id) for i in invited] == [
        (buyer.id, "order", "test:ord-77")]

    pulse = make_survey(session, key="pulse", kind="thermometer",
                        rules={"triggers": ["pulse"], "quiet_days": 30})
    old = utcnow() - timedelta(days=90)
    quiet = make_customer(session, created_at=old)
    make_interaction(session, quiet, when=old)
    busy = make_customer(session, created_at=old)
    make_interaction(session, busy, when=utcnow() - timedelta(days=2))
    run_pulse(session, {})
    run_pulse(session, {})
    pulsed = [i.customer_id for i in session.scalars(
        select(SurveyInvitation).where(SurveyInvitation.survey_id == pulse.id))]
    assert quiet.id in pulsed and busy.id not in pulsed and pulsed.count(quiet.id) == 1

    followup = make_survey(session, key="followup", kind="thumbs",
                           rules={"triggers": ["case_resolved"], "frequency_days": 0})
    case_customer = make_customer(session)
    case = _resolved_case(session, case_customer)
    on_case_resolved(session, case_id=case.id)
    inv = session.scalar(select(SurveyInvitation)
                         .where(SurveyInvitation.survey_id == followup.id))
    assert (inv.customer_id, inv.context_type, inv.context_id) == (
        case_customer.id, "case", str(case.id))
    on_case_resolved(session, case_id=999_999)  # an unknown case is ignored


def _resolved_case(session: Any, customer: Any) -> Any:
    from amends.models import RecoveryCase

    case = RecoveryCase(customer_id=customer.id, status="resolved", trigger="manual",
                        title="late parcel", issues=[], resolved_at=utcnow())
    session.add(case)
    session.flush()
    return case


def _answer(session: Any, survey: Any, customer: Any, option: str, staff: Any = None,
            channel: str = "email", context: str | None = None) -> None:
    result = do_invite(session, survey=survey, customer_id=customer.id,
                       context_type="conversation", context_id=context or f"c-{customer.id}",
                       staff_id=staff.id if staff else None, source_channel=channel)
    invitation = result.invitation
    invitation.status = "queued"  # as if handed to the mail server
    session.flush()
    if option:
        do_confirm_answer(session, invitation=invitation, option=option, ip="198.51.100.1",
                          user_agent=HUMAN["User-Agent"])


def test_metrics_by_survey_staff_team_channel_and_period(session, ssettings, sclient, auth,
                                                         users):
    csat = make_survey(session, key="csat", kind="csat", rules={"frequency_days": 0})
    nps = make_survey(session, key="nps", kind="nps", rules={"frequency_days": 0})
    ces = make_survey(session, key="ces", kind="ces", rules={"frequency_days": 0})
    bob, charlie = users["bob"], users["charlie"]
    for option, staff in (("5", bob), ("4", bob), ("2", charlie), ("", charlie)):
        _answer(session, csat, make_customer(session), option, staff, "chat")
    for option in ("10", "9", "7", "3", "0"):
        _answer(session, nps, make_customer(session), option, bob, "email")
    for option in ("2", "6"):
        _answer(session, ces, make_customer(session), option, charlie, "phone")
    session.commit()

    by_survey = {g["group"]: g for g in sclient.get(
        "/api/v1/surveys/stats", headers=auth, params={"by": "survey"}).json()["groups"]}
    assert by_survey["csat"]["csat_pct"] == 66.7  # 2 of 3 answers are 4-5
    assert by_survey["csat"]["response_rate"] == 0.75
    assert by_survey["csat"]["distribution"]["csat"] == {"1": 0, "2": 1, "3": 0, "4": 1,
                                                         "5": 1}
    assert by_survey["nps"]["nps"] == 0.0  # 40% promoters - 40% detractors
    assert by_survey["nps"]["bad_experiences"] == 2  # 3 and 0 (7 is passive, not bad)
    assert by_survey["ces"]["ces_mean"] == 4.0

    by_staff = {g["group"]: g for g in sclient.get(
        "/api/v1/surveys/csat/stats", headers=auth, params={"by": "staff"}).json()["groups"]}
    assert by_staff["Bob Teammate"]["csat_pct"] == 100.0
    assert by_staff["Charlie Outsider"]["csat_pct"] == 0.0
    by_team = {g["group"]: g["responses"] for g in sclient.get(
        "/api/v1/surveys/stats", headers=auth, params={"by": "team"}).json()["groups"]}
    assert by_team == {"Care": 7, "Billing": 3}
    by_channel = {g["group"]: g["responses"] for g in sclient.get(
        "/api/v1/surveys/stats", headers=auth, params={"by": "channel"}).json()["groups"]}
    assert by_channel == {"chat": 3, "email": 5, "phone": 2}
    by_period = sclient.get("/api/v1/surveys/stats", headers=auth,
                            params={"by": "period", "period": "week"}).json()
    assert by_period["total"]["responses"] == 10 and by_period["groups"][0]["group"].startswith(
        "week of ")
    assert sclient.get("/api/v1/surveys/stats", headers=auth,
                       params={"by": "planet"}).status_code == 422
    assert sclient.get("/api/v1/surveys/stats", headers=auth,
                       params={"since": "2026-01-01T00:00:00"}).status_code == 422


def test_quiet_hours_defer_the_send(session, settings):
    from tests.test_surveys_support import survey_settings_from

    survey = make_survey(session)
    customer = make_customer(session)
    night = utcnow().replace(hour=23, minute=30, second=0, microsecond=0)
    strict = survey_settings_from(settings, survey_quiet_hours="21:00-08:00",
                                  timezone="Europe/Berlin")
    result = do_invite(session, survey=survey, customer_id=customer.id,
                       context_type="manual", context_id="q", now=night, settings=strict)
    local = result.invitation.send_at.astimezone(strict.tz)
    assert (local.hour, local.minute) == (8, 0) and result.invitation.send_at > night
    job = session.scalar(select(jobs.Job).where(jobs.Job.kind == "survey_send_invitation"))
    assert job.run_after == result.invitation.send_at
    # A customer whose time zone is known is asked outside their own night.
    abroad = make_customer(session, attributes={"timezone": "America/New_York"})
    morning = night.replace(hour=11)  # 06:00 or 07:00 in New York: quiet until 08:00
    result = do_invite(session, survey=survey, customer_id=abroad.id, context_type="manual",
                       context_id="q", now=morning, settings=strict)
    local = result.invitation.send_at.astimezone(ZoneInfo("America/New_York"))
    assert (local.hour, local.minute) == (8, 0)
