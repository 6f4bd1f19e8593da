"""Intake over HTTP: the leads API, the inbound email/phone webhooks, the public form.

JSON routes live under ``/api/v1`` (API key); the embeddable form and its thank-you page
under ``/intake/form/{form_key}`` (public, protected by `amends.intake.spam`).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from amends.config import Settings
from amends.decide import intake as decide
from amends.errors import AmendsError, FieldError, RateLimited, ValidationFailed
from amends.ingest.schemas import EmailStr, Storable, field_errors
from amends.intake import messages, policy, spam
from amends.intake.capture import EmailWebhookIn, EnquiryIn, FormIn, PhoneWebhookIn
from amends.models import StaffUser, Team
from amends.models.intake import IntakeAttempt, IntakeForm, Lead
from amends.report import intake as report
from amends.timeutil import utcnow
from amends.web.api import MAX_ID, PathId, QueryId
from amends.web.deps import (
    client_ip,
    get_session,
    get_settings,
    require_scope,
    storable_params,
)

# Every route (API and public form) refuses a NUL or lone surrogate in its path or query.
router = APIRouter(dependencies=[Depends(storable_params)])
ingest = Depends(require_scope("ingest"))
read = Depends(require_scope("read"))
admin = Depends(require_scope("admin"))
_templates = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                         autoescape=select_autoescape(["html"]))


class LeadOut(BaseModel):
    id: int
    ref: str
    status: Literal["created", "duplicate"]
    lead: dict[str, Any]


def _lead_out(lead: Lead, created: bool, response: Response) -> LeadOut:
    response.status_code = 201 if created else 200
    return LeadOut(id=lead.id, ref=f"L{lead.id}", status="created" if created else "duplicate",
                   lead=report.lead_dict(lead))


def _to_enquiry(model: Any, now: datetime) -> Any:
    try:
        return model.to_enquiry(now)
    except ValueError as exc:
        field, _, message = str(exc).partition(": ")
        raise ValidationFailed(str(exc), fields=[FieldError(f"body.{field}", message)]) from None


def _staff_id(session: Session, email: str | None, field: str = "body.staff_email") -> int | None:
    if not email:
        return None
    staff = session.scalar(select(StaffUser).where(func.lower(StaffUser.email) == email.lower()))
    if staff is None:
        raise ValidationFailed("unknown staff member", fields=[
            FieldError(field, f"no staff user with email {email}")])
    return staff.id


# --- capture (API and webhooks) ----------------------------------------------------------

@router.post("/api/v1/leads", response_model=LeadOut, dependencies=[ingest], tags=["intake"],
             summary="Record a new enquiry (idempotent by source + external_id)")
def create_lead(payload: EnquiryIn, response: Response, session: Session = Depends(get_session),
                settings: Settings = Depends(get_settings)) -> LeadOut:
    return _capture(session, settings, response, payload.to_enquiry)


def _capture(session: Session, settings: Settings, response: Response,
             enquiry_at: Callable[[datetime], Any]) -> LeadOut:
    """Store one enquiry from any source, commit, and answer 201 (new) or 200 (known)."""
    now = utcnow()
    lead, created = decide.do_capture_lead(session, enquiry_at(now), settings, now)
    session.commit()
    return _lead_out(lead, created, response)


@router.post("/api/v1/intake/email", response_model=LeadOut, dependencies=[ingest],
             tags=["intake"], summary="Inbound email webhook: one forwarded enquiry email")
def inbound_email(payload: EmailWebhookIn, response: Response,
                  session: Session = Depends(get_session),
                  settings: Settings = Depends(get_settings)) -> LeadOut:
    return _capture(session, settings, response, lambda now: _to_enquiry(payload, now))


@router.post("/api/v1/intake/phone", response_model=LeadOut, dependencies=[ingest],
             tags=["intake"], summary="Phone webhook: a missed call or a voicemail")
def inbound_phone(payload: PhoneWebhookIn, response: Response,
                  session: Session = Depends(get_session),
                  settings: Settings = Depends(get_settings)) -> LeadOut:
    return _capture(session, settings, response, lambda now: _to_enquiry(payload, now))


# --- reading -----------------------------------------------------------------------------

@router.get("/api/v1/leads", dependencies=[read], tags=["intake"])
def leads(status: str | None = None, source: str | None = None, topic: str | None = None,
          cursor: QueryId = None,
          limit: int = Query(default=100, ge=1, le=1000),
          session: Session = Depends(get_session)) -> dict[str, Any]:
    return report.list_leads(session, status=status, source=source, topic=topic,
                             after_id=cursor, limit=limit)


@router.get("/api/v1/leads/unanswered", dependencies=[read], tags=["intake"],
            summary="Open enquiries nobody has answered, most overdue first")
def unanswered(session: Session = Depends(get_session),
               settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    return report.unanswered(session, settings)


@router.get("/api/v1/intake/report", dependencies=[read], tags=["intake"],
            summary="Speed to lead: response times, never answered, conversion")
def speed_report(since: AwareDatetime | None = None, until: AwareDatetime | None = None,
                 session: Session = Depends(get_session),
                 settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    return report.speed_to_lead(session, settings, since=since, until=until)


@router.get("/api/v1/leads/{lead_id}", dependencies=[read], tags=["intake"])
def lead(lead_id: PathId, session: Session = Depends(get_session)) -> dict[str, Any]:
    return report.lead_detail(session, lead_id)


# --- acting on a lead --------------------------------------------------------------------

class TouchIn(Storable):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Literal["call", "email", "sms", "meeting"]
    text: str = Field(default="", max_length=20_000)
    staff_email: EmailStr | None = None
    reached: bool = Field(default=True, description="false: tried, but did not reach them")
    direction: Literal["outbound", "inbound"] = "outbound"
    occurred_at: AwareDatetime | None = None


class StatusIn(Storable):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    status: Literal["new", "contacted", "qualified", "client", "lost"]
    reason: str | None = Field(default=None, max_length=500)
    staff_email: EmailStr | None = None


class ConvertIn(Storable):
    model_config = ConfigDict(extra="forbid")

    customer_id: int | None = Field(default=None, ge=1, le=MAX_ID,
                                    description="link to this customer instead of matching")
    staff_email: EmailStr | None = None


class AssignIn(Storable):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    staff_email: EmailStr | None = None
    team: str | None = Field(default=None, max_length=120)


@router.post("/api/v1/leads/{lead_id}/touches", dependencies=[ingest], tags=["intake"],
             status_code=201, summary="Log a staff call/email/SMS/meeting (stops the SLA clock)")
def touch(lead_id: PathId, body: TouchIn, session: Session = Depends(get_session),
          settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    event = decide.do_record_touch(
        session, lead_id, kind=body.kind, settings=settings, text=body.text,
        staff_id=_staff_id(session, body.staff_email), reached=body.reached,
        direction=body.direction, occurred_at=body.occurred_at)
    session.commit()
    return {"event": report.event_dict(event), "lead": report.lead_dict(decide.get_lead(
        session, lead_id))}


@router.post("/api/v1/leads/{lead_id}/status", dependencies=[ingest], tags=["intake"])
def set_status(lead_id: PathId, body: StatusIn, session: Session = Depends(get_session),
               settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    lead = decide.do_set_status(session, lead_id, body.status, settings, reason=body.reason,
                                staff_id=_staff_id(session, body.staff_email))
    session.commit()
    return report.lead_dict(lead)


@router.post("/api/v1/leads/{lead_id}/convert", dependencies=[ingest], tags=["intake"],
             summary="The lead became a client: create or link the customer, keep history")
def convert(lead_id: PathId, body: ConvertIn | None = None, session: Session = Depends(get_session),
            settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    body = body or ConvertIn()
    customer = decide.do_convert_lead(session, lead_id, settings,
                                      staff_id=_staff_id(session, body.staff_email),
                                      customer_id=body.customer_id)
    session.commit()
    return {"customer_id": customer.id, "lead": report.lead_dict(decide.get_lead(session,
                                                                                 lead_id))}


@router.post("/api/v1/leads/{lead_id}/assign", dependencies=[ingest], tags=["intake"])
def assign(lead_id: PathId, body: AssignIn, session: Session = Depends(get_session)
           ) -> dict[str, Any]:
    team_id = None
    if body.team:
        team = session.scalar(select(Team).where(Team.name == body.team))
        if team is None:
            raise ValidationFailed("unknown team", fields=[FieldError("body.team", "no such team")])
        team_id = team.id
    lead = decide.do_assign(session, lead_id, staff_id=_staff_id(session, body.staff_email),
                            team_id=team_id)
    session.commit()
    return report.lead_dict(lead)


# --- forms -------------------------------------------------------------------------------

class FormCreateIn(Storable):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    redirect_url: str | None = Field(default=None, max_length=1000)
    team: str | None = Field(default=None, max_length=120)


def form_info(form: IntakeForm, settings: Settings) -> dict[str, Any]:
    base = settings.base_url.rstrip("/")
    action = f"{base}/intake/form/{form.key}"
    embed = _templates.get_template("intake/embed.html").render(
        form=form, action=action, token_url=f"{action}/token", honeypot=spam.HONEYPOT_FIELD,
        token_field=spam.TOKEN_FIELD)
    return {"id": form.id, "key": form.key, "name": form.name, "url": action,
            "redirect_url": form.redirect_url, "embed_html": embed,
            "iframe_html": f'<iframe src="{action}" title="{html.escape(form.name)}" '
                           'style="width:100%;min-height:40rem;border:0"></iframe>'}


@router.post("/api/v1/intake/forms", dependencies=[admin], tags=["intake"], status_code=201,
             summary="Create an embeddable enquiry form; returns the HTML to paste")
def create_form(body: FormCreateIn, session: Session = Depends(get_session),
                settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    form = decide.do_create_form(session, body.name, redirect_url=body.redirect_url,
                                 team_name=body.team)
    session.commit()
    return form_info(form, settings)


@router.get("/api/v1/intake/forms/{form_key}", dependencies=[read], tags=["intake"])
def form_embed(form_key: str, session: Session = Depends(get_session),
               settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    return form_info(decide.get_form(session, form_key), settings)


def _page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(_templates.get_template(f"intake/{template}.html").render(**context),
                        status_code=status)


def _form_page(form: IntakeForm, settings: Settings, *, status: int = 200,
               values: dict[str, str] | None = None, problem: str = "",
               errors: dict[str, str] | None = None) -> HTMLResponse:
    token = spam.issue_token(settings.secret_key, form.key, utcnow())
    return _page("form", status, form=form, action=f"/intake/form/{form.key}", token=token,
                 token_field=spam.TOKEN_FIELD, honeypot=spam.HONEYPOT_FIELD,
                 values=values or {}, problem=problem, errors=errors or {})


@router.get("/intake/form/{form_key}", response_class=HTMLResponse, include_in_schema=False)
def form_page(form_key: str, session: Session = Depends(get_session),
              settings: Settings = Depends(get_settings)) -> HTMLResponse:
    return _form_page(decide.get_form(session, form_key), settings)


@router.get("/intake/form/{form_key}/token", tags=["intake"],
            summary="A fresh signed page-load stamp for a pasted form (called by its script)")
def form_token(form_key: str, session: Session = Depends(get_session),
               settings: Settings = Depends(get_settings)) -> JSONResponse:
    form = decide.get_form(session, form_key)
    token = spam.issue_token(settings.secret_key, form.key, utcnow())
    # The pasted form lives on the business's own site, so any origin may fetch a stamp.
    return JSONResponse({"token": token, "field": spam.TOKEN_FIELD},
                        headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "no-store"})


async def _posted(request: Request) -> dict[str, str]:
    """Form fields (urlencoded or multipart) or a JSON object, as strings."""
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            data = await request.json()
        except ValueError:
            raise AmendsError("the body is not valid JSON", "malformed_json", [], 400) from None
        if not isinstance(data, dict):
            raise ValidationFailed("the body must be a JSON object")
    else:
        data = dict(await request.form())
    return {str(k): v if isinstance(v, str) else "" for k, v in data.items()}


def _client_ip(request: Request, settings: Settings) -> str:
    return client_ip(request)


def _record_attempt(session: Session, ip: str, form_key: str, outcome: str, reason: str,
                    lead_id: int | None = None) -> None:
    session.add(IntakeAttempt(ip_key=ip, form_key=form_key[:64], outcome=outcome,
                              reason=reason[:500], lead_id=lead_id, at=utcnow()))
    session.commit()


def _refuse(request: Request, form: IntakeForm, settings: Settings, error: AmendsError,
            values: dict[str, str], errors: dict[str, str] | None = None) -> Response:
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse(error.to_dict(), status_code=error.status)
    keep = {k: values.get(k, "") for k in ("name", "email", "phone", "message")}
    return _form_page(form, settings, status=error.status, values=keep, problem=error.message,
                      errors=errors)


@router.post("/intake/form/{form_key}", tags=["intake"],
             summary="The public form posts here (urlencoded, multipart or JSON)")
def submit_form(form_key: str, request: Request, values: dict[str, str] = Depends(_posted),
                session: Session = Depends(get_session),
                settings: Settings = Depends(get_settings)) -> Response:
    form = decide.get_form(session, form_key)
    now = utcnow()
    ip = spam.ip_key(settings.secret_key, _client_ip(request, settings))
    window = float(policy.setting(settings, "intake_rate_window_seconds"))
    recent = session.scalar(select(func.count()).select_from(IntakeAttempt).where(
        IntakeAttempt.ip_key == ip, IntakeAttempt.at >= now - timedelta(seconds=window))) or 0
    if recent >= int(policy.setting(settings, "intake_rate_limit")):
        _record_attempt(session, ip, form_key, "limited", "rate limit")
        return _refuse(request, form, settings, RateLimited(
            "Too many enquiries from your network in the last few minutes. Please wait a "
            "little and send again, or call us; your text is kept below."), values)
    verdict = spam.assess(values, secret=settings.secret_key, form_key=form.key, now=now,
                          min_seconds=float(policy.setting(settings, "intake_min_fill_seconds")))
    if not verdict.ok:
        _record_attempt(session, ip, form_key, "spam", verdict.code)
        return _refuse(request, form, settings, ValidationFailed(verdict.message, verdict.code),
                       values)
    try:
        fields = FormIn.model_validate(values)
    except ValidationError as exc:
        problems = field_errors(exc)
        _record_attempt(session, ip, form_key, "invalid", "; ".join(p.field for p in problems))
        per_field = {p.field.split(".")[0]: p.message for p in problems}
        return _refuse(request, form, settings, ValidationFailed(
            "Please check the form: " + "; ".join(
                f"{p.field if p.field != 'body' else 'form'} {p.message}" for p in problems),
            fields=problems), values, per_field)
    enquiry = fields.to_enquiry(now, form.id, values.get(spam.TOKEN_FIELD, "") or str(now))
    enquiry.meta = {"form": form.key, "spam_score": verdict.score}
    lead, created = decide.do_capture_lead(session, enquiry, settings, now)
    session.commit()
    _record_attempt(session, ip, form_key, "accepted", "" if created else "repeat", lead.id)
    return _thanks(request, form, lead, settings, created)


def _thanks(request: Request, form: IntakeForm, lead: Lead, settings: Settings,
            created: bool) -> Response:
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"id": lead.id, "ref": f"L{lead.id}",
                             "status": "created" if created else "duplicate",
                             "message": messages.promise(lead, utcnow(), settings)},
                            status_code=201 if created else 200)
    if form.redirect_url:
        return RedirectResponse(form.redirect_url, status_code=303)
    return _page("thanks", 201 if created else 200, name=lead.name.split()[0] if lead.name else "",
                 ref=f"L{lead.id}", email=lead.email,
                 promise=messages.promise(lead, utcnow(), settings))
