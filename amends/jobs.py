"""The database as the job queue.

A job is enqueued in the same transaction as the data it is about, so nothing can be
"stored but not queued". Claiming is a conditional update: on PostgreSQL the candidate row
is locked with ``FOR UPDATE SKIP LOCKED`` so any number of workers on any number of
machines never claim the same job; on SQLite (one machine) the ``WHERE status='queued'``
guard on the update does the same. A failed job is retried with exponential backoff and
ends as ``dead`` after ``max_attempts``. A job whose worker died is re-queued once its
lease runs out, so handlers must be idempotent (they are: they recompute or upsert).

Handlers live in `HANDLERS`, a registry of lazily imported ``module:function`` names so the
worker does not import the text models until a job needs them.
"""

from __future__ import annotations

import importlib
import random
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from amends.models import Job
from amends.timeutil import utcnow

Handler = Callable[[Session, dict[str, Any]], None]

HANDLERS: dict[str, str] = {
    "noop": "amends.jobs:noop_job",
    "fail": "amends.jobs:failing_job",
    "sleep": "amends.jobs:sleep_job",
    "deliver_outbox": "amends.notify.outbox:run_delivery_job",
    "analyse_interactions": "amends.decide.analysis:run_analyse_job",
    "score_customers": "amends.decide.health:run_score_job",
    "score_all": "amends.decide.health:run_score_all_job",
    "dashboard_rollup": "amends.report.rollups:run_rollup_job",
    "survey_send_invitation": "amends.decide.surveys:run_send_job",
    "survey_settle_clicks": "amends.decide.surveys:run_settle_job",
    "survey_activity_scan": "amends.decide.surveys:run_activity_scan",
    "survey_pulse": "amends.decide.surveys:run_pulse",
    "intake_sla_check": "amends.intake.jobs:sla_check_job",
    "intake_cadence_step": "amends.intake.jobs:cadence_step_job",
    "intake_sweep": "amends.intake.jobs:sweep_job",
    "case_sla_check": "amends.decide.cases:run_sla_check",
    "case_sla_sweep": "amends.decide.cases:run_sla_sweep",
    "case_outcomes": "amends.decide.cases:run_outcomes",
    "case_alert_digest": "amends.decide.cases:run_digest",
}


def register(kind: str, target: str) -> None:
    """Register a handler as ``"package.module:function"`` (imported on first use)."""
    HANDLERS[kind] = target


def resolve_handler(kind: str) -> Handler:
    target = HANDLERS.get(kind)
    if target is None:
        raise LookupError(f"no handler for job kind {kind!r}")
    module, func = target.split(":")
    handler: Handler = getattr(importlib.import_module(module), func)
    return handler


def noop_job(session: Session, payload: dict[str, Any]) -> None:
    """A job that does nothing (used by tests and the worker benchmark)."""


def failing_job(session: Session, payload: dict[str, Any]) -> None:
    raise RuntimeError(payload.get("message", "this job always fails"))


def sleep_job(session: Session, payload: dict[str, Any]) -> None:
    """Sleep `seconds` (at most 60): a job in flight for shutdown tests and demos."""
    time.sleep(min(float(payload.get("seconds", 1)), 60.0))


def enqueue(session: Session, kind: str, payload: dict[str, Any] | None = None, *,
            run_after: datetime | None = None, priority: int = 0,
            dedupe_key: str | None = None, max_attempts: int = 8) -> None:
    """Queue a job in the caller's transaction; a repeated `dedupe_key` is ignored."""
    values = {"kind": kind, "payload": payload or {}, "status": "queued", "priority": priority,
              "run_after": run_after or utcnow(), "attempts": 0, "max_attempts": max_attempts,
              "dedupe_key": dedupe_key, "created_at": utcnow()}
    if dedupe_key is None:
        session.add(Job(**values))
        return
    dialect = session.get_bind().dialect.name
    insert_fn = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(insert_fn(Job).values(**values)
                    .on_conflict_do_nothing(index_elements=["dedupe_key"]))


