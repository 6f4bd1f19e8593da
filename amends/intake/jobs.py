"""Worker entry points for intake (registered in `amends.jobs.HANDLERS`).

Each runs one idempotent `do_*` function at the current time with the process settings;
a job that runs late (a worker was down) does what is due then, and the sweep catches
anything whose job was lost.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from amends.decide import intake
from amends.errors import NotFound
from amends.runtime import get_settings


def sla_check_job(session: Session, payload: dict[str, Any]) -> None:
    try:
        intake.do_sla_check(session, int(payload["lead_id"]), get_settings())
    except NotFound:
        return  # the lead was deleted: nothing to chase


def cadence_step_job(session: Session, payload: dict[str, Any]) -> None:
    try:
        intake.do_cadence_step(session, int(payload["lead_id"]), int(payload["step"]),
                               get_settings())
    except NotFound:
        return


def sweep_job(session: Session, payload: dict[str, Any]) -> None:
    intake.do_sweep(session, get_settings())
