"""Scoring customers: load their evidence, run the pure health functions, store the result.

`do_score_customers` rescoring a few customers runs in the worker seconds after an event
(a purchase, an analysed message, a survey answer, a case change) using the stored BG/NBD
parameters; `score_all` refits BG/NBD on the whole purchase history and rescoring everyone
in batches (`amends score`, and a periodic job, because time passing alone changes who has
gone quiet). Each assessment is kept as the customer's current row plus a history row when
something changed.
"""

from __future__ import annotations

import base64
import importlib
import math
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Float, String, cast, delete, func, insert, select, type_coerce
from sqlalchemy.orm import Session

from amends import hooks, jobs
from amends.analyse.assess import (
    Assessment,
    PurchaseEngagement,
    assess_customers,
    purchase_engagement,
)
from amends.analyse.bgnbd import BGNBDParams
from amends.analyse.churn import ChurnModel
from amends.analyse.effort import EffortPolicy
from amends.analyse.evidence import Case, CustomerEvidence, SurveyAnswer
from amends.analyse.evidence import Interaction as Said
from amends.analyse.usage import usage_trend, usage_windows
from amends.db import chunks
from amends.models import ActivityEvent, Customer, Interaction
from amends.models.findings import Finding
from amends.models.health import CustomerHealth, HealthSnapshot, ScoringModel
from amends.timeutil import require_aware, utcnow

SCORE_JOB = "score_customers"
SCORE_ALL_JOB = "score_all"
BATCH = 2000
VOICE_DAYS = 180
PURCHASE_KINDS = ("purchase", "order")
USAGE_KINDS = ("login", "visit")
RECENT_DAYS, BASELINE_DAYS = 28.0, 84.0
# The text engine's categories that mean "ignored / kept waiting" or "what we offer does
# not fit": named as the signals the persona rules look for.
CATEGORY_SIGNALS = {"no_response": "ignored", "delay": "kept_waiting",
                    "price_value": "product_fit"}


@dataclass
class Engagement:
    """Per-customer behaviour numbers, keyed by customer id."""

    purchases: dict[int, tuple[float, float, float]]  # id -> (x, P(alive), expected)
    usage: dict[int, tuple[float, float]]  # id -> (ratio, z)
    last_activity: dict[int, float]  # id -> epoch seconds
    params: BGNBDParams | None


def _epoch(session: Session, column: Any) -> Any:
    """The column as epoch seconds on PostgreSQL; SQLite's raw text is parsed by numpy."""
    if session.get_bind().dialect.name == "postgresql":
        # extract() is numeric: cast on the server, or psycopg builds millions of Decimals.
        return cast(func.extract("epoch", column), Float)
    return type_coerce(column, String)


def _seconds(values: list[Any]) -> np.ndarray:
    """Epoch seconds from PostgreSQL numbers or SQLite's 'YYYY-MM-DD HH:MM:SS.ffffff' UTC text."""
    if not values:
        return np.zeros(0)
    if isinstance(values[0], str):
        return np.array([v.replace(" ", "T") for v in values],
                        dtype="datetime64[us]").astype(np.int64) / 1e6
    return np.asarray(values, dtype=np.float64)


def _events(session: Session, kinds: Sequence[str], ids: Sequence[int] | None,
            since: datetime | None, now: datetime) -> tuple[np.ndarray, np.ndarray]:
    query = (select(ActivityEvent.customer_id, _epoch(session, ActivityEvent.occurred_at))
             .where(ActivityEvent.kind.in_(kinds), ActivityEvent.occurred_at <= now))
    if since is not None:
        query = query.where(ActivityEvent.occurred_at > since)
    cust: list[int] = []
    times: list[Any] = []
    for part in (chunks(list(ids), 900) if ids is not None else [None]):
        q = query if part is None else query.where(ActivityEvent.customer_id.in_(part))
        for c, t in session.execute(q):
            cust.append(c)
            times.append(t)
    return np.asarray(cust, dtype=np.int64), _seconds(times)


