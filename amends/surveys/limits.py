"""A small in-process rate limiter for the public survey pages.

Fixed one-minute windows per key (an IP, an invitation). It lives in each web process, so
with N processes the real limit is up to N times higher; that is enough to stop a script
hammering one server, and keeps the public pages free of extra database writes.
"""

from __future__ import annotations

import threading
import time


class RateLimiter:
    def __init__(self, max_keys: int = 50_000) -> None:
        self._hits: dict[str, tuple[int, int]] = {}  # key -> (minute, count)
        self._lock = threading.Lock()
        self._max_keys = max_keys

    def allow(self, key: str, per_minute: int, now: float | None = None) -> bool:
        minute = int((time.time() if now is None else now) // 60)
        with self._lock:
            if len(self._hits) > self._max_keys:  # drop old windows, keep memory bounded
                self._hits = {k: v for k, v in self._hits.items() if v[0] == minute}
            last_minute, count = self._hits.get(key, (minute, 0))
            if last_minute != minute:
                count = 0
            count += 1
            self._hits[key] = (minute, count)
            return count <= per_minute
