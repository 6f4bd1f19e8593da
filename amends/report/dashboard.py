"""Read-only queries behind the dashboard pages (the HTML page and its JSON twin alike).

Every function takes the database session, a `Scope` (which customers the viewer may see,
and the period/segment filters) and returns plain dicts: the page template renders them
and the ``.json`` twin returns them unchanged.

Public interface::

    Scope(customer_condition=None, days=30, segment=None, now=None)
    parse_period(raw) -> int
    overview(session, scope) -> dict
    live_feed(session, scope, after_id=0, limit=20) -> dict
    customers_page(session, scope, q=None, bad_only=False, page=1, per_page=50) -> dict
    customer_page(session, scope, customer) -> dict
    evidence_spans(text, analysis) -> list[dict]
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from amends.errors import FieldError, ValidationFailed
from amends.models import ActivityEvent, Customer, Interaction, StaffUser
from amends.report import rollups
from amends.timeutil import isoformat, utcnow

PERIODS = {"7d": 7, "30d": 30, "90d": 90, "365d": 365}
# Sentiment thermometer: five bands over sentiment_score in [-1, 1].
BANDS = [("very_unhappy", "Very unhappy", -1.01, -0.6), ("unhappy", "Unhappy", -0.6, -0.2),
         ("neutral", "Neutral", -0.2, 0.2), ("happy", "Happy", 0.2, 0.6),
         ("delighted", "Delighted", 0.6, 1.01)]
SNIPPET = 220


@dataclass
class Scope:
    """Who is looking (as a customer condition) and the filters they chose."""

    customer_condition: ColumnElement[bool] | None = None
    days: int = 30
    segment: str | None = None
    now: datetime = field(default_factory=utcnow)

    @property
    def since(self) -> datetime:
        """Midnight UTC `days` days ago: whole days, so history is read from rollups and
        only today is computed live."""
        start = self.now - timedelta(days=self.days)
        return start.replace(hour=0, minute=0, second=0, microsecond=0)

    @property
    def period(self) -> str:
        return next((k for k, v in PERIODS.items() if v == self.days), f"{self.days}d")

    def customer_filters(self) -> list[ColumnElement[bool]]:
        conds: list[ColumnElement[bool]] = []
        if self.customer_condition is not None:
            conds.append(self.customer_condition)
        if self.segment:
            conds.append(Customer.segment == self.segment)
        return conds

    def restrict(self, query: Any, *, joined: bool = False) -> Any:
        """Limit an interactions query to the customers in scope.

        A join (not ``IN (subquery)``): the database then looks each row's customer up by
        primary key instead of materialising every customer of a segment first. Pass
        `joined` when the query already joins customers.
        """
        conds = self.customer_filters()
        if not conds:
            return query
        if not joined:
            query = query.join(Customer, Customer.id == Interaction.customer_id)
        return query.where(*conds)


def parse_period(raw: str | None) -> int:
    if raw is None or raw == "":
        return 30
    if raw not in PERIODS:
        raise ValidationFailed(f"period must be one of {', '.join(PERIODS)}",
                               fields=[FieldError("query.period",
                                                  f"one of {', '.join(PERIODS)}")])
    return PERIODS[raw]


def day_expr(session: Session, column: Any) -> Any:
    """The UTC calendar day of a timestamp column as 'YYYY-MM-DD', on either database."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")
    return func.strftime("%Y-%m-%d", column)


def _days(scope: Scope) -> list[str]:
    start = scope.since.date()
    return [(start + timedelta(days=i)).isoformat() for i in range(scope.days + 1)]


def _band_case(lo: float, hi: float) -> Any:
    return func.sum(case((Interaction.sentiment_score.between(lo, hi - 1e-9), 1), else_=0))


# --- overview ----------------------------------------------------------------------------

BAND_KEYS = [key for key, _, _, _ in BANDS]
DAY_FIELDS = ["n", "bad", "sent_sum", "sent_n", "sev_high", "sev_mid", *BAND_KEYS]


