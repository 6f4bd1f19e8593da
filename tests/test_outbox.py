"""The outbox: stored with the event, delivered by the worker, retried, never doubled."""

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from amends import jobs
from amends.models import Job
from amends.models.outbox import OutboxMessage
from amends.notify.outbox import deliver_due, do_queue_message
from amends.notify.signing import verify, webhook_secret
from amends.runtime import use_settings
from amends.timeutil import utcnow
from tests.support.receivers import http_receiver, smtp_server


def test_webhook_fails_then_succeeds_and_is_delivered_once(session, session_factory, settings):
    with http_receiver(script=[500, 503]) as receiver:
        do_queue_message(session, channel="webhook", recipient=receiver.url + "/hook",
                         payload={"event": "case.opened", "case": 7}, dedupe_key="case:7:opened")
        # The same event again (a retried request, a burst) must not queue a second message.
        do_queue_message(session, channel="webhook", recipient=receiver.url + "/hook",
                         payload={"event": "case.opened", "case": 7}, dedupe_key="case:7:opened")
        session.commit()
        later = utcnow()
        for _ in range(3):
            later = later.replace(year=later.year + 1)  # past any backoff
            deliver_due(session_factory, settings, now=later)
        deliver_due(session_factory, settings, now=later.replace(year=later.year + 1))
    message = session.scalar(select(OutboxMessage))
    assert message.status == "sent" and message.attempts == 3
    assert len(receiver.requests) == 3  # two failures, one success, nothing after
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
    last = receiver.requests[-1]
    headers = {k.lower(): v for k, v in last["headers"].items()}
    assert verify(webhook_secret(settings), last["body"], headers["x-amends-timestamp"],
                  headers["x-amends-signature"])
    assert not verify(webhook_secret(settings), last["body"] + b" ", headers["x-amends-timestamp"],
                      headers["x-amends-signature"])
    assert headers["x-amends-delivery"] == str(message.id)


def test_signature_refuses_replay_after_tolerance(settings):
    from amends.notify.signing import sign

    body = b'{"a":1}'
    headers = sign(webhook_secret(settings), body, timestamp=1_000_000)
    assert verify(webhook_secret(settings), body, headers["X-Amends-Timestamp"],
                  headers["X-Amends-Signature"], now=1_000_100)
    assert not verify(webhook_secret(settings), body, headers["X-Amends-Timestamp"],
                      headers["X-Amends-Signature"], now=1_000_000 + 3600)


def test_permanent_refusal_is_not_retried(session, session_factory, settings):
    with http_receiver(script=[404]) as receiver:
        do_queue_message(session, channel="slack", recipient=receiver.url,
                         payload={"text": "hello"}, dedupe_key="x1")
        session.commit()
        deliver_due(session_factory, settings)
        deliver_due(session_factory, settings, now=utcnow().replace(year=utcnow().year + 1))
    message = session.scalar(select(OutboxMessage))
    assert message.status == "dead" and "404" in message.last_error
    assert len(receiver.requests) == 1


def test_email_through_worker_job_reaches_real_smtp(session, session_factory, settings):
    with smtp_server() as smtp:
        use_settings(replace(settings, smtp_host=smtp.host, smtp_port=smtp.port))
        do_queue_message(session, channel="email", recipient="ann@example.com",
                         payload={"subject": "Sorry about your order", "text": "Plain part",
                                  "html": "<p>HTML part</p>",
                                  "headers": {"List-Unsubscribe": "<mailto:u@example.com>"}},
                         dedupe_key="mail:1")
        session.commit()
        assert session.scalar(select(func.count()).select_from(Job)
                              .where(Job.kind == "deliver_outbox")) == 1
        jobs.run_pending(session_factory)
    assert len(smtp.messages) == 1
    mail = smtp.messages[0]
    assert mail["Subject"] == "Sorry about your order"
    assert mail["List-Unsubscribe"] == "<mailto:u@example.com>"
    parts = {p.get_content_type(): p.get_payload(decode=True).decode() for p in mail.walk()
             if not p.is_multipart()}
    assert "Plain part" in parts["text/plain"] and "HTML part" in parts["text/html"]
    assert session.scalar(select(OutboxMessage.status)) == "sent"


def test_smtp_down_is_retried_then_reported(session, session_factory, settings):
    from tests.support.receivers import free_port

    use_settings(replace(settings, smtp_host="127.0.0.1", smtp_port=free_port()))
    do_queue_message(session, channel="email", recipient="ann@example.com",
                     payload={"subject": "s", "text": "t"}, dedupe_key="mail:down",
                     max_attempts=2)
    session.commit()
    from amends.runtime import get_settings

    deliver_due(session_factory, get_settings())
    message = session.scalar(select(OutboxMessage))
    assert message.status == "failed" and "SMTP" in message.last_error
    assert message.send_after > utcnow()
    deliver_due(session_factory, get_settings(), now=message.send_after)
    session.refresh(message)
    assert message.status == "dead" and message.attempts == 2


