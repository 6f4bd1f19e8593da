"""Opaque keyset cursors: stable under inserts, cheap on an (occurred_at, id) index."""

from __future__ import annotations

import base64
import json
from datetime import datetime

from amends.errors import ValidationFailed
from amends.timeutil import isoformat, parse_timestamp


def encode_cursor(when: datetime, row_id: int) -> str:
    raw = json.dumps([isoformat(when), row_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        when, row_id = json.loads(base64.urlsafe_b64decode(padded))
        if not isinstance(when, str) or not isinstance(row_id, int) or not 0 <= row_id < 2**63:
            raise ValueError("cursor has the wrong shape")
        return parse_timestamp(when), row_id
    except (ValueError, TypeError):
        raise ValidationFailed("cursor is not valid: pass the next_cursor of a previous page",
                               code="bad_cursor") from None
