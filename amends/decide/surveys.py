"""Surveys: creating them, inviting customers, and recording clicks, answers and comments.

Every function flushes and never commits. Sending runs in the worker: `do_invite` stores
the invitation and queues ``survey_send_invitation`` for its send time; that job renders
the email and hands it to the outbox with one dedupe key per invitation, so an invitation
is never sent twice. How a click becomes an answer (the mail-scanner problem) is
described in `amends.surveys`.
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from email.utils import formataddr, parseaddr
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from amends import hooks, jobs
from amends.errors import FieldError, NotFound, PayloadTooLarge, ValidationFailed
from amends.models import ActivityEvent, Customer, Interaction, OutboxMessage
from amends.models.surveys import (
    CONTEXT_TYPES,
    SURVEY_KINDS,
    Survey,
    SurveyClick,
    SurveyInvitation,
    SurveyResponse,
)
from amends.surveys import scanner, tokens
from amends.surveys.options import find_option, options_for
from amends.surveys.render import render_invitation
from amends.surveys.timing import SurveySettings, next_allowed, parse_quiet_hours, survey_settings
from amends.timeutil import isoformat, utcnow

SEND_JOB = "survey_send_invitation"
SETTLE_JOB = "survey_settle_clicks"
ACTIVITY_JOB = "survey_activity_scan"
PULSE_JOB = "survey_pulse"
TRIGGERS = ("conversation_closed", "purchase", "order", "case_resolved", "pulse")
ACTIVITY_TRIGGERS = ("purchase", "order")
PULSE_BATCH = 500
ACTIVITY_BATCH = 2000


def _settings() -> Any:
    from amends.runtime import get_settings

    return get_settings()


# ---------------------------------------------------------------- surveys


def _check_rules(rules: dict[str, Any] | None, problems: list[FieldError]) -> dict[str, Any]:
    rules = dict(rules or {})
    unknown = set(rules) - {"triggers", "delay_minutes", "quiet_days", "frequency_days"}
    if unknown:
        problems.append(FieldError("rules", f"unknown keys: {', '.join(sorted(unknown))}"))
    triggers = rules.get("triggers", [])
    if not isinstance(triggers, list) or any(t not in TRIGGERS for t in triggers):
        problems.append(FieldError("rules.triggers", f"a list of {', '.join(TRIGGERS)}"))
    for name, low, high in (("delay_minutes", 0, 10080), ("quiet_days", 1, 3650),
                            ("frequency_days", 0, 365)):
        value = rules.get(name)
        if value is not None and (not isinstance(value, int | float) or isinstance(value, bool)
                                  or not low <= value <= high):
            problems.append(FieldError(f"rules.{name}", f"a number from {low} to {high}"))
    return rules


def _check_survey_fields(values: dict[str, Any]) -> list[FieldError]:
    problems: list[FieldError] = []
    if values.get("kind") not in SURVEY_KINDS:
        problems.append(FieldError("kind", f"must be one of {', '.join(SURVEY_KINDS)}"))
    key = values.get("key") or ""
    if not key or len(key) > 64 or not all(c.isalnum() or c in "-_" for c in key):
        problems.append(FieldError("key", "1-64 letters, digits, - or _"))
    for name, limit in (("name", 200), ("question", 500)):
        if not (values.get(name) or "").strip() or len(values[name]) > limit:
            problems.append(FieldError(name, f"required, at most {limit} characters"))
    if values.get("follow_up") and len(values["follow_up"]) > 500:
        problems.append(FieldError("follow_up", "at most 500 characters"))
    colour = values.get("brand_colour")
    if colour and not (len(colour) == 7 and colour.startswith("#")
                       and all(c in "0123456789abcdefABCDEF" for c in colour[1:])):
        problems.append(FieldError("brand_colour", "a colour like #2f6f4f"))
    logo = values.get("logo_url")
    if logo and (not logo.startswith("https://") or len(logo) > 1000):
        problems.append(FieldError("logo_url", "an https:// URL of at most 1000 characters"))
    strings = values.get("strings") or {}
    if not isinstance(strings, dict) or any(not isinstance(v, str) or len(v) > 1000
                                            for v in strings.values()):
        problems.append(FieldError("strings", "an object of texts (at most 1000 characters)"))
    return problems


def do_create_survey(session: Session, *, key: str, name: str, kind: str, question: str,
                     follow_up: str | None = None, brand_name: str = "",
                     brand_colour: str = "#2f6f4f", logo_url: str | None = None,
                     language: str = "en", strings: dict[str, str] | None = None,
                     rules: dict[str, Any] | None = None) -> Survey:
    values = {"key": key, "name": name, "kind": kind, "question": question,
              "follow_up": follow_up, "brand_colour": brand_colour, "logo_url": logo_url,
              "strings": strings}
    problems = _check_survey_fields(values)
    rules = _check_rules(rules, problems)
    if problems:
        raise ValidationFailed("the survey is not valid", fields=problems)
    if session.scalar(select(Survey.id).where(Survey.key == key)) is not None:
        raise ValidationFailed(f"a survey with key {key!r} exists",
                               fields=[FieldError("key", "already used")])
    # Purchase/order triggers start from now: old orders are not surveyed.
    cursor = session.scalar(select(func.max(ActivityEvent.id))) or 0
    survey = Survey(key=key, name=name.strip(), kind=kind, question=question.strip(),
                    follow_up=follow_up, brand_name=brand_name, brand_colour=brand_colour,
                    logo_url=logo_url, language=language or "en", strings=strings or {},
                    rules=rules, activity_cursor=cursor, is_active=True)
    session.add(survey)
    session.flush()
    return survey


def load_survey(session: Session, ref: int | str) -> Survey:
    """A survey by id or key; NotFound otherwise."""
    survey = None
    # Only a plain ASCII number that fits a 64-bit id is tried as an id ('²' is a digit to
    # isdigit but not to int(), and a huge number overflows the database).
    if isinstance(ref, str) and ref.isascii() and ref.isdigit():
        ref_id: int | None = int(ref)
    else:
        ref_id = ref if isinstance(ref, int) else None
    if ref_id is not None and 0 < ref_id < 2**63:
        survey = session.get(Survey, ref_id)
    if survey is None and isinstance(ref, str):
        survey = session.scalar(select(Survey).where(Survey.key == ref))
    if survey is None:
        raise NotFound(f"no survey {ref!r}")
    return survey


EDITABLE = ("name", "question", "follow_up", "brand_name", "brand_colour", "logo_url",
            "language", "strings", "rules", "is_active")


def do_update_survey(session: Session, survey: Survey, **changes: Any) -> Survey:
    """Change a survey's texts, branding, rules or active state (the kind and key stay)."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValidationFailed("these fields cannot be changed", fields=[
            FieldError(name, "cannot be changed") for name in unknown])
    merged = {name: getattr(survey, name) for name in EDITABLE} | changes
    merged |= {"key": survey.key, "kind": survey.kind}
    problems = _check_survey_fields(merged)
    rules = _check_rules(merged["rules"], problems)
    if problems:
        raise ValidationFailed("the survey is not valid", fields=problems)
    for name, value in changes.items():
        setattr(survey, name, rules if name == "rules" else value)
    session.flush()
    return survey