def test_unknown_channel_is_refused(session):
    from amends.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        do_queue_message(session, channel="pigeon", recipient="x", payload={}, dedupe_key="p")


def test_a_burst_of_analysis_jobs_is_absorbed_into_one_run(session, session_factory):
    """Queued jobs of the same kind join the running one; all their messages are analysed."""
    from amends.models import Interaction
    from tests.factories import make_customer, make_interaction

    customer = make_customer(session)
    ids = [make_interaction(session, customer, f"my parcel {n} still hasn't arrived").id
           for n in range(5)]
    for one in ids:
        jobs.enqueue(session, "analyse_interactions", {"ids": [one]})
    session.commit()
    jobs.run_pending(session_factory)
    rows = session.execute(select(Job.status, Job.locked_by)
                           .where(Job.kind == "analyse_interactions")).all()
    assert [status for status, _ in rows] == ["done"] * 5
    assert sum(1 for _, by in rows if by == "absorbed") == 4  # one run took the other four
    versions = session.scalars(select(Interaction.model_version)
                               .where(Interaction.id.in_(ids))).all()
    assert all(versions)


def test_a_burst_of_alerts_is_delivered_once_each(session, session_factory, settings):
    """Every queued alert reaches the receiver exactly once and every delivery job ends done;
    on PostgreSQL one job sends the others too (they are absorbed), on SQLite one job each."""
    use_settings(settings)
    with http_receiver() as receiver:
        for n in range(6):
            do_queue_message(session, channel="webhook", recipient=f"{receiver.url}/hook",
                             payload={"event": "case.opened", "n": n}, dedupe_key=f"burst:{n}")
        session.commit()
        ran = jobs.run_pending(session_factory)
    assert sorted(r["path"] for r in receiver.requests) == ["/hook"] * 6
    bodies = sorted(r["body"] for r in receiver.requests)
    assert len(set(bodies)) == 6  # one of each, none twice
    rows = session.execute(select(Job.status, Job.locked_by)
                           .where(Job.kind == "deliver_outbox")).all()
    assert [status for status, _ in rows] == ["done"] * 6
    absorbed = sum(1 for _, by in rows if by == "absorbed")
    if session.get_bind().dialect.name == "postgresql":
        assert ran == 1 and absorbed == 5
    else:
        assert ran == 6 and absorbed == 0
    assert set(session.scalars(select(OutboxMessage.status))) == {"sent"}


def test_a_failing_alert_in_a_burst_retries_alone(session, session_factory, settings):
    """One receiver refusing with 503 does not hold back or re-send the others."""
    use_settings(settings)
    with http_receiver() as good, http_receiver(script=[503]) as bad:
        do_queue_message(session, channel="webhook", recipient=f"{bad.url}/x",
                         payload={"n": 0}, dedupe_key="mix:0")
        for n in range(1, 4):
            do_queue_message(session, channel="webhook", recipient=f"{good.url}/x",
                             payload={"n": n}, dedupe_key=f"mix:{n}")
        session.commit()
        jobs.run_pending(session_factory)
    assert len(good.requests) == 3 and len(bad.requests) == 1
    failed = session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == "mix:0"))
    assert failed.status == "failed" and failed.attempts == 1
    retry = session.scalar(select(Job).where(Job.dedupe_key == f"outbox:{failed.id}:1"))
    assert retry is not None and retry.status == "queued"  # with backoff, for that one only


def test_a_slow_receiver_does_not_stall_sqlite_writers(tmp_path):
    """SQLite has one write lock: a delivery must not hold it while it waits on the network,
    or a slow webhook would block every ingest request for as long as it takes."""
    from amends.config import load_settings
    from amends.db import make_engine, make_session_factory
    from tests.conftest import TEST_SECRET
    from tests.support.databases import ScratchDatabase

    db = ScratchDatabase("sqlite", tmp_path, migrated=True)
    other = make_engine(db.url)
    use_settings(load_settings({}, database_url=db.url, secret_key=TEST_SECRET))
    wrote_during_post: list[bool] = []
    try:
        with http_receiver() as receiver:
            def handle(path: str, headers: dict, body: bytes) -> int:
                # A writer on another connection while the delivery is in flight.
                with other.connect() as conn:
                    conn.exec_driver_sql("PRAGMA busy_timeout=1000")
                    conn.execute(select(func.count()).select_from(Job))
                    conn.exec_driver_sql("UPDATE jobs SET priority = priority")
                    conn.commit()
                wrote_during_post.append(True)
                return 200

            receiver.handle = handle  # type: ignore[method-assign]
            factory = make_session_factory(db.engine)
            with factory() as session:
                do_queue_message(session, channel="webhook", recipient=receiver.url,
                                 payload={"n": 1}, dedupe_key="slow:1")
                session.commit()
            assert jobs.run_pending(factory) == 1
        assert wrote_during_post == [True]
        with factory() as session:
            assert session.scalar(select(OutboxMessage.status)) == "sent"
    finally:
        use_settings(None)
        other.dispose()
        db.close()
