"""`/api/v1` routes for customer health and the at-risk list."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from amends.report import health as report
from amends.web.api import MAX_ID, PathId, QueryId
from amends.web.deps import get_session, require_scope, storable_params

router = APIRouter(prefix="/api/v1", tags=["health"], dependencies=[Depends(storable_params)])
read = Depends(require_scope("read"))


@router.get("/customers/{customer_id}/health", dependencies=[read],
            summary="A customer's health, persona, churn risk, reasons and history")
def customer_health(customer_id: PathId, session: Session = Depends(get_session)
                    ) -> dict[str, Any]:
    return report.customer_health(session, customer_id)


@router.get("/at-risk", dependencies=[read],
            summary="Customers ranked by value at risk (or churn risk, or health)")
def at_risk(persona: str | None = None, owner_id: QueryId = None,
            segment: str | None = None, min_value: float | None = Query(default=None, ge=0),
            effort: str | None = None, sort: str = "value_at_risk",
            include_healthy: bool = False, include_left: bool = False,
            limit: int = Query(default=100, ge=1, le=1000),
            offset: int = Query(default=0, ge=0, le=MAX_ID),
            session: Session = Depends(get_session)) -> dict[str, Any]:
    return report.at_risk(session, persona=persona, owner_id=owner_id, segment=segment,
                          min_value=min_value, effort=effort, sort=sort, limit=limit,
                          offset=offset, include_healthy=include_healthy,
                          include_left=include_left)
