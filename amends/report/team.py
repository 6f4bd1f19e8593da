"""Team: per staff member and team, the praise and complaints that name them, how fast
they answer and the tone of their replies.

Attribution: a customer message counts for a staff member when it carries their
``staff_id`` (the person handling the conversation) or, for praise, when the text engine
found their name in it (``signals.praise.names``). Response time is the gap between a
customer message and the next staff reply in the same thread.

Public interface::

    team_overview(session, scope) -> dict
    staff_page(session, scope, user) -> dict
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Float, and_, case, cast, func, or_, select
from sqlalchemy.orm import Session

from amends.models import Customer, Interaction, StaffUser, Team
from amends.report import rollups
from amends.report.dashboard import Scope, covered, day_expr, evidence_spans
from amends.report.rollups import merge
from amends.timeutil import isoformat

TONES = ("empathy", "apology", "ownership", "blame_shifting", "rudeness")


def _is_pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def json_flag(session: Session, *path: str) -> Any:
    """True where analysis[path...] is JSON true, on either database."""
    if _is_pg(session):
        expr: Any = Interaction.analysis
        for p in path[:-1]:
            expr = expr.op("->")(p)
        return expr.op("->>")(path[-1]) == "true"
    return func.json_extract(Interaction.analysis, "$." + ".".join(path)) == 1


def _seconds(session: Session, later: Any, earlier: Any) -> Any:
    if _is_pg(session):
        return func.extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


def _period(scope: Scope) -> list[Any]:
    return [Interaction.occurred_at >= scope.since, Interaction.occurred_at <= scope.now]


Row = tuple[str, str, str, str | None, dict[str, Any]]  # day, segment, key, label, values


def _grouped(session: Session, scope: Scope, query: Any, when: Any, staff: Any,
             by_segment: bool, customer_id: Any = None) -> Any:
    day = day_expr(session, when)
    query = query.add_columns(day.label("day"), staff.label("staff_id"))
    if by_segment:
        cid = customer_id if customer_id is not None else Interaction.customer_id
        return (query.add_columns(Customer.segment.label("segment"))
                .join(Customer, Customer.id == cid).group_by(day, Customer.segment, staff))
    return (scope.restrict(query) if customer_id is None else query).group_by(day, staff)


def _live_staff(session: Session, scope: Scope, since: datetime, until: datetime,
                by_segment: bool = False) -> list[Row]:
    """Per day and staff member: replies, tone counts, response times, complaints, praise."""
    acc: dict[tuple[str, str, int], dict[str, Any]] = defaultdict(dict)

    def add(r: Any, values: dict[str, Any]) -> None:
        if r.staff_id is not None:
            key = (r.day, (r.segment or "") if by_segment else "", int(r.staff_id))
            merge(acc[key], values)

    in_range = [Interaction.occurred_at >= since, Interaction.occurred_at < until]
    tone_cols = [func.sum(case((json_flag(session, "tone", t, "present"), 1), else_=0)).label(t)
                 for t in TONES]
    q: Any = select(func.count().label("replies"), *tone_cols).where(
        Interaction.author_type == "staff", Interaction.staff_id.is_not(None), *in_range)
    for r in session.execute(_grouped(session, scope, q, Interaction.occurred_at,
                                      Interaction.staff_id, by_segment)):
        add(r, {"replies": r.replies, **{f"tone_{t}": getattr(r, t) or 0 for t in TONES}})
    q = select(func.count().label("n")).where(
        Interaction.author_type == "customer", Interaction.bad_experience.is_(True),
        Interaction.staff_id.is_not(None), *in_range)
    for r in session.execute(_grouped(session, scope, q, Interaction.occurred_at,
                                      Interaction.staff_id, by_segment)):
        add(r, {"complaints": r.n})
    _response_gaps(session, scope, since, until, by_segment, add)
    _praise(session, scope, since, until, by_segment, acc)
    return [(day, seg, str(staff_id), None, values)
            for (day, seg, staff_id), values in acc.items()]


def _response_gaps(session: Session, scope: Scope, since: datetime, until: datetime,
                   by_segment: bool, add: Any) -> None:
    """Gap between a customer message and the next staff reply in the same thread (LAG)."""
    order = (Interaction.occurred_at, Interaction.id)
    prev_author = func.lag(Interaction.author_type).over(partition_by=Interaction.thread_id,
                                                         order_by=order)
    prev_at = func.lag(Interaction.occurred_at).over(partition_by=Interaction.thread_id,
                                                     order_by=order)
    # Half a day of look-back so a reply soon after midnight still finds its question.
    inner = scope.restrict(
        select(Interaction.staff_id, Interaction.customer_id, Interaction.author_type,
               Interaction.occurred_at, prev_author.label("prev_author"),
               prev_at.label("prev_at"))
        .where(Interaction.thread_id.is_not(None),
               Interaction.occurred_at >= since - timedelta(hours=12),
               Interaction.occurred_at < until)).subquery()
    gap = cast(_seconds(session, inner.c.occurred_at, inner.c.prev_at), Float)
    q = select(func.sum(gap).label("total"), func.count().label("n")).where(
        inner.c.author_type == "staff", inner.c.prev_author == "customer",
        inner.c.staff_id.is_not(None), inner.c.occurred_at >= since)
    for r in session.execute(_grouped(session, scope, q, inner.c.occurred_at, inner.c.staff_id,
                                      by_segment, customer_id=inner.c.customer_id)):
        add(r, {"resp_sum": float(r.total or 0.0), "resp_n": r.n})


def _praise(session: Session, scope: Scope, since: datetime, until: datetime,
            by_segment: bool, acc: dict[tuple[str, str, int], dict[str, Any]]) -> None:
    staff = list(session.scalars(select(StaffUser)))
    day = day_expr(session, Interaction.occurred_at)
    # Only the names list crosses the wire, not each message's whole analysis.
    if _is_pg(session):
        names_col: Any = Interaction.analysis.op("->")("signals").op("->")("praise").op(
            "->")("names")
    else:
        names_col = func.json_extract(Interaction.analysis, "$.signals.praise.names")
    q = select(day.label("day"), Interaction.staff_id, names_col).where(
        Interaction.author_type == "customer", Interaction.occurred_at >= since,
        Interaction.occurred_at < until, json_flag(session, "signals", "praise", "present"))
    if by_segment:
        q = q.add_columns(Customer.segment).join(Customer,
                                                 Customer.id == Interaction.customer_id)
    else:
        q = scope.restrict(q)
    for row in session.execute(q):
        raw = row[2]
        listed = json.loads(raw) if isinstance(raw, str) else raw
        names = {str(n).lower().lstrip("@") for n in listed or []}
        segment = (row[3] or "") if by_segment else ""
        for user in staff:
            if user.id == row[1] or _matches(user, names):
                merge(acc[(row[0], segment, user.id)], {"praise": 1})


@rollups.register("staff")
def _rollup_staff(session: Session, since: datetime, until: datetime) -> list[Row]:
    return _live_staff(session, Scope(), since, until, by_segment=True)


def staff_values(session: Session, scope: Scope) -> dict[int, dict[str, Any]]:
    """Staff id -> summed values over the period (rollups where present, live elsewhere)."""
    have, ranges = covered(session, scope)
    out: dict[int, dict[str, Any]] = defaultdict(dict)
    fields = ["replies", "complaints", "praise", "resp_sum", "resp_n",
              *[f"tone_{t}" for t in TONES]]
    for (key, _), values in rollups.sums(session, "staff", have, scope.segment,
                                         fields).items():
        merge(out[int(key)], values)
    for since, until in ranges:
        for _, _, key, _, values in _live_staff(session, scope, since, until):
            merge(out[int(key)], values)
    return out


def _named(analysis: dict[str, Any] | None) -> set[str]:
    praise = ((analysis or {}).get("signals") or {}).get("praise") or {}
    return {str(n).lower().lstrip("@") for n in praise.get("names") or []}


def _matches(user: StaffUser, names: set[str]) -> bool:
    full = user.name.lower()
    return bool(names) and (user.first_name.lower() in names or full in names)


def _member(user: StaffUser, team: str | None, v: dict[str, Any]) -> dict[str, Any]:
    return {"id": user.id, "name": user.name, "role": user.role, "team": team,
            "replies": v.get("replies", 0),
            "response_seconds": v["resp_sum"] / v["resp_n"] if v.get("resp_n") else None,
            "tone": {t: v.get(f"tone_{t}", 0) for t in TONES},
            "praise": v.get("praise", 0), "complaints": v.get("complaints", 0), "csat": None}


def team_overview(session: Session, scope: Scope) -> dict[str, Any]:
    staff = list(session.scalars(select(StaffUser).where(StaffUser.is_active.is_(True))
                                 .order_by(StaffUser.name)))
    teams = {row[0]: row[1] for row in session.execute(select(Team.id, Team.name))}
    values = staff_values(session, scope)
    members = [_member(u, teams.get(u.team_id or 0), values.get(u.id, {})) for u in staff]
    by_team: dict[str, dict[str, Any]] = {}
    for m in members:
        t = by_team.setdefault(m["team"] or "No team", {"team": m["team"] or "No team",
                                                        "members": 0, "replies": 0,
                                                        "praise": 0, "complaints": 0})
        t["members"] += 1
        for k in ("replies", "praise", "complaints"):
            t[k] += m[k]
    return {"period": scope.period, "segment": scope.segment, "members": members,
            "teams": sorted(by_team.values(), key=lambda t: t["team"])}


def _newest(session: Session, build: Any, scope: Scope, limit: int) -> list[Any]:
    """Newest rows first, looking back a day, then a week, then the whole period.

    Filters that an index cannot answer (a name in the text, a flag in the JSON) make
    planners guess few matches and scan the whole period; a narrow window first keeps
    the usual case (a busy person named often) to a short index range.
    """
    rows: list[Any] = []
    for back in (timedelta(days=1), timedelta(days=7), None):
        since = scope.since if back is None else max(scope.since, scope.now - back)
        rows = list(session.execute(build(since)))
        if len(rows) >= limit or since == scope.since:
            break
    return rows


def staff_page(session: Session, scope: Scope, user: StaffUser,
               limit: int = 10) -> dict[str, Any]:
    """One person: their praise (ready to share), complaints and recent replies."""
    first = user.first_name.lower()
    name_hit = or_(Interaction.staff_id == user.id,
                   func.lower(Interaction.text).like(f"%{first}%")) if first else \
        Interaction.staff_id == user.id
    def praise_q(since: datetime) -> Any:
        return scope.restrict(
            select(Interaction, Customer.name)
            .join(Customer, Customer.id == Interaction.customer_id)
            .where(Interaction.author_type == "customer", Interaction.occurred_at >= since,
                   Interaction.occurred_at <= scope.now,
                   json_flag(session, "signals", "praise", "present"), name_hit)
            .order_by(Interaction.occurred_at.desc()).limit(limit * 3), joined=True)

    praise = []
    for i, cname in _newest(session, praise_q, scope, limit * 3):
        if i.staff_id == user.id or _matches(user, _named(i.analysis)):
            praise.append(_message(i, cname))

    def complaints_q(since: datetime) -> Any:
        return scope.restrict(
            select(Interaction, Customer.name)
            .join(Customer, Customer.id == Interaction.customer_id)
            .where(Interaction.author_type == "customer", Interaction.bad_experience.is_(True),
                   Interaction.occurred_at >= since, Interaction.occurred_at <= scope.now,
                   name_hit)
            .order_by(Interaction.occurred_at.desc()).limit(limit), joined=True)

    complaints = [_message(i, c) for i, c in _newest(session, complaints_q, scope, limit)]
    replies_q = scope.restrict(
        select(Interaction, Customer.name).join(Customer, Customer.id == Interaction.customer_id)
        .where(and_(Interaction.author_type == "staff", Interaction.staff_id == user.id),
               *_period(scope))
        .order_by(Interaction.occurred_at.desc()).limit(limit), joined=True)
    replies = []
    for i, c in session.execute(replies_q):
        m = _message(i, c)
        m["tone"] = sorted(k for k, v in ((i.analysis or {}).get("tone") or {}).items()
                           if isinstance(v, dict) and v.get("present"))
        replies.append(m)
    stats = _member(user, None, staff_values(session, scope).get(user.id, {}))
    team = session.get(Team, user.team_id) if user.team_id else None
    return {"staff": {"id": user.id, "name": user.name, "email": user.email,
                      "role": user.role, "team": team.name if team else None},
            "period": scope.period, "praise": praise[:limit], "complaints": complaints,
            "replies": replies, "reply_count": stats["replies"],
            "response_seconds": stats["response_seconds"], "tone": stats["tone"]}


def _message(i: Interaction, customer_name: str | None) -> dict[str, Any]:
    return {"id": i.id, "customer_id": i.customer_id, "customer_name": customer_name,
            "channel": i.channel, "occurred_at": isoformat(i.occurred_at), "text": i.text,
            "severity": i.severity, "sentiment_score": i.sentiment_score,
            "spans": evidence_spans(i.text, i.analysis)}
