"""Survey pages for customers (answer, comment, opt-out) and the `/api/v1/surveys` API.

The public pages never show an error dump and never tell one customer anything about
another: every token that does not verify gets the same friendly page. They are rate
limited per IP and per invitation (in-process; see `amends.surveys.limits`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from amends.config import Settings
from amends.decide import surveys as decide
from amends.errors import FieldError, NotFound, PayloadTooLarge, ValidationFailed
from amends.ingest.schemas import CustomerRef, EmailStr, Storable, field_errors
from amends.models import StaffUser
from amends.models.surveys import CONTEXT_TYPES, SURVEY_KINDS, Survey, SurveyInvitation
from amends.report import surveys as report
from amends.surveys import tokens
from amends.surveys.limits import RateLimiter
from amends.surveys.options import find_option, label_for
from amends.surveys.render import DEFAULT_STRINGS, brand, environment, fill, strings_for
from amends.surveys.snippet import MERGE_FIELDS, snippet_html
from amends.surveys.timing import survey_settings
from amends.timeutil import utcnow
from amends.web.api import MAX_ID
from amends.web.deps import (
    client_ip,
    get_session,
    get_settings,
    require_scope,
    storable_params,
)

# Every route (API and public link) refuses a NUL or lone surrogate in its path or query.
router = APIRouter(dependencies=[Depends(storable_params)])
admin = Depends(require_scope("admin"))
ingest = Depends(require_scope("ingest"))
read = Depends(require_scope("read"))


# ---------------------------------------------------------------- public pages


def _page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = environment().get_template(name).render(**context)
    return HTMLResponse(html, status_code=status,
                        headers={"Cache-Control": "no-store", "X-Robots-Tag": "noindex",
                                 "Content-Security-Policy": "default-src 'none'; "
                                 "style-src 'unsafe-inline'; img-src https:; "
                                 "form-action 'self'; frame-ancestors 'none'"})


def _message(key: str, status: int, survey: Survey | None = None) -> HTMLResponse:
    s = strings_for(survey) if survey else DEFAULT_STRINGS
    return _page("message.html", status, title=s[f"{key}_title"], body=s[f"{key}_body"],
                 brand=brand(survey) if survey else None,
                 lang=survey.language if survey else "en")


def _invalid() -> HTMLResponse:
    return _message("invalid", 404)


def _limiter(request: Request) -> RateLimiter:
    limiter = getattr(request.app.state, "survey_limiter", None)
    if limiter is None:
        limiter = request.app.state.survey_limiter = RateLimiter()
    return limiter


def _ip(request: Request) -> str:
    return client_ip(request)


def _ip_allowed(request: Request, settings: Settings) -> bool:
    cfg = survey_settings(settings)
    return _limiter(request).allow(f"ip:{_ip(request)}", cfg.rate_ip_per_minute)


def _open_token(session: Session, settings: Settings, token: str
                ) -> tuple[SurveyInvitation, Survey, str] | HTMLResponse:
    """The invitation, survey and option of a valid token, else the page to show."""
    try:
        t = tokens.read_answer_token(settings.secret_key, token)
    except tokens.BadTokenError:
        return _invalid()
    invitation = session.get(SurveyInvitation, t.invitation_id)
    if (invitation is None or invitation.survey_id != t.survey_id
            or invitation.customer_id != t.customer_id):
        return _invalid()
    survey = session.get(Survey, invitation.survey_id)
    if survey is None or find_option(survey.kind, t.option) is None:
        return _invalid()
    if t.expires < utcnow().timestamp():
        return _message("expired", 410, survey)
    return invitation, survey, t.option


def _answer_page(survey: Survey, option: str, action: str, settings: Settings, *,
                 comment: str = "", saved: bool = False, error: str | None = None,
                 status: int = 200) -> HTMLResponse:
    s = strings_for(survey)
    before, _, after = s["thanks_body"].partition("{answer}")
    return _page("answer.html", status, s=s, brand=brand(survey), lang=survey.language,
                 title=s["thanks_title"], answer=label_for(survey.kind, option, s),
                 thanks_before=before, thanks_after=after, action=action, comment=comment,
                 saved=saved, error=error,
                 comment_label=survey.follow_up or s["comment_label"],
                 max_chars=survey_settings(settings).comment_max_chars,
                 limit_note=fill(s["limit_note"],
                                 limit=survey_settings(settings).comment_max_chars))


def _admit(request: Request, session: Session, settings: Settings, token: str
           ) -> HTMLResponse | tuple[Any, Any, str]:
    """What every answer request passes first: the per-address limit, a valid token, then
    the per-invitation limit. Returns the page to show instead, or the opened token."""
    if not _ip_allowed(request, settings):
        return _message("slow", 429)
    opened = _open_token(session, settings, token)
    if isinstance(opened, HTMLResponse):
        return opened
    invitation, survey, option = opened
    cfg = survey_settings(settings)
    if not _limiter(request).allow(f"inv:{invitation.id}", cfg.rate_invitation_per_minute):
        return _message("slow", 429, survey)
    return invitation, survey, option


@router.get("/s/a/{token}", response_class=HTMLResponse, include_in_schema=False)
def answer_click(token: str, request: Request, session: Session = Depends(get_session),
                 settings: Settings = Depends(get_settings)) -> HTMLResponse:
    """A click on an answer link in an email: stored at once, counted once it settles."""
    admitted = _admit(request, session, settings, token)
    if isinstance(admitted, HTMLResponse):
        return admitted
    invitation, survey, option = admitted
    decide.do_record_click(session, invitation=invitation, option=option, ip=_ip(request),
                           user_agent=request.headers.get("user-agent"), settings=settings)
    session.commit()
    return _answer_page(survey, option, f"/s/a/{token}", settings)


# Percent-encoding turns one character into at most 12 bytes ("%F0%9F%98%80" for 4-byte
# UTF-8 holds one); a body far beyond that is refused before it is parsed.
BYTES_PER_CHAR = 12


@router.post("/s/a/{token}", response_class=HTMLResponse, include_in_schema=False)
async def answer_confirm(token: str, request: Request, session: Session = Depends(get_session),
                         settings: Settings = Depends(get_settings)) -> HTMLResponse:
    """The thank-you page was submitted (with or without a comment): the answer counts."""
    cfg = survey_settings(settings)
    length = request.headers.get("content-length", "")
    too_long = cfg.comment_max_chars * BYTES_PER_CHAR + 4096
    if length.isascii() and length.isdigit() and int(length) > too_long:
        return _page("message.html", 413, title=DEFAULT_STRINGS["thanks_title"],
                     body=fill(DEFAULT_STRINGS["too_long"], length="many",
                               limit=cfg.comment_max_chars))
    form = await request.form()
    raw = form.get("comment", "")
    # A browser never sends a NUL; dropping one keeps a bot's comment storable on PostgreSQL
    # (form fields are decoded with replacement, so no lone surrogate can arrive here).
    comment = raw.replace("\x00", "") if isinstance(raw, str) else ""
    return await run_in_threadpool(_confirm, token, request, comment, session, settings)


def _confirm(token: str, request: Request, comment: str, session: Session,
             settings: Settings) -> HTMLResponse:
    admitted = _admit(request, session, settings, token)
    if isinstance(admitted, HTMLResponse):
        return admitted
    invitation, survey, option = admitted
    try:
        response = decide.do_confirm_answer(
            session, invitation=invitation, option=option, ip=_ip(request),
            user_agent=request.headers.get("user-agent"), comment=comment, settings=settings)
    except PayloadTooLarge:
        session.rollback()
        s = strings_for(survey)
        error = fill(s["too_long"], length=len(comment.strip()),
                     limit=survey_settings(settings).comment_max_chars)
        return _answer_page(survey, option, f"/s/a/{token}", settings, comment=comment,
                            error=error, status=413)
    session.commit()
    saved = (response.comment or "") if response is not None else ""
    return _answer_page(survey, option, f"/s/a/{token}", settings, comment=saved,
                        saved=bool(comment.strip()))


def _snippet_customer(session: Session, email: str, external_id: str) -> int | None:
    """Find or create the customer a help desk merge field names (unverified)."""
    from amends.decide.customers import resolve_customers
    from amends.ingest.batch import RecordResult

    if "{" in email or "%" in email or "{" in external_id:
        return None  # the help desk did not fill its merge fields in
    try:
        ref = CustomerRef(email=email or None, external_id=external_id or None)
    except ValidationError:
        return None
    result = RecordResult(index=0)
    resolved = resolve_customers(session, [(result, ref)])
    return resolved.get(0)


@router.get("/s/x/{staff_token}/{option}", response_class=HTMLResponse,
            include_in_schema=False)
def snippet_click(staff_token: str, option: str, request: Request,
                  email: str = "", customer: str = "", ticket: str = "",
                  session: Session = Depends(get_session),
                  settings: Settings = Depends(get_settings)) -> HTMLResponse:
    """A click on a snippet pasted into a help desk reply (customer identity unverified)."""
    if not _ip_allowed(request, settings):
        return _message("slow", 429)
    if len(email) > 320 or len(customer) > 200 or len(ticket) > 200:
        return _invalid()
    try:
        survey_id, staff_id = tokens.read_staff_token(settings.secret_key, staff_token)
    except tokens.BadTokenError:
        return _invalid()
    survey = session.get(Survey, survey_id)
    staff = session.get(StaffUser, staff_id)
    if (survey is None or not survey.is_active or find_option(survey.kind, option) is None
            or staff is None or not staff.is_active):
        return _invalid()
    customer_id = _snippet_customer(session, email.strip(), customer.strip())
    if customer_id is None:
        return _invalid()
    invitation = decide.do_snippet_invitation(session, survey=survey, staff_id=staff_id,
                                              customer_id=customer_id, ticket=ticket,
                                              settings=settings)
    cfg = survey_settings(settings)
    if not _limiter(request).allow(f"inv:{invitation.id}", cfg.rate_invitation_per_minute):
        session.rollback()
        return _message("slow", 429, survey)
    decide.do_record_click(session, invitation=invitation, option=option, ip=_ip(request),
                           user_agent=request.headers.get("user-agent"), settings=settings)
    session.commit()
    token = tokens.answer_token(settings.secret_key, tokens.AnswerToken(
        invitation.id, survey.id, customer_id, option, int(invitation.expires_at.timestamp())))
    return _answer_page(survey, option, f"/s/a/{token}", settings)


def _optout_target(session: Session, settings: Settings, token: str
                   ) -> tuple[int, Survey | None] | None:
    try:
        customer_id, invitation_id = tokens.read_optout_token(settings.secret_key, token)
    except tokens.BadTokenError:
        return None
    invitation = session.get(SurveyInvitation, invitation_id)
    if invitation is None or invitation.customer_id != customer_id:
        return None
    return customer_id, session.get(Survey, invitation.survey_id)


@router.get("/s/u/{token}", response_class=HTMLResponse, include_in_schema=False)
def optout_page(token: str, request: Request, session: Session = Depends(get_session),
                settings: Settings = Depends(get_settings)) -> HTMLResponse:
    """A confirmation page: a scanner's GET must not unsubscribe anyone."""
    if not _ip_allowed(request, settings):
        return _message("slow", 429)
    target = _optout_target(session, settings, token)
    if target is None:
        return _invalid()
    survey = target[1]
    return _page("optout.html", s=strings_for(survey) if survey else DEFAULT_STRINGS,
                 brand=brand(survey) if survey else None, title=DEFAULT_STRINGS["optout_title"],
                 action=f"/s/u/{token}", lang=survey.language if survey else "en")


