"""Recompute health, persona and churn risk for every customer, at three sizes.

    python benchmarks/health_recompute.py [--sizes 10000,30000,100000] [--backends sqlite,postgresql]

For each size N it loads N customers, 20*N activity events (purchases, orders, logins)
and 5*N analysed interactions (with findings) into a fresh database, then times
`amends.decide.health.score_all` in a child process (so its peak memory is its own).
Baseline in the same run: the bare read of the rows the scorer needs (the I/O floor),
so the table shows what the scoring itself costs. Target: 100,000 customers within 60 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._machine import machine  # noqa: E402

PG_ADMIN = os.environ.get("AMENDS_TEST_POSTGRES_URL",
                          "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 11, 1, tzinfo=UTC)
ISSUES = ["delay", "no_response", "billing", "product_quality", "refund_return"]
SIGNALS = ["repeat_contact", "churn_intent", "legal_threat", "urgency", "praise"]


def _url(backend: str, tmp: str, n: int) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp}/health-{n}.sqlite3"
    from sqlalchemy import create_engine, text

    name = f"amends_bench_health_{n}"
    _drop(name)
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"


def _drop(name: str) -> None:
    """Remove a benchmark database, so a run leaves nothing behind on the server."""
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _rows(n: int, seed: int = 1):
    """Customers, events and interactions as plain tuples (fast to write in bulk)."""
    rng = random.Random(seed)
    start = NOW - timedelta(days=365)
    customers, events, interactions, findings = [], [], [], []
    for cid in range(1, n + 1):
        customers.append((cid, f"c{cid}", f"Customer {cid}", "retail",
                          round(rng.lognormvariate(6, 0.6), 2), "active",
                          (start - timedelta(days=rng.randrange(400))).isoformat()))
    eid = iid = 0
    for cid in range(1, n + 1):
        stop = 1.0 if rng.random() > 0.15 else rng.uniform(0.2, 0.8)  # some go quiet
        for _ in range(20):
            eid += 1
            when = start + timedelta(days=365 * stop * rng.random())
            kind = rng.choice(("purchase", "order", "login", "login"))
            events.append((eid, cid, kind, 30.0 if kind != "login" else None, when, "bench",
                           f"e{eid}"))
        for _ in range(5):
            iid += 1
            when = start + timedelta(days=365 * rng.random())
            bad = rng.random() < 0.25
            interactions.append((iid, cid, "email", "customer", "text", when, "bench",
                                 f"i{iid}", -0.6 if bad else 0.3, bad, 60 if bad else 5))
            if bad:
                findings.append((iid, cid, when, "issue", rng.choice(ISSUES), 0.8))
                if rng.random() < 0.3:
                    findings.append((iid, cid, when, "signal", rng.choice(SIGNALS), 0.7))
    return customers, events, interactions, findings


def load(url: str, n: int) -> float:
    from amends.db import make_engine, migrate

    t0 = time.perf_counter()
    engine = make_engine(url)
    migrate(engine)
    customers, events, interactions, findings = _rows(n)
    raw = engine.raw_connection()
    cur = raw.cursor()
    now = NOW.isoformat()
    sqlite = url.startswith("sqlite")

    def write(table: str, cols: str, rows: list[tuple]) -> None:
        if sqlite:
            marks = ",".join("?" * len(cols.split(",")))
            conv = [tuple(v.replace(tzinfo=None).isoformat(" ") if isinstance(v, datetime)
                          else v for v in r) for r in rows]
            # table and column names are this script's constants, not input
            cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", conv)  # noqa: S608
        else:
            with cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(r)

    write("customers", "id,external_id,name,segment,value_per_year,status,created_at,"
          "updated_at,attributes,survey_opt_out",
          [(c[0], c[1], c[2], c[3], c[4], c[5], datetime.fromisoformat(c[6]),
            datetime.fromisoformat(c[6]), "{}", False) for c in customers])
    write("activity_events", "id,customer_id,kind,amount,occurred_at,source,external_id,"
          "received_at,metadata", [e + (NOW, "{}") for e in events])
    write("interactions", "id,customer_id,channel,author_type,text,occurred_at,source,"
          "external_id,sentiment_score,bad_experience,severity,direction,is_public,"
          "received_at,metadata,model_version",
          [i + ("inbound", False, NOW, "{}", "bench") for i in interactions])
    write("findings", "interaction_id,customer_id,occurred_at,kind,name,score", findings)
    if not sqlite:  # sequences must move past the ids written explicitly
        for table in ("customers", "activity_events", "interactions"):
            cur.execute(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")  # noqa: S608
        cur.execute("ANALYZE")
    raw.commit()
    raw.close()
    engine.dispose()
    del now
    return time.perf_counter() - t0


def child(url: str, mode: str) -> None:
    """Run in a separate process: time one pass and report peak memory."""
    from sqlalchemy import select

    from amends.db import make_engine, make_session_factory
    from amends.decide.health import load_engagement, score_all
    from amends.models import Interaction
    from amends.models.findings import Finding

    engine = make_engine(url)
    factory = make_session_factory(engine)
    t0 = time.perf_counter()
    if mode == "read":
        with factory() as session:
            load_engagement(session, None, NOW, None)
            n = sum(1 for _ in session.execute(select(
                Interaction.id, Interaction.customer_id, Interaction.occurred_at,
                Interaction.sentiment_score, Interaction.bad_experience, Interaction.severity)))
            n += sum(1 for _ in session.execute(select(Finding.interaction_id, Finding.kind,
                                                       Finding.name)))
    else:
        score_all(factory, NOW)
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "peak_mb": _peak_mb()}))


def _peak_mb() -> float:
    """This process's own peak RSS. (ru_maxrss survives exec on Linux, so a child started
    by a parent holding the generated data would report the parent's peak.)"""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(url: str, mode: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, url],
                         capture_output=True, text=True, timeout=1800)
    if out.returncode != 0:
        raise SystemExit(f"the {mode} pass failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "URL"))
    parser.add_argument("--out", default="docs/benchmarks_health_recompute.md")
    args = parser.parse_args()
    if args.child:
        child(args.child[1], args.child[0])
        return
    from rich.progress import Progress

    results = []
    sizes = [int(s) for s in args.sizes.split(",")]
    backends = args.backends.split(",")
    with tempfile.TemporaryDirectory() as tmp, Progress() as bar:
        task = bar.add_task("health recompute", total=len(sizes) * len(backends))
        for backend in backends:
            for n in sizes:
                url = _url(backend, tmp, n)
                load_s = load(url, n)
                read = run_child(url, "read")
                full = run_child(url, "score")
                if backend == "postgresql":
                    _drop(f"amends_bench_health_{n}")
                results.append((backend, n, load_s, read, full))
                _write(results, args.out)
                bar.console.print(f"{backend} {n:>7} customers: read floor {read['seconds']:.1f} s, "
                                  f"recompute {full['seconds']:.1f} s, peak {full['peak_mb']:.0f} MB")
                bar.advance(task)
    print(_write(results, args.out))


def _write(results: list, out: str) -> str:
    lines = [f"Measured on {machine()} by `python benchmarks/health_recompute.py`.", "",
             "N customers with 20 N activity events and 5 N analysed interactions; one full "
             "`score_all` (BG/NBD fit + health, persona, churn risk, effort, stored with "
             "history) in its own process. Baseline in the same run: reading the same rows "
             "only (the I/O floor). Target: 100,000 customers within 60 s.", "",
             "| backend | customers | events | interactions | read floor (s) | recompute (s) "
             "| customers/s | peak memory (MB) | target |", "|---|---|---|---|---|---|---|---|---|"]
    for backend, n, _load_s, read, full in results:
        target = (f"{'met' if full['seconds'] <= 60 else 'MISSED'} (60 s)" if n == 100_000
                  else "")
        lines.append(f"| {backend} | {n:,} | {20 * n:,} | {5 * n:,} | {read['seconds']:.1f} | "
                     f"{full['seconds']:.1f} | {n / full['seconds']:,.0f} | "
                     f"{full['peak_mb']:.0f} | {target} |")
    text = "\n".join(lines) + "\n"
    Path(out).write_text(text)
    return text

if __name__ == "__main__":
    main()