def latest_bgnbd(session: Session) -> BGNBDParams | None:
    row = session.scalar(select(ScoringModel).where(ScoringModel.kind == "bgnbd")
                         .order_by(ScoringModel.created_at.desc(), ScoringModel.id.desc()))
    return BGNBDParams.from_dict(row.params) if row is not None else None


def load_engagement(session: Session, ids: Sequence[int] | None, now: datetime,
                    params: BGNBDParams | None) -> Engagement:
    """Behaviour for `ids` (everyone when None); fits BG/NBD when `params` is None."""
    cust, secs = _events(session, PURCHASE_KINDS, ids, None, now)
    purchases: dict[int, tuple[float, float, float]] = {}
    fitted = params
    if cust.size:
        eng: PurchaseEngagement = purchase_engagement(cust, secs, now=now, params=params)
        fitted = eng.params
        for cid, x, alive, exp in zip(eng.customer_ids.tolist(), eng.purchases.tolist(),
                                      eng.p_alive.tolist(), eng.expected_purchases.tolist(),
                                      strict=True):
            purchases[int(cid)] = (x, alive, exp)
    since = now - timedelta(days=RECENT_DAYS + BASELINE_DAYS)
    ucust, usecs = _events(session, USAGE_KINDS, ids, since - timedelta(days=1), now)
    usage: dict[int, tuple[float, float]] = {}
    if ucust.size:
        windows = usage_windows(ucust, usecs, now=now, recent_days=RECENT_DAYS,
                                baseline_days=BASELINE_DAYS)
        trend = usage_trend(windows.counts_recent, windows.days_recent,
                            windows.counts_baseline, windows.days_baseline)
        for cid, ratio, z, has in zip(windows.customer_ids.tolist(), trend.ratio.tolist(),
                                      trend.z.tolist(), trend.has_baseline.tolist(), strict=True):
            if has:
                usage[int(cid)] = (ratio, z)
    last_q = (select(ActivityEvent.customer_id, func.max(_epoch(session, ActivityEvent.occurred_at)))
              .where(ActivityEvent.occurred_at <= now).group_by(ActivityEvent.customer_id))
    last: dict[int, float] = {}
    for part in (chunks(list(ids), 900) if ids is not None else [None]):
        q = last_q if part is None else last_q.where(ActivityEvent.customer_id.in_(part))
        rows = [(c, t) for c, t in session.execute(q) if t is not None]
        last.update(zip((int(c) for c, _ in rows), _seconds([t for _, t in rows]).tolist(),
                        strict=True))
    return Engagement(purchases, usage, last, fitted)


def _severity_level(severity: int | None) -> int | None:
    """0-100 from the text engine -> 1 minor, 2 major, 3 critical (the health scale)."""
    if severity is None:
        return None
    return 1 if severity < 40 else 2 if severity < 70 else 3


def _voice(session: Session, ids: Sequence[int], now: datetime) -> dict[int, list[Said]]:
    cutoff = now - timedelta(days=VOICE_DAYS)
    flags: dict[int, tuple[set[str], set[str], float]] = defaultdict(lambda: (set(), set(), 0.0))
    found = select(Finding.interaction_id, Finding.kind, Finding.name, Finding.score).where(
        Finding.customer_id.in_(ids), Finding.occurred_at >= cutoff,
        Finding.occurred_at <= now, Finding.kind.in_(("issue", "signal", "emotion")))
    for interaction_id, kind, name, score in session.execute(found):
        categories, signals, anger = flags[interaction_id]
        if kind == "issue":
            categories.add(name)
            if name in CATEGORY_SIGNALS:
                signals.add(CATEGORY_SIGNALS[name])
        elif kind == "signal":
            signals.add(name)
        elif name == "anger":
            flags[interaction_id] = (categories, signals, max(anger, score))
    rows = session.execute(
        select(Interaction.id, Interaction.customer_id, Interaction.occurred_at,
               Interaction.sentiment_score, Interaction.bad_experience, Interaction.severity,
               Interaction.author_type)
        .where(Interaction.customer_id.in_(ids), Interaction.occurred_at >= cutoff,
               Interaction.occurred_at <= now, Interaction.model_version.is_not(None)))
    out: dict[int, list[Said]] = defaultdict(list)
    for iid, cid, when, sentiment, bad, severity, author in rows:
        categories, signals, anger = flags.get(iid, (set(), set(), 0.0))
        inbound = author == "customer"
        out[cid].append(Said(occurred_at=when, sentiment=sentiment,
                             bad_experience=bool(bad) and inbound,
                             severity=_severity_level(severity) if bad else None,
                             anger=anger or None, categories=frozenset(categories),
                             signals=frozenset(signals), inbound=inbound))
    return out


