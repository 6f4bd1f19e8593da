"""Business-time arithmetic for SLA clocks: opening hours, weekends, holidays, time zone.

Opening hours are local wall-clock windows per weekday (settings.business_hours) in
settings.timezone; holidays are local dates with no business time. Every function takes
and returns timezone-aware datetimes (UTC out). Walking day by day keeps daylight-saving
changes right: each window is turned into UTC on its own date.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from amends.timeutil import require_aware

MAX_DAYS = 3660  # a calendar with no opening hours must not loop forever


def _windows(day: date, settings: Any) -> list[tuple[datetime, datetime]]:
    """The UTC windows of one local date (none on holidays and closed days)."""
    if day in set(settings.holidays):
        return []
    tz = ZoneInfo(settings.timezone)
    out = []
    for start, end in settings.business_hours.get(day.weekday(), []):
        lo = datetime.combine(day, start, tz).astimezone(UTC)
        hi = (datetime.combine(day + timedelta(days=1), time(0), tz) if end == time.max
              else datetime.combine(day, end, tz)).astimezone(UTC)
        out.append((lo, hi))
    return sorted(out)


def _windows_from(moment: datetime, settings: Any) -> Iterator[tuple[datetime, datetime]]:
    """Windows that end after `moment`, in order, starting from its local date."""
    local_day = moment.astimezone(ZoneInfo(settings.timezone)).date()
    for offset in range(-1, MAX_DAYS):
        for lo, hi in _windows(local_day + timedelta(days=offset), settings):
            if hi > moment:
                yield lo, hi


def is_business_time(moment: datetime, settings: Any) -> bool:
    moment = require_aware(moment)
    for lo, hi in _windows_from(moment, settings):
        return lo <= moment < hi  # the first window ending after `moment` decides
    return False


def next_business_start(moment: datetime, settings: Any) -> datetime:
    """`moment` itself if the business is open, else when it next opens."""
    moment = require_aware(moment)
    for lo, _hi in _windows_from(moment, settings):
        return max(lo, moment)
    raise ValueError("no business hours configured: the SLA clock would never run")


def add_business_seconds(start: datetime, seconds: float, settings: Any) -> datetime:
    """The moment when `seconds` of business time have passed since `start`."""
    remaining = timedelta(seconds=seconds)
    moment = require_aware(start)
    for lo, hi in _windows_from(moment, settings):
        begin = max(lo, moment)
        if begin + remaining <= hi:
            return begin + remaining
        remaining -= hi - begin
    raise ValueError("no business hours configured: the SLA clock would never run")


def business_seconds_between(start: datetime, end: datetime, settings: Any) -> float:
    """Business seconds in [start, end); negative when end is before start."""
    start, end = require_aware(start), require_aware(end)
    if end < start:
        return -business_seconds_between(end, start, settings)
    total = 0.0
    for lo, hi in _windows_from(start, settings):
        if lo >= end:
            break
        total += (min(hi, end) - max(lo, start)).total_seconds()
    return total
