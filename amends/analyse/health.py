"""Trust / health score, 0-100, with every contribution listed as a sentence.

The score starts from a neutral :data:`BASELINE` (70: "nothing wrong that we know of")
and adds signed contributions, each with a reason such as
``"−18: two bad experiences in the last 30 days"``. The rules, and why:

- **Bad weighs more than good, and both fade.** A bad experience costs
  :data:`BAD_WEIGHT` points (times 1.6 for a major, 2.4 for a critical one) and fades
  with a half-life of :data:`BAD_HALF_LIFE_DAYS`; a good one (praise, a positive
  message or survey answer) earns 3-4 points, fades twice as fast
  (:data:`GOOD_HALF_LIFE_DAYS`), and all good news together is capped at
  :data:`GOOD_CAP`. People remember a bad experience longer than a good one.
- **A swift, complete recovery restores trust.** A resolved case gives back up to the
  cost of one bad experience of the same severity, scaled by completeness (partial fix:
  half) and by speed. The speed scale follows the TARP repurchase figures in DESIGN.md
  (quick 82%, slow 54%, unresolved 19%): restored share = (repurchase − 19) / (82 − 19),
  i.e. 1.0 when fixed within :data:`QUICK_FIX_DAYS` days, sliding to 0.56 at
  :data:`SLOW_FIX_DAYS` days and beyond. The restored trust fades like the bad experience.
- **An unresolved problem keeps eroding trust.** An open case costs more every week it
  stays open, plus a penalty while nobody has replied; a case closed without a fix costs
  a lasting (slowly fading) penalty.
- **Threats are trust signals too.** Saying they may leave, going public or threatening
  legal action each cost points, fading like bad experiences.
- **Behaviour.** A repeat buyer whose BG/NBD P(alive) has fallen below 0.8 loses up to
  30 points; usage falling against the customer's own baseline loses up to 20. With no
  model at all, long inactivity counts.
- A customer who has left (status churned or closed) scores 0.

Public interface::

    Contribution(points, reason, code)      .text -> "−18: two bad experiences ..."
    HealthResult(score, contributions, baseline)
    Engagement(known, quiet, reason)
    health_score(ev, now) -> HealthResult
    engagement_state(ev, now) -> Engagement
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from amends.analyse.evidence import (
    NEGATIVE_SENTIMENT,
    POSITIVE_SENTIMENT,
    PRAISE_SIGNALS,
    Case,
    CustomerEvidence,
    Interaction,
    SurveyAnswer,
    days_between,
)
from amends.analyse.usage import trend_label
from amends.timeutil import require_aware

BASELINE = 70
BAD_WEIGHT = 10.0
NEGATIVE_SURVEY_WEIGHT = 8.0
NEGATIVE_MESSAGE_WEIGHT = 3.0  # negative tone without a flagged bad experience
GOOD_MESSAGE_WEIGHT = 3.0
GOOD_SURVEY_WEIGHT = 4.0
GOOD_CAP = 12.0
BAD_HALF_LIFE_DAYS = 60.0
GOOD_HALF_LIFE_DAYS = 30.0
SEVERITY_FACTOR = {1: 1.0, 2: 1.6, 3: 2.4}
QUICK_FIX_DAYS = 2.0
SLOW_FIX_DAYS = 14.0
SLOW_FIX_SHARE = (54 - 19) / (82 - 19)  # TARP: slow fixes keep ~56% of what quick ones do
OPEN_CASE_BASE = 3.0
OPEN_CASE_PER_WEEK = 2.0
OPEN_CASE_CAP = 30.0
NO_REPLY_PER_DAY = 1.5
NO_REPLY_CAP = 12.0
FAILED_CASE_WEIGHT = 6.0
P_ALIVE_HEALTHY = 0.8
P_ALIVE_MAX_PENALTY = 30.0
USAGE_MAX_PENALTY = 20.0
QUIET_AFTER_DAYS = 120.0
MIN_POINTS = 0.5  # smaller contributions are noise; leaving them out keeps the list short
HORIZON_DAYS = 365.0  # older evidence has faded below MIN_POINTS anyway

SIGNAL_WEIGHTS: dict[str, tuple[float, str]] = {
    "churn_intent": (8.0, "said they may take their business elsewhere"),
    "legal_threat": (8.0, "threatened legal action or a regulator complaint"),
    "public_escalation": (6.0, "threatened to go public (review or social media)"),
    "chargeback": (6.0, "threatened to dispute the charge"),
    "dispute": (6.0, "is disputing a charge or decision"),
}
# Internally a contribution is a plain (points, reason, code) tuple: this runs for every
# customer on every recompute, and tuples are much cheaper to build than dataclasses.
_Part = tuple[float, str, str]
_LN2 = math.log(2.0)
_K_BAD = _LN2 / BAD_HALF_LIFE_DAYS
_K_GOOD = _LN2 / GOOD_HALF_LIFE_DAYS
_THREATS = frozenset(SIGNAL_WEIGHTS)
_DAY_SECONDS = 86_400.0
_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


@dataclass(frozen=True, slots=True)
class Contribution:
    points: float
    reason: str
    code: str  # stable id for grouping and translation, e.g. "bad_experience"

    @property
    def text(self) -> str:
        sign = "+" if self.points >= 0 else "\u2212"
        return f"{sign}{abs(round(self.points))}: {self.reason}"


@dataclass(frozen=True, slots=True)
class HealthResult:
    score: int
    contributions: tuple[Contribution, ...]
    baseline: int = BASELINE

    @property
    def reasons(self) -> list[str]:
        return [c.text for c in self.contributions]


@dataclass(frozen=True, slots=True)
class Engagement:
    known: bool  # False when there is no behaviour to judge by
    quiet: bool
    reason: str


def _decay(age_days: float, half_life: float) -> float:
    return math.exp(-_LN2 * max(age_days, 0.0) / half_life)


def _count(n: int, noun: str) -> str:
    word = _WORDS[n] if n < len(_WORDS) else str(n)
    if n == 1:
        return f"a {noun}" if noun[0] not in "aeiou" else f"an {noun}"
    return f"{word} {noun}s"


def _when(age_days: float) -> str:
    if age_days <= 30:
        return "in the last 30 days"
    if age_days <= 90:
        return "1-3 months ago"
    return "over 3 months ago (fading)"


def _ago(age_days: float) -> str:
    days = round(age_days)
    if days < 1:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


def _severity(value: int | None) -> float:
    return SEVERITY_FACTOR[min(max(value or 1, 1), 3)]


_NOUNS = {
    "bad_experience": "bad experience",
    "negative_survey": "negative survey answer",
    "negative_message": "negative message",
}


def _dated(occurred_at: datetime, now: datetime) -> float | None:
    age = days_between(occurred_at, now)
    return age if 0.0 <= age <= HORIZON_DAYS else None


def _add(sums: dict[tuple[str, int], list[float]], code: str, age: float, points: float
         ) -> None:
    """Accumulate [points, count, newest age] per (kind, age bucket: <=30, <=90, older)."""
    key = (code, 0 if age <= 30 else 1 if age <= 90 else 2)
    acc = sums.get(key)
    if acc is None:
        sums[key] = [points, 1.0, age]
    else:
        acc[0] += points
        acc[1] += 1
        acc[2] = min(acc[2], age)


def _experience_contributions(
    interactions: Iterable[Interaction], surveys: Iterable[SurveyAnswer], now: datetime
) -> list[_Part]:
    # One pass, decays as exp(-k * age): this runs for every customer on every recompute.
    sums: dict[tuple[str, int], list[float]] = {}
    good: list[tuple[float, float]] = []
    threats: dict[str, list[float]] = {}
    for msg in interactions:
        if not msg.inbound:
            continue
        age = (now - msg.occurred_at).total_seconds() / _DAY_SECONDS
        if not 0.0 <= age <= HORIZON_DAYS:
            continue
        if msg.signals:
            for signal in msg.signals & _THREATS:
                threats.setdefault(signal, []).append(age)
        # Same rules as Interaction.negative / .positive, inlined for speed.
        sentiment = msg.sentiment
        if msg.bad_experience:
            pts = BAD_WEIGHT * _severity(msg.severity) * math.exp(-_K_BAD * age)
            _add(sums, "bad_experience", age, -pts)
        elif sentiment is not None and sentiment <= NEGATIVE_SENTIMENT:
            _add(sums, "negative_message", age, -NEGATIVE_MESSAGE_WEIGHT * math.exp(-_K_BAD * age))
        elif (sentiment is not None and sentiment >= POSITIVE_SENTIMENT) or (
                msg.signals and msg.signals & PRAISE_SIGNALS):
            good.append((GOOD_MESSAGE_WEIGHT * math.exp(-_K_GOOD * age), age))
    for answer in surveys:
        dated = _dated(answer.occurred_at, now)
        if dated is None or answer.polarity == "neutral":
            continue
        if answer.polarity == "negative":
            pts = NEGATIVE_SURVEY_WEIGHT * math.exp(-_K_BAD * dated)
            _add(sums, "negative_survey", dated, -pts)
        else:
            good.append((GOOD_SURVEY_WEIGHT * math.exp(-_K_GOOD * dated), dated))
    out = [
        (points, f"{_count(int(n), _NOUNS[code])} {_when(age)}", code)
        for (code, _), (points, n, age) in sorted(sums.items())
    ]
    if threats:
        out += _signal_contributions(threats)
    return out + _good_contribution(good) if good else out


def _good_contribution(good: list[tuple[float, float]]) -> list[_Part]:
    total = min(sum(p for p, _ in good), GOOD_CAP)
    newest = min(age for _, age in good)
    reason = f"{_count(len(good), 'good experience')} (praise or a positive answer), " \
             f"latest {_ago(newest)}"
    return [(total, reason, "good_experience")]


def _signal_contributions(threats: dict[str, list[float]]) -> list[_Part]:
    """One contribution per threat kind, from the ages (days) of the messages carrying it."""
    out = []
    for signal, ages in threats.items():
        weight, phrase = SIGNAL_WEIGHTS[signal]
        # Repeating a threat adds weight, but never more than double a single one.
        pts = min(sum(weight * math.exp(-_K_BAD * a) for a in ages), 2 * weight)
        times = "" if len(ages) == 1 else f", {len(ages)} times"
        out.append((-pts, f"{phrase} ({_ago(min(ages))}{times})", signal))
    return out


def _fix_share(days_to_fix: float) -> float:
    """Share of trust a fix restores, by speed (TARP-derived; see the module docstring)."""
    if days_to_fix <= QUICK_FIX_DAYS:
        return 1.0
    if days_to_fix >= SLOW_FIX_DAYS:
        return SLOW_FIX_SHARE
    frac = (days_to_fix - QUICK_FIX_DAYS) / (SLOW_FIX_DAYS - QUICK_FIX_DAYS)
    return 1.0 - frac * (1.0 - SLOW_FIX_SHARE)


def _open_case(case: Case, now: datetime) -> list[_Part]:
    age = max(days_between(case.opened_at, now), 0.0)
    weeks = age / 7.0
    pts = min(OPEN_CASE_BASE + OPEN_CASE_PER_WEEK * weeks, OPEN_CASE_CAP) * _severity(case.severity)
    span = f"{round(weeks)} weeks" if weeks >= 2 else _ago(age).replace(" ago", "")
    reason = (f"a problem still open after {span}" if age >= 1
              else "a problem opened today, not fixed yet")
    out = [(-pts, reason, "open_case")]
    if case.first_response_at is None and age > 1.0:
        wait = min(NO_REPLY_PER_DAY * age, NO_REPLY_CAP)
        out.append((-wait, f"no reply yet, {round(age)} days after they got in "
                                "touch", "no_reply"))
    return out


def _closed_case(case: Case, now: datetime) -> list[_Part]:
    closed_at = case.resolved_at or case.opened_at
    age = _dated(closed_at, now)
    if age is None:
        return []
    if case.failed:
        pts = FAILED_CASE_WEIGHT * _severity(case.severity) * _decay(age, BAD_HALF_LIFE_DAYS)
        return [(-pts, f"a problem closed without a fix ({_ago(age)})", "failed_case")]
    took = max(days_between(case.opened_at, closed_at), 0.0)
    share = _fix_share(took) * case.completeness
    pts = BAD_WEIGHT * _severity(case.severity) * share * _decay(age, BAD_HALF_LIFE_DAYS)
    speed = ("recovered quickly: fixed within a day" if took <= 1 else
             f"recovered quickly: fixed in {round(took)} days" if took <= QUICK_FIX_DAYS else
             f"fixed, but slowly ({round(took)} days)")
    if case.completeness < 1.0:
        speed = f"partly fixed in {max(round(took), 1)} days"
    return [(pts, f"{speed} ({_ago(age)})", "recovery")]


def _case_contributions(cases: Iterable[Case], now: datetime) -> list[_Part]:
    out: list[_Part] = []
    for case in cases:
        if days_between(case.opened_at, now) < 0:
            continue  # opened after `now`: not part of this snapshot
        out += _open_case(case, now) if case.is_open else _closed_case(case, now)
    return out


def engagement_state(ev: CustomerEvidence, now: datetime) -> Engagement:
    """Is the customer going quiet? Judged by P(alive), then usage trend, then inactivity."""
    if ev.has_left:
        return Engagement(True, True, f"has left (status {ev.status})")
    if ev.p_alive is not None and (ev.purchases or 0) > 0:
        if ev.p_alive < 0.5:
            return Engagement(True, True, f"buying has stalled (P(alive) {ev.p_alive:.2f})")
        return Engagement(True, False, f"still buying (P(alive) {ev.p_alive:.2f})")
    if ev.usage_ratio is not None and ev.usage_z is not None:
        label = trend_label(ev.usage_ratio, ev.usage_z)
        pct = round(abs(1 - ev.usage_ratio) * 100)
        if label == "falling":
            return Engagement(True, True, f"activity down {pct}% on their usual rate")
        return Engagement(True, False, "activity at or above their usual rate")
    if ev.last_activity_at is not None:
        idle = days_between(ev.last_activity_at, now)
        if idle > QUIET_AFTER_DAYS:
            return Engagement(True, True, f"no activity for {round(idle)} days")
        return Engagement(True, False, f"active {_ago(idle)}")
    return Engagement(False, False, "no activity data")


def _engagement_contributions(ev: CustomerEvidence, now: datetime) -> list[_Part]:
    if ev.p_alive is not None and (ev.purchases or 0) > 0:
        p = ev.p_alive
        if p >= P_ALIVE_HEALTHY:
            return [(4.0, f"still buying at their usual rhythm (P(alive) {p:.2f})",
                                 "p_alive")]
        pts = P_ALIVE_MAX_PENALTY * (P_ALIVE_HEALTHY - p) / P_ALIVE_HEALTHY
        return [(-pts, f"buying has slowed or stopped (P(alive) {p:.2f})",
                             "p_alive")]
    if ev.usage_ratio is not None and ev.usage_z is not None:
        label = trend_label(ev.usage_ratio, ev.usage_z)
        pct = round(abs(1 - ev.usage_ratio) * 100)
        if label == "falling":
            pts = min(USAGE_MAX_PENALTY, 25.0 * (1.0 - ev.usage_ratio))
            return [(-pts, f"activity down {pct}% on their usual rate", "usage")]
        if label == "rising":
            return [(3.0, f"activity up {pct}% on their usual rate", "usage")]
        return []
    if ev.last_activity_at is not None:
        idle = days_between(ev.last_activity_at, now)
        if idle > QUIET_AFTER_DAYS:
            return [(-10.0, f"no activity for {round(idle)} days", "inactive")]
    return []


def health_score(ev: CustomerEvidence, now: datetime) -> HealthResult:
    """The trust / health score of one customer as of ``now``, with its contributions."""
    require_aware(now, "now")
    parts = _engagement_contributions(ev, now)
    parts += _experience_contributions(ev.interactions, ev.surveys, now)
    parts += _case_contributions(ev.cases, now)
    kept = [(round(p, 1), reason, code) for p, reason, code in parts if abs(p) >= MIN_POINTS]
    total = BASELINE + sum(p for p, _, _ in kept)
    if ev.has_left and total > 0:
        kept.append((-total, f"has left (status {ev.status})", "left"))
        total = 0.0
    kept.sort(key=lambda part: part[0])  # worst first: what the team should read first
    return HealthResult(score=int(min(max(round(total), 0), 100)),
                        contributions=tuple(Contribution(*part) for part in kept))
