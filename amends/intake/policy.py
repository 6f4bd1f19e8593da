"""The intake clocks: first-response SLA, alert times and the follow-up cadence.

Every time is computed in business time (opening hours, holidays, the business's time
zone) through `amends.business_hours`, so an enquiry at 22:00 on Friday is due shortly
after opening on Monday, not at 22:05. Settings are read with defaults (`setting`) so the
feature works before they exist in `amends.config`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from amends import business_hours as bh

DEFAULTS: dict[str, Any] = {
    "business_name": "",
    "intake_first_response_minutes": 5,
    # Overrides by "source:urgency", "urgency" or "source", e.g. {"urgent": 2, "email": 60}.
    "intake_sla_minutes": {},
    "intake_sla_warn_fraction": 0.6,
    "intake_escalate_after_minutes": 15,
    "intake_escalation_emails": (),
    "intake_alert_slack_url": "",
    "intake_alert_webhook_url": "",
    "intake_cadence_days": (0, 1, 3, 7),
    "intake_practice_areas_file": "",
    "intake_min_fill_seconds": 3.0,
    "intake_rate_limit": 5,
    "intake_rate_window_seconds": 600,
    "intake_emergency_phone": "",
    "intake_reply_to": "",
    "sms_webhook_url": "",
}


def setting(settings: Any, name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])


def sla_minutes(settings: Any, source: str, urgency: str) -> float:
    """The first-response target: most specific override first, else the default."""
    overrides = setting(settings, "intake_sla_minutes") or {}
    for key in (f"{source}:{urgency}", urgency, source):
        if key in overrides:
            return float(overrides[key])
    return float(setting(settings, "intake_first_response_minutes"))


def _has_hours(settings: Any) -> bool:
    return any(getattr(settings, "business_hours", {}).values())


def add_business(start: datetime, seconds: float, settings: Any) -> datetime:
    """Business-time addition; a business with no opening hours runs on the wall clock."""
    if not _has_hours(settings):
        return start + timedelta(seconds=seconds)
    return bh.add_business_seconds(start, seconds, settings)


def business_between(start: datetime, end: datetime, settings: Any) -> float:
    if not _has_hours(settings):
        return (end - start).total_seconds()
    return bh.business_seconds_between(start, end, settings)


def is_open(moment: datetime, settings: Any) -> bool:
    return not _has_hours(settings) or bh.is_business_time(moment, settings)


def next_open(moment: datetime, settings: Any) -> datetime:
    return moment if not _has_hours(settings) else bh.next_business_start(moment, settings)


@dataclass(frozen=True)
class SlaTimes:
    minutes: float
    warn_at: datetime
    due_at: datetime
    escalate_at: datetime


def sla_times(received_at: datetime, source: str, urgency: str, settings: Any) -> SlaTimes:
    minutes = sla_minutes(settings, source, urgency)
    fraction = float(setting(settings, "intake_sla_warn_fraction"))
    escalate = float(setting(settings, "intake_escalate_after_minutes"))
    due = add_business(received_at, minutes * 60, settings)
    return SlaTimes(minutes, add_business(received_at, minutes * 60 * fraction, settings), due,
                    add_business(due, escalate * 60, settings))


def cadence_times(received_at: datetime, settings: Any) -> list[tuple[int, int, datetime]]:
    """(step number, day, when) for each follow-up after the acknowledgement (day 0).

    A step that falls outside opening hours moves to the next opening, so follow-ups go
    out when someone can answer the reply.
    """
    days = sorted({int(d) for d in setting(settings, "intake_cadence_days") if int(d) > 0})
    return [(n, day, next_open(received_at + timedelta(days=day), settings))
            for n, day in enumerate(days, start=1)]


def local_phrase(moment: datetime, settings: Any) -> str:
    """ "Monday 2 March at 09:05 (Europe/London)" in the business's time zone."""
    local = moment.astimezone(settings.tz)
    return (f"{local.strftime('%A')} {local.day} {local.strftime('%B')} at "
            f"{local.strftime('%H:%M')} ({settings.timezone})")
