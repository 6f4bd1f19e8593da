"""In-process events between features, run in the caller's transaction.

A feature that must react to another's event is listed here as ``"module:function"``; the
module is imported on first use and skipped while it does not exist yet (features land
one by one). Handlers take ``(session, **data)`` and must not commit.

Events and their data:
- ``interactions_analysed``: ``interaction_ids: list[int]`` (text analysis stored)
- ``survey_answered``: ``response_id: int`` (a new or changed answer that counts)
- ``activity_recorded``: ``customer_ids: list[int]``
- ``customers_scored``: ``customer_ids: list[int]`` (health/persona/risk recomputed)
- ``case_resolved``: ``case_id: int``
- ``lead_created``: ``lead_id: int``
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

HOOKS: dict[str, list[str]] = {
    "interactions_analysed": ["amends.decide.rules:on_interactions_analysed",
                              "amends.decide.health:on_interactions_analysed",
                              "amends.report.rollups:on_interactions_analysed"],
    "survey_answered": ["amends.decide.rules:on_survey_answered",
                        "amends.decide.health:on_survey_answered"],
    "activity_recorded": ["amends.decide.health:on_activity_recorded"],
    "customers_scored": ["amends.decide.rules:on_customers_scored"],
    "case_resolved": ["amends.decide.surveys:on_case_resolved",
                      "amends.decide.health:on_case_changed"],
    "lead_created": [],
}


def _load(target: str) -> Callable[..., Any] | None:
    module_name, func = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None  # that feature is not installed (yet)
        raise
    handler: Callable[..., Any] = getattr(module, func)
    return handler


def fire(session: Session, event: str, **data: Any) -> None:
    for target in HOOKS.get(event, []):
        handler = _load(target)
        if handler is not None:
            handler(session, **data)
