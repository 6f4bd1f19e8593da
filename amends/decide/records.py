"""Recording interactions and activity events, idempotently and in bulk.

Idempotency is by (source, external id), enforced by a unique constraint: re-sending an
event answers "duplicate" with the existing id and changes nothing. An event without an
external id gets one derived from its content, so a blind retry is still harmless.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, any_, literal, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from amends import hooks, jobs
from amends.db import chunks, insert_for
from amends.decide.customers import resolve_customers
from amends.ingest.batch import RecordResult
from amends.ingest.schemas import ActivityIn, InteractionIn
from amends.models import ActivityEvent, Interaction, StaffUser
from amends.timeutil import utcnow

ANALYSE_JOB_SIZE = 200
ANALYSE_JOB = "analyse_interactions"


def content_id(*parts: object) -> str:
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
    return f"auto:{digest[:40]}"


def _ref_key(item: InteractionIn | ActivityIn) -> str:
    c = item.customer
    return f"id:{c.id}" if c.id else f"ext:{c.external_id}" if c.external_id else f"em:{c.email}"


def _interaction_key(item: InteractionIn) -> tuple[str, str]:
    ext = item.external_id or content_id(_ref_key(item), item.channel, item.author,
                                         item.occurred_at.isoformat(), item.text)
    return item.source, ext


def _activity_key(item: ActivityIn) -> tuple[str, str]:
    ext = item.external_id or content_id(_ref_key(item), item.kind, item.occurred_at.isoformat(),
                                         item.amount)
    return item.source, ext


def _drop_batch_duplicates(items: Sequence[tuple[RecordResult, Any]], keys: list[tuple[str, str]],
                           explicit: list[bool]) -> list[int]:
    """Indexes (into `items`) of first occurrences; repeats are errors or duplicates."""
    first: dict[tuple[str, str], RecordResult] = {}
    keep = []
    for pos, ((result, _), key) in enumerate(zip(items, keys, strict=True)):
        if key in first:
            if explicit[pos]:
                result.fail(f"items.{result.index}.external_id",
                            f"duplicate of items.{first[key].index} in this batch "
                            f"(same source and external_id)")
            else:
                result.status = "duplicate"
            continue
        first[key] = result
        keep.append(pos)
    return keep


def _existing_ids(session: Session, model: Any, keys: list[tuple[str, str]]) -> dict:
    # One query per source with `external_id IN (...)`: SQLite answers a row-value
    # `(source, external_id) IN (VALUES ...)` by scanning the whole index, which made
    # every batch slower as the table grew; this form is an index search on both databases.
    by_source: dict[str, list[str]] = {}
    for source, ext in keys:
        by_source.setdefault(source, []).append(ext)
    found: dict[tuple[str, str], int] = {}
    postgres = session.get_bind().dialect.name == "postgresql"
    for source, external_ids in by_source.items():
        for part in chunks(sorted(set(external_ids)), 5000 if postgres else 500):
            # PostgreSQL: one array parameter. psycopg prepares a statement it has run a few
            # times, and the generic plan for a 500-parameter IN list scanned the table.
            match = (model.external_id == any_(literal(part, ARRAY(String))) if postgres
                     else model.external_id.in_(part))
            rows = session.execute(select(model.external_id, model.id)
                                   .where(model.source == source, match))
            for ext, row_id in rows:
                found[(source, ext)] = row_id
    return found


def _insert_new(session: Session, model: Any, rows: list[dict[str, Any]]) -> dict:
    """Insert rows, skipping any that a concurrent request inserted first."""
    created: dict[tuple[str, str], int] = {}
    # A Core insert on the table skips the ORM's per-row bulk bookkeeping (a third of the
    # ingest time); rows are keyed by attribute, so rename to column keys ("meta").
    column_key = {a.key: a.columns[0].key for a in model.__mapper__.column_attrs}
    table = model.__table__
    for part in chunks(rows, 1000):
        stmt = (insert_for(session, table)
                .on_conflict_do_nothing(index_elements=["source", "external_id"])
                .returning(table.c.source, table.c.external_id, table.c.id))
        values = [{column_key[k]: v for k, v in row.items()} for row in part]
        for source, ext, row_id in session.execute(stmt, values):
            created[(source, ext)] = row_id
    return created


def _land(session: Session, model: Any, items: Sequence[tuple[RecordResult, Any]],
          keys: list[tuple[str, str]], rows: list[dict[str, Any]]) -> list[int]:
    """Shared tail of both record kinds: dedupe against the table, insert, fill results."""
    existing = _existing_ids(session, model, keys)
    new_rows = [row for key, row in zip(keys, rows, strict=True) if key not in existing]
    created = _insert_new(session, model, new_rows)
    lost_race = [k for k in keys if k not in existing and k not in created]
    existing.update(_existing_ids(session, model, lost_race))
    new_ids = []
    for (result, _), key in zip(items, keys, strict=True):
        if key in created:
            result.status, result.id = "created", created[key]
            new_ids.append(created[key])
        else:
            result.status, result.id = "duplicate", existing.get(key)
    return new_ids


def do_record_interactions(session: Session,
                           items: list[tuple[RecordResult, InteractionIn]]) -> list[int]:
    """Store valid interactions; returns the ids created (analysis is queued for them)."""
    keys = [_interaction_key(item) for _, item in items]
    keep = _drop_batch_duplicates(items, keys, [item.external_id is not None for _, item in items])
    items, keys = [items[i] for i in keep], [keys[i] for i in keep]
    customers = resolve_customers(session, [(r, item.customer) for r, item in items])
    staff = _staff_ids(session, {i.staff_email for _, i in items if i.staff_email})
    now = utcnow()
    ok_items, ok_keys, rows = [], [], []
    for (result, item), key in zip(items, keys, strict=True):
        if result.index not in customers:
            continue
        meta = dict(item.metadata)
        staff_id = staff.get(item.staff_email.lower()) if item.staff_email else None
        if item.staff_email and staff_id is None:
            meta["staff_email"] = item.staff_email  # kept, so it can be linked later
        ok_items.append((result, item))
        ok_keys.append(key)
        rows.append({"customer_id": customers[result.index], "channel": item.channel,
                     "direction": item.direction, "author_type": item.author,
                     "staff_id": staff_id, "thread_id": item.thread_id, "is_public": item.public,
                     "subject": item.subject, "text": item.text, "occurred_at": item.occurred_at,
                     "received_at": now, "source": key[0], "external_id": key[1], "meta": meta})
    new_ids = _land(session, Interaction, ok_items, ok_keys, rows)
    for part in chunks(new_ids, ANALYSE_JOB_SIZE):
        jobs.enqueue(session, ANALYSE_JOB, {"ids": part}, priority=10)
    return new_ids


def do_record_activity(session: Session,
                       items: list[tuple[RecordResult, ActivityIn]]) -> list[int]:
    keys = [_activity_key(item) for _, item in items]
    keep = _drop_batch_duplicates(items, keys, [item.external_id is not None for _, item in items])
    items, keys = [items[i] for i in keep], [keys[i] for i in keep]
    customers = resolve_customers(session, [(r, item.customer) for r, item in items])
    now = utcnow()
    ok_items, ok_keys, rows = [], [], []
    for (result, item), key in zip(items, keys, strict=True):
        if result.index not in customers:
            continue
        ok_items.append((result, item))
        ok_keys.append(key)
        rows.append({"customer_id": customers[result.index], "kind": item.kind,
                     "amount": item.amount, "occurred_at": item.occurred_at, "received_at": now,
                     "source": key[0], "external_id": key[1], "meta": dict(item.metadata)})
    new_ids = _land(session, ActivityEvent, ok_items, ok_keys, rows)
    touched = sorted({customers[r.index] for r, _ in ok_items if r.status == "created"})
    if touched:
        hooks.fire(session, "activity_recorded", customer_ids=touched)
    return new_ids


def _staff_ids(session: Session, emails: set[str]) -> dict[str, int]:
    if not emails:
        return {}
    lowered = {e.lower() for e in emails}
    rows = session.execute(select(StaffUser.email, StaffUser.id))
    return {email.lower(): sid for email, sid in rows if email.lower() in lowered}
