"""`amends demo`: a realistic fictional business, deterministic by seed (and `as_of` date).

Northwind Outfitters, an outdoor-gear retailer: ~2,000 customers over six months, each
following one of a few life stories (loyal, content, complained and recovered, complained
and left unhappy, in conflict, quietly drifting away, churned, new), with the messages,
staff replies, public posts and purchases those stories produce. The text comes from
`amends.demo_content`; everything else is drawn here from one seeded random generator.
"""

from __future__ import annotations

import importlib
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from rich.progress import Progress
from sqlalchemy.orm import Session

from amends.config import Settings
from amends.demo_content import DemoWriter, Message

STAFF = [  # (name, email, role, team)
    ("Dana Whitfield", "dana@northwind.example", "admin", None),
    ("Maya Okafor", "maya@northwind.example", "manager", "Customer care"),
    ("Tom Brennan", "tom@northwind.example", "agent", "Customer care"),
    ("Priya Raman", "priya@northwind.example", "agent", "Customer care"),
    ("Jonas Weber", "jonas@northwind.example", "agent", "Stores"),
    ("Aisha Karim", "aisha@northwind.example", "agent", "Stores"),
    ("Leo Martins", "leo@northwind.example", "viewer", None),
]
AGENTS = [s for s in STAFF if s[2] in ("agent", "manager")]
DEMO_PASSWORD = "northwind-demo-2026"
STORIES = [("advocate", 12), ("content", 36), ("recovered", 12), ("unresolved", 8),
           ("stressed", 5), ("drifting", 12), ("churned", 6), ("new", 9)]
VALUE_BY_SEGMENT = {"retail": 320.0, "club": 850.0, "vip": 3200.0, "business": 6400.0}
# Features that add their own demo data (surveys answered, cases worked, leads) when present.
DEMO_EXTRAS = ["amends.surveys.demo:build", "amends.recovery.demo:build",
               "amends.intake.demo:build"]


@dataclass
class Plan:
    """Everything generated, before it is written."""

    customers: list[dict[str, Any]] = field(default_factory=list)
    interactions: list[dict[str, Any]] = field(default_factory=list)
    activity: list[dict[str, Any]] = field(default_factory=list)


