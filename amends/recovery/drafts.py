"""Message drafts from templates, and the tone check that flags a poor draft.

Templates use `string.Template` placeholders, so customer-supplied text (a name, an issue)
is inserted as data and can never expand into other placeholders or code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template
from typing import Any

TEMPLATES_FILE = Path(__file__).with_name("templates.toml")
# Drafts that must carry empathy (or an apology) to be sent without a warning.
NEEDS_EMPATHY = ("acknowledgement", "apology", "resolution")
ISSUE_PHRASES = {
    "delay": "the delay", "no_response": "not hearing back from us",
    "staff_attitude": "how you were treated", "billing": "the problem with your bill",
    "refund_return": "your refund", "product_quality": "the quality of what you received",
    "delivery_problem": "the problem with your delivery",
    "cancellation": "your cancellation", "technical": "the technical problem",
    "booking_ordering": "the problem with your order", "communication": "the confusion",
    "price_value": "the price", "policy": "our policy",
}


@dataclass(frozen=True)
class Draft:
    kind: str
    subject: str
    body: str


@lru_cache(maxsize=2)
def load_templates(path: str = str(TEMPLATES_FILE)) -> dict[str, Any]:
    return tomllib.loads(Path(path).read_text(encoding="utf-8"))


def describe_issues(issues: list[str], fallback: str = "your recent experience") -> str:
    phrases = [ISSUE_PHRASES.get(i, i.replace("_", " ")) for i in issues[:2]]
    return " and ".join(phrases) if phrases else fallback


def render_draft(kind: str, values: dict[str, str], persona: str | None = None) -> Draft:
    templates = load_templates()
    if kind not in templates:
        raise KeyError(kind)
    chosen = templates[kind]
    if persona and isinstance(chosen.get(persona), dict):
        chosen = chosen[persona]
    return Draft(kind, Template(chosen["subject"]).safe_substitute(values),
                 Template(chosen["body"]).safe_substitute(values))


def _flag(tone: dict[str, Any], name: str) -> bool:
    """Read one tone finding whatever its shape: a bool, a score or {present, score}."""
    value = tone.get(name)
    if isinstance(value, dict):
        return bool(value.get("present", (value.get("score") or 0) >= 0.5))
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value >= 0.5
    return False


def _engine_tone(text: str) -> dict[str, Any] | None:
    """The text engine's staff-tone findings; None when the engine is not installed."""
    try:
        from amends.analyse.text import analyse_text
    except ImportError:
        return None
    tone = analyse_text(text, author="staff").to_dict().get("tone")
    return tone if isinstance(tone, dict) else {}


def check_tone(text: str, kind: str) -> dict[str, Any]:
    """Flags for a staff draft: lacks_empathy, blame_shifting, rude (and the raw tone)."""
    tone = _engine_tone(text)
    if tone is None:  # no engine: nothing can be flagged, and the answer says so
        return {"flags": [], "ok": True, "checked": False, "tone": {}}
    empathic = _flag(tone, "empathy") or _flag(tone, "apology")
    flags = []
    if kind in NEEDS_EMPATHY and not empathic:
        flags.append("lacks_empathy")
    if _flag(tone, "blame_shifting"):
        flags.append("blame_shifting")
    if _flag(tone, "rudeness"):
        flags.append("rude")
    return {"flags": flags, "ok": not flags, "checked": True,
            "tone": {k: _flag(tone, k) for k in ("empathy", "apology", "ownership",
                                                 "blame_shifting", "rudeness")}}
