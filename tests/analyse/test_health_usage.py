"""Usage trend: a customer's recent activity rate against their own baseline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from amends.analyse.usage import describe_trend, trend_label, usage_trend, usage_windows

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


def test_heavy_user_dropping_is_falling_light_user_noise_is_not() -> None:
    # Heavy: 84 logins in 84 baseline days, 5 in the last 28. Light: 3 then 0.
    trend = usage_trend([5, 0, 28], [28, 28, 28], [84, 3, 84], [84, 84, 84])
    assert trend_label(trend.ratio[0], trend.z[0]) == "falling"
    assert trend_label(trend.ratio[1], trend.z[1]) == "steady"
    assert trend_label(trend.ratio[2], trend.z[2]) == "steady"
    assert trend.ratio[2] == pytest.approx(1.0, abs=0.05)
    assert describe_trend(trend.ratio[0], trend.z[0]).startswith("activity down 8")


def test_rising_and_no_baseline() -> None:
    trend = usage_trend([60, 10], [28, 28], [20, 0], [84, 0])
    assert trend_label(trend.ratio[0], trend.z[0]) == "rising"
    assert not trend.has_baseline[1]
    assert (trend.ratio[1], trend.z[1]) == (1.0, 0.0)


def test_windows_from_events() -> None:
    ids, times = [], []
    for day in range(113):  # "old": daily until 28 days ago, then every 7th day
        if day >= 28 or day % 7 == 0:
            ids.append("old")
            times.append(NOW - timedelta(days=day, hours=1))
    ids += ["new", "new"]  # joined 10 days ago: no baseline yet
    times += [NOW - timedelta(days=10), NOW - timedelta(days=2)]
    ids.append("future")
    times.append(NOW + timedelta(days=1))
    win = usage_windows(np.array(ids), np.array(times, dtype=object), now=NOW)
    assert list(win.customer_ids) == ["new", "old"]
    assert list(win.counts_recent) == [2, 4]
    assert win.counts_baseline[1] == 84 and win.days_baseline[1] == pytest.approx(84)
    assert win.days_baseline[0] == 0
    trend = win.trend()
    assert trend_label(trend.ratio[1], trend.z[1]) == "falling"
    assert not trend.has_baseline[0]


def test_since_shortens_the_baseline_for_new_accounts() -> None:
    ids = ["a"] * 3
    times = [NOW - timedelta(days=d) for d in (40, 35, 5)]
    since = {"a": NOW - timedelta(days=42)}
    win = usage_windows(ids, np.array(times, dtype=object), now=NOW, since=since)
    assert win.days_baseline[0] == pytest.approx(14)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        usage_trend([-1], [28], [3], [84])
    with pytest.raises(ValueError, match="timezone-aware"):
        usage_windows(["a"], np.array([datetime(2025, 1, 1)], dtype=object), now=NOW)
