"""The answer options of each survey kind: code (in the link), score, label, negativity.

Negative answers are marked ``bad_experience`` so the recovery rules can act on them:
thermometer's two low levels, CSAT <= 2, NPS <= 6, CES >= 5 (7 = very difficult), thumbs
down.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Option:
    code: str
    score: int
    label: str
    bad: bool
    colour: str = ""


def _scale(low: int, high: int, bad: Any) -> list[Option]:
    return [Option(str(n), n, str(n), bad(n)) for n in range(low, high + 1)]


KINDS: dict[str, list[Option]] = {
    # Four levels and no neutral one: people must lean one way. Button colours keep white
    # text at a contrast of 4.5:1 or more.
    "thermometer": [
        Option("delighted", 4, "Delighted", False, "#1e7b3a"),
        Option("satisfied", 3, "Satisfied", False, "#3d7a1a"),
        Option("unhappy", 2, "Unhappy", True, "#a85400"),
        Option("very_unhappy", 1, "Very unhappy", True, "#b52b1f"),
    ],
    "csat": _scale(1, 5, lambda n: n <= 2),
    "nps": _scale(0, 10, lambda n: n <= 6),
    "ces": _scale(1, 7, lambda n: n >= 5),
    "thumbs": [Option("up", 1, "Yes, good", False, "#1e7b3a"),
               Option("down", 0, "No, not good", True, "#b52b1f")],
}
# Kinds answered on a numeric scale (the ends are captioned with texts low.<kind>, high.<kind>).
SCALES = ("csat", "nps", "ces")


def options_for(kind: str) -> list[Option]:
    return KINDS[kind]


def find_option(kind: str, code: str) -> Option | None:
    for option in KINDS.get(kind, []):
        if option.code == code:
            return option
    return None


def label_for(kind: str, code: str, strings: dict[str, Any] | None = None) -> str:
    """The option's label in the survey's texts (``option.<code>`` overrides; the ends of a
    numeric scale carry their caption, e.g. ``5 (Very satisfied)``)."""
    strings = strings or {}
    custom = strings.get(f"option.{code}")
    if isinstance(custom, str) and custom:
        return custom
    option = find_option(kind, code)
    if option is None:
        return code
    if kind in SCALES:
        options = KINDS[kind]
        end = ("low" if code == options[0].code else "high" if code == options[-1].code
               else None)
        caption = strings.get(f"{end}.{kind}") if end else None
        return f"{code} ({caption})" if caption else code
    return option.label
