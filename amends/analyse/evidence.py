"""What health, persona and churn risk know about one customer: plain input dataclasses.

The worker fills these from database rows (one :class:`CustomerEvidence` per customer,
with that customer's interactions, survey answers and cases) and hands them to the pure
functions in ``health``, ``persona``, ``churn`` and ``effort``. Nothing here touches the
database. All datetimes must be timezone-aware (naive ones raise ``ValueError``).

Field conventions (so rows map one to one):

- ``Interaction.sentiment``: -1 (very negative) .. +1 (very positive), or None.
- ``Interaction.severity``: 1 minor, 2 major, 3 critical (values above 3 count as 3).
- ``Interaction.anger``: 0 .. 1, how strongly angry the message reads, or None.
- ``Interaction.signals``: ids from the text engine, e.g. ``churn_intent``,
  ``public_escalation``, ``legal_threat``, ``chargeback``, ``dispute``, ``escalation``,
  ``repeat_contact``, ``ignored``, ``slow_response``, ``product_fit``, ``praise``.
- ``Interaction.inbound``: True for the customer's own words; only those are "voice".
- ``SurveyAnswer.polarity``: ``negative`` | ``neutral`` | ``positive`` (the caller maps its
  scale, e.g. NPS 0-6 / 7-8 / 9-10 or CSAT 1-2 / 3 / 4-5).
- ``Case.outcome``: ``resolved`` / ``amends_made`` (complete), ``partial``,
  ``unresolved`` / ``customer_left`` (closed without a fix), or None (resolved if
  ``resolved_at`` is set, otherwise open).
- Numbers that are NaN (numpy's "unknown") are stored as None.

Public interface::

    Interaction(occurred_at, sentiment=None, bad_experience=False, severity=None, anger=None,
                categories=frozenset(), signals=frozenset(), inbound=True)
    SurveyAnswer(occurred_at, polarity, score=None)
    Case(opened_at, first_response_at=None, resolved_at=None, outcome=None, severity=None)
    CustomerEvidence(customer_id=None, status='active', value_per_year=None,
                     customer_since=None, last_activity_at=None, purchases=None,
                     p_alive=None, expected_purchases=None, usage_ratio=None,
                     usage_z=None, interactions=(), surveys=(), cases=(), attributes={})
    VoiceSummary (see fields) = summarise_voice(ev, now, window_days=90)
    days_between(earlier, later) -> float
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

VOICE_WINDOW_DAYS = 90.0
NEGATIVE_SENTIMENT = -0.3
POSITIVE_SENTIMENT = 0.5
STRONG_ANGER = 0.7
SLOW_FIRST_RESPONSE_DAYS = 1.0

# Conflict or misalignment: these make a vocal customer "stressed".
CONFLICT_SIGNALS = frozenset({
    "dispute", "chargeback", "legal_threat", "public_escalation", "escalation",
    "product_fit", "mismatch",
})
# Feeling undervalued or ignored: these make a vocal, still-active customer "disconnected".
NEGLECT_SIGNALS = frozenset({
    "ignored", "no_response", "slow_response", "kept_waiting", "repeat_contact", "follow_up",
})
NEGLECT_CATEGORIES = frozenset({
    "response_time", "no_reply", "wait_time", "waiting", "communication", "ignored",
})
PRAISE_SIGNALS = frozenset({"praise", "compliment", "recommend"})
COMPLETE_OUTCOMES = frozenset({"resolved", "amends_made", "fixed"})
PARTIAL_OUTCOMES = frozenset({"partial", "partially_resolved"})
FAILED_OUTCOMES = frozenset({"unresolved", "not_resolved", "customer_left", "lost"})
SURVEY_POLARITIES = ("negative", "neutral", "positive")
_OPTIONAL_NUMBERS = ("value_per_year", "p_alive", "expected_purchases", "usage_ratio", "usage_z")
_DAY = 86_400.0


def _aware(value: datetime | None, what: str) -> None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValueError(f"{what} must be timezone-aware (got a naive datetime)")


def days_between(earlier: datetime, later: datetime) -> float:
    """Days from ``earlier`` to ``later`` (negative if ``earlier`` is after ``later``)."""
    return (later - earlier).total_seconds() / _DAY


@dataclass(frozen=True, slots=True)
class Interaction:
    occurred_at: datetime
    sentiment: float | None = None
    bad_experience: bool = False
    severity: int | None = None
    anger: float | None = None
    categories: frozenset[str] = frozenset()
    signals: frozenset[str] = frozenset()
    inbound: bool = True

    def __post_init__(self) -> None:
        _aware(self.occurred_at, "Interaction.occurred_at")
        # Rows give lists or tuples; sets make membership tests cheap and values hashable.
        if not isinstance(self.signals, frozenset):
            object.__setattr__(self, "signals", frozenset(self.signals))
        if not isinstance(self.categories, frozenset):
            object.__setattr__(self, "categories", frozenset(self.categories))

    @property
    def negative(self) -> bool:
        return self.bad_experience or (
            self.sentiment is not None and self.sentiment <= NEGATIVE_SENTIMENT
        )

    @property
    def positive(self) -> bool:
        if self.negative:
            return False
        return bool(self.signals & PRAISE_SIGNALS) or (
            self.sentiment is not None and self.sentiment >= POSITIVE_SENTIMENT
        )


@dataclass(frozen=True, slots=True)
class SurveyAnswer:
    occurred_at: datetime
    polarity: str
    score: float | None = None  # the caller's normalised 0..1 score, kept for features

    def __post_init__(self) -> None:
        _aware(self.occurred_at, "SurveyAnswer.occurred_at")
        if self.polarity not in SURVEY_POLARITIES:
            raise ValueError(f"SurveyAnswer.polarity must be one of {SURVEY_POLARITIES}")


@dataclass(frozen=True, slots=True)
class Case:
    opened_at: datetime
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    outcome: str | None = None
    severity: int | None = None

    def __post_init__(self) -> None:
        _aware(self.opened_at, "Case.opened_at")
        _aware(self.first_response_at, "Case.first_response_at")
        _aware(self.resolved_at, "Case.resolved_at")

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None and self.outcome not in FAILED_OUTCOMES

    @property
    def failed(self) -> bool:
        return self.outcome in FAILED_OUTCOMES

    @property
    def completeness(self) -> float:
        """1 for a complete fix, 0.5 for a partial one, 0 when closed without a fix."""
        if self.failed or self.resolved_at is None:
            return 0.0
        return 0.5 if self.outcome in PARTIAL_OUTCOMES else 1.0


@dataclass(frozen=True, slots=True)
class CustomerEvidence:
    """Everything known about one customer as of ``now`` (the time is passed separately).

    Engagement: ``purchases`` (repeat purchases x), ``p_alive`` and ``expected_purchases``
    (next period) come from :mod:`amends.analyse.bgnbd`; ``usage_ratio``/``usage_z`` from
    :mod:`amends.analyse.usage`. Leave them None when the business has no such activity.
    ``attributes`` are the business's own customer fields (plan, region, tenure...), used
    only as churn-model features.
    """

    customer_id: Hashable | None = None
    status: str = "active"
    value_per_year: float | None = None
    customer_since: datetime | None = None
    last_activity_at: datetime | None = None
    purchases: int | None = None
    p_alive: float | None = None
    expected_purchases: float | None = None
    usage_ratio: float | None = None
    usage_z: float | None = None
    interactions: Sequence[Interaction] = ()
    surveys: Sequence[SurveyAnswer] = ()
    cases: Sequence[Case] = ()
    attributes: Mapping[str, float | str | bool | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _aware(self.customer_since, "CustomerEvidence.customer_since")
        _aware(self.last_activity_at, "CustomerEvidence.last_activity_at")
        # numpy hands over NaN for "not known"; the rules below only understand None.
        for name in _OPTIONAL_NUMBERS:
            value = getattr(self, name)
            if value is not None and value != value:
                object.__setattr__(self, name, None)

    @property
    def has_left(self) -> bool:
        return self.status in ("churned", "closed")


@dataclass(frozen=True, slots=True)
class VoiceSummary:
    """How much and how the customer has spoken in the last ``window_days``.

    ``vocal`` is measured: the customer voiced something negative in the window (a bad
    experience, a negative message or survey answer, a complaint signal). ``silent``
    customers may still have written, but nothing negative.
    """

    window_days: float
    messages: int
    negative_messages: int
    bad_experiences: int
    positive_messages: int
    surveys: int
    negative_surveys: int
    positive_surveys: int
    mean_sentiment: float | None
    max_anger: float
    signals: Mapping[str, int]
    neglect: bool  # complained of being ignored / kept waiting, or a case waited for a reply
    conflict: bool  # dispute, escalation, strong anger, product fit
    open_cases: int
    oldest_open_case_days: float | None
    days_since_resolution: float | None  # most recent case fixed (fully or partly)
    days_since_negative: float | None  # last negative voice (message or survey)
    days_since_conflict: float | None
    days_since_neglect: float | None

    @property
    def vocal(self) -> bool:
        return self.negative_messages + self.negative_surveys > 0 or self.conflict or self.neglect


def _slow_first_response(case: Case, now: datetime) -> bool:
    replied = case.first_response_at or (now if case.is_open else case.resolved_at)
    return replied is not None and days_between(case.opened_at, replied) > SLOW_FIRST_RESPONSE_DAYS


def _newest(current: float | None, age: float) -> float:
    return age if current is None or age < current else current


@dataclass
class _VoiceTally:
    """Running counts for one pass over a customer's messages (speed: 100k customers)."""

    messages: int = 0
    negative: int = 0
    bad: int = 0
    positive: int = 0
    sentiment_sum: float = 0.0
    sentiment_n: int = 0
    max_anger: float = 0.0
    last_negative: float | None = None
    last_conflict: float | None = None
    last_neglect: float | None = None

    def add(self, msg: Interaction, age: float, signals: Counter[str]) -> None:
        self.messages += 1
        sentiment = msg.sentiment
        # Same rules as Interaction.negative / .positive, inlined for speed.
        negative = msg.bad_experience or (sentiment is not None and sentiment <= NEGATIVE_SENTIMENT)
        if negative:
            self.negative += 1
            self.last_negative = _newest(self.last_negative, age)
        elif (sentiment is not None and sentiment >= POSITIVE_SENTIMENT) or (
                msg.signals and msg.signals & PRAISE_SIGNALS):
            self.positive += 1
        self.bad += msg.bad_experience
        if msg.sentiment is not None:
            self.sentiment_sum += msg.sentiment
            self.sentiment_n += 1
        anger = msg.anger or 0.0
        self.max_anger = max(self.max_anger, anger)
        if msg.signals:
            signals.update(msg.signals)
        if msg.signals & CONFLICT_SIGNALS or (negative and anger >= STRONG_ANGER):
            self.last_conflict = _newest(self.last_conflict, age)
        if msg.signals & NEGLECT_SIGNALS or (negative and msg.categories & NEGLECT_CATEGORIES):
            self.last_neglect = _newest(self.last_neglect, age)


