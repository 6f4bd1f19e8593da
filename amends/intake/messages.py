"""The words Amends sends for intake: acknowledgements, follow-ups, staff alerts.

Plain text only (no customer text is put into HTML here). Each function returns the
outbox payload for its channel.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from amends.intake.policy import local_phrase, setting
from amends.models.intake import Lead


def _business(settings: Any) -> str:
    return setting(settings, "business_name") or "our team"


def promise(lead: Lead, now: datetime, settings: Any) -> str:
    """When a person will answer, in words the enquirer can hold us to."""
    assert lead.sla_due_at is not None
    if not lead.after_hours:
        minutes = max(1, round((lead.sla_due_at - now).total_seconds() / 60))
        unit = "minute" if minutes == 1 else "minutes"
        return f"A member of our team will contact you within {minutes} {unit}."
    return (f"Our office is closed right now. A member of our team will contact you by "
            f"{local_phrase(lead.sla_due_at, settings)}, soon after we open.")


def acknowledgement(lead: Lead, now: datetime, settings: Any) -> tuple[str, str]:
    """(subject, text) of the instant acknowledgement."""
    first = lead.name.split()[0] if lead.name.strip() else ""
    greeting = f"Hello {first}," if first else "Hello,"
    about = (f" about {lead.topic_label.lower()}" if lead.topic_label and lead.topic != "general"
             else "")
    lines = [greeting, "",
             f"Thank you for contacting {_business(settings)}. We have received your "
             f"enquiry{about}.", "", promise(lead, now, settings)]
    emergency = setting(settings, "intake_emergency_phone")
    if lead.after_hours and lead.urgency == "urgent" and emergency:
        lines += ["", f"If this cannot wait, call {emergency}."]
    lines += ["", "You do not need to send your enquiry again; just reply to this message "
              "to add anything.", "", _business(settings)]
    return f"We received your enquiry (ref. L{lead.id})", "\n".join(lines)


def sms_acknowledgement(lead: Lead, now: datetime, settings: Any) -> str:
    return (f"{_business(settings)}: thanks for your enquiry (ref. L{lead.id}). "
            + promise(lead, now, settings))


def follow_up(lead: Lead, step: int, settings: Any) -> tuple[str, str]:
    first = lead.name.split()[0] if lead.name.strip() else ""
    text = "\n".join([
        f"Hello {first}," if first else "Hello,", "",
        f"We have tried to reach you about your enquiry (ref. L{lead.id}) and would still "
        "like to help.",
        "Reply to this message with a good time and number to call you, or call us back.", "",
        _business(settings)])
    return f"Following up on your enquiry (ref. L{lead.id})", text


def sms_follow_up(lead: Lead, settings: Any) -> str:
    return (f"{_business(settings)}: we'd still like to help with your enquiry "
            f"(ref. L{lead.id}). Reply with a good time to call.")


def staff_alert(lead: Lead, kind: str, settings: Any) -> tuple[str, str]:
    """(subject, text) for sla_warning | sla_breach | escalation | reminder | after_hours."""
    who = lead.name or lead.email or lead.phone or "someone"
    headline = {
        "sla_warning": "will be overdue soon",
        "sla_breach": "is overdue: nobody has answered",
        "escalation": "is still unanswered (escalated)",
        "reminder": "has still not been reached",
        "after_hours": "came in after hours: call back first thing",
    }[kind]
    due = local_phrase(lead.sla_due_at, settings) if lead.sla_due_at else "n/a"
    lines = [f"New enquiry L{lead.id} from {who} {headline}.", "",
             f"Topic: {lead.topic_label or 'General enquiry'}   Urgency: {lead.urgency}",
             f"Source: {lead.source}   Reply due: {due}",
             f"Email: {lead.email or '-'}   Phone: {lead.phone or '-'}", "",
             "Message:", (lead.message or "")[:1500], "",
             f"Open it: {settings.base_url.rstrip('/')}/api/v1/leads/{lead.id}",
             "Log your reply with POST /api/v1/leads/{id}/touches to stop the clock."]
    return f"[Amends] Enquiry L{lead.id} {headline}", "\n".join(lines)
