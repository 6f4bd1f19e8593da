"""One call for the worker: health, persona, churn risk and effort for many customers.

Typical recompute, all pure (the worker does the reading and the storing)::

    eng = purchase_engagement(event_customer_ids, event_times, now=now)   # numpy, vectorised
    evidence = [CustomerEvidence(..., purchases=..., p_alive=..., ...) for each customer]
    results = assess_customers(evidence, now, model=ChurnModel.load(path) or None,
                               policy=EffortPolicy.from_values(values))

With a trained :class:`~amends.analyse.churn.ChurnModel`, probabilities for the whole
batch come from one vectorised prediction; otherwise each customer gets the transparent
estimate. The model's probability is shown with the transparent reasons beside it, so
the team still sees *why* in plain words.

Public interface::

    PurchaseEngagement(customer_ids, purchases, p_alive, expected_purchases, last_purchase,
                       params)
    purchase_engagement(customer_ids, event_times, *, now, horizon_days=90.0,
                        unit_days=7.0, params=None) -> PurchaseEngagement
    Assessment(customer_id, health, persona, risk, effort, voice)
    assess_customer(ev, now, *, model=None, policy=None) -> Assessment
    assess_customers(evidence, now, *, model=None, policy=None) -> list[Assessment]
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import ArrayLike, NDArray

from amends.analyse.arrays import epoch_seconds
from amends.analyse.bgnbd import (
    BGNBDParams,
    expected_purchases,
    fit_bgnbd,
    p_alive,
    summarise_purchases,
)
from amends.analyse.churn import (
    ChurnModel,
    RiskResult,
    features_from_evidence,
    transparent_churn_risk,
)
from amends.analyse.effort import EffortPolicy, EffortResult, recommend_effort
from amends.analyse.evidence import CustomerEvidence, VoiceSummary, summarise_voice
from amends.analyse.health import HealthResult, health_score
from amends.analyse.persona import PersonaResult, assign_persona
from amends.timeutil import require_aware


@dataclass(frozen=True)
class PurchaseEngagement:
    """BG/NBD results per customer (arrays aligned with ``customer_ids``, sorted by id).

    ``params`` is None, and ``p_alive``/``expected_purchases`` are NaN, when the model
    could not be fitted (e.g. no customer has bought twice yet).
    """

    customer_ids: NDArray[np.generic]
    purchases: NDArray[np.float64]  # repeat purchases (x)
    p_alive: NDArray[np.float64]
    expected_purchases: NDArray[np.float64]  # over the next `horizon_days`
    last_purchase: NDArray[np.float64]  # epoch seconds
    params: BGNBDParams | None


def purchase_engagement(
    customer_ids: ArrayLike,
    event_times: Sequence[datetime] | ArrayLike,
    *,
    now: datetime,
    horizon_days: float = 90.0,
    unit_days: float = 7.0,
    params: BGNBDParams | None = None,
) -> PurchaseEngagement:
    """Fit BG/NBD to the business's purchase history (unless ``params`` is given) and
    score every customer: P(alive) and expected purchases over ``horizon_days``."""
    require_aware(now, "now")
    ids = np.asarray(customer_ids)
    secs = epoch_seconds(event_times)
    summary = summarise_purchases(ids, secs, now=now, unit_days=unit_days)
    if params is None:
        try:
            params = fit_bgnbd(summary.frequency, summary.recency, summary.T)
        except ValueError:
            params = None
    nan = np.full(summary.frequency.shape, np.nan)
    alive = nan if params is None else p_alive(params, summary.frequency, summary.recency,
                                               summary.T)
    expected = nan if params is None else expected_purchases(
        params, horizon_days / unit_days, summary.frequency, summary.recency, summary.T)
    return PurchaseEngagement(summary.customer_ids, summary.frequency, alive, expected,
                              summary.last_purchase,
                              params)


@dataclass(frozen=True, slots=True)
class Assessment:
    customer_id: Hashable | None
    health: HealthResult
    persona: PersonaResult
    risk: RiskResult
    effort: EffortResult
    voice: VoiceSummary


def _finish(ev: CustomerEvidence, now: datetime, health: HealthResult, voice: VoiceSummary,
            risk: RiskResult, policy: EffortPolicy) -> Assessment:
    persona = assign_persona(ev, health, now, voice=voice)
    effort = recommend_effort(persona.persona, risk.probability, ev.value_per_year,
                              policy=policy, has_left=ev.has_left)
    return Assessment(ev.customer_id, health, persona, risk, effort, voice)


def assess_customer(
    ev: CustomerEvidence,
    now: datetime,
    *,
    model: ChurnModel | None = None,
    policy: EffortPolicy | None = None,
) -> Assessment:
    """Health, persona, churn risk and effort for one customer as of ``now``."""
    return assess_customers([ev], now, model=model, policy=policy)[0]


def assess_customers(
    evidence: Sequence[CustomerEvidence],
    now: datetime,
    *,
    model: ChurnModel | None = None,
    policy: EffortPolicy | None = None,
) -> list[Assessment]:
    """Assess a batch; with a model, churn probabilities come from one vectorised call."""
    require_aware(now, "now")
    policy = policy or EffortPolicy()
    voices = [summarise_voice(ev, now) for ev in evidence]
    healths = [health_score(ev, now) for ev in evidence]
    transparent = [transparent_churn_risk(ev, h, now, voice=v)
                   for ev, h, v in zip(evidence, healths, voices, strict=True)]
    risks = transparent
    if model is not None and evidence:
        rows = [features_from_evidence(ev, now, health=h, voice=v)
                for ev, h, v in zip(evidence, healths, voices, strict=True)]
        modelled = model.risk(rows)
        risks = [t if ev.has_left else RiskResult(m.probability, m.reasons + t.reasons, "model")
                 for ev, m, t in zip(evidence, modelled, transparent, strict=True)]
    return [_finish(ev, now, h, v, r, policy)
            for ev, h, v, r in zip(evidence, healths, voices, risks, strict=True)]
