"""Each persona from a history built for it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from amends.analyse.evidence import Case, CustomerEvidence, Interaction, SurveyAnswer
from amends.analyse.health import health_score
from amends.analyse.persona import PERSONAS, assign_persona

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)
ACTIVE = {"purchases": 8, "p_alive": 0.93}
QUIET = {"purchases": 8, "p_alive": 0.15}


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def msg(days: float, sentiment: float = -0.6, bad: bool = False, anger: float | None = None,
        *signals: str) -> Interaction:
    return Interaction(ago(days), sentiment=sentiment, bad_experience=bad, anger=anger,
                       signals=frozenset(signals))


def persona_of(**kw: object) -> tuple[str, tuple[str, ...]]:
    ev = CustomerEvidence(customer_id="x", **kw)  # type: ignore[arg-type]
    result = assign_persona(ev, health_score(ev, NOW), NOW)
    assert result.persona in PERSONAS
    assert result.reasons and all(isinstance(r, str) and r for r in result.reasons)
    return result.persona, result.reasons


def test_disconnected_but_vocal_complains_of_being_ignored_while_still_buying() -> None:
    persona, reasons = persona_of(
        **ACTIVE,
        interactions=[msg(9, -0.5, True), msg(4, -0.6, False, None, "repeat_contact", "ignored")],
    )
    assert persona == "disconnected_vocal"
    assert "feels ignored" in reasons
    assert any("still buying" in r for r in reasons)


def test_a_case_left_without_reply_makes_an_active_customer_disconnected() -> None:
    persona, _ = persona_of(**ACTIVE, interactions=[msg(5, -0.5, True)], cases=[Case(ago(5))])
    assert persona == "disconnected_vocal"


@pytest.mark.parametrize("evidence", [
    msg(3, -0.8, True, None, "dispute"),
    msg(3, -0.8, True, None, "legal_threat"),
    msg(3, -0.9, True, 0.95),
    msg(3, -0.4, False, None, "product_fit"),
])
def test_stressed_but_vocal_is_in_conflict(evidence: Interaction) -> None:
    persona, reasons = persona_of(**ACTIVE, interactions=[evidence])
    assert persona == "stressed_vocal"
    assert len(reasons) >= 2


def test_complaining_while_pulling_away_is_stressed() -> None:
    persona, reasons = persona_of(**QUIET, interactions=[msg(6, -0.7, True)])
    assert persona == "stressed_vocal"
    assert any("pulling away" in r for r in reasons)


def test_disengaged_and_silent_goes_quiet_saying_nothing() -> None:
    persona, reasons = persona_of(**QUIET)
    assert persona == "disengaged_silent"
    assert any("P(alive) 0.15" in r for r in reasons)
    assert "said nothing in the last 90 days" in reasons
    by_usage, _ = persona_of(usage_ratio=0.1, usage_z=-6.0)
    assert by_usage == "disengaged_silent"
    by_idle, _ = persona_of(last_activity_at=ago(150))
    assert by_idle == "disengaged_silent"


def test_advocate_praises_and_stays_active() -> None:
    persona, reasons = persona_of(
        **ACTIVE,
        interactions=[msg(10, 0.9, False, None, "praise")],
        surveys=[SurveyAnswer(ago(20), "positive", 1.0)],
    )
    assert persona == "advocate"
    assert reasons[0].startswith("2 positive")


def test_content_is_active_with_nothing_to_report() -> None:
    persona, _ = persona_of(**ACTIVE, interactions=[msg(30, 0.1)])
    assert persona == "content"


def test_recovering_has_a_case_in_hand_or_just_resolved() -> None:
    handled = Case(ago(3), first_response_at=ago(2.9))
    open_persona, reasons = persona_of(**ACTIVE, interactions=[msg(3, -0.6, True)],
                                       cases=[handled])
    assert open_persona == "recovering"
    assert "a case open, being handled (oldest 3 days)" in reasons
    fixed = Case(ago(12), first_response_at=ago(11.9), resolved_at=ago(10), outcome="resolved")
    resolved_persona, _ = persona_of(**ACTIVE, interactions=[msg(12, -0.8, True, None, "dispute")],
                                     cases=[fixed])
    assert resolved_persona == "recovering"  # the conflict came before the fix


def test_conflict_after_the_fix_is_stressed_again() -> None:
    fixed = Case(ago(20), first_response_at=ago(19.9), resolved_at=ago(18), outcome="resolved")
    persona, _ = persona_of(**ACTIVE, cases=[fixed],
                            interactions=[msg(20, -0.6, True), msg(2, -0.9, True, None, "dispute")])
    assert persona == "stressed_vocal"


def test_old_resolved_history_is_content_again() -> None:
    fixed = Case(ago(80), first_response_at=ago(79.9), resolved_at=ago(79), outcome="resolved")
    persona, _ = persona_of(**ACTIVE, interactions=[msg(80, -0.6, True)], cases=[fixed])
    assert persona == "content"


def test_closing_a_case_without_a_fix_does_not_address_the_complaint() -> None:
    failed = Case(ago(20), first_response_at=ago(19.9), resolved_at=ago(15), outcome="unresolved")
    persona, _ = persona_of(**ACTIVE, interactions=[msg(20, -0.6, True)], cases=[failed])
    assert persona == "disconnected_vocal"


def test_nan_from_numpy_means_unknown() -> None:
    ev = CustomerEvidence(purchases=3, p_alive=float("nan"), usage_ratio=float("nan"))
    assert ev.p_alive is None and ev.usage_ratio is None
    assert assign_persona(ev, health_score(ev, NOW), NOW).persona == "content"
