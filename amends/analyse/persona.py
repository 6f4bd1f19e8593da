"""Persona for every customer, with the reasons that put them there.

Personas (DESIGN.md): three at risk, three healthy.

- ``stressed_vocal``: in conflict or misaligned with what the business offers: disputes,
  escalations, legal or public threats, strong anger, product fit; or complaining while
  pulling away. Needs personalised outreach.
- ``disconnected_vocal``: still doing business, complaining of being ignored or kept
  waiting (slow or no replies, repeated contacts), or complaining while still active.
  Usually saveable fast by meeting expectations.
- ``disengaged_silent``: activity falling, nothing negative said. Likely looking elsewhere.
- ``recovering``: an open case being handled, or one resolved in the last
  :data:`RECOVERING_DAYS` days.
- ``advocate``: praised the business or answered a survey positively recently, is active
  and has a health score of at least :data:`ADVOCATE_MIN_HEALTH`.
- ``content``: everything else.

Rules, first match wins (a complaint counts as *addressed* when a case was resolved
after it):

1. unaddressed conflict -> stressed_vocal
2. unaddressed neglect complaint -> disconnected_vocal if still active, else stressed_vocal
3. open case, or a case resolved within 30 days -> recovering
4. other unaddressed negative voice -> disconnected_vocal if active, else stressed_vocal
5. going quiet (and so silent) -> disengaged_silent
6. recent praise, active, health >= 75 -> advocate
7. content

Public interface::

    PERSONAS = ('disconnected_vocal', 'stressed_vocal', 'disengaged_silent', 'advocate',
                'content', 'recovering')
    AT_RISK = frozenset({'disconnected_vocal', 'stressed_vocal', 'disengaged_silent'})
    PersonaResult(persona, reasons)
    assign_persona(ev, health, now, *, voice=None) -> PersonaResult
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from amends.analyse.evidence import (
    CONFLICT_SIGNALS,
    NEGLECT_SIGNALS,
    CustomerEvidence,
    VoiceSummary,
    summarise_voice,
)
from amends.analyse.health import Engagement, HealthResult, engagement_state

PERSONAS = (
    "disconnected_vocal", "stressed_vocal", "disengaged_silent", "advocate", "content",
    "recovering",
)
AT_RISK = frozenset({"disconnected_vocal", "stressed_vocal", "disengaged_silent"})
RECOVERING_DAYS = 30.0
ADVOCATE_MIN_HEALTH = 75

_SIGNAL_PHRASES = {
    "dispute": "is disputing a charge or decision",
    "chargeback": "threatened a chargeback",
    "legal_threat": "threatened legal action",
    "public_escalation": "threatened to go public",
    "escalation": "asked to escalate",
    "product_fit": "says the product does not fit their needs",
    "mismatch": "wants something the business does not offer",
    "ignored": "feels ignored",
    "no_response": "got no reply",
    "slow_response": "complained about slow replies",
    "kept_waiting": "was kept waiting",
    "repeat_contact": "had to get in touch repeatedly",
    "follow_up": "had to chase for an answer",
}


@dataclass(frozen=True, slots=True)
class PersonaResult:
    persona: str
    reasons: tuple[str, ...]


def _unaddressed(days_since_issue: float | None, voice: VoiceSummary) -> bool:
    """True if the issue happened and no case was resolved after it."""
    if days_since_issue is None:
        return False
    resolved = voice.days_since_resolution
    return resolved is None or resolved > days_since_issue


def _signal_reasons(voice: VoiceSummary, wanted: frozenset[str]) -> list[str]:
    return [
        _SIGNAL_PHRASES.get(sig, sig.replace("_", " "))
        + (f" ({n} times)" if n > 1 else "")
        for sig, n in sorted(voice.signals.items()) if sig in wanted
    ]


def _voice_sentence(voice: VoiceSummary) -> str:
    days = round(voice.window_days)
    if voice.messages == 0 and voice.surveys == 0:
        return f"said nothing in the last {days} days"
    negative = voice.negative_messages + voice.negative_surveys
    spoken = voice.messages + voice.surveys
    return f"{_plural(spoken, 'message or answer', 'messages or answers')} in the last " \
           f"{days} days, {negative} negative"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _conflict_reasons(voice: VoiceSummary) -> list[str]:
    reasons = _signal_reasons(voice, CONFLICT_SIGNALS)
    if voice.max_anger >= 0.7:
        reasons.append(f"strong anger (up to {voice.max_anger:.1f} on a 0-1 scale)")
    return reasons or ["in conflict with the business"]


def _neglect_reasons(voice: VoiceSummary) -> list[str]:
    reasons = _signal_reasons(voice, NEGLECT_SIGNALS)
    return reasons or ["waited too long for a reply"]


def _at_risk(voice: VoiceSummary, eng: Engagement) -> PersonaResult | None:
    """Rules 1 and 2: unaddressed conflict or neglect (None if neither applies)."""
    base = [_voice_sentence(voice), eng.reason]
    if _unaddressed(voice.days_since_conflict, voice):
        return PersonaResult("stressed_vocal", tuple(_conflict_reasons(voice) + base))
    if _unaddressed(voice.days_since_neglect, voice):
        persona = "stressed_vocal" if eng.quiet else "disconnected_vocal"
        return PersonaResult(persona, tuple(_neglect_reasons(voice) + base))
    return None


def _complaining(voice: VoiceSummary, eng: Engagement) -> PersonaResult | None:
    if not _unaddressed(voice.days_since_negative, voice):
        return None
    if eng.quiet:
        why = "complained and is pulling away: a mismatch with what is offered"
        return PersonaResult("stressed_vocal", (why, _voice_sentence(voice), eng.reason))
    why = "complained while still doing business; nothing done about it yet"
    return PersonaResult("disconnected_vocal", (why, _voice_sentence(voice), eng.reason))


def _recovering(voice: VoiceSummary) -> PersonaResult | None:
    if voice.open_cases:
        age = round(voice.oldest_open_case_days or 0)
        n = voice.open_cases
        what = "a case" if n == 1 else f"{n} cases"
        return PersonaResult("recovering", (f"{what} open, being handled (oldest {age} days)",))
    since = voice.days_since_resolution
    if since is not None and since <= RECOVERING_DAYS:
        return PersonaResult("recovering", (f"a problem was resolved {round(since)} days ago",))
    return None


def assign_persona(
    ev: CustomerEvidence,
    health: HealthResult,
    now: datetime,
    *,
    voice: VoiceSummary | None = None,
) -> PersonaResult:
    """The customer's persona as of ``now`` (``voice`` may be passed to avoid recounting)."""
    voice = voice or summarise_voice(ev, now)
    eng = engagement_state(ev, now)
    found = _at_risk(voice, eng) or _recovering(voice) or _complaining(voice, eng)
    if found:
        return found
    if eng.quiet:
        return PersonaResult("disengaged_silent", (eng.reason, _voice_sentence(voice)))
    praise = voice.positive_messages + voice.positive_surveys
    if praise and health.score >= ADVOCATE_MIN_HEALTH:
        return PersonaResult("advocate", (
            f"{_plural(praise, 'positive message or answer', 'positive messages or answers')}"
            f" in the last {round(voice.window_days)} days",
            f"health {health.score}/100", eng.reason,
        ))
    return PersonaResult("content", (f"health {health.score}/100", _voice_sentence(voice),
                                     eng.reason))