# ---------------------------------------------------------------- invitations


@dataclass
class InviteResult:
    status: str  # scheduled | existing | skipped
    invitation: SurveyInvitation | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status}
        if self.invitation is not None:
            out["invitation_id"] = self.invitation.id
            out["send_at"] = isoformat(self.invitation.send_at)
        if self.reason:
            out["reason"] = self.reason
        return out


def _frequency_days(survey: Survey, cfg: SurveySettings) -> float:
    value = (survey.rules or {}).get("frequency_days")
    return float(value) if value is not None else float(cfg.frequency_days)


def recently_invited(session: Session, customer_id: int, send_at: datetime,
                     window: timedelta) -> bool:
    """Whether another email invitation to this customer goes out within `window` of
    `send_at` (either side: one scheduled for later counts too)."""
    return bool(session.scalar(select(exists().where(
        SurveyInvitation.customer_id == customer_id, SurveyInvitation.channel == "email",
        SurveyInvitation.status.in_(("scheduled", "queued")),
        SurveyInvitation.send_at > send_at - window,
        SurveyInvitation.send_at < send_at + window))))


def _find_invitation(session: Session, survey_id: int, customer_id: int, context_type: str,
                     context_id: str) -> SurveyInvitation | None:
    return session.scalar(select(SurveyInvitation).where(
        SurveyInvitation.survey_id == survey_id, SurveyInvitation.customer_id == customer_id,
        SurveyInvitation.context_type == context_type, SurveyInvitation.context_id == context_id))