def _live_days(session: Session, scope: Scope, since: datetime, until: datetime, *,
               by_segment: bool = False) -> list[tuple[str, str, dict[str, Any]]]:
    """Per-day (and per-segment) message aggregates computed from the interactions."""
    day = day_expr(session, Interaction.occurred_at)
    cols = [day.label("day"), func.count().label("n"),
            func.sum(case((Interaction.bad_experience.is_(True), 1), else_=0)).label("bad"),
            func.coalesce(func.sum(Interaction.sentiment_score), 0.0).label("sent_sum"),
            func.count(Interaction.sentiment_score).label("sent_n"),
            *[_band_case(lo, hi).label(key) for key, _, lo, hi in BANDS],
            func.sum(case((Interaction.severity >= 70, 1), else_=0)).label("sev_high"),
            func.sum(case((Interaction.severity.between(40, 69), 1), else_=0)).label("sev_mid")]
    query = select(*cols).where(Interaction.occurred_at >= since, Interaction.occurred_at < until,
                                Interaction.author_type == "customer")
    if by_segment:
        query = (query.add_columns(Customer.segment.label("segment"))
                 .join(Customer, Customer.id == Interaction.customer_id)
                 .group_by(day, Customer.segment))
    else:
        query = scope.restrict(query).group_by(day)
    out = []
    for r in session.execute(query):
        values = {"n": r.n, "bad": r.bad or 0, "sent_sum": float(r.sent_sum or 0.0),
                  "sent_n": r.sent_n or 0, "sev_high": r.sev_high or 0, "sev_mid": r.sev_mid or 0,
                  **{k: getattr(r, k) or 0 for k in BAND_KEYS}}
        out.append((r.day, (r.segment or "") if by_segment else "", values))
    return out


@rollups.register("day")
def _rollup_days(session: Session, since: datetime,
                 until: datetime) -> list[tuple[str, str, str, str | None, dict[str, Any]]]:
    return [(d, seg, "", None, v) for d, seg, v in _live_days(session, Scope(), since, until,
                                                              by_segment=True)]


def covered(session: Session, scope: Scope) -> tuple[list[str], list[tuple[datetime, datetime]]]:
    """Split the period into rolled-up days and the ranges to compute live.

    Rollups hold everyone's data, so a scope limited to some customers (an agent's)
    is computed live in full.
    """
    until = scope.now
    if scope.customer_condition is not None:
        return [], [(scope.since, until)]
    full = rollups.complete_days(scope.since, until)
    missing = set(rollups.missing_days(session, full))
    have = [d for d in full if d not in missing]
    if not have:
        return [], [(scope.since, until)]
    ranges = []
    first, last = rollups.day_start(have[0]), rollups.day_start(have[-1]) + timedelta(days=1)
    if scope.since < first:
        ranges.append((scope.since, first))
    for a, b in rollups._runs(sorted(missing)):
        ranges.append((rollups.day_start(a), rollups.day_start(b) + timedelta(days=1)))
    if last < until:
        cut = rollups.today_until(session, until)
        if cut is not None and last == rollups.day_start(until.date().isoformat()):
            have.append(until.date().isoformat())
            last = cut
        ranges.append((last, until))
    return have, ranges


def _period_days(session: Session, scope: Scope,
                 fields: list[str] = DAY_FIELDS) -> dict[str, dict[str, Any]]:
    """Day -> aggregates for the scope's period, from rollups where possible."""
    have, ranges = covered(session, scope)
    days: dict[str, dict[str, Any]] = {}
    for (_, day), values in rollups.sums(session, "day", have, scope.segment, fields,
                                         by_day=True).items():
        rollups.merge(days.setdefault(day, {}), values)
    for since, until in ranges:
        for day, _, values in _live_days(session, scope, since, until):
            rollups.merge(days.setdefault(day, {}), values)
    return days