class DemoBuilder:
    def __init__(self, seed: int, n_customers: int, months: int, as_of: date) -> None:
        self.rng = random.Random(seed)
        self.writer = DemoWriter(random.Random(seed + 1),
                                 staff_names=[s[0].split()[0] for s in AGENTS])
        self.n_customers = n_customers
        self.end = datetime.combine(as_of, time(8, 0), UTC)
        self.start = self.end - timedelta(days=30 * months)
        self.plan = Plan()
        self._n = 0

    # ------------------------------------------------------------------ helpers
    def _id(self, prefix: str) -> str:
        self._n += 1
        return f"demo-{prefix}-{self._n}"

    def _when(self, lo: datetime, hi: datetime) -> datetime:
        """A moment between lo and hi, weighted towards waking hours."""
        span = max((hi - lo).total_seconds(), 60.0)
        moment = lo + timedelta(seconds=self.rng.random() * span)
        hour = moment.hour
        if hour < 7 or hour > 22:  # people write less at night: nudge into the day
            moment = moment.replace(hour=self.rng.randrange(8, 21))
        return min(max(moment, lo), hi)

    def _message(self, customer: dict[str, Any], msg: Message, when: datetime,
                 thread: str | None) -> None:
        staff_email = None
        if msg.author == "staff" and msg.staff_name:
            staff_email = next(s[1] for s in AGENTS if s[0].startswith(msg.staff_name))
        record: dict[str, Any] = {
            "customer": {"external_id": customer["external_id"]}, "channel": msg.channel,
            "text": msg.text, "occurred_at": when.isoformat(), "source": "demo",
            "external_id": self._id("m"), "author": msg.author,
            "direction": "outbound" if msg.author == "staff" else "inbound",
            "public": msg.channel in ("review", "social"), "metadata": dict(msg.metadata)}
        if msg.subject:
            record["subject"] = msg.subject[:500]
        if thread:
            record["thread_id"] = thread
        if staff_email:
            record["staff_email"] = staff_email
        self.plan.interactions.append(record)

    def _event(self, customer: dict[str, Any], kind: str, when: datetime,
               amount: float | None = None) -> None:
        self.plan.activity.append({
            "customer": {"external_id": customer["external_id"]}, "kind": kind,
            "occurred_at": when.isoformat(), "source": "demo", "external_id": self._id("a"),
            **({"amount": round(amount, 2)} if amount is not None else {})})

    # ------------------------------------------------------------------ customers
    def build(self) -> Plan:
        for index in range(1, self.n_customers + 1):
            self._customer(index)
        return self.plan

    def _customer(self, index: int) -> None:
        profile = self.writer.customer_profile(index)
        story = self.rng.choices([s for s, _ in STORIES], weights=[w for _, w in STORIES])[0]
        base = VALUE_BY_SEGMENT[profile["segment"]]
        value = round(base * math.exp(self.rng.gauss(0, 0.45)), 2)
        joined = (self.end - timedelta(days=self.rng.randrange(5, 60)) if story == "new"
                  else self.start - timedelta(days=self.rng.randrange(30, 1500)))
        owner = None
        if profile["segment"] in ("vip", "business"):
            owner = self.rng.choice([s for s in AGENTS if s[2] == "agent"])[1]
        customer = {"external_id": f"NW-C{index:05d}", "name": profile["name"],
                    "email": profile["email"], "phone": profile["phone"],
                    "company": profile["company"], "segment": profile["segment"],
                    "value_per_year": value, "owner_email": owner,
                    "status": "churned" if story == "churned" else "active",
                    "attributes": {"city": profile["city"], "story": story,
                                   "customer_since": joined.date().isoformat()}}
        self.plan.customers.append(customer)
        first_seen = max(joined, self.start)
        self._purchases(customer, story, first_seen, value)
        getattr(self, f"_story_{story}")(customer, first_seen)
        self._background_messages(customer, story, first_seen)

    def _purchases(self, customer: dict[str, Any], story: str, first: datetime,
                   value: float) -> None:
        per_year = self.rng.uniform(4, 14) if story != "new" else self.rng.uniform(6, 16)
        stop_at = self.end
        if story in ("churned", "unresolved"):
            stop_at = self.start + (self.end - self.start) * self.rng.uniform(0.35, 0.75)
        elif story == "drifting":
            # Regular buyers who slip away: their silence is long for *them*.
            per_year = self.rng.uniform(10, 20)
            stop_at = self.start + (self.end - self.start) * self.rng.uniform(0.25, 0.55)
        moment = first
        while True:
            # A drifting customer's gaps grow: each purchase comes later than the last.
            rate = per_year / 365.0
            if story == "drifting" and moment > stop_at:
                rate *= 0.05
            elif moment > stop_at:
                break
            moment += timedelta(days=self.rng.expovariate(rate))
            if moment >= self.end:
                break
            amount = max(value / per_year * math.exp(self.rng.gauss(0, 0.35)), 5.0)
            self._event(customer, "purchase" if self.rng.random() < 0.8 else "order", moment,
                        amount)
        if customer["segment"] == "club":
            self._logins(customer, first, stop_at if story != "advocate" else self.end)

    def _logins(self, customer: dict[str, Any], first: datetime, stop_at: datetime) -> None:
        moment = first
        while moment < min(stop_at, self.end):
            moment += timedelta(days=self.rng.expovariate(1 / 6))
            if moment < self.end:
                self._event(customer, "login", moment)

    # ------------------------------------------------------------------ stories
    def _thread(self) -> str:
        return self._id("t")

    def _story_advocate(self, customer: dict[str, Any], first: datetime) -> None:
        for _ in range(self.rng.randrange(1, 3)):
            staff = self.rng.choice(AGENTS)[0].split()[0]
            channel = self.rng.choice(["email", "chat", "review", "social", "survey_comment"])
            msg = (self.writer.survey_comment(True) if channel == "survey_comment"
                   else self.writer.praise(staff, channel, sender=customer["name"]))
            self._message(customer, msg, self._when(first, self.end), None)

    def _story_content(self, customer: dict[str, Any], first: datetime) -> None:
        for _ in range(self.rng.randrange(0, 3)):
            thread = self._thread()
            when = self._when(first, self.end)
            channel = self.rng.choice(["email", "chat", "web_form", "sms"])
            msg = (self.writer.question(channel, sender=customer["name"])
                   if self.rng.random() < 0.6
                   else self.writer.neutral_update(channel, sender=customer["name"]))
            self._message(customer, msg, when, thread)
            if msg.kind == "question":
                self._reply(customer, msg, when, thread, "good", hours=(0.2, 6))

    def _reply(self, customer: dict[str, Any], to: Message, after: datetime, thread: str,
               quality: str, hours: tuple[float, float]) -> datetime:
        staff = self.rng.choice(AGENTS)[0].split()[0]
        when = after + timedelta(hours=self.rng.uniform(*hours))
        if when < self.end:
            self._message(customer, self.writer.staff_reply(to, quality, staff), when, thread)
        return when

    def _complaint(self, customer: dict[str, Any], when: datetime, severity: str) -> Message:
        channel = self.rng.choices(["email", "chat", "phone", "ticket", "sms", "web_form"],
                                   weights=[35, 20, 12, 15, 8, 10])[0]
        if channel == "phone":
            return self.writer.call_note(None, severity=severity)
        return self.writer.complaint(None, channel, severity, sender=customer["name"])

    def _story_recovered(self, customer: dict[str, Any], first: datetime) -> None:
        thread = self._thread()
        when = self._when(first, self.end - timedelta(days=3))
        msg = self._complaint(customer, when, self.rng.choice(["low", "medium", "high"]))
        self._message(customer, msg, when, thread)
        replied = self._reply(customer, msg, when, thread, "good", hours=(0.3, 8))
        if self.rng.random() < 0.45 and replied + timedelta(days=2) < self.end:
            thanks = self.writer.praise(self.rng.choice(AGENTS)[0].split()[0], msg.channel
                                        if msg.channel in ("email", "chat") else "email",
                                        sender=customer["name"])
            self._message(customer, thanks, replied + timedelta(days=self.rng.uniform(0.5, 3)),
                          thread)

    def _story_unresolved(self, customer: dict[str, Any], first: datetime) -> None:
        thread = self._thread()
        when = self._when(first, self.end - timedelta(days=10))
        msg = self._complaint(customer, when, "medium")
        self._message(customer, msg, when, thread)
        if self.rng.random() < 0.5:
            when = self._reply(customer, msg, when, thread, self.rng.choice(["curt", "rude"]),
                               hours=(20, 70))
        for _ in range(self.rng.randrange(1, 4)):
            when += timedelta(days=self.rng.uniform(1, 6))
            if when >= self.end:
                return
            msg = self.writer.follow_up_complaint(msg, sender=customer["name"])
            self._message(customer, msg, when, thread)
        if self.rng.random() < 0.4 and when < self.end - timedelta(days=1):
            post = self.writer.public_post(False, self.rng.choice(["review", "social"]),
                                           issue=msg.issue)
            self._message(customer, post, when + timedelta(days=1), None)

    def _story_stressed(self, customer: dict[str, Any], first: datetime) -> None:
        for _ in range(self.rng.randrange(1, 3)):
            thread = self._thread()
            when = self._when(first, self.end - timedelta(days=2))
            msg = self._complaint(customer, when, self.rng.choice(["high", "critical"]))
            self._message(customer, msg, when, thread)
            when = self._reply(customer, msg, when, thread,
                               self.rng.choice(["good", "curt"]), hours=(1, 30))
            if when + timedelta(days=1) < self.end:
                follow = self.writer.follow_up_complaint(msg, sender=customer["name"])
                self._message(customer, follow, when + timedelta(days=1), thread)

    def _story_drifting(self, customer: dict[str, Any], first: datetime) -> None:
        # Most unhappy customers never complain: a drifting customer says nothing at all.
        return

    def _story_churned(self, customer: dict[str, Any], first: datetime) -> None:
        when = self._when(first + (self.end - first) / 2, self.end - timedelta(days=2))
        if self.rng.random() < 0.5:
            thread = self._thread()
            msg = self._complaint(customer, when - timedelta(days=7), "high")
            self._message(customer, msg, when - timedelta(days=7), thread)
        self._event(customer, "cancel", when)

    def _story_new(self, customer: dict[str, Any], first: datetime) -> None:
        if self.rng.random() < 0.5:
            thread = self._thread()
            when = self._when(first, self.end)
            msg = self.writer.question(self.rng.choice(["email", "chat", "web_form"]),
                                       sender=customer["name"])
            self._message(customer, msg, when, thread)
            self._reply(customer, msg, when, thread, "good", hours=(0.1, 3))

    def _background_messages(self, customer: dict[str, Any], story: str,
                             first: datetime) -> None:
        """A little everyday traffic from the general mix, so no story is too tidy."""
        if story == "drifting" or self.rng.random() > 0.25:
            return
        msg = self.writer.any_customer_message(sender=customer["name"])
        if msg.sentiment == "negative" and story in ("advocate", "content", "new"):
            return  # keep the healthy stories healthy
        self._message(customer, msg, self._when(first, self.end), None)


