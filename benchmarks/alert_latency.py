"""From a bad-experience message accepted by the API to the alert at a webhook receiver.

    python benchmarks/alert_latency.py                         # 50 events/s for 20 s, both
    python benchmarks/alert_latency.py --rate 50 --seconds 30 --backends sqlite --workers 2

For each backend: a fresh migrated database; a real uvicorn server of the app and real
`amends worker` processes (subprocesses); a local HTTP receiver (a thread in this process)
subscribed as the on-call manager's signed JSON webhook. Every event is a complaint from a
new customer posted to `POST /api/v1/interactions`, at a steady rate from a pool of client
threads. The path measured is the product's real one: API stores the message and queues
its analysis -> a worker runs the text engine -> the detection rules open a case and queue
the alert in the outbox -> a worker delivers it, signed, to the receiver.

Latency = time the receiver got the alert - time the API answered 201 (same clock: both in
this process). Events whose alert does not arrive within the drain time are counted as
missing. Everything is bounded and every process is stopped. Results go to
docs/benchmarks_recovery.md (and stdout).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _machine import machine, write_section  # noqa: E402

from amends.auth import do_create_api_key  # noqa: E402
from amends.db import make_session_factory  # noqa: E402
from amends.models import Customer  # noqa: E402
from tests.support.databases import ScratchDatabase, postgres_available  # noqa: E402

SECRET = "benchmark-secret-key-0123456789abcdef"
PG_ADMIN_URL = os.environ.get("AMENDS_BENCH_POSTGRES_URL",
                              os.environ.get("AMENDS_TEST_POSTGRES_URL",
                                             "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
COMPLAINTS = [
    "You charged me twice this month and nobody answers my emails. I am cancelling.",
    "Third time I am writing about this broken order. Terrible service, I want a refund now.",
    "My parcel is two weeks late and your agent was rude to me on the phone.",
    "Still no refund after a month. This is a disgrace, I'm leaving a review everywhere.",
]
DOC = ROOT / "docs" / "benchmarks_recovery.md"


@dataclass
class Receiver:
    """A webhook receiver: when each alert arrived, keyed by the case's customer id."""

    arrivals: dict[int, float] = field(default_factory=dict)
    deliveries: dict[int, str] = field(default_factory=dict)  # customer -> delivery id
    redelivered: int = 0  # the same outbox message again (at-least-once after a failure)
    extra: int = 0  # a second, different message for one event: must stay 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def start(self) -> ThreadingHTTPServer:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
                at = time.time()
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(200)
                self.end_headers()
                try:
                    data = json.loads(body)
                except ValueError:
                    return
                if data.get("event") != "case.opened":
                    return
                customer_id = int(data["case"]["customer_id"])
                delivery = self.headers.get("X-Amends-Delivery", "")
                with receiver.lock:
                    if customer_id not in receiver.arrivals:
                        receiver.arrivals[customer_id] = at
                        receiver.deliveries[customer_id] = delivery
                    elif receiver.deliveries[customer_id] == delivery:
                        receiver.redelivered += 1
                    else:
                        receiver.extra += 1

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{server.server_address[1]}/alerts"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server


