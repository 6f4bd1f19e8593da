"""Churn risk: a probability per customer, from a trained model or a transparent estimate.

Two paths, same output (:class:`RiskResult`):

- **Trained** (:class:`ChurnModel`), when the business has marked churned customers:
  scikit-learn gradient boosting over behaviour, voice, health and customer attributes
  (:func:`features_from_evidence`), calibrated with Platt scaling (or isotonic regression)
  fitted on out-of-fold scores, so a 0.3 means "about 3 in 10 such customers leave".
  Build training rows as of a cutoff *before* the churn was observed (evidence up to the
  cutoff, label = churned after it); ``status`` itself is never a feature, so the label
  cannot leak in.
- **Transparent** (:func:`transparent_churn_risk`), otherwise: a logistic combination of
  P(alive), usage trend, inactivity, health and stated intent to leave, each listed as a
  reason. The weights are judgement, documented in :data:`TRANSPARENT_WEIGHTS`.

Model files are safe to load: one ``.npz`` holding plain arrays (the boosted trees'
split features, thresholds, children and leaf values, exported from scikit-learn) and a
JSON header, read with ``allow_pickle=False``. Prediction is re-implemented in numpy, so
loading never executes code and needs no scikit-learn.

Public interface::

    RiskResult(probability, reasons, method)          method: 'transparent' | 'model' | 'left'
    transparent_churn_risk(ev, health, now, *, voice=None) -> RiskResult
    features_from_evidence(ev, now, *, health=None, voice=None) -> dict[str, float | str | None]
    ChurnModel.fit(rows, y, *, calibration='sigmoid', random_state=0, n_estimators=300,
                   learning_rate=0.03, max_depth=3, cv_folds=None) -> ChurnModel  (classmethod)
    ChurnModel.predict_proba(rows) -> ndarray              rows: Sequence[Mapping] or DataFrame
    ChurnModel.decision_function(rows) -> ndarray          raw log-odds before calibration
    ChurnModel.feature_names -> list[str];  .top_features(k) -> list[(name, importance)]
    ChurnModel.risk(rows) -> list[RiskResult]
    ChurnModel.save(path) / ChurnModel.load(path)
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from amends.analyse.evidence import (
    CONFLICT_SIGNALS,
    CustomerEvidence,
    VoiceSummary,
    days_between,
    summarise_voice,
)
from amends.analyse.health import HealthResult, engagement_state
from amends.analyse.usage import trend_label

FORMAT_VERSION = 1
MIN_PROBABILITY = 0.01
MAX_PROBABILITY = 0.99
MAX_CATEGORY_LEVELS = 30
MAX_DEPTH = 4
_MAX_TABLE_SPLITS = 2 ** MAX_DEPTH - 1  # 15 splits: 32,768 table entries per tree

# Log-odds weights of the transparent estimate. The intercept gives a customer with no
# warning signs about a 10% yearly risk; each factor below is listed as a reason.
TRANSPARENT_WEIGHTS = {
    "intercept": -2.2,
    "p_alive": 3.0,  # times (0.8 - P(alive)) when P(alive) < 0.8
    "usage": 2.0,  # times the share of usual activity lost, when falling
    "inactive": 1.5,  # no activity for 120+ days and no model
    "health": 0.04,  # times (70 - health score)
    "churn_intent": 1.2,  # said they may leave, in the last 90 days
}


@dataclass(frozen=True, slots=True)
class RiskResult:
    probability: float
    reasons: tuple[str, ...]
    method: str


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _clip_probability(p: float) -> float:
    return min(max(p, MIN_PROBABILITY), MAX_PROBABILITY)


def _engagement_terms(ev: CustomerEvidence, now: datetime) -> list[tuple[float, str]]:
    w = TRANSPARENT_WEIGHTS
    if ev.p_alive is not None and (ev.purchases or 0) > 0:
        if ev.p_alive < 0.8:
            return [(w["p_alive"] * (0.8 - ev.p_alive),
                     f"buying has slowed or stopped (P(alive) {ev.p_alive:.2f})")]
        return []
    if ev.usage_ratio is not None and ev.usage_z is not None:
        if trend_label(ev.usage_ratio, ev.usage_z) == "falling":
            lost = 1.0 - ev.usage_ratio
            return [(w["usage"] * lost, f"activity down {round(lost * 100)}% on their usual rate")]
        return []
    eng = engagement_state(ev, now)
    return [(w["inactive"], eng.reason)] if eng.quiet else []


def transparent_churn_risk(
    ev: CustomerEvidence,
    health: HealthResult,
    now: datetime,
    *,
    voice: VoiceSummary | None = None,
) -> RiskResult:
    """Churn probability from P(alive), trend, health and stated intent, with reasons."""
    if ev.has_left:
        return RiskResult(1.0, (f"has already left (status {ev.status})",), "left")
    voice = voice or summarise_voice(ev, now)
    w = TRANSPARENT_WEIGHTS
    terms = _engagement_terms(ev, now)
    health_term = w["health"] * (70 - health.score)
    if abs(health_term) >= 0.2:
        direction = "raises" if health_term > 0 else "lowers"
        terms.append((health_term, f"health {health.score}/100 {direction} the risk"))
    if voice.signals.get("churn_intent"):
        terms.append((w["churn_intent"], "said they may take their business elsewhere"))
    probability = _clip_probability(_sigmoid(w["intercept"] + sum(t for t, _ in terms)))
    terms.sort(key=lambda t: -abs(t[0]))
    reasons = tuple(reason for _, reason in terms) or ("no warning signs",)
    return RiskResult(round(probability, 4), reasons, "transparent")


def features_from_evidence(
    ev: CustomerEvidence,
    now: datetime,
    *,
    health: HealthResult | None = None,
    voice: VoiceSummary | None = None,
) -> dict[str, float | str | None]:
    """One feature row for the churn model: behaviour, voice, health and attributes.

    Missing values are None (the model learns what missing means). Customer attributes
    come through as ``attr_<name>``; strings become categories, numbers stay numbers.
    """
    voice = voice or summarise_voice(ev, now)
    row: dict[str, float | str | None] = {
        "value_per_year": ev.value_per_year,
        "tenure_days": days_between(ev.customer_since, now) if ev.customer_since else None,
        "days_since_activity": (days_between(ev.last_activity_at, now)
                                if ev.last_activity_at else None),
        "purchases": ev.purchases,
        "p_alive": ev.p_alive,
        "expected_purchases": ev.expected_purchases,
        "usage_ratio": ev.usage_ratio,
        "usage_z": ev.usage_z,
        "messages_90d": voice.messages,
        "negative_messages_90d": voice.negative_messages,
        "bad_experiences_90d": voice.bad_experiences,
        "positive_messages_90d": voice.positive_messages,
        "surveys_90d": voice.surveys,
        "negative_surveys_90d": voice.negative_surveys,
        "positive_surveys_90d": voice.positive_surveys,
        "mean_sentiment_90d": voice.mean_sentiment,
        "max_anger_90d": voice.max_anger,
        "churn_intent_90d": voice.signals.get("churn_intent", 0),
        "conflict_signals_90d": sum(n for s, n in voice.signals.items() if s in CONFLICT_SIGNALS),
        "neglect": float(voice.neglect),
        "open_cases": voice.open_cases,
        "oldest_open_case_days": voice.oldest_open_case_days,
        "days_since_resolution": voice.days_since_resolution,
        "health_score": health.score if health else None,
    }
    for name, value in ev.attributes.items():
        row[f"attr_{name}"] = float(value) if isinstance(value, bool) else value
    return row


# ---------------------------------------------------------------------------------------
# Feature encoding: rows of mixed values -> a dense float matrix, learnt from training rows.


def _as_records(rows: Any) -> list[Mapping[str, Any]]:
    """Accept a sequence of mappings or anything with ``to_dict('records')`` (a DataFrame)."""
    if hasattr(rows, "to_dict") and not isinstance(rows, Mapping):
        return list(rows.to_dict("records"))
    return list(rows)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, str)


def _numeric_column(raw: list[Any]) -> NDArray[np.float64]:
    """Values as floats, NaN where missing or not a number (fast path: all numbers)."""
    try:
        return np.array([np.nan if v is None else v for v in raw], dtype=np.float64)
    except (TypeError, ValueError):
        return np.array([float(v) if _is_number(v) else np.nan for v in raw], dtype=np.float64)


@dataclass(frozen=True)
class FeatureEncoder:
    """Numbers pass through (missing -> training median, plus a was-missing column when
    training saw missing values); strings become one-hot columns of their most frequent
    levels (an unseen or missing level is all zeros)."""

    numeric: tuple[str, ...]
    medians: tuple[float, ...]
    flag_missing: tuple[bool, ...]
    categorical: tuple[tuple[str, tuple[str, ...]], ...]

    @classmethod
    def learn(cls, records: Sequence[Mapping[str, Any]]) -> FeatureEncoder:
        names = sorted({k for r in records for k in r})
        numeric, medians, flags, categorical = [], [], [], []
        for name in names:
            values = [r.get(name) for r in records]
            present = [v for v in values if not _missing(v)]
            if present and all(_is_number(v) for v in present):
                numeric.append(name)
                medians.append(float(np.median(np.asarray(present, dtype=np.float64))))
                flags.append(len(present) < len(values))
            elif present:
                levels, counts = np.unique(np.asarray([str(v) for v in present]),
                                           return_counts=True)
                top = levels[np.argsort(-counts, kind="stable")][:MAX_CATEGORY_LEVELS]
                categorical.append((name, tuple(sorted(str(t) for t in top))))
        return cls(tuple(numeric), tuple(medians), tuple(flags), tuple(categorical))

    @property
    def columns(self) -> list[str]:
        cols: list[str] = []
        for name, flag in zip(self.numeric, self.flag_missing, strict=True):
            cols.append(name)
            if flag:
                cols.append(f"{name}=missing")
        for name, levels in self.categorical:
            cols += [f"{name}={level}" for level in levels]
        return cols

    def transform(self, records: Sequence[Mapping[str, Any]]) -> NDArray[np.float64]:
        blocks: list[NDArray[np.float64]] = []
        for name, median, flag in zip(self.numeric, self.medians, self.flag_missing, strict=True):
            vals = _numeric_column([r.get(name) for r in records])
            miss = np.isnan(vals)
            vals[miss] = median
            blocks.append(vals[:, None])
            if flag:
                blocks.append(miss.astype(np.float64)[:, None])
        for name, levels in self.categorical:
            index = {level: i for i, level in enumerate(levels)}
            # None and NaN become "None"/"nan", which are not levels: all zeros, as wanted.
            cols = np.array([index.get(v if type(v) is str else str(v), -1)
                             for v in (r.get(name) for r in records)], dtype=np.int64)
            hot = np.zeros((len(records), len(levels)))
            known = cols >= 0
            hot[np.flatnonzero(known), cols[known]] = 1.0
            blocks.append(hot)
        if not blocks:
            return np.zeros((len(records), 0))
        return np.hstack(blocks)

    def to_json(self) -> dict[str, Any]:
        return {"numeric": list(self.numeric), "medians": list(self.medians),
                "flag_missing": list(self.flag_missing),
                "categorical": [[n, list(levels)] for n, levels in self.categorical]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FeatureEncoder:
        return cls(tuple(data["numeric"]), tuple(float(m) for m in data["medians"]),
                   tuple(bool(f) for f in data["flag_missing"]),
                   tuple((n, tuple(levels)) for n, levels in data["categorical"]))


# ---------------------------------------------------------------------------------------
# Boosted trees as plain arrays, and their prediction in numpy.


@dataclass(frozen=True)
class TreeEnsemble:
    """All trees flattened: node arrays with global child indices (-1 marks a leaf)."""

    feature: NDArray[np.int32]
    threshold: NDArray[np.float64]
    left: NDArray[np.int32]
    right: NDArray[np.int32]
    value: NDArray[np.float64]
    roots: NDArray[np.int32]
    depth: int

    @classmethod
    def from_sklearn(cls, estimators: Any, learning_rate: float) -> TreeEnsemble:
        parts: dict[str, list[NDArray[Any]]] = {k: [] for k in ("f", "t", "l", "r", "v")}
        roots, offset, depth = [], 0, 0
        for est in estimators[:, 0]:
            tree = est.tree_
            leaf = tree.children_left == -1
            parts["f"].append(np.where(leaf, 0, tree.feature).astype(np.int32))
            parts["t"].append(tree.threshold.astype(np.float64))
            parts["l"].append(np.where(leaf, -1, tree.children_left + offset).astype(np.int32))
            parts["r"].append(np.where(leaf, -1, tree.children_right + offset).astype(np.int32))
            # Leaf values already hold the boosting step; fold the learning rate in.
            parts["v"].append(learning_rate * tree.value[:, 0, 0].astype(np.float64))
            roots.append(offset)
            offset += tree.node_count
            depth = max(depth, int(tree.max_depth))
        feature, threshold, left, right, value = (
            np.concatenate(parts[k]) for k in ("f", "t", "l", "r", "v"))
        return cls(feature, threshold, left, right, value,
                   np.asarray(roots, dtype=np.int32), depth)

    def raw_sum(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """Sum of leaf values over all trees, per row of ``x``."""
        # scikit-learn compares float32 inputs with float64 thresholds; so must we.
        columns = np.ascontiguousarray(x.astype(np.float32).astype(np.float64).T)
        out = np.zeros(x.shape[0])
        for feats, thresholds, table in self._lookup_tables():
            # Each split's outcome is one bit of a code; the code indexes the leaf value.
            code = np.zeros(x.shape[0], dtype=np.int64)
            for bit, (feat, thr) in enumerate(zip(feats, thresholds, strict=True)):
                code += (columns[feat] <= thr).astype(np.int64) << bit
            out += table[code]
        return out

    @cached_property
    def _tables(self) -> list[tuple[list[int], list[float], NDArray[np.float64]]]:
        return [self._tree_table(int(root)) for root in self.roots]

    def _lookup_tables(self) -> list[tuple[list[int], list[float], NDArray[np.float64]]]:
        return self._tables

    def _tree_table(self, root: int) -> tuple[list[int], list[float], NDArray[np.float64]]:
        """Splits of one tree and the leaf value for every combination of their outcomes.

        A depth-3 tree has at most 7 splits, so 128 entries: evaluating 7 column
        comparisons and one table lookup per tree is far cheaper than walking nodes.
        """
        internal, stack = [], [root]
        while stack:
            node = stack.pop()
            if self.left[node] >= 0:
                internal.append(node)
                stack += [int(self.left[node]), int(self.right[node])]
        if len(internal) > _MAX_TABLE_SPLITS:
            raise ValueError("tree too deep for lookup-table prediction")
        bit_of = {node: bit for bit, node in enumerate(internal)}
        table = np.empty(2 ** len(internal))
        for code in range(table.size):
            node = root
            while self.left[node] >= 0:
                goes_left = (code >> bit_of[node]) & 1
                node = int(self.left[node] if goes_left else self.right[node])
            table[code] = self.value[node]
        feats = [int(self.feature[n]) for n in internal]
        return feats, [float(self.threshold[n]) for n in internal], table

    def arrays(self) -> dict[str, NDArray[Any]]:
        return {"feature": self.feature, "threshold": self.threshold, "left": self.left,
                "right": self.right, "value": self.value, "roots": self.roots}


# ---------------------------------------------------------------------------------------
# The trained model.


def _fit_calibration(raw: NDArray[np.float64], y: NDArray[np.int_], method: str
                     ) -> dict[str, Any]:
    if method == "sigmoid":
        from sklearn.linear_model import LogisticRegression

        lr = LogisticRegression(C=1e6, max_iter=1000).fit(raw[:, None], y)
        return {"method": "sigmoid", "a": float(lr.coef_[0, 0]), "b": float(lr.intercept_[0])}
    if method == "isotonic":
        from sklearn.isotonic import IsotonicRegression

        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(raw, y)
        return {"method": "isotonic", "x": [float(v) for v in iso.X_thresholds_],
                "y": [float(v) for v in iso.y_thresholds_]}
    raise ValueError("calibration must be 'sigmoid' or 'isotonic'")


def _apply_calibration(raw: NDArray[np.float64], cal: Mapping[str, Any]) -> NDArray[np.float64]:
    if cal["method"] == "sigmoid":
        return 1.0 / (1.0 + np.exp(-(cal["a"] * raw + cal["b"])))
    return np.interp(raw, np.asarray(cal["x"]), np.asarray(cal["y"]))


def _check_labels(y: ArrayLike, n: int) -> NDArray[np.int_]:
    labels = np.asarray(y).astype(int).ravel()
    if labels.size != n:
        raise ValueError("one label per row is needed")
    if not np.isin(labels, (0, 1)).all():
        raise ValueError("labels must be 0 (stayed) or 1 (churned)")
    if min(labels.sum(), n - labels.sum()) < 10:
        raise ValueError("need at least 10 churned and 10 retained customers to train")
    return labels


class ChurnModel:
    """Gradient boosting + calibration, trained on the business's own churn labels."""

    def __init__(self, encoder: FeatureEncoder, trees: TreeEnsemble, init_raw: float,
                 calibration: Mapping[str, Any], info: Mapping[str, Any]) -> None:
        self.encoder = encoder
        self.trees = trees
        self.init_raw = init_raw
        self.calibration = dict(calibration)
        self.info = dict(info)  # n_rows, n_churned, cv_auc, importances, params

    @classmethod
    def fit(
        cls,
        rows: Any,
        y: ArrayLike,
        *,
        calibration: str = "sigmoid",
        random_state: int = 0,
        n_estimators: int = 300,
        learning_rate: float = 0.03,
        max_depth: int = 3,
        cv_folds: int | None = None,
    ) -> ChurnModel:
        """Train on feature rows (mappings, e.g. from :func:`features_from_evidence`).

        Calibration is fitted on out-of-fold scores from ``cv_folds`` folds (default 5, or
        3 above 20,000 rows to bound training time), which also gives an honest
        cross-validated ROC AUC (``info['cv_auc']``).
        """
        from sklearn.metrics import roc_auc_score
        from sklearn.model_selection import StratifiedKFold

        records = _as_records(rows)
        labels = _check_labels(y, len(records))
        encoder = FeatureEncoder.learn(records)
        x = encoder.transform(records)
        params = {"n_estimators": n_estimators, "learning_rate": learning_rate,
                  "max_depth": max_depth, "random_state": random_state}
        oof = np.empty(len(records))
        n_folds = cv_folds or (5 if len(records) <= 20_000 else 3)
        folds = StratifiedKFold(n_folds, shuffle=True, random_state=random_state)
        for train, test in folds.split(x, labels):
            oof[test] = _boost(x[train], labels[train], params).decision_function(x[test])
        final = _boost(x, labels, params)
        prior = float(final.init_.class_prior_[1])
        importances = dict(zip(encoder.columns, (float(v) for v in final.feature_importances_),
                               strict=True))
        info = {"n_rows": len(records), "n_churned": int(labels.sum()),
                "cv_auc": float(roc_auc_score(labels, oof)), "params": params,
                "importances": importances}
        return cls(encoder, TreeEnsemble.from_sklearn(final.estimators_, learning_rate),
                   math.log(prior / (1 - prior)), _fit_calibration(oof, labels, calibration),
                   info)

    @property
    def feature_names(self) -> list[str]:
        return self.encoder.columns

    def top_features(self, k: int = 5) -> list[tuple[str, float]]:
        """Most important inputs, one-hot columns folded back into their feature."""
        folded: dict[str, float] = {}
        for col, imp in self.info["importances"].items():
            base = col.split("=", 1)[0]
            folded[base] = folded.get(base, 0.0) + imp
        return sorted(folded.items(), key=lambda kv: -kv[1])[:k]

    def decision_function(self, rows: Any) -> NDArray[np.float64]:
        x = self.encoder.transform(_as_records(rows))
        return self.init_raw + self.trees.raw_sum(x)

    def predict_proba(self, rows: Any) -> NDArray[np.float64]:
        """Calibrated churn probability per row, clipped to [0.01, 0.99]."""
        p = _apply_calibration(self.decision_function(rows), self.calibration)
        return np.clip(p, MIN_PROBABILITY, MAX_PROBABILITY)

    def risk(self, rows: Any) -> list[RiskResult]:
        names = ", ".join(name.removeprefix("attr_").replace("_", " ")
                          for name, _ in self.top_features(3))
        why = (f"churn model trained on {self.info['n_rows']} of your customers "
               f"({self.info['n_churned']} churned; cross-validated ROC AUC "
               f"{self.info['cv_auc']:.2f}); strongest inputs: {names}")
        return [RiskResult(round(float(p), 4), (why,), "model") for p in self.predict_proba(rows)]

    def save(self, path: str | Path) -> None:
        header = {"format": FORMAT_VERSION, "encoder": self.encoder.to_json(),
                  "init_raw": self.init_raw, "calibration": self.calibration,
                  "depth": self.trees.depth, "info": self.info}
        blob = np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8)
        with open(path, "wb") as fh:
            np.savez_compressed(fh, header=blob, **self.trees.arrays())  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: str | Path) -> ChurnModel:
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(data["header"].tobytes().decode("utf-8"))
            if header.get("format") != FORMAT_VERSION:
                raise ValueError(f"unsupported churn model format {header.get('format')!r}")
            trees = TreeEnsemble(data["feature"], data["threshold"], data["left"],
                                 data["right"], data["value"], data["roots"],
                                 int(header["depth"]))
        encoder = FeatureEncoder.from_json(header["encoder"])
        _check_trees(trees, len(encoder.columns))
        return cls(encoder, trees, float(header["init_raw"]), header["calibration"],
                   header["info"])


