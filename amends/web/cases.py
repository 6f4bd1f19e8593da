"""`/api/v1/cases`: recovery cases as JSON (thin routes over decide.cases and report.recovery).

Reading needs the ``read`` scope; working a case needs ``ingest`` (the key of the help desk
integration or the dashboard); rule settings and alert subscriptions need ``admin``. The
person acting is named in the body as ``staff_email`` (or ``staff_id``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from amends.decide import amends_ledger as ledger
from amends.decide import cases as decide
from amends.decide import rules
from amends.errors import FieldError, ValidationFailed
from amends.ingest.schemas import Storable
from amends.models import StaffUser
from amends.models.cases import AlertSubscription
from amends.report import recovery as report
from amends.timeutil import isoformat, require_aware
from amends.web.api import MAX_ID, PathId, QueryId
from amends.web.deps import get_session, require_scope, storable_params

router = APIRouter(tags=["cases"], dependencies=[Depends(storable_params)])
read = Depends(require_scope("read"))
work = Depends(require_scope("ingest"))
admin = Depends(require_scope("admin"))
# Ids in a body are bounded like path ids: a huge number is a 422, not a database overflow.
BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]


class Actor(Storable):
    model_config = ConfigDict(extra="forbid")
    staff_email: str | None = Field(default=None, max_length=320)
    staff_id: BodyId | None = None


class OpenIn(Actor):
    customer_id: BodyId
    title: str = Field(min_length=1, max_length=300)
    severity: int = Field(ge=0, le=100)
    issues: list[str] = Field(default_factory=list, max_length=20)


class AssignIn(Actor):
    assignee_email: str | None = Field(default=None, max_length=320)
    assignee_id: BodyId | None = None


class ResponseIn(Actor):
    channel: str = Field(default="other", max_length=20)
    note: str = Field(default="", max_length=5000)
    at: datetime | None = None


class NoteIn(Actor):
    text: str = Field(min_length=1, max_length=10_000)


class StepIn(Actor):
    notes: str | None = Field(default=None, max_length=10_000)


class DraftIn(Actor):
    kind: Literal["acknowledgement", "apology", "resolution"]


class DraftEditIn(Actor):
    subject: str | None = Field(default=None, max_length=300)
    body: str | None = Field(default=None, max_length=20_000)


class SendIn(Actor):
    override_tone: bool = False


class ResolveIn(Actor):
    note: str = Field(default="", max_length=10_000)
    fix: str | None = Field(default=None, max_length=10_000)


class CloseIn(Actor):
    root_cause: str = Field(max_length=40)
    note: str = Field(default="", max_length=10_000)


class OfferIn(Actor):
    kind: Literal["refund", "credit", "discount", "gift", "waived_fee"]
    value: float = Field(ge=0, le=1e9)
    description: str = Field(default="", max_length=2000)


class ApproveIn(Actor):
    approve: bool = True


class DecisionIn(Actor):
    accepted: bool


class RuleIn(Storable):
    model_config = ConfigDict(extra="forbid")
    enabled: bool | None = None
    params: dict[str, Any] = Field(default_factory=dict)


class SubscriptionIn(Storable):
    model_config = ConfigDict(extra="forbid")
    staff_email: str | None = Field(default=None, max_length=320)
    channel: Literal["email", "slack", "webhook"]
    target: str = Field(min_length=3, max_length=1000)
    min_priority: Literal["p1", "p2", "p3", "p4"] = "p4"
    digest: bool = False


def staff_id_for(session: Session, email: str | None, staff_id: int | None,
                 field: str = "body.staff_email") -> int:
    """The acting staff member named in the body (by email or id); required."""
    if staff_id is not None:
        return decide.get_staff(session, staff_id, "body.staff_id").id
    if not email:
        raise ValidationFailed("name the staff member acting",
                               fields=[FieldError(field, "staff_email or staff_id is required")])
    found = session.scalar(select(StaffUser).where(func.lower(StaffUser.email) == email.lower()))
    if found is None or not found.is_active:
        raise ValidationFailed("unknown staff member",
                               fields=[FieldError(field, f"no active staff user {email}")])
    return found.id


def _actor(session: Session, body: Actor) -> int:
    return staff_id_for(session, body.staff_email, body.staff_id)


def _detail(session: Session, case_id: int) -> dict[str, Any]:
    session.commit()
    return report.case_detail(session, case_id)


# --- reading ------------------------------------------------------------------------------

@router.get("/api/v1/cases", dependencies=[read], summary="Cases (the board with open=true)")
def list_cases(status: Literal["new", "acknowledged", "in_progress", "resolved",
                               "closed"] | None = None,
               open: bool = False, owner_id: QueryId = None,  # noqa: A002
               priority: Literal["p1", "p2", "p3", "p4"] | None = None,
               customer_id: QueryId = None, cursor: QueryId = None,
               limit: int = Query(default=100, ge=1, le=1000),
               session: Session = Depends(get_session)) -> dict[str, Any]:
    return report.list_cases(session, status=status, open_only=open, owner_id=owner_id,
                             priority=priority, customer_id=customer_id, limit=limit,
                             before_id=cursor)


@router.get("/api/v1/cases/board", dependencies=[read])
def board(session: Session = Depends(get_session)) -> dict[str, Any]:
    return report.board(session)


def _period(since: datetime | None, until: datetime | None) -> tuple[Any, Any]:
    try:
        return (require_aware(since, "since") if since else None,
                require_aware(until, "until") if until else None)
    except ValueError as exc:
        raise ValidationFailed(str(exc), fields=[FieldError("query", str(exc))]) from None


@router.get("/api/v1/cases/analytics", dependencies=[read],
            summary="Response and resolution times, SLA breaches, recovery, amends, paradox")
def analytics(since: datetime | None = None, until: datetime | None = None,
              session: Session = Depends(get_session)) -> dict[str, Any]:
    since, until = _period(since, until)
    return report.analytics(session, since=since, until=until)


@router.get("/api/v1/cases/root-causes", dependencies=[read])
def root_causes(since: datetime | None = None,
                session: Session = Depends(get_session)) -> dict[str, Any]:
    since, _ = _period(since, None)
    return report.root_cause_counts(session, since)


@router.get("/api/v1/cases/learnings", dependencies=[read])
def learnings(root_cause: str | None = None, limit: int = Query(default=50, ge=1, le=500),
              session: Session = Depends(get_session)) -> dict[str, Any]:
    return report.learnings(session, limit=limit, root_cause=root_cause)


@router.get("/api/v1/cases/rules", dependencies=[read])
def list_rules(session: Session = Depends(get_session)) -> dict[str, Any]:
    merged = rules.rule_settings(session)
    return {"items": [{"rule": k, "description": rules.DESCRIPTIONS.get(k, ""), **v}
                      for k, v in merged.items()]}


@router.put("/api/v1/cases/rules/{rule}", dependencies=[admin])
def update_rule(rule: str, body: RuleIn, session: Session = Depends(get_session)
                ) -> dict[str, Any]:
    out = rules.do_update_rule(session, rule, enabled=body.enabled, params=body.params)
    session.commit()
    return {"rule": rule, **out}


def _sub_dict(s: AlertSubscription) -> dict[str, Any]:
    return {"id": s.id, "staff_id": s.staff_id, "channel": s.channel, "target": s.target,
            "min_priority": s.min_priority, "digest": s.digest, "active": s.active,
            "created_at": isoformat(s.created_at)}


@router.get("/api/v1/cases/alert-subscriptions", dependencies=[admin])
def subscriptions(session: Session = Depends(get_session)) -> dict[str, Any]:
    rows = session.scalars(select(AlertSubscription).order_by(AlertSubscription.id)).all()
    return {"items": [_sub_dict(s) for s in rows]}


@router.post("/api/v1/cases/alert-subscriptions", dependencies=[admin], status_code=201)
def subscribe(body: SubscriptionIn, session: Session = Depends(get_session)) -> dict[str, Any]:
    staff_id = (staff_id_for(session, body.staff_email, None) if body.staff_email else None)
    sub = decide.do_subscribe(session, staff_id=staff_id, channel=body.channel,
                              target=body.target, min_priority=body.min_priority,
                              digest=body.digest)
    session.commit()
    return _sub_dict(sub)


@router.delete("/api/v1/cases/alert-subscriptions/{sub_id}", dependencies=[admin],
               status_code=204)
def unsubscribe(sub_id: PathId, session: Session = Depends(get_session)) -> None:
    decide.do_unsubscribe(session, sub_id)
    session.commit()


@router.get("/api/v1/cases/{case_id}", dependencies=[read])
def case(case_id: PathId, session: Session = Depends(get_session)) -> dict[str, Any]:
    return report.case_detail(session, case_id)


@router.get("/api/v1/cases/{case_id}/amends/recommendation", dependencies=[read])
def recommendation(case_id: PathId, session: Session = Depends(get_session)) -> dict[str, Any]:
    return ledger.recommend(session, case_id)


# --- working a case -----------------------------------------------------------------------

@router.post("/api/v1/cases", dependencies=[work], status_code=201,
             summary="Open a case by hand (a call, a letter)")
def open_case(body: OpenIn, session: Session = Depends(get_session)) -> dict[str, Any]:
    case = decide.do_open_case_manually(session, customer_id=body.customer_id,
                                        staff_id=_actor(session, body), title=body.title,
                                        severity=body.severity, issues=body.issues)
    return _detail(session, case.id)


@router.post("/api/v1/cases/{case_id}/acknowledge", dependencies=[work])
def acknowledge(case_id: PathId, body: Actor, session: Session = Depends(get_session)
                ) -> dict[str, Any]:
    decide.do_acknowledge(session, case_id, staff_id=_actor(session, body))
    return _detail(session, case_id)


@router.post("/api/v1/cases/{case_id}/assign", dependencies=[work])
def assign(case_id: PathId, body: AssignIn, session: Session = Depends(get_session)
           ) -> dict[str, Any]:
    actor = _actor(session, body)
    assignee = staff_id_for(session, body.assignee_email, body.assignee_id,
                            "body.assignee_email")
    decide.do_assign(session, case_id, staff_id=assignee, actor_id=actor)
    return _detail(session, case_id)


@router.post("/api/v1/cases/{case_id}/start", dependencies=[work])
def start(case_id: PathId, body: Actor, session: Session = Depends(get_session)) -> dict[str, Any]:
    decide.do_start(session, case_id, staff_id=_actor(session, body))
    return _detail(session, case_id)


@router.post("/api/v1/cases/{case_id}/responses", dependencies=[work],
             summary="Record that the customer heard from us (call, message)")
def respond(case_id: PathId, body: ResponseIn, session: Session = Depends(get_session)
            ) -> dict[str, Any]:
    at = None
    if body.at is not None:
        at = _period(body.at, None)[0]
    decide.do_record_response(session, case_id, staff_id=_actor(session, body),
                              channel=body.channel, note=body.note, at=at)
    return _detail(session, case_id)


@router.post("/api/v1/cases/{case_id}/notes", dependencies=[work], status_code=201)
def note(case_id: PathId, body: NoteIn, session: Session = Depends(get_session)) -> dict[str, Any]:
    decide.do_add_note(session, case_id, staff_id=_actor(session, body), text=body.text)
    return _detail(session, case_id)


@router.post("/api/v1/cases/{case_id}/steps/{step_id}/done", dependencies=[work])
def step_done(case_id: PathId, step_id: PathId, body: StepIn,
              session: Session = Depends(get_session)) -> dict[str, Any]:
    decide.do_complete_step(session, case_id, step_id, staff_id=_actor(session, body),
                            notes=body.notes)
    return _detail(session, case_id)


@router.post("/api/v1/cases/{case_id}/drafts", dependencies=[work], status_code=201)
def create_draft(case_id: PathId, body: DraftIn, session: Session = Depends(get_session)
                 ) -> dict[str, Any]:
    draft = decide.do_create_draft(session, case_id, kind=body.kind,
                                   staff_id=_actor(session, body))
    session.commit()
    return report.draft_dict(draft)


@router.patch("/api/v1/cases/{case_id}/drafts/{draft_id}", dependencies=[work])
def edit_draft(case_id: PathId, draft_id: PathId, body: DraftEditIn,
               session: Session = Depends(get_session)) -> dict[str, Any]:
    draft = decide.do_update_draft(session, case_id, draft_id, staff_id=_actor(session, body),
                                   subject=body.subject, body=body.body)
    session.commit()
    return report.draft_dict(draft)


@router.post("/api/v1/cases/{case_id}/drafts/{draft_id}/send", dependencies=[work])
def send_draft(case_id: PathId, draft_id: PathId, body: SendIn,
               session: Session = Depends(get_session)) -> dict[str, Any]:
    draft = decide.do_send_draft(session, case_id, draft_id, staff_id=_actor(session, body),
                                 override_tone=body.override_tone)
    session.commit()
    return report.draft_dict(draft)


@router.post("/api/v1/cases/{case_id}/amends", dependencies=[work], status_code=201)
def offer(case_id: PathId, body: OfferIn, session: Session = Depends(get_session)
          ) -> dict[str, Any]:
    entry = ledger.do_offer_amends(session, case_id, staff_id=_actor(session, body),
                                   kind=body.kind, value=body.value,
                                   description=body.description)
    session.commit()
    return ledger.entry_dict(entry)


@router.post("/api/v1/cases/{case_id}/amends/{entry_id}/approval", dependencies=[work])
def approve(case_id: PathId, entry_id: PathId, body: ApproveIn,
            session: Session = Depends(get_session)) -> dict[str, Any]:
    entry = ledger.do_approve_amends(session, case_id, entry_id,
                                     staff_id=_actor(session, body), approve=body.approve)
    session.commit()
    return ledger.entry_dict(entry)


@router.post("/api/v1/cases/{case_id}/amends/{entry_id}/decision", dependencies=[work])
def decision(case_id: PathId, entry_id: PathId, body: DecisionIn,
             session: Session = Depends(get_session)) -> dict[str, Any]:
    entry = ledger.do_decide_amends(session, case_id, entry_id,
                                    staff_id=_actor(session, body), accepted=body.accepted)
    session.commit()
    return ledger.entry_dict(entry)


@router.post("/api/v1/cases/{case_id}/resolve", dependencies=[work])
def resolve(case_id: PathId, body: ResolveIn, session: Session = Depends(get_session)
            ) -> dict[str, Any]:
    decide.do_resolve_case(session, case_id, staff_id=_actor(session, body), note=body.note,
                           fix=body.fix)
    return _detail(session, case_id)


@router.post("/api/v1/cases/{case_id}/close", dependencies=[work])
def close(case_id: PathId, body: CloseIn, session: Session = Depends(get_session)
          ) -> dict[str, Any]:
    decide.do_close_case(session, case_id, staff_id=_actor(session, body),
                         root_cause=body.root_cause, note=body.note)
    return _detail(session, case_id)


@router.post("/api/v1/cases/{case_id}/outcome", dependencies=[work],
             summary="Judge the outcome now (it is also judged by a periodic job)")
def outcome(case_id: PathId, session: Session = Depends(get_session)) -> dict[str, Any]:
    result = decide.do_evaluate_outcome(session, case_id)
    session.commit()
    return {"case_id": case_id, "outcome": result}
