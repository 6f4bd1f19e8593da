"""`/api/v1`: thin JSON routes over `decide` (writes) and `report` (reads)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from amends.config import Settings
from amends.decide.customers import do_upsert_customers
from amends.decide.records import do_record_activity, do_record_interactions
from amends.errors import FieldError, PayloadTooLarge, ValidationFailed
from amends.ingest.batch import Batch, validate_batch
from amends.ingest.schemas import ActivityIn, CustomerIn, InteractionIn
from amends.report import records as report
from amends.web.deps import get_session, get_settings, require_scope, storable_params

router = APIRouter(prefix="/api/v1", dependencies=[Depends(storable_params)])
ingest = Depends(require_scope("ingest"))
read = Depends(require_scope("read"))
# Ids are 64-bit on PostgreSQL; a larger number is a client error, not a database error.
MAX_ID = 2**63 - 1
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
QueryId = Annotated[int | None, Query(ge=1, le=MAX_ID)]


def _require_offset(**values: datetime | None) -> None:
    for name, value in values.items():
        if value is not None and value.tzinfo is None:
            raise ValidationFailed(f"{name} needs a time zone offset",
                                   fields=[FieldError(f"query.{name}", "add Z or +hh:mm")])


class BulkIn(BaseModel):
    items: list[Any] = Field(description="records, each shaped like the single-record body")


class BulkOut(BaseModel):
    created: int
    updated: int
    duplicates: int
    errors: int
    results: list[dict[str, Any]]


class RecordOut(BaseModel):
    id: int
    status: Literal["created", "updated", "duplicate"]


def _context(settings: Settings) -> dict[str, Any]:
    return {"max_text_chars": settings.max_text_chars}


def _bulk(items: list[Any], model: type[BaseModel], settings: Settings) -> Batch[Any]:
    if len(items) > settings.max_batch:
        raise PayloadTooLarge(f"a batch holds at most {settings.max_batch} records; "
                              f"got {len(items)}: split it", fields=[
                                  FieldError("items", f"more than {settings.max_batch} records")])
    if not items:
        raise ValidationFailed("the batch is empty", fields=[FieldError("items", "no records")])
    return validate_batch(model, items, context=_context(settings))


def _single(payload: dict[str, Any], model: type[BaseModel], settings: Settings) -> Batch[Any]:
    batch = validate_batch(model, [payload], labels=["body"], context=_context(settings))
    if batch.results[0].status == "error":
        raise ValidationFailed("the record is not valid", fields=batch.results[0].errors)
    return batch


def _single_out(batch: Batch[Any], response: Response) -> RecordOut:
    result = batch.results[0]
    if result.status == "error":
        raise ValidationFailed("the record is not valid",
                               fields=[FieldError(e.field.replace("items.0", "body"), e.message)
                                       for e in result.errors])
    response.status_code = 201 if result.status == "created" else 200
    assert result.id is not None
    return RecordOut(id=result.id, status=result.status)  # type: ignore[arg-type]


def _bulk_out(batch: Batch[Any], response: Response) -> dict[str, Any]:
    summary = batch.summary()
    if summary["errors"] == len(batch.results):
        response.status_code = 422
    return summary


@router.post("/customers", response_model=RecordOut, dependencies=[ingest],
             summary="Create or update one customer (keyed by external_id, else email)")
def upsert_customer(payload: dict[str, Any], response: Response,
                    session: Session = Depends(get_session),
                    settings: Settings = Depends(get_settings)) -> RecordOut:
    batch = _single(payload, CustomerIn, settings)
    do_upsert_customers(session, batch.valid)
    session.commit()
    return _single_out(batch, response)


@router.post("/customers/bulk", response_model=BulkOut, dependencies=[ingest])
def upsert_customers(body: BulkIn, response: Response, session: Session = Depends(get_session),
                     settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    batch = _bulk(body.items, CustomerIn, settings)
    do_upsert_customers(session, batch.valid)
    session.commit()
    return _bulk_out(batch, response)


@router.get("/customers", dependencies=[read])
def customers(segment: str | None = None, status: str | None = None,
              owner_id: QueryId = None, external_id: str | None = None,
              email: str | None = None,
              cursor: int | None = Query(default=None, ge=0, le=MAX_ID),
              limit: int = Query(default=100, ge=1, le=1000),
              session: Session = Depends(get_session)) -> dict[str, Any]:
    return report.list_customers(session, segment=segment, status=status, owner_id=owner_id,
                                 external_id=external_id, email=email, after_id=cursor,
                                 limit=limit)


@router.get("/customers/{customer_id}", dependencies=[read])
def customer(customer_id: PathId,
             session: Session = Depends(get_session)) -> dict[str, Any]:
    return report.customer_dict(report.get_customer(session, customer_id))


@router.get("/customers/{customer_id}/timeline", dependencies=[read])
def timeline(customer_id: PathId, before: datetime | None = None,
             limit: int = Query(default=200, ge=1, le=1000),
             session: Session = Depends(get_session)) -> dict[str, Any]:
    _require_offset(before=before)
    return report.customer_timeline(session, customer_id, limit=limit, before=before)


@router.post("/interactions", response_model=RecordOut, dependencies=[ingest],
             summary="Record one interaction (idempotent by source + external_id)")
def record_interaction(payload: dict[str, Any], response: Response,
                       session: Session = Depends(get_session),
                       settings: Settings = Depends(get_settings)) -> RecordOut:
    batch = _single(payload, InteractionIn, settings)
    do_record_interactions(session, batch.valid)
    session.commit()
    return _single_out(batch, response)


@router.post("/interactions/bulk", response_model=BulkOut, dependencies=[ingest],
             summary="Record up to 10,000 interactions; bad records are named, good ones land")
def record_interactions(body: BulkIn, response: Response,
                        session: Session = Depends(get_session),
                        settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    batch = _bulk(body.items, InteractionIn, settings)
    do_record_interactions(session, batch.valid)
    session.commit()
    return _bulk_out(batch, response)


@router.get("/interactions", dependencies=[read])
def interactions(customer_id: QueryId = None, channel: str | None = None,
                 author: str | None = None, thread_id: str | None = None,
                 staff_id: QueryId = None, bad_experience: bool | None = None,
                 since: datetime | None = None, until: datetime | None = None,
                 cursor: str | None = None, limit: int = Query(default=100, ge=1, le=1000),
                 session: Session = Depends(get_session)) -> dict[str, Any]:
    _require_offset(since=since, until=until)
    flt = report.InteractionFilter(customer_id=customer_id, channel=channel, author=author,
                                   thread_id=thread_id, staff_id=staff_id,
                                   bad_experience=bad_experience, since=since, until=until)
    return report.list_interactions(session, flt, limit=limit, cursor=cursor)


@router.get("/interactions/{interaction_id}", dependencies=[read])
def interaction(interaction_id: PathId,
                session: Session = Depends(get_session)) -> dict[str, Any]:
    return report.interaction_dict(report.get_interaction(session, interaction_id))


@router.post("/activity", response_model=RecordOut, dependencies=[ingest],
             summary="Record one activity event (purchase, login, cancel, ...)")
def record_activity(payload: dict[str, Any], response: Response,
                    session: Session = Depends(get_session),
                    settings: Settings = Depends(get_settings)) -> RecordOut:
    batch = _single(payload, ActivityIn, settings)
    do_record_activity(session, batch.valid)
    session.commit()
    return _single_out(batch, response)


@router.post("/activity/bulk", response_model=BulkOut, dependencies=[ingest])
def record_activities(body: BulkIn, response: Response, session: Session = Depends(get_session),
                      settings: Settings = Depends(get_settings)) -> dict[str, Any]:
    batch = _bulk(body.items, ActivityIn, settings)
    do_record_activity(session, batch.valid)
    session.commit()
    return _bulk_out(batch, response)
