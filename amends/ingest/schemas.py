"""Payload schemas for everything that comes in through the API or a CSV file.

Validation happens per record, so one bad record in a batch never blocks the others.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from amends.errors import FieldError
from amends.models.interactions import ACTIVITY_KINDS

Channel = Literal["email", "chat", "phone", "ticket", "review", "social", "sms", "web_form",
                  "survey_comment", "other"]
Direction = Literal["inbound", "outbound", "internal"]
Author = Literal["customer", "staff", "system"]
Status = Literal["active", "churned", "prospect", "closed"]
DEFAULT_MAX_TEXT = 20_000
# Events more than a day in the future are clock or unit mistakes, not real events.
FUTURE_SLACK = timedelta(days=1)
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)


_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")


def _check_email(value: str) -> str:
    """A pragmatic address check: one @, a sane local part, a hostname-shaped domain."""
    value = value.strip()
    if len(value) > 320 or not _EMAIL.match(value):
        raise ValueError("is not a valid email address")
    local, domain = value.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


EmailStr = Annotated[str, AfterValidator(_check_email)]


def _storable_problem(value: Any) -> str | None:
    """Why a value cannot be stored faithfully on both databases (None when it can).

    PostgreSQL refuses NUL in text and JSON; a lone surrogate cannot be encoded as UTF-8;
    NaN and Infinity are not JSON. Found here, they are a 422 on the field, not a 500.
    """
    if isinstance(value, str):
        if "\x00" in value:
            return "contains a NUL character (\\u0000)"
        if not value.isascii():
            try:
                value.encode("utf-8")  # fails only on a lone surrogate; C speed, unlike a loop
            except UnicodeEncodeError:
                return "contains an unpaired surrogate (not valid Unicode)"
    elif isinstance(value, float) and not math.isfinite(value):
        return "contains a number that is not finite (NaN or Infinity)"
    elif isinstance(value, dict):
        for key, item in value.items():
            if problem := _storable_problem(key) or _storable_problem(item):
                return problem
    elif isinstance(value, list | tuple):
        for item in value:
            if problem := _storable_problem(item):
                return problem
    return None


# The public name for other edges (query and path parameters, other feature's bodies).
storable_problem = _storable_problem


class Storable(BaseModel):
    """A body model whose every field must be storable (see `storable_problem`): a NUL or a
    lone surrogate is a 422 naming the field, not a database error (a 500) on PostgreSQL."""

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        if problem := _storable_problem(value):
            raise ValueError(problem)
        return value


class Strict(Storable):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _check_when(value: datetime) -> datetime:
    value = value.astimezone(UTC)
    if value > datetime.now(UTC) + FUTURE_SLACK:
        raise ValueError("is more than a day in the future")
    if value < EARLIEST:
        raise ValueError("is before 1990")
    return value


class CustomerRef(Strict):
    """Who an event belongs to: an Amends id, or an external id and/or email.

    An unknown external id or email creates the customer, using the optional profile fields.
    """

    id: int | None = Field(default=None, ge=1)
    external_id: str | None = Field(default=None, min_length=1, max_length=200)
    email: EmailStr | None = None
    name: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=64)
    company: str | None = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _needs_a_key(self) -> CustomerRef:
        if self.id is None and self.external_id is None and self.email is None:
            raise ValueError("customer needs an id, external_id or email")
        return self


class CustomerIn(Strict):
    external_id: str | None = Field(default=None, min_length=1, max_length=200)
    email: EmailStr | None = None
    name: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=64)
    company: str | None = Field(default=None, max_length=200)
    segment: str | None = Field(default=None, max_length=64)
    value_per_year: float | None = Field(default=None, ge=0, le=1e12)
    owner_email: EmailStr | None = None
    attributes: dict[str, Any] | None = None
    survey_opt_out: bool | None = None
    status: Status | None = None

    @model_validator(mode="after")
    def _needs_a_key(self) -> CustomerIn:
        if self.external_id is None and self.email is None:
            raise ValueError("a customer needs an external_id or an email")
        return self


class InteractionIn(Strict):
    customer: CustomerRef
    channel: Channel
    text: str = Field(min_length=1)
    occurred_at: AwareDatetime
    source: str = Field(default="api", min_length=1, max_length=64)
    external_id: str | None = Field(default=None, min_length=1, max_length=200)
    direction: Direction = "inbound"
    author: Author = "customer"
    staff_email: EmailStr | None = None
    thread_id: str | None = Field(default=None, max_length=200)
    public: bool = False
    subject: str | None = Field(default=None, max_length=500)
    metadata: dict[str, Any] = Field(default_factory=dict)

    @field_validator("occurred_at")
    @classmethod
    def _when(cls, value: datetime) -> datetime:
        return _check_when(value)

    @field_validator("text")
    @classmethod
    def _text_size(cls, value: str, info: ValidationInfo) -> str:
        limit = (info.context or {}).get("max_text_chars", DEFAULT_MAX_TEXT)
        if len(value) > limit:
            raise ValueError(f"text is {len(value)} characters; the limit is {limit}")
        return value

    @model_validator(mode="after")
    def _staff_needs_staff_author(self) -> InteractionIn:
        if self.staff_email is not None and self.author != "staff":
            raise ValueError("staff_email is only allowed when author is 'staff'")
        return self


class ActivityIn(Strict):
    customer: CustomerRef
    kind: str = Field(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_.:-]*$",
                      description=f"one of {', '.join(ACTIVITY_KINDS)}, or a custom "
                                  "lower-case name")
    occurred_at: AwareDatetime
    amount: float | None = Field(default=None, ge=-1e12, le=1e12)
    source: str = Field(default="api", min_length=1, max_length=64)
    external_id: str | None = Field(default=None, min_length=1, max_length=200)
    metadata: dict[str, Any] = Field(default_factory=dict)

    @field_validator("occurred_at")
    @classmethod
    def _when(cls, value: datetime) -> datetime:
        return _check_when(value)


def field_errors(exc: ValidationError, prefix: str = "") -> list[FieldError]:
    """Turn pydantic's errors into our field errors with readable dotted paths."""
    out = []
    for err in exc.errors():
        path = ".".join(str(p) for p in err["loc"])
        full = f"{prefix}.{path}" if prefix and path else (prefix or path or "body")
        message = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown field"
        out.append(FieldError(full, message))
    return out