def summarise_voice(
    ev: CustomerEvidence, now: datetime, window_days: float = VOICE_WINDOW_DAYS
) -> VoiceSummary:
    """Count the customer's recent voice and the state of their cases as of ``now``."""
    _aware(now, "now")
    tally = _VoiceTally()
    signals: Counter[str] = Counter()
    for msg in ev.interactions:
        if msg.inbound:
            age = days_between(msg.occurred_at, now)
            if 0.0 <= age <= window_days:
                tally.add(msg, age, signals)
    n_surveys = neg_surveys = pos_surveys = 0
    for answer in ev.surveys:
        age = days_between(answer.occurred_at, now)
        if 0.0 <= age <= window_days:
            n_surveys += 1
            if answer.polarity == "negative":
                neg_surveys += 1
                tally.last_negative = _newest(tally.last_negative, age)
            pos_surveys += answer.polarity == "positive"
    open_ages: list[float] = []
    last_closed: float | None = None
    for case in ev.cases:
        opened = days_between(case.opened_at, now)
        if opened < 0:
            continue
        if case.is_open:
            open_ages.append(opened)
        elif (case.resolved_at is not None and case.completeness > 0
              and (closed := days_between(case.resolved_at, now)) >= 0):
            # Only a real fix addresses a complaint; closing without one does not.
            last_closed = _newest(last_closed, closed)
        if (opened <= window_days or case.is_open) and _slow_first_response(case, now) and (
                case.is_open or case.completeness < 1.0):
            tally.last_neglect = _newest(tally.last_neglect, opened)
    return VoiceSummary(
        window_days=window_days,
        messages=tally.messages,
        negative_messages=tally.negative,
        bad_experiences=tally.bad,
        positive_messages=tally.positive,
        surveys=n_surveys,
        negative_surveys=neg_surveys,
        positive_surveys=pos_surveys,
        mean_sentiment=tally.sentiment_sum / tally.sentiment_n if tally.sentiment_n else None,
        max_anger=tally.max_anger,
        signals=dict(signals),
        neglect=tally.last_neglect is not None,
        conflict=tally.last_conflict is not None,
        open_cases=len(open_ages),
        oldest_open_case_days=max(open_ages) if open_ages else None,
        days_since_resolution=last_closed,
        days_since_negative=tally.last_negative,
        days_since_conflict=tally.last_conflict,
        days_since_neglect=tally.last_neglect,
    )
