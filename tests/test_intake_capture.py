"""Capturing enquiries: API, email and phone webhooks, the public form and its spam checks."""

# Fixtures are imported from tests/test_intake_support.py, so pytest sees them here.
# ruff: noqa: F811

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from sqlalchemy import func, select

from amends.decide.intake import do_capture_lead, do_create_form
from amends.intake import spam
from amends.intake.capture import Enquiry, parse_rfc822
from amends.models.intake import IntakeAttempt, IntakeForm, Lead, LeadEvent
from amends.models.outbox import OutboxMessage
from amends.timeutil import utcnow
from tests.factories import make_customer
from tests.test_intake_support import (  # noqa: F401
    MONDAY_10,
    client_for,
    law_settings,
    open_app,
)


def _count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_api_enquiry_is_classified_acknowledged_and_idempotent(session, open_app, auth):
    body = {"name": "Dana Cole", "email": "dana@example.com", "external_id": "web-1",
            "message": "My son was arrested last night and has court tomorrow. Please help."}
    first = open_app.post("/api/v1/leads", json=body, headers=auth)
    assert first.status_code == 201, first.text
    lead = first.json()["lead"]
    assert (lead["topic"], lead["urgency"]) == ("criminal_defence", "urgent")
    assert lead["acknowledged_at"] is not None and lead["sla_due_at"] is not None
    again = open_app.post("/api/v1/leads", json=body, headers=auth)
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    assert again.json()["id"] == first.json()["id"]
    # Without an external id, a blind retry is still the same enquiry.
    del body["external_id"]
    blind = [open_app.post("/api/v1/leads", json=body, headers=auth) for _ in range(2)]
    assert [r.status_code for r in blind] == [201, 200]
    assert _count(session, Lead) == 2
    acks = list(session.scalars(select(OutboxMessage).where(
        OutboxMessage.dedupe_key.like("lead:%:ack:%"))))
    assert [m.recipient for m in acks] == ["dana@example.com"]  # the blind one: a duplicate
    assert "Criminal defence".lower() in acks[0].payload["text"]


def test_api_refuses_bad_enquiries_with_field_details(open_app, auth, session):
    cases = [
        ({"name": "No way to answer", "message": "hi"}, "body"),
        ({"email": "not-an-email", "message": "hi"}, "body.email"),
        ({"email": "a@example.com", "message": "hi", "practice_area": "astrology"},
         "body.practice_area"),
        ({"phone": "call me maybe", "message": "hi"}, "body.phone"),
        ({"email": "a@example.com", "message": "hi", "surprise": 1}, "body.surprise"),
    ]
    for body, field in cases:
        response = open_app.post("/api/v1/leads", json=body, headers=auth)
        assert response.status_code == 422, (body, response.text)
        fields = [f["field"] for f in response.json()["error"]["fields"]]
        assert field in fields, (body, fields)
    bad_json = open_app.post("/api/v1/leads", content=b"{nope", headers={
        **auth, "Content-Type": "application/json"})
    assert bad_json.status_code == 400
    assert _count(session, Lead) == 0
    assert open_app.post("/api/v1/leads", json={"email": "a@example.com", "message": "x"}
                         ).status_code == 401


def test_email_webhook_reads_sender_and_html_and_refuses_bad_mail(open_app, auth, session):
    mail = {"from": "Priya Shah <Priya@Example.COM>", "to": "intake@firm.example",
            "subject": "Divorce question", "message_id": "<abc@mail.example>",
            "html": "<p>We are separating and need help with <b>custody of our kids</b>.</p>"
                    "<script>alert(1)</script>", "provider_field": "ignored"}
    response = open_app.post("/api/v1/intake/email", json=mail, headers=auth)
    assert response.status_code == 201, response.text
    lead = response.json()["lead"]
    assert lead["email"] == "Priya@example.com" and lead["name"] == "Priya Shah"
    assert lead["topic"] == "family" and "alert" not in lead["message"]
    assert open_app.post("/api/v1/intake/email", json=mail, headers=auth).status_code == 200
    bad_sender = open_app.post("/api/v1/intake/email", headers=auth,
                               json={"from": "nobody at all", "text": "hello"})
    assert bad_sender.status_code == 422
    assert bad_sender.json()["error"]["fields"][0]["field"] == "body.from"
    no_body = open_app.post("/api/v1/intake/email", headers=auth,
                            json={"from": "a@example.com", "subject": "empty"})
    assert no_body.status_code == 422
    assert _count(session, Lead) == 1