def _optional_model(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name)
    except (ModuleNotFoundError, AttributeError):
        return None


# Which end of each survey scale is good, for the health scale's polarity.
POSITIVE_FROM = {"csat": 4, "nps": 9, "thumbs": 1}


def _survey_polarity(kind: str, score: int, bad: bool) -> str:
    if bad:
        return "negative"
    if kind == "ces":
        return "positive" if score <= 3 else "neutral"
    if kind == "thermometer":
        return "positive"  # no neutral level: every non-negative answer is content or better
    return "positive" if score >= POSITIVE_FROM.get(kind, 10**9) else "neutral"


def _surveys(session: Session, ids: Sequence[int], now: datetime) -> dict[int, list[SurveyAnswer]]:
    response, survey = (_optional_model("amends.models.surveys", "SurveyResponse"),
                        _optional_model("amends.models.surveys", "Survey"))
    out: dict[int, list[SurveyAnswer]] = defaultdict(list)
    if response is None or survey is None:
        return out
    cutoff = now - timedelta(days=VOICE_DAYS)
    rows = session.execute(
        select(response.customer_id, response.answered_at, response.score,
               response.bad_experience, survey.kind)
        .join(survey, survey.id == response.survey_id)
        .where(response.customer_id.in_(ids), response.answered_at >= cutoff,
               response.answered_at <= now))
    for cid, when, score, bad, kind in rows:
        out[cid].append(SurveyAnswer(occurred_at=when,
                                     polarity=_survey_polarity(kind, int(score), bool(bad))))
    return out


OUTCOMES = {"recovered": "resolved", "not_recovered": "unresolved"}


def _cases(session: Session, ids: Sequence[int], now: datetime) -> dict[int, list[Case]]:
    case = _optional_model("amends.models.cases", "RecoveryCase")
    out: dict[int, list[Case]] = defaultdict(list)
    if case is None:
        return out
    cutoff = now - timedelta(days=365)
    rows = session.execute(
        select(case.customer_id, case.opened_at, case.first_response_at, case.resolved_at,
               case.closed_at, case.outcome, case.severity)
        .where(case.customer_id.in_(ids), case.opened_at >= cutoff, case.opened_at <= now))
    for cid, opened, first, resolved, closed, outcome, severity in rows:
        out[cid].append(Case(opened_at=opened, first_response_at=first,
                             resolved_at=resolved or closed, outcome=OUTCOMES.get(outcome or ""),
                             severity=_severity_level(severity)))
    return out


def _since(customer: Any) -> datetime | None:
    raw = (customer.attributes or {}).get("customer_since")
    if isinstance(raw, str):
        try:
            return require_aware(datetime.fromisoformat(raw + "T00:00:00+00:00"
                                                        if len(raw) == 10 else raw))
        except ValueError:
            pass
    return customer.created_at