def _customer_zone(customer: Customer, cfg: SurveySettings) -> SurveySettings:
    """Quiet hours are the customer's own night when their time zone is known."""
    zone = (customer.attributes or {}).get("timezone")
    if not isinstance(zone, str) or not zone:
        return cfg
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return cfg
    return replace(cfg, timezone=zone)


def do_invite(session: Session, *, survey: Survey, customer_id: int, context_type: str,
              context_id: str, staff_id: int | None = None, source_channel: str | None = None,
              trigger: str = "manual", delay: timedelta | None = None,
              now: datetime | None = None, settings: Any = None) -> InviteResult:
    """Schedule one email invitation, unless a rule says not to ask (the reason is given)."""
    now = now or utcnow()
    cfg = survey_settings(settings or _settings())
    if context_type not in CONTEXT_TYPES:
        raise ValidationFailed("unknown context type", fields=[
            FieldError("context_type", f"one of {', '.join(CONTEXT_TYPES)}")])
    context_id = (context_id or "").strip()
    if not context_id or len(context_id) > 200:
        raise ValidationFailed("context_id is required", fields=[
            FieldError("context_id", "1-200 characters")])
    if not survey.is_active:
        return InviteResult("skipped", reason="the survey is paused")
    customer = session.get(Customer, customer_id, with_for_update=True)
    if customer is None:
        raise NotFound(f"no customer with id {customer_id}")
    existing = _find_invitation(session, survey.id, customer_id, context_type, context_id)
    if existing is not None:
        return InviteResult("existing", existing, "already invited for this context")
    if customer.survey_opt_out:
        return InviteResult("skipped", reason="the customer opted out of surveys")
    if not customer.email:
        return InviteResult("skipped", reason="the customer has no email address")
    send_at = next_allowed(now + (delay or timedelta()), _customer_zone(customer, cfg))
    window = timedelta(days=_frequency_days(survey, cfg))
    if window and recently_invited(session, customer_id, send_at, window):
        return InviteResult("skipped", reason="frequency limit: invited recently")
    invitation = SurveyInvitation(
        survey_id=survey.id, customer_id=customer_id, context_type=context_type,
        context_id=context_id, staff_id=staff_id, source_channel=source_channel,
        channel="email", status="scheduled", identity_verified=True, trigger=trigger,
        send_at=send_at, expires_at=send_at + timedelta(days=cfg.link_days), created_at=now,
        meta={})
    try:
        with session.begin_nested():
            session.add(invitation)
            session.flush()
    except IntegrityError:  # a concurrent request invited for the same context first
        return InviteResult("existing", _find_invitation(
            session, survey.id, customer_id, context_type, context_id),
            "already invited for this context")
    jobs.enqueue(session, SEND_JOB, {"invitation_id": invitation.id}, run_after=send_at,
                 dedupe_key=f"survey-send:{invitation.id}")
    return InviteResult("scheduled", invitation)


def answer_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/s/a/{token}"


def invitation_links(invitation: SurveyInvitation, survey: Survey, secret_key: str,
                     base_url: str) -> dict[str, str]:
    expires = int(invitation.expires_at.timestamp())
    return {o.code: answer_url(base_url, tokens.answer_token(secret_key, tokens.AnswerToken(
        invitation.id, survey.id, invitation.customer_id, o.code, expires)))
        for o in options_for(survey.kind)}


