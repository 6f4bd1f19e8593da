"""All outbound HTTP goes through here: one client setup, one seam for tests."""

from __future__ import annotations

import threading
from typing import Any

import httpx

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
# Tests may set a transport (e.g. httpx.MockTransport); real deliveries use the network.
transport: httpx.BaseTransport | None = None
# One client per process: building one per post reloads the CA bundle (~20 ms of CPU).
_client: httpx.Client | None = None
_client_transport: httpx.BaseTransport | None = None
_lock = threading.Lock()


def client() -> httpx.Client:
    global _client, _client_transport
    with _lock:
        if _client is None or _client_transport is not transport:
            _client = httpx.Client(timeout=TIMEOUT, transport=transport)
            _client_transport = transport
        return _client


class DeliveryError(Exception):
    """A delivery that failed; `permanent` ones are not retried."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def post_json(url: str, body: bytes, headers: dict[str, str] | None = None) -> int:
    """POST a JSON body; raise DeliveryError unless the receiver answers 2xx."""
    all_headers = {"Content-Type": "application/json", "User-Agent": "Amends-Notify/1"}
    all_headers.update(headers or {})
    try:
        response = client().post(url, content=body, headers=all_headers)
    except httpx.HTTPError as exc:
        raise DeliveryError(f"could not reach {url}: {type(exc).__name__}: {exc}") from exc
    if 200 <= response.status_code < 300:
        return response.status_code
    # A receiver that refuses the request (4xx other than timeout/rate limit) will keep
    # refusing it: give up at once instead of retrying for hours.
    permanent = 400 <= response.status_code < 500 and response.status_code not in (408, 429)
    raise DeliveryError(f"{url} answered {response.status_code}: {response.text[:200]}",
                        permanent=permanent)


def describe(exc: Any) -> str:
    return f"{type(exc).__name__}: {exc}"
