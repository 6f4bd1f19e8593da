"""Detection rules: when a bad experience shows, open (or add to) a recovery case.

Rules read what the text engine stored on each interaction (`Interaction.analysis`), survey
answers and the health snapshot. Each has defaults that can be overridden per rule (stored
in `case_rule_settings`). Rules never look at messages older than `max_age_hours`, so
importing years of history does not open years of cases.

Hook handlers (registered in `amends.hooks`) run in the caller's transaction:
`on_interactions_analysed`, `on_survey_answered`, `on_customers_scored`.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from amends.db import chunks
from amends.decide.cases import (
    Finding,
    customer_context,
    do_evaluate_outcome,
    do_open_or_extend_case,
    do_record_response,
    find_open_case,
)
from amends.errors import FieldError, NotFound, ValidationFailed
from amends.models import Interaction
from amends.models.cases import CaseEvidence, RuleSetting
from amends.recovery.priority import compute_priority, more_urgent
from amends.runtime import get_settings
from amends.timeutil import utcnow

DEFAULTS: dict[str, dict[str, Any]] = {
    "negative_survey": {"enabled": True, "severity": 50},
    "bad_experience": {"enabled": True, "min_severity": 40},
    "churn_intent": {"enabled": True, "min_score": 0.5, "severity": 60},
    "public_complaint": {"enabled": True, "min_score": 0.5, "severity": 70},
    "legal_threat": {"enabled": True, "min_score": 0.5, "severity": 85},
    "repeat_contact": {"enabled": True, "contacts": 3, "within_hours": 72, "severity": 50},
    "silent_high_value": {"enabled": True, "min_value": 1000.0, "cooldown_days": 30,
                          "severity": 40},
    "rude_staff_reply": {"enabled": True, "min_score": 0.5, "severity": 60},
    "common": {"max_age_hours": 72},
}
AT_RISK_PERSONAS = ("disconnected_vocal", "stressed_vocal", "disengaged_silent")
DESCRIPTIONS = {
    "negative_survey": "a negative survey answer",
    "bad_experience": "a message showing a bad experience at or above min_severity",
    "churn_intent": "the customer says they will leave",
    "public_complaint": "a public complaint (review, social post) or a threat to go public",
    "legal_threat": "a legal threat",
    "repeat_contact": "the customer contacts us again and again (or says so)",
    "silent_high_value": "a valuable customer who has gone disengaged and silent",
    "rude_staff_reply": "a staff reply with a rude or blame-shifting tone",
    "common": "settings every rule shares",
}


# --- settings -----------------------------------------------------------------------------

def rule_settings(session: Session) -> dict[str, dict[str, Any]]:
    """Defaults merged with the stored overrides."""
    merged = copy.deepcopy(DEFAULTS)
    for row in session.scalars(select(RuleSetting)):
        if row.rule in merged:
            merged[row.rule].update(row.params or {})
            merged[row.rule]["enabled"] = row.enabled
    return merged


def do_update_rule(session: Session, rule: str, *, enabled: bool | None = None,
                   params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Change one rule's settings; only known numeric parameters are accepted."""
    if rule not in DEFAULTS:
        raise NotFound(f"no rule {rule!r}; rules: {', '.join(DEFAULTS)}")
    problems = []
    clean: dict[str, Any] = {}
    for key, value in (params or {}).items():
        if key == "enabled" or key not in DEFAULTS[rule]:
            problems.append(FieldError(f"params.{key}", "unknown parameter"))
        elif isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            problems.append(FieldError(f"params.{key}", "must be a number >= 0"))
        else:
            clean[key] = value
    if problems:
        raise ValidationFailed("the rule settings are not valid", fields=problems)
    row = session.get(RuleSetting, rule) or RuleSetting(rule=rule, enabled=True, params={})
    row.params = {**(row.params or {}), **clean}
    if enabled is not None:
        row.enabled = enabled
    session.add(row)
    session.flush()
    return rule_settings(session)[rule]


# --- reading the analysis -----------------------------------------------------------------

def _signal(analysis: dict[str, Any], name: str, min_score: float) -> bool:
    value = (analysis.get("signals") or {}).get(name)
    if not isinstance(value, dict):
        return False
    return bool(value.get("present")) and float(value.get("score") or 1.0) >= min_score


def _tone(analysis: dict[str, Any], name: str, min_score: float) -> bool:
    value = (analysis.get("tone") or {}).get(name)
    if isinstance(value, dict):
        return bool(value.get("present")) and float(value.get("score") or 1.0) >= min_score
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= min_score


