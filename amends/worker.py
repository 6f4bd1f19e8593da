"""`amends worker`: run queued jobs until stopped.

SIGTERM and SIGINT set a flag: the job in flight finishes, then the loop ends. Periodic
work is enqueued with a dedupe key per time slot, so many workers schedule it once.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from amends import jobs
from amends.timeutil import utcnow

log = logging.getLogger("amends.worker")

# kind -> period in seconds; each slot is queued once across all workers. Health is
# rescored in full every six hours because time passing alone makes customers go quiet.
# The intake sweep catches up on any lead whose scheduled SLA or cadence job was lost.
# Surveys scan new purchases for "after an order" invitations and pulse quiet customers.
# Recovery sweeps SLA timers (each check also schedules the next), judges case outcomes
# and sends the daily digests at their hour.
PERIODIC: dict[str, int] = {"score_all": 6 * 3600, "intake_sweep": 60,
                            "survey_activity_scan": 300, "survey_pulse": 3600,
                            "case_sla_sweep": 60, "case_outcomes": 6 * 3600,
                            "case_alert_digest": 3600,
                            # the dashboard's per-day summaries, today's kept fresh
                            "dashboard_rollup": 60}


def register_periodic(kind: str, every_seconds: int) -> None:
    PERIODIC[kind] = every_seconds


class Worker:
    def __init__(self, session_factory: Callable[[], Session], *, poll_seconds: float = 0.5,
                 lease_seconds: int = 900, worker_id: str | None = None) -> None:
        self.session_factory = session_factory
        self.poll_seconds = poll_seconds
        self.lease_seconds = lease_seconds
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self.stop_event = threading.Event()
        self.jobs_run = 0

    def install_signal_handlers(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self.stop())

    def stop(self) -> None:
        log.info("stopping after the job in flight")
        self.stop_event.set()

    def schedule_periodic(self) -> None:
        now = utcnow()
        with self.session_factory() as session:
            for kind, every in PERIODIC.items():
                slot = int(now.timestamp()) // every
                jobs.enqueue(session, kind, {}, dedupe_key=f"periodic:{kind}:{slot}")
            jobs.requeue_stale(session, self.lease_seconds, now)
            session.commit()

    def run_once(self) -> bool:
        """Claim and run one job; False when the queue had nothing due."""
        with self.session_factory() as session:
            job = jobs.claim(session, self.worker_id)
        if job is None:
            return False
        ok = jobs.run_job(self.session_factory, job)
        self.jobs_run += 1
        log.log(logging.INFO if ok else logging.WARNING, "job %s %s (%s)", job.id, job.kind,
                "done" if ok else "failed")
        return True

    def run(self, *, burst: bool = False, max_seconds: float | None = None) -> int:
        """Loop until stopped; with `burst`, stop as soon as the queue is empty."""
        deadline = utcnow() + timedelta(seconds=max_seconds) if max_seconds else None
        next_schedule = utcnow()
        while not self.stop_event.is_set():
            if deadline and utcnow() >= deadline:
                break
            try:
                if utcnow() >= next_schedule and not burst:
                    self.schedule_periodic()
                    next_schedule = utcnow() + timedelta(seconds=5)
                if self.run_once():
                    continue
            except OperationalError as exc:
                # A busy SQLite file or a PostgreSQL restart is transient: wait, then retry
                # instead of dying (a claimed job is re-queued when its lease runs out).
                log.warning("database unavailable (%s); retrying", exc.orig)
                self.stop_event.wait(max(self.poll_seconds, 1.0))
                continue
            if burst:
                break
            self.stop_event.wait(self.poll_seconds)
        return self.jobs_run
