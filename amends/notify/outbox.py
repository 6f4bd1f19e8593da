"""The durable outbox: queue in the caller's transaction, deliver from the worker.

`do_queue_message` stores the message and queues a delivery job in the same transaction,
so an alert can't be lost between "decided" and "sent". The dedupe key makes one event one
message. Delivery is at-least-once with a stable id (X-Amends-Delivery header, Message-ID
for email) so a receiver can drop the rare repeat after a crash between "sent" and
"recorded". Failures retry with exponential backoff; after `max_attempts`, or at once for
a permanent refusal, the message is `dead` and shows in reports.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from amends import jobs
from amends.db import insert_for
from amends.errors import ValidationFailed
from amends.models.outbox import OUTBOX_CHANNELS, OutboxMessage
from amends.notify.channels import SENDERS
from amends.notify.http import DeliveryError
from amends.timeutil import utcnow

DELIVER_JOB = "deliver_outbox"


def do_queue_message(session: Session, *, channel: str, recipient: str, payload: dict[str, Any],
                     dedupe_key: str, send_after: datetime | None = None,
                     max_attempts: int = 8) -> OutboxMessage:
    """Store a message for delivery; a repeated `dedupe_key` returns the existing one."""
    if channel not in OUTBOX_CHANNELS:
        raise ValidationFailed(f"unknown channel {channel!r}: use {', '.join(OUTBOX_CHANNELS)}")
    if not recipient:
        raise ValidationFailed("a message needs a recipient")
    when = send_after or utcnow()
    now = utcnow()
    message: OutboxMessage | None = session.scalars(
        insert_for(session, OutboxMessage).values(
            channel=channel, recipient=recipient, payload=payload, dedupe_key=dedupe_key,
            status="queued", attempts=0, max_attempts=max_attempts, send_after=when,
            created_at=now).on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(OutboxMessage)).first()
    if message is None:  # queued before: that message stands, and so does its job
        existing = session.scalar(select(OutboxMessage)
                                  .where(OutboxMessage.dedupe_key == dedupe_key))
        assert existing is not None
        return existing
    jobs.enqueue(session, DELIVER_JOB, {"id": message.id}, run_after=message.send_after,
                 priority=20, dedupe_key=f"outbox:{message.id}:0")
    return message


def deliver(session: Session, message_id: int, settings: Any, now: datetime | None = None,
            *, unlock_before_sending: bool = False) -> str:
    """Try one delivery; record the outcome and schedule the retry. Returns the status.

    `unlock_before_sending` commits the attempt before the network call: on SQLite every
    transaction holds the one write lock, and a slow receiver must not stall ingest.
    """
    message = session.get(OutboxMessage, message_id, with_for_update=True)
    if message is None or message.status in ("sent", "dead"):
        return message.status if message else "missing"
    now = now or utcnow()
    message.attempts += 1
    if unlock_before_sending:
        session.commit()
    try:
        SENDERS[message.channel](message, settings)
    except DeliveryError as exc:
        message.last_error = str(exc)[:2000]
        if exc.permanent or message.attempts >= message.max_attempts:
            message.status = "dead"
        else:
            message.status = "failed"
            message.send_after = now + jobs.backoff(message.attempts)
            jobs.enqueue(session, DELIVER_JOB, {"id": message.id}, run_after=message.send_after,
                         priority=20, dedupe_key=f"outbox:{message.id}:{message.attempts}")
        return message.status
    message.status = "sent"
    message.sent_at = utcnow()
    message.last_error = None
    return "sent"


# On PostgreSQL one delivery job also sends other due alerts (up to DELIVERY_BATCH, for at
# most BATCH_SECONDS): a burst of alerts then costs a few claims and commits, not one each.
# Unsent ones stay queued for any worker. SQLite has one writer at a time, so there each job
# sends one message and keeps its write transaction short.
DELIVERY_BATCH = 25
BATCH_SECONDS = 1.0


def run_delivery_job(session: Session, payload: dict[str, Any]) -> None:
    from amends.runtime import get_settings

    settings = get_settings()
    sqlite = session.get_bind().dialect.name != "postgresql"
    deliver(session, int(payload["id"]), settings, unlock_before_sending=sqlite)
    if sqlite:
        return
    started = time.monotonic()
    done = []
    for job_id, other in jobs.lock_due(session, DELIVER_JOB, DELIVERY_BATCH):
        if time.monotonic() - started > BATCH_SECONDS:
            break
        deliver(session, int(other["id"]), settings)
        done.append(job_id)
    jobs.finish_absorbed(session, done)


def deliver_due(session_factory: Callable[[], Session], settings: Any,
                now: datetime | None = None) -> int:
    """Deliver every message due now, each in its own transaction (tests, `amends outbox`)."""
    now = now or utcnow()
    with session_factory() as session:
        ids = list(session.scalars(
            select(OutboxMessage.id).where(OutboxMessage.status.in_(("queued", "failed")),
                                           OutboxMessage.send_after <= now)
            .order_by(OutboxMessage.id)))
    for message_id in ids:
        with session_factory() as session:
            deliver(session, message_id, settings, now)
            session.commit()
    return len(ids)