def _create_staff(session: Session) -> list[str]:
    from sqlalchemy import select

    from amends.decide.staff import do_create_staff
    from amends.models import StaffUser

    lines = []
    for name, email, role, team in STAFF:
        if session.scalar(select(StaffUser.id).where(StaffUser.email == email)) is None:
            do_create_staff(session, email=email, name=name, role=role, team_name=team,
                            password=DEMO_PASSWORD)
        lines.append(f"  {role:8} {email}")
    return lines


def _write(session_factory: Callable[[], Session], plan: Plan, progress: Progress) -> None:
    from amends.decide.customers import do_upsert_customers
    from amends.decide.records import do_record_activity, do_record_interactions
    from amends.ingest.batch import validate_batch
    from amends.ingest.schemas import ActivityIn, CustomerIn, InteractionIn

    plan.interactions.sort(key=lambda r: r["occurred_at"])
    steps: list[tuple[str, list[dict[str, Any]], Any, Callable[..., Any]]] = [
             ("customers", plan.customers, CustomerIn, do_upsert_customers),
             ("activity events", plan.activity, ActivityIn, do_record_activity),
             ("interactions", plan.interactions, InteractionIn, do_record_interactions)]
    for label, records, model, action in steps:
        task = progress.add_task(f"writing {label}", total=len(records))
        for start in range(0, len(records), 2000):
            part = records[start:start + 2000]
            batch = validate_batch(model, part)
            bad = [r for r in batch.results if r.status == "error"]
            if bad:  # the generator produced something our own API refuses: a bug here
                raise RuntimeError(f"demo {label} record refused: {bad[0].to_dict()}")
            with session_factory() as session:
                action(session, batch.valid)
                session.commit()
            progress.advance(task, len(part))


