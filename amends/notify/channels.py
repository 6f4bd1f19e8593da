"""The outbound channels, one function each, behind one registry.

Each sender takes (message, settings) and raises DeliveryError on failure.
"""

from __future__ import annotations

import json
import smtplib
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from amends.models.outbox import OutboxMessage
from amends.notify.http import DeliveryError, post_json
from amends.notify.signing import sign, webhook_secret

Sender = Callable[[OutboxMessage, Any], None]


def build_email(message: OutboxMessage, settings: Any) -> EmailMessage:
    payload = message.payload
    mail = EmailMessage()
    mail["From"] = payload.get("from") or settings.mail_from
    mail["To"] = message.recipient
    mail["Subject"] = payload.get("subject", "")
    mail["Date"] = formatdate(localtime=False)
    domain = settings.mail_from.rsplit("@", 1)[-1].strip("> ") or "amends.local"
    # A stable Message-ID per outbox message lets mail systems drop a repeat delivery.
    mail["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}", domain=domain)
    if payload.get("reply_to"):
        mail["Reply-To"] = payload["reply_to"]
    for name, value in (payload.get("headers") or {}).items():
        mail[name] = value
    mail.set_content(payload.get("text", ""))
    if payload.get("html"):
        mail.add_alternative(payload["html"], subtype="html")
    return mail


def send_email(message: OutboxMessage, settings: Any) -> None:
    if not settings.smtp_host:
        raise DeliveryError("no SMTP server configured (AMENDS_SMTP_HOST)")
    mail = build_email(message, settings)
    try:
        if settings.smtp_security == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port,
                                                  timeout=20,
                                                  context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=20)
        with smtp:
            if settings.smtp_security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(mail)
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"recipient refused: {exc.recipients}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"SMTP {settings.smtp_host}:{settings.smtp_port}: "
                            f"{type(exc).__name__}: {exc}") from exc


def _signed_post(url: str, body_obj: Any, message: OutboxMessage, settings: Any) -> None:
    body = json.dumps(body_obj, separators=(",", ":"), default=str).encode()
    headers = sign(webhook_secret(settings), body)
    headers["X-Amends-Delivery"] = str(message.id)
    post_json(url, body, headers)


def send_slack(message: OutboxMessage, settings: Any) -> None:
    body = {"text": message.payload.get("text", "")}
    if message.payload.get("blocks"):
        body["blocks"] = message.payload["blocks"]
    post_json(message.recipient, json.dumps(body).encode(),
              {"X-Amends-Delivery": str(message.id)})


def send_webhook(message: OutboxMessage, settings: Any) -> None:
    _signed_post(message.recipient, message.payload, message, settings)


def send_sms_webhook(message: OutboxMessage, settings: Any) -> None:
    url = getattr(settings, "sms_webhook_url", "")
    if not url:
        raise DeliveryError("no SMS webhook configured (AMENDS_SMS_WEBHOOK_URL)")
    _signed_post(url, {"to": message.recipient, "text": message.payload.get("text", "")},
                 message, settings)


SENDERS: dict[str, Sender] = {
    "email": send_email,
    "slack": send_slack,
    "webhook": send_webhook,
    "sms_webhook": send_sms_webhook,
}
