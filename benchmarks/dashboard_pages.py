"""Dashboard page timings on a large database (SQLite and PostgreSQL).

Loads 100,000 customers and 1,000,000 interactions (times ``--scale``) with synthetic
analysis JSON through SQLAlchemy Core bulk inserts, then times every dashboard page (and
JSON twin) in-process through the ASGI app with a signed-in admin, reporting p50/p95/max
server time per page. Results go to a Markdown file with the machine and date.

    python benchmarks/dashboard_pages.py --scale 0.1            # quick
    python benchmarks/dashboard_pages.py --backend both         # the full target

PostgreSQL: the server at --pg-url (default the test server) gets a scratch database that
is dropped afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, insert, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from amends.config import load_settings  # noqa: E402
from amends.db import make_engine, make_session_factory, migrate  # noqa: E402
from amends.models import Customer, Interaction  # noqa: E402

PG_URL = os.environ.get("AMENDS_TEST_POSTGRES_URL",
                        "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "benchmark password"
CATEGORIES = [("delay", "Delay / waiting", ["still waiting", "two weeks late", "on hold"]),
              ("no_response", "No response / ignored", ["nobody replies", "no one called"]),
              ("billing", "Billing / overcharge", ["charged twice", "hidden fee"]),
              ("quality", "Product broken / faulty", ["stopped working", "arrived broken"]),
              ("delivery", "Delivery problem", ["wrong item", "left in the rain"]),
              ("staff_attitude", "Staff attitude", ["rude", "hung up on me"])]
SEGMENTS = ["Enterprise", "SMB", "Consumer", "Partner"]


def _analysis(rng: random.Random, author: str, bad: bool, staff_first: str) -> tuple[str, dict]:
    if author == "staff":
        body = "I'm sorry about this, I have taken ownership and will call you today."
        tone = {t: {"present": rng.random() < p, "score": 0.7, "evidence": []}
                for t, p in (("empathy", .5), ("apology", .6), ("ownership", .5),
                             ("blame_shifting", .08), ("rudeness", .02))}
        return body, {"sentiment": "positive", "sentiment_score": 0.3, "bad_experience": False,
                      "issues": [], "signals": {}, "tone": tone, "severity": 3,
                      "evidence": []}
    signals = {n: {"present": False, "score": 0.0, "evidence": []}
               for n in ("churn_intent", "public_escalation", "legal_threat",
                         "repeat_contact", "urgency", "praise")}
    if bad:
        cid, label, phrases = rng.choice(CATEGORIES)
        phrase = rng.choice(phrases)
        body = f"Order {rng.randint(1000, 99999)}: {phrase}, this is not good enough."
        span = {"start": body.index(phrase), "end": body.index(phrase) + len(phrase),
                "text": phrase}
        score = round(rng.uniform(-0.95, -0.3), 2)
        if rng.random() < 0.1:
            signals["churn_intent"]["present"] = True
        return body, {"sentiment": "negative", "sentiment_score": score, "bad_experience": True,
                      "issues": [{"category": cid, "label": label, "score": 0.8,
                                  "evidence": [span | {"kind": "phrase"}]}],
                      "signals": signals, "tone": None, "severity": rng.randint(35, 95),
                      "evidence": [span | {"finding": "issue:" + cid}]}
    if rng.random() < 0.15:
        body = f"Thanks to {staff_first}, she was amazing!"
        signals["praise"] = {"present": True, "score": 0.8, "evidence": [],
                             "names": [staff_first]}
        score = round(rng.uniform(0.5, 0.95), 2)
    else:
        body = "Could you tell me when my order ships? Thanks."
        score = round(rng.uniform(-0.15, 0.4), 2)
    return body, {"sentiment": "positive" if score > 0.2 else "neutral",
                  "sentiment_score": score, "bad_experience": False, "issues": [],
                  "signals": signals, "tone": None, "severity": 5, "evidence": []}


def load(url: str, n_customers: int, n_interactions: int, seed: int = 11) -> dict[str, Any]:
    """Fill a migrated database; returns ids the timing step needs."""
    from amends.decide.staff import do_create_staff

    rng = random.Random(seed)
    engine = make_engine(url)
    migrate(engine)
    now = datetime.now(UTC)
    started = time.perf_counter()
    with Session(engine) as s:
        staff = [do_create_staff(s, email=f"staff{i}@example.org", name=f"{n} Person{i}",
                                 role="admin" if i == 0 else "agent",
                                 team_name=f"Team {i % 4}", password=PASSWORD)
                 for i, n in enumerate(["Alice", "Bob", "Cara", "Dev", "Erin", "Femi", "Gus",
                                        "Hana", "Ivan", "Jo", "Kim", "Lou", "Mo", "Nia",
                                        "Oli", "Pat", "Quin", "Rae", "Sam", "Tia"])]
        s.commit()
        staff_ids = [u.id for u in staff]
        firsts = {u.id: u.first_name for u in staff}
    with engine.begin() as conn:
        for start in range(0, n_customers, 10_000):
            rows = [{"external_id": f"c{i}", "name": f"Customer {i}",
                     "email": f"c{i}@example.com", "email_key": f"c{i}@example.com",
                     "segment": SEGMENTS[i % 4], "value_per_year": float(rng.choice(
                         [300, 1200, 5000, 20000])),
                     "owner_id": rng.choice(staff_ids) if rng.random() < 0.6 else None,
                     "attributes": {}, "survey_opt_out": False, "status": "active",
                     "created_at": now, "updated_at": now}
                    for i in range(start, min(start + 10_000, n_customers))]
            conn.execute(insert(Customer.__table__), rows)
        first_id = conn.execute(text("select min(id) from customers")).scalar_one()
    per_thread = 3
    with engine.begin() as conn:
        batch: list[dict[str, Any]] = []
        for i in range(n_interactions):
            thread_no = i // per_thread
            author = "customer" if i % per_thread != per_thread - 1 else "staff"
            cust = first_id + (thread_no * 7919) % n_customers
            staff_id = staff_ids[1 + thread_no % (len(staff_ids) - 1)]
            # a year of history, a little heavier lately
            when = now - timedelta(seconds=int(365 * 86400 * rng.random() ** 1.3))
            if author == "staff":
                when = min(now, when + timedelta(minutes=rng.randint(5, 900)))
            bad = author == "customer" and rng.random() < 0.22
            body, a = _analysis(rng, author, bad, firsts[staff_id])
            batch.append({"customer_id": cust, "channel": rng.choice(["email", "chat",
                                                                      "phone", "review"]),
                          "direction": "inbound" if author == "customer" else "outbound",
                          "author_type": author, "staff_id": staff_id,
                          "thread_id": f"t{thread_no}", "is_public": False, "text": body,
                          "occurred_at": when, "received_at": when, "source": "bench",
                          "external_id": f"i{i}", "meta": {}, "analysis": a,
                          "model_version": "bench/1", "analysed_at": when,
                          "sentiment_score": a["sentiment_score"], "bad_experience": bad,
                          "severity": a["severity"]})
            if len(batch) == 10_000:
                conn.execute(insert(Interaction.__table__), batch)
                batch = []
        if batch:
            conn.execute(insert(Interaction.__table__), batch)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    load_seconds = time.perf_counter() - started
    engine.dispose()
    return {"load_seconds": load_seconds, "staff_id": staff_ids[1], "customer_id": first_id + 7}


def pages(ids: dict[str, Any]) -> list[tuple[str, str]]:
    c, st = ids["customer_id"], ids["staff_id"]
    return [("overview (30d)", "/app/overview"), ("overview JSON (30d)", "/app/overview.json"),
            ("overview (365d)", "/app/overview?period=365d"),
            ("overview, one segment", "/app/overview?segment=SMB"),
            ("live feed JSON", "/app/live.json"),
            ("customers", "/app/customers"), ("customers, search", "/app/customers?q=42"),
            ("customers, bad only", "/app/customers?bad=1"),
            ("customer page", f"/app/customers/{c}"),
            ("themes (30d)", "/app/themes"), ("themes (365d)", "/app/themes?period=365d"),
            ("theme drill-down", "/app/themes/delay"), ("team (30d)", "/app/team"),
            ("staff member", f"/app/team/{st}"), ("settings", "/app/settings")]


def time_pages(url: str, ids: dict[str, Any], repeat: int) -> list[dict[str, Any]]:
    from fastapi.testclient import TestClient

    from amends.web.app import create_app

    settings = load_settings({}, database_url=url, secret_key="benchmark-secret-0123456789ab",
                             dev_mode=True)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    results = [_time_rollup_build(factory)]
    app = create_app(settings, factory)
    with TestClient(app) as client:
        page = client.get("/app/login")
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        signed = client.post("/app/login", data={"email": "staff0@example.org",
                                                 "password": PASSWORD, "csrf_token": token},
                             follow_redirects=False)
        assert signed.status_code == 303, signed.text
        for name, path in pages(ids):
            client.get(path)  # warm caches and the statement cache
            samples = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                response = client.get(path)
                samples.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, (path, response.text[:300])
            samples.sort()
            results.append({"page": name, "path": path,
                            "p50": statistics.median(samples),
                            "p95": samples[min(len(samples) - 1,
                                               int(round(0.95 * (len(samples) - 1))))],
                            "max": samples[-1]})
            print(f"  {name:28s} p50 {results[-1]['p50']:7.1f} ms  "
                  f"p95 {results[-1]['p95']:7.1f} ms", flush=True)
    engine.dispose()
    return results


def _time_rollup_build(factory: Any) -> dict[str, Any]:
    """Rebuild two years of per-day rollups from scratch, as the worker job would."""
    from amends.models.sessions import DashboardRollup
    from amends.report import rollups

    with factory() as session:
        session.query(DashboardRollup).delete()
        session.commit()
        t0 = time.perf_counter()
        rollups.run_rollup_job(session, {"days": 731})
        session.commit()
        ms = (time.perf_counter() - t0) * 1000
    print(f"  rollup build (731 days)      {ms / 1000:7.1f} s", flush=True)
    return {"page": "rollup build, 731 days (worker job, not a page)", "path": "-",
            "p50": ms, "p95": ms, "max": ms, "not_a_page": True}


def _scratch(backend: str) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.sqlite3"
        return
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"amends_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _kept_url(backend: str, keep: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{keep}"
    return PG_URL.rsplit("/", 1)[0] + f"/{keep}"


def run(backend: str, scale: float, repeat: int, keep: str | None = None,
        load_only: bool = False) -> dict[str, Any]:
    """Load (unless `keep` names a database loaded before) and time the pages."""
    n_c, n_i = max(100, int(100_000 * scale)), max(1000, int(1_000_000 * scale))
    marker = Path(tempfile.gettempdir()) / f"amends-bench-{backend}-{Path(keep).name}.json" \
        if keep else None
    if keep and marker and marker.exists():  # reuse a database loaded by an earlier run
        ids = json.loads(marker.read_text())
        return {"backend": backend, "customers": ids["customers"],
                "interactions": ids["interactions"], "load_seconds": ids["load_seconds"],
                "pages": time_pages(_kept_url(backend, keep), ids, repeat)}
    print(f"{backend}: loading {n_c:,} customers and {n_i:,} interactions", flush=True)
    gen: Iterator[str] = iter(_scratch(backend))
    url = next(gen)
    if keep:
        url = _kept_url(backend, keep)
        if backend == "postgresql":
            admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{keep}"'))
            admin.dispose()
    try:
        ids = load(url, n_c, n_i) | {"customers": n_c, "interactions": n_i}
        if marker:
            marker.write_text(json.dumps(ids))
        if load_only:
            return {"backend": backend, "customers": n_c, "interactions": n_i,
                    "load_seconds": ids["load_seconds"], "pages": []}
        print(f"  loaded in {ids['load_seconds']:.0f} s", flush=True)
        return {"backend": backend, "customers": n_c, "interactions": n_i,
                "load_seconds": ids["load_seconds"], "pages": time_pages(url, ids, repeat)}
    finally:
        for _ in gen:
            pass


def report(runs: list[dict[str, Any]], target_ms: float, repeat: int) -> str:
    lines = ["# Dashboard page benchmark", "",
             f"- date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
             f"- machine: {platform.machine()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()}, {platform.system()} {platform.release()}",
             f"- load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
             "(the machine is shared; numbers include that noise)",
             f"- method: in-process ASGI requests (FastAPI TestClient) as a signed-in admin; "
             f"one warm-up, then {repeat} timed requests per page; times are full "
             "request times in milliseconds (routing, queries, template rendering)",
             f"- target: p95 under {target_ms:.0f} ms per page", ""]
    for r in runs:
        lines += [f"## {r['backend']}: {r['customers']:,} customers, "
                  f"{r['interactions']:,} interactions (loaded in {r['load_seconds']:.0f} s)", "",
                  "| page | path | p50 ms | p95 ms | max ms | target |",
                  "| --- | --- | ---: | ---: | ---: | --- |"]
        for p in r["pages"]:
            ok = "n/a" if p.get("not_a_page") else \
                "met" if p["p95"] < target_ms else "**missed**"
            lines.append(f"| {p['page']} | `{p['path']}` | {p['p50']:.0f} | {p['p95']:.0f} | "
                         f"{p['max']:.0f} | {ok} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0,
                        help="1.0 = 100,000 customers and 1,000,000 interactions")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--target-ms", type=float, default=300.0)
    parser.add_argument("--out", default="docs/benchmarks_dashboard.md")
    parser.add_argument("--json", help="also write raw results as JSON here")
    parser.add_argument("--keep", help="load into (or reuse) this SQLite file / PostgreSQL "
                                       "database name instead of a scratch one")
    parser.add_argument("--load-only", action="store_true")
    args = parser.parse_args(argv)
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    keep = {"sqlite": args.keep, "postgresql": Path(args.keep).stem if args.keep else None}
    runs = [run(b, args.scale, args.repeat, keep[b], args.load_only) for b in backends]
    if args.load_only:
        return
    Path(args.out).write_text(report(runs, args.target_ms, args.repeat) + "\n")
    if args.json:
        Path(args.json).write_text(json.dumps(runs, indent=2))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

