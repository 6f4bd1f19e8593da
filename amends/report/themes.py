"""Themes: what went wrong, by category over time, the phrases that recur, the messages.

Reads the text engine's findings (``Interaction.analysis["issues"]``) with the database's
own JSON functions (SQLite ``json_each``, PostgreSQL ``jsonb_array_elements``), so only
counts cross the wire. Only bad experiences from customers count: a theme is a problem.

Public interface::

    themes(session, scope) -> dict
    theme_messages(session, scope, category, limit=50) -> dict
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, cast, exists, func, literal, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from amends.errors import NotFound
from amends.models import Customer, Interaction
from amends.report import rollups
from amends.report.dashboard import Scope, _days, _period_days, covered, day_expr, evidence_spans
from amends.timeutil import isoformat


def _is_pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _issues_table(session: Session) -> tuple[Any, Any, Any]:
    """(table-valued issues of each interaction, its category column, its label column)."""
    if _is_pg(session):
        tv = func.jsonb_array_elements(Interaction.analysis["issues"]).table_valued(
            "value").alias("issue")
        return tv, tv.c.value.op("->>")("category"), tv.c.value.op("->>")("label")
    tv = func.json_each(Interaction.analysis, "$.issues").table_valued("value").alias("issue")
    return (tv, cast(func.json_extract(tv.c.value, "$.category"), String),
            cast(func.json_extract(tv.c.value, "$.label"), String))


def _evidence_table(session: Session, issue: Any) -> tuple[Any, Any]:
    if _is_pg(session):
        ev = func.jsonb_array_elements(issue.c.value.op("->")("evidence")).table_valued(
            "value").alias("ev")
        return ev, func.lower(ev.c.value.op("->>")("text"))
    ev = func.json_each(issue.c.value, "$.evidence").table_valued("value").alias("ev")
    return ev, func.lower(cast(func.json_extract(ev.c.value, "$.text"), String))


def _in_range(since: datetime, until: datetime) -> list[Any]:
    return [Interaction.bad_experience.is_(True), Interaction.author_type == "customer",
            Interaction.occurred_at >= since, Interaction.occurred_at < until]


def _in_period(scope: Scope) -> list[Any]:
    return _in_range(scope.since, scope.now + timedelta(microseconds=1))


Row = tuple[str, str, str, str | None, dict[str, Any]]  # day, segment, key, label, values


def _group(session: Session, scope: Scope, query: Any, by_segment: bool, *cols: Any) -> Any:
    """Group by day (+ segment for rollups) and the given columns."""
    day = day_expr(session, Interaction.occurred_at)
    query = query.add_columns(day.label("day"))
    if by_segment:
        return (query.add_columns(Customer.segment.label("segment"))
                .join(Customer, Customer.id == Interaction.customer_id)
                .group_by(day, Customer.segment, *cols))
    return scope.restrict(query).group_by(day, *cols)


def _live_themes(session: Session, scope: Scope, since: datetime, until: datetime,
                 by_segment: bool = False) -> list[Row]:
    issue, category, label = _issues_table(session)
    where = _in_range(since, until)
    rows: list[Row] = []
    q = (select(category.label("category"), func.max(label).label("label"),
                func.count().label("n"))
         .select_from(Interaction).join(issue, issue.c.value.is_not(None)).where(*where))
    for r in session.execute(_group(session, scope, q, by_segment, category)):
        if r.category is not None:
            rows.append((r.day, (r.segment or "") if by_segment else "", r.category, r.label,
                         {"n": r.n}))
    issue2, _, _ = _issues_table(session)
    q = (select(func.count(func.distinct(Interaction.id)).label("n"))
         .select_from(Interaction).join(issue2, issue2.c.value.is_not(None)).where(*where))
    for r in session.execute(_group(session, scope, q, by_segment)):
        rows.append((r.day, (r.segment or "") if by_segment else "", "", None, {"n": r.n}))
    return rows


def _live_phrases(session: Session, scope: Scope, since: datetime, until: datetime,
                  by_segment: bool = False) -> list[Row]:
    issue, category, _ = _issues_table(session)
    ev, text = _evidence_table(session, issue)
    q = (select(category.label("category"), text.label("phrase"), func.count().label("n"))
         .select_from(Interaction).join(issue, issue.c.value.is_not(None))
         .join(ev, ev.c.value.is_not(None)).where(*_in_range(since, until)))
    rows: list[Row] = []
    for r in session.execute(_group(session, scope, q, by_segment, category, text)):
        if r.category and r.phrase and len(r.phrase) <= 80:
            rows.append((r.day, (r.segment or "") if by_segment else "",
                         f"{r.category}{rollups.SEP}{r.phrase}", None, {"n": r.n}))
    return rows


@rollups.register("theme")
def _rollup_themes(session: Session, since: datetime, until: datetime) -> list[Row]:
    return _live_themes(session, Scope(), since, until, by_segment=True)


@rollups.register("phrase")
def _rollup_phrases(session: Session, since: datetime, until: datetime) -> list[Row]:
    return _live_phrases(session, Scope(), since, until, by_segment=True)


def _collect(session: Session, scope: Scope, kind: str, live: Any,
             by_day: bool = True) -> list[tuple[str, str, str | None, int]]:
    """(day, key, label, n) for the period: rollups where present, live elsewhere."""
    have, ranges = covered(session, scope)
    out = [(day, key, v["label"], int(v["n"])) for (key, day), v in rollups.sums(
        session, kind, have, scope.segment, ["n"], by_day=by_day).items()]
    for since, until in ranges:
        out += [(day, key, label, int(v["n"])) for day, _, key, label, v
                in live(session, scope, since, until)]
    return out


def themes(session: Session, scope: Scope, phrase_limit: int = 8) -> dict[str, Any]:
    """Categories with counts per day, share of bad experiences and recurring phrases."""
    per_day: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    labels: dict[str, str] = {}
    categorised = 0
    for day, key, label, n in _collect(session, scope, "theme", _live_themes):
        if key == "":
            categorised += n
            continue
        per_day[key][day] += n
        labels[key] = label or labels.get(key) or key
    phrase_counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for _, key, _, n in _collect(session, scope, "phrase", _live_phrases, by_day=False):
        cid, _, phrase = key.partition(rollups.SEP)
        phrase_counts[cid][phrase] += n
    bad_total = sum(v.get("bad", 0) for v in _period_days(session, scope).values())
    days = _days(scope)
    items: list[dict[str, Any]] = []
    for cid, counts in per_day.items():
        total = sum(counts.values())
        half = len(days) // 2
        first, second = (sum(counts.get(d, 0) for d in days[:half]),
                         sum(counts.get(d, 0) for d in days[half:]))
        phrases = sorted(phrase_counts.get(cid, {}).items(), key=lambda kv: (-kv[1], kv[0]))
        items.append({"category": cid, "label": labels[cid], "count": total,
                      "share": total / bad_total if bad_total else 0.0,
                      "trend": "rising" if second > first * 1.25 and second - first >= 3
                      else "falling" if first > second * 1.25 and first - second >= 3
                      else "steady",
                      "series": [counts.get(d, 0) for d in days],
                      "phrases": [{"phrase": p, "count": n} for p, n in phrases[:phrase_limit]]})
    items.sort(key=lambda x: (-x["count"], x["category"]))
    return {"period": scope.period, "segment": scope.segment, "days": days,
            "bad_experiences": bad_total, "themes": items,
            "uncategorised": max(0, bad_total - categorised)}


def _has_category(session: Session, category: str) -> Any:
    """A per-row test (no join): the newest-first index walk stops after `limit` hits."""
    if _is_pg(session):
        return Interaction.analysis["issues"].op("@>")(
            literal([{"category": category}], JSONB))
    issue = func.json_each(Interaction.analysis, "$.issues").table_valued("value").alias("i")
    return exists(select(literal(1)).select_from(issue).where(
        func.json_extract(issue.c.value, "$.category") == category))


def theme_messages(session: Session, scope: Scope, category: str,
                   limit: int = 50) -> dict[str, Any]:
    """The very messages behind one theme, newest first, with evidence spans."""
    rows = list(session.execute(scope.restrict(
        select(Interaction, Customer.name).join(Customer, Customer.id == Interaction.customer_id)
        .where(*_in_period(scope), _has_category(session, category))
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc()).limit(limit),
        joined=True)))
    found_label = next((x.get("label") for i, _ in rows for x in (i.analysis or {}).get(
        "issues") or [] if x.get("category") == category), None)
    if found_label is None:
        raise NotFound(f"no bad experiences about {category!r} in this period")
    messages = []
    for i, name in rows:
        a = i.analysis or {}
        mine = [x for x in a.get("issues") or [] if x.get("category") == category]
        spans = evidence_spans(i.text, {"evidence": [
            e | {"finding": "issue:" + category} for x in mine for e in x.get("evidence") or []
            if isinstance(e, dict) and e.get("kind") != "example"]})
        messages.append({"id": i.id, "customer_id": i.customer_id, "customer_name": name,
                         "channel": i.channel, "occurred_at": isoformat(i.occurred_at),
                         "text": i.text, "severity": i.severity, "spans": spans})
    return {"category": category, "label": found_label, "period": scope.period,
            "segment": scope.segment, "messages": messages}
