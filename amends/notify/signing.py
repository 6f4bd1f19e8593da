"""HMAC signatures for outbound webhooks, timestamped so a receiver can refuse replays.

Headers sent: ``X-Amends-Timestamp`` (Unix seconds), ``X-Amends-Signature``
(``v1=<hex HMAC-SHA256 of "<timestamp>.<body>">``) and ``X-Amends-Delivery`` (the outbox
message id: a receiver that sees an id twice can drop the repeat).
"""

from __future__ import annotations

import hashlib
import hmac
import time


def webhook_secret(settings: object) -> bytes:
    explicit = getattr(settings, "webhook_secret", "")
    base = explicit or "webhook:" + str(getattr(settings, "secret_key", ""))
    return hashlib.sha256(base.encode()).digest() if not explicit else explicit.encode()


def sign(secret: bytes, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    mac = hmac.new(secret, ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {"X-Amends-Timestamp": ts, "X-Amends-Signature": f"v1={mac}"}


def verify(secret: bytes, body: bytes, timestamp: str, signature: str, *,
           tolerance_seconds: int = 300, now: float | None = None) -> bool:
    """What a receiver does: check the signature and refuse stale (replayed) requests."""
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs((now if now is not None else time.time()) - ts) > tolerance_seconds:
        return False
    expected = sign(secret, body, ts)["X-Amends-Signature"]
    return hmac.compare_digest(expected, signature)
