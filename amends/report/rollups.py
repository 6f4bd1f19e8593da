"""Per-day rollups behind the dashboard: a year of history in a few hundred rows.

Pages that show everyone's data (admin, manager, viewer; with or without a segment
filter) read complete UTC days from ``dashboard_rollups``, today up to the minute it was
last rolled up (at most a minute ago), and compute only the minutes since live. A
day not rolled up yet is computed live too, so the rollups are purely a speed-up: wrong
or missing rows can always be rebuilt from the interactions.

Freshness: the ``dashboard_rollup`` job (every minute) fills missing days, recomputes the
last two and rolls today up to the current minute; the ``interactions_analysed`` hook drops the days of newly analysed
interactions, so late-arriving history is never shown stale for long (it is computed live
until the job runs again). The page itself also fills missing days after answering.

Public interface::

    complete_days(since, until) -> list[str]
    today_until(session, now) -> datetime | None
    do_refresh_today(session, now)
    sums(session, kind, days, segment, fields, by_day=False) -> {(key, day): {field: sum}}
    missing_days(session, days) -> list[str]
    do_refresh_rollups(session, days) -> int
    run_rollup_job(session, payload)          # job kind "dashboard_rollup"
    on_interactions_analysed(session, interaction_ids)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, literal, select
from sqlalchemy.orm import Session

from amends.db import chunks
from amends.models import Interaction
from amends.models.sessions import DashboardCustomerBad, DashboardRollup
from amends.timeutil import utcnow

JOB = "dashboard_rollup"
MAX_DAYS = 400
TODAY_TTL = timedelta(seconds=60)
SEP = "\x1f"

# kind -> function(session, since, until) -> [(day, segment, key, label, values)]
Computer = Callable[[Session, datetime, datetime], list[tuple[str, str, str, str | None,
                                                              dict[str, Any]]]]
COMPUTERS: dict[str, Computer] = {}


def register(kind: str) -> Callable[[Computer], Computer]:
    def decorator(fn: Computer) -> Computer:
        COMPUTERS[kind] = fn
        return fn
    return decorator


def day_start(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=UTC)


def complete_days(since: datetime, until: datetime) -> list[str]:
    """UTC days wholly inside [since, until) — the ones a rollup can answer."""
    first = (since + timedelta(days=1)).date() if since.time() != datetime.min.time() \
        else since.date()
    out = []
    day = first
    while datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1) <= until:
        out.append(day.isoformat())
        day += timedelta(days=1)
    return out


def sums(session: Session, kind: str, days: list[str], segment: str | None,
         fields: Iterable[str], *, by_day: bool = False) -> dict[tuple[str, str], dict[str, Any]]:
    """(key, day or '') -> {field: sum, "label": label} over the rolled-up `days`.

    A lone ``n`` is summed in SQL (themes and phrases: many rows, one number); other
    fields come from the ``data`` JSON, decoded once per row (cheaper than asking the
    database to parse the same JSON once per field).
    """
    if not days:
        return {}
    names = list(fields)
    where = [DashboardRollup.kind == kind, DashboardRollup.day.in_(days)]
    if segment is not None:
        where.append(DashboardRollup.segment == segment)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    if names == ["n"]:
        day_col = DashboardRollup.day if by_day else literal("")
        query = (select(DashboardRollup.key, day_col.label("day"),
                        func.max(DashboardRollup.label), func.sum(DashboardRollup.n))
                 .where(*where)
                 .group_by(DashboardRollup.key, *([DashboardRollup.day] if by_day else [])))
        for key, day, label, n in session.execute(query):
            out[(key, day)] = {"n": int(n or 0), "label": label}
        return out
    rows_q = select(DashboardRollup.key, DashboardRollup.day, DashboardRollup.label,
                    DashboardRollup.data).where(*where)
    for key, day, label, data in session.execute(rows_q):
        target = out.setdefault((key, day if by_day else ""), {"label": label})
        merge(target, {name: data.get(name, 0) for name in names})
    return out


def missing_days(session: Session, days: list[str]) -> list[str]:
    """The complete days without a full rollup (a day rolled up while it was today, up to
    some time, counts as missing once it is over)."""
    if not days:
        return []
    done = {day for day, data in session.execute(select(
        DashboardRollup.day, DashboardRollup.data).where(
        DashboardRollup.kind == "done", DashboardRollup.day.between(days[0], days[-1])))
        if "until" not in (data or {})}
    return [d for d in days if d not in done]


def today_until(session: Session, now: datetime) -> datetime | None:
    """How far today's partial rollup reaches (None: there is none)."""
    data = session.scalar(select(DashboardRollup.data).where(
        DashboardRollup.kind == "done", DashboardRollup.day == now.date().isoformat()))
    if not data or "until" not in data:
        return None
    until = datetime.fromisoformat(data["until"])
    return until if until <= now else None


def do_refresh_today(session: Session, now: datetime, max_age: timedelta = TODAY_TTL) -> None:
    """Roll today up to the current minute when the last pass is older than `max_age`.

    Pages then compute only the minutes since live; a message that arrives late for a
    time already rolled up today shows within `max_age`.
    """
    until = today_until(session, now)
    if until is not None and now - until < max_age:
        return
    day = now.date().isoformat()
    cut = now.replace(second=0, microsecond=0)
    session.execute(delete(DashboardRollup).where(DashboardRollup.day == day))
    _load_computers()
    objects = [DashboardRollup(kind="done", day=day, segment="", key="",
                               data={"until": cut.isoformat()})]
    for kind, compute in COMPUTERS.items():
        for d, segment, key, label, values in compute(session, day_start(day), cut):
            objects.append(DashboardRollup(kind=kind, day=d, segment=segment or "",
                                           key=key[:300], label=label,
                                           n=int(values.get("n", 0)), data=values))
    session.add_all(objects)
    session.flush()


