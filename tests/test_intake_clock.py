"""Acknowledgements, after-hours behaviour, SLA alerts, cadence, conversion, speed to lead."""

# Fixtures are imported from tests/test_intake_support.py, so pytest sees them here.
# ruff: noqa: F811

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from amends import jobs
from amends.decide.intake import (
    do_assign,
    do_cadence_step,
    do_capture_lead,
    do_convert_lead,
    do_record_touch,
    do_set_status,
    do_sla_check,
    do_sweep,
)
from amends.errors import Conflict, ValidationFailed
from amends.intake.capture import Enquiry
from amends.intake.policy import cadence_times
from amends.models import Customer, Interaction, Job
from amends.models.intake import LeadTask
from amends.models.outbox import OutboxMessage
from amends.notify.outbox import deliver_due
from amends.report.intake import speed_to_lead, unanswered
from tests.factories import make_customer, make_interaction
from tests.support.receivers import http_receiver, smtp_server
from tests.test_intake_support import (  # noqa: F401
    MONDAY_10,
    law_settings,
    make_settings,
    staff,
)


def _lead(session, settings, when, **fields):
    values = {"source": "api", "received_at": when, "name": "Ana Ruiz",
              "email": "ana@example.com", "message": "I was hurt in a car accident."}
    values.update(fields)
    lead, created = do_capture_lead(session, Enquiry(**values), settings, when)
    assert created
    return lead


def _queued(session, like):
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.dedupe_key.like(like))
                                .order_by(OutboxMessage.id)))


def test_acknowledgement_reaches_a_real_smtp_server_and_sms_webhook_within_seconds(
        session, session_factory, settings):
    with smtp_server() as smtp, http_receiver() as sms:
        s = make_settings(settings, smtp_host=smtp.host, smtp_port=smtp.port,
                          sms_webhook_url=sms.url + "/sms")
        lead = _lead(session, s, MONDAY_10, phone="+44 7700 900123")
        session.commit()
        assert (lead.ack_queued_at - lead.received_at).total_seconds() < 5
        deliver_due(session_factory, s, now=MONDAY_10 + timedelta(seconds=2))
        deliver_due(session_factory, s, now=MONDAY_10 + timedelta(seconds=3))  # nothing twice
    assert [m["To"] for m in smtp.messages] == ["ana@example.com"]
    body = smtp.messages[0].get_payload(decode=True).decode()
    assert "within 5 minutes" in body and "Hart & Lowe Solicitors" in body
    assert f"L{lead.id}" in smtp.messages[0]["Subject"]
    assert len(sms.requests) == 1 and sms.requests[0]["json"]["to"] == "+44 7700 900123"
    assert "within 5 minutes" in sms.requests[0]["json"]["text"]


@pytest.mark.parametrize("zone, received, in_hours, due_local", [
    # Friday 23:30 UTC is 18:30 in New York: closed; reply due Monday 09:05 local.
    ("America/New_York", datetime(2026, 3, 6, 23, 30, tzinfo=UTC), False,
     datetime(2026, 3, 9, 9, 5)),
    # The same instant is Saturday 08:30 in Tokyo: closed until Monday.
    ("Asia/Tokyo", datetime(2026, 3, 6, 23, 30, tzinfo=UTC), False, datetime(2026, 3, 9, 9, 5)),
    # Friday 14:30 UTC is 09:30 in New York: open, due five minutes later.
    ("America/New_York", datetime(2026, 3, 6, 14, 30, tzinfo=UTC), True,
     datetime(2026, 3, 6, 9, 35)),
])
def test_after_hours_sets_expectations_in_the_business_time_zone(session, settings, staff, zone,
                                                                 received, in_hours, due_local):
    from zoneinfo import ZoneInfo

    s = make_settings(settings, timezone=zone)
    lead = _lead(session, s, received)
    assert lead.after_hours is not in_hours
    assert lead.sla_due_at.astimezone(ZoneInfo(zone)).replace(tzinfo=None) == due_local
    ack = _queued(session, f"lead:{lead.id}:ack:email")[0].payload["text"]
    tasks = list(session.scalars(select(LeadTask).where(LeadTask.lead_id == lead.id)))
    if in_hours:
        assert "within 5 minutes" in ack and not tasks
    else:
        assert "closed right now" in ack and "Monday 9 March at 09:05" in ack
        assert [t.kind for t in tasks] == ["first_in"]
        opening = tasks[0].due_at.astimezone(ZoneInfo(zone))
        assert (opening.weekday(), opening.hour, opening.minute) == (0, 9, 0)
        # The first person in is told when the office opens, not at night.
        alert = _queued(session, f"lead:{lead.id}:after_hours:%")[0]
        assert alert.send_after == tasks[0].due_at