@router.post("/s/u/{token}", response_class=HTMLResponse, include_in_schema=False)
def optout(token: str, request: Request, session: Session = Depends(get_session),
           settings: Settings = Depends(get_settings)) -> HTMLResponse:
    """Opt out: the page's button, or a mail client's RFC 8058 one-click POST."""
    if not _ip_allowed(request, settings):
        return _message("slow", 429)
    target = _optout_target(session, settings, token)
    if target is None:
        return _invalid()
    decide.do_opt_out(session, target[0])
    session.commit()
    survey = target[1]
    s = strings_for(survey) if survey else DEFAULT_STRINGS
    return _page("message.html", title=s["optout_title"], body=s["optout_done"],
                 brand=brand(survey) if survey else None)


# ---------------------------------------------------------------- JSON API


class SurveyIn(Storable):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    key: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    name: str = Field(min_length=1, max_length=200)
    kind: Literal["thermometer", "csat", "nps", "ces", "thumbs"]
    question: str = Field(min_length=1, max_length=500)
    follow_up: str | None = Field(default=None, max_length=500)
    brand_name: str = Field(default="", max_length=200)
    brand_colour: str = Field(default="#2f6f4f", pattern=r"^#[0-9a-fA-F]{6}$")
    logo_url: str | None = Field(default=None, max_length=1000, pattern=r"^https://")
    language: str = Field(default="en", max_length=16)
    strings: dict[str, str] = Field(default_factory=dict)
    rules: dict[str, Any] = Field(default_factory=dict)


