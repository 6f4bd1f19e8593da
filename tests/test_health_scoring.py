"""Customer health through the database: scoring, personas, history, API, churn training."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from amends import jobs
from amends.decide.churn_training import do_train_churn
from amends.decide.health import do_score_customers, score_all
from amends.errors import ValidationFailed
from amends.models.findings import Finding
from amends.models.health import CustomerHealth, HealthSnapshot, ScoringModel
from amends.timeutil import utcnow
from tests.factories import make_activity, make_customer, make_interaction

NOW = utcnow().replace(microsecond=0)


def _buyer(session, every_days=10, stop_days_ago=0, months=8, **fields):
    """A customer who bought every `every_days` until `stop_days_ago` days ago."""
    customer = make_customer(session, value_per_year=fields.pop("value_per_year", 1200.0),
                             **fields)
    day = months * 30
    while day > stop_days_ago:
        make_activity(session, customer, "purchase", when=NOW - timedelta(days=day), amount=40)
        day -= every_days
    return customer


def _said(session, customer, days_ago, *, bad=True, severity=60, sentiment=-0.6,
          issues=(), signals=(), anger=0.0):
    """A message whose analysis is given (the test does not depend on the text models)."""
    when = NOW - timedelta(days=days_ago)
    i = make_interaction(session, customer, "(analysed elsewhere)", when=when,
                         bad_experience=bad, severity=severity, sentiment_score=sentiment,
                         model_version="test", analysis={})
    rows = [("issue", n) for n in issues] + [("signal", n) for n in signals]
    if anger:
        rows.append(("emotion", "anger"))
    for kind, name in rows:
        session.add(Finding(interaction_id=i.id, customer_id=customer.id, occurred_at=when,
                            kind=kind, name=name, score=anger if name == "anger" else 0.8))
    session.flush()
    return i


@pytest.fixture
def population(session):
    """Regular buyers, so BG/NBD has a business history to be fitted on."""
    return [_buyer(session, every_days=8 + i % 7) for i in range(40)]


def _persona(session, customer):
    return session.get(CustomerHealth, customer.id, populate_existing=True).persona


def test_each_persona_from_a_history_built_for_it(session, session_factory, population):
    disconnected = _buyer(session)
    _said(session, disconnected, 3, issues=["no_response"], signals=["repeat_contact"])
    _said(session, disconnected, 6, issues=["delay"])
    stressed = _buyer(session)
    _said(session, stressed, 2, severity=90, signals=["legal_threat"], anger=0.9,
          issues=["billing"])
    silent = _buyer(session, every_days=7, stop_days_ago=110)
    advocate = _buyer(session)
    for d in (5, 40):
        _said(session, advocate, d, bad=False, severity=0, sentiment=0.9, signals=["praise"])
    session.commit()
    score_all(session_factory, NOW)
    assert _persona(session, disconnected) == "disconnected_vocal"
    assert _persona(session, stressed) == "stressed_vocal"
    assert _persona(session, silent) == "disengaged_silent"
    assert _persona(session, advocate) == "advocate"
    assert _persona(session, population[0]) == "content"
    health = session.get(CustomerHealth, silent.id)
    assert health.p_alive is not None and health.p_alive < 0.5
    assert health.persona_reasons and health.contributions
    assert session.scalar(select(func.count()).select_from(ScoringModel)
                          .where(ScoringModel.kind == "bgnbd")) == 1


def test_trust_falls_after_a_bad_experience_and_history_keeps_both(session, population):
    customer = _buyer(session)
    do_score_customers(session, [customer.id], NOW)
    before = session.get(CustomerHealth, customer.id).health_score
    _said(session, customer, 0, severity=80, issues=["product_quality"])
    do_score_customers(session, [customer.id], NOW + timedelta(minutes=1))
    after = session.get(CustomerHealth, customer.id, populate_existing=True)
    assert after.health_score < before - 5
    assert any(c["points"] < 0 and "bad" in c["reason"] for c in after.contributions)
    history = session.scalars(select(HealthSnapshot.health_score)
                              .where(HealthSnapshot.customer_id == customer.id)
                              .order_by(HealthSnapshot.computed_at)).all()
    assert history == [before, after.health_score]


def test_new_activity_is_scored_by_the_worker(client, auth, session, session_factory):
    r = client.post("/api/v1/activity", headers=auth, json={
        "customer": {"external_id": "shopper-1"}, "kind": "purchase", "amount": 30,
        "occurred_at": (NOW - timedelta(days=2)).isoformat()})
    assert r.status_code == 201
    assert jobs.run_pending(session_factory) >= 1
    customer_id = client.get("/api/v1/customers?external_id=shopper-1",
                             headers=auth).json()["items"][0]["id"]
    body = client.get(f"/api/v1/customers/{customer_id}/health", headers=auth).json()
    assert body["current"]["persona"] in ("content", "advocate")
    assert 0 <= body["current"]["health_score"] <= 100
    assert len(body["history"]) == 1


def test_at_risk_list_ranks_by_value_and_filters(client, auth, session, session_factory,
                                                 population):
    small = _buyer(session, every_days=7, stop_days_ago=120, value_per_year=100.0,
                   segment="retail")
    big = _buyer(session, every_days=7, stop_days_ago=120, value_per_year=9000.0,
                 segment="vip")
    session.commit()
    score_all(session_factory, NOW)
    items = client.get("/api/v1/at-risk", headers=auth).json()["items"]
    ids = [i["customer"]["id"] for i in items]
    assert ids.index(big.id) < ids.index(small.id)
    assert all(i["persona"] != "content" for i in items)
    vip = client.get("/api/v1/at-risk?segment=vip", headers=auth).json()["items"]
    assert [i["customer"]["id"] for i in vip] == [big.id]
    assert vip[0]["value_at_risk"] == pytest.approx(9000 * vip[0]["churn_risk"], rel=0.01)
    assert vip[0]["effort"] in ("save_now", "personal_outreach", "light_check_in", "let_go")
    bad = client.get("/api/v1/at-risk?persona=grumpy", headers=auth)
    assert bad.status_code == 422 and "persona" in bad.json()["error"]["message"]
    assert client.get("/api/v1/at-risk").status_code == 401
    assert client.get("/api/v1/customers/999999/health", headers=auth).status_code == 404


def test_churn_model_trains_on_the_business_own_labels(session, session_factory):
    for i in range(30):  # stayed: kept buying
        _buyer(session, every_days=6 + i % 5, months=10)
    for i in range(30):  # left: buying slowed, then a cancel event after the cutoff
        c = _buyer(session, every_days=20 + i % 9, stop_days_ago=150, months=10)
        make_activity(session, c, "cancel", when=NOW - timedelta(days=30))
        c.status = "churned"
    session.commit()
    result = do_train_churn(session_factory, NOW, horizon_days=90)
    assert result["churned"] == 30 and result["customers"] == 60
    assert result["auc_holdout"] is not None and result["auc_holdout"] > 0.8
    summary = score_all(session_factory, NOW)
    assert summary["churn_model"] is True
    methods = set(session.scalars(select(CustomerHealth.risk_method)))
    assert "model" in methods


def test_churn_training_refuses_without_enough_labels(session, session_factory):
    _buyer(session)
    session.commit()
    with pytest.raises(ValidationFailed, match="not enough labelled customers"):
        do_train_churn(session_factory, NOW)


def test_customers_who_left_are_not_ranked_unless_asked(client, auth, session, session_factory,
                                                          population):
    stayed = _buyer(session, every_days=7, stop_days_ago=120, value_per_year=900.0)
    left = _buyer(session, every_days=7, stop_days_ago=120, value_per_year=50_000.0)
    left.status = "churned"
    session.commit()
    score_all(session_factory, NOW)
    ids = [i["customer"]["id"] for i in client.get("/api/v1/at-risk", headers=auth).json()["items"]]
    assert stayed.id in ids and left.id not in ids
    everyone = client.get("/api/v1/at-risk?include_left=true", headers=auth).json()["items"]
    assert everyone[0]["customer"]["id"] == left.id


def test_the_base_address_leads_to_the_dashboard(client):
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/app/overview"
