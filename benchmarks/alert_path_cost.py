"""What one bad-experience event costs on the alert path: SQL statements and CPU per event,
by job kind, in one process (no network between the parts, so the counts are exact).

    python benchmarks/alert_path_cost.py                      # both backends, 200 events
    python benchmarks/alert_path_cost.py --backends postgresql --events 400 --group 10

Events are posted through the real app (FastAPI's test client) in groups of `--group`;
after each group the queued jobs run to completion, as a worker would after one poll. A
local receiver takes the signed webhook alerts. Statement counts are deterministic; CPU
times move with the machine's load, so compare them within one run.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from alert_latency import PG_ADMIN_URL, SECRET, Receiver, Stack, _event  # noqa: E402
from sqlalchemy import event  # noqa: E402

from amends import jobs  # noqa: E402
from amends.config import load_settings  # noqa: E402
from amends.db import make_session_factory  # noqa: E402
from amends.runtime import use_settings  # noqa: E402
from tests.support.databases import ScratchDatabase, postgres_available  # noqa: E402


class Meter:
    """CPU seconds, runs and SQL statements per job kind ("claim" between jobs)."""

    def __init__(self, engine: Any) -> None:
        self.cpu: collections.Counter[str] = collections.Counter()
        self.runs: collections.Counter[str] = collections.Counter()
        self.statements: collections.Counter[str] = collections.Counter()
        self.current = "claim"
        event.listen(engine, "before_cursor_execute", self._count)
        real_run = jobs.run_job

        def timed(session_factory: Any, job: Any) -> bool:
            self.current, started = job.kind, time.process_time()
            try:
                return real_run(session_factory, job)
            finally:
                self.cpu[job.kind] += time.process_time() - started
                self.runs[job.kind] += 1
                self.current = "claim"

        jobs.run_job = timed  # type: ignore[assignment]

    def _count(self, *args: Any) -> None:
        self.statements[self.current] += 1

    def reset(self) -> None:
        self.cpu.clear(), self.runs.clear(), self.statements.clear()


def measure(kind: str, events: int, group: int) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from amends.web.app import create_app

    receiver = Receiver()
    server = receiver.start()
    with tempfile.TemporaryDirectory() as tmp:
        db = ScratchDatabase(kind, Path(tmp), prefix="amends_bench", migrated=True,
                             admin_url=PG_ADMIN_URL)
        try:
            stack = Stack.__new__(Stack)
            stack.engine = db.engine
            key = Stack.seed(stack, receiver.url)
            os.environ.update({"AMENDS_DATABASE_URL": db.url, "AMENDS_SECRET_KEY": SECRET,
                               "AMENDS_BASE_URL": "http://127.0.0.1"})
            settings = load_settings()
            use_settings(settings)
            client = TestClient(create_app(settings), headers={"Authorization": f"Bearer {key}"})
            factory = make_session_factory(db.engine)
            meter = Meter(db.engine)

            def run(prefix: str, count: int) -> float:
                api = 0.0
                for start in range(0, count, group):
                    t = time.process_time()
                    for i in range(start, min(count, start + group)):
                        r = client.post("/api/v1/interactions", json=_event(prefix, i))
                        assert r.status_code == 201, r.text
                    api += time.process_time() - t
                    jobs.run_pending(factory, "cost")
                return api

            run("warm-", 2 * group)  # load the text model, warm the caches
            meter.reset()
            api_cpu = run("ev-", events)
            deadline = time.monotonic() + 10
            while len(receiver.arrivals) < events + 2 * group and time.monotonic() < deadline:
                time.sleep(0.05)
            return {"backend": kind, "events": events, "group": group,
                    "alerts": len(receiver.arrivals) - 2 * group,
                    "api_cpu_ms": 1000 * api_cpu / events,
                    "jobs": {k: {"runs": meter.runs[k],
                                 "cpu_ms": 1000 * meter.cpu[k] / events,
                                 "statements": meter.statements[k] / events}
                             for k in sorted(set(meter.statements) | set(meter.runs))}}
        finally:
            use_settings(None)
            server.shutdown()
            db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--group", type=int, default=10, help="events per poll of the queue")
    args = parser.parse_args()
    for kind in args.backends.split(","):
        if kind == "postgresql" and not postgres_available(PG_ADMIN_URL):
            print(f"PostgreSQL not reachable at {PG_ADMIN_URL}: skipped", file=sys.stderr)
            continue
        r = measure(kind, args.events, args.group)
        print(f"{kind}: {r['events']} events in groups of {r['group']}, {r['alerts']} alerts; "
              f"API (with the test client) {r['api_cpu_ms']:.1f} ms CPU per event")
        print("| job kind | runs | SQL statements per event | worker CPU ms per event |")
        print("|---|---:|---:|---:|")
        for name, j in r["jobs"].items():
            print(f"| {name} | {j['runs']} | {j['statements']:.1f} | {j['cpu_ms']:.2f} |")
        print()


if __name__ == "__main__":
    main()