class SurveyPatch(Storable):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(default=None, min_length=1, max_length=200)
    question: str | None = Field(default=None, min_length=1, max_length=500)
    follow_up: str | None = Field(default=None, max_length=500)
    brand_name: str | None = Field(default=None, max_length=200)
    brand_colour: str | None = Field(default=None, pattern=r"^#[0-9a-fA-F]{6}$")
    logo_url: str | None = Field(default=None, max_length=1000, pattern=r"^https://")
    language: str | None = Field(default=None, max_length=16)
    strings: dict[str, str] | None = None
    rules: dict[str, Any] | None = None
    is_active: bool | None = None


class InvitationIn(Storable):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    customer: CustomerRef
    context_type: Literal["conversation", "order", "case", "pulse", "manual"] = "manual"
    context_id: str = Field(min_length=1, max_length=200)
    staff_email: EmailStr | None = None
    channel: str | None = Field(default=None, max_length=20,
                                description="the channel of the conversation asked about")
    delay_minutes: float = Field(default=0, ge=0, le=10080)


class BulkInvitations(BaseModel):
    items: list[Any]


class CloseIn(Storable):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    customer: CustomerRef
    thread_id: str = Field(min_length=1, max_length=200)
    staff_email: EmailStr | None = None
    channel: str | None = Field(default=None, max_length=20)