def do_send_invitation(session: Session, invitation_id: int, settings: Any = None) -> str:
    """Hand a due invitation to the outbox; returns its status. Safe to run twice."""
    from amends.notify.outbox import do_queue_message

    settings = settings or _settings()
    invitation = session.get(SurveyInvitation, invitation_id, with_for_update=True)
    if invitation is None or invitation.status != "scheduled":
        return invitation.status if invitation else "missing"
    customer = session.get(Customer, invitation.customer_id)
    survey = session.get(Survey, invitation.survey_id)
    assert customer is not None and survey is not None
    reason = ("the customer opted out of surveys" if customer.survey_opt_out
              else "the customer has no email address" if not customer.email
              else "the survey is paused" if not survey.is_active else None)
    if reason:
        invitation.status, invitation.skip_reason = "skipped", reason
        session.flush()
        return "skipped"
    cfg = survey_settings(settings)
    links = invitation_links(invitation, survey, settings.secret_key, settings.base_url)
    optout = tokens.optout_token(settings.secret_key, customer.id, invitation.id)
    email = render_invitation(survey, customer.name, links,
                              f"{settings.base_url.rstrip('/')}/s/u/{optout}",
                              cfg.unsubscribe_mailto)
    assert customer.email is not None
    message = do_queue_message(session, channel="email", recipient=customer.email,
                               payload={"subject": email.subject, "text": email.text,
                                        "html": email.html, "headers": email.headers,
                                        "from": _sender(settings.mail_from, survey)},
                               dedupe_key=f"survey-invitation:{invitation.id}")
    invitation.status, invitation.queued_at = "queued", utcnow()
    invitation.outbox_message_id = message.id
    session.flush()
    return "queued"


def _sender(mail_from: str, survey: Survey) -> str:
    """The configured address under the survey's brand name, so people know who asks."""
    name, address = parseaddr(mail_from)
    brand = (survey.brand_name or "").strip()
    return formataddr((brand or name, address)) if address else mail_from


def run_send_job(session: Session, payload: dict[str, Any]) -> None:
    do_send_invitation(session, int(payload["invitation_id"]))


def do_opt_out(session: Session, customer_id: int) -> bool:
    """Stop all survey invitations to a customer, including those not yet sent."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        return False
    customer.survey_opt_out = True
    for invitation in session.scalars(select(SurveyInvitation).where(
            SurveyInvitation.customer_id == customer_id,
            SurveyInvitation.status == "scheduled")):
        invitation.status, invitation.skip_reason = "skipped", "the customer opted out of surveys"
    # An email still waiting in the outbox (e.g. SMTP retrying) must not go out either.
    waiting = select(SurveyInvitation.outbox_message_id).where(
        SurveyInvitation.customer_id == customer_id, SurveyInvitation.status == "queued",
        SurveyInvitation.outbox_message_id.is_not(None))
    for message in session.scalars(select(OutboxMessage).where(
            OutboxMessage.id.in_(waiting), OutboxMessage.status.in_(("queued", "failed")))):
        message.status, message.last_error = "dead", "cancelled: the customer opted out"
    session.flush()
    return True


# ---------------------------------------------------------------- clicks and answers


def _delivered_at(session: Session, invitation: SurveyInvitation) -> datetime | None:
    if invitation.outbox_message_id is not None:
        message = session.get(OutboxMessage, invitation.outbox_message_id)
        if message is not None and message.sent_at is not None:
            return message.sent_at
    return invitation.queued_at


def do_record_click(session: Session, *, invitation: SurveyInvitation, option: str,
                    ip: str | None, user_agent: str | None, now: datetime | None = None,
                    settings: Any = None) -> SurveyClick:
    """Store a click on an answer link; it counts once it settles (see `amends.surveys`)."""
    now = now or utcnow()
    cfg = survey_settings(settings or _settings())
    do_settle(session, invitation.id, now=now, settings=settings)
    first = scanner.first_look(user_agent, now, _delivered_at(session, invitation))
    click = SurveyClick(invitation_id=invitation.id, option=option, clicked_at=now,
                        ip=(ip or "")[:64] or None, user_agent=(user_agent or "")[:500] or None,
                        method="GET", verdict=first.verdict, reason=first.reason)
    session.add(click)
    session.flush()
    if click.verdict == "pending":
        jobs.enqueue(session, SETTLE_JOB, {"invitation_id": invitation.id},
                     run_after=now + timedelta(seconds=cfg.burst_seconds + 1),
                     dedupe_key=f"survey-settle:{click.id}")
    return click


def do_settle(session: Session, invitation_id: int, *, now: datetime | None = None,
              settings: Any = None) -> SurveyResponse | None:
    """Decide the pending clicks whose settling window has passed; returns the response."""
    now = now or utcnow()
    cfg = survey_settings(settings or _settings())
    invitation = session.get(SurveyInvitation, invitation_id, with_for_update=True)
    if invitation is None:
        return None
    clicks = list(session.scalars(select(SurveyClick).where(
        SurveyClick.invitation_id == invitation_id).order_by(SurveyClick.clicked_at,
                                                             SurveyClick.id)))
    views = [scanner.ClickView(c.id, c.option, c.clicked_at, c.verdict) for c in clicks]
    decided = scanner.settle(views, now, timedelta(seconds=cfg.burst_seconds))
    for click in clicks:
        if click.id in decided:
            click.verdict = decided[click.id]
            if click.verdict == "burst":
                click.reason = "clicks on several options within seconds"
            else:
                _apply_answer(session, invitation, click.option, click.clicked_at)
    session.flush()
    return session.scalar(select(SurveyResponse).where(
        SurveyResponse.invitation_id == invitation_id))


def run_settle_job(session: Session, payload: dict[str, Any]) -> None:
    do_settle(session, int(payload["invitation_id"]))


def _apply_answer(session: Session, invitation: SurveyInvitation, code: str,
                  at: datetime) -> SurveyResponse:
    """Make `code` the invitation's answer unless a later answer is already in place."""
    survey = session.get(Survey, invitation.survey_id)
    assert survey is not None
    option = find_option(survey.kind, code)
    assert option is not None
    response = session.scalar(select(SurveyResponse).where(
        SurveyResponse.invitation_id == invitation.id))
    entry = {"option": code, "score": option.score, "at": at.isoformat()}
    if response is None:
        response = SurveyResponse(
            invitation_id=invitation.id, survey_id=invitation.survey_id,
            customer_id=invitation.customer_id, staff_id=invitation.staff_id, option=code,
            score=option.score, bad_experience=option.bad,
            identity_verified=invitation.identity_verified, history=[entry], answered_at=at,
            updated_at=at)
        session.add(response)
        session.flush()
    elif response.option == code or at < response.updated_at:
        # The same answer again, or an older click settling after a newer answer
        # (`updated_at` is when the answer last changed; comments do not move it).
        return response
    else:
        response.history = [*(response.history or []), entry]
        response.option, response.score, response.bad_experience = code, option.score, option.bad
        response.updated_at = at
        session.flush()
    hooks.fire(session, "survey_answered", response_id=response.id)
    return response


