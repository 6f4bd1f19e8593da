"""The dashboard in a real browser: Debian's chromium driven by Playwright.

Runs the app with uvicorn in a background thread on a free loopback port against a scratch
SQLite database filled by `seed_dashboard` (committed, not rolled back), signs in, watches
the live feed update when an interaction is posted to the API, works a customer, and saves
a screenshot of every page (to AMENDS_SCREENSHOTS_DIR when set, else a temporary folder).
"""

from __future__ import annotations

import os
import random
import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"CI=true but {CHROMIUM} is missing: apt-get install chromium")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser tests "
                "skipped outside CI", allow_module_level=True)

PASSWORD = "correct horse battery"

# (text, issues [(category, label, phrase)], signals {name: phrase}, severity)
COMPLAINTS = [
    ("My order #4411 is two weeks late and nobody replies to my emails. I am still waiting.",
     [("delay", "Delay / waiting", "two weeks late"),
      ("no_response", "No response / ignored", "nobody replies")], {}, 72),
    ("I was charged twice for the same invoice. Please refund the duplicate payment today.",
     [("billing", "Billing / overcharge", "charged twice")], {"urgency": "today"}, 64),
    ("This is the third time I'm contacting you about the broken blender. Still no fix.",
     [("quality", "Product broken / faulty", "broken blender")],
     {"repeat_contact": "third time I'm contacting you"}, 70),
    ("The courier left the parcel in the rain and everything inside is ruined.",
     [("delivery", "Delivery problem", "left the parcel in the rain")], {}, 58),
    ("Your agent was rude and hung up on me. If this isn't sorted I'll cancel my account.",
     [("staff_attitude", "Staff attitude", "rude"), ("staff_attitude", "Staff attitude",
                                                    "hung up on me")],
     {"churn_intent": "I'll cancel my account"}, 86),
    ("Waited 45 minutes on hold and then the line went dead. Unacceptable.",
     [("delay", "Delay / waiting", "Waited 45 minutes on hold")], {}, 61),
    ("Posting this on Twitter so others know: the app keeps crashing at checkout.",
     [("quality", "Product broken / faulty", "keeps crashing")],
     {"public_escalation": "Posting this on Twitter"}, 78),
    ("The price went up 30% without any notice. That feels like a bait and switch.",
     [("billing", "Billing / overcharge", "price went up 30% without any notice")], {}, 55),
    ("I asked for a callback yesterday and no one called. Still no update on my claim.",
     [("no_response", "No response / ignored", "no one called"),
      ("no_response", "No response / ignored", "Still no update")], {}, 60),
    ("Wrong size delivered again. I'm speaking to my lawyer if this keeps happening.",
     [("delivery", "Delivery problem", "Wrong size delivered")],
     {"legal_threat": "speaking to my lawyer"}, 90),
]
PRAISE = [
    "Thanks to {name}, she was amazing and sorted the refund in minutes!",
    "{name} was so helpful on the phone today, really appreciate it.",
    "Shout out to {name} for going above and beyond with my order.",
]
NEUTRAL = [
    "Hi, can you tell me when the new colours will be in stock?",
    "Could you send me a copy of last month's invoice please?",
    "What are your opening hours over the holidays?",
    "Order arrived today, all good. Thanks.",
    "Is it possible to change the delivery address for order 5521?",
]
REPLIES = [
    ("I'm really sorry about this, {first}. I've taken ownership and will call you by 3pm.",
     {"empathy": "really sorry", "apology": "sorry", "ownership": "I've taken ownership"}),
    ("Apologies for the wait. I've refunded the duplicate charge; you'll see it in 3 days.",
     {"apology": "Apologies", "ownership": "I've refunded"}),
    ("Thanks for your message. That's handled by another department, please contact them.",
     {"blame_shifting": "handled by another department"}),
    ("Happy to help! The new colours arrive next Tuesday.", {}),
]
FIRST = ["Emma", "Liam", "Olivia", "Noah", "Ava", "Ethan", "Sophia", "Mason", "Isabella",
         "Lucas", "Mia", "Oliver", "Amelia", "Elijah", "Harper", "James", "Evelyn", "Ben",
         "Chloe", "Leo", "Zoe", "Henry", "Nora", "Jack", "Layla", "Owen", "Ruby", "Sam"]
LAST = ["Walker", "Patel", "Nguyen", "Garcia", "Kowalski", "Okafor", "Schmidt", "Rossi",
        "Murphy", "Haddad", "Larsen", "Tanaka", "Dubois", "Silva", "Cohen", "Brown"]
COMPANIES = ["Northwind Foods", "Bluebird Studio", "Acme Logistics", "Greenleaf Cafe",
             "Harbor Dental", "Pixel & Co", None, None, None]