def _parse(model: type[BaseModel], payload: Any, where: str = "body") -> Any:
    if not isinstance(payload, dict):
        raise ValidationFailed("the body must be a JSON object",
                               fields=[FieldError(where, "must be an object")])
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        raise ValidationFailed("the request is not valid",
                               fields=field_errors(exc, where)) from None


def _staff_id(session: Session, email: str | None, where: str) -> int | None:
    if not email:
        return None
    staff = session.scalar(select(StaffUser).where(StaffUser.email == email.lower()))
    if staff is None:
        raise ValidationFailed("unknown staff member",
                               fields=[FieldError(where, "no staff user with this email")])
    return staff.id


def _customer_id(session: Session, ref: CustomerRef, where: str) -> int:
    from amends.decide.customers import resolve_customers
    from amends.ingest.batch import RecordResult

    result = RecordResult(index=0)
    resolved = resolve_customers(session, [(result, ref)])
    if 0 not in resolved:
        raise ValidationFailed("the customer could not be resolved",
                               fields=[FieldError(where, e.message) for e in result.errors])
    return resolved[0]


def _invite_one(session: Session, survey: Survey, item: InvitationIn, where: str
                ) -> decide.InviteResult:
    from datetime import timedelta

    staff_id = _staff_id(session, item.staff_email, f"{where}.staff_email")
    customer_id = _customer_id(session, item.customer, f"{where}.customer")
    return decide.do_invite(session, survey=survey, customer_id=customer_id,
                            context_type=item.context_type, context_id=item.context_id,
                            staff_id=staff_id, source_channel=item.channel,
                            delay=timedelta(minutes=item.delay_minutes))