class Stack:
    """Database, web server and workers for one backend; `close` stops everything."""

    def __init__(self, kind: str, tmp: Path, workers: int, poll: float) -> None:
        self.kind, self.procs = kind, []
        self.db = ScratchDatabase(kind, tmp, prefix="amends_bench", migrated=True,
                                  admin_url=PG_ADMIN_URL)
        self.url, self.engine = self.db.url, self.db.engine
        self.env = {**os.environ, "AMENDS_DATABASE_URL": self.url, "AMENDS_SECRET_KEY": SECRET,
                    "AMENDS_BASE_URL": "http://127.0.0.1", "PYTHONPATH": str(ROOT),
                    "AMENDS_WORKER_POLL_SECONDS": str(poll)}
        self.workers, self.poll = workers, poll

    def seed(self, receiver_url: str) -> str:
        """A manager who owns every new case, subscribed by webhook; an API key."""
        from amends.decide.cases import do_subscribe
        from amends.decide.staff import do_create_staff

        with make_session_factory(self.engine)() as session:
            boss = do_create_staff(session, email="lead@example.org", name="On-call Lead",
                                   role="manager", team_name="Care")
            do_subscribe(session, staff_id=boss.id, channel="webhook", target=receiver_url)
            _, raw = do_create_api_key(session, "benchmark", ["ingest", "read"])
            session.commit()
        return raw

    def start(self) -> str:
        port = _free_port()
        self.procs.append(subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "amends.web.app:create_app",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
             "--no-access-log"], env=self.env, cwd=ROOT))
        for _ in range(self.workers):
            self.procs.append(subprocess.Popen(
                [sys.executable, "-c", "from amends.cli import main; main()", "worker"],
                env=self.env, cwd=ROOT,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in self.procs):
                raise RuntimeError("a server or worker process exited early")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    return base
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("the server did not become ready in time")

    def version(self) -> str:
        if self.kind == "sqlite":
            return f"SQLite {sqlite3.sqlite_version}"
        with self.engine.connect() as conn:
            return "PostgreSQL " + str(conn.scalar(text("SHOW server_version"))).split()[0]

    def customer_ids(self, prefix: str) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(Customer.external_id, Customer.id)
                                .where(Customer.external_id.like(f"{prefix}%")))
            return {ext: cid for ext, cid in rows}

    def stages(self, prefix: str) -> dict[str, dict[str, float]]:
        """p50/p99 seconds of each hop, from the rows' own timestamps: API commit -> analysis
        starts (queue wait), analysis start -> alert queued, alert queued -> sent."""
        from amends.models import Interaction, OutboxMessage

        with self.engine.connect() as conn:
            got = {cid: (rec, ana) for cid, rec, ana in conn.execute(
                select(Interaction.customer_id, Interaction.received_at, Interaction.analysed_at)
                .where(Interaction.external_id.like(f"{prefix}msg-%")))}
            sent = conn.execute(select(OutboxMessage.payload, OutboxMessage.created_at,
                                       OutboxMessage.sent_at)).all()
        hops: dict[str, list[float]] = {"wait for analysis": [], "analysis to alert queued": [],
                                        "queued to sent": []}
        for payload, created, sent_at in sent:
            row = got.get(int((payload.get("case") or {}).get("customer_id", -1)))
            if row is None or row[1] is None or sent_at is None:
                continue
            hops["wait for analysis"].append((row[1] - row[0]).total_seconds())
            hops["analysis to alert queued"].append((created - row[1]).total_seconds())
            hops["queued to sent"].append((sent_at - created).total_seconds())
        return {k: {"p50": pct(v, 0.5), "p99": pct(v, 0.99)} for k, v in hops.items() if v}

    def close(self) -> None:
        for proc in reversed(self.procs):
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        self.db.close()


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of one process and its waited-for children (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _postgres_cpu() -> float:
    """CPU of every PostgreSQL server process (0 where /proc is not there)."""
    total = 0.0
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if entry.joinpath("comm").read_text().strip() in ("postgres", "postmaster"):
                total += _cpu_seconds(int(entry.name))
        except OSError:
            continue
    return total


def cpu_snapshot(stack: Stack) -> dict[str, float]:
    """CPU seconds used so far by the API, the workers, PostgreSQL and this process."""
    procs = stack.procs
    return {"api": _cpu_seconds(procs[0].pid),
            "workers": sum(_cpu_seconds(p.pid) for p in procs[1:]),
            "postgres": _postgres_cpu() if stack.kind == "postgresql" else 0.0,
            "load+receiver": time.process_time()}


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _event(prefix: str, i: int) -> dict[str, Any]:
    return {"customer": {"external_id": f"{prefix}{i}", "name": f"Customer {i}"},
            "channel": "email", "source": "bench", "external_id": f"{prefix}msg-{i}",
            "occurred_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "text": f"{COMPLAINTS[i % len(COMPLAINTS)]} (order {i})"}


def send_events(base: str, key: str, prefix: str, count: int, rate: float,
                accepted: dict[str, float], api_ms: list[float]) -> int:
    """Post `count` events at a steady `rate` per second; returns the errors."""
    local = threading.local()
    errors = [0]

    def post(i: int) -> None:
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(
                base_url=base, timeout=30, headers={"Authorization": f"Bearer {key}"})
        started = time.time()
        try:
            r = client.post("/api/v1/interactions", json=_event(prefix, i))
        except httpx.HTTPError:
            errors[0] += 1  # a timeout or refused connection: the event was not accepted
            return
        done = time.time()
        if r.status_code == 201:
            accepted[f"{prefix}{i}"] = done
            api_ms.append((done - started) * 1000)
        else:
            errors[0] += 1

    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=16) as pool:
        for i in range(count):
            delay = t0 + i / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            pool.submit(post, i)
    return errors[0]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered))) - 1))]