def _runs(days: list[str]) -> Iterable[tuple[str, str]]:
    """Contiguous runs of days, as (first, last)."""
    if not days:
        return
    start = prev = days[0]
    for d in days[1:]:
        if day_start(d) - day_start(prev) != timedelta(days=1):
            yield start, prev
            start = d
        prev = d
    yield start, prev


def do_refresh_rollups(session: Session, days: Iterable[str]) -> int:
    """Recompute the rollups of complete `days` (never today). Flushes; the caller commits."""
    today = utcnow().date().isoformat()
    wanted = sorted({d for d in days if d < today})[-MAX_DAYS:]
    if not wanted:
        return 0
    _load_computers()
    rows = 0
    for first, last in _runs(wanted):
        since, until = day_start(first), day_start(last) + timedelta(days=1)
        session.execute(delete(DashboardRollup).where(DashboardRollup.day.between(first, last)))
        objects = [DashboardRollup(kind="done", day=d, segment="", key="", data={})
                   for d in wanted if first <= d <= last]
        for kind, compute in COMPUTERS.items():
            for day, segment, key, label, values in compute(session, since, until):
                objects.append(DashboardRollup(kind=kind, day=day, segment=segment or "",
                                               key=key[:300], label=label,
                                               n=int(values.get("n", 0)), data=values))
        session.add_all(objects)
        rows += len(objects)
    session.flush()
    return rows


def _load_computers() -> None:
    # The report modules register their computers on import.
    from amends.report import dashboard, team, themes  # noqa: F401


def run_rollup_job(session: Session, payload: dict[str, Any]) -> None:
    """Fill missing days of the last year and recompute the last two (late arrivals)."""
    now = utcnow()
    days = complete_days(now - timedelta(days=int(payload.get("days", 366))), now)
    todo = set(missing_days(session, days)) | set(days[-2:])
    do_refresh_rollups(session, sorted(todo))
    do_rebuild_customer_bad(session)
    do_refresh_today(session, now, max_age=timedelta(0))


CUSTOMER_BAD_MARK = ("built", "custbad")


def customer_bad_ready(session: Session) -> bool:
    found = session.scalar(select(func.count()).select_from(DashboardRollup).where(
        DashboardRollup.kind == CUSTOMER_BAD_MARK[0],
        DashboardRollup.day == CUSTOMER_BAD_MARK[1]))
    return bool(found)


def do_rebuild_customer_bad(session: Session) -> None:
    """Recompute every customer's last bad experience from the interactions."""
    session.execute(delete(DashboardCustomerBad))
    session.execute(insert(DashboardCustomerBad).from_select(
        ["customer_id", "last_bad_at"],
        select(Interaction.customer_id, func.max(Interaction.occurred_at))
        .where(Interaction.bad_experience.is_(True), Interaction.author_type == "customer")
        .group_by(Interaction.customer_id)))
    if not customer_bad_ready(session):
        session.add(DashboardRollup(kind=CUSTOMER_BAD_MARK[0], day=CUSTOMER_BAD_MARK[1],
                                    segment="", key="", data={}))
    session.flush()


def _note_bad(session: Session, interaction_ids: list[int]) -> None:
    """Move customers' last bad experience forward for newly analysed messages."""
    latest: dict[int, datetime] = {}
    for part in chunks(list(interaction_ids), 500):
        for cid, when in session.execute(select(Interaction.customer_id, Interaction.occurred_at)
                                         .where(Interaction.id.in_(part),
                                                Interaction.bad_experience.is_(True),
                                                Interaction.author_type == "customer")):
            latest[cid] = max(when, latest.get(cid, when))
    for cid, when in latest.items():
        row = session.get(DashboardCustomerBad, cid)
        if row is None:
            session.add(DashboardCustomerBad(customer_id=cid, last_bad_at=when))
        elif row.last_bad_at < when:
            row.last_bad_at = when


def on_interactions_analysed(session: Session, interaction_ids: list[int],
                             **_: Any) -> None:
    """Drop the rollups of the days these interactions fall on; they are recomputed."""
    _note_bad(session, interaction_ids)
    days: set[str] = set()
    for part in chunks(list(interaction_ids), 500):
        for when in session.scalars(select(Interaction.occurred_at)
                                    .where(Interaction.id.in_(part))):
            days.add(when.astimezone(UTC).date().isoformat())
    # Today's partial rollup stays: rows after its cut are computed live, and it is
    # rebuilt within a minute anyway (dropping it on every batch would defeat it).
    days.discard(utcnow().date().isoformat())
    if days:
        session.execute(delete(DashboardRollup).where(DashboardRollup.day.in_(sorted(days))))


def merge(target: dict[str, Any], values: dict[str, Any]) -> None:
    """Add the numeric values into `target`."""
    for k, v in values.items():
        if isinstance(v, int | float) and not isinstance(v, bool):
            target[k] = target.get(k, 0) + v


def _register_job() -> None:
    from amends import jobs
    from amends.worker import register_periodic

    jobs.register(JOB, "amends.report.rollups:run_rollup_job")
    register_periodic(JOB, 60)


_register_job()
