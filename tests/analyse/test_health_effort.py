"""Value at risk and recommended effort follow the persona and the value."""

from __future__ import annotations

import pytest

from amends.analyse.effort import EFFORTS, EffortPolicy, recommend_effort

POLICY = EffortPolicy(min_risk=0.2, high_risk=0.5, check_in_min=25.0, outreach_min=250.0)


@pytest.mark.parametrize(("persona", "risk", "value", "expected"), [
    ("disconnected_vocal", 0.4, 2000.0, "save_now"),
    ("disconnected_vocal", 0.4, 20.0, "light_check_in"),
    ("stressed_vocal", 0.6, 5000.0, "personal_outreach"),
    ("stressed_vocal", 0.6, 200.0, "light_check_in"),
    ("stressed_vocal", 0.6, 30.0, "let_go"),
    ("stressed_vocal", 0.6, None, "personal_outreach"),
    ("disengaged_silent", 0.7, 10_000.0, "personal_outreach"),
    ("disengaged_silent", 0.7, 500.0, "light_check_in"),
    ("disengaged_silent", 0.7, 50.0, "let_go"),
    ("content", 0.05, 10_000.0, "none"),
    ("advocate", 0.3, 1000.0, "light_check_in"),
    ("recovering", 0.3, 1000.0, "none"),
    ("recovering", 0.7, 1000.0, "save_now"),
])
def test_effort_follows_persona_and_value(persona: str, risk: float, value: float | None,
                                          expected: str) -> None:
    result = recommend_effort(persona, risk, value, policy=POLICY)
    assert result.effort == expected
    assert result.effort in EFFORTS
    assert len(result.reasons) == 2


def test_value_at_risk_and_recoverability() -> None:
    result = recommend_effort("stressed_vocal", 0.5, 1000.0, policy=POLICY)
    assert result.value_at_risk == 500.0
    assert result.recoverability == 0.5
    assert result.expected_saving == 250.0
    assert "500 a year at risk (50% of 1,000); about 250 recoverable" in result.reasons
    unknown = recommend_effort("content", 0.5, None)
    assert unknown.value_at_risk is None and "value per year unknown" in unknown.reasons[1]


def test_a_customer_who_left_is_let_go() -> None:
    assert recommend_effort("stressed_vocal", 1.0, 9e9, has_left=True).effort == "let_go"


def test_policy_scales_with_the_business() -> None:
    policy = EffortPolicy.from_values([100.0, 200.0, 300.0, None])
    assert policy.check_in_min == pytest.approx(10.0)
    assert policy.outreach_min == pytest.approx(60.0)
    assert EffortPolicy.from_values([]) == EffortPolicy()


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="persona"):
        recommend_effort("grumpy", 0.3, 10.0)
    with pytest.raises(ValueError, match="between 0 and 1"):
        recommend_effort("content", 1.3, 10.0)
