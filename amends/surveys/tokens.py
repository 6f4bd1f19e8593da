"""Signed link tokens: compact, URL-safe, tamper-evident.

A token is ``<fields>.<mac>``: the fields are base-36 numbers and short codes joined by
``-``, the MAC is the first 16 bytes of HMAC-SHA256 over the purpose and the fields, in
URL-safe base64. Each purpose (answer links, opt-out links, staff snippets) has its own key
derived from ``settings.secret_key``, so a token made for one purpose is worthless for
another. The answer token names the invitation *and* its survey and customer, so it can't
answer another invitation, even one of the same customer. Comparison is constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass

MAC_BYTES = 16
_FIELD = re.compile(r"^[0-9a-z_]{1,16}$")


class BadTokenError(Exception):
    """Any token that does not verify; the message is for logs, never for the page."""


def purpose_key(secret_key: str, purpose: str) -> bytes:
    return hmac.new(secret_key.encode(), f"amends.survey.{purpose}.v1".encode(),
                    hashlib.sha256).digest()


def _b36(n: int) -> str:
    if n < 0:
        raise ValueError("negative numbers are not encoded")
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


def _mac(key: bytes, body: str) -> str:
    digest = hmac.new(key, body.encode(), hashlib.sha256).digest()[:MAC_BYTES]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign(secret_key: str, purpose: str, fields: list[int | str]) -> str:
    parts = [_b36(f) if isinstance(f, int) else f for f in fields]
    for part in parts:
        if not _FIELD.match(part):
            raise ValueError(f"token field {part!r} is not a short lower-case code")
    body = "-".join(parts)
    return f"{body}.{_mac(purpose_key(secret_key, purpose), body)}"


def verify(secret_key: str, purpose: str, token: str, n_fields: int) -> list[str]:
    """The token's fields (as strings) if its MAC is right; raises BadTokenError otherwise."""
    if not token or len(token) > 200 or token.count(".") != 1:
        raise BadTokenError("malformed")
    body, mac = token.split(".")
    expected = _mac(purpose_key(secret_key, purpose), body)
    if not hmac.compare_digest(expected.encode(), mac.encode()):
        raise BadTokenError("bad signature")
    parts = body.split("-")
    if len(parts) != n_fields:
        raise BadTokenError("wrong shape")
    return parts


def num(part: str) -> int:
    try:
        return int(part, 36)
    except ValueError:
        raise BadTokenError("not a number") from None


@dataclass(frozen=True)
class AnswerToken:
    invitation_id: int
    survey_id: int
    customer_id: int
    option: str
    expires: int  # unix seconds


def answer_token(secret_key: str, t: AnswerToken) -> str:
    return sign(secret_key, "answer", [t.invitation_id, t.survey_id, t.customer_id, t.option,
                                       t.expires])


def read_answer_token(secret_key: str, token: str) -> AnswerToken:
    p = verify(secret_key, "answer", token, 5)
    return AnswerToken(num(p[0]), num(p[1]), num(p[2]), p[3], num(p[4]))


def optout_token(secret_key: str, customer_id: int, invitation_id: int) -> str:
    # No expiry: an opt-out link must keep working as long as the email exists.
    return sign(secret_key, "optout", [customer_id, invitation_id])


def read_optout_token(secret_key: str, token: str) -> tuple[int, int]:
    p = verify(secret_key, "optout", token, 2)
    return num(p[0]), num(p[1])


def staff_token(secret_key: str, survey_id: int, staff_id: int) -> str:
    """Names the staff member in a pasted snippet; the customer there is unverified."""
    return sign(secret_key, "snippet", [survey_id, staff_id])


def read_staff_token(secret_key: str, token: str) -> tuple[int, int]:
    p = verify(secret_key, "snippet", token, 2)
    return num(p[0]), num(p[1])
