"""Spam checks for the public enquiry form, with no third-party service.

Four cheap signals, each with a message a real person can act on (their text is kept and
shown back to them, so a false alarm loses nothing):

- a honeypot field, hidden from people, that simple bots fill in;
- a signed page-load timestamp: a post faster than a person can type, or with a forged or
  stale stamp, is refused (a missing stamp, from a static copy of the form with scripts
  off, only adds to the content score);
- link and keyword heuristics on the message;
- a per-IP rate limit, counted in the database so every web process shares it (the IP
  is stored only as a keyed hash).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass, field
from datetime import datetime

HONEYPOT_FIELD = "hp_website"
TOKEN_FIELD = "form_ts"
DEFAULT_MIN_FILL_SECONDS = 3.0
TOKEN_MAX_AGE_SECONDS = 24 * 3600
SPAM_THRESHOLD = 3

_LINK = re.compile(r"(?i)\bhttps?://|\bwww\.|\[url[=\]]|<a\s+href")
_SPAM_WORDS = re.compile(
    r"(?i)\b(viagra|cialis|casino|porn|crypto ?currency|bitcoin investment|forex signals?|"
    r"seo services?|backlinks?|web traffic|rank (?:your|on) google|guest posts?|"
    r"loan offer|make money fast|work from home opportunity|click here|unsubscribe)\b")


@dataclass
class Verdict:
    """`ok` False means refused; `code` names why, `message` tells the sender what to do."""

    ok: bool = True
    code: str = ""
    message: str = ""
    score: int = 0
    reasons: list[str] = field(default_factory=list)


def _sign(secret: str, form_key: str, stamp: int) -> str:
    mac = hmac.new(secret.encode(), f"intake-form\x1f{form_key}\x1f{stamp}".encode(),
                   hashlib.sha256)
    return mac.hexdigest()[:32]


def issue_token(secret: str, form_key: str, now: datetime) -> str:
    """A page-load stamp bound to this form: ``<unix seconds>.<signature>``."""
    stamp = int(now.timestamp())
    return f"{stamp}.{_sign(secret, form_key, stamp)}"


def check_token(secret: str, form_key: str, token: str, now: datetime,
                min_seconds: float = DEFAULT_MIN_FILL_SECONDS) -> Verdict:
    stamp_text, _, signature = token.partition(".")
    # isdigit alone admits '²', which int() refuses: only ASCII digits are a stamp.
    if not (stamp_text.isascii() and stamp_text.isdigit()) or not hmac.compare_digest(
            signature, _sign(secret, form_key, int(stamp_text))):
        return Verdict(False, "form_tampered", "This form was altered or copied from another "
                       "page. It has been refreshed: please send it again.")
    age = now.timestamp() - int(stamp_text)
    if age > TOKEN_MAX_AGE_SECONDS:
        return Verdict(False, "form_expired", "This form was open for more than a day. It has "
                       "been refreshed: please send it again (your text is kept).")
    if age < min_seconds:
        return Verdict(False, "too_fast", "The form was sent a moment after the page opened, "
                       "which automated senders do. Please wait a few seconds and send again.")
    return Verdict()


def content_score(*texts: str) -> tuple[int, list[str]]:
    """Points for spam-like content, with the reasons (shown to the sender if refused)."""
    joined = "\n".join(t for t in texts if t)
    score, reasons = 0, []
    links = len(_LINK.findall(joined))
    if links > 2:
        score += links
        reasons.append(f"{links} links")
    elif links:
        score += 1
    words = sorted({m.group(0).lower() for m in _SPAM_WORDS.finditer(joined)})
    if words:
        score += 2 * len(words)
        reasons.append("words often used in spam: " + ", ".join(words[:3]))
    if re.search(r"(?i)\[url[=\]]", joined):
        score += 3
        reasons.append("forum link markup")
    return score, reasons


def assess(values: dict[str, str], *, secret: str, form_key: str, now: datetime,
           min_seconds: float = DEFAULT_MIN_FILL_SECONDS) -> Verdict:
    """Judge one form post (`values`: every posted field, including hidden ones)."""
    if values.get(HONEYPOT_FIELD, "").strip():
        return Verdict(False, "spam_honeypot", "This looks like an automated submission (a field "
                       "hidden from people was filled in). If you are a person, please reload "
                       "the page and send again, or contact us directly.")
    token = values.get(TOKEN_FIELD, "").strip()
    extra = 0
    if token:
        verdict = check_token(secret, form_key, token, now, min_seconds)
        if not verdict.ok:
            return verdict
    else:
        extra = 1  # a static copy of the form with scripts off: allowed, but less trusted
    score, reasons = content_score(values.get("name", ""), values.get("message", ""))
    score += extra
    if score >= SPAM_THRESHOLD and reasons:
        return Verdict(False, "spam_content", "Our spam filter stopped this message ("
                       + "; ".join(reasons) + "). Please remove links or those words and send "
                       "again.", score, reasons)
    return Verdict(score=score, reasons=reasons)


def ip_key(secret: str, ip: str) -> str:
    return hmac.new(secret.encode(), f"intake-ip\x1f{ip}".encode(), hashlib.sha256).hexdigest()
