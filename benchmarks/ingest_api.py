"""Bulk ingest through the HTTP API: interactions per second on SQLite and PostgreSQL.

    python benchmarks/ingest_api.py                    # 100,000 interactions, both backends
    python benchmarks/ingest_api.py --rows 20000 --backends sqlite

For each backend: a fresh database is migrated, a real uvicorn server of the app is started
as a subprocess on the loopback interface, and the interactions are posted in batches to
`/api/v1/interactions/bulk` with httpx. The same rows are then inserted straight into the
table with SQLAlchemy Core executemany as a baseline, so the API's own cost (HTTP, JSON,
validation, idempotency look-ups, customer resolution, job queueing) is visible.

Only ingestion is measured: no worker runs, so the `analyse_interactions` jobs the API
queues are left in the queue. Everything is bounded: each phase has a deadline and the
server is always stopped. Results go to docs/benchmarks_ingest.md (and stdout).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from amends.auth import do_create_api_key  # noqa: E402
from amends.db import make_session_factory  # noqa: E402
from amends.models import Customer, Interaction  # noqa: E402
from tests.support.databases import ScratchDatabase  # noqa: E402

SECRET = "benchmark-secret-key-0123456789abcdef"
PG_ADMIN_URL = os.environ.get("AMENDS_BENCH_POSTGRES_URL",
                              os.environ.get("AMENDS_TEST_POSTGRES_URL",
                                             "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
CHANNELS = ["email", "chat", "phone", "ticket", "review", "sms"]
PHRASES = ["Where is my order? It was due on Tuesday.", "Thanks, that fixed it!",
           "I have been charged twice this month and nobody answers.",
           "Can I change the delivery address?", "The app keeps logging me out.",
           "Your agent was very helpful, thank you.", "I want to cancel my subscription.",
           "Still waiting for the refund you promised last week."]
console = Console(stderr=True)


@dataclass
class Result:
    backend: str
    rows: int
    batch: int
    api_seconds: float
    api_created: int
    resend_seconds: float
    resend_rows: int
    baseline_seconds: float

    @property
    def api_rate(self) -> float:
        return self.rows / self.api_seconds

    @property
    def baseline_rate(self) -> float:
        return self.rows / self.baseline_seconds


def make_rows(n: int, customers: int, seed: int = 1) -> list[dict[str, Any]]:
    """Deterministic interactions spread over `customers` people and the last 90 days."""
    rng = random.Random(seed)
    start = datetime(2026, 8, 1, tzinfo=UTC)
    rows = []
    for i in range(n):
        c = rng.randrange(customers)
        when = start + timedelta(seconds=rng.randrange(90 * 86400))
        rows.append({"customer": {"external_id": f"bench-{c}", "email": f"bench{c}@example.com"},
                     "channel": rng.choice(CHANNELS), "source": "bench",
                     "external_id": f"b-{i}", "occurred_at": when.isoformat(),
                     "text": f"{rng.choice(PHRASES)} (ref {i})"})
    return rows


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Database(ScratchDatabase):
    """A fresh database of one kind, dropped afterwards (PostgreSQL) or in a temp dir."""

    def __init__(self, kind: str, tmp: Path) -> None:
        super().__init__(kind, tmp, prefix="amends_bench", migrated=True,
                         admin_url=PG_ADMIN_URL)

    def api_key(self) -> str:
        with make_session_factory(self.engine)() as session:
            _, raw = do_create_api_key(session, "benchmark", ["ingest", "read"])
            session.commit()
        return raw

    def version(self) -> str:
        if self.kind == "sqlite":
            return f"SQLite {sqlite3.sqlite_version}"
        with self.engine.connect() as conn:
            return "PostgreSQL " + str(conn.scalar(text("SHOW server_version"))).split()[0]



class Server:
    """`uvicorn --factory amends.web.app:create_app` on 127.0.0.1, stopped on exit."""

    def __init__(self, url: str) -> None:
        self.port = free_port()
        env = {**os.environ, "AMENDS_DATABASE_URL": url, "AMENDS_SECRET_KEY": SECRET,
               "AMENDS_SMTP_HOST": "localhost", "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "amends.web.app:create_app",
             "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning",
             "--no-access-log"], env=env, cwd=ROOT)
        self.base = f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with code {self.proc.returncode}")
            try:
                if httpx.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("the server did not become ready in time")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


def post_all(base: str, key: str, rows: list[dict[str, Any]], batch: int, progress: Progress,
             label: str, deadline: float) -> tuple[float, int]:
    task = progress.add_task(label, total=len(rows))
    created = 0
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=base, headers=headers, timeout=300) as client:
        started = time.perf_counter()
        for i in range(0, len(rows), batch):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{label}: over the time limit")
            r = client.post("/api/v1/interactions/bulk", json={"items": rows[i:i + batch]})
            if r.status_code != 200:
                raise RuntimeError(f"{label}: HTTP {r.status_code}: {r.text[:300]}")
            body = r.json()
            if body["errors"]:
                raise RuntimeError(f"{label}: unexpected record errors: {body['results'][:3]}")
            created += body["created"]
            progress.advance(task, len(rows[i:i + batch]))
        return time.perf_counter() - started, created


def baseline(db: Database, rows: list[dict[str, Any]], batch: int, progress: Progress) -> float:
    """The same rows straight into the table (executemany), customers already resolved."""
    task = progress.add_task(f"{db.kind}: Core executemany", total=len(rows))
    with db.engine.connect() as conn:
        ids = dict(conn.execute(select(Customer.external_id, Customer.id)).all())
    now = datetime.now(UTC)
    values = [{"customer_id": ids[r["customer"]["external_id"]], "channel": r["channel"],
               "direction": "inbound", "author_type": "customer", "is_public": False,
               "text": r["text"], "occurred_at": datetime.fromisoformat(r["occurred_at"]),
               "received_at": now, "source": "baseline", "external_id": r["external_id"],
               "meta": {}} for r in rows]
    started = time.perf_counter()
    for i in range(0, len(values), batch):
        with db.engine.begin() as conn:
            conn.execute(insert(Interaction), values[i:i + batch])
        progress.advance(task, len(values[i:i + batch]))
    return time.perf_counter() - started


def run_backend(kind: str, rows: list[dict[str, Any]], batch: int, limit: float,
                progress: Progress) -> tuple[Result, str]:
    deadline = time.monotonic() + limit
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(kind, Path(tmp))
        server = None
        try:
            key = db.api_key()
            server = Server(db.url)
            server.wait_ready()
            api_seconds, created = post_all(server.base, key, rows, batch, progress,
                                            f"{kind}: POST /interactions/bulk", deadline)
            resend = rows[:batch]
            resend_seconds, again = post_all(server.base, key, resend, batch, progress,
                                             f"{kind}: re-send one batch", deadline)
            if created != len(rows) or again != 0:
                raise RuntimeError(f"{kind}: created {created}, re-send created {again}")
            server.stop()
            server = None
            base_seconds = baseline(db, rows, batch, progress)
            return Result(kind, len(rows), batch, api_seconds, created, resend_seconds,
                          len(resend), base_seconds), db.version()
        finally:
            if server is not None:
                server.stop()
            db.close()


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        kb = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {"cpu": model, "cores": str(os.cpu_count()), "memory": mem,
            "os": platform.platform(), "python": platform.python_version(),
            "load": " ".join(f"{x:.2f}" for x in os.getloadavg())}


def report(results: list[Result], versions: dict[str, str], info: dict[str, str],
           skipped: dict[str, str], started: datetime, customers: int) -> str:
    lines = [
        "# Ingest benchmark: bulk interactions through the API",
        "",
        f"Run on {started:%Y-%m-%d %H:%M} UTC with `python benchmarks/ingest_api.py`.",
        "",
        f"- Machine: {info['cpu']}, {info['cores']} cores, {info['memory']} RAM",
        f"- OS: {info['os']}; Python {info['python']}; "
        + "; ".join(versions[k] for k in sorted(versions)),
        f"- Load average when the run ended: {info['load']} (the machine was shared with other "
        "work, so treat the numbers as a lower bound)",
        "",
        "What is measured: a real uvicorn server of the app (one process, loopback) receives "
        f"{results[0].rows if results else 0:,} interactions in batches of "
        f"{results[0].batch if results else 0:,} on `POST /api/v1/interactions/bulk` from one "
        "httpx client, on a freshly migrated database. Each interaction names its customer "
        f"by external id and email ({customers:,} customers, created on first sight). Only ingestion is "
        "timed: no worker runs, so the `analyse_interactions` jobs queued with the data stay "
        "queued. The baseline inserts the same rows with SQLAlchemy Core `executemany` in "
        "batches of the same size (customers already resolved, no validation, no idempotency "
        "check), to show what the API adds.",
        "",
        "| Backend | API: interactions/s | API: seconds | Re-send one batch (all duplicates) "
        "| Core executemany: rows/s | API / baseline |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r.backend} | {r.api_rate:,.0f} | {r.api_seconds:.1f} | "
                     f"{r.resend_rows:,} in {r.resend_seconds:.2f} s "
                     f"({r.resend_rows / r.resend_seconds:,.0f}/s) | {r.baseline_rate:,.0f} | "
                     f"{r.api_rate / r.baseline_rate:.0%} |")
    for kind, why in skipped.items():
        lines.append(f"| {kind} | skipped: {why} | | | | |")
    lines += ["", "Every run checks that all records were created exactly once and that the "
              "re-sent batch created nothing.", "", NOTES]
    return "\n".join(lines)


NOTES = """## Notes