SEGMENTS = ["Enterprise", "SMB", "Consumer"]


def _span(text: str, phrase: str, finding: str) -> dict[str, Any]:
    at = text.lower().find(phrase.lower())
    assert at >= 0, (phrase, text)
    return {"start": at, "end": at + len(phrase), "text": text[at:at + len(phrase)],
            "finding": finding}


def synthetic_analysis(text: str, *, author: str = "customer", bad: bool = False,
                       issues: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
                       signals: dict[str, str] | None = None, severity: int = 5,
                       score: float = 0.0, tone: dict[str, str] | None = None,
                       praise_names: list[str] | None = None) -> dict[str, Any]:
    """An analysis shaped like the text engine's `to_dict()`, with real evidence spans."""
    signals = signals or {}
    evidence = []
    out_issues: dict[str, dict[str, Any]] = {}
    for cat, label, phrase in issues:
        span = _span(text, phrase, "issue:" + cat)
        evidence.append(span)
        out_issues.setdefault(cat, {"category": cat, "label": label, "score": 0.8,
                                    "evidence": []})["evidence"].append(
            {**{k: span[k] for k in ("start", "end", "text")}, "kind": "phrase"})
    sig_out = {}
    for name in ("churn_intent", "public_escalation", "legal_threat", "repeat_contact",
                 "urgency", "praise"):
        phrase = signals.get(name)
        ev = [_span(text, phrase, "signal:" + name)] if phrase else []
        evidence += ev
        sig_out[name] = {"present": bool(phrase), "score": 0.8 if phrase else 0.0,
                         "evidence": ev}
    sig_out["praise"]["names"] = praise_names or []
    tone_out = None
    if author == "staff":
        tone_out = {}
        for name in ("empathy", "apology", "ownership", "blame_shifting", "rudeness"):
            phrase = (tone or {}).get(name)
            ev = [_span(text, phrase, "tone:" + name)] if phrase else []
            evidence += ev
            tone_out[name] = {"present": bool(phrase), "score": 0.7 if phrase else 0.0,
                              "evidence": ev}
    sentiment = "negative" if score <= -0.2 else "positive" if score >= 0.2 else "neutral"
    return {"sentiment": sentiment, "sentiment_score": score, "confidence": 0.8,
            "bad_experience": bad, "emotions": {"annoyance": 0.5 if bad else 0.0,
                                                "gratitude": 0.6 if score > 0.5 else 0.0},
            "issues": list(out_issues.values()), "signals": sig_out, "tone": tone_out,
            "severity": severity, "evidence": evidence, "language": {"code": "en"},
            "author": author, "model_version": "synthetic/1"}


