"""Alert text and payloads for each channel (email, Slack-compatible, signed JSON webhook).

Customer text is untrusted: Slack's control characters (&, <, >) are escaped so a message
cannot forge links or mentions; the JSON webhook carries it as plain data.
"""

from __future__ import annotations

from typing import Any

from amends.timeutil import isoformat

HEADLINES = {
    "opened": "New recovery case",
    "escalated": "Case escalated to you",
    "sla_warning": "SLA deadline approaching",
    "sla_breach": "SLA breached",
    "priority_raised": "Case priority raised",
    "assigned": "Case assigned to you",
    "amends_approval": "Amends need your approval",
}


def slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def case_url(base_url: str, case_id: int) -> str:
    return f"{base_url.rstrip('/')}/app/cases/{case_id}"  # the dashboard's case page


def alert_text(kind: str, case: Any, customer_name: str, message: str) -> str:
    head = HEADLINES.get(kind, kind.replace("_", " ").capitalize())
    return (f"{head}: case #{case.id} ({case.priority.upper()}, severity {case.severity}) "
            f"for {customer_name}. {message}").strip()


def build_payload(channel: str, *, kind: str, case: Any, customer_name: str, message: str,
                  event_id: int, base_url: str) -> dict[str, Any]:
    url = case_url(base_url, case.id)
    text = alert_text(kind, case, customer_name, message)
    if channel == "slack":
        return {"text": f"{slack_escape(text)} <{url}|Open case>"}
    if channel == "email":
        return {"subject": f"[Amends {case.priority.upper()}] {HEADLINES.get(kind, kind)}: "
                           f"{customer_name}"[:250],
                "text": f"{text}\n\nOpen the case: {url}\n"}
    return {"event": f"case.{kind}", "event_id": event_id, "text": text, "url": url,
            "case": {"id": case.id, "customer_id": case.customer_id, "status": case.status,
                     "priority": case.priority, "severity": case.severity,
                     "trigger": case.trigger, "issues": list(case.issues or []),
                     "owner_id": case.owner_id, "opened_at": isoformat(case.opened_at),
                     "first_response_due": isoformat(case.first_response_due),
                     "resolution_due": isoformat(case.resolution_due)}}


def digest_payload(channel: str, staff_name: str, lines: list[str], day: str) -> dict[str, Any]:
    title = f"Amends daily digest for {staff_name}, {day}: {len(lines)} alerts"
    if channel == "slack":
        return {"text": slack_escape(title + "\n" + "\n".join(f"- {x}" for x in lines))}
    if channel == "email":
        return {"subject": title, "text": "\n".join(f"- {x}" for x in lines) + "\n"}
    return {"event": "case.digest", "day": day, "staff": staff_name, "alerts": lines}
