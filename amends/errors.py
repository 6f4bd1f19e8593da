"""One error type with a code, rendered once (as JSON for the API, as a page for HTML).

The tree::

    AmendsError                      400  base: code, message, field details
    ├── ValidationFailed             422  a field or record is wrong (details name the field)
    ├── PayloadTooLarge              413  a text, batch or body over its limit
    ├── Unauthorized                 401  no credentials, or wrong ones
    ├── Forbidden                    403  credentials without the scope or role
    ├── NotFound                     404  no such object (or not visible to the caller)
    ├── Conflict                     409  the change clashes with the current state
    ├── RateLimited                  429  too many requests; retry later
    └── ConfigError                  (CLI only) settings that cannot be used

Every edge turns bad input into one of these; nothing else should reach a user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One problem with one field; `field` is a dotted path such as ``items.3.channel``."""

    field: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


@dataclass
class AmendsError(Exception):
    message: str
    code: str = "bad_request"
    fields: list[FieldError] = field(default_factory=list)
    status: int = 400

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.fields:
            body["fields"] = [f.to_dict() for f in self.fields]
        return {"error": body}


def _subclass(name: str, status: int, code: str) -> type[AmendsError]:
    def __init__(self: AmendsError, message: str, code: str = code,  # noqa: N807
                 fields: list[FieldError] | None = None) -> None:
        AmendsError.__init__(self, message, code, list(fields or []), status)

    return type(name, (AmendsError,), {"__init__": __init__})


ValidationFailed = _subclass("ValidationFailed", 422, "validation_error")
PayloadTooLarge = _subclass("PayloadTooLarge", 413, "too_large")
Unauthorized = _subclass("Unauthorized", 401, "unauthorized")
Forbidden = _subclass("Forbidden", 403, "forbidden")
NotFound = _subclass("NotFound", 404, "not_found")
Conflict = _subclass("Conflict", 409, "conflict")
RateLimited = _subclass("RateLimited", 429, "rate_limited")
ConfigError = _subclass("ConfigError", 500, "config_error")
