"""Severity levels and case priority (from severity, value at risk and persona).

Priority is a score: the worst severity seen (0-100), raised for valuable customers and
for personas that need more effort, then cut into p1 (drop everything) .. p4 (routine).
Some triggers set a floor: a legal threat is never routine, whatever its wording scored.
"""

from __future__ import annotations

from typing import Any

PRIORITY_ORDER = {"p1": 1, "p2": 2, "p3": 3, "p4": 4}
LEVELS = (("critical", 70), ("major", 40), ("minor", 0))
PERSONA_BUMP = {"stressed_vocal": 10, "disconnected_vocal": 5, "disengaged_silent": 0}
# The least urgent priority a trigger may have.
TRIGGER_FLOOR = {"legal_threat": "p1", "public_complaint": "p2", "churn_intent": "p2"}
DEFAULT_HIGH_VALUE = 5000.0
DEFAULT_MID_VALUE = 1000.0


def severity_level(severity: int) -> str:
    """minor (< 40), major (40-69) or critical (70+)."""
    for name, lowest in LEVELS:
        if severity >= lowest:
            return name
    return "minor"


def more_urgent(a: str, b: str) -> str:
    return a if PRIORITY_ORDER.get(a, 4) <= PRIORITY_ORDER.get(b, 4) else b


def priority_score(severity: int, value_at_risk: float | None, persona: str | None,
                   settings: Any = None) -> int:
    high = float(getattr(settings, "recovery_high_value", DEFAULT_HIGH_VALUE))
    mid = float(getattr(settings, "recovery_mid_value", DEFAULT_MID_VALUE))
    score = severity
    if value_at_risk is not None:
        score += 20 if value_at_risk >= high else 10 if value_at_risk >= mid else 0
    score += PERSONA_BUMP.get(persona or "", 0)
    return score


def compute_priority(severity: int, value_at_risk: float | None, persona: str | None,
                     triggers: list[str] | tuple[str, ...] = (), settings: Any = None) -> str:
    score = priority_score(severity, value_at_risk, persona, settings)
    priority = "p1" if score >= 85 else "p2" if score >= 65 else "p3" if score >= 40 else "p4"
    for trigger in triggers:
        if trigger in TRIGGER_FLOOR:
            priority = more_urgent(priority, TRIGGER_FLOOR[trigger])
    return priority