def _check_trees(trees: TreeEnsemble, n_columns: int) -> None:
    """A model file is data, not code; still, refuse one whose indices point nowhere."""
    n = trees.value.size
    arrays = (trees.feature, trees.threshold, trees.left, trees.right)
    if any(a.shape != (n,) for a in arrays) or trees.roots.size == 0:
        raise ValueError("corrupt churn model file: tree arrays do not line up")
    bad_child = ((trees.left < -1) | (trees.left >= n) | (trees.right < -1) | (trees.right >= n))
    if bad_child.any() or (trees.roots < 0).any() or (trees.roots >= n).any():
        raise ValueError("corrupt churn model file: a tree points outside itself")
    if (trees.feature < 0).any() or (trees.feature >= max(n_columns, 1)).any():
        raise ValueError("corrupt churn model file: a split uses an unknown feature")


def _boost(x: NDArray[np.float64], y: NDArray[np.int_], params: Mapping[str, Any]) -> Any:
    from sklearn.ensemble import GradientBoostingClassifier

    # Small steps, shallow trees, subsampling and a minimum leaf size: churn data is noisy
    # and usually small, so these regularise more than they cost. The leaf size scales
    # with the data (5% of rows, 3 to 20) so a small business's trees can still split.
    min_leaf = int(np.clip(len(y) // 20, 3, 20))
    return GradientBoostingClassifier(
        subsample=0.8, min_samples_leaf=min_leaf, **params
    ).fit(x, y)
