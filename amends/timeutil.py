"""Time is UTC-aware everywhere: naive datetimes are refused at every edge."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

# Set only by `clock_at` (demo history, tests): every "now" in Amends comes from utcnow().
_clock: datetime | None = None


def utcnow() -> datetime:
    return _clock if _clock is not None else datetime.now(UTC)


@contextmanager
def clock_at(moment: datetime) -> Iterator[None]:
    """Run code as if it were `moment` (for building history); not for request handling."""
    global _clock
    previous, _clock = _clock, require_aware(moment)
    try:
        yield
    finally:
        _clock = previous


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