def do_confirm_answer(session: Session, *, invitation: SurveyInvitation, option: str,
                      ip: str | None, user_agent: str | None, comment: str | None = None,
                      now: datetime | None = None, settings: Any = None
                      ) -> SurveyResponse | None:
    """The person submitted the thank-you page: count the answer now and keep the comment.

    Returns None when the submission came from a scanner's user agent (ignored).
    """
    now = now or utcnow()
    settings = settings or _settings()
    cfg = survey_settings(settings)
    comment = (comment or "").strip()
    if len(comment) > cfg.comment_max_chars:
        raise PayloadTooLarge(f"the comment is {len(comment)} characters; the limit is "
                              f"{cfg.comment_max_chars}", fields=[FieldError(
                                  "comment", f"at most {cfg.comment_max_chars} characters")])
    first = scanner.first_look(user_agent, now, None)
    session.add(SurveyClick(invitation_id=invitation.id, option=option, clicked_at=now,
                            ip=(ip or "")[:64] or None, user_agent=(user_agent or "")[:500] or None,
                            method="POST",
                            verdict="scanner" if first.verdict == "scanner" else "confirmed",
                            reason=first.reason))
    if first.verdict == "scanner":
        session.flush()
        return None
    do_settle(session, invitation.id, now=now, settings=settings)
    for click in session.scalars(select(SurveyClick).where(
            SurveyClick.invitation_id == invitation.id, SurveyClick.option == option,
            SurveyClick.verdict.in_(("pending", "burst")))):
        click.verdict, click.reason = "confirmed", "the person submitted the answer page"
    response = _apply_answer(session, invitation, option, now)
    if comment and comment != (response.comment or ""):
        _record_comment(session, invitation, response, comment, now, settings)
    session.flush()
    return response