def backoff(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s ... capped at one hour, with jitter so retries do not stampede."""
    base = min(5 * 2 ** max(attempts - 1, 0), 3600)
    return timedelta(seconds=base * random.uniform(0.8, 1.2))


def claim(session: Session, worker_id: str, now: datetime | None = None) -> Job | None:
    """Claim the next due job and commit the claim; None when nothing is due.

    One statement: the choice is a subquery of the UPDATE. On PostgreSQL the candidate row
    is locked with SKIP LOCKED, so concurrent workers take different jobs, and the claim is
    committed without waiting for the disk (``synchronous_commit`` off for this transaction
    only): if the server crashed before writing it, the job would simply still be queued,
    and the handler's own commit, which does wait, makes the claim durable with it. On
    SQLite the statement starts as a writer (see `amends.db`), so it waits for the write lock
    instead of failing as a reader that tries to upgrade.
    """
    now = now or utcnow()
    postgres = session.get_bind().dialect.name == "postgresql"
    candidate = (select(Job.id).where(Job.status == "queued", Job.run_after <= now)
                 .order_by(Job.priority.desc(), Job.run_after, Job.id).limit(1))
    if postgres:
        candidate = candidate.with_for_update(skip_locked=True)
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    job = session.scalar(
        update(Job).where(Job.id == candidate.scalar_subquery(), Job.status == "queued")
        .values(status="running", locked_by=worker_id, locked_at=now, attempts=Job.attempts + 1)
        .returning(Job).execution_options(synchronize_session=False, populate_existing=True))
    session.commit()
    return job


def absorb(session: Session, kind: str, limit: int, now: datetime | None = None
           ) -> list[dict[str, Any]]:
    """Take over other due jobs of `kind` inside the caller's transaction.

    A handler that works better in bulk (text analysis) merges queued jobs into its own
    run: they are marked done in the same transaction, so if the run fails and rolls back
    they are simply still queued. On PostgreSQL, rows another worker holds are skipped.
    """
    taken = lock_due(session, kind, limit, now)
    finish_absorbed(session, [job_id for job_id, _ in taken], now)
    return [payload for _, payload in taken]


def lock_due(session: Session, kind: str, limit: int, now: datetime | None = None
             ) -> list[tuple[int, dict[str, Any]]]:
    """Due queued jobs of `kind` (id, payload), locked on PostgreSQL so no other worker
    claims them before the caller commits; the caller marks the ones it ran with
    `finish_absorbed`, and the others stay queued."""
    query = (select(Job.id, Job.payload)
             .where(Job.kind == kind, Job.status == "queued", Job.run_after <= (now or utcnow()))
             .order_by(Job.priority.desc(), Job.run_after, Job.id).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return [(job_id, dict(payload)) for job_id, payload in session.execute(query)]


def finish_absorbed(session: Session, job_ids: list[int], now: datetime | None = None) -> None:
    if job_ids:
        session.execute(update(Job).where(Job.id.in_(job_ids), Job.status == "queued")
                        .values(status="done", finished_at=now or utcnow(), locked_by="absorbed")
                        .execution_options(synchronize_session=False))


def mark_done(session: Session, job: Job, now: datetime | None = None) -> None:
    job.status = "done"
    job.finished_at = now or utcnow()
    job.last_error = None
    job.locked_by = None


def mark_failed(session: Session, job_id: int, error: str, now: datetime | None = None) -> Job:
    """Record a failure: retry later with backoff, or give up after max_attempts."""
    now = now or utcnow()
    job = session.get(Job, job_id, populate_existing=True)
    assert job is not None
    job.last_error = error[-4000:]
    job.locked_by = None
    job.locked_at = None
    if job.attempts >= job.max_attempts:
        job.status = "dead"
        job.finished_at = now
    else:
        job.status = "queued"
        job.run_after = now + backoff(job.attempts)
    return job


def requeue_stale(session: Session, lease_seconds: int, now: datetime | None = None) -> int:
    """Put back jobs whose worker vanished (claimed longer ago than the lease)."""
    now = now or utcnow()
    result = session.execute(
        update(Job).where(Job.status == "running",
                          Job.locked_at < now - timedelta(seconds=lease_seconds))
        .values(status="queued", locked_by=None, locked_at=None, run_after=now)
        .execution_options(synchronize_session=False))
    return int(result.rowcount)  # type: ignore[attr-defined]


def run_job(session_factory: Callable[[], Session], job: Job) -> bool:
    """Run one claimed job: handler and "done" commit together; failure is recorded apart."""
    try:
        handler = resolve_handler(job.kind)
        with session_factory() as session:
            handler(session, dict(job.payload))
            session.execute(update(Job).where(Job.id == job.id)
                            .values(status="done", finished_at=utcnow(), last_error=None,
                                    locked_by=None))
            session.commit()
        return True
    except Exception as exc:  # noqa: BLE001 - any handler error is recorded, never fatal
        with session_factory() as session:
            _record_failure(session, job, f"{type(exc).__name__}: {exc}")
            session.commit()
        return False


def _record_failure(session: Session, job: Job, error: str) -> None:
    """`mark_failed` as one UPDATE from the claimed job's own numbers (no read first, so
    SQLite never has to upgrade a read transaction while other workers write)."""
    now = utcnow()
    values: dict[str, Any] = {"last_error": error[-4000:], "locked_by": None, "locked_at": None}
    if job.attempts >= job.max_attempts:
        values.update(status="dead", finished_at=now)
    else:
        values.update(status="queued", run_after=now + backoff(job.attempts))
    session.execute(update(Job).where(Job.id == job.id).values(**values)
                    .execution_options(synchronize_session=False))


def run_pending(session_factory: Callable[[], Session], worker_id: str = "inline",
                limit: int | None = None) -> int:
    """Run due jobs until none is left (or `limit`); returns how many ran."""
    count = 0
    while limit is None or count < limit:
        with session_factory() as session:
            job = claim(session, worker_id)
        if job is None:
            return count
        run_job(session_factory, job)
        count += 1
    return count
