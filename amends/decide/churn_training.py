"""Training the business's own churn model from customers it has marked as churned.

Labels come from the customer status (churned or closed), cancel events, or a CSV of
labels. Rows are built as of a cutoff `horizon_days` before now: evidence up to the
cutoff, label = churned after it, so what happened after the customer left cannot leak
into the features. Customers who had already left at the cutoff are not used.
"""

from __future__ import annotations

import base64
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from amends.analyse.churn import ChurnModel, features_from_evidence
from amends.analyse.health import health_score
from amends.decide.health import load_engagement, load_evidence
from amends.errors import ValidationFailed
from amends.models import ActivityEvent, Customer
from amends.models.health import ScoringModel
from amends.timeutil import require_aware, utcnow

MIN_PER_CLASS = 20
# A model that ranks churners barely better than chance would replace a transparent
# estimate with a confident-looking guess: below this held-out ROC AUC it is not used.
MIN_AUC = 0.65


def churn_dates(session: Session, labels: dict[int, datetime | None] | None,
                now: datetime) -> dict[int, datetime]:
    """When each churned customer left: a cancel event, the label's date, or `now`."""
    dates: dict[int, datetime] = {}
    for cid, when in session.execute(select(ActivityEvent.customer_id,
                                            func.min(ActivityEvent.occurred_at))
                                     .where(ActivityEvent.kind == "cancel")
                                     .group_by(ActivityEvent.customer_id)):
        dates[cid] = when
    for cid, updated in session.execute(select(Customer.id, Customer.updated_at)
                                        .where(Customer.status.in_(("churned", "closed")))):
        dates.setdefault(cid, updated)
    for cid, label_when in (labels or {}).items():
        dates[cid] = label_when or dates.get(cid) or now
    return dates


def do_train_churn(session_factory: Callable[[], Session], now: datetime | None = None, *,
                   horizon_days: int = 90, labels: dict[int, datetime | None] | None = None,
                   min_auc: float = MIN_AUC) -> dict[str, Any]:
    now = require_aware(now or utcnow())
    cutoff = now - timedelta(days=horizon_days)
    with session_factory() as session:
        left = churn_dates(session, labels, now)
        # A customer existed at the cutoff if created by then or active before it (imported
        # customers have a recent created_at but an older history).
        active_before = select(ActivityEvent.customer_id).where(
            ActivityEvent.occurred_at <= cutoff)
        existing = session.scalars(select(Customer.id).where(
            (Customer.created_at <= cutoff) | Customer.id.in_(active_before))
            .order_by(Customer.id))
        ids = [cid for cid in existing if cid not in left or left[cid] > cutoff]
        y = np.array([1 if cid in left else 0 for cid in ids])
        positives, negatives = int(y.sum()), int(len(y) - y.sum())
        if positives < MIN_PER_CLASS or negatives < MIN_PER_CLASS:
            raise ValidationFailed(
                f"not enough labelled customers to train: {positives} churned and {negatives} "
                f"stayed after {cutoff.date()} (need {MIN_PER_CLASS} of each); the transparent "
                "estimate stays in use", code="not_enough_labels")
        rows = _feature_rows(session, ids, cutoff)
        metrics = _holdout_auc(rows, y)
        if metrics is None or metrics < min_auc:
            raise ValidationFailed(
                f"the trained model ranks churners too poorly on held-out customers (ROC AUC "
                f"{metrics}, need {min_auc}); the transparent estimate stays in use",
                code="model_not_better")
        model = ChurnModel.fit(rows, y)
        blob = _serialise(model)
        session.add(ScoringModel(kind="churn", created_at=now, blob=blob, n_customers=len(ids),
                                 params={"auc_holdout": metrics, "positives": positives,
                                         "negatives": negatives, "cutoff": cutoff.isoformat(),
                                         "top_features": model.top_features(8)}))
        session.commit()
    return {"customers": len(ids), "churned": positives, "auc_holdout": metrics,
            "top_features": model.top_features(8)}


def _feature_rows(session: Session, ids: list[int], cutoff: datetime) -> list[dict[str, Any]]:
    engagement = load_engagement(session, None, cutoff, None)
    by_id: dict[Any, dict[str, Any]] = {}
    for start in range(0, len(ids), 2000):
        for ev in load_evidence(session, ids[start:start + 2000], cutoff, engagement):
            # The status is today's, i.e. the label: the model must not see it.
            ev = replace(ev, status="active")
            by_id[ev.customer_id] = features_from_evidence(ev, cutoff,
                                                           health=health_score(ev, cutoff))
    return [by_id[cid] for cid in ids]


def _holdout_auc(rows: list[dict[str, Any]], y: np.ndarray) -> float | None:
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import train_test_split

    idx = np.arange(len(rows))
    train, test = train_test_split(idx, test_size=0.25, stratify=y, random_state=0)
    if len(set(y[test].tolist())) < 2:
        return None
    model = ChurnModel.fit([rows[i] for i in train], y[train])
    return round(float(roc_auc_score(y[test], model.predict_proba([rows[i] for i in test]))), 4)


def _serialise(model: ChurnModel) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "churn.npz"
        model.save(path)
        return base64.b64encode(path.read_bytes()).decode()
