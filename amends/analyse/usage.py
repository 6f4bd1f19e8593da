"""Engagement for usage-style activity (logins, visits): recent rate against own baseline.

For businesses whose customers log in or visit rather than buy, "going quiet" is a drop in
a customer's recent activity rate compared with *their own* earlier rate. Two numbers per
customer, both vectorised:

- ``ratio``: recent rate / baseline rate, each smoothed with half an event so that a
  single missing login does not read as a collapse (1.0 = as usual, 0.3 = down 70%).
- ``z``: a z-score for "recent rate equals baseline rate". Given the customer's total
  count n over both windows, equal rates mean the recent count is Binomial(n, p0) with
  p0 = recent days / all days (the classic conditional test for two Poisson rates);
  z = (recent - n p0) / sqrt(n p0 (1 - p0)), with a continuity correction. Negative is
  falling. It keeps a heavy user's real drop apart from a light user's noise.

A trend is *falling* when z <= -2 and ratio <= 0.7, *rising* when z >= 2 and ratio >= 1.3.

Public interface::

    UsageTrend(ratio, z, has_baseline)                  arrays, one entry per customer
    usage_trend(counts_recent, days_recent, counts_baseline, days_baseline) -> UsageTrend
    UsageWindows(customer_ids, counts_recent, days_recent, counts_baseline, days_baseline,
                 last_seen)
    usage_windows(customer_ids, event_times, *, now, recent_days=28, baseline_days=84,
                  since=None) -> UsageWindows
    trend_label(ratio, z) -> 'falling' | 'rising' | 'steady'   (one customer)
    describe_trend(ratio, z) -> str                             (one customer, a sentence)
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from amends.analyse.arrays import epoch_seconds, group_ids
from amends.timeutil import require_aware

FloatArray = NDArray[np.float64]

FALLING_Z = -2.0
FALLING_RATIO = 0.7
RISING_Z = 2.0
RISING_RATIO = 1.3
_SMOOTHING = 0.5  # half an event added to each window's count
_DAY = 86_400.0


@dataclass(frozen=True)
class UsageTrend:
    ratio: FloatArray
    z: FloatArray
    has_baseline: NDArray[np.bool_]


@dataclass(frozen=True)
class UsageWindows:
    """Per-customer counts and window lengths (days); arrays aligned with ``customer_ids``."""

    customer_ids: NDArray[np.generic]
    counts_recent: FloatArray
    days_recent: FloatArray
    counts_baseline: FloatArray
    days_baseline: FloatArray
    last_seen: FloatArray  # epoch seconds of the latest event at or before `now`

    def trend(self) -> UsageTrend:
        return usage_trend(self.counts_recent, self.days_recent, self.counts_baseline,
                           self.days_baseline)


def usage_trend(
    counts_recent: ArrayLike,
    days_recent: ArrayLike,
    counts_baseline: ArrayLike,
    days_baseline: ArrayLike,
) -> UsageTrend:
    """Trend of each customer's recent activity rate against their own baseline rate.

    Customers without a baseline (``days_baseline`` == 0, e.g. brand new) get ratio 1 and
    z 0: no evidence either way.
    """
    c_r, d_r, c_b, d_b = np.broadcast_arrays(
        *(np.asarray(v, dtype=np.float64) for v in
          (counts_recent, days_recent, counts_baseline, days_baseline))
    )
    if (c_r < 0).any() or (c_b < 0).any() or (d_r <= 0).any() or (d_b < 0).any():
        raise ValueError("counts must be >= 0, recent days > 0 and baseline days >= 0")
    has_baseline = d_b > 0
    safe_db = np.where(has_baseline, d_b, 1.0)
    ratio = ((c_r + _SMOOTHING) / d_r) / ((c_b + _SMOOTHING) / safe_db)
    n = c_r + c_b
    p0 = d_r / (d_r + safe_db)
    diff = c_r - n * p0
    corrected = np.sign(diff) * np.maximum(np.abs(diff) - 0.5, 0.0)
    sd = np.sqrt(n * p0 * (1.0 - p0))
    z = np.divide(corrected, sd, out=np.zeros_like(diff), where=sd > 0)
    ratio = np.where(has_baseline, ratio, 1.0)
    z = np.where(has_baseline, z, 0.0)
    return UsageTrend(ratio=ratio, z=z, has_baseline=has_baseline)


def usage_windows(
    customer_ids: ArrayLike,
    event_times: Sequence[datetime] | ArrayLike,
    *,
    now: datetime,
    recent_days: float = 28.0,
    baseline_days: float = 84.0,
    since: Mapping[Any, datetime] | None = None,
) -> UsageWindows:
    """Count each customer's events in the recent window and the baseline window before it.

    Recent = (now - recent_days, now]; baseline = the ``baseline_days`` before that. The
    baseline starts no earlier than the customer's first known activity: their earliest
    event in the input, or ``since[customer_id]`` (e.g. the account's creation date) when
    that is earlier, so a new customer's quiet days before joining do not count as a
    baseline. Pass events from at least the baseline window; older events only tell when
    the customer was first seen. ``event_times`` may be aware datetimes, ``datetime64``
    (UTC) or epoch seconds. Customers are returned sorted by id.
    """
    now_s = require_aware(now, "now").timestamp()
    ids = np.asarray(customer_ids)
    secs = epoch_seconds(event_times)
    if ids.shape != secs.shape:
        raise ValueError("customer_ids and event_times must have the same length")
    keep = secs <= now_s
    ids, secs = ids[keep], secs[keep]
    uniq, cust = group_ids(ids)
    n = uniq.size
    recent_start = now_s - recent_days * _DAY
    base_start = recent_start - baseline_days * _DAY
    in_recent = secs > recent_start
    in_base = (secs > base_start) & ~in_recent
    first = np.full(n, np.inf)
    np.minimum.at(first, cust, secs)
    last = np.full(n, -np.inf)
    np.maximum.at(last, cust, secs)
    if since:
        known = np.array([_since_seconds(since, cid) for cid in uniq.tolist()])
        first = np.fmin(first, known)
    # Days of baseline actually lived as a customer, and recent days likewise (>= 1 day).
    days_base = np.clip((recent_start - np.maximum(first, base_start)) / _DAY, 0.0, None)
    days_recent = np.clip((now_s - np.maximum(first, recent_start)) / _DAY, 1.0, None)
    return UsageWindows(
        customer_ids=uniq,
        counts_recent=np.bincount(cust[in_recent], minlength=n).astype(np.float64),
        days_recent=days_recent,
        counts_baseline=np.bincount(cust[in_base], minlength=n).astype(np.float64),
        days_baseline=days_base,
        last_seen=last,
    )


def _since_seconds(since: Mapping[Any, datetime], customer_id: Hashable) -> float:
    value = since.get(customer_id)
    return np.nan if value is None else require_aware(value, "since").timestamp()


def trend_label(ratio: float, z: float) -> str:
    """'falling', 'rising' or 'steady' for one customer's (ratio, z)."""
    if z <= FALLING_Z and ratio <= FALLING_RATIO:
        return "falling"
    if z >= RISING_Z and ratio >= RISING_RATIO:
        return "rising"
    return "steady"


def describe_trend(ratio: float, z: float) -> str:
    """A short human sentence about the trend, e.g. 'activity down 62% on their usual rate'."""
    label = trend_label(ratio, z)
    if label == "falling":
        return f"activity down {round((1 - ratio) * 100)}% on their usual rate"
    if label == "rising":
        return f"activity up {round((ratio - 1) * 100)}% on their usual rate"
    return "activity at their usual rate"
