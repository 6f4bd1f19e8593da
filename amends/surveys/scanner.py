"""Telling a mail security scanner's click from the person's (see the package docstring).

`first_look` judges one click on arrival from its user agent and timing; `settle` judges
pending clicks once their window has passed, from the clicks around them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# Fragments of user agents seen from link scanners, previewers and HTTP libraries
# (lower case). A person's browser or mail app never sends these.
SCANNER_SIGNATURES = (
    "barracuda", "proofpoint", "mimecast", "symantec", "messagelabs", "forcepoint",
    "sophos", "trend micro", "trendmicro", "fortiguard", "fortinet", "ironport", "zscaler",
    "safelinks", "safe links", "urldefense", "check point", "checkpoint", "avanan",
    "ironscales", "abnormal", "palo alto", "paloalto", "area 1", "area1", "appriver",
    "hornetsecurity", "spamtitan", "bitdefender", "kaspersky", "eset", "mailcontrol",
    "googleimageproxy", "yahoomailproxy", "bingpreview", "slackbot", "facebookexternalhit",
    "twitterbot", "linkedinbot", "whatsapp", "skypeuripreview", "discordbot", "telegrambot",
    "headlesschrome", "phantomjs", "python-requests", "python-urllib", "aiohttp",
    "python-httpx", "curl/", "wget", "go-http-client", "java/", "okhttp", "libwww-perl",
    "apache-httpclient", "scrapy", "bot/", "crawler", "spider", "preview", "scanner",
)
# A non-browser agent this soon after delivery is a data-centre scanner, not a reader.
DELIVERY_GRACE = timedelta(seconds=120)


@dataclass(frozen=True)
class Verdict:
    verdict: str  # pending | scanner
    reason: str | None = None


def first_look(user_agent: str | None, clicked_at: datetime,
               delivered_at: datetime | None) -> Verdict:
    ua = (user_agent or "").strip().lower()
    if not ua:
        return Verdict("scanner", "no user agent")
    for signature in SCANNER_SIGNATURES:
        if signature in ua:
            return Verdict("scanner", f"scanner user agent ({signature.strip('/')})")
    browser_like = ua.startswith("mozilla/") or "applewebkit" in ua
    if (not browser_like and delivered_at is not None
            and clicked_at - delivered_at <= DELIVERY_GRACE):
        return Verdict("scanner", "non-browser agent right after delivery")
    return Verdict("pending")


@dataclass(frozen=True)
class ClickView:
    id: int
    option: str
    clicked_at: datetime
    verdict: str


def settle(clicks: list[ClickView], now: datetime, window: timedelta) -> dict[int, str]:
    """New verdicts for pending clicks whose window has passed: ``counted`` or ``burst``.

    A click is part of a burst when any click (whatever its verdict) on a different option
    of the same invitation lies within `window` of it on either side.
    """
    decided: dict[int, str] = {}
    for click in clicks:
        if click.verdict != "pending" or click.clicked_at > now - window:
            continue
        near_other = any(o.option != click.option and abs(o.clicked_at - click.clicked_at)
                         <= window for o in clicks)
        decided[click.id] = "burst" if near_other else "counted"
    return decided
