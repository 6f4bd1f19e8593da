"""The invitation email (HTML that works without JavaScript or images, plus plain text)
and the template environment of the public pages. Every customer-supplied value is
escaped by Jinja's autoescape."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from amends.surveys.options import SCALES, label_for, options_for
from amends.surveys.strings import ENGLISH, strings_for_language

TEMPLATES = Path(__file__).resolve().parent.parent / "web" / "templates" / "survey"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

DEFAULT_STRINGS = ENGLISH


def strings_for(survey: Any) -> dict[str, str]:
    return strings_for_language(survey.language, survey.strings)


def fill(template: str, **values: Any) -> str:
    """``str.format`` that leaves unknown placeholders alone (strings are user-edited)."""
    class Safe(dict[str, Any]):
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    try:
        return template.format_map(Safe(values))
    except (ValueError, IndexError):
        return template


def safe_colour(value: str | None) -> str:
    return value if value and _COLOUR.match(value) else "#2f6f4f"


def text_on(colour: str) -> str:
    """Black or white text, whichever reads better on `colour` (WCAG-style luminance)."""
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#000000" if lum > 0.179 else "#ffffff"


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)),
                       autoescape=select_autoescape(enabled_extensions=("html",),
                                                 default_for_string=True))


def brand(survey: Any) -> dict[str, Any]:
    colour = safe_colour(survey.brand_colour)
    logo = survey.logo_url if survey.logo_url and survey.logo_url.startswith("https://") else None
    return {"name": survey.brand_name or survey.name, "colour": colour,
            "on_colour": text_on(colour), "logo": logo}


def option_rows(survey: Any, urls: dict[str, str]) -> list[dict[str, Any]]:
    strings = strings_for(survey)
    return [{"code": o.code, "label": label_for(survey.kind, o.code, strings),
             "colour": safe_colour(o.colour) if o.colour else None, "url": urls[o.code]}
            for o in options_for(survey.kind)]


@dataclass(frozen=True)
class Email:
    subject: str
    text: str
    html: str
    headers: dict[str, str]


def render_invitation(survey: Any, customer_name: str, urls: dict[str, str],
                      unsubscribe_url: str, unsubscribe_mailto: str = "") -> Email:
    """The email for one invitation; `urls` maps each option code to its signed link."""
    s = strings_for(survey)
    b = brand(survey)
    rows = option_rows(survey, urls)
    ends = (s[f"low.{survey.kind}"], s[f"high.{survey.kind}"]) if survey.kind in SCALES else None
    subject = fill(s["subject"], brand=b["name"], question=survey.question)
    greeting = fill(s["greeting"], name=customer_name or "there")
    context = {"survey": survey, "s": s, "brand": b, "options": rows, "ends": ends,
               "greeting": greeting, "unsubscribe_url": unsubscribe_url,
               "numeric": survey.kind in ("csat", "nps", "ces")}
    html = environment().get_template("email.html").render(**context)
    text = environment().get_template("email.txt").render(**context)
    targets = [f"<{unsubscribe_url}>"]
    if unsubscribe_mailto:
        targets.append(f"<mailto:{unsubscribe_mailto}?subject=unsubscribe>")
    headers = {"List-Unsubscribe": ", ".join(targets),
               "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
               "Auto-Submitted": "auto-generated"}
    return Email(subject=subject, text=text, html=html, headers=headers)
