"""The dashboard: server-rendered pages under ``/app``, each with a JSON twin.

Every page handler calls one report function and hands its dict to `render`, which
returns the HTML page, or the same dict as JSON for ``/app/<page>.json`` (or
``Accept: application/json``). Pages need a staff session; JSON twins also accept an API
key with the ``read`` scope. Role checks live in `amends.web.session_auth`.

Feature pages (at risk, cases, surveys, leads) join the navigation through `NAV`: an
entry with a ``module`` shows only when that report module imports and some router serves
its path, so a feature's own web module can add ``/app/cases`` (using `render`, `page` and
the ``base.html`` layout) and the navigation picks it up.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import time
import tomllib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import StreamingResponse

from amends.auth import do_create_api_key
from amends.config import WEEKDAYS, Settings
from amends.decide import staff as staff_actions
from amends.errors import AmendsError, FieldError, NotFound, ValidationFailed
from amends.models import ApiKey, StaffUser, Team
from amends.report import dashboard as report
from amends.report import rollups
from amends.report import team as team_report
from amends.report import themes as themes_report
from amends.timeutil import isoformat, utcnow
from amends.web import charts
from amends.web import session_auth as auth
from amends.web.deps import get_session, get_settings
from amends.web.session_auth import Actor, require

WEB_DIR = Path(__file__).parent
router = APIRouter(include_in_schema=False)


# --- navigation registry -----------------------------------------------------------------

@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    path: str
    icon: str
    module: str | None = None  # shown only when this (report) module imports
    permission: str = "view"


NAV: list[NavItem] = [
    NavItem("overview", "Overview", "/app/overview", "pulse"),
    NavItem("at_risk", "At risk", "/app/at-risk", "alert", module="amends.report.health"),
    NavItem("cases", "Cases", "/app/cases", "inbox", module="amends.report.recovery"),
    NavItem("customers", "Customers", "/app/customers", "users"),
    NavItem("themes", "Themes", "/app/themes", "layers"),
    NavItem("surveys", "Surveys", "/app/surveys", "star", module="amends.report.surveys"),
    NavItem("team", "Team", "/app/team", "heart"),
    NavItem("leads", "Leads", "/app/leads", "spark", module="amends.report.intake"),
    NavItem("settings", "Settings", "/app/settings", "gear"),
]


def _module_available(name: str | None) -> bool:
    if name is None:
        return True
    try:
        importlib.import_module(name)
        return True
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        return False


# Paths registered through `page()`: a nav entry shows only when its page exists.
PAGE_PATHS: set[str] = set()


def _visible_items(app: Any) -> list[NavItem]:
    """Items whose feature has landed: the module imports and a page serves the path
    (this module, or the feature's own web module using `render` and `page`)."""
    cached = getattr(app.state, "dashboard_nav", None)
    if cached is None:
        cached = [i for i in NAV if i.path in PAGE_PATHS and _module_available(i.module)]
        app.state.dashboard_nav = cached
    return cached


def nav_for(request: Request, actor: Actor) -> list[NavItem]:
    return [i for i in _visible_items(request.app) if actor.can(i.permission)]


# --- templates and formatting ------------------------------------------------------------

def _highlight(text: str, spans: list[dict[str, Any]] | None) -> Markup:
    """Escape `text` and wrap the evidence spans in <mark>; the text is untrusted."""
    out, at = [], 0
    for s in sorted(spans or [], key=lambda s: s["start"]):
        start, end = int(s["start"]), int(s["end"])
        if start < at or end > len(text):
            continue
        kinds = " ".join(sorted({f.split(":")[0] for f in s.get("findings") or []}))
        label = ", ".join(f.replace("_", " ").replace(":", ": ")
                          for f in s.get("findings") or [])
        out.append(str(escape(text[at:start])))
        out.append(f'<mark class="ev {escape(kinds)}" title="{escape(label)}">'
                   f'{escape(text[start:end])}</mark>')
        at = end
    out.append(str(escape(text[at:])))
    return Markup("".join(out))


def _when(value: str | datetime | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


def _ago(value: str | datetime | None) -> str:
    when = _when(value)
    if when is None:
        return "never"
    seconds = (utcnow() - when).total_seconds()
    if seconds < 60:
        return "just now"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{int(seconds // size)}{unit} ago"
    return "just now"


def _date(value: str | datetime | None, fmt: str = "%d %b %Y, %H:%M") -> str:
    when = _when(value)
    return when.strftime(fmt) if when else "–"


def _num(value: float | int | None, digits: int = 0) -> str:
    if not isinstance(value, int | float):  # None, or a figure a feature did not provide
        return "–"
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.1f}M"
    if abs(value) >= 10_000:
        return f"{value / 1000:.1f}k"
    return f"{value:,.{digits}f}"


def _pct(value: float | None, digits: int = 1) -> str:
    return f"{value * 100:.{digits}f}%" if isinstance(value, int | float) else "–"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))} min"
    if seconds < 86400 * 2:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


def _mood(score: float | None) -> str:
    if score is None:
        return "unknown"
    return "bad" if score <= -0.2 else "good" if score >= 0.2 else "neutral"