def seed_dashboard(url: str, *, customers: int = 48, seed: int = 3) -> dict[str, Any]:
    """A small, realistic business in a fresh database; returns the API key and ids."""
    from sqlalchemy.orm import Session

    from amends.auth import do_create_api_key
    from amends.db import make_engine, migrate
    from amends.decide.staff import do_create_staff
    from amends.models import ActivityEvent, Customer, Interaction
    from amends.timeutil import utcnow

    rng = random.Random(seed)
    engine = make_engine(url)
    migrate(engine)
    now = utcnow()
    with Session(engine) as s:
        staff = {
            "alice": do_create_staff(s, email="alice@example.org", name="Alice Owner",
                                     role="admin", team_name="Care", password=PASSWORD),
            "maria": do_create_staff(s, email="maria@example.org", name="Maria Lopez",
                                     role="manager", team_name="Care", password=PASSWORD),
            "bob": do_create_staff(s, email="bob@example.org", name="Bob Teammate",
                                   role="agent", team_name="Care", password=PASSWORD),
            "priya": do_create_staff(s, email="priya@example.org", name="Priya Shah",
                                     role="agent", team_name="Billing", password=PASSWORD),
            "victor": do_create_staff(s, email="victor@example.org", name="Victor Viewer",
                                      role="viewer", password=PASSWORD)}
        agents = [staff["bob"], staff["priya"], staff["maria"]]
        _, raw_key = do_create_api_key(s, "browser test", ["ingest", "read"])
        rows = []
        for n in range(customers):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            rows.append(Customer(external_id=f"c-{n}", name=f"{first} {last}",
                                 email=f"{first}.{last}{n}@example.com".lower(),
                                 email_key=f"{first}.{last}{n}@example.com".lower(),
                                 company=rng.choice(COMPANIES), segment=rng.choice(SEGMENTS),
                                 value_per_year=float(rng.choice([480, 1200, 2400, 6000,
                                                                  18000, 42000])),
                                 owner_id=rng.choice(agents).id
                                 if rng.random() < 0.7 else None,
                                 attributes={"plan": rng.choice(["Basic", "Pro", "Team"])},
                                 created_at=now - timedelta(days=rng.randint(60, 900))))
        s.add_all(rows)
        s.flush()
        seq = 0

        def add(c: Customer, text: str, when: Any, analysis: dict[str, Any], *,
                author: str = "customer", staff_id: int | None = None,
                thread: str | None = None, channel: str = "email") -> None:
            nonlocal seq
            seq += 1
            s.add(Interaction(customer_id=c.id, channel=channel, text=text,
                              direction="inbound" if author == "customer" else "outbound",
                              author_type=author, staff_id=staff_id, thread_id=thread,
                              occurred_at=when, source="seed", external_id=f"s-{seq}",
                              meta={}, analysis=analysis, model_version="synthetic/1",
                              analysed_at=when, sentiment_score=analysis["sentiment_score"],
                              bad_experience=analysis["bad_experience"],
                              severity=analysis["severity"]))

        for day in range(30, -1, -1):
            for _ in range(rng.randint(5, 11)):
                c = rng.choice(rows)
                when = now - timedelta(days=day, hours=rng.randint(0, 20),
                                       minutes=rng.randint(0, 59))
                if when > now:
                    when = now - timedelta(minutes=5)
                handler = rng.choice(agents)
                thread = f"t-{seq}"
                roll = rng.random()
                if roll < 0.33 + (0.1 if day < 10 else 0):
                    text, issues, signals, sev = rng.choice(COMPLAINTS)
                    a = synthetic_analysis(text, bad=True, issues=issues, signals=signals,
                                           severity=sev, score=round(rng.uniform(-0.95, -0.4),
                                                                     2))
                elif roll < 0.5:
                    text = rng.choice(PRAISE).format(name=handler.first_name)
                    a = synthetic_analysis(text, signals={"praise": handler.first_name},
                                           score=round(rng.uniform(0.6, 0.95), 2),
                                           praise_names=[handler.first_name])
                else:
                    text = rng.choice(NEUTRAL)
                    a = synthetic_analysis(text, score=round(rng.uniform(-0.15, 0.35), 2))
                add(c, text, when, a, staff_id=handler.id, thread=thread,
                    channel=rng.choice(["email", "email", "chat", "phone", "review"]))
                if rng.random() < 0.8:
                    reply, tone = rng.choice(REPLIES)
                    reply = reply.format(first=c.name.split()[0])
                    delay = timedelta(minutes=rng.randint(6, 600))
                    if when + delay < now:
                        add(c, reply, when + delay,
                            synthetic_analysis(reply, author="staff", tone=tone, score=0.3),
                            author="staff", staff_id=handler.id, thread=thread)
                if rng.random() < 0.3:
                    s.add(ActivityEvent(customer_id=c.id, kind=rng.choice(["purchase", "login",
                                                                           "order"]),
                                        amount=round(rng.uniform(20, 400), 2),
                                        occurred_at=when - timedelta(hours=3), source="seed",
                                        external_id=f"a-{seq}", meta={}))
        # Customer text is untrusted: this must show as text on every page.
        xss = "<script>alert('pwned')</script> my order <b>never</b> arrived, still waiting"
        add(rows[0], xss, now - timedelta(hours=2),
            synthetic_analysis(xss, bad=True, severity=66, score=-0.7,
                               issues=[("delay", "Delay / waiting", "still waiting")]),
            staff_id=staff["bob"].id)
        s.commit()
        _let_features_react(s, now)
        info = {"api_key": raw_key, "customer_id": rows[0].id,
                "customer_ids": [c.id for c in rows], "bob_id": staff["bob"].id}
    engine.dispose()
    return info


def _let_features_react(s: Any, now: Any) -> None:
    """Tell the other features what was analysed (cases open, health is scored), as the
    analysis job would; features that have not landed are skipped by the hooks."""
    from sqlalchemy import select

    from amends import hooks
    from amends.models import Interaction

    ids = list(s.scalars(select(Interaction.id).where(
        Interaction.occurred_at >= now - timedelta(days=3))))
    hooks.fire(s, "interactions_analysed", interaction_ids=ids)
    s.commit()
    try:  # a board with work in every column
        from amends.decide import cases
        from amends.models.cases import RecoveryCase

        opened = list(s.scalars(select(RecoveryCase).order_by(RecoveryCase.id)))
        for n, case in enumerate(opened[1:6]):
            staff_id = case.owner_id or 1
            cases.do_acknowledge(s, case.id, staff_id=staff_id)
            if n % 2:
                cases.do_start(s, case.id, staff_id=staff_id)
        s.commit()
    except ImportError:
        pass
    try:
        from amends.decide.health import run_score_all_job
    except ImportError:
        return
    run_score_all_job(s, {})
    s.commit()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    import uvicorn

    from amends.config import load_settings
    from amends.web.app import create_app

    folder = tmp_path_factory.mktemp("dashboard-browser")
    url = f"sqlite:///{folder}/dashboard.sqlite3"
    info = seed_dashboard(url)
    settings = load_settings({}, database_url=url, secret_key="browser-test-secret-0123456789",
                             base_url="http://127.0.0.1", dev_mode=True)
    port = _free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield {**info, "base": base}
    srv.should_exit = True
    thread.join(timeout=10)


