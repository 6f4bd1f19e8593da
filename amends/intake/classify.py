"""Urgency and topic of an enquiry, against a business-editable practice-areas file.

The file (TOML; see ``amends/analyse/data/practice_areas_law.toml``) lists practice areas
or service lines as ``[categories.<id>]`` and urgency wording as ``[urgency.<level>]``. The
text engine's generic `Taxonomy` matcher does the matching; everything goes through
`classify_enquiry(text, areas)` so the matcher can change without touching callers.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

log = logging.getLogger("amends.intake.classify")

DATA_DIR = Path(__file__).resolve().parent.parent / "analyse" / "data"
BUILTIN = {"law": DATA_DIR / "practice_areas_law.toml",
           "generic": DATA_DIR / "practice_areas_generic.toml"}
LEVELS = ("low", "normal", "high", "urgent")
GENERAL = ("general", "General enquiry")


class TaxonomyError(ValueError):
    """The practice-areas file is missing, not TOML, or malformed."""


@dataclass(frozen=True)
class Hit:
    text: str
    kind: str  # phrase | keyword | example


@dataclass
class Found:
    category: str
    label: str
    score: float
    hits: list[Hit]


def _word(word: str) -> str:
    alts = []
    for alt in word.replace("-", " ").split("|"):
        if alt == "#":
            alts.append(r"\d+")
        elif alt.endswith("*") and len(alt) > 1:
            alts.append(re.escape(alt[:-1].lower()) + r"[\w']*")
        else:
            alts.append(re.escape(alt.lower()))
    return "(?:" + "|".join(alts) + ")"


def _phrase(phrase: str) -> str:
    if phrase.startswith("re:"):
        return phrase[3:]
    parts = []
    for word in phrase.split():
        if word == "*":
            parts.append(r"(?:\S+ ){0,3}")
        elif word.endswith("?") and len(word) > 1:
            parts.append(f"(?:{_word(word[:-1])} )?")
        else:
            parts.append(_word(word) + " ")
    return "".join(parts).rstrip(" ")


class PhraseMatcher:
    """A small matcher for the same phrase syntax as the text engine's `Taxonomy`.

    Used when the text engine cannot load or match (it is optional here): classification
    must never be the reason an enquiry is lost.
    """

    def __init__(self, categories: dict[str, dict[str, Any]]) -> None:
        self.labels = {cid: str(raw.get("label", cid)) for cid, raw in categories.items()}
        self.rules: list[tuple[str, str, re.Pattern[str]]] = []
        for cid, raw in categories.items():
            for kind in ("phrases", "keywords"):
                items = [p for p in raw.get(kind, []) if isinstance(p, str) and p.strip()]
                if items:
                    try:
                        rx = re.compile(r"(?<![\w'])(?:" + "|".join(
                            f"(?:{_phrase(p)})" for p in items) + r")(?![\w'])")
                    except re.error as exc:
                        raise TaxonomyError(f"category {cid!r}: bad phrase ({exc})") from exc
                    self.rules.append((cid, kind[:-1], rx))

    @property
    def ids(self) -> list[str]:
        return list(self.labels)

    def match(self, text: str) -> list[Found]:
        norm = " ".join(re.sub(r"[^\w'#]+", " ", text.lower()).split())
        found: dict[str, Found] = {}
        for cid, kind, rx in self.rules:
            for m in rx.finditer(norm):
                found.setdefault(cid, Found(cid, self.labels[cid], 0.0, [])).hits.append(
                    Hit(m.group(0), kind))
        for f in found.values():
            phrases = sum(h.kind == "phrase" for h in f.hits)
            n = phrases or len(f.hits)
            f.score = round(min((0.8 if phrases else 0.4) + 0.05 * min(n - 1, 3), 0.99), 3)
        return sorted(found.values(), key=lambda f: -f.score)


def _engine_taxonomy(categories: dict[str, Any], name: str) -> Any:
    """The text engine's matcher for these categories, or None when it is unavailable."""
    try:
        from amends.analyse.text.taxonomy import parse_taxonomy

        return parse_taxonomy({"categories": categories}, name)
    except Exception as exc:  # noqa: BLE001 - optional engine; the fallback is exact enough
        log.warning("text engine taxonomy unavailable (%s); using the phrase matcher", exc)
        return None


def _match(matcher: Any, fallback: PhraseMatcher, text: str) -> list[Any]:
    if matcher is not None:
        try:
            return list(matcher.match(text))
        except Exception as exc:  # noqa: BLE001 - never lose an enquiry to the classifier
            log.warning("text engine match failed (%s); using the phrase matcher", exc)
    return fallback.match(text)


