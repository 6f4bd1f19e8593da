"""Optional: poll an IMAP mailbox and turn each unread message into a lead.

A message is marked read only after its lead is committed, so a crash between the two
re-reads it next time and the (source, Message-ID) key makes that harmless. A message
that cannot be read as an enquiry is marked read and counted as refused; it stays in
the mailbox for a person to see.
"""

from __future__ import annotations

import imaplib
import logging
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from amends.intake.capture import parse_rfc822
from amends.timeutil import utcnow

log = logging.getLogger("amends.intake.imap")


def connect(host: str, port: int, user: str, password: str, use_ssl: bool = True) -> Any:
    client = imaplib.IMAP4_SSL(host, port) if use_ssl else imaplib.IMAP4(host, port)
    client.login(user, password)
    return client


def poll_once(session_factory: Callable[[], Session], settings: Any, *, host: str = "",
              port: int = 993, user: str = "", password: str = "", folder: str = "INBOX",
              use_ssl: bool = True, client: Any = None) -> dict[str, int]:
    """Read unseen messages once; `client` may be an already connected IMAP4 object."""
    from amends.decide.intake import do_capture_lead

    own = client is None
    client = client or connect(host, port, user, password, use_ssl)
    counts = {"created": 0, "duplicates": 0, "refused": 0}
    try:
        client.select(folder)
        _, data = client.search(None, "UNSEEN")
        for num in (data[0] or b"").split():
            _, parts = client.fetch(num, "(BODY.PEEK[])")
            raw = next((p[1] for p in parts if isinstance(p, tuple)), b"")
            now = utcnow()
            try:
                enquiry = parse_rfc822(raw).to_enquiry(now)
            except (ValidationError, ValueError) as exc:
                log.warning("message %s is not an enquiry: %s", num, str(exc)[:300])
                counts["refused"] += 1
                client.store(num, "+FLAGS", "\\Seen")
                continue
            with session_factory() as session:
                _, created = do_capture_lead(session, enquiry, settings, now)
                session.commit()
            counts["created" if created else "duplicates"] += 1
            client.store(num, "+FLAGS", "\\Seen")
    finally:
        if own:
            client.logout()
    return counts