def _shots_dir() -> Path:
    target = os.environ.get("AMENDS_SCREENSHOTS_DIR")
    path = Path(target) if target else Path(os.environ.get("TMPDIR", "/tmp")) / \
        "amends-screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        yield b
        b.close()


def _sign_in(page: Any, base: str, email: str) -> None:
    page.goto(base + "/app/overview")
    assert "/app/login" in page.url
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/app/overview$"))


def test_sign_in_live_feed_and_screenshots(server: dict[str, Any], browser: Any) -> None:
    base, shots = server["base"], _shots_dir()
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(base + "/app/login")
    page.screenshot(path=str(shots / "login.png"))
    _sign_in(page, base, "alice@example.org")
    page.wait_for_selector("#live-status:has-text('live')", timeout=10_000)
    page.screenshot(path=str(shots / "overview.png"), full_page=True)

    # An interaction posted to the API appears in the live feed without a reload.
    marker = f"Live feed check {time.time():.0f}: the replacement never arrived"
    response = httpx.post(base + "/api/v1/interactions", headers={
        "Authorization": f"Bearer {server['api_key']}"}, json={
        "customer": {"external_id": "c-1"}, "channel": "chat", "text": marker,
        "occurred_at": "2026-11-01T10:00:00Z", "source": "browser", "external_id": "live-1"},
        timeout=60)
    assert response.status_code == 201, response.text
    page.wait_for_selector(f"#feed .feed-item:has-text('{marker[:30]}')", timeout=10_000)

    page.goto(base + f"/app/customers/{server['customer_id']}")
    # The script in the customer's message shows as text and never runs.
    assert page.get_by_text("<script>alert('pwned')</script>", exact=False).count() >= 1
    assert page.locator("mark.ev").count() >= 1
    page.screenshot(path=str(shots / "customer.png"), full_page=True)
    # Work the customer: assign an owner and see it saved.
    page.get_by_label("Owner").select_option(label="Bob Teammate")
    page.get_by_role("button", name="Assign").click()
    page.wait_for_selector(".flash")
    assert page.get_by_label("Owner").input_value() == str(server["bob_id"])

    for name, path in [("customers", "/app/customers"), ("themes", "/app/themes"),
                       ("theme", "/app/themes/delay"), ("team", "/app/team"),
                       ("staff", f"/app/team/{server['bob_id']}"),
                       ("settings", "/app/settings")]:
        page.goto(base + path)
        assert page.locator("h1").count() == 1, path
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    # Open and work a case (when the recovery feature is installed).
    if page.locator('a.nav-link[href="/app/cases"]').count():
        page.goto(base + "/app/at-risk")
        page.screenshot(path=str(shots / "at-risk.png"), full_page=True)
        page.goto(base + "/app/cases")
        page.screenshot(path=str(shots / "cases.png"))
        page.locator("a.case-card").first.click()
        page.wait_for_url(re.compile(r".*/app/cases/\d+$"))
        if page.get_by_role("button", name="Acknowledge").count():
            page.get_by_role("button", name="Acknowledge").click()
            page.wait_for_selector(".flash:has-text('acknowledged')")
        if page.get_by_role("button", name="Mark done").count():
            page.get_by_role("button", name="Mark done").first.click()
            page.wait_for_selector(".flash:has-text('Step done')")
        page.get_by_label("Note for the team").fill("Called the customer; refund on its way.")
        page.get_by_role("button", name="Add note").click()
        page.wait_for_selector(".timeline:has-text('refund on its way')")
        page.screenshot(path=str(shots / "case.png"), full_page=True)
    assert dialogs == []

    # A phone-sized screen still works.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    mobile = phone.new_page()
    _sign_in(mobile, base, "bob@example.org")
    mobile.screenshot(path=str(shots / "overview-phone.png"), full_page=True)
    # An agent sees no Settings admin sections and cannot open them directly.
    mobile.goto(base + "/app/settings")
    assert mobile.locator("#users").count() == 0
    phone.close()
    context.close()