def _value_at_risk(session: Session, scope: Scope) -> tuple[float, int]:
    """Yearly value and number of the customers with a bad experience in the period."""
    if scope.customer_condition is None and rollups.customer_bad_ready(session):
        from amends.models.sessions import DashboardCustomerBad as Bad

        query = (select(func.coalesce(func.sum(Customer.value_per_year), 0.0), func.count())
                 .select_from(Bad).join(Customer, Customer.id == Bad.customer_id)
                 .where(Bad.last_bad_at >= scope.since, *scope.customer_filters()))
        value, count = session.execute(query).one()
        return float(value or 0.0), int(count or 0)
    bad_customers = scope.restrict(
        select(Interaction.customer_id).where(Interaction.bad_experience.is_(True),
                                              Interaction.occurred_at >= scope.since,
                                              Interaction.occurred_at <= scope.now))
    row = session.execute(select(func.coalesce(func.sum(Customer.value_per_year), 0.0),
                                 func.count())
                          .where(Customer.id.in_(bad_customers))).one()
    return float(row[0] or 0.0), int(row[1] or 0)


def _total(days: dict[str, dict[str, Any]], key: str) -> int:
    return int(sum(v.get(key, 0) for v in days.values()))


def overview(session: Session, scope: Scope) -> dict[str, Any]:
    """KPIs, daily series, thermometer and the latest bad experiences for the period."""
    rows = _period_days(session, scope)
    days = _days(scope)
    total, bad = _total(rows, "n"), _total(rows, "bad")
    sent_n = _total(rows, "sent_n")
    avg_sentiment = sum(v.get("sent_sum", 0.0) for v in rows.values()) / sent_n \
        if sent_n else None
    value, affected = _value_at_risk(session, scope)
    rate = bad / total if total else None
    prev_rows = _period_days(session, Scope(scope.customer_condition, scope.days,
                                            scope.segment, scope.since), ["n", "bad"])
    prev_n = _total(prev_rows, "n")
    previous = _total(prev_rows, "bad") / prev_n if prev_n else None
    bands = [_total(rows, key) for key in BAND_KEYS]

    def series(key: str) -> list[int]:
        return [int(rows[d].get(key, 0)) if d in rows else 0 for d in days]

    n_series, bad_series = series("n"), series("bad")
    return {
        "period": scope.period, "segment": scope.segment,
        "since": isoformat(scope.since), "until": isoformat(scope.now),
        "kpis": {
            "messages": total, "bad_experiences": bad,
            "bad_rate": rate, "bad_rate_previous": previous,
            "bad_rate_change": (rate - previous) if rate is not None and previous is not None
            else None,
            "avg_sentiment": avg_sentiment, "customers_affected": affected,
            "value_at_risk": value, "high_severity": _total(rows, "sev_high"),
        },
        "series": {
            "days": days, "messages": n_series, "bad": bad_series,
            "fine": [n - b for n, b in zip(n_series, bad_series, strict=True)],
            "bad_rate": [b / n if n else None for n, b in zip(n_series, bad_series,
                                                              strict=True)],
            "sentiment": [(rows[d]["sent_sum"] / rows[d]["sent_n"])
                          if d in rows and rows[d].get("sent_n") else None for d in days],
        },
        "thermometer": [{"band": key, "label": label, "count": bands[i]}
                        for i, (key, label, _, _) in enumerate(BANDS)],
        "severity": {"high": _total(rows, "sev_high"), "medium": _total(rows, "sev_mid")},
        "recent_bad": recent_bad(session, scope, limit=6),
        "segments": segments(session),
    }


def segments(session: Session) -> list[str]:
    return [s for s in session.scalars(select(Customer.segment).where(
        Customer.segment.is_not(None)).distinct().order_by(Customer.segment).limit(50)) if s]


def _brief(i: Interaction, customer_name: str | None) -> dict[str, Any]:
    a = i.analysis or {}
    return {"id": i.id, "customer_id": i.customer_id, "customer_name": customer_name,
            "channel": i.channel, "author": i.author_type, "direction": i.direction,
            "occurred_at": isoformat(i.occurred_at), "subject": i.subject,
            "snippet": (i.text[:SNIPPET] + "…") if len(i.text) > SNIPPET else i.text,
            "analysed": i.analysis is not None, "sentiment": a.get("sentiment"),
            "sentiment_score": i.sentiment_score, "bad_experience": i.bad_experience,
            "severity": i.severity, "public": i.is_public,
            "issues": [x.get("label") or x.get("category") for x in a.get("issues") or []][:3],
            "signals": sorted(k for k, v in (a.get("signals") or {}).items()
                              if isinstance(v, dict) and v.get("present"))}


