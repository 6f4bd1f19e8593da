"""Churn risk: the transparent estimate and the trained, calibrated model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from amends.analyse.assess import assess_customers, purchase_engagement
from amends.analyse.churn import (
    ChurnModel,
    FeatureEncoder,
    _boost,
    features_from_evidence,
    transparent_churn_risk,
)
from amends.analyse.evidence import CustomerEvidence, Interaction
from amends.analyse.health import health_score

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)
PLANS = ("basic", "plus", "pro")


def risk_of(ev: CustomerEvidence) -> float:
    return transparent_churn_risk(ev, health_score(ev, NOW), NOW).probability


def test_transparent_risk_follows_p_alive_trend_health_and_intent() -> None:
    calm = CustomerEvidence(purchases=5, p_alive=0.95)
    stalled = CustomerEvidence(purchases=5, p_alive=0.2)
    falling = CustomerEvidence(usage_ratio=0.2, usage_z=-5.0)
    threat = Interaction(NOW - timedelta(days=2), -0.8, True, signals=frozenset({"churn_intent"}))
    leaving = CustomerEvidence(purchases=5, p_alive=0.95, interactions=[threat])
    assert risk_of(calm) < 0.15
    assert risk_of(stalled) > 0.5 > risk_of(calm)
    assert risk_of(falling) > 0.4
    assert risk_of(leaving) > 2 * risk_of(calm)
    result = transparent_churn_risk(stalled, health_score(stalled, NOW), NOW)
    assert result.method == "transparent"
    assert result.reasons[0] == "buying has slowed or stopped (P(alive) 0.20)"
    gone = CustomerEvidence(status="churned")
    assert transparent_churn_risk(gone, health_score(gone, NOW), NOW).probability == 1.0


def synthetic_rows(n: int, seed: int) -> tuple[list[dict[str, object]], np.ndarray]:
    """Churn depends on tenure, plan and complaints; some values are missing."""
    rng = np.random.default_rng(seed)
    tenure = rng.uniform(0, 60, n)
    plan = rng.choice(PLANS, n)
    complaints = rng.poisson(1.0, n)
    logit = 1.0 - 0.06 * tenure + 0.9 * complaints + np.where(plan == "basic", 0.8, -0.4)
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    rows: list[dict[str, object]] = []
    for i in range(n):
        rows.append({
            "tenure": None if i % 17 == 0 else float(tenure[i]),
            "plan": None if i % 23 == 0 else str(plan[i]),
            "complaints": int(complaints[i]),
            "senior": bool(i % 5 == 0),
        })
    return rows, y


@pytest.fixture(scope="module")
def model() -> ChurnModel:
    rows, y = synthetic_rows(1500, seed=1)
    return ChurnModel.fit(rows, y, n_estimators=40, learning_rate=0.15, cv_folds=3)


def test_trained_model_ranks_and_is_calibrated(model: ChurnModel) -> None:
    from sklearn.metrics import roc_auc_score

    rows, y = synthetic_rows(3000, seed=2)
    p = model.predict_proba(rows)
    assert roc_auc_score(y, p) > 0.8
    assert model.info["cv_auc"] > 0.75
    assert abs(p.mean() - y.mean()) < 0.06  # calibrated: right on average
    high = p > 0.7
    assert abs(y[high].mean() - p[high].mean()) < 0.08
    assert {name for name, _ in model.top_features(3)} == {"tenure", "complaints", "plan"}


def test_numpy_trees_match_scikit_learn(model: ChurnModel) -> None:
    rows, y = synthetic_rows(1500, seed=1)
    encoder = FeatureEncoder.learn(rows)
    x = encoder.transform(rows)
    reference = _boost(x, y, model.info["params"])
    assert np.allclose(model.decision_function(rows), reference.decision_function(x),
                       atol=1e-9)


def test_save_and_load_round_trip_without_pickle(model: ChurnModel, tmp_path: Path) -> None:
    path = tmp_path / "churn.npz"
    model.save(path)
    loaded = ChurnModel.load(path)
    rows, _ = synthetic_rows(200, seed=3)
    assert np.array_equal(loaded.predict_proba(rows), model.predict_proba(rows))
    assert loaded.feature_names == model.feature_names
    with np.load(path, allow_pickle=False) as data:
        assert all(data[k].dtype != object for k in data.files)


def test_unseen_categories_and_missing_values_are_handled(model: ChurnModel) -> None:
    p = model.predict_proba([{"plan": "platinum"}, {}, {"tenure": "n/a", "complaints": 3}])
    assert p.shape == (3,) and np.all((p >= 0.01) & (p <= 0.99))


def test_training_needs_both_classes() -> None:
    rows, _ = synthetic_rows(100, seed=4)
    with pytest.raises(ValueError, match="at least 10"):
        ChurnModel.fit(rows, np.zeros(100, dtype=int))
    with pytest.raises(ValueError, match="one label per row"):
        ChurnModel.fit(rows, np.zeros(3, dtype=int))


def test_features_from_evidence_and_model_in_assessment(model: ChurnModel) -> None:
    ev = CustomerEvidence(customer_id=7, value_per_year=900.0, purchases=3, p_alive=0.4,
                          customer_since=NOW - timedelta(days=400),
                          attributes={"plan": "basic", "senior": True, "tenure": 13.0})
    row = features_from_evidence(ev, NOW, health=health_score(ev, NOW))
    assert row["attr_plan"] == "basic" and row["attr_senior"] == 1.0
    assert row["tenure_days"] == pytest.approx(400.0) and row["p_alive"] == 0.4
    assert "status" not in row  # the label must not leak into the features
    [with_model] = assess_customers([ev], NOW, model=model)
    [without] = assess_customers([ev], NOW)
    assert with_model.risk.method == "model" and without.risk.method == "transparent"
    assert with_model.risk.reasons[0].startswith("churn model trained on 1500")
    assert with_model.effort.value_at_risk == pytest.approx(900.0 * with_model.risk.probability,
                                                          abs=0.01)


def test_purchase_engagement_end_to_end() -> None:
    rng = np.random.default_rng(5)
    ids, times = [], []
    for cid in range(300):
        n = int(rng.integers(1, 12))
        days = np.sort(rng.uniform(0, 365, n))
        ids += [cid] * n
        times += [NOW - timedelta(days=365 - d) for d in days]
    eng = purchase_engagement(np.array(ids), np.array(times, dtype=object), now=NOW)
    assert eng.params is not None
    assert eng.customer_ids.size == 300
    assert np.all((eng.p_alive > 0) & (eng.p_alive <= 1))
    assert np.all(eng.expected_purchases >= 0)
    lonely = purchase_engagement(np.array([1]), np.array([NOW], dtype=object), now=NOW)
    assert lonely.params is None and np.isnan(lonely.p_alive[0])


def test_a_tampered_model_file_is_refused(model: ChurnModel, tmp_path: Path) -> None:
    path = tmp_path / "churn.npz"
    model.save(path)
    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    arrays["feature"] = arrays["feature"].copy()
    arrays["feature"][0] = 10_000
    bad = tmp_path / "bad.npz"
    np.savez(bad, **arrays)
    with pytest.raises(ValueError, match="unknown feature"):
        ChurnModel.load(bad)