def test_holiday_moves_the_promise_to_the_next_working_day(session, settings):
    s = make_settings(settings, timezone="Europe/London", holidays=(date(2026, 3, 9),),
                      intake_emergency_phone="+44 20 7946 0999")
    lead = _lead(session, s, datetime(2026, 3, 6, 18, 0, tzinfo=UTC),
                 message="My husband was arrested tonight and is in custody")
    assert lead.urgency == "urgent"
    assert lead.sla_due_at == datetime(2026, 3, 10, 9, 5, tzinfo=UTC)
    ack = _queued(session, f"lead:{lead.id}:ack:email")[0].payload["text"]
    assert "Tuesday 10 March at 09:05 (Europe/London)" in ack and "+44 20 7946 0999" in ack


def test_sla_warning_breach_and_escalation_each_once(session, settings, staff):
    s = make_settings(settings, intake_alert_slack_url="https://chat.example/hook")
    lead = _lead(session, s, MONDAY_10)
    do_assign(session, lead.id, staff_id=staff["bob"].id, now=MONDAY_10)
    at = MONDAY_10.__add__
    assert do_sla_check(session, lead.id, s, at(timedelta(minutes=2))) is None
    assert do_sla_check(session, lead.id, s, at(timedelta(minutes=3, seconds=5))) == "sla_warning"
    assert do_sla_check(session, lead.id, s, at(timedelta(minutes=4))) is None
    assert do_sla_check(session, lead.id, s, at(timedelta(minutes=5, seconds=1))) == "sla_breach"
    assert do_sla_check(session, lead.id, s, at(timedelta(minutes=6))) is None
    assert do_sla_check(session, lead.id, s, at(timedelta(minutes=21))) == "escalation"
    assert do_sla_check(session, lead.id, s, at(timedelta(minutes=30))) is None
    recipients = {kind: sorted(m.recipient for m in _queued(session, f"lead:{lead.id}:{kind}:%")
                               if m.channel == "email")
                  for kind in ("sla_warning", "sla_breach", "escalation")}
    assert recipients == {"sla_warning": ["bob@example.org"], "sla_breach": ["bob@example.org"],
                          "escalation": ["alice@example.org", "bob@example.org"]}
    slack = _queued(session, f"lead:{lead.id}:%:slack")
    assert [m.channel for m in slack] == ["slack"] * 3
    assert "overdue" in slack[1].payload["text"]
    board = unanswered(session, s, now=at(timedelta(minutes=30)))
    assert board["overdue"] == 1 and board["items"][0]["id"] == lead.id
    assert board["items"][0]["overdue_minutes"] == 25.0


def test_sla_is_configurable_per_urgency_and_source(session, settings, staff):
    s = make_settings(settings, intake_sla_minutes={"urgent": 2, "email": 60})
    urgent = _lead(session, s, MONDAY_10, message="I was arrested, court tomorrow")
    by_mail = _lead(session, s, MONDAY_10, source="email", email="b@example.com",
                    message="Question about a lease")
    assert urgent.sla_due_at == MONDAY_10 + timedelta(minutes=2)
    assert by_mail.sla_due_at == MONDAY_10 + timedelta(minutes=60)
    assert do_sla_check(session, by_mail.id, s, MONDAY_10 + timedelta(minutes=10)) is None


def test_a_staff_touch_or_outbound_interaction_stops_the_clock(session, settings, staff):
    s = make_settings(settings)
    lead = _lead(session, s, MONDAY_10)
    do_record_touch(session, lead.id, kind="call", settings=s, staff_id=staff["bob"].id,
                    text="Called, booked a consultation", now=MONDAY_10 + timedelta(minutes=4))
    assert lead.first_response_at == MONDAY_10 + timedelta(minutes=4)
    assert lead.status == "contacted"
    assert do_sla_check(session, lead.id, s, MONDAY_10 + timedelta(minutes=30)) is None
    # An email sent from the helpdesk (recorded as an interaction) counts too.
    other = _lead(session, s, MONDAY_10, email="zoe@example.com", name="Zoe")
    customer = make_customer(session, email="zoe@example.com")
    make_interaction(session, customer, "Hello Zoe, happy to help", direction="outbound",
                     author_type="staff", when=MONDAY_10 + timedelta(minutes=3))
    assert do_sla_check(session, other.id, s, MONDAY_10 + timedelta(minutes=6)) is None
    assert other.first_response_at == MONDAY_10 + timedelta(minutes=3)
    assert not _queued(session, f"lead:{other.id}:sla_breach:%")
    with pytest.raises(ValidationFailed):
        do_record_touch(session, lead.id, kind="fax", settings=s, now=MONDAY_10)


