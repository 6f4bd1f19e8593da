"""Where enquiries come from: payload shapes and parsers, all producing one `Enquiry`.

Sources: the JSON API (`EnquiryIn`), the public web form (`form_enquiry`), forwarded
email (`EmailWebhookIn`, or a raw RFC 822 message from IMAP via `parse_rfc822`) and phone
events from a telephony provider (`PhoneWebhookIn`: a missed call or a voicemail with its
transcript). Each parser validates and names the bad field; none touches the database.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parseaddr, parsedate_to_datetime
from typing import Any, Literal

from pydantic import AwareDatetime, ConfigDict, Field, field_validator, model_validator

from amends.ingest.schemas import EmailStr, Storable, _check_email, _check_when
from amends.timeutil import require_aware

Source = Literal["api", "form", "email", "phone"]
Urgency = Literal["low", "normal", "high", "urgent"]
MAX_MESSAGE = 20_000


@dataclass
class Enquiry:
    """One enquiry, whatever channel it came through (the input of `do_capture_lead`)."""

    source: str
    received_at: datetime
    external_id: str | None = None
    name: str = ""
    email: str | None = None
    phone: str | None = None
    subject: str | None = None
    message: str = ""
    practice_area: str | None = None
    urgency: str | None = None
    form_id: int | None = None
    event: str = "enquiry"  # enquiry | missed_call | voicemail
    meta: dict[str, Any] = field(default_factory=dict)

    def content_key(self) -> str:
        """A stable id for an enquiry sent without one, so a blind retry is harmless.

        The day, not the time, is part of it: a retry minutes later (with a later receipt
        time) is the same enquiry; the same words on another day are a new one.
        """
        parts = [self.source, self.email or "", self.phone or "", self.subject or "",
                 self.message, self.received_at.date().isoformat()]
        return "auto:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def email_key(value: str | None) -> str | None:
    return value.strip().lower() if value else None


def phone_key(value: str | None) -> str | None:
    """Digits only, last 10: "+1 (555) 010-2000" and "555-010-2000" are the same line."""
    if not value:
        return None
    digits = re.sub(r"\D", "", value)
    return digits[-10:] if len(digits) >= 7 else None


def _check_phone(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if not re.fullmatch(r"\+?[\d\s().\-/]{7,30}", value) or phone_key(value) is None:
        raise ValueError("is not a phone number (digits, spaces, + ( ) - allowed)")
    return value


class _Lenient(Storable):
    # Webhook senders add fields of their own; we read the documented ones and ignore the rest.
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, populate_by_name=True)


class EnquiryIn(Storable):
    """`POST /api/v1/leads`: an enquiry from your own systems."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(default="", max_length=200)
    email: EmailStr | None = None
    phone: str | None = Field(default=None, max_length=64)
    subject: str | None = Field(default=None, max_length=500)
    message: str = Field(default="", max_length=MAX_MESSAGE)
    source: Source = "api"
    external_id: str | None = Field(default=None, min_length=1, max_length=200)
    received_at: AwareDatetime | None = None
    practice_area: str | None = Field(default=None, max_length=64,
                                      description="overrides the automatic topic")
    urgency: Urgency | None = Field(default=None, description="overrides the automatic urgency")
    metadata: dict[str, Any] = Field(default_factory=dict)

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        return _check_phone(value)

    @field_validator("received_at")
    @classmethod
    def _when(cls, value: datetime | None) -> datetime | None:
        return _check_when(value) if value is not None else None

    @model_validator(mode="after")
    def _reachable(self) -> EnquiryIn:
        if not self.email and not self.phone:
            raise ValueError("an enquiry needs an email or a phone number to answer")
        if not self.message and not self.phone:
            raise ValueError("an enquiry by email needs a message")
        return self

    def to_enquiry(self, now: datetime) -> Enquiry:
        return Enquiry(source=self.source, received_at=self.received_at or now,
                       external_id=self.external_id, name=self.name, email=self.email,
                       phone=self.phone, subject=self.subject, message=self.message,
                       practice_area=self.practice_area, urgency=self.urgency,
                       meta=dict(self.metadata))


class EmailWebhookIn(_Lenient):
    """`POST /api/v1/intake/email`: one forwarded email (most inbound-mail services can post
    this shape; extra fields are ignored)."""

    from_: str = Field(alias="from", min_length=3, max_length=500,
                       description='sender, e.g. "Jane Doe <jane@example.com>"')
    to: str | None = Field(default=None, max_length=2000)
    subject: str | None = Field(default=None, max_length=500)
    text: str | None = Field(default=None, max_length=MAX_MESSAGE)
    html: str | None = Field(default=None, max_length=5 * MAX_MESSAGE)
    message_id: str | None = Field(default=None, max_length=200,
                                   description="the Message-ID header; makes re-posts harmless")
    received_at: AwareDatetime | None = None

    @field_validator("received_at")
    @classmethod
    def _when(cls, value: datetime | None) -> datetime | None:
        return _check_when(value) if value is not None else None

    @model_validator(mode="after")
    def _has_body(self) -> EmailWebhookIn:
        if not (self.text or "").strip() and not (self.html or "").strip():
            raise ValueError("the email has no text or html body")
        return self

    def to_enquiry(self, now: datetime) -> Enquiry:
        name, address = parseaddr(self.from_)
        try:
            address = _check_email(address)
        except ValueError:
            raise ValueError(f"from: no valid email address in {self.from_!r}") from None
        body = (self.text or "").strip() or html_to_text(self.html or "")
        return Enquiry(source="email", received_at=self.received_at or now,
                       external_id=self.message_id, name=name, email=address,
                       subject=self.subject, message=strip_quoted(body)[:MAX_MESSAGE],
                       meta={"to": self.to} if self.to else {})


