"""Survey reports: lists of surveys, invitations and responses, and the metrics.

Metrics (per survey, staff member, team, channel or period; a group's invitations are the
ones sent in the window, and their answers):
- response rate: answered email invitations / email invitations handed to the mail server
- distribution: answers per option; thermometer and thumbs also as shares
- CSAT %: share of CSAT answers that are 4 or 5 (of 5)
- NPS: % promoters (9-10) minus % detractors (0-6), from -100 to 100
- CES: mean effort score (1 very easy .. 7 very difficult)
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from amends.models import OutboxMessage, StaffUser, Team
from amends.models.surveys import Survey, SurveyInvitation, SurveyResponse
from amends.surveys.options import options_for
from amends.timeutil import isoformat

GroupBy = Literal["survey", "staff", "team", "channel", "period", "none"]
Period = Literal["day", "week", "month"]


def survey_dict(s: Survey) -> dict[str, Any]:
    return {"id": s.id, "key": s.key, "name": s.name, "kind": s.kind, "question": s.question,
            "follow_up": s.follow_up, "brand_name": s.brand_name,
            "brand_colour": s.brand_colour, "logo_url": s.logo_url, "language": s.language,
            "strings": s.strings or {}, "rules": s.rules or {}, "is_active": s.is_active,
            "options": [o.code for o in options_for(s.kind)],
            "created_at": isoformat(s.created_at)}


def list_surveys(session: Session) -> list[Survey]:
    return list(session.scalars(select(Survey).order_by(Survey.id)))


def invitation_dict(i: SurveyInvitation, delivery: OutboxMessage | None = None
                    ) -> dict[str, Any]:
    out = {"id": i.id, "survey_id": i.survey_id, "customer_id": i.customer_id,
           "context_type": i.context_type, "context_id": i.context_id, "staff_id": i.staff_id,
           "source_channel": i.source_channel, "channel": i.channel, "status": i.status,
           "skip_reason": i.skip_reason, "identity_verified": i.identity_verified,
           "trigger": i.trigger, "send_at": isoformat(i.send_at),
           "queued_at": isoformat(i.queued_at), "expires_at": isoformat(i.expires_at)}
    if delivery is not None:
        out["delivery"] = {"status": delivery.status, "attempts": delivery.attempts,
                           "last_error": delivery.last_error,
                           "sent_at": isoformat(delivery.sent_at)}
    return out


def list_invitations(session: Session, survey_id: int, *, after_id: int | None = None,
                     limit: int = 100) -> dict[str, Any]:
    query = (select(SurveyInvitation, OutboxMessage)
             .outerjoin(OutboxMessage, OutboxMessage.id == SurveyInvitation.outbox_message_id)
             .where(SurveyInvitation.survey_id == survey_id).order_by(SurveyInvitation.id)
             .limit(limit + 1))
    if after_id:
        query = query.where(SurveyInvitation.id > after_id)
    rows = list(session.execute(query))
    items = [invitation_dict(i, m) for i, m in rows[:limit]]
    return {"items": items, "next_cursor": items[-1]["id"] if len(rows) > limit else None}


def response_dict(r: SurveyResponse, i: SurveyInvitation) -> dict[str, Any]:
    return {"id": r.id, "survey_id": r.survey_id, "invitation_id": r.invitation_id,
            "customer_id": r.customer_id, "staff_id": r.staff_id, "option": r.option,
            "score": r.score, "bad_experience": r.bad_experience,
            "identity_verified": r.identity_verified, "comment": r.comment,
            "comment_interaction_id": r.comment_interaction_id,
            "context_type": i.context_type, "context_id": i.context_id,
            "channel": i.source_channel or i.channel, "history": r.history or [],
            "answered_at": isoformat(r.answered_at), "updated_at": isoformat(r.updated_at)}


def list_responses(session: Session, survey_id: int, *, bad_experience: bool | None = None,
                   since: datetime | None = None, until: datetime | None = None,
                   after_id: int | None = None, limit: int = 100) -> dict[str, Any]:
    query = (select(SurveyResponse, SurveyInvitation)
             .join(SurveyInvitation, SurveyInvitation.id == SurveyResponse.invitation_id)
             .where(SurveyResponse.survey_id == survey_id).order_by(SurveyResponse.id)
             .limit(limit + 1))
    if bad_experience is not None:
        query = query.where(SurveyResponse.bad_experience.is_(bad_experience))
    if since is not None:
        query = query.where(SurveyResponse.answered_at >= since)
    if until is not None:
        query = query.where(SurveyResponse.answered_at < until)
    if after_id:
        query = query.where(SurveyResponse.id > after_id)
    rows = list(session.execute(query))
    items = [response_dict(r, i) for r, i in rows[:limit]]
    return {"items": items, "next_cursor": items[-1]["id"] if len(rows) > limit else None}


def _period_key(when: datetime, period: str) -> str:
    if period == "day":
        return when.strftime("%Y-%m-%d")
    if period == "week":
        monday = when.date() - timedelta(days=when.weekday())
        return f"week of {monday.isoformat()}"
    return when.strftime("%Y-%m")


class _Group:
    def __init__(self) -> None:
        self.invited = 0  # email invitations handed to the outbox
        self.answered_invited = 0
        self.delivery_failed = 0
        self.skipped = 0
        self.responses = 0
        self.unverified = 0
        self.bad = 0
        self.by_kind: dict[str, list[tuple[str, int]]] = defaultdict(list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "invitations_sent": self.invited, "delivery_failed": self.delivery_failed,
            "skipped": self.skipped, "responses": self.responses,
            "response_rate": _ratio(self.answered_invited, self.invited),
            "bad_experiences": self.bad, "unverified_responses": self.unverified,
            "distribution": {}}
        for kind, answers in self.by_kind.items():
            counts = {o.code: 0 for o in options_for(kind)}
            for code, _ in answers:
                counts[code] = counts.get(code, 0) + 1
            out["distribution"][kind] = counts
            scores = [score for _, score in answers]
            n = len(scores)
            if kind == "csat":
                out["csat_pct"] = _pct(sum(s >= 4 for s in scores), n)
            elif kind == "nps":
                nps = _pct(sum(s >= 9 for s in scores), n)
                out["nps"] = None if nps is None else round(
                    nps - (_pct(sum(s <= 6 for s in scores), n) or 0.0), 1)
            elif kind == "ces":
                out["ces_mean"] = round(sum(scores) / n, 2) if n else None
            elif kind in ("thermometer", "thumbs"):
                out[f"{kind}_shares"] = {code: _pct(c, n) for code, c in counts.items()}
        return out


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _pct(a: int, b: int) -> float | None:
    return round(100.0 * a / b, 1) if b else None


def survey_stats(session: Session, *, survey_id: int | None = None, by: str = "survey",
                 period: str = "month", since: datetime | None = None,
                 until: datetime | None = None) -> dict[str, Any]:
    """Metrics for the invitations sent in [since, until), grouped by `by`."""
    query = (select(SurveyInvitation.survey_id, Survey.key, Survey.kind,
                    SurveyInvitation.staff_id, StaffUser.name, Team.id, Team.name,
                    SurveyInvitation.source_channel, SurveyInvitation.channel,
                    SurveyInvitation.status, SurveyInvitation.send_at, OutboxMessage.status,
                    SurveyResponse.option, SurveyResponse.score, SurveyResponse.bad_experience,
                    SurveyResponse.identity_verified)
             .join(Survey, Survey.id == SurveyInvitation.survey_id)
             .outerjoin(StaffUser, StaffUser.id == SurveyInvitation.staff_id)
             .outerjoin(Team, Team.id == StaffUser.team_id)
             .outerjoin(OutboxMessage, OutboxMessage.id == SurveyInvitation.outbox_message_id)
             .outerjoin(SurveyResponse, SurveyResponse.invitation_id == SurveyInvitation.id))
    if survey_id is not None:
        query = query.where(SurveyInvitation.survey_id == survey_id)
    if since is not None:
        query = query.where(SurveyInvitation.send_at >= since)
    if until is not None:
        query = query.where(SurveyInvitation.send_at < until)
    groups: dict[str, _Group] = defaultdict(_Group)
    total = _Group()
    for row in session.execute(query):
        (sid, key, kind, staff_id, staff_name, _team_id, team_name, source_channel, channel,
         status, send_at, delivery, option, score, bad, verified) = row
        label = {"survey": key, "staff": staff_name or "(no staff member)",
                 "team": team_name or "(no team)", "channel": source_channel or channel,
                 "period": _period_key(send_at, period), "none": "all"}[by]
        for g in (groups[label], total):
            _add(g, kind, channel, status, delivery, option, score, bad, verified)
    return {"by": by, "period": period if by == "period" else None,
            "since": isoformat(since), "until": isoformat(until), "total": total.to_dict(),
            "groups": [{"group": name, **g.to_dict()} for name, g in sorted(groups.items())]}


def _add(g: _Group, kind: str, channel: str, status: str, delivery: str | None,
         option: str | None, score: int | None, bad: bool | None,
         verified: bool | None) -> None:
    if channel == "email":
        if status == "queued":
            g.invited += 1
            g.answered_invited += option is not None
            g.delivery_failed += delivery == "dead"
        elif status == "skipped":
            g.skipped += 1
    if option is not None and score is not None:
        g.responses += 1
        g.bad += bool(bad)
        g.unverified += verified is False
        g.by_kind[kind].append((option, score))