def _issues(analysis: dict[str, Any]) -> list[str]:
    return [i["category"] for i in analysis.get("issues") or [] if isinstance(i, dict)
            and i.get("category")]


def _snippet(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# --- interactions -------------------------------------------------------------------------

def customer_findings(session: Session, i: Interaction, rules: dict[str, dict[str, Any]]
                      ) -> list[Finding]:
    """What the customer-message rules see in one analysed interaction."""
    a = i.analysis or {}
    severity = int(i.severity if i.severity is not None else a.get("severity") or 0)
    bad = bool(i.bad_experience if i.bad_experience is not None else a.get("bad_experience"))
    issues = _issues(a)
    quote = _snippet(i.text)

    def finding(rule: str, sev: int, summary: str) -> Finding:
        return Finding(rule, min(max(sev, 0), 100), "interaction", i.id, i.occurred_at,
                       f"{summary}: \u201c{quote}\u201d", issues,
                       {"channel": i.channel, "severity": severity})

    out = []
    r = rules["bad_experience"]
    if r["enabled"] and bad and severity >= r["min_severity"]:
        out.append(finding("bad_experience", severity, f"bad experience ({i.channel})"))
    r = rules["churn_intent"]
    if r["enabled"] and _signal(a, "churn_intent", r["min_score"]):
        out.append(finding("churn_intent", max(severity, r["severity"]), "churn intent"))
    r = rules["legal_threat"]
    if r["enabled"] and _signal(a, "legal_threat", r["min_score"]):
        out.append(finding("legal_threat", max(severity, r["severity"]), "legal threat"))
    r = rules["public_complaint"]
    public_place = i.is_public or i.channel in ("review", "social")
    if r["enabled"] and (_signal(a, "public_escalation", r["min_score"])
                         or (public_place and bad)):
        out.append(finding("public_complaint", max(severity, r["severity"]),
                           "public complaint"))
    r = rules["repeat_contact"]
    if r["enabled"] and (_signal(a, "repeat_contact", 0.5) or _repeated(session, i, r)):
        out.append(finding("repeat_contact", max(severity, r["severity"]), "repeat contact"))
    return out


def _repeated(session: Session, i: Interaction, rule: dict[str, Any]) -> bool:
    """N customer messages within the window, in the same thread when there is one."""
    since = i.occurred_at - timedelta(hours=float(rule["within_hours"]))
    query = select(func.count()).select_from(Interaction).where(
        Interaction.customer_id == i.customer_id, Interaction.author_type == "customer",
        Interaction.occurred_at > since, Interaction.occurred_at <= i.occurred_at)
    if i.thread_id:
        query = query.where(Interaction.thread_id == i.thread_id)
    return int(session.scalar(query) or 0) >= int(rule["contacts"])


def staff_findings(i: Interaction, rules: dict[str, dict[str, Any]]) -> list[Finding]:
    a = i.analysis or {}
    r = rules["rude_staff_reply"]
    if not r["enabled"]:
        return []
    flags = [n for n in ("rudeness", "blame_shifting") if _tone(a, n, r["min_score"])]
    if not flags:
        return []
    return [Finding("rude_staff_reply", int(r["severity"]), "interaction", i.id, i.occurred_at,
                    f"staff reply flagged ({', '.join(flags)}): \u201c{_snippet(i.text)}\u201d",
                    ["staff_attitude"], {"staff_id": i.staff_id, "tone": flags})]


def on_interactions_analysed(session: Session, interaction_ids: list[int]) -> None:
    """Run the message rules on freshly analysed interactions (hook handler)."""
    rules = rule_settings(session)
    now = utcnow()
    oldest = now - timedelta(hours=float(rules["common"]["max_age_hours"]))
    per_customer: dict[int, list[Finding]] = defaultdict(list)
    for part in chunks(sorted(set(interaction_ids))):
        rows = session.scalars(select(Interaction).where(Interaction.id.in_(part))
                               .order_by(Interaction.occurred_at, Interaction.id)).all()
        for i in rows:
            if i.occurred_at < oldest:
                continue
            if i.author_type == "staff":
                _note_staff_reply(session, i)
                per_customer[i.customer_id] += staff_findings(i, rules)
            elif i.author_type == "customer" and i.analysis is not None:
                per_customer[i.customer_id] += customer_findings(session, i, rules)
    for customer_id, findings in per_customer.items():
        if findings:
            do_open_or_extend_case(session, customer_id, findings, now=now)


def _note_staff_reply(session: Session, i: Interaction) -> None:
    """A staff message to the customer after a case opened is its first response."""
    if i.direction != "outbound":
        return
    case = find_open_case(session, i.customer_id)
    if case is not None and case.first_response_at is None and i.occurred_at >= case.opened_at:
        do_record_response(session, case.id, staff_id=i.staff_id, channel=i.channel,
                           note=f"replied by {i.channel}", at=i.occurred_at)


# --- surveys ------------------------------------------------------------------------------

def on_survey_answered(session: Session, response_id: int) -> None:
    """A negative answer opens a case; an answer to a case follow-up judges the outcome."""
    from amends.models.surveys import Survey, SurveyInvitation, SurveyResponse

    response = session.get(SurveyResponse, response_id)
    if response is None:
        return
    invitation = session.get(SurveyInvitation, response.invitation_id)
    if invitation is not None and invitation.context_type == "case":
        # The context id is free text from the API: only an ASCII number that fits a 64-bit
        # id can name a case ('²' passes isdigit but not int(); a huge one overflows).
        context = invitation.context_id
        if context.isascii() and context.isdigit() and 0 < int(context) < 2**63:
            try:
                do_evaluate_outcome(session, int(context))
            except NotFound:
                pass
    rules = rule_settings(session)
    rule = rules["negative_survey"]
    if not (rule["enabled"] and response.bad_experience):
        return
    # As with messages: an old answer (an import, a backfill) is history, not an incident.
    oldest = utcnow() - timedelta(hours=float(rules["common"]["max_age_hours"]))
    if response.answered_at < oldest:
        return
    survey = session.get(Survey, response.survey_id)
    severity = int(rule["severity"])
    issues: list[str] = []
    if response.comment_interaction_id:
        comment = session.get(Interaction, response.comment_interaction_id)
        if comment is not None and comment.analysis:
            severity = max(severity, int(comment.severity or 0))
            issues = _issues(comment.analysis)
    label = survey.name if survey else "survey"
    summary = f"negative answer to {label}: {response.option}"
    if response.comment:
        summary += f" \u201c{_snippet(response.comment)}\u201d"
    finding = Finding("negative_survey", severity, "survey_response", response.id,
                      response.answered_at, summary, issues,
                      {"survey_id": response.survey_id, "option": response.option,
                       "score": response.score})
    do_open_or_extend_case(session, response.customer_id, [finding])


# --- health -------------------------------------------------------------------------------

def on_customers_scored(session: Session, customer_ids: list[int]) -> None:
    """Refresh persona and value on open cases; open one for valuable silent customers."""
    from amends.models import Customer

    rules = rule_settings(session)
    rule = rules["silent_high_value"]
    settings = get_settings()
    now = utcnow()
    for customer_id in customer_ids:
        customer = session.get(Customer, customer_id)
        if customer is None:
            continue
        persona, value = customer_context(session, customer)
        case = find_open_case(session, customer_id)
        if case is not None:
            # "recovering" describes the case itself: keep the persona that needed recovery.
            if persona in AT_RISK_PERSONAS:
                case.persona = persona
            if value is not None:
                case.value_at_risk = value
            case.priority = more_urgent(case.priority, compute_priority(
                case.severity, value, case.persona, [], settings))
        if not (rule["enabled"] and persona == "disengaged_silent"
                and (value or 0) >= float(rule["min_value"])):
            continue
        if _recently_flagged(session, customer_id, now, float(rule["cooldown_days"])):
            continue
        ref_type, ref = _health_ref(session, customer_id, now)
        finding = Finding("silent_high_value", int(rule["severity"]), ref_type, ref, now,
                          f"valuable customer gone quiet (value at risk {value:,.0f})", [],
                          {"value_at_risk": value})
        do_open_or_extend_case(session, customer_id, [finding], now=now)


def _recently_flagged(session: Session, customer_id: int, now: datetime, days: float) -> bool:
    found = session.scalar(select(func.count()).select_from(CaseEvidence).where(
        CaseEvidence.customer_id == customer_id, CaseEvidence.rule == "silent_high_value",
        CaseEvidence.created_at >= now - timedelta(days=days)))
    return bool(found)


def _health_ref(session: Session, customer_id: int, now: datetime) -> tuple[str, int]:
    """The health history row behind a finding, so the evidence names its source."""
    try:
        from amends.models.health import HealthSnapshot
    except ImportError:
        return f"health_c{customer_id}"[:24], int(now.timestamp())
    snapshot_id = session.scalar(select(HealthSnapshot.id).where(
        HealthSnapshot.customer_id == customer_id).order_by(HealthSnapshot.id.desc()).limit(1))
    if snapshot_id is None:
        return f"health_c{customer_id}"[:24], int(now.timestamp())
    return "health", int(snapshot_id)