class PhoneWebhookIn(_Lenient):
    """`POST /api/v1/intake/phone`: a missed call or a voicemail from a telephony provider.

    A voicemail for a call already reported as missed (same `call_id`) adds the transcript
    to that enquiry instead of creating a second one.
    """

    event: Literal["missed_call", "voicemail"]
    call_id: str = Field(min_length=1, max_length=200)
    from_: str = Field(alias="from", description="the caller's number, e.g. +15550102000")
    to: str | None = Field(default=None, max_length=64)
    caller_name: str | None = Field(default=None, max_length=200)
    occurred_at: AwareDatetime
    duration_seconds: float | None = Field(default=None, ge=0, le=86_400)
    transcript: str | None = Field(default=None, max_length=MAX_MESSAGE)
    recording_url: str | None = Field(default=None, max_length=2000)

    @field_validator("from_")
    @classmethod
    def _caller(cls, value: str) -> str:
        checked = _check_phone(value)
        if checked is None:
            raise ValueError("the caller's number is required")
        return checked

    @field_validator("occurred_at")
    @classmethod
    def _when(cls, value: datetime) -> datetime:
        return _check_when(value)

    def to_enquiry(self, now: datetime) -> Enquiry:
        meta: dict[str, Any] = {"call_id": self.call_id}
        for key in ("to", "duration_seconds", "recording_url"):
            if getattr(self, key) is not None:
                meta[key] = getattr(self, key)
        text = (self.transcript or "").strip()
        if not text:
            text = "Missed call" if self.event == "missed_call" else "Voicemail (no transcript)"
        return Enquiry(source="phone", received_at=self.occurred_at, external_id=self.call_id,
                       name=self.caller_name or "", phone=self.from_, message=text,
                       event=self.event, meta=meta)


class FormIn(Storable):
    """The visible fields of the public enquiry form."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    email: EmailStr | None = None
    phone: str | None = Field(default=None, max_length=64)
    message: str = Field(min_length=1, max_length=MAX_MESSAGE)

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        return _check_phone(value)

    @field_validator("email", mode="before")
    @classmethod
    def _blank_email(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _reachable(self) -> FormIn:
        if not self.email and not self.phone:
            raise ValueError("please give an email address or a phone number so we can reply")
        return self

    def to_enquiry(self, now: datetime, form_id: int, token: str) -> Enquiry:
        enquiry = Enquiry(source="form", received_at=now, name=self.name, email=self.email,
                          phone=self.phone, message=self.message, form_id=form_id)
        # The signed token is unique per page load: a double-clicked submit is one lead.
        enquiry.external_id = "form:" + hashlib.sha256(
            f"{form_id}\x1f{token}\x1f{self.email}\x1f{self.message}".encode()).hexdigest()[:40]
        return enquiry


def html_to_text(markup: str) -> str:
    """Crude but safe: drop scripts/styles and tags, unescape entities, tidy whitespace."""
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
    markup = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", markup)
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return re.sub(r"[ \t]+", " ", re.sub(r"\n\s*\n+", "\n\n", text)).strip()


def strip_quoted(text: str) -> str:
    """Drop a reply's quoted history, signature and disclaimer (``own_words``)."""
    from amends.analyse.text.own_words import strip_own_words

    return strip_own_words(text)


def parse_rfc822(raw: bytes) -> EmailWebhookIn:
    """Turn a raw message (as IMAP returns it) into the email webhook shape."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    text_part = msg.get_body(preferencelist=("plain",))
    html_part = msg.get_body(preferencelist=("html",))
    received: datetime | None = None
    if msg["Date"]:
        try:
            received = require_aware(parsedate_to_datetime(str(msg["Date"])))
        except (TypeError, ValueError):
            received = None
    return EmailWebhookIn.model_validate({
        "from": str(msg["From"] or ""), "to": str(msg["To"] or "") or None,
        "subject": str(msg["Subject"] or "") or None,
        "text": text_part.get_content() if text_part is not None else None,
        "html": html_part.get_content() if html_part is not None else None,
        "message_id": (str(msg["Message-ID"]).strip()[:200] or None) if msg["Message-ID"]
        else None,
        "received_at": received})