ENV = Environment(loader=FileSystemLoader(str(WEB_DIR / "templates")),
                  autoescape=select_autoescape(default=True, default_for_string=True),
                  trim_blocks=True, lstrip_blocks=True)
ENV.filters.update(highlight=_highlight, ago=_ago, date=_date, num=_num, pct=_pct,
                   duration=_duration, mood=_mood,
                   label=lambda s: str(s or "").replace("_", " "),
                   shortday=lambda d: datetime.fromisoformat(d).strftime("%-d %b"),
                   times100=lambda v: None if v is None else v * 100)


def _qs(query: dict[str, str], **changes: Any) -> str:
    """The current query string with some parameters changed (None removes one)."""
    merged = {k: v for k, v in query.items() if k != "done"}
    merged.update({k: str(v) for k, v in changes.items() if v is not None})
    return urlencode({k: v for k, v in merged.items() if v != ""})


ENV.globals.update(charts=charts, palette=charts.PALETTE, zip=zip, qs=_qs)

FLASH = {"user_created": "User created.", "password_reset": "Password reset; their sessions "
         "were signed out.", "user_updated": "User updated.", "key_revoked": "API key revoked.",
         "assigned": "Owner updated.", "unlocked": "Account unlocked.",
         "case_opened": "Case opened.", "case_acknowledge": "Case acknowledged.",
         "case_start": "Work started.", "case_assign": "Case reassigned.",
         "case_note": "Note added.", "case_step": "Step done.", "case_draft": "Draft written.",
         "case_send": "Message queued to the customer.", "case_offer": "Amends recorded.",
         "case_approve": "Decision recorded.", "case_resolve": "Case resolved."}


def wants_json(request: Request) -> bool:
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def render(request: Request, actor: Actor, template: str, data: dict[str, Any],
           *, active: str = "", title: str = "", status: int = 200,
           extra: dict[str, Any] | None = None) -> Response:
    """The page, or its JSON twin: the same `data` either way."""
    if wants_json(request) or actor.via == "api_key":
        return JSONResponse(data, status_code=status)
    context = {"request": request, "actor": actor, "nav": nav_for(request, actor), "active": active,
               "title": title, "data": data, "csrf": actor.csrf_token,
               "flash": FLASH.get(request.query_params.get("done", "")),
               "path": request.url.path, "query": dict(request.query_params)}
    context.update(extra or {})
    html = ENV.get_template(template).render(context)
    return HTMLResponse(html, status_code=status, headers=_SECURITY_HEADERS)