def test_missed_call_then_voicemail_is_one_lead_with_the_transcript(open_app, auth, session):
    when = (utcnow() - timedelta(minutes=3)).isoformat()
    missed = {"event": "missed_call", "call_id": "CA123", "from": "+1 (555) 010-2000",
              "occurred_at": when, "to": "+15550100000"}
    first = open_app.post("/api/v1/intake/phone", json=missed, headers=auth)
    assert first.status_code == 201, first.text
    assert first.json()["lead"]["message"] == "Missed call"
    voicemail = {**missed, "event": "voicemail", "duration_seconds": 41,
                 "transcript": "Hi, I was arrested for drink driving and I'm in court tomorrow"}
    second = open_app.post("/api/v1/intake/phone", json=voicemail, headers=auth)
    assert second.status_code == 200 and second.json()["id"] == first.json()["id"]
    again = open_app.post("/api/v1/intake/phone", json=voicemail, headers=auth)
    assert again.status_code == 200
    lead = session.get(Lead, first.json()["id"])
    session.refresh(lead)
    assert lead.message.startswith("Hi, I was arrested") and lead.urgency == "urgent"
    assert lead.topic in ("dui", "criminal_defence")
    assert _count(session, LeadEvent, LeadEvent.lead_id == lead.id,
                  LeadEvent.kind == "enquiry") == 2
    bad = open_app.post("/api/v1/intake/phone", headers=auth,
                        json={**missed, "from": "anonymous", "call_id": "CA9"})
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"] == "body.from"


def test_duplicate_of_customer_and_open_lead_is_flagged_and_not_acked_twice(session,
                                                                            law_settings):
    customer = make_customer(session, email="known@example.com", phone="020 7946 0000")
    first, _ = do_capture_lead(session, Enquiry(
        source="api", received_at=MONDAY_10, email="Known@example.com",
        message="I need a will"), law_settings, MONDAY_10)
    assert first.customer_id == customer.id
    second, created = do_capture_lead(session, Enquiry(
        source="phone", received_at=MONDAY_10 + timedelta(minutes=2), phone="+44 20 7946 0000",
        external_id="call-2", event="missed_call", message="Missed call"),
        law_settings, MONDAY_10 + timedelta(minutes=2))
    assert created and second.customer_id == customer.id
    third, _ = do_capture_lead(session, Enquiry(
        source="form", received_at=MONDAY_10 + timedelta(minutes=5), email="known@example.com",
        message="Sending again in case"), law_settings, MONDAY_10 + timedelta(minutes=5))
    assert third.duplicate_of_lead_id == first.id and third.ack_queued_at is None
    assert _count(session, OutboxMessage, OutboxMessage.dedupe_key.like("lead:%:ack:email")) == 1


def _form(session):
    form = do_create_form(session, "Contact Hart & Lowe")
    session.commit()
    return form


def _fields(form, settings, **over):
    token = spam.issue_token(settings.secret_key, form.key, utcnow() - timedelta(seconds=20))
    values = {"name": "Sam Reyes", "email": "sam@example.com", "phone": "",
              "message": "I slipped and fell in a shop and hurt my back.",
              spam.HONEYPOT_FIELD: "", spam.TOKEN_FIELD: token}
    values.update(over)
    return values


def test_form_page_embeds_token_and_accepts_a_person(session, open_app):
    form = _form(session)
    page = open_app.get(f"/intake/form/{form.key}")
    assert page.status_code == 200
    assert f'name="{spam.TOKEN_FIELD}"' in page.text and spam.HONEYPOT_FIELD in page.text
    token = open_app.get(f"/intake/form/{form.key}/token")
    assert token.headers["access-control-allow-origin"] == "*"
    settings = open_app.app_settings
    posted = open_app.post(f"/intake/form/{form.key}",
                           data=_fields(form, settings, name="<script>x</script> Sam"))
    assert posted.status_code == 201, posted.text
    assert "<script>x</script>" not in posted.text and "&lt;script&gt;" in posted.text
    assert "within 5 minutes" in posted.text
    lead = session.scalar(select(Lead))
    assert lead.source == "form" and lead.topic == "personal_injury"
    assert open_app.get("/intake/form/nope").status_code == 404


