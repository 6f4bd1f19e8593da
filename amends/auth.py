"""Credentials: API keys (hashed with SHA-256) and staff passwords (Argon2)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from amends.errors import Forbidden, Unauthorized, ValidationFailed
from amends.models import ApiKey
from amends.models.staff import SCOPES
from amends.timeutil import utcnow

_hasher = PasswordHasher()
KEY_PREFIX = "amk_"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _digest(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def do_create_api_key(session: Session, name: str, scopes: list[str],
                      created_by_id: int | None = None) -> tuple[ApiKey, str]:
    """Create a key; the raw key is returned once and never stored."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ValidationFailed(f"scopes must be a non-empty subset of {', '.join(SCOPES)}"
                               + (f"; unknown: {', '.join(unknown)}" if unknown else ""))
    prefix = secrets.token_hex(4)
    raw = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey(name=name, prefix=prefix, key_hash=_digest(raw),
                 scopes=",".join(sorted(set(scopes))), created_by_id=created_by_id)
    session.add(key)
    session.flush()
    return key, raw


def authenticate_api_key(session: Session, raw_key: str | None, scope: str) -> ApiKey:
    """Return the key if it is valid and has `scope` (admin implies every scope)."""
    if not raw_key:
        raise Unauthorized("missing API key: send it as 'Authorization: Bearer <key>'")
    parts = raw_key.removeprefix(KEY_PREFIX).split("_", 1)
    if not raw_key.startswith(KEY_PREFIX) or len(parts) != 2:
        raise Unauthorized("invalid API key")
    digest = _digest(raw_key)
    candidates = session.scalars(select(ApiKey).where(ApiKey.prefix == parts[0])).all()
    key = next((k for k in candidates if hmac.compare_digest(k.key_hash, digest)), None)
    if key is None or key.revoked_at is not None:
        raise Unauthorized("invalid API key")
    if scope not in key.scope_set and "admin" not in key.scope_set:
        raise Forbidden(f"this API key lacks the '{scope}' scope")
    now = utcnow()
    # Touch last_used_at at most once a minute so reads do not turn into writes.
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
        key.last_used_at = now
    return key
