"""Real-time alerts through the durable outbox: retried, signed, never doubled; digests."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from amends.decide.cases import do_subscribe, send_digests
from amends.decide.rules import on_interactions_analysed
from amends.models.cases import CaseAlert, RecoveryCase
from amends.models.outbox import OutboxMessage
from amends.notify.outbox import deliver_due
from amends.notify.signing import verify, webhook_secret
from amends.timeutil import utcnow
from tests.factories import make_customer, make_interaction
from tests.support.receivers import http_receiver


@pytest.fixture
def users(session: Any) -> dict[str, Any]:
    from amends.decide.staff import do_create_staff

    people = {name: do_create_staff(session, email=f"{name}@example.org",
                                    name=f"{name.title()} Example", role=role, team_name="Care")
              for name, role in (("alice", "admin"), ("bob", "agent"))}
    session.commit()
    return people


def complaint(session: Any, customer: Any, text: str = "Still no refund, this is a joke",
              severity: int = 60, signals: tuple[str, ...] = ()) -> Any:
    analysis = {"bad_experience": True, "severity": severity,
                "issues": [{"category": "refund_return"}],
                "signals": {s: {"present": True, "score": 0.9} for s in signals}}
    return make_interaction(session, customer, text, when=utcnow() - timedelta(minutes=1),
                            analysis=analysis, bad_experience=True, severity=severity)


def outbox(session: Any) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_alert_reaches_a_failing_receiver_once_it_recovers_and_only_once(
        session, session_factory, settings, users):
    with http_receiver(script=[500, 503]) as receiver:
        do_subscribe(session, staff_id=users["bob"].id, channel="webhook",
                     target=receiver.url + "/amends")
        customer = make_customer(session, name="Dana", owner_id=users["bob"].id)
        message = complaint(session, customer)
        on_interactions_analysed(session, [message.id])
        on_interactions_analysed(session, [message.id])  # the analysis job ran twice
        session.commit()
        later = utcnow()
        for _ in range(4):
            later += timedelta(days=1)  # past any backoff
            deliver_due(session_factory, settings, now=later)
    [sent] = outbox(session)
    session.refresh(sent)
    assert sent.status == "sent" and sent.attempts == 3
    assert [r["path"] for r in receiver.requests] == ["/amends"] * 3
    body = receiver.requests[-1]["body"]
    headers = {k.lower(): v for k, v in receiver.requests[-1]["headers"].items()}
    assert verify(webhook_secret(settings), body, headers["x-amends-timestamp"],
                  headers["x-amends-signature"])
    data = json.loads(body)
    case = session.scalar(select(RecoveryCase))
    assert data["event"] == "case.opened" and data["case"]["id"] == case.id
    assert data["case"]["owner_id"] == users["bob"].id and "Dana" in data["text"]


def test_slack_alerts_escape_customer_text(session, settings, users):
    do_subscribe(session, staff_id=users["bob"].id, channel="slack",
                 target="https://hooks.slack.example/T1/B2")
    customer = make_customer(session, name="<!channel> & <http://evil|click>",
                             owner_id=users["bob"].id)
    on_interactions_analysed(session, [complaint(session, customer).id])
    [message] = outbox(session)
    text = message.payload["text"]
    assert "<!channel>" not in text and "&lt;!channel&gt; &amp;" in text
    assert text.endswith("|Open case>")


def test_shared_channel_gets_only_urgent_cases(session, settings, users):
    do_subscribe(session, staff_id=None, channel="webhook",
                 target="https://ops.example/amends", min_priority="p1")
    calm = make_customer(session, owner_id=users["bob"].id)
    on_interactions_analysed(session, [complaint(session, calm, severity=45).id])
    assert outbox(session) == []
    angry = make_customer(session, owner_id=users["bob"].id)
    on_interactions_analysed(session, [complaint(session, angry, "I'll see you in court",
                                                 signals=("legal_threat",)).id])
    [message] = outbox(session)
    assert message.recipient == "https://ops.example/amends"
    assert message.payload["case"]["priority"] == "p1"


def test_daily_digest_collects_alerts_once_a_day(session, settings, users):
    do_subscribe(session, staff_id=users["bob"].id, channel="email",
                 target="bob@example.org", digest=True)
    for name in ("Ann", "Ben"):
        customer = make_customer(session, name=name, owner_id=users["bob"].id)
        on_interactions_analysed(session, [complaint(session, customer).id])
    assert outbox(session) == []  # digest only: nothing in real time
    assert session.scalar(select(func.count()).select_from(CaseAlert)) == 2
    morning = datetime.now(UTC).replace(hour=9, minute=0) + timedelta(days=1)
    assert send_digests(session, morning.replace(hour=6)) == 0  # before the digest hour
    assert send_digests(session, morning) == 1
    assert send_digests(session, morning + timedelta(hours=1)) == 0
    [digest] = outbox(session)
    assert digest.recipient == "bob@example.org" and "2 alerts" in digest.payload["subject"]
    assert "Ann" in digest.payload["text"] and "Ben" in digest.payload["text"]


def test_subscriptions_api_validates_targets(client, session, users):
    from amends.auth import do_create_api_key

    _, key = do_create_api_key(session, "admin", ["admin"])
    session.commit()
    headers = {"Authorization": f"Bearer {key}"}
    bad = client.post("/api/v1/cases/alert-subscriptions", headers=headers, json={
        "staff_email": "bob@example.org", "channel": "webhook", "target": "ftp://x"})
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"] == "target"
    ok = client.post("/api/v1/cases/alert-subscriptions", headers=headers, json={
        "staff_email": "bob@example.org", "channel": "slack",
        "target": "https://hooks.slack.example/x", "min_priority": "p2"})
    assert ok.status_code == 201 and ok.json()["min_priority"] == "p2"
    listed = client.get("/api/v1/cases/alert-subscriptions", headers=headers).json()["items"]
    assert [s["target"] for s in listed] == ["https://hooks.slack.example/x"]
    gone = client.delete(f"/api/v1/cases/alert-subscriptions/{ok.json()['id']}",
                         headers=headers)
    assert gone.status_code == 204


def test_shared_channel_is_alerted_even_when_nobody_owns_the_case(session, settings):
    do_subscribe(session, staff_id=None, channel="slack", target="https://hooks.example/ops")
    customer = make_customer(session, name="Orphan")  # no staff at all: no owner, no manager
    on_interactions_analysed(session, [complaint(session, customer).id])
    [message] = outbox(session)
    assert message.recipient == "https://hooks.example/ops" and "Orphan" in message.payload["text"]
    assert session.scalar(select(RecoveryCase.owner_id)) is None