@dataclass
class PracticeAreas:
    """The loaded file: the topic matcher plus each area's team and least urgency."""

    topics: PhraseMatcher
    urgency: PhraseMatcher
    engine_topics: Any = None  # the text engine's Taxonomy, when it loads
    engine_urgency: Any = None
    teams: dict[str, str] = field(default_factory=dict)
    base_urgency: dict[str, str] = field(default_factory=dict)
    name: str = "practice_areas"

    @property
    def ids(self) -> list[str]:
        return self.topics.ids

    def label(self, area_id: str) -> str | None:
        return self.topics.labels.get(area_id)

    def match_topics(self, text: str) -> list[Any]:
        return _match(self.engine_topics, self.topics, text)

    def match_urgency(self, text: str) -> list[Any]:
        return _match(self.engine_urgency, self.urgency, text)


@dataclass
class Classification:
    topic: str
    topic_label: str
    score: float
    urgency: str
    evidence: list[dict[str, Any]]
    alternatives: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"topic": self.topic, "topic_label": self.topic_label, "score": self.score,
                "urgency": self.urgency, "evidence": self.evidence,
                "alternatives": self.alternatives}


def parse_practice_areas(data: dict[str, Any], name: str = "practice_areas") -> PracticeAreas:
    cats = data.get("categories")
    if not isinstance(cats, dict) or not cats:
        raise TaxonomyError("the practice-areas file needs [categories.<id>] tables")
    teams, base = {}, {}
    for cid, raw in cats.items():
        if not isinstance(raw, dict):
            raise TaxonomyError(f"practice area {cid!r} must be a table")
        if raw.get("team"):
            teams[cid] = str(raw["team"])
        level = raw.get("urgency")
        if level is not None:
            if level not in LEVELS:
                raise TaxonomyError(f"practice area {cid!r}: urgency must be one of "
                                    f"{', '.join(LEVELS)}")
            base[cid] = level
    urgency_raw = data.get("urgency") or {}
    unknown = set(urgency_raw) - set(LEVELS)
    if unknown:
        raise TaxonomyError(f"[urgency.{sorted(unknown)[0]}]: levels are {', '.join(LEVELS)}")
    for cid, raw in cats.items():
        for key in ("phrases", "keywords", "examples"):
            value = raw.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise TaxonomyError(f"practice area {cid!r}: {key} must be a list of strings")
    return PracticeAreas(
        PhraseMatcher(cats), PhraseMatcher(urgency_raw),
        _engine_taxonomy(cats, name), _engine_taxonomy(urgency_raw, name) if urgency_raw
        else None, teams, base, name)


def resolve_path(setting: str | None) -> Path:
    """``"law"``, ``"generic"`` (or empty: generic) name a built-in file; else a path."""
    value = (setting or "generic").strip()
    return BUILTIN.get(value, Path(value))


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float) -> PracticeAreas:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise TaxonomyError(f"practice-areas file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"practice-areas file {path} is not valid TOML: {exc}") from exc
    return parse_practice_areas(data, Path(path).stem)


def load_practice_areas(setting: str | None = None) -> PracticeAreas:
    """Load (and cache until the file changes) the practice areas named by `setting`."""
    path = resolve_path(setting)
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise TaxonomyError(f"practice-areas file not found: {path}") from exc
    return _load_cached(str(path), mtime)


def areas_for(settings: Any) -> PracticeAreas:
    return load_practice_areas(getattr(settings, "intake_practice_areas_file", ""))


def _urgency(text: str, areas: PracticeAreas, topic: str) -> tuple[str, list[dict[str, Any]]]:
    level = areas.base_urgency.get(topic, "normal")
    evidence: list[dict[str, Any]] = []
    matched = {m.category: m for m in areas.match_urgency(text)}
    for candidate in ("urgent", "high"):
        if candidate in matched:
            if LEVELS.index(candidate) > LEVELS.index(level):
                level = candidate
            evidence += [{"urgency": candidate, "text": h.text} for h in matched[candidate].hits]
            break
    if level == "normal" and "low" in matched:
        level = "low"
        evidence += [{"urgency": "low", "text": h.text} for h in matched["low"].hits]
    return level, evidence[:5]


def classify_enquiry(text: str, areas: PracticeAreas) -> Classification:
    """The best practice area (or "general") and the urgency, with the words that decided."""
    matches = areas.match_topics(text) if text.strip() else []
    if matches:
        best = matches[0]
        topic, label, score = best.category, best.label, best.score
        evidence = [{"topic": topic, "text": h.text, "kind": h.kind} for h in best.hits[:5]]
    else:
        topic, label, score, evidence = GENERAL[0], GENERAL[1], 0.0, []
    level, urgent_evidence = _urgency(text, areas, topic)
    others = [{"topic": m.category, "label": m.label, "score": m.score} for m in matches[1:4]]
    return Classification(topic, label, score, level, evidence + urgent_evidence, others)
