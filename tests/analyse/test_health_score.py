"""Trust / health score: falls after a bad experience, recovers after a swift fix."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from amends.analyse.evidence import Case, CustomerEvidence, Interaction, SurveyAnswer
from amends.analyse.health import BASELINE, health_score

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def bad(days: float, severity: int = 1) -> Interaction:
    return Interaction(ago(days), sentiment=-0.7, bad_experience=True, severity=severity)


def customer(**kw: object) -> CustomerEvidence:
    return CustomerEvidence(customer_id="c1", **kw)  # type: ignore[arg-type]


def test_no_evidence_is_the_neutral_baseline() -> None:
    result = health_score(customer(), NOW)
    assert result.score == BASELINE
    assert result.contributions == ()


def test_trust_falls_after_a_bad_experience_and_recovers_after_a_swift_fix() -> None:
    at = datetime(2025, 5, 1, 9, tzinfo=UTC)
    complaint = Interaction(at, sentiment=-0.7, bad_experience=True)
    before = health_score(customer(), at - timedelta(days=1)).score
    after_bad = health_score(customer(interactions=[complaint]), at + timedelta(hours=2))
    case_open = Case(at, first_response_at=at + timedelta(hours=1))
    during = health_score(customer(interactions=[complaint], cases=[case_open]),
                          at + timedelta(hours=20))
    fixed = Case(at, first_response_at=at + timedelta(hours=1),
                 resolved_at=at + timedelta(hours=20), outcome="resolved")
    after_fix = health_score(customer(interactions=[complaint], cases=[fixed]),
                             at + timedelta(days=2))
    assert before == BASELINE
    assert after_bad.score <= BASELINE - 9
    assert "\u221210: a bad experience in the last 30 days" in after_bad.reasons
    assert during.score < after_bad.score  # an open problem adds to the damage
    assert after_fix.score >= BASELINE - 1  # a swift, complete fix restores the trust
    assert any(r.startswith("+10: recovered quickly") for r in after_fix.reasons)


def test_slow_or_partial_fix_restores_less_than_a_swift_one() -> None:
    complaint = bad(30)
    scores = {}
    for label, took, outcome in [("swift", 1, "resolved"), ("slow", 20, "resolved"),
                                 ("partial", 1, "partial"), ("none", None, "unresolved")]:
        closed = ago(30 - took) if took else ago(10)
        case = Case(ago(30), first_response_at=ago(29.9), resolved_at=closed, outcome=outcome)
        scores[label] = health_score(customer(interactions=[complaint], cases=[case]), NOW).score
    alone = health_score(customer(interactions=[complaint]), NOW).score
    assert scores["swift"] > scores["slow"] > alone
    assert scores["swift"] > scores["partial"] > alone
    assert scores["none"] < alone  # closed without a fix makes it worse


def test_an_unresolved_problem_keeps_eroding_trust() -> None:
    opened = NOW - timedelta(days=60)
    complaint = Interaction(opened, sentiment=-0.6, bad_experience=True)
    case = Case(opened)  # nobody replied, nothing fixed
    ev = customer(interactions=[complaint], cases=[case])
    week_scores = [health_score(ev, opened + timedelta(days=d)).score for d in (1, 7, 21, 42)]
    assert week_scores == sorted(week_scores, reverse=True)
    assert week_scores[0] - week_scores[-1] >= 15
    reasons = health_score(ev, opened + timedelta(days=21)).reasons
    assert any("still open after 3 weeks" in r for r in reasons)
    assert any("no reply yet, 21 days after they got in touch" in r for r in reasons)


def test_effects_fade_with_time() -> None:
    recent = health_score(customer(interactions=[bad(5)]), NOW).score
    old = health_score(customer(interactions=[bad(200)]), NOW).score
    assert recent < old < BASELINE + 1
    assert old >= BASELINE - 2


def test_bad_weighs_more_than_good() -> None:
    good_msg = Interaction(ago(3), sentiment=0.9, signals=frozenset({"praise"}))
    good_survey = SurveyAnswer(ago(3), "positive")
    both = health_score(customer(interactions=[bad(3), good_msg], surveys=[good_survey]), NOW)
    good_only = health_score(customer(interactions=[good_msg]), NOW)
    assert both.score < BASELINE < good_only.score
    assert good_only.score - BASELINE < BASELINE - health_score(
        customer(interactions=[bad(3)]), NOW).score


def test_counts_and_severity_in_sentences() -> None:
    result = health_score(customer(interactions=[bad(3), bad(10), bad(70, severity=3)]), NOW)
    texts = result.reasons
    assert any(t.endswith("two bad experiences in the last 30 days") for t in texts)
    assert any(t.endswith("a bad experience 1-3 months ago") for t in texts)
    assert result.contributions[0].points <= result.contributions[-1].points  # worst first


def test_threats_and_behaviour_count() -> None:
    threat = Interaction(ago(2), sentiment=-0.5, signals=frozenset({"churn_intent"}))
    result = health_score(customer(interactions=[threat], purchases=6, p_alive=0.2), NOW)
    assert any("take their business elsewhere (2 days ago)" in r for r in result.reasons)
    assert any("P(alive) 0.20" in r for r in result.reasons)
    assert result.score < 50
    falling = health_score(customer(usage_ratio=0.2, usage_z=-5.0), NOW)
    assert any("activity down 80%" in r for r in falling.reasons)
    idle = health_score(customer(last_activity_at=ago(200)), NOW)
    assert idle.score == BASELINE - 10


def test_outbound_messages_are_not_the_customers_voice() -> None:
    staff = Interaction(ago(1), sentiment=-0.9, bad_experience=True, inbound=False)
    assert health_score(customer(interactions=[staff]), NOW).score == BASELINE


def test_customer_who_left_scores_zero() -> None:
    result = health_score(customer(status="churned"), NOW)
    assert result.score == 0
    assert "has left (status churned)" in result.reasons[0]


def test_score_is_clipped_to_0_100() -> None:
    many = [bad(d, severity=3) for d in range(1, 20)]
    assert health_score(customer(interactions=many), NOW).score == 0


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        health_score(customer(), datetime(2025, 1, 1))
    with pytest.raises(ValueError, match="timezone-aware"):
        Interaction(datetime(2025, 1, 1))
    with pytest.raises(ValueError, match="timezone-aware"):
        Case(NOW, resolved_at=datetime(2025, 1, 1))
    with pytest.raises(ValueError, match="polarity"):
        SurveyAnswer(NOW, "great")