- The idempotency check (which (source, external id) pairs exist already) first used a
  row-value `(source, external_id) IN (VALUES ...)`. SQLite answers that by scanning the
  whole unique index, and on PostgreSQL psycopg's prepared statement got a generic plan
  that scanned the table, so every batch was slower than the one before (PostgreSQL:
  186 interactions/s over 100,000 and 24 s to re-send one batch of 5,000; SQLite: 902/s,
  on the same loaded machine). It now asks per source with `external_id IN (...)` on
  SQLite and `external_id = ANY(array)` on PostgreSQL: an index search on both, so the
  rate no longer falls as the table grows. New rows are also inserted with a Core
  `INSERT` on the table instead of the ORM's bulk path (about 1.7 times faster).
- On PostgreSQL most of the remaining time is psycopg converting the large multi-row
  `INSERT ... VALUES` statements (about 11,000 placeholders each) in Python; an
  `unnest()`-based insert or a raw-cursor parameter style would remove most of it.
- Validation (pydantic, one model per record) is roughly a third of the in-process time
  on SQLite and a tenth on PostgreSQL (cProfile of `do_record_interactions` on the same
  machine); the inserts are most of the rest.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--customers", type=int, default=2_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--time-limit", type=float, default=900,
                        help="seconds per backend before giving up")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks_ingest.md")
    args = parser.parse_args()
    started = datetime.now(UTC)
    rows = make_rows(args.rows, args.customers)
    results: list[Result] = []
    versions: dict[str, str] = {}
    skipped: dict[str, str] = {}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console) as progress:
        for kind in [b.strip() for b in args.backends.split(",") if b.strip()]:
            try:
                result, version = run_backend(kind, rows, args.batch, args.time_limit, progress)
            except Exception as exc:  # noqa: BLE001 - a missing backend is reported, not fatal
                if kind == "postgresql" and "connect" in str(exc).lower():
                    skipped[kind] = "PostgreSQL not reachable"
                    continue
                raise
            results.append(result)
            versions[kind] = version
            console.print(f"{kind}: {result.api_rate:,.0f} interactions/s through the API, "
                          f"{result.baseline_rate:,.0f} rows/s Core executemany")
    text_out = report(results, versions, machine(), skipped, started, args.customers)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text_out)
    print(text_out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