def _record_comment(session: Session, invitation: SurveyInvitation, response: SurveyResponse,
                    comment: str, now: datetime, settings: Any) -> None:
    """The comment becomes an interaction, analysed like any other message."""
    from amends.decide.records import do_record_interactions
    from amends.ingest.batch import validate_batch
    from amends.ingest.schemas import InteractionIn

    digest = hashlib.sha256(comment.encode()).hexdigest()[:16]
    payload = {
        "customer": {"id": invitation.customer_id}, "channel": "survey_comment",
        "author": "customer", "direction": "inbound", "text": comment,
        "occurred_at": now.isoformat(), "source": "survey",
        "external_id": f"survey-response-{response.id}-{digest}",
        "thread_id": invitation.context_id if invitation.context_type == "conversation"
        else None,
        "metadata": {"survey_id": invitation.survey_id, "response_id": response.id,
                     "invitation_id": invitation.id, "option": response.option,
                     "score": response.score, "context_type": invitation.context_type,
                     "context_id": invitation.context_id, "staff_id": invitation.staff_id,
                     "identity_verified": invitation.identity_verified}}
    batch = validate_batch(InteractionIn, [payload],
                           context={"max_text_chars": settings.max_text_chars})
    if not batch.valid:
        raise ValidationFailed("the comment could not be stored", fields=batch.results[0].errors)
    do_record_interactions(session, batch.valid)
    response.comment = comment
    response.comment_interaction_id = batch.results[0].id


# ---------------------------------------------------------------- snippet (unverified)


def do_snippet_invitation(session: Session, *, survey: Survey, staff_id: int,
                          customer_id: int, ticket: str | None,
                          now: datetime | None = None, settings: Any = None
                          ) -> SurveyInvitation:
    """The invitation behind a pasted snippet, made on its first click."""
    now = now or utcnow()
    cfg = survey_settings(settings or _settings())
    context_id = (ticket or "").strip()[:200] or "snippet"
    found = _find_invitation(session, survey.id, customer_id, "conversation", context_id)
    if found is not None:
        return found
    invitation = SurveyInvitation(
        survey_id=survey.id, customer_id=customer_id, context_type="conversation",
        context_id=context_id, staff_id=staff_id, channel="snippet", status="external",
        identity_verified=False, trigger="snippet", send_at=now, queued_at=None,
        expires_at=now + timedelta(days=cfg.link_days), created_at=now,
        meta={"identity": "help desk merge fields (unverified)"})
    try:
        with session.begin_nested():
            session.add(invitation)
            session.flush()
    except IntegrityError:  # the same snippet clicked twice at once
        again = _find_invitation(session, survey.id, customer_id, "conversation", context_id)
        assert again is not None
        return again
    return invitation


# ---------------------------------------------------------------- when to ask


def surveys_with_trigger(session: Session, trigger: str) -> list[Survey]:
    active = session.scalars(select(Survey).where(Survey.is_active.is_(True))
                             .order_by(Survey.id))
    return [s for s in active if trigger in (s.rules or {}).get("triggers", [])]


def _delay(survey: Survey) -> timedelta:
    return timedelta(minutes=float((survey.rules or {}).get("delay_minutes", 0) or 0))


def do_conversation_closed(session: Session, *, customer_id: int, thread_id: str,
                           staff_id: int | None = None, source_channel: str | None = None,
                           now: datetime | None = None) -> list[InviteResult]:
    """A conversation was closed: invite for every survey asking after closed conversations."""
    return [do_invite(session, survey=s, customer_id=customer_id, context_type="conversation",
                      context_id=thread_id, staff_id=staff_id, source_channel=source_channel,
                      trigger="conversation_closed", delay=_delay(s), now=now)
            for s in surveys_with_trigger(session, "conversation_closed")]


def do_send_followup(session: Session, *, customer_id: int, context_type: str = "case",
                     context_id: str | int, survey_id: int | None = None,
                     staff_id: int | None = None) -> InviteResult | None:
    """Ask a follow-up question (for the recovery feature after a case is resolved).

    Uses `survey_id`, else the first active survey with the ``case_resolved`` trigger;
    returns None when there is no such survey.
    """
    if survey_id is not None:
        survey: Survey | None = load_survey(session, survey_id)
    else:
        candidates = surveys_with_trigger(session, "case_resolved")
        survey = candidates[0] if candidates else None
    if survey is None:
        return None
    return do_invite(session, survey=survey, customer_id=customer_id, context_type=context_type,
                     context_id=str(context_id), staff_id=staff_id, trigger="case_resolved",
                     delay=_delay(survey))


