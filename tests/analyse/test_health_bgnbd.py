"""BG/NBD: the fit recovers the parameters a population was simulated from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from scipy import optimize

from amends.analyse.bgnbd import (
    BGNBDParams,
    _neg_log_likelihood_and_grad,
    bgnbd_log_likelihood,
    expected_purchases,
    expected_purchases_new,
    fit_bgnbd,
    p_alive,
    summarise_purchases,
)

TRUE = BGNBDParams(r=0.6, alpha=4.0, a=0.9, b=3.0)


def simulate(params: BGNBDParams, n: int, seed: int, horizon: float = 52.0
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Simulate the BG/NBD story; returns (x, t_x, T, per-customer future purchases).

    The future count covers (T, T + horizon], so conditional expectations can be checked.
    """
    rng = np.random.default_rng(seed)
    lam = rng.gamma(params.r, 1.0 / params.alpha, n)
    drop = rng.beta(params.a, params.b, n)
    t_cal = rng.uniform(20.0, 52.0, n)
    x = np.zeros(n)
    t_x = np.zeros(n)
    future = np.zeros(n)
    now = np.zeros(n)
    alive = np.ones(n, dtype=bool)
    while alive.any():
        now = now + rng.exponential(1.0, n) / np.maximum(lam, 1e-12)
        in_cal = alive & (now <= t_cal)
        in_future = alive & (now > t_cal) & (now <= t_cal + horizon)
        x[in_cal] += 1
        t_x[in_cal] = now[in_cal]
        future[in_future] += 1
        # Dropout happens right after a purchase; anything past the horizon is irrelevant.
        alive &= (now <= t_cal + horizon) & (rng.random(n) >= drop)
    return x, t_x, t_cal, future


@pytest.fixture(scope="module")
def population() -> tuple[np.ndarray, ...]:
    return simulate(TRUE, 20_000, seed=7)


def test_fit_recovers_simulated_parameters(population: tuple[np.ndarray, ...]) -> None:
    x, t_x, t_cal, _ = population
    fitted = fit_bgnbd(x, t_x, t_cal)
    for name, truth in TRUE.to_dict().items():
        got = fitted.to_dict()[name]
        assert got == pytest.approx(truth, rel=0.15), (name, got, truth)


def test_conditional_expectation_matches_simulated_future(
    population: tuple[np.ndarray, ...],
) -> None:
    x, t_x, t_cal, future = population
    predicted = expected_purchases(TRUE, 52.0, x, t_x, t_cal)
    # Aggregate by frequency bucket: the model's promise is about groups, not individuals.
    for lo, hi in [(0, 0), (1, 2), (3, 6), (7, 1000)]:
        group = (x >= lo) & (x <= hi)
        assert predicted[group].mean() == pytest.approx(future[group].mean(), rel=0.1)


def test_unconditional_expectation_matches_simulation() -> None:
    params = BGNBDParams(r=0.6, alpha=4.0, a=0.9, b=3.0)
    rng = np.random.default_rng(3)
    n = 40_000
    lam = rng.gamma(params.r, 1.0 / params.alpha, n)
    drop = rng.beta(params.a, params.b, n)
    # Purchases in (0, 30] for a customer "born" at 0 (the first purchase is not counted).
    count = np.zeros(n)
    now = np.zeros(n)
    alive = np.ones(n, dtype=bool)
    while alive.any():
        now = now + rng.exponential(1.0, n) / np.maximum(lam, 1e-12)
        bought = alive & (now <= 30.0)
        count[bought] += 1
        alive = bought & (rng.random(n) >= drop)
    assert expected_purchases_new(params, 30.0) == pytest.approx(count.mean(), rel=0.05)


def test_gradient_matches_finite_differences(population: tuple[np.ndarray, ...]) -> None:
    x, t_x, t_cal, _ = (v[:500] for v in population)
    w = np.ones_like(x)
    point = np.log([0.5, 3.0, 1.2, 2.0])

    def value(p: np.ndarray) -> float:
        return _neg_log_likelihood_and_grad(p, x, t_x, t_cal, w, 0.0)[0]

    def grad(p: np.ndarray) -> np.ndarray:
        return _neg_log_likelihood_and_grad(p, x, t_x, t_cal, w, 0.0)[1]

    assert optimize.check_grad(value, grad, point) < 1e-3 * np.abs(grad(point)).max()


