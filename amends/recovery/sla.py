"""SLA policy: per-priority targets for first response and resolution, in business time.

Targets are business minutes (opening hours, weekends, holidays and time zone come from
`amends.business_hours`). A warning goes out once `sla_warning_share` of a target has
passed; at the target the case is marked breached and escalated to a manager.

Settings read (with these defaults): ``sla_first_response_minutes``,
``sla_resolution_minutes`` (dicts keyed p1..p4) and ``sla_warning_share``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from amends.business_hours import add_business_seconds, business_seconds_between

FIRST_RESPONSE_MINUTES = {"p1": 60, "p2": 240, "p3": 480, "p4": 960}
RESOLUTION_MINUTES = {"p1": 480, "p2": 1440, "p3": 2400, "p4": 4800}
WARNING_SHARE = 0.75
CLOCKS = ("first_response", "resolution")


@dataclass(frozen=True)
class Deadlines:
    first_response_due: datetime
    resolution_due: datetime
    first_response_warn: datetime
    resolution_warn: datetime

    def due(self, clock: str) -> datetime:
        return self.first_response_due if clock == "first_response" else self.resolution_due

    def warn(self, clock: str) -> datetime:
        return self.first_response_warn if clock == "first_response" else self.resolution_warn


def target_minutes(settings: Any, clock: str, priority: str) -> float:
    defaults = FIRST_RESPONSE_MINUTES if clock == "first_response" else RESOLUTION_MINUTES
    table = getattr(settings, f"sla_{clock}_minutes", None) or {}
    return float(table.get(priority, defaults.get(priority, defaults["p4"])))


def warning_share(settings: Any) -> float:
    share = float(getattr(settings, "sla_warning_share", WARNING_SHARE))
    return min(max(share, 0.0), 1.0)


def deadlines(opened_at: datetime, priority: str, settings: Any) -> Deadlines:
    """When each clock warns and is due, counting only business time after `opened_at`."""
    share = warning_share(settings)
    out = {}
    for clock in CLOCKS:
        seconds = target_minutes(settings, clock, priority) * 60
        out[f"{clock}_due"] = add_business_seconds(opened_at, seconds, settings)
        out[f"{clock}_warn"] = add_business_seconds(opened_at, seconds * share, settings)
    return Deadlines(**out)


def business_hours_between(start: datetime, end: datetime, settings: Any) -> float:
    return business_seconds_between(start, end, settings) / 3600
