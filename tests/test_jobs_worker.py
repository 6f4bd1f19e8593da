"""The database as the job queue: claim, backoff, leases, dedupe, concurrency, shutdown."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from amends import jobs
from amends.db import make_engine, make_session_factory, migrate
from amends.models import Job
from amends.timeutil import utcnow
from amends.worker import Worker
from tests.conftest import BACKENDS, TEST_SECRET
from tests.support.databases import ScratchDatabase

ROOT = Path(__file__).resolve().parent.parent


def job_rows(session: Any, kind: str | None = None) -> list[Job]:
    query = select(Job).order_by(Job.id)
    if kind:
        query = query.where(Job.kind == kind)
    return list(session.scalars(query.execution_options(populate_existing=True)))


# --- single-connection behaviour (rolled back per test) ----------------------------------

def test_claim_run_and_complete(session, session_factory):
    jobs.enqueue(session, "noop", {"n": 1})
    session.commit()
    assert jobs.run_pending(session_factory) == 1
    [job] = job_rows(session, "noop")
    assert (job.status, job.attempts, job.last_error) == ("done", 1, None)
    assert job.finished_at is not None and job.locked_by is None
    assert jobs.run_pending(session_factory) == 0


def test_claim_takes_priority_then_age_and_skips_future_jobs(session):
    now = utcnow()
    jobs.enqueue(session, "noop", {"name": "old"}, run_after=now - timedelta(minutes=5))
    jobs.enqueue(session, "noop", {"name": "urgent"}, priority=10, run_after=now)
    jobs.enqueue(session, "noop", {"name": "later"}, priority=99,
                 run_after=now + timedelta(hours=1))
    session.commit()
    names = []
    while (job := jobs.claim(session, "w1", now=now)) is not None:
        names.append(job.payload["name"])
    assert names == ["urgent", "old"]
    assert jobs.claim(session, "w1", now=now + timedelta(hours=2)).payload["name"] == "later"


def test_failure_backs_off_then_ends_dead(session, session_factory):
    jobs.enqueue(session, "fail", {"message": "boom"}, max_attempts=3)
    session.commit()
    delays = []
    clock = utcnow()
    for attempt in range(1, 4):
        job = jobs.claim(session, "w", now=clock + timedelta(days=attempt))
        assert job is not None and job.attempts == attempt
        started = utcnow()
        assert jobs.run_job(session_factory, job) is False
        [row] = job_rows(session, "fail")
        assert row.last_error == "RuntimeError: boom"
        if attempt < 3:
            assert row.status == "queued"
            delays.append((row.run_after - started).total_seconds())
    assert row.status == "dead" and row.finished_at is not None
    assert 3.5 < delays[0] < 6.5 and 7.5 < delays[1] < 12.5  # 5 s then 10 s, with jitter
    assert jobs.claim(session, "w", now=clock + timedelta(days=30)) is None


def test_backoff_grows_and_is_capped():
    assert jobs.backoff(1) < jobs.backoff(4) < jobs.backoff(8)
    assert jobs.backoff(40) <= timedelta(seconds=3600 * 1.2)


def test_unknown_kind_fails_like_any_error(session, session_factory):
    jobs.enqueue(session, "no-such-kind", {}, max_attempts=1)
    session.commit()
    jobs.run_pending(session_factory)
    [row] = job_rows(session, "no-such-kind")
    assert row.status == "dead" and "no handler" in row.last_error


def test_stale_lease_is_requeued(session):
    jobs.enqueue(session, "noop", {})
    session.commit()
    start = utcnow()
    assert jobs.claim(session, "dead-worker", now=start) is not None
    assert jobs.requeue_stale(session, 60, now=start + timedelta(seconds=30)) == 0
    assert jobs.requeue_stale(session, 60, now=start + timedelta(seconds=61)) == 1
    session.commit()
    [row] = job_rows(session, "noop")
    assert (row.status, row.locked_by) == ("queued", None)
    again = jobs.claim(session, "live-worker", now=start + timedelta(seconds=62))
    assert again is not None and again.attempts == 2


def test_dedupe_key_queues_once(session):
    for _ in range(3):
        jobs.enqueue(session, "noop", {"x": 1}, dedupe_key="nightly:2026-11-22")
    jobs.enqueue(session, "noop", {"x": 2})
    session.commit()
    assert len(job_rows(session, "noop")) == 2


def test_worker_burst_runs_everything_and_schedules_periodic(session, session_factory,
                                                            monkeypatch):
    for i in range(5):
        jobs.enqueue(session, "noop", {"i": i})
    session.commit()
    worker = Worker(session_factory, poll_seconds=0.01)
    assert worker.run(burst=True) == 5
    monkeypatch.setattr("amends.worker.PERIODIC", {"noop": 3600})
    worker.schedule_periodic()
    worker.schedule_periodic()  # the same slot: queued once
    assert sum(1 for j in job_rows(session, "noop") if j.dedupe_key) == 1


def test_worker_survives_a_busy_database(session, session_factory, monkeypatch):
    from sqlalchemy.exc import OperationalError

    jobs.enqueue(session, "noop", {})
    session.commit()
    real_claim, calls = jobs.claim, []

    def flaky_claim(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("UPDATE jobs", {}, Exception("database is locked"))
        return real_claim(*args, **kwargs)

    monkeypatch.setattr(jobs, "claim", flaky_claim)
    worker = Worker(session_factory, poll_seconds=0.01)
    monkeypatch.setattr(worker.stop_event, "wait", lambda _seconds: False)  # no real sleep
    assert worker.run(burst=True, max_seconds=10) == 1
    assert [j.status for j in job_rows(session, "noop")] == ["done"]


# --- several workers on a committed scratch database -------------------------------------

RUNS_TABLE = "test_job_runs"


def record_run(session: Any, payload: dict[str, Any]) -> None:
    """A test-only handler: one row per execution, so a job run twice shows up twice."""
    time.sleep(0.002)  # widen the window in which a double claim could happen
    session.execute(text(f"INSERT INTO {RUNS_TABLE} (n) VALUES (:n)"), {"n": payload["n"]})


class ScratchDb(ScratchDatabase):
    """A migrated database with a side table in which test jobs record each run."""

    def __init__(self, kind: str, tmp: Path) -> None:
        super().__init__(kind, tmp, prefix="amends_q", migrated=True)
        with self.engine.begin() as conn:
            conn.execute(text(f"CREATE TABLE {RUNS_TABLE} (n INTEGER NOT NULL)"))


@pytest.fixture(params=BACKENDS)
def scratch(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ScratchDb]:
    db = ScratchDb(request.param, tmp_path)
    yield db
    db.close()


def test_threads_with_their_own_engines_run_each_job_once(scratch, monkeypatch):
    monkeypatch.setitem(jobs.HANDLERS, "record", "tests.test_jobs_worker:record_run")
    n_jobs = 120
    with make_session_factory(scratch.engine)() as session:
        for n in range(n_jobs):
            jobs.enqueue(session, "record", {"n": n})
        session.commit()
    engines = [make_engine(scratch.url) for _ in range(4)]
    workers = [Worker(make_session_factory(e), poll_seconds=0.01, worker_id=f"w{i}")
               for i, e in enumerate(engines)]
    errors: list[BaseException] = []

    def run(worker: Worker) -> None:
        try:
            worker.run(burst=True, max_seconds=60)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    for e in engines:
        e.dispose()
    assert not errors, errors
    with scratch.engine.connect() as conn:
        runs = conn.execute(text(f"SELECT n, count(*) FROM {RUNS_TABLE} GROUP BY n")).all()
        statuses = dict(conn.execute(select(Job.status, func.count()).group_by(Job.status)).all())
        attempts = conn.scalar(select(func.max(Job.attempts)))
    assert sorted(runs) == [(n, 1) for n in range(n_jobs)]
    assert statuses == {"done": n_jobs} and attempts == 1
    assert sum(w.jobs_run for w in workers) == n_jobs
    assert sum(1 for w in workers if w.jobs_run) >= 2  # the work was really shared


def _cli_env(url: str) -> dict[str, str]:
    return {**os.environ, "AMENDS_DATABASE_URL": url, "AMENDS_SECRET_KEY": TEST_SECRET,
            "AMENDS_WORKER_POLL_SECONDS": "0.05", "PYTHONPATH": str(ROOT)}


def _amends(*args: str) -> list[str]:
    return [sys.executable, "-c", "from amends.cli import main; main()", *args]


@pytest.mark.slow
@pytest.mark.skipif("postgresql" not in BACKENDS, reason="needs PostgreSQL")
def test_worker_processes_on_postgres_run_each_job_once(tmp_path):
    db = ScratchDb("postgresql", tmp_path)
    try:
        n_jobs = 150
        with make_session_factory(db.engine)() as session:
            for _ in range(n_jobs):
                jobs.enqueue(session, "sleep", {"seconds": 0.01})
            session.commit()
        procs = [subprocess.Popen(_amends("worker", "--burst", "--max-seconds", "60"),
                                  env=_cli_env(db.url), cwd=ROOT, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT) for _ in range(3)]
        outputs = [p.communicate(timeout=90)[0].decode() for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0], outputs
        with db.engine.connect() as conn:
            rows = conn.execute(select(Job.status, Job.attempts)).all()
        # A job claimed twice would show two attempts: the claim is what counts them.
        assert len(rows) == n_jobs and set(rows) == {("done", 1)}
        ran = [int(o.rsplit("after ", 1)[1].split()[0]) for o in outputs]
        assert sum(ran) == n_jobs, outputs
    finally:
        db.close()


def test_sigterm_lets_the_job_in_flight_finish(tmp_path):
    url = f"sqlite:///{tmp_path}/sigterm.sqlite3"
    engine = make_engine(url)
    migrate(engine)
    factory = make_session_factory(engine)
    with factory() as session:
        jobs.enqueue(session, "sleep", {"seconds": 1.5})
        jobs.enqueue(session, "noop", {}, run_after=utcnow() + timedelta(seconds=1))
        session.commit()
    proc = subprocess.Popen(_amends("worker"), env=_cli_env(url), cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with factory() as session:
                status = session.scalar(select(Job.status).where(Job.kind == "sleep"))
            if status == "running":
                break
            time.sleep(0.05)
        assert status == "running"
        proc.send_signal(signal.SIGTERM)
        output = proc.communicate(timeout=30)[0].decode()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, output
    assert "Traceback" not in output
    with factory() as session:
        done = dict(session.execute(select(Job.kind, Job.status)).all())
    assert done["sleep"] == "done"
    assert done["noop"] == "queued"  # nothing new is started after SIGTERM
    engine.dispose()