def test_weights_equal_repeated_rows() -> None:
    x = np.array([0, 1, 3, 0, 2.0])
    t_x = np.array([0, 5, 20, 0, 30.0])
    t_cal = np.array([30, 30, 35, 10, 38.0])
    counts = np.array([40, 10, 5, 20, 8])
    compressed = fit_bgnbd(x, t_x, t_cal, weights=counts)
    expanded = fit_bgnbd(np.repeat(x, counts), np.repeat(t_x, counts), np.repeat(t_cal, counts))
    for name, value in compressed.to_dict().items():
        assert value == pytest.approx(expanded.to_dict()[name], rel=1e-4)
    assert bgnbd_log_likelihood(compressed, x, t_x, t_cal, weights=counts) == pytest.approx(
        bgnbd_log_likelihood(expanded, np.repeat(x, counts), np.repeat(t_x, counts),
                             np.repeat(t_cal, counts)), rel=1e-6)


def test_p_alive_behaves() -> None:
    params = BGNBDParams(r=0.24, alpha=4.4, a=0.79, b=2.43)
    # No repeat purchase: the model says the customer cannot have dropped out yet.
    assert p_alive(params, [0], [0], [30])[0] == 1.0
    # Same frequency, the one who bought recently is more likely alive.
    recent, stale = p_alive(params, [4, 4], [29, 5], [30, 30])
    assert recent > 0.8 > 0.3 > stale
    # Huge frequency with a long silence: near zero, never NaN.
    assert 0.0 <= p_alive(params, [500], [1], [1000])[0] < 1e-6


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="recency"):
        fit_bgnbd([1, 2], [5, 50], [10, 40])
    with pytest.raises(ValueError, match="repeat purchase"):
        fit_bgnbd([0, 0], [0, 0], [10, 40])
    with pytest.raises(ValueError, match="negative"):
        p_alive(TRUE, [-1], [0], [3])


def test_summarise_purchases_follows_the_paper() -> None:
    start = datetime(2025, 1, 1, 10, tzinfo=UTC)
    ids = ["a", "a", "a", "a", "b", "c"]
    times = [start, start + timedelta(hours=3),  # same day: one transaction
             start + timedelta(days=14), start + timedelta(days=70),
             start + timedelta(days=7), start + timedelta(days=400)]  # c: after now
    now = start + timedelta(days=84)
    summary = summarise_purchases(ids, times, now=now)
    assert list(summary.customer_ids) == ["a", "b"]
    assert list(summary.frequency) == [2.0, 0.0]
    assert list(summary.recency) == [10.0, 0.0]
    assert list(summary.T) == [12.0, 11.0]
    as_datetime64 = np.array([t.replace(tzinfo=None) for t in times], dtype="datetime64[us]")
    again = summarise_purchases(ids, as_datetime64, now=now)
    assert list(again.T) == [12.0, 11.0]


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        summarise_purchases(["a"], [datetime(2025, 1, 1)], now=datetime(2025, 2, 1, tzinfo=UTC))
    with pytest.raises(ValueError, match="timezone-aware"):
        summarise_purchases(["a"], [datetime(2025, 1, 1, tzinfo=UTC)], now=datetime(2025, 2, 1))


def test_regular_buyer_who_stops_is_flagged_when_nobody_else_drops_out() -> None:
    # Forty steady buyers and one weekly buyer silent for 110 days: the likelihood's
    # "nobody ever drops out" basin must not win over the better optimum.
    now = datetime(2025, 6, 1, tzinfo=UTC)
    ids, times = [], []
    for cid, every, stop in [(i, 8 + i % 7, 0) for i in range(40)] + [(99, 7, 110)]:
        day = 240
        while day > stop:
            ids.append(cid)
            times.append(now - timedelta(days=day))
            day -= every
    s = summarise_purchases(np.array(ids), np.array(times, dtype=object), now=now)
    params = fit_bgnbd(s.frequency, s.recency, s.T)
    alive = p_alive(params, s.frequency, s.recency, s.T)
    assert alive[-1] < 0.1
    assert alive[:-1].min() > 0.9