def _to_float(value: float | None) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def load_evidence(session: Session, ids: Sequence[int], now: datetime,
                  engagement: Engagement) -> list[CustomerEvidence]:
    customers = session.execute(
        select(Customer.id, Customer.status, Customer.value_per_year, Customer.created_at,
               Customer.attributes, Customer.segment).where(Customer.id.in_(ids))).all()
    voice, surveys, cases = _voice(session, ids, now), _surveys(session, ids, now), \
        _cases(session, ids, now)
    evidence = []
    for c in customers:
        x, alive, expected = engagement.purchases.get(c.id, (None, None, None))
        ratio, z = engagement.usage.get(c.id, (None, None))
        last = engagement.last_activity.get(c.id)
        attrs = {k: v for k, v in (c.attributes or {}).items()
                 if isinstance(v, str | int | float | bool) and k != "story"}
        attrs["segment"] = c.segment
        evidence.append(CustomerEvidence(
            customer_id=c.id, status=c.status, value_per_year=c.value_per_year,
            customer_since=_since(c),
            last_activity_at=datetime.fromtimestamp(last, now.tzinfo) if last else None,
            purchases=int(x) if x is not None else None, p_alive=_to_float(alive),
            expected_purchases=_to_float(expected), usage_ratio=ratio, usage_z=z,
            interactions=tuple(sorted(voice.get(c.id, ()), key=lambda s: s.occurred_at)),
            surveys=tuple(surveys.get(c.id, ())), cases=tuple(cases.get(c.id, ())),
            attributes=attrs))
    return evidence


def latest_churn_model(session: Session) -> ChurnModel | None:
    row = session.scalar(select(ScoringModel).where(ScoringModel.kind == "churn")
                         .order_by(ScoringModel.created_at.desc(), ScoringModel.id.desc()))
    if row is None or not row.blob:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "churn.npz"
        path.write_bytes(base64.b64decode(row.blob))
        return ChurnModel.load(path)


def effort_policy(session: Session) -> EffortPolicy:
    values = session.scalars(select(Customer.value_per_year)
                             .where(Customer.value_per_year.is_not(None)).limit(50_000))
    return EffortPolicy.from_values(values)


def _row(a: Assessment, ev: CustomerEvidence, now: datetime) -> dict[str, Any]:
    voice = a.voice
    return {
        "customer_id": a.customer_id, "computed_at": now, "health_score": a.health.score,
        "contributions": [{"points": round(c.points, 1), "reason": c.reason, "code": c.code}
                          for c in a.health.contributions],
        "persona": a.persona.persona, "persona_reasons": list(a.persona.reasons),
        "churn_risk": round(a.risk.probability, 4), "risk_method": a.risk.method,
        "risk_reasons": list(a.risk.reasons), "p_alive": ev.p_alive,
        "expected_purchases": ev.expected_purchases, "usage_ratio": ev.usage_ratio,
        "value_at_risk": a.effort.value_at_risk, "recoverability": a.effort.recoverability,
        "effort": a.effort.effort, "effort_reasons": list(a.effort.reasons),
        "voice": {"messages": voice.messages, "negative": voice.negative_messages,
                  "bad_experiences": voice.bad_experiences, "surveys": voice.surveys,
                  "open_cases": voice.open_cases, "vocal": voice.vocal,
                  "neglect": voice.neglect, "conflict": voice.conflict,
                  "mean_sentiment": voice.mean_sentiment}}


def _store(session: Session, rows: list[dict[str, Any]], now: datetime) -> list[int]:
    """Replace current rows, add history where something changed; returns persona changes."""
    ids = [r["customer_id"] for r in rows]
    previous = {h.customer_id: h for h in session.execute(
        select(CustomerHealth.customer_id, CustomerHealth.persona, CustomerHealth.health_score,
               CustomerHealth.churn_risk, CustomerHealth.computed_at)
        .where(CustomerHealth.customer_id.in_(ids)))}
    session.execute(delete(CustomerHealth).where(CustomerHealth.customer_id.in_(ids)))
    # Core executemany: the ORM's bulk path costs several times more for wide JSON rows.
    session.connection().execute(insert(CustomerHealth.__table__), rows)  # type: ignore[arg-type]
    history, changed = [], []
    for r in rows:
        old = previous.get(r["customer_id"])
        # The first assessment is a baseline: only a change of persona is news for the rules.
        persona_changed = old is None or old.persona != r["persona"]
        if old is not None and persona_changed:
            changed.append(r["customer_id"])
        if (old is None or persona_changed or abs(old.health_score - r["health_score"]) >= 1
                or abs(old.churn_risk - r["churn_risk"]) >= 0.01
                or now - old.computed_at >= timedelta(days=1)):
            history.append({k: r[k] for k in ("customer_id", "computed_at", "health_score",
                                              "persona", "churn_risk", "value_at_risk")})
    if history:
        session.connection().execute(insert(HealthSnapshot.__table__), history)  # type: ignore[arg-type]
    return changed


