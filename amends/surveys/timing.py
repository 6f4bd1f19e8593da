"""Survey settings (read with defaults until config.py has them) and quiet hours."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class SurveySettings:
    frequency_days: float = 7  # at most one invitation per customer per this many days
    quiet_hours: str = "21:00-08:00"  # local time (settings.timezone); "" = none
    link_days: int = 30  # answer links expire after this
    burst_seconds: int = 10  # the settling window of the scanner check
    comment_max_chars: int = 2000
    rate_ip_per_minute: int = 60
    rate_invitation_per_minute: int = 20
    unsubscribe_mailto: str = ""  # optional mailto address for List-Unsubscribe
    timezone: str = "UTC"


def survey_settings(settings: Any) -> SurveySettings:
    """Read the ``survey_*`` settings fields, falling back to the defaults above."""
    defaults = SurveySettings()
    values = {name: getattr(settings, f"survey_{name}", getattr(defaults, name))
              for name in ("frequency_days", "quiet_hours", "link_days", "burst_seconds",
                           "comment_max_chars", "rate_ip_per_minute",
                           "rate_invitation_per_minute", "unsubscribe_mailto")}
    return SurveySettings(**values, timezone=getattr(settings, "timezone", "UTC") or "UTC")


def parse_quiet_hours(raw: str) -> tuple[time, time] | None:
    """``"21:00-08:00"`` -> (21:00, 08:00); an empty string means no quiet hours."""
    raw = (raw or "").strip()
    if not raw:
        return None
    m = re.fullmatch(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})", raw)
    if not m:
        raise ValueError(f"quiet hours {raw!r} are not like 21:00-08:00")
    start, end = time(int(m[1]), int(m[2])), time(int(m[3]), int(m[4]))
    if start == end:
        raise ValueError("quiet hours start and end at the same time")
    return start, end


def in_quiet_hours(local: time, window: tuple[time, time]) -> bool:
    start, end = window
    if start < end:
        return start <= local < end
    return local >= start or local < end  # spans midnight


def next_allowed(when: datetime, cfg: SurveySettings) -> datetime:
    """`when`, or the end of the quiet hours it falls in (aware UTC in, aware UTC out)."""
    window = parse_quiet_hours(cfg.quiet_hours)
    if window is None:
        return when
    zone = ZoneInfo(cfg.timezone)
    local = when.astimezone(zone)
    if not in_quiet_hours(local.time(), window):
        return when
    end = window[1]
    candidate = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if candidate <= local:
        candidate += timedelta(days=1)
    # Rebuild from wall-clock fields so a DST change in between lands on the right hour.
    candidate = datetime.combine(candidate.date(), end, tzinfo=zone)
    return candidate.astimezone(when.tzinfo)
