"""Properties of the health score and personas over generated histories."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from amends.analyse.assess import assess_customer
from amends.analyse.effort import EFFORTS
from amends.analyse.evidence import Case, CustomerEvidence, Interaction, SurveyAnswer
from amends.analyse.health import health_score
from amends.analyse.persona import PERSONAS

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)
SIGNALS = ["churn_intent", "legal_threat", "dispute", "ignored", "repeat_contact", "praise"]

messages = st.builds(
    lambda age, sentiment, bad, severity, anger, signals, inbound: Interaction(
        NOW - timedelta(days=age), sentiment=sentiment, bad_experience=bad, severity=severity,
        anger=anger, signals=frozenset(signals), inbound=inbound),
    st.floats(0, 400), st.none() | st.floats(-1, 1), st.booleans(), st.none() | st.integers(1, 5),
    st.none() | st.floats(0, 1), st.lists(st.sampled_from(SIGNALS), max_size=2), st.booleans(),
)
answers = st.builds(lambda age, pol: SurveyAnswer(NOW - timedelta(days=age), pol),
                    st.floats(0, 400), st.sampled_from(["negative", "neutral", "positive"]))
cases = st.builds(
    lambda age, reply, fix, outcome: Case(
        NOW - timedelta(days=age),
        None if reply is None else NOW - timedelta(days=age) + timedelta(days=min(reply, age)),
        None if fix is None else NOW - timedelta(days=age) + timedelta(days=min(fix, age)),
        outcome),
    st.floats(0, 300), st.none() | st.floats(0, 10), st.none() | st.floats(0, 40),
    st.sampled_from([None, "resolved", "partial", "unresolved", "amends_made"]),
)
evidence = st.builds(
    lambda msgs, surveys, cs, p, x, value: CustomerEvidence(
        customer_id=1, interactions=msgs, surveys=surveys, cases=cs, p_alive=p, purchases=x,
        value_per_year=value),
    st.lists(messages, max_size=8), st.lists(answers, max_size=3), st.lists(cases, max_size=3),
    st.none() | st.floats(0, 1), st.none() | st.integers(0, 30),
    st.none() | st.floats(0, 1e6),
)


@settings(max_examples=50, deadline=None)
@given(evidence)
def test_every_customer_gets_a_valid_assessment(ev: CustomerEvidence) -> None:
    result = assess_customer(ev, NOW)
    assert 0 <= result.health.score <= 100
    assert all(c.text and c.reason for c in result.health.contributions)
    assert result.persona.persona in PERSONAS and result.persona.reasons
    assert 0.0 < result.risk.probability < 1.0 and result.risk.reasons
    assert result.effort.effort in EFFORTS


@settings(max_examples=50, deadline=None)
@given(evidence, st.floats(0, 60), st.integers(1, 3))
def test_another_bad_experience_never_raises_trust(ev: CustomerEvidence, age: float,
                                                   severity: int) -> None:
    worse = CustomerEvidence(
        customer_id=1, interactions=[*ev.interactions,
                                     Interaction(NOW - timedelta(days=age), -0.8, True, severity)],
        surveys=ev.surveys, cases=ev.cases, p_alive=ev.p_alive, purchases=ev.purchases)
    assert health_score(worse, NOW).score <= health_score(ev, NOW).score
