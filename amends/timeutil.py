"""Time is UTC-aware everywhere: naive datetimes are refused at every edge."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def require_aware(value: datetime, what: str = "datetime") -> datetime:
    """Return `value` in UTC; a naive datetime is a programming error, so it raises."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware (got a naive datetime)")
    return value.astimezone(UTC)


def parse_timestamp(raw: str) -> datetime:
    """Parse an ISO 8601 timestamp that carries an offset (``Z`` allowed).

    A timestamp without an offset is refused rather than guessed, because guessing the
    zone silently shifts every SLA clock by hours.
    """
    text = raw.strip()
    if not text:
        raise ValueError("empty timestamp")
    if text.endswith(("z", "Z")):
        text = text[:-1] + "+00:00"
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not an ISO 8601 timestamp: {raw!r}") from None
    if value.tzinfo is None:
        raise ValueError(f"timestamp has no time zone offset (add Z or +hh:mm): {raw!r}")
    return value.astimezone(UTC)


def isoformat(value: datetime | None) -> str | None:
    if value is None:
        return None
    return require_aware(value).isoformat().replace("+00:00", "Z")