def recent_bad(session: Session, scope: Scope, limit: int = 6) -> list[dict[str, Any]]:
    query = scope.restrict(
        select(Interaction, Customer.name).join(Customer, Customer.id == Interaction.customer_id)
        .where(Interaction.bad_experience.is_(True), Interaction.occurred_at >= scope.since,
               Interaction.occurred_at <= scope.now)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc()).limit(limit),
        joined=True)
    return [_brief(i, name) for i, name in session.execute(query)]


def live_feed(session: Session, scope: Scope, after_id: int = 0,
              limit: int = 20) -> dict[str, Any]:
    """Interactions newer than `after_id` (oldest first), or the latest `limit` when 0."""
    query = scope.restrict(select(Interaction, Customer.name)
                           .join(Customer, Customer.id == Interaction.customer_id), joined=True)
    if after_id > 0:
        query = query.where(Interaction.id > after_id).order_by(Interaction.id).limit(limit)
        rows = list(session.execute(query))
    else:
        query = query.order_by(Interaction.id.desc()).limit(limit)
        rows = list(reversed(list(session.execute(query))))
    items = [_brief(i, name) for i, name in rows]
    last = max((x["id"] for x in items), default=after_id)
    return {"items": items, "last_id": last}


def latest_interaction_id(session: Session) -> int:
    return int(session.scalar(select(func.max(Interaction.id))) or 0)


# --- customers ---------------------------------------------------------------------------

def customers_page(session: Session, scope: Scope, *, q: str | None = None,
                   bad_only: bool = False, page: int = 1, per_page: int = 50) -> dict[str, Any]:
    """One page of customers with their recent voice; aggregates only for that page."""
    conds = scope.customer_filters()
    if q:
        like = f"%{q.strip().lower()}%"
        conds.append(func.lower(Customer.name).like(like) | Customer.email_key.like(like)
                     | func.lower(func.coalesce(Customer.company, "")).like(like))
    if bad_only:
        conds.append(Customer.id.in_(select(Interaction.customer_id).where(
            Interaction.bad_experience.is_(True), Interaction.occurred_at >= scope.since)))
    rows = list(session.scalars(select(Customer).where(*conds).order_by(Customer.name,
                                                                        Customer.id)
                                .offset((page - 1) * per_page).limit(per_page + 1)))
    has_more = len(rows) > per_page
    rows = rows[:per_page]
    stats = _customer_stats(session, [c.id for c in rows], scope.since)
    owners = _names(session, {c.owner_id for c in rows if c.owner_id})
    items = []
    for c in rows:
        s = stats.get(c.id, {})
        items.append({"id": c.id, "name": c.name or c.email or f"#{c.id}", "email": c.email,
                      "company": c.company, "segment": c.segment,
                      "value_per_year": c.value_per_year, "status": c.status,
                      "owner_id": c.owner_id, "owner_name": owners.get(c.owner_id or 0),
                      "messages": s.get("n", 0), "bad": s.get("bad", 0),
                      "avg_sentiment": s.get("sentiment"),
                      "last_contact": isoformat(s["last"]) if s.get("last") else None})
    return {"items": items, "page": page, "per_page": per_page, "has_more": has_more,
            "q": q or "", "bad_only": bad_only, "period": scope.period,
            "segment": scope.segment, "segments": segments(session)}


def _customer_stats(session: Session, ids: list[int], since: datetime) -> dict[int, dict]:
    if not ids:
        return {}
    rows = session.execute(
        select(Interaction.customer_id, func.count(),
               func.sum(case((Interaction.bad_experience.is_(True), 1), else_=0)),
               func.avg(Interaction.sentiment_score), func.max(Interaction.occurred_at))
        .where(Interaction.customer_id.in_(ids), Interaction.occurred_at >= since,
               Interaction.author_type == "customer")
        .group_by(Interaction.customer_id))
    out = {}
    for cid, n, bad, sentiment, last in rows:
        if isinstance(last, str):  # SQLite returns max() of a datetime column as text
            last = datetime.fromisoformat(last).replace(tzinfo=since.tzinfo)
        elif last is not None and last.tzinfo is None:
            last = last.replace(tzinfo=since.tzinfo)
        out[cid] = {"n": n, "bad": bad or 0, "sentiment": sentiment, "last": last}
    return out


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(StaffUser.id, StaffUser.name).where(StaffUser.id.in_(ids)))
    return {row[0]: row[1] for row in rows}