def do_score_customers(session: Session, customer_ids: Iterable[int], now: datetime | None = None,
                       *, engagement: Engagement | None = None, model: Any = "load",
                       policy: EffortPolicy | None = None) -> int:
    """Assess and store the given customers; fires `customers_scored` for persona changes."""
    now = require_aware(now or utcnow())
    ids = sorted(set(customer_ids))
    if not ids:
        return 0
    if engagement is None:
        engagement = load_engagement(session, ids, now, latest_bgnbd(session))
    churn_model = latest_churn_model(session) if model == "load" else model
    policy = policy or effort_policy(session)
    changed: list[int] = []
    for part in chunks(ids, BATCH):
        evidence = load_evidence(session, part, now, engagement)
        assessments = assess_customers(evidence, now, model=churn_model, policy=policy)
        rows = [_row(a, ev, now) for a, ev in zip(assessments, evidence, strict=True)]
        changed += _store(session, rows, now)
    if changed:
        hooks.fire(session, "customers_scored", customer_ids=changed)
    return len(ids)


def score_all(session_factory: Callable[[], Session], now: datetime | None = None,
              progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Refit BG/NBD on all purchases and rescoring every customer, batch by batch."""
    now = require_aware(now or utcnow())
    with session_factory() as session:
        engagement = load_engagement(session, None, now, None)
        if engagement.params is not None:
            session.add(ScoringModel(kind="bgnbd", created_at=now,
                                     params=engagement.params.to_dict(),
                                     n_customers=len(engagement.purchases)))
        model = latest_churn_model(session)
        policy = effort_policy(session)
        ids = list(session.scalars(select(Customer.id).order_by(Customer.id)))
        session.commit()
    for start in range(0, len(ids), BATCH):
        part = ids[start:start + BATCH]
        with session_factory() as session:
            do_score_customers(session, part, now, engagement=engagement, model=model,
                               policy=policy)
            session.commit()
        if progress:
            progress(len(part), len(ids))
    return {"customers": len(ids),
            "bgnbd": engagement.params.to_dict() if engagement.params else None,
            "churn_model": model is not None}


# ---------------------------------------------------------------- worker wiring


def _queue_scoring(session: Session, customer_ids: Sequence[int]) -> None:
    for part in chunks(sorted(set(customer_ids)), 500):
        jobs.enqueue(session, SCORE_JOB, {"customer_ids": part}, priority=5)


def on_activity_recorded(session: Session, customer_ids: list[int]) -> None:
    _queue_scoring(session, customer_ids)


def on_interactions_analysed(session: Session, interaction_ids: list[int]) -> None:
    ids = set(session.scalars(select(Interaction.customer_id)
                              .where(Interaction.id.in_(interaction_ids))))
    _queue_scoring(session, list(ids))


def on_case_changed(session: Session, case_id: int) -> None:
    case = _optional_model("amends.models.cases", "RecoveryCase")
    if case is not None:
        customer_id = session.scalar(select(case.customer_id).where(case.id == case_id))
        if customer_id is not None:
            _queue_scoring(session, [customer_id])


def on_survey_answered(session: Session, response_id: int) -> None:
    response = _optional_model("amends.models.surveys", "SurveyResponse")
    if response is not None:
        customer_id = session.scalar(select(response.customer_id)
                                     .where(response.id == response_id))
        if customer_id is not None:
            _queue_scoring(session, [customer_id])


def run_score_job(session: Session, payload: dict[str, Any]) -> None:
    do_score_customers(session, payload["customer_ids"])


def run_score_all_job(session: Session, payload: dict[str, Any]) -> None:
    """The periodic full recompute; it commits batch by batch through its own sessions."""
    bind = session.get_bind()
    from sqlalchemy.orm import sessionmaker

    score_all(sessionmaker(bind=bind, expire_on_commit=False))