@router.post("/api/v1/surveys", dependencies=[admin], status_code=201, tags=["surveys"])
def create_survey(payload: dict[str, Any], session: Session = Depends(get_session)
                  ) -> dict[str, Any]:
    data = _parse(SurveyIn, payload)
    survey = decide.do_create_survey(session, **data.model_dump())
    session.commit()
    return report.survey_dict(survey)


@router.get("/api/v1/surveys", dependencies=[read], tags=["surveys"])
def list_surveys(session: Session = Depends(get_session)) -> dict[str, Any]:
    return {"items": [report.survey_dict(s) for s in report.list_surveys(session)],
            "kinds": list(SURVEY_KINDS), "context_types": list(CONTEXT_TYPES)}


@router.get("/api/v1/surveys/stats", dependencies=[read], tags=["surveys"])
def all_stats(by: report.GroupBy = "survey", period: report.Period = "month",
              survey: str | None = None, since: datetime | None = None,
              until: datetime | None = None, session: Session = Depends(get_session)
              ) -> dict[str, Any]:
    survey_id = decide.load_survey(session, survey).id if survey else None
    return report.survey_stats(session, survey_id=survey_id, by=by, period=period,
                               since=_aware(since, "since"), until=_aware(until, "until"))


def _aware(value: datetime | None, name: str) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValidationFailed(f"{name} needs a time zone offset",
                               fields=[FieldError(f"query.{name}", "add Z or +hh:mm")])
    return value


@router.get("/api/v1/surveys/{ref}", dependencies=[read], tags=["surveys"])
def get_survey(ref: str, session: Session = Depends(get_session)) -> dict[str, Any]:
    return report.survey_dict(decide.load_survey(session, ref))


@router.patch("/api/v1/surveys/{ref}", dependencies=[admin], tags=["surveys"])
def patch_survey(ref: str, payload: dict[str, Any], session: Session = Depends(get_session)
                 ) -> dict[str, Any]:
    data = _parse(SurveyPatch, payload)
    changes = data.model_dump(exclude_unset=True)
    for name in ("name", "question", "is_active", "strings", "rules"):
        if name in changes and changes[name] is None:
            raise ValidationFailed("the request is not valid",
                                   fields=[FieldError(f"body.{name}", "cannot be null")])
    survey = decide.do_update_survey(session, decide.load_survey(session, ref), **changes)
    session.commit()
    return report.survey_dict(survey)


@router.post("/api/v1/surveys/{ref}/invitations", dependencies=[ingest], tags=["surveys"])
def invite(ref: str, payload: dict[str, Any], response: Response,
           session: Session = Depends(get_session)) -> dict[str, Any]:
    survey = decide.load_survey(session, ref)
    result = _invite_one(session, survey, _parse(InvitationIn, payload), "body")
    session.commit()
    response.status_code = 201 if result.status == "scheduled" else 200
    return result.to_dict()


@router.post("/api/v1/surveys/{ref}/invitations/bulk", dependencies=[ingest],
             tags=["surveys"])