def run_backend(kind: str, args: argparse.Namespace) -> dict[str, Any]:
    receiver = Receiver()
    server = receiver.start()
    with tempfile.TemporaryDirectory() as tmp:
        stack = Stack(kind, Path(tmp), args.workers, args.poll)
        try:
            key = stack.seed(receiver.url)
            base = stack.start()
            # Warm up: load the text model in every worker and the app's code paths.
            warm: dict[str, float] = {}
            send_events(base, key, "warm-", 4 * args.workers, 4, warm, [])
            _drain(receiver, stack, "warm-", warm, 60)
            accepted: dict[str, float] = {}
            api_ms: list[float] = []
            count = int(args.rate * args.seconds)
            cpu_before = cpu_snapshot(stack)
            started = time.monotonic()
            errors = send_events(base, key, "ev-", count, args.rate, accepted, api_ms)
            send_seconds = time.monotonic() - started
            latencies = _drain(receiver, stack, "ev-", accepted, args.drain)
            cpu_after = cpu_snapshot(stack)
            cpu_ms = {k: 1000 * (cpu_after[k] - cpu_before[k]) / max(count, 1)
                      for k in cpu_before}
            return {"backend": stack.version(), "kind": kind, "events": count,
                    "accepted": len(accepted), "api_errors": errors,
                    "send_seconds": send_seconds, "delivered": len(latencies),
                    "missing": len(accepted) - len(latencies), "duplicates": receiver.extra,
                    "redelivered": receiver.redelivered,
                    "p50": pct(latencies, 0.5) if latencies else None,
                    "p99": pct(latencies, 0.99) if latencies else None,
                    "max": max(latencies) if latencies else None,
                    "mean": statistics.fmean(latencies) if latencies else None,
                    "api_p50_ms": pct(api_ms, 0.5) if api_ms else None,
                    "api_p99_ms": pct(api_ms, 0.99) if api_ms else None,
                    "cpu_ms_per_event": cpu_ms, "stages": stack.stages("ev-")}
        finally:
            stack.close()
            server.shutdown()


def _drain(receiver: Receiver, stack: Stack, prefix: str, accepted: dict[str, float],
           seconds: float) -> list[float]:
    """Wait until every accepted event's alert arrived (or time is up); the latencies."""
    deadline = time.monotonic() + seconds
    ids: dict[str, int] = {}
    while time.monotonic() < deadline:
        ids = stack.customer_ids(prefix)
        with receiver.lock:
            got = sum(1 for ext in accepted if ids.get(ext) in receiver.arrivals)
        if got >= len(accepted):
            break
        time.sleep(0.5)
    with receiver.lock:
        return [receiver.arrivals[ids[ext]] - at for ext, at in accepted.items()
                if ext in ids and ids[ext] in receiver.arrivals]


def report(results: list[dict[str, Any]], args: argparse.Namespace) -> str:
    lines = [
        "| backend | events | sent/s | accepted | API errors | delivered | missing | "
        "duplicates | redelivered | p50 s | p99 s | max s | API p50 ms | API p99 ms |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        fmt = (lambda v: "-" if v is None else f"{v:.3f}")  # noqa: E731
        lines.append(
            f"| {r['backend']} | {r['events']} | {r['events'] / r['send_seconds']:.1f} | "
            f"{r['accepted']} | {r['api_errors']} | {r['delivered']} | {r['missing']} | "
            f"{r['duplicates']} | {r['redelivered']} | {fmt(r['p50'])} | "
            f"{fmt(r['p99'])} | {fmt(r['max'])} | {fmt(r['api_p50_ms'])} | "
            f"{fmt(r['api_p99_ms'])} |")
    lines += ["", "CPU per event, ms (from sending the first event to the last alert): "
              + "; ".join(f"{r['backend']}: " + ", ".join(
                  f"{k} {v:.1f}" for k, v in r["cpu_ms_per_event"].items()) for r in results)]
    lines += ["", "Where the time goes, p50 / p99 s (from the rows' timestamps): "
              + "; ".join(f"{r['backend']}: " + ", ".join(
                  f"{k} {v['p50']:.2f} / {v['p99']:.2f}" for k, v in r["stages"].items())
                  for r in results)]
    return (f"Machine: {machine()}\n\nSettings: {args.rate:g} events/s for {args.seconds:g} s, "
            f"{args.workers} worker process(es), worker poll interval {args.poll:g} s.\n\n"
            + "\n".join(lines) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=50.0, help="events per second")
    parser.add_argument("--seconds", type=float, default=20.0, help="how long to send")
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    parser.add_argument("--poll", type=float, default=0.5, help="worker poll interval, s")
    parser.add_argument("--drain", type=float, default=60.0, help="max wait for alerts, s")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--write", action="store_true", help=f"write the results into {DOC}")
    args = parser.parse_args()
    results = []
    for kind in args.backends.split(","):
        if kind == "postgresql" and not postgres_available(PG_ADMIN_URL):
            print(f"PostgreSQL not reachable at {PG_ADMIN_URL}: skipped", file=sys.stderr)
            continue
        print(f"{kind}: running ...", file=sys.stderr)
        results.append(run_backend(kind, args))
        print(json.dumps(results[-1], indent=2), file=sys.stderr)
    table = report(results, args)
    print(table)
    if args.write:
        # Only the marked results block is replaced: the prose around it is kept.
        write_section(DOC, "alert_latency", table)


if __name__ == "__main__":
    main()