def test_form_refuses_spam_and_bad_input_clearly_and_keeps_the_text(session, open_app):
    form = _form(session)
    settings = open_app.app_settings
    url = f"/intake/form/{form.key}"
    # Stamped ahead of now, so it is "too fast" however slowly this test runs.
    fresh = spam.issue_token(settings.secret_key, form.key, utcnow() + timedelta(minutes=1))
    links = " ".join(f"https://spam{i}.example" for i in range(4))
    cases = [
        ({spam.HONEYPOT_FIELD: "http://bot.example"}, "hidden from people"),
        ({spam.TOKEN_FIELD: fresh}, "wait a few seconds"),
        ({spam.TOKEN_FIELD: "12345.forged"}, "altered"),
        ({spam.TOKEN_FIELD: spam.issue_token(settings.secret_key, form.key,
                                             utcnow() - timedelta(days=2))}, "more than a day"),
        ({"message": f"Cheap SEO services and backlinks {links}"}, "spam filter"),
        ({"email": "", "phone": ""}, "email address or a phone number"),
        ({"email": "sam@", "message": "My unique words about a lease"}, "not a valid email"),
    ]
    for over, expected in cases:
        response = open_app.post(url, data=_fields(form, settings, **over))
        assert response.status_code == 422, (over, response.status_code)
        assert expected in response.text, (over, response.text[:500])
    # The sender's words come back in the form, escaped, so nothing has to be retyped.
    assert "My unique words about a lease" in response.text
    as_json = open_app.post(url, data=_fields(form, settings, **cases[1][0]),
                            headers={"Accept": "application/json"})
    assert as_json.json()["error"]["code"] == "too_fast"
    assert _count(session, Lead) == 0
    assert _count(session, IntakeAttempt, IntakeAttempt.outcome == "spam") == 6


def test_form_rate_limit_per_ip_then_a_clear_429(session, settings, session_factory):
    form = _form(session)
    with client_for(settings, session_factory, intake_rate_limit=3) as client:
        url = f"/intake/form/{form.key}"
        statuses = [client.post(url, data=_fields(form, client.app_settings,
                                                  message=f"Question {n} about a lease"))
                    for n in range(4)]
    assert [r.status_code for r in statuses] == [201] * 3 + [429]
    assert "Question 3 about a lease" in statuses[-1].text  # kept for the retry
    assert _count(session, Lead) == 3


def test_form_without_script_token_still_lands(session, open_app):
    form = _form(session)
    values = _fields(form, open_app.app_settings)
    values.pop(spam.TOKEN_FIELD)
    response = open_app.post(f"/intake/form/{form.key}", data=values,
                             headers={"Accept": "application/json"})
    assert response.status_code == 201 and response.json()["ref"].startswith("L")


def test_raw_email_from_imap_is_parsed():
    raw = (b"From: Lee Park <lee@example.org>\r\nTo: intake@firm.example\r\n"
           b"Subject: Fired last week\r\nMessage-ID: <m1@example.org>\r\n"
           b"Date: Mon, 02 Mar 2026 10:00:00 +0000\r\n\r\n"
           b"I was fired without warning.\r\n\r\nOn Sun, someone wrote:\r\n> old text\r\n")
    enquiry = parse_rfc822(raw).to_enquiry(MONDAY_10)
    assert (enquiry.email, enquiry.name, enquiry.external_id) == (
        "lee@example.org", "Lee Park", "<m1@example.org>")
    assert enquiry.message == "I was fired without warning." and enquiry.received_at == MONDAY_10


def test_form_post_is_acknowledged_by_real_email_within_seconds(session, settings,
                                                                session_factory):
    from amends import jobs
    from tests.support.receivers import smtp_server

    form = _form(session)
    with smtp_server() as smtp, client_for(settings, session_factory, smtp_host=smtp.host,
                                           smtp_port=smtp.port) as client:
        started = utcnow()
        posted = client.post(f"/intake/form/{form.key}", data=_fields(form, client.app_settings))
        assert posted.status_code == 201
        jobs.run_pending(session_factory)  # what the worker does: deliver the outbox
        elapsed = (utcnow() - started).total_seconds()
    assert elapsed < 10
    assert [m["To"] for m in smtp.messages] == ["sam@example.com"]
    body = smtp.messages[0].get_payload(decode=True).decode()
    assert "Hello Sam," in body and "within 5 minutes" in body
    assert "personal injury" in body


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@hsettings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(values=st.dictionaries(st.sampled_from(["name", "email", "phone", "message",
                                               spam.HONEYPOT_FIELD, spam.TOKEN_FIELD, "x"]),
                              _text, max_size=7))
def test_any_form_post_is_answered_clearly_never_with_a_crash(session, open_app, values):
    form = session.scalar(select(IntakeForm)) or _form(session)
    before = _count(session, Lead)
    response = open_app.post(f"/intake/form/{form.key}", data=values)
    assert response.status_code in (200, 201, 422), response.text[:300]
    if response.status_code == 422:
        assert 'class="problem"' in response.text  # a reason, and the form to try again
        assert _count(session, Lead) == before
