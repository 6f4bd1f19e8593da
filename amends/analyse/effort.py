"""Value at risk, recoverability and the recommended effort, so the team focuses where it pays.

- ``value_at_risk`` = churn probability x value per year (None when the value is unknown).
- ``recoverability``: the share of at-risk customers of this persona that the right effort
  usually keeps. Anchored on the TARP figures in DESIGN.md (a major problem resolved
  quickly ~82% buy again, slowly ~54%, unresolved ~19%): a disconnected customer is one
  fast, proper reply away from a quick resolution (0.8); a stressed one needs slower,
  personal work (0.5); a disengaged, silent one has mostly decided (0.2). See
  :data:`RECOVERABILITY`. These are priors; the recovery outcomes Amends records are the
  way to replace them with the business's own rates.
- ``expected_saving`` = value at risk x recoverability: what the effort can win back.

Recommended effort (first match wins):

1. the customer has left -> ``let_go``
2. risk below ``policy.min_risk`` and not in an at-risk persona -> ``none``
3. ``recovering``: ``save_now`` when risk is high (finish the fix fast), else ``none``
4. ``disconnected_vocal`` -> ``save_now`` (cheap and fast: meet the expectation), or a
   ``light_check_in`` when even that is not worth it
5. ``stressed_vocal`` -> ``personal_outreach`` when the expected saving reaches
   ``policy.outreach_min`` (or the value is unknown), ``light_check_in`` when it reaches
   ``policy.check_in_min``, else ``let_go``
6. ``disengaged_silent`` -> ``personal_outreach`` for high value, ``light_check_in`` when
   worth it, else ``let_go``
7. healthy personas with real risk -> ``light_check_in`` when worth it, else ``none``

Public interface::

    EFFORTS = ('save_now', 'personal_outreach', 'light_check_in', 'let_go', 'none')
    RECOVERABILITY: dict[persona, float]
    EffortPolicy(min_risk=0.2, high_risk=0.5, check_in_min=25.0, outreach_min=250.0)
    EffortPolicy.from_values(values_per_year) -> EffortPolicy   (thresholds from the median)
    EffortResult(value_at_risk, recoverability, expected_saving, effort, reasons)
    recommend_effort(persona, churn_probability, value_per_year, *, policy=EffortPolicy(),
                     has_left=False) -> EffortResult
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from amends.analyse.persona import AT_RISK, PERSONAS

EFFORTS = ("save_now", "personal_outreach", "light_check_in", "let_go", "none")
RECOVERABILITY = {
    "disconnected_vocal": 0.8,
    "stressed_vocal": 0.5,
    "disengaged_silent": 0.2,
    "recovering": 0.7,
    "content": 0.9,
    "advocate": 0.95,
}


@dataclass(frozen=True, slots=True)
class EffortPolicy:
    """Thresholds in the business's currency per year of customer value."""

    min_risk: float = 0.2
    high_risk: float = 0.5
    check_in_min: float = 25.0
    outreach_min: float = 250.0

    @classmethod
    def from_values(cls, values_per_year: Iterable[float | None]) -> EffortPolicy:
        """Scale the money thresholds to this business: a check-in pays from 5% of the
        median customer's yearly value, personal outreach from 30%."""
        known = [v for v in values_per_year if v is not None and v > 0]
        if not known:
            return cls()
        median = float(np.median(known))
        return cls(check_in_min=0.05 * median, outreach_min=0.3 * median)


@dataclass(frozen=True, slots=True)
class EffortResult:
    value_at_risk: float | None
    recoverability: float
    expected_saving: float | None
    effort: str
    reasons: tuple[str, ...]


def _money(v: float) -> str:
    return f"{v:,.0f}"


def _worth(saving: float | None, threshold: float) -> bool:
    return saving is None or saving >= threshold


def _choose(persona: str, p: float, saving: float | None, policy: EffortPolicy
            ) -> tuple[str, str]:
    if persona not in AT_RISK and p < policy.min_risk:
        return "none", f"low churn risk ({p:.0%})"
    if persona == "recovering":
        if p >= policy.high_risk:
            return "save_now", "a case is open or just closed and the risk is high: finish it fast"
        return "none", "the open or recent case is the right effort; follow it up"
    if persona == "disconnected_vocal":
        if _worth(saving, policy.check_in_min):
            return "save_now", "feels ignored but still buying: a fast, proper reply usually keeps them"
        return "light_check_in", "feels ignored, but the value at stake is small"
    high_value = saving is not None and saving >= policy.outreach_min
    if persona == "stressed_vocal":
        if saving is None or high_value:
            return "personal_outreach", "in conflict: needs a person, clear terms and follow-through"
    elif persona == "disengaged_silent" and high_value:
        return "personal_outreach", "going quiet, and the value at stake justifies a personal call"
    if _worth(saving, policy.check_in_min):
        return "light_check_in", "a light check-in is worth it for the value at stake"
    if persona in AT_RISK:
        return "let_go", "the expected saving does not justify the effort"
    return "none", "healthy, and the value at stake is small"


def recommend_effort(
    persona: str,
    churn_probability: float,
    value_per_year: float | None,
    *,
    policy: EffortPolicy | None = None,
    has_left: bool = False,
) -> EffortResult:
    """Value at risk, recoverability and the recommended effort for one customer."""
    if persona not in PERSONAS:
        raise ValueError(f"unknown persona {persona!r}")
    if not 0.0 <= churn_probability <= 1.0:
        raise ValueError("churn_probability must be between 0 and 1")
    policy = policy or EffortPolicy()
    recoverability = RECOVERABILITY[persona]
    at_risk = None if value_per_year is None else churn_probability * value_per_year
    saving = None if at_risk is None else at_risk * recoverability
    if has_left:
        effort, why = "let_go", "has already left"
    else:
        effort, why = _choose(persona, churn_probability, saving, policy)
    reasons = [why]
    if at_risk is not None and saving is not None:
        reasons.append(f"{_money(at_risk)} a year at risk ({churn_probability:.0%} of "
                       f"{_money(value_per_year or 0.0)}); about {_money(saving)} recoverable")
    else:
        reasons.append(f"churn risk {churn_probability:.0%}; value per year unknown")
    return EffortResult(
        value_at_risk=None if at_risk is None else round(at_risk, 2),
        recoverability=recoverability,
        expected_saving=None if saving is None else round(saving, 2),
        effort=effort,
        reasons=tuple(reasons),
    )