# --- one customer ------------------------------------------------------------------------

def evidence_spans(text: str, analysis: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Non-overlapping spans of `text` that the analysis cites, with what each showed.

    Spans are checked against the text (a stale or foreign analysis may point elsewhere);
    a span whose offsets do not match its quoted text is looked up by the quote instead.
    """
    found: list[tuple[int, int, str]] = []
    for item in (analysis or {}).get("evidence") or []:
        if not isinstance(item, dict):
            continue
        start, end, quote = item.get("start"), item.get("end"), str(item.get("text") or "")
        label = str(item.get("finding") or "")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text) \
                and (not quote or text[start:end] == quote):
            found.append((start, end, label))
        elif quote:
            at = text.lower().find(quote.lower())
            if at >= 0:
                found.append((at, at + len(quote), label))
    found.sort()
    merged: list[dict[str, Any]] = []
    for start, end, label in found:
        if merged and start < merged[-1]["end"]:
            last = merged[-1]
            last["end"] = max(last["end"], end)
            if label and label not in last["findings"]:
                last["findings"].append(label)
            continue
        merged.append({"start": start, "end": end, "findings": [label] if label else []})
    return merged


def _finding_summary(a: dict[str, Any]) -> dict[str, Any]:
    signals = {k: v for k, v in (a.get("signals") or {}).items()
               if isinstance(v, dict) and v.get("present")}
    tone = {k: v for k, v in (a.get("tone") or {}).items()
            if isinstance(v, dict) and v.get("present")}
    emotions = sorted(((k, v) for k, v in (a.get("emotions") or {}).items()
                       if k != "neutral" and isinstance(v, int | float) and v >= 0.3),
                      key=lambda kv: -kv[1])[:3]
    return {"issues": [{"category": x.get("category"), "label": x.get("label"),
                        "score": x.get("score")} for x in a.get("issues") or []],
            "signals": sorted(signals), "praise_names": (signals.get("praise") or {})
            .get("names", []), "tone": sorted(tone), "emotions": [k for k, _ in emotions]}


def customer_page(session: Session, scope: Scope, customer: Customer,
                  limit: int = 100) -> dict[str, Any]:
    """Profile, one merged timeline with findings, sentiment over time and next steps."""
    interactions = list(session.scalars(
        select(Interaction).where(Interaction.customer_id == customer.id)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc()).limit(limit)))
    events = list(session.scalars(
        select(ActivityEvent).where(ActivityEvent.customer_id == customer.id)
        .order_by(ActivityEvent.occurred_at.desc()).limit(limit)))
    staff = _names(session, {i.staff_id for i in interactions if i.staff_id}
                   | ({customer.owner_id} if customer.owner_id else set()))
    entries: list[tuple[datetime, dict[str, Any]]] = []
    for i in interactions:
        a = i.analysis or {}
        entries.append((i.occurred_at, {
            "type": "interaction", "id": i.id, "occurred_at": isoformat(i.occurred_at),
            "channel": i.channel, "direction": i.direction, "author": i.author_type,
            "staff_id": i.staff_id, "staff_name": staff.get(i.staff_id or 0),
            "subject": i.subject, "text": i.text, "public": i.is_public,
            "analysed": i.analysis is not None, "sentiment": a.get("sentiment"),
            "sentiment_score": i.sentiment_score, "bad_experience": i.bad_experience,
            "severity": i.severity, "findings": _finding_summary(a),
            "spans": evidence_spans(i.text, a)}))
    for e in events:
        entries.append((e.occurred_at, {"type": "activity", "id": e.id, "kind": e.kind,
                                        "amount": e.amount,
                                        "occurred_at": isoformat(e.occurred_at)}))
    entries.sort(key=lambda pair: pair[0], reverse=True)
    timeline = [e for _, e in entries[:limit]]
    customer_msgs = [i for i in interactions if i.author_type == "customer"]
    trend = [(isoformat(i.occurred_at), i.sentiment_score) for i in reversed(customer_msgs)
             if i.sentiment_score is not None][-40:]
    totals = session.execute(
        select(func.count(), func.sum(case((Interaction.bad_experience.is_(True), 1),
                                           else_=0)),
               func.min(Interaction.occurred_at), func.max(Interaction.occurred_at))
        .where(Interaction.customer_id == customer.id)).one()
    return {
        "customer": {"id": customer.id, "name": customer.name or customer.email or
                     f"#{customer.id}", "email": customer.email, "phone": customer.phone,
                     "company": customer.company, "segment": customer.segment,
                     "value_per_year": customer.value_per_year, "status": customer.status,
                     "external_id": customer.external_id, "owner_id": customer.owner_id,
                     "owner_name": staff.get(customer.owner_id or 0),
                     "attributes": customer.attributes or {},
                     "created_at": isoformat(customer.created_at)},
        "stats": {"interactions": totals[0] or 0, "bad_experiences": totals[1] or 0,
                  "first_contact": _iso_any(totals[2]), "last_contact": _iso_any(totals[3]),
                  "avg_sentiment_recent": _mean([s for _, s in trend[-10:]])},
        "sentiment_trend": [{"at": at, "score": s} for at, s in trend],
        "timeline": timeline,
        "next_steps": next_steps(customer, interactions, scope.now),
    }


def _iso_any(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.replace(" ", "T")[:19] + "Z"
    if value.tzinfo is None:
        return value.isoformat() + "Z"
    return isoformat(value)


def _mean(values: list[float | None]) -> float | None:
    real = [v for v in values if v is not None]
    return sum(real) / len(real) if real else None


def next_steps(customer: Customer, interactions: list[Interaction],
               now: datetime) -> list[dict[str, str]]:
    """Plain-language suggestions from the recent conversation (newest first list)."""
    steps: list[dict[str, str]] = []
    recent = [i for i in interactions if (now - i.occurred_at).days <= 30]
    last_customer = next((i for i in interactions if i.author_type == "customer"), None)
    last_staff = next((i for i in interactions if i.author_type == "staff"), None)
    signals: Counter[str] = Counter()
    for i in recent:
        if i.author_type == "customer":
            for k, v in ((i.analysis or {}).get("signals") or {}).items():
                if isinstance(v, dict) and v.get("present"):
                    signals[k] += 1
    if last_customer and last_customer.bad_experience and (
            last_staff is None or last_staff.occurred_at < last_customer.occurred_at):
        hours = int((now - last_customer.occurred_at).total_seconds() // 3600)
        steps.append({"priority": "high", "title": "Reply to the last complaint",
                      "detail": f"Their last message reported a problem {hours} h ago and "
                                "has no reply yet: acknowledge it, apologise and say what "
                                "happens next."})
    if signals["legal_threat"]:
        steps.append({"priority": "high", "title": "Loop in a manager",
                      "detail": "They mentioned legal action; keep replies factual and "
                                "escalate before promising anything."})
    if signals["public_escalation"]:
        steps.append({"priority": "high", "title": "Answer the public post",
                      "detail": "Reply publicly with an apology and move the details to a "
                                "private channel."})
    if signals["churn_intent"]:
        steps.append({"priority": "high", "title": "Call them today",
                      "detail": "They said they might leave. A personal call from the owner "
                                "saves more relationships than email."})
    if signals["repeat_contact"]:
        steps.append({"priority": "medium", "title": "Give one person ownership",
                      "detail": "They have had to chase; name one owner and give a date."})
    if customer.owner_id is None and any(i.bad_experience for i in recent):
        steps.append({"priority": "medium", "title": "Assign an owner",
                      "detail": "A customer with a recent bad experience has no owner."})
    if signals["praise"] and not steps:
        steps.append({"priority": "low", "title": "Say thank you",
                      "detail": "They praised the team recently; a short thank-you and a "
                                "review request fit now."})
    if not steps:
        steps.append({"priority": "low", "title": "Nothing urgent",
                      "detail": "No open problem in the last 30 days."})
    return steps