def on_case_resolved(session: Session, case_id: int, **_: Any) -> None:
    """Hook: a recovery case was resolved; send the follow-up survey if one is set up."""
    models = importlib.import_module("amends.models")
    case_model = getattr(models, "RecoveryCase", None)
    if case_model is None:
        return
    case = session.get(case_model, case_id)
    if case is None:
        return
    do_send_followup(session, customer_id=case.customer_id, context_type="case",
                     context_id=str(case_id), staff_id=getattr(case, "owner_id", None))


def run_activity_scan(session: Session, payload: dict[str, Any]) -> None:
    """Periodic: invite after new purchases/orders (each survey keeps its own cursor)."""
    for trigger_survey in {s.id: s for t in ACTIVITY_TRIGGERS
                           for s in surveys_with_trigger(session, t)}.values():
        kinds = [t for t in ACTIVITY_TRIGGERS if t in trigger_survey.rules.get("triggers", [])]
        events = list(session.scalars(
            select(ActivityEvent).where(ActivityEvent.id > trigger_survey.activity_cursor,
                                        ActivityEvent.kind.in_(kinds))
            .order_by(ActivityEvent.id).limit(ACTIVITY_BATCH)))
        for event in events:
            do_invite(session, survey=trigger_survey, customer_id=event.customer_id,
                      context_type="order", context_id=f"{event.source}:{event.external_id}",
                      trigger=event.kind, delay=_delay(trigger_survey))
        if events:
            trigger_survey.activity_cursor = events[-1].id
    session.flush()


def run_pulse(session: Session, payload: dict[str, Any]) -> None:
    """Periodic: a light check-in with customers who have gone quiet (once a month)."""
    now = utcnow()
    period = now.strftime("%Y-%m")
    cfg = survey_settings(_settings())
    for survey in surveys_with_trigger(session, "pulse"):
        cutoff = now - timedelta(days=float(survey.rules.get("quiet_days", 30)))
        recent = now - timedelta(days=_frequency_days(survey, cfg))
        quiet = (select(Customer.id).where(
            Customer.status == "active", Customer.survey_opt_out.is_(False),
            Customer.email.is_not(None), Customer.created_at < cutoff,
            ~exists().where(Interaction.customer_id == Customer.id,
                            Interaction.occurred_at >= cutoff),
            ~exists().where(ActivityEvent.customer_id == Customer.id,
                            ActivityEvent.occurred_at >= cutoff),
            ~exists().where(SurveyInvitation.customer_id == Customer.id,
                            SurveyInvitation.survey_id == survey.id,
                            SurveyInvitation.context_type == "pulse",
                            SurveyInvitation.context_id == period),
            # Those asked recently would only be skipped again; leave room for the rest.
            ~exists().where(SurveyInvitation.customer_id == Customer.id,
                            SurveyInvitation.channel == "email",
                            SurveyInvitation.status.in_(("scheduled", "queued")),
                            SurveyInvitation.send_at >= recent))
            .order_by(Customer.id).limit(PULSE_BATCH))
        for customer_id in list(session.scalars(quiet)):
            do_invite(session, survey=survey, customer_id=customer_id, context_type="pulse",
                      context_id=period, trigger="pulse", delay=_delay(survey), now=now)
    session.flush()


def check_quiet_hours(raw: str) -> None:
    """Raise ValueError for quiet hours that cannot be read (for config checks)."""
    parse_quiet_hours(raw)


def _register() -> None:
    jobs.register(SEND_JOB, "amends.decide.surveys:run_send_job")
    jobs.register(SETTLE_JOB, "amends.decide.surveys:run_settle_job")
    jobs.register(ACTIVITY_JOB, "amends.decide.surveys:run_activity_scan")
    jobs.register(PULSE_JOB, "amends.decide.surveys:run_pulse")
    from amends.worker import register_periodic

    register_periodic(ACTIVITY_JOB, 300)
    register_periodic(PULSE_JOB, 3600)


_register()