_SECURITY_HEADERS = {
    # No inline script, no third-party anything: customer text can never run.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                               "script-src 'self'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store"}


def page(path: str, on: APIRouter | None = None) -> Callable[[Callable[..., Any]],
                                                             Callable[..., Any]]:
    """Register a GET handler for the page and for its ``.json`` twin (on `on`, or on the
    dashboard's router); the path then counts for the navigation."""
    def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
        target = on if on is not None else router
        # The twin first: "/x/{id}" would otherwise also match "/x/5.json".
        target.add_api_route(path + ".json", fn, methods=["GET"], include_in_schema=False)
        target.add_api_route(path, fn, methods=["GET"], include_in_schema=False)
        PAGE_PATHS.add(path)
        return fn
    return decorator


def html_error_renderer(request: Request, exc: AmendsError) -> Response:
    """Friendly error pages for browsers; JSON for the twins and for JSON clients."""
    if wants_json(request):
        return JSONResponse(exc.to_dict(), status_code=exc.status)
    if exc.status == 401 and request.url.path.startswith("/app"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/app/login?next={quote(target)}", status_code=303)
    actor = getattr(request.state, "actor", None)
    context = {"request": request, "actor": actor, "nav": nav_for(request, actor) if actor else [],
               "error": exc, "title": "Something is not right", "active": "",
               "csrf": actor.csrf_token if actor else ""}
    html = ENV.get_template("error.html").render(context)
    return HTMLResponse(html, status_code=exc.status, headers=_SECURITY_HEADERS)


def _scope(request: Request, session: Session, actor: Actor) -> report.Scope:
    segment = request.query_params.get("segment") or None
    if segment is not None and len(segment) > 64:
        raise ValidationFailed("segment is too long",
                               fields=[FieldError("query.segment", "at most 64 characters")])
    scope = report.Scope(auth.customer_scope(session, actor),
                         report.parse_period(request.query_params.get("period")), segment)
    _ensure_rollups(session, scope)
    return scope


def _ensure_rollups(session: Session, scope: report.Scope) -> None:
    """Fill the per-day rollups this period (and the one before) still lacks, so the next
    view is fast even without a worker. A concurrent request filling the same days wins."""
    if scope.customer_condition is not None:
        return
    days = rollups.complete_days(scope.since - timedelta(days=scope.days), scope.now)
    missing = rollups.missing_days(session, days)
    try:
        if missing:
            rollups.do_refresh_rollups(session, missing)
        if not rollups.customer_bad_ready(session):
            rollups.do_rebuild_customer_bad(session)
        # The worker rolls today up every minute; a page does it only as a fallback
        # (no worker running), so a request rarely pays for it.
        rollups.do_refresh_today(session, scope.now, max_age=timedelta(minutes=10))
        session.commit()
    except IntegrityError:
        session.rollback()


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _back(path: str, done: str) -> RedirectResponse:
    return RedirectResponse(f"{path}?done={done}", status_code=303)


# --- sign in / out -----------------------------------------------------------------------

def _safe_next(raw: str | None) -> str:
    if raw and raw.startswith("/app") and not raw.startswith("//") and "\\" not in raw:
        return raw
    return "/app/overview"


@router.get("/app/login")
def login_page(request: Request, next: str | None = None,
               session: Session = Depends(get_session),
               settings: Settings = Depends(get_settings)) -> Response:
    if auth.actor_from_cookie(request, session) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _login_form(settings, next=_safe_next(next))


def _login_form(settings: Settings, *, next: str, error: str = "", email: str = "",
                status: int = 200) -> Response:
    token, cookie = auth.new_login_csrf(settings)
    html = ENV.get_template("login.html").render(csrf=token, next=next, error=error,
                                                 email=email, title="Sign in")
    response = HTMLResponse(html, status_code=status, headers=_SECURITY_HEADERS)
    response.set_cookie(auth.LOGIN_CSRF_COOKIE, cookie, httponly=True, samesite="lax",
                        secure=settings.base_url.startswith("https://"), path="/app",
                        max_age=3600)
    return response


@router.post("/app/login")
async def login(request: Request, session: Session = Depends(get_session),
                settings: Settings = Depends(get_settings)) -> Response:
    form = await _form(request)
    auth.check_login_csrf(request.cookies.get(auth.LOGIN_CSRF_COOKIE), form.get("csrf_token"),
                          settings)
    email, target = form.get("email", ""), _safe_next(form.get("next"))
    try:
        user = staff_actions.do_sign_in(session, email=email, password=form.get("password", ""))
    except AmendsError as exc:
        session.commit()  # keep the failure count (and any lock) even though we refuse
        return _login_form(settings, next=target, error=exc.message, email=email,
                           status=exc.status)
    _, raw = staff_actions.do_start_session(session, user, ip=request.client.host
                                            if request.client else None,
                                            user_agent=request.headers.get("user-agent"))
    session.commit()
    response = RedirectResponse(target, status_code=303)
    auth.set_session_cookie(response, raw, settings)
    response.delete_cookie(auth.LOGIN_CSRF_COOKIE, path="/app")
    return response


@router.post("/app/logout")
async def logout(request: Request, actor: Actor = Depends(auth.signed_in),
                 session: Session = Depends(get_session),
                 settings: Settings = Depends(get_settings)) -> Response:
    auth.check_csrf(actor, (await _form(request)).get("csrf_token"))
    staff_actions.do_end_session(session, request.cookies.get(auth.SESSION_COOKIE, ""))
    session.commit()
    response = RedirectResponse("/app/login", status_code=303)
    auth.clear_session_cookie(response, settings)
    return response


@router.get("/app")
@router.get("/app/")
def app_home() -> Response:
    return RedirectResponse("/app/overview", status_code=303)


# --- overview and live feed --------------------------------------------------------------

@page("/app/overview")
def overview(request: Request, actor: Actor = Depends(auth.signed_in_or_key),
             session: Session = Depends(get_session)) -> Response:
    scope = _scope(request, session, actor)
    data = report.overview(session, scope)
    data["feed"] = report.live_feed(session, scope, limit=12)
    data.update(_overview_extras(session, scope, actor))
    return render(request, actor, "overview.html", data, active="overview", title="Overview")


def _overview_extras(session: Session, scope: report.Scope,
                     actor: Actor) -> dict[str, Any]:
    """Blocks from features that have landed: survey scores and open cases by SLA."""
    out: dict[str, Any] = {}
    surveys = _feature("amends.report.surveys")
    if surveys is not None:
        total = surveys.survey_stats(session, by="none", since=scope.since,
                                     until=scope.now)["total"]
        metrics = []
        for key, label, fmt, hint in (
                ("csat_pct", "CSAT", "{:.0f}%", "answers of 4 or 5"),
                ("nps", "NPS", "{:+.0f}", "promoters − detractors"),
                ("ces_mean", "Customer effort", "{:.1f}", "1 very easy · 7 very hard"),
                ("response_rate", "Survey response rate", "{:.0%}", "answered invitations")):
            if total.get(key) is not None:
                metrics.append({"key": key, "label": label, "value": total[key],
                                "value_text": fmt.format(total[key]), "hint": hint})
        if metrics or total.get("responses"):
            out["surveys"] = {"metrics": metrics, "responses": total.get("responses", 0),
                              "distribution": total.get("distribution", {})}
    recovery = _feature("amends.report.recovery")
    if recovery is not None:
        board = recovery.board(session)
        every = [c for col in board["columns"].values() for c in col]
        seen = _visible_customer_ids(session, actor, {c["customer_id"] for c in every})
        states: dict[str, int] = {"breached": 0, "at_risk": 0, "on_track": 0}
        for c in every:
            view = _sla_of(c) if c["customer_id"] in seen else None
            if view and view["state"] in states:
                states[view["state"]] += 1
        labels = {"breached": "SLA breached", "at_risk": "due within 2 h",
                  "on_track": "on track"}
        out["cases"] = {"open": sum(states.values()),
                        "by_sla": [{"state": k, "label": labels[k], "count": v}
                                   for k, v in states.items()]}
    return out


LIVE_MAX_SECONDS = 300


@router.get("/app/live")
async def live(request: Request, after: int | None = Query(default=None, ge=0),
               max_seconds: float = Query(default=LIVE_MAX_SECONDS, gt=0, le=LIVE_MAX_SECONDS),
               actor: Actor = Depends(auth.signed_in),
               session: Session = Depends(get_session)) -> StreamingResponse:
    """Server-sent events: new interactions as they arrive. The stream polls the database
    by id once a second, ends after `max_seconds` (the browser reconnects with
    Last-Event-ID) and stops as soon as the client goes away."""
    # The request's session would stay open (with SQLite's write lock) for the whole
    # stream; each poll uses a short session of its own instead.
    session.close()
    factory = request.app.state.session_factory
    header = request.headers.get("last-event-id", "")
    start = after if after is not None else int(header) if header.isdigit() else None

    def poll(last: int | None) -> dict[str, Any]:
        with factory() as s:
            scope = report.Scope(auth.customer_scope(s, actor))
            if last is None:
                return {"items": [], "last_id": report.latest_interaction_id(s)}
            return report.live_feed(s, scope, after_id=last, limit=50)

    async def stream() -> AsyncIterator[str]:
        last = start
        deadline = time.monotonic() + max_seconds
        yield "retry: 2000\n\n"
        while time.monotonic() < deadline:
            if await request.is_disconnected():
                break
            batch = await run_in_threadpool(poll, last)
            for item in batch["items"]:
                yield f"id: {item['id']}\nevent: interaction\ndata: {json.dumps(item)}\n\n"
            last = batch["last_id"]
            yield ": keep-alive\n\n"
            await asyncio.sleep(min(1.0, max(0.0, deadline - time.monotonic())))

    return StreamingResponse(stream(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


@router.get("/app/live.json")
def live_json(request: Request, after: int = Query(default=0, ge=0),
              actor: Actor = Depends(auth.signed_in_or_key),
              session: Session = Depends(get_session)) -> dict[str, Any]:
    """The same feed for polling clients."""
    return report.live_feed(session, report.Scope(auth.customer_scope(session, actor)),
                            after_id=after, limit=50)


# --- customers ---------------------------------------------------------------------------

@page("/app/customers")
def customers(request: Request, q: str | None = Query(default=None, max_length=200),
              bad: bool = False, page_no: int = Query(default=1, ge=1, le=10_000, alias="page"),
              actor: Actor = Depends(auth.signed_in_or_key),
              session: Session = Depends(get_session)) -> Response:
    data = report.customers_page(session, _scope(request, session, actor), q=q, bad_only=bad,
                                 page=page_no)
    return render(request, actor, "customers.html", data, active="customers",
                  title="Customers")


@page("/app/customers/{customer_id}")
def customer(request: Request, customer_id: int, actor: Actor = Depends(auth.signed_in_or_key),
             session: Session = Depends(get_session)) -> Response:
    found = auth.get_customer_for_user(session, actor, customer_id)
    data = report.customer_page(session, _scope(request, session, actor), found)
    data.update(_customer_extras(session, found.id))
    staff = []
    if actor.can("assign"):
        staff = [{"id": u.id, "name": u.name} for u in session.scalars(
            select(StaffUser).where(StaffUser.is_active.is_(True)).order_by(StaffUser.name))]
    return render(request, actor, "customer.html", data, active="customers",
                  title=data["customer"]["name"], extra={"staff": staff})


def _customer_extras(session: Session, customer_id: int) -> dict[str, Any]:
    """Health history and cases, once those features exist."""
    out: dict[str, Any] = {}
    health = _feature("amends.report.health")
    if health is not None:
        h = health.customer_health(session, customer_id)
        hist = h["history"][-60:]
        out["health"] = {
            "current": h["current"],
            "labels": [_date(x["computed_at"], "%-d %b") for x in hist],
            "series": [("health", [x["health_score"] for x in hist], charts.PALETTE["good"]),
                       ("churn risk %", [None if x["churn_risk"] is None
                                         else x["churn_risk"] * 100 for x in hist],
                        charts.PALETTE["bad"])]}
    recovery = _feature("amends.report.recovery")
    if recovery is not None:
        out["cases"] = recovery.list_cases(session, customer_id=customer_id, limit=5)["items"]
    return out


@router.post("/app/customers/{customer_id}/assign")
async def assign_customer(request: Request, customer_id: int,
                          actor: Actor = Depends(auth.signed_in),
                          session: Session = Depends(get_session)) -> Response:
    form = await _form(request)
    auth.check_csrf(actor, form.get("csrf_token"))
    require(actor, "assign")
    found = auth.get_customer_for_user(session, actor, customer_id)
    raw = form.get("owner_id", "")
    owner_id = int(raw) if raw.isdigit() else None
    if raw and owner_id is None:
        raise ValidationFailed("owner_id must be a staff id",
                               fields=[FieldError("owner_id", "not a number")])
    if owner_id is not None:
        owner = session.get(StaffUser, owner_id)
        if owner is None or not owner.is_active:
            raise ValidationFailed("no active staff user with that id",
                                   fields=[FieldError("owner_id", "unknown staff user")])
    found.owner_id = owner_id
    session.commit()
    return _back(f"/app/customers/{customer_id}", "assigned")


# --- themes and team ---------------------------------------------------------------------

@page("/app/themes")
def themes(request: Request, actor: Actor = Depends(auth.signed_in_or_key),
           session: Session = Depends(get_session)) -> Response:
    data = themes_report.themes(session, _scope(request, session, actor))
    data["learnings"] = _learnings(session)
    return render(request, actor, "themes.html", data, active="themes", title="Themes")


def _learnings(session: Session) -> list[dict[str, Any]]:
    """Root causes and learnings written on resolved cases, once the cases feature lands."""
    try:
        module = importlib.import_module("amends.report.recovery")
    except ModuleNotFoundError:
        return []
    feed = getattr(module, "learnings_feed", None)
    return list(feed(session, limit=10)) if feed else []


@page("/app/themes/{category}")
def theme(request: Request, category: str, actor: Actor = Depends(auth.signed_in_or_key),
          session: Session = Depends(get_session)) -> Response:
    if len(category) > 64:
        raise NotFound("no such theme")
    data = themes_report.theme_messages(session, _scope(request, session, actor), category)
    return render(request, actor, "theme.html", data, active="themes", title=data["label"])


@page("/app/team")
def team(request: Request, actor: Actor = Depends(auth.signed_in_or_key),
         session: Session = Depends(get_session)) -> Response:
    scope = _scope(request, session, actor)
    data = team_report.team_overview(session, scope)
    surveys = _feature("amends.report.surveys")
    if surveys is not None:
        by_staff = {g["group"]: g.get("csat_pct") for g in surveys.survey_stats(
            session, by="staff", since=scope.since, until=scope.now)["groups"]}
        for m in data["members"]:
            pct = by_staff.get(m["name"])
            m["csat"] = None if pct is None else pct / 100
    return render(request, actor, "team.html", data, active="team", title="Team")


@page("/app/team/{staff_id}")
def staff_member(request: Request, staff_id: int, actor: Actor = Depends(auth.signed_in_or_key),
                 session: Session = Depends(get_session)) -> Response:
    user = auth.get_staff_for_user(session, actor, staff_id)
    data = team_report.staff_page(session, _scope(request, session, actor), user)
    return render(request, actor, "staff.html", data, active="team", title=user.name)


# --- settings ----------------------------------------------------------------------------

@page("/app/settings")
def settings_page(request: Request, actor: Actor = Depends(auth.signed_in_or_key),
                  session: Session = Depends(get_session),
                  settings: Settings = Depends(get_settings)) -> Response:
    data: dict[str, Any] = {"business_hours": _hours(settings), "timezone": settings.timezone,
                            "holidays": [d.isoformat() for d in settings.holidays],
                            "taxonomy": _taxonomy(settings)}
    if actor.can("manage_users"):
        data["users"] = _users(session)
        data["teams"] = list(session.scalars(select(Team.name).order_by(Team.name)))
    data.update(_feature_settings(session, actor))
    if actor.can("manage_api_keys"):
        data["api_keys"] = [{"id": k.id, "name": k.name, "prefix": k.prefix,
                             "scopes": sorted(k.scope_set),
                             "created_at": isoformat(k.created_at),
                             "last_used_at": isoformat(k.last_used_at),
                             "revoked": k.revoked_at is not None}
                            for k in session.scalars(select(ApiKey).order_by(ApiKey.id.desc()))]
    return render(request, actor, "settings.html", data, active="settings", title="Settings")


def _feature_settings(session: Session, actor: Actor) -> dict[str, Any]:
    """Read-only views of other features' settings: recovery rules, alert channels and
    surveys (they are changed through the API or CLI)."""
    out: dict[str, Any] = {}
    if _module_available("amends.decide.rules"):
        rules = importlib.import_module("amends.decide.rules")
        out["rules"] = [{"rule": k, "description": rules.DESCRIPTIONS.get(k, ""),
                         "enabled": v.get("enabled", True)}
                        for k, v in rules.rule_settings(session).items()]
    if actor.can("manage_settings") and _module_available("amends.models.cases"):
        from amends.models.cases import AlertSubscription

        out["alerts"] = [{"id": a.id, "channel": a.channel, "target": a.target,
                          "min_priority": a.min_priority, "digest": a.digest,
                          "active": a.active}
                         for a in session.scalars(select(AlertSubscription)
                                                  .order_by(AlertSubscription.id))]
    surveys = _feature("amends.report.surveys")
    if surveys is not None:
        out["surveys"] = [{"id": x.id, "key": x.key, "name": x.name, "kind": x.kind,
                           "active": x.is_active} for x in surveys.list_surveys(session)]
    return out


def _hours(settings: Settings) -> list[dict[str, Any]]:
    return [{"day": WEEKDAYS[d].capitalize(),
             "windows": [f"{a.strftime('%H:%M')}–{b.strftime('%H:%M') if b.hour < 24 else '24:00'}"
                         for a, b in settings.business_hours.get(d, [])]} for d in range(7)]


def _taxonomy(settings: Settings) -> list[dict[str, Any]]:
    # The default file's path, without importing the text engine (and numpy) for it.
    default = WEB_DIR.parent / "analyse" / "data" / "taxonomy.toml"
    path = Path(settings.taxonomy_file) if settings.taxonomy_file else default
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError):
        return []
    return [{"id": cid, "label": c.get("label", cid), "severity": c.get("severity"),
             "phrases": len(c.get("phrases", [])), "keywords": c.get("keywords", [])[:8],
             "examples": c.get("examples", [])[:2]}
            for cid, c in (data.get("categories") or {}).items() if isinstance(c, dict)]


def _users(session: Session) -> list[dict[str, Any]]:
    teams = {row[0]: row[1] for row in session.execute(select(Team.id, Team.name))}
    now = utcnow()
    return [{"id": u.id, "name": u.name, "email": u.email, "role": u.role,
             "team": teams.get(u.team_id or 0), "active": u.is_active,
             "locked": bool(u.locked_until and u.locked_until > now),
             "last_login_at": isoformat(u.last_login_at)}
            for u in session.scalars(select(StaffUser).order_by(StaffUser.name))]


async def _admin_form(request: Request, actor: Actor, action: str) -> dict[str, str]:
    form = await _form(request)
    auth.check_csrf(actor, form.get("csrf_token"))
    require(actor, action)
    return form


@router.post("/app/settings/users")
async def create_user(request: Request, actor: Actor = Depends(auth.signed_in),
                      session: Session = Depends(get_session)) -> Response:
    form = await _admin_form(request, actor, "manage_users")
    staff_actions.do_create_staff(session, email=form.get("email", ""),
                                  name=form.get("name", "").strip(),
                                  role=form.get("role", "agent"),
                                  team_name=form.get("team", "").strip() or None,
                                  password=form.get("password") or None)
    session.commit()
    return _back("/app/settings", "user_created")


@router.post("/app/settings/users/{user_id}/{action}")
async def change_user(request: Request, user_id: int, action: str,
                      actor: Actor = Depends(auth.signed_in),
                      session: Session = Depends(get_session)) -> Response:
    form = await _admin_form(request, actor, "manage_users")
    done = "user_updated"
    if action == "password":
        staff_actions.do_reset_password(session, user_id, form.get("password", ""))
        done = "password_reset"
    elif action == "active":
        staff_actions.do_set_staff_active(session, user_id, form.get("active") == "1",
                                          acting_user_id=actor.user_id)
    elif action == "role":
        staff_actions.do_set_staff_role(session, user_id, form.get("role", ""),
                                        acting_user_id=actor.user_id)
    elif action == "unlock":
        staff_actions.do_unlock_staff(session, user_id)
        done = "unlocked"
    else:
        raise NotFound(f"no user action {action!r}")
    session.commit()
    return _back("/app/settings", done)


@router.post("/app/settings/api-keys")
async def create_key(request: Request, actor: Actor = Depends(auth.signed_in),
                     session: Session = Depends(get_session)) -> Response:
    form = await request.form()
    auth.check_csrf(actor, str(form.get("csrf_token") or ""))
    require(actor, "manage_api_keys")
    name = str(form.get("name") or "").strip()
    if not name:
        raise ValidationFailed("the key needs a name", fields=[FieldError("name", "required")])
    scopes = [str(s) for s in form.getlist("scopes")]
    key, raw = do_create_api_key(session, name[:120], scopes, created_by_id=actor.user_id)
    session.commit()
    data = {"id": key.id, "name": key.name, "scopes": sorted(key.scope_set), "key": raw}
    return render(request, actor, "api_key_created.html", data, active="settings",
                  title="API key created", status=201)


@router.post("/app/settings/api-keys/{key_id}/revoke")
async def revoke_key(request: Request, key_id: int, actor: Actor = Depends(auth.signed_in),
                     session: Session = Depends(get_session)) -> Response:
    await _admin_form(request, actor, "manage_api_keys")
    key = session.get(ApiKey, key_id)
    if key is None:
        raise NotFound(f"no API key with id {key_id}")
    key.revoked_at = key.revoked_at or utcnow()
    session.commit()
    return _back("/app/settings", "key_revoked")


# --- feature pages: at risk, cases, leads (shown once their report modules exist) ----------

def _feature(name: str) -> Any | None:
    """The feature's report module, or None while that feature has not landed."""
    return importlib.import_module(name) if _module_available(name) else None


def _countdown(due: str | None, met: str | None) -> dict[str, Any] | None:
    """Wall-clock time left to a deadline, for the SLA badges."""
    if due is None:
        return None
    when = _when(due)
    assert when is not None
    if met:
        return {"state": "met", "text": "met"}
    left = (when - utcnow()).total_seconds()
    if left < 0:
        return {"state": "breached", "text": f"overdue {_duration(-left)}"}
    return {"state": "at_risk" if left < 2 * 3600 else "on_track",
            "text": f"{_duration(left)} left"}


def _sla_of(case: dict[str, Any]) -> dict[str, Any] | None:
    if case.get("first_response_at") is None:
        return _countdown(case.get("first_response_due"), None)
    return _countdown(case.get("resolution_due"), case.get("resolved_at"))


def _visible_customer_ids(session: Session, actor: Actor, ids: set[int]) -> set[int]:
    cond = auth.customer_scope(session, actor)
    if cond is None or not ids:
        return ids
    from amends.models import Customer

    return set(session.scalars(select(Customer.id).where(Customer.id.in_(ids), cond)))


if _module_available("amends.report.health"):
    @page("/app/at-risk")
    def at_risk(request: Request, persona: str | None = Query(default=None, max_length=40),
                effort: str | None = Query(default=None, max_length=40),
                sort: str = Query(default="value_at_risk", max_length=40),
                segment: str | None = Query(default=None, max_length=64),
                offset: int = Query(default=0, ge=0, le=1_000_000),
                actor: Actor = Depends(auth.signed_in_or_key),
                session: Session = Depends(get_session)) -> Response:
        health = importlib.import_module("amends.report.health")
        data = health.at_risk(session, persona=persona or None, effort=effort or None,
                              sort=sort, segment=segment or None, limit=50, offset=offset)
        ids = {x["customer"]["id"] for x in data["items"]}
        seen = _visible_customer_ids(session, actor, ids)
        data["items"] = [x for x in data["items"] if x["customer"]["id"] in seen]
        owners = {u.id: u.name for u in session.scalars(select(StaffUser))}
        for x in data["items"]:
            x["customer"]["owner_name"] = owners.get(x["customer"]["owner_id"] or 0)
        data.update(persona=persona, effort=effort, sort=sort, segment=segment,
                    personas=list(health.AT_RISK_PERSONAS), sorts=list(health.SORTS),
                    segments=report.segments(session), offset=offset)
        return render(request, actor, "at_risk.html", data, active="at_risk", title="At risk")


if _module_available("amends.report.recovery"):
    @page("/app/cases")
    def cases_board(request: Request, actor: Actor = Depends(auth.signed_in_or_key),
                    session: Session = Depends(get_session)) -> Response:
        recovery = importlib.import_module("amends.report.recovery")
        data = recovery.board(session)
        every = [c for col in data["columns"].values() for c in col]
        seen = _visible_customer_ids(session, actor, {c["customer_id"] for c in every})
        mine = set(auth.team_member_ids(session, actor)) if not actor.can(
            "view_all_customers") else None
        for status, col in data["columns"].items():
            data["columns"][status] = [
                c | {"sla_view": _sla_of(c)} for c in col
                if c["customer_id"] in seen or (mine and c["owner_id"] in mine)]
        data["total"] = sum(len(c) for c in data["columns"].values())
        return render(request, actor, "cases.html", data, active="cases", title="Cases")

    @page("/app/cases/{case_id}")
    def case_page(request: Request, case_id: int, actor: Actor = Depends(auth.signed_in_or_key),
                  session: Session = Depends(get_session)) -> Response:
        recovery = importlib.import_module("amends.report.recovery")
        _case_for_user(session, actor, case_id)
        data = recovery.case_detail(session, case_id)
        data["case"]["sla_view"] = _sla_of(data["case"])
        staff = [{"id": u.id, "name": u.name} for u in session.scalars(
            select(StaffUser).where(StaffUser.is_active.is_(True)).order_by(StaffUser.name))]
        from amends.models.cases import AMENDS_KINDS, DRAFT_KINDS

        return render(request, actor, "case.html", data, active="cases",
                      title=data["case"]["title"] or f"Case {case_id}",
                      extra={"staff": staff, "draft_kinds": DRAFT_KINDS,
                             "amends_kinds": AMENDS_KINDS})

    @router.post("/app/cases/{case_id}/{action}")
    async def case_action(request: Request, case_id: int, action: str,
                          actor: Actor = Depends(auth.signed_in),
                          session: Session = Depends(get_session)) -> Response:
        """One route per button on the case page; each calls one decide function."""
        from amends.decide import amends_ledger, cases

        form = await _form(request)
        auth.check_csrf(actor, form.get("csrf_token"))
        require(actor, "work_cases")
        _case_for_user(session, actor, case_id)
        uid = actor.user_id
        assert uid is not None
        number = _form_int
        if action == "acknowledge":
            cases.do_acknowledge(session, case_id, staff_id=uid)
        elif action == "start":
            cases.do_start(session, case_id, staff_id=uid)
        elif action == "assign":
            require(actor, "assign")
            cases.do_assign(session, case_id, staff_id=number(form, "owner_id"), actor_id=uid)
        elif action == "note":
            cases.do_add_note(session, case_id, staff_id=uid, text=form.get("text", ""))
        elif action == "step":
            cases.do_complete_step(session, case_id, number(form, "step_id"), staff_id=uid,
                                   notes=form.get("notes") or None)
        elif action == "draft":
            cases.do_create_draft(session, case_id, kind=form.get("kind", ""), staff_id=uid)
        elif action == "send":
            cases.do_send_draft(session, case_id, number(form, "draft_id"), staff_id=uid,
                                override_tone=form.get("override_tone") == "1")
        elif action == "offer":
            amends_ledger.do_offer_amends(session, case_id, staff_id=uid,
                                          kind=form.get("kind", ""),
                                          value=_form_float(form, "value"),
                                          description=form.get("description", ""))
        elif action == "approve":
            require(actor, "approve_amends")
            amends_ledger.do_approve_amends(session, case_id, number(form, "entry_id"),
                                            staff_id=uid, approve=form.get("approve") != "0")
        elif action == "resolve":
            cases.do_resolve_case(session, case_id, staff_id=uid, note=form.get("note", ""),
                                  fix=form.get("fix") or None)
        else:
            raise NotFound(f"no case action {action!r}")
        session.commit()
        return RedirectResponse(f"/app/cases/{case_id}?done=case_{action}", status_code=303)

    @router.post("/app/customers/{customer_id}/open-case")
    async def open_case(request: Request, customer_id: int,
                        actor: Actor = Depends(auth.signed_in),
                        session: Session = Depends(get_session)) -> Response:
        from amends.decide import cases

        form = await _form(request)
        auth.check_csrf(actor, form.get("csrf_token"))
        require(actor, "work_cases")
        auth.get_customer_for_user(session, actor, customer_id)
        assert actor.user_id is not None
        title = form.get("title", "").strip() or "Follow up with this customer"
        case = cases.do_open_case_manually(session, customer_id=customer_id,
                                           staff_id=actor.user_id, title=title[:200],
                                           severity=min(100, max(0, _form_int(form, "severity",
                                                                              50))))
        session.commit()
        return RedirectResponse(f"/app/cases/{case.id}?done=case_opened", status_code=303)


def _case_for_user(session: Session, actor: Actor, case_id: int) -> Any:
    """The case if the actor may see it (its customer, or a case of their team)."""
    from amends.decide.cases import get_case

    try:
        case = get_case(session, case_id)
    except NotFound:
        raise NotFound(f"no case with id {case_id}") from None
    customer_ok = bool(_visible_customer_ids(session, actor, {case.customer_id}))
    if not customer_ok and case.owner_id not in auth.team_member_ids(session, actor):
        raise NotFound(f"no case with id {case_id}")
    return case


def _form_int(form: dict[str, str], name: str, default: int | None = None) -> int:
    raw = form.get(name, "")
    if raw.strip().lstrip("-").isdigit():
        return int(raw)
    if default is not None and raw == "":
        return default
    raise ValidationFailed(f"{name} must be a whole number",
                           fields=[FieldError(name, "not a whole number")])


def _form_float(form: dict[str, str], name: str) -> float:
    try:
        return float(form.get(name, ""))
    except ValueError:
        raise ValidationFailed(f"{name} must be a number",
                               fields=[FieldError(name, "not a number")]) from None


if _module_available("amends.report.surveys"):
    @page("/app/surveys")
    def surveys_page(request: Request, actor: Actor = Depends(auth.signed_in_or_key),
                     session: Session = Depends(get_session)) -> Response:
        surveys = importlib.import_module("amends.report.surveys")
        scope = _scope(request, session, actor)
        stats = surveys.survey_stats(session, by="survey", since=scope.since, until=scope.now)
        by_key = {g["group"]: g for g in stats["groups"]}
        data = {"period": scope.period, "total": stats["total"],
                "surveys": [surveys.survey_dict(x) | {"stats": by_key.get(x.key, {})}
                            for x in surveys.list_surveys(session)],
                "by_staff": surveys.survey_stats(session, by="staff", since=scope.since,
                                                 until=scope.now)["groups"]}
        return render(request, actor, "surveys.html", data, active="surveys", title="Surveys")


if _module_available("amends.report.intake"):
    @page("/app/leads")
    def leads(request: Request, status: str | None = Query(default=None, max_length=20),
              actor: Actor = Depends(auth.signed_in_or_key),
              session: Session = Depends(get_session),
              settings: Settings = Depends(get_settings)) -> Response:
        intake = importlib.import_module("amends.report.intake")
        data = intake.list_leads(session, status=status or None, limit=50)
        data["speed"] = intake.speed_to_lead(session, settings)
        data["status"] = status
        return render(request, actor, "leads.html", data, active="leads", title="Leads")


# --- install -----------------------------------------------------------------------------

def install(app: FastAPI) -> None:
    """Mount the dashboard: routes, static files, error pages, feature pages."""
    app.include_router(router)
    app.mount("/app/static", StaticFiles(directory=str(WEB_DIR / "static")), name="app-static")
    app.state.html_error_renderer = html_error_renderer