def invite_bulk(ref: str, body: BulkInvitations, session: Session = Depends(get_session),
                settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    """Invite many customers; each item is answered on its own (bad ones are named)."""
    survey = decide.load_survey(session, ref)
    if len(body.items) > settings.max_batch:
        raise PayloadTooLarge(f"at most {settings.max_batch} invitations per request")
    results: list[dict[str, Any]] = []
    for i, raw in enumerate(body.items):
        where = f"items.{i}"
        try:
            with session.begin_nested():
                result = _invite_one(session, survey, _parse(InvitationIn, raw, where), where)
            results.append({"index": i, **result.to_dict()})
        except (ValidationFailed, NotFound) as exc:
            results.append({"index": i, "status": "error",
                            "errors": [f.to_dict() for f in exc.fields]
                            or [{"field": where, "message": exc.message}]})
    session.commit()
    counts: dict[str, int] = {}
    for r in results:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    return {"counts": counts, "results": results}


@router.get("/api/v1/surveys/{ref}/invitations", dependencies=[read], tags=["surveys"])
def invitations(ref: str, cursor: int | None = Query(default=None, ge=0, le=MAX_ID),
                limit: int = Query(default=100, ge=1, le=1000),
                session: Session = Depends(get_session)) -> dict[str, Any]:
    survey = decide.load_survey(session, ref)
    return report.list_invitations(session, survey.id, after_id=cursor, limit=limit)


@router.get("/api/v1/surveys/{ref}/responses", dependencies=[read], tags=["surveys"])
def responses(ref: str, bad_experience: bool | None = None, since: datetime | None = None,
              until: datetime | None = None, cursor: int | None = Query(default=None, ge=0, le=MAX_ID),
              limit: int = Query(default=100, ge=1, le=1000),
              session: Session = Depends(get_session)) -> dict[str, Any]:
    survey = decide.load_survey(session, ref)
    return report.list_responses(session, survey.id, bad_experience=bad_experience,
                                 since=_aware(since, "since"), until=_aware(until, "until"),
                                 after_id=cursor, limit=limit)


@router.get("/api/v1/surveys/{ref}/stats", dependencies=[read], tags=["surveys"])
def stats(ref: str, by: report.GroupBy = "survey", period: report.Period = "month",
          since: datetime | None = None, until: datetime | None = None,
          session: Session = Depends(get_session)) -> dict[str, Any]:
    survey = decide.load_survey(session, ref)
    return report.survey_stats(session, survey_id=survey.id, by=by, period=period,
                               since=_aware(since, "since"), until=_aware(until, "until"))


@router.get("/api/v1/surveys/{ref}/snippet", dependencies=[admin], tags=["surveys"])
def snippet(ref: str, staff_email: EmailStr = Query(), helpdesk: str = "generic",
            session: Session = Depends(get_session),
            settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    """HTML for staff to paste into a help desk reply template or signature."""
    survey = decide.load_survey(session, ref)
    if helpdesk not in MERGE_FIELDS:
        raise ValidationFailed("unknown help desk", fields=[
            FieldError("query.helpdesk", f"one of {', '.join(MERGE_FIELDS)}")])
    staff_id = _staff_id(session, staff_email, "query.staff_email")
    if staff_id is None:  # an empty ?staff_email= reaches here (FastAPI skips its validator)
        raise ValidationFailed("name the staff member the snippet is for", fields=[
            FieldError("query.staff_email", "is required")])
    token = tokens.staff_token(settings.secret_key, survey.id, staff_id)
    return {"html": snippet_html(survey, settings.base_url, token, helpdesk),
            "helpdesk": helpdesk, "identity": "unverified (help desk merge fields)"}


@router.post("/api/v1/conversations/close", dependencies=[ingest], tags=["surveys"])
def conversation_closed(payload: dict[str, Any], session: Session = Depends(get_session)
                        ) -> dict[str, Any]:
    """Tell Amends a conversation was closed: surveys with that trigger invite the customer."""
    data = _parse(CloseIn, payload)
    staff_id = _staff_id(session, data.staff_email, "body.staff_email")
    customer_id = _customer_id(session, data.customer, "body.customer")
    results = decide.do_conversation_closed(session, customer_id=customer_id,
                                            thread_id=data.thread_id, staff_id=staff_id,
                                            source_channel=data.channel)
    session.commit()
    return {"customer_id": customer_id, "invitations": [r.to_dict() for r in results]}
