"""Client intake state changes: capture, acknowledge, SLA alerts, cadence, pipeline.

Every function takes `now` so time-dependent behaviour is tested without sleeping; none
commits. Outbound messages go through the outbox with a dedupe key per lead and step, so
a retried job or a re-posted enquiry never sends anything twice.

The first *human* response (a staff touch, or an outbound staff interaction to the same
email) stops the SLA clock; reaching the person (status "contacted" or later) stops the
follow-up cadence.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from amends import hooks, jobs
from amends.errors import Conflict, FieldError, NotFound, ValidationFailed
from amends.intake import messages, policy
from amends.intake.capture import Enquiry, email_key, phone_key
from amends.intake.classify import areas_for, classify_enquiry
from amends.models import Customer, Interaction, StaffUser, Team
from amends.models.intake import (
    LEAD_STATUSES,
    TOUCH_KINDS,
    IntakeAttempt,
    IntakeForm,
    Lead,
    LeadEvent,
    LeadTask,
)
from amends.timeutil import require_aware, utcnow

SLA_JOB = "intake_sla_check"
CADENCE_JOB = "intake_cadence_step"
SWEEP_JOB = "intake_sweep"
OPEN_STATUSES = ("new", "contacted", "qualified")
# An enquiry older than this when it reaches us (a backfill, an old mailbox) is recorded
# without an acknowledgement or alerts: answering it "within 5 minutes" makes no sense.
BACKFILL_AGE = timedelta(hours=24)
# A second enquiry from someone acknowledged this recently is not acknowledged again.
REACK_AFTER = timedelta(hours=24)
ATTEMPTS_KEPT = timedelta(days=30)
TRANSITIONS = {"new": {"contacted", "qualified", "client", "lost"},
               "contacted": {"qualified", "client", "lost"},
               "qualified": {"client", "lost"},
               "lost": {"new", "contacted", "qualified"},
               "client": set()}


def get_lead(session: Session, lead_id: int, *, lock: bool = False) -> Lead:
    lead = session.get(Lead, lead_id, with_for_update=lock or None)
    if lead is None:
        raise NotFound(f"no lead with id {lead_id}")
    return lead


def _event(session: Session, lead: Lead, kind: str, now: datetime, text: str = "", *,
           direction: str = "internal", channel: str | None = None,
           staff_id: int | None = None, **meta: Any) -> LeadEvent:
    event = LeadEvent(lead_id=lead.id, kind=kind, direction=direction, channel=channel,
                      staff_id=staff_id, text=text, occurred_at=now, meta=meta)
    session.add(event)
    return event


def _queue(session: Session, channel: str, recipient: str, payload: dict[str, Any],
           dedupe_key: str, send_after: datetime | None = None) -> None:
    from amends.notify.outbox import do_queue_message

    do_queue_message(session, channel=channel, recipient=recipient, payload=payload,
                     dedupe_key=dedupe_key, send_after=send_after)


# --- forms -------------------------------------------------------------------------------

def do_create_form(session: Session, name: str, *, redirect_url: str | None = None,
                   team_name: str | None = None) -> IntakeForm:
    name = name.strip()
    if not name:
        raise ValidationFailed("a form needs a name", fields=[FieldError("name", "is empty")])
    if redirect_url and not redirect_url.startswith(("https://", "http://")):
        raise ValidationFailed("redirect_url must be an http(s) URL",
                               fields=[FieldError("redirect_url", "not an http(s) URL")])
    team = _team(session, team_name) if team_name else None
    form = IntakeForm(key=secrets.token_urlsafe(12), name=name, redirect_url=redirect_url,
                      team_id=team.id if team else None, is_active=True)
    session.add(form)
    session.flush()
    return form


def get_form(session: Session, key: str) -> IntakeForm:
    form = session.scalar(select(IntakeForm).where(IntakeForm.key == key))
    if form is None or not form.is_active:
        raise NotFound("no such enquiry form (check the address you pasted)")
    return form


def _team(session: Session, name: str) -> Team | None:
    return session.scalar(select(Team).where(Team.name == name))


# --- capture -----------------------------------------------------------------------------

def _find_existing(session: Session, source: str, external_id: str) -> Lead | None:
    return session.scalar(select(Lead).where(Lead.source == source,
                                             Lead.external_id == external_id))


def _matching_customer(session: Session, ekey: str | None, pkey: str | None) -> Customer | None:
    if ekey:
        found = session.scalar(select(Customer).where(Customer.email_key == ekey))
        if found is not None:
            return found
    if pkey:
        # Phones are stored as typed; narrow by the last digits, then compare the keys.
        for customer in session.scalars(select(Customer).where(
                Customer.phone.like(f"%{pkey[-4:]}")).limit(200)):
            if phone_key(customer.phone) == pkey:
                return customer
    return None


def _matching_open_lead(session: Session, ekey: str | None, pkey: str | None,
                        exclude: int | None = None) -> Lead | None:
    conds = []
    if ekey:
        conds.append(Lead.email_key == ekey)
    if pkey:
        conds.append(Lead.phone_key == pkey)
    if not conds:
        return None
    query = (select(Lead).where(or_(*conds), Lead.status.in_(OPEN_STATUSES))
             .order_by(Lead.received_at.desc()).limit(1))
    if exclude is not None:
        query = query.where(Lead.id != exclude)
    return session.scalar(query)


def _classify(lead: Lead, enquiry: Enquiry, settings: Any) -> None:
    areas = areas_for(settings)
    text = "\n".join(filter(None, [lead.subject, lead.message]))
    result = classify_enquiry(text, areas)
    lead.classification = result.to_dict()
    lead.topic, lead.topic_label, lead.urgency = result.topic, result.topic_label, result.urgency
    if enquiry.practice_area:
        label = areas.label(enquiry.practice_area)
        if label is None:
            raise ValidationFailed(
                f"unknown practice_area {enquiry.practice_area!r}",
                fields=[FieldError("body.practice_area",
                                   f"use one of: {', '.join(areas.topics.ids)}")])
        lead.topic, lead.topic_label = enquiry.practice_area, label
    if enquiry.urgency:
        lead.urgency = enquiry.urgency
    team_name = areas.teams.get(lead.topic or "")
    lead.meta = {**(lead.meta or {}), "team_hint": team_name} if team_name else lead.meta


def do_capture_lead(session: Session, enquiry: Enquiry, settings: Any,
                    now: datetime | None = None) -> tuple[Lead, bool]:
    """Store an enquiry as a lead, acknowledge it and start its clocks.

    Returns ``(lead, created)``; a re-sent enquiry (same source and external id) returns the
    existing lead and changes nothing, except that a voicemail for a call already reported
    as missed adds its transcript to that lead.
    """
    now = require_aware(now or utcnow())
    enquiry.received_at = require_aware(min(enquiry.received_at, now))
    enquiry.external_id = enquiry.external_id or enquiry.content_key()
    existing = _find_existing(session, enquiry.source, enquiry.external_id)
    if existing is not None:
        if enquiry.source == "phone":
            _add_call_event(session, existing, enquiry, settings, now)
        return existing, False
    lead = _new_lead(session, enquiry, settings)
    try:
        with session.begin_nested():
            session.add(lead)
            session.flush()
    except IntegrityError:
        # Another request stored the same enquiry first: that one is the lead.
        found = _find_existing(session, enquiry.source, enquiry.external_id)
        if found is None:
            raise
        return found, False
    _event(session, lead, "enquiry", lead.received_at, lead.message, direction="inbound",
           channel=lead.source, subject=lead.subject, event=enquiry.event,
           call_event=f"{enquiry.event}:{enquiry.external_id}",
           classification=lead.classification)
    _flag_duplicates(session, lead, lead.received_at)
    if now - lead.received_at > BACKFILL_AGE:
        lead.meta = {**(lead.meta or {}), "backfill": True}
        _event(session, lead, "note", now, "received more than a day after it was sent: "
               "no acknowledgement or alerts")
    else:
        _start_clocks(session, lead, settings, now)
    hooks.fire(session, "lead_created", lead_id=lead.id)
    return lead, True


def _new_lead(session: Session, enquiry: Enquiry, settings: Any) -> Lead:
    assert enquiry.external_id is not None
    lead = Lead(source=enquiry.source, external_id=enquiry.external_id, form_id=enquiry.form_id,
                name=enquiry.name or "", email=enquiry.email, email_key=email_key(enquiry.email),
                phone=enquiry.phone, phone_key=phone_key(enquiry.phone), subject=enquiry.subject,
                message=enquiry.message, status="new", received_at=enquiry.received_at,
                meta=dict(enquiry.meta), cadence_step=0)
    _classify(lead, enquiry, settings)
    team_name = (lead.meta or {}).get("team_hint")
    team = _team(session, team_name) if team_name else None
    if team is None and enquiry.form_id is not None:
        form = session.get(IntakeForm, enquiry.form_id)
        lead.team_id = form.team_id if form else None
    else:
        lead.team_id = team.id if team else None
    lead.after_hours = not policy.is_open(lead.received_at, settings)
    lead.sla_due_at = policy.sla_times(lead.received_at, lead.source, lead.urgency,
                                       settings).due_at
    return lead


def _flag_duplicates(session: Session, lead: Lead, now: datetime) -> None:
    customer = _matching_customer(session, lead.email_key, lead.phone_key)
    if customer is not None:
        lead.customer_id = customer.id
        _event(session, lead, "duplicate", now, f"matches existing customer #{customer.id} "
               f"({customer.name})", customer_id=customer.id)
    earlier = _matching_open_lead(session, lead.email_key, lead.phone_key, exclude=lead.id)
    if earlier is not None:
        lead.duplicate_of_lead_id = earlier.id
        _event(session, lead, "duplicate", now, f"same person as open lead L{earlier.id}",
               lead_id=earlier.id)


def _start_clocks(session: Session, lead: Lead, settings: Any, now: datetime) -> None:
    _acknowledge(session, lead, settings, now)
    times = policy.sla_times(lead.received_at, lead.source, lead.urgency, settings)
    for when in (times.warn_at, times.due_at, times.escalate_at):
        jobs.enqueue(session, SLA_JOB, {"lead_id": lead.id}, run_after=when, priority=15,
                     dedupe_key=f"lead:{lead.id}:sla:{int(when.timestamp())}")
    for step, _day, when in policy.cadence_times(lead.received_at, settings):
        jobs.enqueue(session, CADENCE_JOB, {"lead_id": lead.id, "step": step}, run_after=when,
                     priority=10, dedupe_key=f"lead:{lead.id}:cadence:{step}")
    if lead.after_hours:
        _first_in_task(session, lead, settings, now)


def _acknowledge(session: Session, lead: Lead, settings: Any, now: datetime) -> None:
    earlier = session.get(Lead, lead.duplicate_of_lead_id) if lead.duplicate_of_lead_id else None
    if earlier is not None and earlier.ack_queued_at and now - earlier.ack_queued_at < REACK_AFTER:
        _event(session, lead, "note", now, f"not acknowledged again: L{earlier.id} was "
               "acknowledged less than a day ago")
        return
    subject, text = messages.acknowledgement(lead, now, settings)
    sent = []
    if lead.email:
        payload: dict[str, Any] = {"subject": subject, "text": text}
        reply_to = policy.setting(settings, "intake_reply_to")
        if reply_to:
            payload["reply_to"] = reply_to
        _queue(session, "email", lead.email, payload, f"lead:{lead.id}:ack:email", now)
        sent.append("email")
    if lead.phone and policy.setting(settings, "sms_webhook_url"):
        _queue(session, "sms_webhook", lead.phone,
               {"text": messages.sms_acknowledgement(lead, now, settings)},
               f"lead:{lead.id}:ack:sms", now)
        sent.append("sms")
    if sent:
        lead.ack_queued_at = now
        _event(session, lead, "acknowledgement", now, text, direction="outbound",
               channel=",".join(sent), automatic=True)


def _first_in_task(session: Session, lead: Lead, settings: Any, now: datetime) -> None:
    opens = policy.next_open(lead.received_at, settings)
    who = lead.name or lead.email or lead.phone
    task = LeadTask(lead_id=lead.id, kind="first_in", due_at=opens, status="open",
                    title=f"Call back {who}: enquiry came in after hours "
                          f"({policy.local_phrase(lead.received_at, settings)})",
                    assigned_to_id=lead.assigned_to_id, team_id=lead.team_id)
    session.add(task)
    _event(session, lead, "task", now, task.title, due_at=opens.isoformat())
    # The first person in hears about it when the office opens, not at 3 a.m.
    _alert(session, lead, "after_hours", settings, send_after=opens)


def _add_call_event(session: Session, lead: Lead, enquiry: Enquiry, settings: Any,
                    now: datetime) -> None:
    """A voicemail after a missed call (same call id): add it to the same lead."""
    key = f"{enquiry.event}:{enquiry.external_id}"
    seen = {e.meta.get("call_event") for e in session.scalars(
        select(LeadEvent).where(LeadEvent.lead_id == lead.id, LeadEvent.kind == "enquiry"))}
    if key in seen:
        return
    _event(session, lead, "enquiry", enquiry.received_at, enquiry.message, direction="inbound",
           channel="phone", call_event=key, **enquiry.meta)
    if enquiry.event == "voicemail" and enquiry.message:
        lead.message = (enquiry.message if lead.message.startswith("Missed call")
                        else f"{lead.message}\n\n{enquiry.message}")
        before = lead.urgency
        _classify(lead, enquiry, settings)
        if lead.urgency != before and lead.first_response_at is None:
            _reschedule_sla(session, lead, settings)


def _reschedule_sla(session: Session, lead: Lead, settings: Any) -> None:
    times = policy.sla_times(lead.received_at, lead.source, lead.urgency, settings)
    lead.sla_due_at = times.due_at
    for when in (times.warn_at, times.due_at, times.escalate_at):
        jobs.enqueue(session, SLA_JOB, {"lead_id": lead.id}, run_after=when, priority=15,
                     dedupe_key=f"lead:{lead.id}:sla:{int(when.timestamp())}")


# --- alerts ------------------------------------------------------------------------------

def _recipients(session: Session, lead: Lead, escalate: bool, settings: Any) -> list[str]:
    """Assigned person, else their team, else managers; escalations go to managers too."""
    emails: list[str] = []
    if lead.assigned_to_id:
        person = session.get(StaffUser, lead.assigned_to_id)
        if person is not None and person.is_active:
            emails.append(person.email)
    if not emails and lead.team_id:
        emails += session.scalars(select(StaffUser.email).where(
            StaffUser.team_id == lead.team_id, StaffUser.is_active.is_(True)))
    if escalate or not emails:
        configured = list(policy.setting(settings, "intake_escalation_emails") or ())
        emails += configured or list(session.scalars(select(StaffUser.email).where(
            StaffUser.role.in_(("admin", "manager")), StaffUser.is_active.is_(True))))
    return sorted(set(emails))


def _alert(session: Session, lead: Lead, kind: str, settings: Any, *, send_after: datetime,
           tag: str = "") -> list[str]:
    subject, text = messages.staff_alert(lead, kind, settings)
    recipients = _recipients(session, lead, kind == "escalation", settings)
    for address in recipients:
        _queue(session, "email", address, {"subject": subject, "text": text},
               f"lead:{lead.id}:{kind}{tag}:{address}", send_after)
    slack = policy.setting(settings, "intake_alert_slack_url")
    if slack:
        _queue(session, "slack", slack, {"text": f"{subject}\n{text}"},
               f"lead:{lead.id}:{kind}{tag}:slack", send_after)
    hook = policy.setting(settings, "intake_alert_webhook_url")
    if hook:
        _queue(session, "webhook", hook, {"event": f"lead.{kind}", "lead_id": lead.id,
                                          "urgency": lead.urgency, "topic": lead.topic},
               f"lead:{lead.id}:{kind}{tag}:webhook", send_after)
    return recipients


def do_sla_check(session: Session, lead_id: int, settings: Any,
                 now: datetime | None = None) -> str | None:
    """Raise the SLA alert that is due for an unanswered lead; returns its kind, if any.

    Safe to call any number of times: each alert is recorded on the lead and sent once.
    """
    now = require_aware(now or utcnow())
    lead = get_lead(session, lead_id)
    if lead.first_response_at is not None or lead.status not in OPEN_STATUSES:
        return None
    if _detect_staff_reply(session, lead, now):
        return None
    if lead.meta.get("backfill"):
        return None
    times = policy.sla_times(lead.received_at, lead.source, lead.urgency, settings)
    if now >= times.escalate_at and lead.escalated_at is None:
        lead.sla_breached_at = lead.sla_breached_at or times.due_at
        lead.escalated_at = now
        kind = "escalation"
    elif now >= times.due_at and lead.sla_breached_at is None:
        lead.sla_breached_at = now
        kind = "sla_breach"
    elif times.warn_at <= now < times.due_at and lead.sla_warned_at is None:
        lead.sla_warned_at = now
        kind = "sla_warning"
    else:
        return None
    recipients = _alert(session, lead, kind, settings, send_after=now)
    _event(session, lead, kind, now, f"alert sent to {', '.join(recipients) or 'nobody'}",
           recipients=recipients, due_at=times.due_at.isoformat())
    return kind


# --- first response and touches ----------------------------------------------------------

def _detect_staff_reply(session: Session, lead: Lead, now: datetime) -> bool:
    """An outbound staff interaction to this person since the enquiry counts as the reply."""
    conds = []
    if lead.customer_id:
        conds.append(Interaction.customer_id == lead.customer_id)
    if lead.email_key:
        conds.append(Customer.email_key == lead.email_key)
    if not conds:
        return False
    row = session.execute(
        select(Interaction.id, Interaction.occurred_at, Interaction.staff_id, Interaction.channel)
        .join(Customer, Customer.id == Interaction.customer_id)
        .where(or_(*conds), Interaction.author_type == "staff",
               Interaction.direction == "outbound",
               Interaction.occurred_at >= lead.received_at, Interaction.occurred_at <= now)
        .order_by(Interaction.occurred_at).limit(1)).first()
    if row is None:
        return False
    kind = row.channel if row.channel in TOUCH_KINDS else "email"
    _mark_first_response(session, lead, row.occurred_at, row.staff_id, kind, reached=True)
    _event(session, lead, "touch", row.occurred_at, f"staff {kind} recorded as interaction "
           f"#{row.id}", direction="outbound", channel=kind, staff_id=row.staff_id,
           interaction_id=row.id)
    return True


def _mark_first_response(session: Session, lead: Lead, when: datetime, staff_id: int | None,
                         kind: str, *, reached: bool) -> None:
    if lead.first_response_at is None or when < lead.first_response_at:
        lead.first_response_at = when
        lead.first_response_by_id = staff_id
        lead.first_response_kind = kind
    if reached and lead.status == "new":
        lead.status = "contacted"
    for task in session.scalars(select(LeadTask).where(LeadTask.lead_id == lead.id,
                                                       LeadTask.status == "open",
                                                       LeadTask.kind == "first_in")):
        task.status, task.done_at = "done", when


def do_record_touch(session: Session, lead_id: int, *, kind: str, settings: Any,
                    staff_id: int | None = None, text: str = "", reached: bool = True,
                    direction: str = "outbound", now: datetime | None = None,
                    occurred_at: datetime | None = None) -> LeadEvent:
    """A staff member called, emailed, texted or met the enquirer.

    Any staff touch stops the SLA clock (a person responded); only a touch that `reached`
    the person marks the lead contacted and stops the follow-up cadence.
    """
    now = require_aware(now or utcnow())
    when = require_aware(occurred_at) if occurred_at else now
    problems = []
    if kind not in TOUCH_KINDS:
        problems.append(FieldError("body.kind", f"must be one of {', '.join(TOUCH_KINDS)}"))
    if direction not in ("outbound", "inbound"):
        problems.append(FieldError("body.direction", "must be outbound or inbound"))
    if when > now + timedelta(minutes=5):
        problems.append(FieldError("body.occurred_at", "is in the future"))
    if staff_id is not None and session.get(StaffUser, staff_id) is None:
        problems.append(FieldError("body.staff_id", f"no staff user with id {staff_id}"))
    if problems:
        raise ValidationFailed("the touch is not valid", fields=problems)
    lead = get_lead(session, lead_id, lock=True)
    if lead.status in ("client", "lost"):
        raise Conflict(f"lead L{lead.id} is closed ({lead.status}); reopen it first")
    if when < lead.received_at:
        raise ValidationFailed("the touch is before the enquiry", fields=[
            FieldError("body.occurred_at", "is before the enquiry was received")])
    _mark_first_response(session, lead, when, staff_id, kind, reached=reached)
    return _event(session, lead, "touch", when, text, direction=direction, channel=kind,
                  staff_id=staff_id, reached=reached)


# --- cadence -----------------------------------------------------------------------------

def do_cadence_step(session: Session, lead_id: int, step: int, settings: Any,
                    now: datetime | None = None) -> bool:
    """Send follow-up `step` unless the person has been reached; True when it was sent."""
    now = require_aware(now or utcnow())
    lead = get_lead(session, lead_id)
    if lead.status != "new" or lead.meta.get("backfill") or step <= lead.cadence_step:
        return False
    if _detect_staff_reply(session, lead, now) and lead.status != "new":
        return False
    subject, text = messages.follow_up(lead, step, settings)
    channels = []
    if lead.email:
        _queue(session, "email", lead.email, {"subject": subject, "text": text},
               f"lead:{lead.id}:followup:{step}:email", now)
        channels.append("email")
    if lead.phone and policy.setting(settings, "sms_webhook_url"):
        _queue(session, "sms_webhook", lead.phone, {"text": messages.sms_follow_up(lead, settings)},
               f"lead:{lead.id}:followup:{step}:sms", now)
        channels.append("sms")
    lead.cadence_step = step
    _event(session, lead, "follow_up", now, text, direction="outbound",
           channel=",".join(channels) or None, step=step, automatic=True)
    recipients = _alert(session, lead, "reminder", settings, send_after=now, tag=f":{step}")
    _event(session, lead, "reminder", now, f"reminder {step} sent to "
           f"{', '.join(recipients) or 'nobody'}", step=step)
    return True


# --- pipeline ----------------------------------------------------------------------------

def do_set_status(session: Session, lead_id: int, status: str, settings: Any, *,
                  reason: str | None = None, staff_id: int | None = None,
                  now: datetime | None = None) -> Lead:
    """Move a lead along new -> contacted -> qualified -> client | lost (with a reason)."""
    now = require_aware(now or utcnow())
    if status not in LEAD_STATUSES:
        raise ValidationFailed(f"unknown status {status!r}", fields=[
            FieldError("body.status", f"must be one of {', '.join(LEAD_STATUSES)}")])
    lead = get_lead(session, lead_id, lock=True)
    if status == lead.status:
        return lead
    if status not in TRANSITIONS[lead.status]:
        raise Conflict(f"lead L{lead.id} cannot go from {lead.status} to {status}")
    if status == "client":
        do_convert_lead(session, lead_id, settings, staff_id=staff_id, now=now)
        return lead
    if status == "lost":
        if not (reason or "").strip():
            raise ValidationFailed("say why the lead was lost", fields=[
                FieldError("body.reason", "is required when the status is lost")])
        lead.lost_reason, lead.closed_at = reason.strip()[:500], now  # type: ignore[union-attr]
    else:
        lead.lost_reason, lead.closed_at = None, None
    if status in ("contacted", "qualified") and lead.first_response_at is None:
        _mark_first_response(session, lead, now, staff_id, "status", reached=True)
    old, lead.status = lead.status, status
    _event(session, lead, "status", now, f"{old} -> {status}" + (f": {reason}" if reason else ""),
           staff_id=staff_id, old=old, new=status)
    return lead


_CHANNEL = {"form": "web_form", "email": "email", "phone": "phone", "api": "other"}


def do_assign(session: Session, lead_id: int, *, staff_id: int | None = None,
              team_id: int | None = None, now: datetime | None = None) -> Lead:
    now = require_aware(now or utcnow())
    lead = get_lead(session, lead_id)
    if staff_id is not None:
        person = session.get(StaffUser, staff_id)
        if person is None:
            raise ValidationFailed("unknown staff user",
                                   fields=[FieldError("body.staff_id", "no such staff user")])
        lead.assigned_to_id = staff_id
        lead.team_id = person.team_id if team_id is None else team_id
    if team_id is not None:
        if session.get(Team, team_id) is None:
            raise ValidationFailed("unknown team", fields=[FieldError("body.team_id", "no such team")])
        lead.team_id = team_id
    _event(session, lead, "assigned", now, "", staff_id=staff_id, team_id=lead.team_id)
    return lead


def do_convert_lead(session: Session, lead_id: int, settings: Any, *,
                    staff_id: int | None = None, customer_id: int | None = None,
                    now: datetime | None = None) -> Customer:
    """The lead became a client: create or link the customer and keep the lead's history.

    The enquiry, automatic messages and staff touches are recorded as interactions on the
    customer (idempotently, keyed by the lead event), so converting twice changes nothing.
    """
    from amends.decide.records import do_record_interactions
    from amends.ingest.batch import RecordResult

    now = require_aware(now or utcnow())
    lead = get_lead(session, lead_id, lock=True)
    if lead.status == "client" and lead.customer_id:
        customer = session.get(Customer, lead.customer_id)
        assert customer is not None
        return customer
    customer = _customer_for(session, lead, customer_id)
    events = session.scalars(
        select(LeadEvent).where(LeadEvent.lead_id == lead.id,
                                LeadEvent.kind.in_(("enquiry", "acknowledgement", "follow_up",
                                                    "touch")))
        .order_by(LeadEvent.occurred_at, LeadEvent.id))
    items = [(RecordResult(index=n), _history_item(session, lead, customer, event))
             for n, event in enumerate(events)]
    if items:
        do_record_interactions(session, items)
    lead.customer_id, lead.status, lead.converted_at, lead.closed_at = (customer.id, "client",
                                                                        now, now)
    if lead.first_response_at is None:
        _mark_first_response(session, lead, now, staff_id, "status", reached=True)
        lead.status = "client"
    _event(session, lead, "converted", now, f"became customer #{customer.id}",
           staff_id=staff_id, customer_id=customer.id)
    return customer


def _history_item(session: Session, lead: Lead, customer: Customer, event: LeadEvent) -> Any:
    """One timeline entry as an interaction on the customer (keyed by the lead event)."""
    from pydantic import ValidationError

    from amends.ingest.schemas import InteractionIn

    author = ("customer" if event.direction == "inbound" and event.kind == "enquiry"
              else "system" if event.meta.get("automatic") else "staff")
    channel = (_CHANNEL[lead.source] if event.kind == "enquiry"
               else event.channel.split(",")[0] if event.channel else "other")
    values: dict[str, Any] = {
        "customer": {"id": customer.id},
        "channel": {"call": "phone", "meeting": "other"}.get(channel, channel),
        "text": event.text or f"({event.kind})", "occurred_at": event.occurred_at,
        "source": "intake", "external_id": f"lead-{lead.id}-event-{event.id}",
        "direction": "inbound" if event.direction == "inbound" else "outbound",
        "author": author, "thread_id": f"lead-{lead.id}",
        "subject": lead.subject if event.kind == "enquiry" else None,
        "metadata": {"lead_id": lead.id, "lead_event": event.kind}}
    if author == "staff" and event.staff_id:
        person = session.get(StaffUser, event.staff_id)
        values["staff_email"] = person.email if person else None
    try:
        return InteractionIn.model_validate(values)
    except ValidationError:
        # A staff address the strict check refuses must not block the conversion.
        values.pop("staff_email", None)
        values["metadata"]["staff_id"] = event.staff_id
        return InteractionIn.model_validate(values)


def _customer_for(session: Session, lead: Lead, customer_id: int | None) -> Customer:
    if customer_id is not None:
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise ValidationFailed("unknown customer", fields=[
                FieldError("body.customer_id", f"no customer with id {customer_id}")])
        return customer
    existing = (session.get(Customer, lead.customer_id) if lead.customer_id
                else _matching_customer(session, lead.email_key, lead.phone_key))
    if existing is not None:
        if existing.status == "prospect":
            existing.status = "active"
        return existing
    customer = Customer(name=lead.name or (lead.email or lead.phone or "").split("@")[0],
                        email=lead.email, email_key=lead.email_key, phone=lead.phone,
                        status="active", survey_opt_out=False,
                        attributes={"lead_id": lead.id, "lead_source": lead.source,
                                    "practice_area": lead.topic})
    session.add(customer)
    session.flush()
    return customer


# --- sweep and hooks ---------------------------------------------------------------------

def do_sweep(session: Session, settings: Any, now: datetime | None = None) -> dict[str, int]:
    """Catch up on anything a lost job missed: SLA alerts and due cadence steps."""
    now = require_aware(now or utcnow())
    alerts = steps = 0
    open_ids = list(session.scalars(select(Lead.id).where(
        Lead.status == "new", Lead.received_at >= now - timedelta(days=60))
        .order_by(Lead.id).limit(5000)))
    for lead_id in open_ids:
        if do_sla_check(session, lead_id, settings, now):
            alerts += 1
        lead = session.get(Lead, lead_id)
        assert lead is not None
        due = [s for s, _d, when in policy.cadence_times(lead.received_at, settings)
               if when <= now and s > lead.cadence_step]
        if due and do_cadence_step(session, lead_id, max(due), settings, now):
            steps += 1
    # Form attempts only matter for the rate limit and a month of audit.
    session.execute(delete(IntakeAttempt).where(IntakeAttempt.at < now - ATTEMPTS_KEPT))
    return {"alerts": alerts, "follow_ups": steps}


def on_interactions_analysed(session: Session, interaction_ids: list[int],
                             **_: Any) -> None:
    """Hook handler: an outbound staff message to an open lead's email is its first reply."""
    rows = session.execute(
        select(Customer.email_key, Customer.id).join(Interaction,
                                                     Interaction.customer_id == Customer.id)
        .where(Interaction.id.in_(interaction_ids), Interaction.author_type == "staff",
               Interaction.direction == "outbound")).all()
    keys = {r.email_key for r in rows if r.email_key}
    ids = {r.id for r in rows}
    if not keys and not ids:
        return
    now = utcnow()
    for lead in session.scalars(select(Lead).where(
            Lead.first_response_at.is_(None), Lead.status.in_(OPEN_STATUSES),
            or_(Lead.email_key.in_(keys), Lead.customer_id.in_(ids)))):
        _detect_staff_reply(session, lead, now)