def test_cadence_follows_up_until_the_person_is_reached(session, settings, staff):
    with http_receiver() as sms:
        s = make_settings(settings, sms_webhook_url=sms.url)
        lead = _lead(session, s, MONDAY_10, phone="+1 555 010 3000")
    steps = [(n, day, when.date()) for n, day, when in cadence_times(MONDAY_10, s)]
    assert [(n, d) for n, d, _ in steps] == [(1, 1), (2, 3), (3, 7)]
    assert steps[1][2] == date(2026, 3, 5)
    queued = {j.payload.get("step") for j in session.scalars(
        select(Job).where(Job.kind == "intake_cadence_step"))}
    assert queued == {1, 2, 3}
    day = timedelta(days=1)
    assert do_cadence_step(session, lead.id, 1, s, MONDAY_10 + day)
    assert not do_cadence_step(session, lead.id, 1, s, MONDAY_10 + day)  # never twice
    # A call that did not reach them stops the SLA clock but not the follow-ups.
    do_record_touch(session, lead.id, kind="call", settings=s, reached=False,
                    staff_id=staff["bob"].id, now=MONDAY_10 + day * 2)
    assert lead.first_response_at is not None and lead.status == "new"
    assert do_cadence_step(session, lead.id, 2, s, MONDAY_10 + day * 3)
    do_record_touch(session, lead.id, kind="sms", settings=s, staff_id=staff["bob"].id,
                    now=MONDAY_10 + day * 4)
    assert not do_cadence_step(session, lead.id, 3, s, MONDAY_10 + day * 7)
    follow_ups = _queued(session, f"lead:{lead.id}:followup:%")
    assert sorted(m.dedupe_key.split(":")[3] + m.channel for m in follow_ups) == [
        "1email", "1sms_webhook", "2email", "2sms_webhook"]


def test_sweep_catches_up_and_jobs_run_through_the_worker_registry(session, settings, staff,
                                                                  law_settings):
    lead = _lead(session, law_settings, MONDAY_10)
    result = do_sweep(session, law_settings, MONDAY_10 + timedelta(days=3, hours=1))
    assert result == {"alerts": 1, "follow_ups": 1}
    assert lead.escalated_at is not None and lead.cadence_step == 2
    # The registered handlers resolve and run (at the real time: long after the SLA).
    jobs.resolve_handler("intake_sla_check")(session, {"lead_id": lead.id})
    jobs.resolve_handler("intake_cadence_step")(session, {"lead_id": lead.id, "step": 3})
    jobs.resolve_handler("intake_sweep")(session, {})
    jobs.resolve_handler("intake_sla_check")(session, {"lead_id": 999_999})
    assert lead.cadence_step == 3


def test_pipeline_and_conversion_keep_the_history(session, settings, staff):
    s = make_settings(settings)
    lead = _lead(session, s, MONDAY_10)
    do_record_touch(session, lead.id, kind="call", settings=s, staff_id=staff["bob"].id,
                    text="Discussed the accident", now=MONDAY_10 + timedelta(minutes=3))
    do_set_status(session, lead.id, "qualified", s, now=MONDAY_10 + timedelta(hours=1))
    with pytest.raises(Conflict):
        do_set_status(session, lead.id, "new", s)
    customer = do_convert_lead(session, lead.id, s, now=MONDAY_10 + timedelta(days=1))
    assert (customer.email, lead.status, lead.customer_id) == ("ana@example.com", "client",
                                                              customer.id)
    texts = list(session.scalars(select(Interaction.author_type).where(
        Interaction.customer_id == customer.id).order_by(Interaction.occurred_at,
                                                         Interaction.id)))
    assert texts == ["customer", "system", "staff"]
    again = do_convert_lead(session, lead.id, s)
    assert again.id == customer.id
    assert session.scalar(select(func.count()).select_from(Interaction)) == 3
    assert session.scalar(select(func.count()).select_from(Customer)) == 1
    lost = _lead(session, s, MONDAY_10, email="x@example.com")
    with pytest.raises(ValidationFailed):
        do_set_status(session, lost.id, "lost", s, reason=" ")
    do_set_status(session, lost.id, "lost", s, reason="hired another firm")
    assert lost.lost_reason == "hired another firm"


def test_speed_to_lead_report(session, settings, staff):
    s = make_settings(settings)
    minutes = [2, 4, 30, 90, None]
    leads = []
    for n, m in enumerate(minutes):
        lead = _lead(session, s, MONDAY_10, email=f"p{n}@example.com",
                     source="form" if n % 2 else "api")
        if m is not None:
            do_record_touch(session, lead.id, kind="call", settings=s,
                            now=MONDAY_10 + timedelta(minutes=m))
        leads.append(lead)
    night = _lead(session, s, datetime(2026, 3, 2, 22, 0, tzinfo=UTC), email="n@example.com")
    do_record_touch(session, night.id, kind="email", settings=s,
                    now=datetime(2026, 3, 3, 9, 3, tzinfo=UTC))
    do_convert_lead(session, leads[0].id, s, now=MONDAY_10 + timedelta(hours=2))
    report = speed_to_lead(session, s, since=MONDAY_10 - timedelta(days=1),
                           until=MONDAY_10 + timedelta(days=2))
    assert report["leads"] == 6 and report["never_answered"] == 1
    assert report["median_minutes"] == 30.0
    assert report["median_business_minutes"] == 4.0  # the night lead waited 3 business min
    assert report["answered_within_5m"] == round(2 / 6, 4)
    assert report["answered_within_1h"] == round(3 / 6, 4)
    assert report["after_hours_share"] == round(1 / 6, 4)
    assert report["conversion_by_response_time"]["under_5m"] == {"leads": 2, "clients": 1,
                                                                 "rate": 0.5}
    assert report["conversion_by_source"]["api"]["clients"] == 1