def _analyse(session_factory: Callable[[], Session], progress: Progress, total: int) -> None:
    from amends import jobs

    task = progress.add_task("analysing messages", total=total)
    from sqlalchemy import func, select

    from amends.models import Interaction, Job

    while True:
        ran = jobs.run_pending(session_factory, worker_id="demo", limit=5)
        with session_factory() as session:
            done = session.scalar(select(func.count()).select_from(Interaction)
                                  .where(Interaction.model_version.is_not(None))) or 0
        progress.update(task, completed=done)
        if ran == 0:
            break
    with session_factory() as session:
        failed = session.execute(select(Job.kind, Job.last_error).where(
            Job.status != "done", Job.last_error.is_not(None))).first()
    if failed is not None:  # a failed job is retried later; the demo must not hide it
        raise RuntimeError(f"demo job {failed.kind} failed: {failed.last_error}")


def _score(session_factory: Callable[[], Session], progress: Progress) -> list[str]:
    """Score everyone; train the churn model on the demo's churned customers, then rescore."""
    from amends.decide.churn_training import do_train_churn
    from amends.decide.health import score_all
    from amends.errors import ValidationFailed

    task = progress.add_task("scoring customer health", total=None)

    def advance(n: int, total: int) -> None:
        progress.update(task, total=total, advance=n)

    score_all(session_factory, progress=advance)
    try:
        trained = do_train_churn(session_factory)
    except ValidationFailed as exc:
        return [f"Churn model: not trained ({exc})"]
    progress.reset(task)
    score_all(session_factory, progress=advance)
    return [f"Churn model trained on {trained['customers']} customers "
            f"({trained['churned']} churned), held-out ROC AUC {trained['auc_holdout']}"]


def _extras(session_factory: Callable[[], Session], settings: Settings, seed: int,
            as_of: date, progress: Progress) -> list[str]:
    lines: list[str] = []
    for target in DEMO_EXTRAS:
        module_name, func = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name and not module_name.startswith(str(exc.name)):
                raise
            continue
        lines += getattr(module, func)(session_factory, settings, random.Random(seed + 99),
                                       as_of, progress) or []
    return lines


def build_demo(settings: Settings, *, seed: int = 7, n_customers: int = 2000, months: int = 6,
               reset: bool = True, as_of: date | None = None,
               progress: Progress) -> list[str]:
    """Create the demo database and return lines to show the user."""
    from amends.auth import do_create_api_key
    from amends.db import make_engine, make_session_factory, migrate

    url = settings.database_url
    if reset and url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    engine = make_engine(url)
    migrate(engine)
    factory = make_session_factory(engine)
    as_of = as_of or datetime.now(UTC).date()
    plan = DemoBuilder(seed, n_customers, months, as_of).build()
    with factory() as session:
        staff_lines = _create_staff(session)
        _, key = do_create_api_key(session, "demo", ["ingest", "read", "admin"])
        session.commit()
    _write(factory, plan, progress)
    _analyse(factory, progress, len(plan.interactions))
    extra = _extras(factory, settings, seed, as_of, progress)
    extra += _score(factory, progress)
    engine.dispose()
    return [f"Demo business: Northwind Outfitters ({len(plan.customers)} customers, "
            f"{len(plan.interactions)} messages, {len(plan.activity)} activity events)",
            f"Sign in at {settings.base_url} with any of these (password {DEMO_PASSWORD}):",
            *staff_lines, f"API key (ingest, read, admin): {key}", *extra]
